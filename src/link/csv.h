/* csv.h: reading CSV (RFC 4180) strictly, for `roundtable link`.
 *
 * Comma-separated, records ending in LF or CRLF, fields optionally in
 * double quotes with "" for a quote inside. Anything else is an error
 * that names its line and column: a quote inside an unquoted field, text
 * after a closing quote, a quote never closed, a NUL byte, text that is
 * not UTF-8. The reader works over a buffer the caller keeps. */
#ifndef RT_LINK_CSV_H
#define RT_LINK_CSV_H

#include <stddef.h>
#include <stdio.h>
#include "../core/status.h"

typedef struct rt_csv {
    const char *p, *end;
    size_t line, col;        /* where reading is (1-based) */
    size_t err_line, err_col;
    const char *error;       /* static description of the last error */
    char **field;            /* the current record's fields; owned */
    size_t *field_col;       /* the column each field starts at; owned */
    size_t record_line;      /* the line the current record starts on */
    size_t n, cap;
    char *buf;               /* field text; owned */
    size_t buf_len, buf_cap;
} rt_csv;

/* Starts reading data[0..len). Nothing is allocated yet. */
void rt_csv_init(rt_csv *c, const char *data, size_t len);
/* Reads the next record into c->field[0..c->n) (valid until the next
 * call). RT_ENOTFOUND at the end; RT_EINVAL with c->error, err_line and
 * err_col; RT_ENOMEM. A blank line is a record of one empty field. */
rt_status rt_csv_next(rt_csv *c);
/* Frees what the reader holds. */
void rt_csv_free(rt_csv *c);

/* Writes s as one CSV field, quoted when it holds a comma, quote or line
 * break. */
void rt_csv_write_field(FILE *f, const char *s);

#endif

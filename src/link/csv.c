/* csv.c: strict CSV; see csv.h. */
#include "csv.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

void rt_csv_init(rt_csv *c, const char *data, size_t len)
{
    memset(c, 0, sizeof *c);
    c->p = data;
    c->end = data + len;
    c->line = 1;
    c->col = 1;
}

void rt_csv_free(rt_csv *c)
{
    free(c->field);
    free(c->field_col);
    free(c->buf);
    c->field = NULL;
    c->field_col = NULL;
    c->buf = NULL;
}

static rt_status fail(rt_csv *c, size_t line, size_t col, const char *why)
{
    c->err_line = line;
    c->err_col = col;
    c->error = why;
    return RT_EINVAL;
}

static rt_status put(rt_csv *c, char ch)
{
    if (c->buf_len + 1 >= c->buf_cap) {
        size_t cap = c->buf_cap ? c->buf_cap * 2 : 256;
        char *b = realloc(c->buf, cap);
        if (!b)
            return RT_ENOMEM;
        c->buf = b;
        c->buf_cap = cap;
    }
    c->buf[c->buf_len++] = ch;
    return RT_OK;
}

/* Ends the current field: its offset goes in field[] (made pointers
 * once the record is whole, as buf may move). */
static rt_status end_field(rt_csv *c, size_t start, size_t col)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        char **f = realloc(c->field, cap * sizeof *f);
        if (!f)
            return RT_ENOMEM;
        c->field = f;
        size_t *fc = realloc(c->field_col, cap * sizeof *fc);
        if (!fc)
            return RT_ENOMEM;
        c->field_col = fc;
        c->cap = cap;
    }
    c->field_col[c->n] = col;
    c->field[c->n++] = (char *)(uintptr_t)start;
    return put(c, '\0');
}

/* Checks that field text (NUL-terminated) is UTF-8; on failure *bad is
 * the byte offset of the first bad sequence. */
static bool utf8_ok(const char *s, size_t *bad)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    for (size_t i = 0; p[i];) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p + i, -1, &cp);
        if (n <= 0) {
            *bad = i;
            return false;
        }
        i += (size_t)n;
    }
    return true;
}

rt_status rt_csv_next(rt_csv *c)
{
    c->n = 0;
    c->buf_len = 0;
    if (c->p >= c->end)
        return RT_ENOTFOUND;
    size_t line = c->line;
    c->record_line = line;
    for (;;) {
        size_t start = c->buf_len, col0 = c->col;
        rt_status st;
        if (c->p < c->end && *c->p == '"') {
            size_t qline = c->line, qcol = c->col;
            c->p++;
            c->col++;
            for (;;) {
                if (c->p >= c->end)
                    return fail(c, qline, qcol, "a quoted field is never closed");
                char ch = *c->p++;
                c->col++;
                if (ch == '\0')
                    return fail(c, c->line, c->col - 1, "a NUL byte");
                if (ch == '"') {
                    if (c->p < c->end && *c->p == '"') {
                        c->p++;
                        c->col++;
                        if ((st = put(c, '"')) != RT_OK)
                            return st;
                        continue;
                    }
                    break;
                }
                if (ch == '\n') {
                    c->line++;
                    c->col = 1;
                }
                if ((st = put(c, ch)) != RT_OK)
                    return st;
            }
            if (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
                !(*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n'))
                return fail(c, c->line, c->col, "text after a closing quote");
        } else {
            while (c->p < c->end && *c->p != ',' && *c->p != '\n' &&
                   !(*c->p == '\r' && c->p + 1 < c->end && c->p[1] == '\n')) {
                char ch = *c->p;
                if (ch == '"')
                    return fail(c, c->line, c->col, "a quote inside an unquoted field");
                if (ch == '\0')
                    return fail(c, c->line, c->col, "a NUL byte");
                if (ch == '\r')
                    return fail(c, c->line, c->col, "a carriage return without a line feed");
                if ((st = put(c, ch)) != RT_OK)
                    return st;
                c->p++;
                c->col++;
            }
        }
        if ((st = end_field(c, start, col0)) != RT_OK)
            return st;
        size_t bad;
        if (!utf8_ok(c->buf + start, &bad))
            return fail(c, line, col0, "text that is not UTF-8");
        if (c->p < c->end && *c->p == ',') {
            c->p++;
            c->col++;
            continue;
        }
        /* End of record: LF, CRLF or the end of the data. */
        if (c->p < c->end)
            c->p += *c->p == '\r' ? 2 : 1;
        c->line++;
        c->col = 1;
        break;
    }
    for (size_t i = 0; i < c->n; i++)
        c->field[i] = c->buf + (uintptr_t)c->field[i];
    return RT_OK;
}

void rt_csv_write_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

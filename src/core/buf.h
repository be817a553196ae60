/* buf.h: a growable byte buffer with a sticky error.
 *
 * Pages and JSON bodies are written by many small appends. Checking each
 * one would bury the logic, so (as SQLite's StrAccum does) the buffer
 * remembers its first failure: once an append fails every later append is
 * a no-op and rt_buf_status() reports the failure. Whoever writes into a
 * buffer must check rt_buf_status() before using its contents.
 *
 * Ownership: the caller owns the rt_buf struct; the buffer owns `data`
 * until rt_buf_free() or rt_buf_take(). `data` is always NUL-terminated
 * when len > 0 and status is RT_OK. */
#ifndef RT_CORE_BUF_H
#define RT_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include "status.h"

typedef struct rt_buf {
    char *data;
    size_t len;
    size_t cap;
    size_t limit;      /* 0: no limit; else appends past it fail RT_ETOOBIG */
    rt_status status;  /* first failure, or RT_OK */
} rt_buf;

#define RT_BUF_INIT { NULL, 0, 0, 0, RT_OK }

/* Appends n bytes of p. */
void rt_buf_append(rt_buf *b, const void *p, size_t n);
/* Appends the NUL-terminated string s (NULL appends nothing). */
void rt_buf_puts(rt_buf *b, const char *s);
/* Appends one byte. */
void rt_buf_putc(rt_buf *b, char c);
/* Appends printf-formatted text. */
void rt_buf_printf(rt_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Returns the first failure of any append, or RT_OK. */
rt_status rt_buf_status(const rt_buf *b);
/* Hands the data to the caller (who frees it with free()) and resets the
 * buffer. Returns NULL if the buffer failed; then the data is freed.
 * An empty successful buffer yields an allocated "". */
char *rt_buf_take(rt_buf *b);
/* Frees the data and resets the buffer for reuse. */
void rt_buf_free(rt_buf *b);

#endif

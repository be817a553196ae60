/* buf.c: growable buffer with a sticky error; see buf.h. */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Makes room for n more bytes plus a terminating NUL. */
static int buf_reserve(rt_buf *b, size_t n)
{
    if (b->status != RT_OK)
        return 0;
    if (n > (size_t)-1 - b->len - 1) {
        b->status = RT_ETOOBIG;
        return 0;
    }
    size_t need = b->len + n + 1;
    if (b->limit && need > b->limit + 1) {
        b->status = RT_ETOOBIG;
        return 0;
    }
    if (need <= b->cap)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->status = RT_ENOMEM;
        return 0;
    }
    b->data = p;
    b->cap = cap;
    return 1;
}

void rt_buf_append(rt_buf *b, const void *p, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rt_buf_puts(rt_buf *b, const char *s)
{
    if (s)
        rt_buf_append(b, s, strlen(s));
}

void rt_buf_putc(rt_buf *b, char c)
{
    rt_buf_append(b, &c, 1);
}

void rt_buf_vprintf(rt_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        if (b->status == RT_OK)
            b->status = RT_EINVAL;
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void rt_buf_printf(rt_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rt_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

rt_status rt_buf_status(const rt_buf *b)
{
    return b->status;
}

char *rt_buf_take(rt_buf *b)
{
    if (b->status != RT_OK) {
        rt_buf_free(b);
        return NULL;
    }
    char *p = b->data;
    if (!p)
        p = calloc(1, 1);
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

void rt_buf_free(rt_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->status = RT_OK;
}

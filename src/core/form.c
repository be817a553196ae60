/* form.c: urlencoded form parsing; see form.h. */
#include "form.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "field.h"

static unsigned hex_value(char c)
{
    return isdigit((unsigned char)c) ? (unsigned)(c - '0')
                                     : (unsigned)(tolower((unsigned char)c) - 'a' + 10);
}

/* Copies s[0..n), decodes '+' and %XX, and checks the result. A malformed
 * %-escape is refused rather than kept: a '%' that survived would be
 * indistinguishable from a literal one. */
static rt_status decode(const char *s, size_t n, char **out)
{
    /* A raw NUL would end the C string early and cut the text short
     * unseen; %00 is caught below, after unescaping. */
    if (memchr(s, '\0', n))
        return RT_EINVAL;
    char *d = malloc(n + 1);
    if (!d)
        return RT_ENOMEM;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%') {
            if (!(i + 2 < n && isxdigit((unsigned char)s[i + 1]) &&
                  isxdigit((unsigned char)s[i + 2]))) {
                free(d);
                return RT_EINVAL;
            }
            d[len++] = (char)(hex_value(s[i + 1]) << 4 | hex_value(s[i + 2]));
            i += 2;
        } else {
            d[len++] = s[i] == '+' ? ' ' : s[i];
        }
    }
    d[len] = '\0';
    if (strlen(d) != len || !rt_text_acceptable(d, true)) {
        free(d);
        return RT_EINVAL;
    }
    *out = d;
    return RT_OK;
}

rt_status rt_form_parse(const char *body, size_t len, rt_form *out, const char **problem)
{
    memset(out, 0, sizeof *out);
    const char *why = NULL;
    rt_status st = RT_OK;
    size_t i = 0;
    while (i < len && st == RT_OK) {
        size_t end = i;
        while (end < len && body[end] != '&')
            end++;
        if (end > i) {
            const char *eq = memchr(body + i, '=', end - i);
            size_t klen = eq ? (size_t)(eq - (body + i)) : end - i;
            char *k = NULL, *v = NULL;
            if (klen == 0) {
                st = RT_EINVAL;
                why = "a field has no name";
            } else if (out->n == RT_FORM_MAX_FIELDS) {
                st = RT_ETOOBIG;
                why = "too many fields";
            } else if ((st = decode(body + i, klen, &k)) != RT_OK) {
                why = "a field name is not valid text";
            } else if ((st = decode(eq ? eq + 1 : body + end, eq ? (size_t)(body + end - eq - 1) : 0,
                                    &v)) != RT_OK) {
                why = "a field value is not valid text";
                free(k);
            } else if (rt_form_get(out, k)) {
                st = RT_EINVAL;
                why = "a field is given twice";
                free(k);
                free(v);
            } else {
                out->key[out->n] = k;
                out->value[out->n] = v;
                out->n++;
            }
        }
        i = end + 1;
    }
    if (st != RT_OK) {
        rt_form_clear(out);
        if (problem)
            *problem = why ? why : "the form could not be read";
    }
    return st;
}

const char *rt_form_get(const rt_form *f, const char *key)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->key[i] && strcmp(f->key[i], key) == 0)
            return f->value[i];
    return NULL;
}

char *rt_form_take(rt_form *f, const char *key)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->key[i] && strcmp(f->key[i], key) == 0) {
            char *v = f->value[i];
            f->value[i] = NULL;
            return v;
        }
    return NULL;
}

void rt_form_clear(rt_form *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->key[i]);
        free(f->value[i]);
    }
    memset(f, 0, sizeof *f);
}

/* Percent-encodes everything but RFC 3986's unreserved characters. */
static void put_encoded(rt_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (isalnum(*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            rt_buf_putc(b, (char)*p);
        } else {
            rt_buf_putc(b, '%');
            rt_buf_putc(b, hex[*p >> 4]);
            rt_buf_putc(b, hex[*p & 15]);
        }
    }
}

rt_status rt_form_encode(const rt_form *f, const char *const *skip, char **out)
{
    *out = NULL;
    rt_buf b = RT_BUF_INIT;
    bool first = true;
    for (size_t i = 0; i < f->n; i++) {
        bool skipped = !f->value[i] || !*f->value[i];
        for (size_t k = 0; skip && skip[k] && !skipped; k++)
            skipped = strcmp(f->key[i], skip[k]) == 0;
        if (skipped)
            continue;
        if (!first)
            rt_buf_putc(&b, '&');
        put_encoded(&b, f->key[i]);
        rt_buf_putc(&b, '=');
        put_encoded(&b, f->value[i]);
        first = false;
    }
    rt_status st = rt_buf_status(&b);
    if (st != RT_OK) {
        rt_buf_free(&b);
        return st;
    }
    *out = rt_buf_take(&b);
    return *out ? RT_OK : RT_ENOMEM;
}

rt_status rt_form_encode_fields(const rt_field_spec *specs, size_t n, char *const *values,
                                char **out)
{
    rt_form f = {0};
    if (n > RT_FORM_MAX_FIELDS)
        return RT_ETOOBIG;
    for (size_t i = 0; i < n; i++)
        if (values[i]) {
            f.key[f.n] = (char *)specs[i].key;
            f.value[f.n] = values[i];
            f.n++;
        }
    /* The form borrows: it is not cleared. */
    return rt_form_encode(&f, NULL, out);
}

rt_status rt_form_decode_fields(const rt_field_spec *specs, size_t n, const char *body,
                                char ***out)
{
    *out = NULL;
    if (!body)
        return RT_ESTORE;
    char **v = calloc(n ? n : 1, sizeof *v);
    if (!v)
        return RT_ENOMEM;
    rt_form f;
    const char *problem;
    rt_status st = rt_form_parse(body, strlen(body), &f, &problem);
    if (st != RT_OK) {
        free(v);
        return st == RT_ENOMEM ? st : RT_ESTORE;
    }
    for (size_t i = 0; i < f.n && st == RT_OK; i++) {
        size_t k = 0;
        while (k < n && strcmp(specs[k].key, f.key[i]) != 0)
            k++;
        if (k == n) {
            st = RT_ESTORE;
            break;
        }
        v[k] = f.value[i];
        f.value[i] = NULL;
    }
    rt_form_clear(&f);
    if (st != RT_OK) {
        for (size_t i = 0; i < n; i++)
            free(v[i]);
        free(v);
        return st;
    }
    *out = v;
    return RT_OK;
}

/* field.c: normalisation and checks for typed fields; see field.h. */
#include "field.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_ascii_space(char c)
{
    return is_space(c) || c == '\v' || c == '\f';
}

/* Narrows [*b, *e) to leave out ASCII white space at either end (what
 * isspace means in the C locale, whatever the locale). */
static void trim_ascii_space(const char **b, const char **e)
{
    while (*b < *e && is_ascii_space(**b))
        ++*b;
    while (*e > *b && is_ascii_space((*e)[-1]))
        --*e;
}

/* Postcodes arrive as "sw1a1aa", "SW1A 1AA", " sw1a  1aa": strip spaces,
 * upper-case, and put one space before the three-character inward part.
 * The result may be one byte longer than the input ("ec1a1bb"), so it is
 * a new string. */
static rt_status normalise_postcode(char **value)
{
    char tmp[16];
    size_t n = 0;
    for (char *p = *value; *p; p++) {
        if (is_space(*p))
            continue;
        if (n + 1 >= sizeof tmp)
            return RT_OK; /* too long to be a postcode: leave it for the check */
        tmp[n++] = (char)toupper((unsigned char)*p);
    }
    if (n < 5)
        return RT_OK;
    char *out = malloc(n + 2);
    if (!out)
        return RT_ENOMEM;
    memcpy(out, tmp, n - 3);
    out[n - 3] = ' ';
    memcpy(out + n - 2, tmp + n - 3, 3);
    out[n + 1] = '\0';
    free(*value);
    *value = out;
    return RT_OK;
}

rt_status rt_field_normalise(const rt_field_spec *spec, char **value)
{
    char *s = *value;
    if (!s)
        return RT_OK;
    size_t len = strlen(s);
    size_t start = 0;
    while (start < len && is_space(s[start]))
        start++;
    while (len > start && is_space(s[len - 1]))
        len--;
    if (len == start) {
        free(s);
        *value = NULL;
        return RT_OK;
    }
    memmove(s, s + start, len - start);
    s[len - start] = '\0';
    if (spec->type == RT_FT_POSTCODE)
        return normalise_postcode(value);
    return RT_OK;
}

static bool valid_email(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strchr(at + 1, '@'))
        return false;
    const char *dot = strrchr(at + 1, '.');
    if (!dot || dot == at + 1 || dot[1] == '\0')
        return false;
    for (const char *p = s; *p; p++)
        if (is_space(*p) || *p == '<' || *p == '>' || *p == ',' || *p == ';')
            return false;
    return true;
}

static bool valid_phone(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (!(*p == ' ' || *p == '-' || *p == '(' || *p == ')' ||
                   (*p == '+' && p == s)))
            return false;
    }
    return digits >= 7 && digits <= 15;
}

/* UK postcode after normalisation: outward code A9, A99, AA9, AA99, A9A
 * or AA9A, a space, then inward code 9AA. */
static bool valid_postcode(const char *s)
{
    size_t n = strlen(s);
    if (n < 6 || n > 8 || s[n - 4] != ' ')
        return false;
    const char *in = s + n - 3;
    if (!isdigit((unsigned char)in[0]) || !isupper((unsigned char)in[1]) ||
        !isupper((unsigned char)in[2]))
        return false;
    size_t out_len = n - 4;
    if (!isupper((unsigned char)s[0]))
        return false;
    size_t i = 1;
    if (isupper((unsigned char)s[i]))
        i++;
    if (i >= out_len || !isdigit((unsigned char)s[i]))
        return false;
    i++;
    if (i < out_len && (isdigit((unsigned char)s[i]) || isupper((unsigned char)s[i])))
        i++;
    return i == out_len;
}

const rt_choice *rt_field_choice(const rt_field_spec *spec, const char *v)
{
    if (!spec->choices || !v)
        return NULL;
    for (const rt_choice *c = spec->choices; c->value; c++)
        if (strcmp(c->value, v) == 0)
            return c;
    return NULL;
}

const char *rt_field_check(const rt_field_spec *spec, const char *value, rt_date today)
{
    if (!value)
        return spec->required ? "is required" : NULL;
    if (strlen(value) > spec->max_len)
        return "is too long";
    if (!rt_text_acceptable(value, spec->type == RT_FT_LONGTEXT))
        return "contains characters that are not allowed";
    rt_date d;
    switch (spec->type) {
    case RT_FT_TEXT:
    case RT_FT_LONGTEXT:
        return NULL;
    case RT_FT_DATE:
    case RT_FT_BIRTHDATE:
        if (rt_date_parse(value, &d) != RT_OK)
            return "must be a real date, written YYYY-MM-DD";
        if (rt_date_cmp(d, today) > 0)
            return "must not be in the future";
        if (spec->type == RT_FT_BIRTHDATE && rt_date_years_between(d, today) > 120)
            return "must be within the last 120 years";
        return NULL;
    case RT_FT_EMAIL:
        return valid_email(value) ? NULL : "must be an email address, like name@example.org";
    case RT_FT_PHONE:
        return valid_phone(value) ? NULL : "must be a phone number of 7 to 15 digits";
    case RT_FT_POSTCODE:
        return valid_postcode(value) ? NULL : "must be a UK postcode, like AB1 2CD";
    case RT_FT_CHOICE:
        return rt_field_choice(spec, value) ? NULL : "must be one of the listed options";
    case RT_FT_DUE_DATE:
        if (rt_date_parse(value, &d) != RT_OK)
            return "must be a real date, written YYYY-MM-DD";
        if (rt_date_cmp(d, rt_date_add_months(today, -120)) < 0 ||
            rt_date_cmp(d, rt_date_add_months(today, 120)) > 0)
            return "must be within ten years of today";
        return NULL;
    case RT_FT_NUMBER: {
        long n = 0;
        for (const char *p = value; *p; p++) {
            if (*p < '0' || *p > '9' || n > spec->max_value)
                return "must be a whole number";
            n = n * 10 + (*p - '0');
        }
        if (n > spec->max_value)
            return "is larger than allowed";
        return NULL;
    }
    }
    return "has an unknown type";
}

bool rt_text_acceptable(const char *s, bool multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        if (c < 0x80) {
            if (c < 0x20 || c == 0x7f) {
                if (!(c == '\t' || (multiline && (c == '\n' || c == '\r'))))
                    return false;
            }
            p++;
            continue;
        }
        /* Strict UTF-8: no overlong forms, no surrogates, nothing past
         * U+10FFFF (RFC 3629). */
        int n;
        unsigned int cp;
        if (c >= 0xc2 && c <= 0xdf) { n = 1; cp = c & 0x1f; }
        else if (c >= 0xe0 && c <= 0xef) { n = 2; cp = c & 0x0f; }
        else if (c >= 0xf0 && c <= 0xf4) { n = 3; cp = c & 0x07; }
        else return false;
        for (int i = 1; i <= n; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3f);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        /* C1 controls are controls too. */
        if (cp >= 0x80 && cp <= 0x9f)
            return false;
        p += n + 1;
    }
    return true;
}

bool rt_reason_acceptable(const char *reason, size_t min)
{
    if (!reason)
        return false;
    size_t n = strlen(reason);
    /* Spaces and line breaks around the words are not a reason: only
     * what lies between the first and last visible character counts
     * towards min. */
    const char *a = reason, *z = reason + n;
    trim_ascii_space(&a, &z);
    return (size_t)(z - a) >= (min ? min : 1) && n <= RT_REASON_MAX &&
           rt_text_acceptable(reason, true);
}

rt_status rt_postcode_area_parse(const char *s, char out[5])
{
    out[0] = '\0';
    if (!s)
        return RT_EINVAL;
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    /* One or two letters, then optionally a digit and a digit or letter. */
    size_t i = 0, letters = 0;
    char buf[5];
    for (; i < n && i < 4; i++)
        buf[i] = (char)toupper((unsigned char)s[i]);
    if (n == 0 || n > 4)
        return RT_EINVAL;
    while (letters < n && letters < 2 && isalpha((unsigned char)buf[letters]))
        letters++;
    if (letters == 0)
        return RT_EINVAL;
    if (letters < n) {
        if (!isdigit((unsigned char)buf[letters]))
            return RT_EINVAL;
        if (n > letters + 2 || (n == letters + 2 && !isalnum((unsigned char)buf[letters + 1])))
            return RT_EINVAL;
    }
    memcpy(out, buf, n);
    out[n] = '\0';
    return RT_OK;
}

bool rt_postcode_in_area(const char *postcode, const char *area)
{
    if (!postcode || !area || !*area)
        return false;
    size_t outward = strcspn(postcode, " ");
    size_t alen = strlen(area);
    if (alen == outward && strncmp(postcode, area, alen) == 0)
        return true;
    size_t letters = 0;
    while (letters < outward && isalpha((unsigned char)postcode[letters]))
        letters++;
    return alen == letters && strncmp(postcode, area, alen) == 0;
}

/* Calls each(area, ctx) for every entry of list until it returns true;
 * RT_EINVAL with *bad at an entry that is not an area. */
static rt_status areas_each(const char *list, size_t *bad,
                            bool (*each)(const char *area, const void *ctx), const void *ctx,
                            bool *hit)
{
    *hit = false;
    for (const char *p = list; *p;) {
        size_t len = strcspn(p, ",");
        char one[16], area[5];
        if (len >= sizeof one) {
            if (bad)
                *bad = (size_t)(p - list);
            return RT_EINVAL;
        }
        memcpy(one, p, len);
        one[len] = '\0';
        if (rt_postcode_area_parse(one, area) != RT_OK) {
            if (bad)
                *bad = (size_t)(p - list);
            return RT_EINVAL;
        }
        if (each && each(area, ctx)) {
            *hit = true;
            return RT_OK;
        }
        p += len + (p[len] == ',');
    }
    return RT_OK;
}

rt_status rt_postcode_areas_check(const char *list, size_t *bad)
{
    bool hit;
    return list ? areas_each(list, bad, NULL, NULL, &hit) : RT_EINVAL;
}

static bool covers(const char *area, const void *postcode)
{
    return rt_postcode_in_area(postcode, area);
}

bool rt_postcode_in_areas(const char *postcode, const char *list)
{
    bool hit = false;
    if (!postcode || !list)
        return false;
    /* An entry that is not an area covers nothing; the rest still count. */
    for (const char *p = list; *p && !hit;) {
        size_t len = strcspn(p, ",");
        char one[16];
        if (len < sizeof one) {
            memcpy(one, p, len);
            one[len] = '\0';
            (void)areas_each(one, NULL, covers, postcode, &hit);
        }
        p += len + (p[len] == ',');
    }
    return hit;
}

rt_status rt_name_normalise(const char *name, char **out)
{
    if (!out)
        return RT_EINVAL;
    *out = NULL;
    if (!name)
        return RT_EINVAL;
    const char *b = name, *e = name + strlen(name);
    trim_ascii_space(&b, &e);
    size_t n = (size_t)(e - b);
    char *s = malloc(n + 1);
    if (!s)
        return RT_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)b[i];
        s[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    s[n] = '\0';
    *out = s;
    return RT_OK;
}

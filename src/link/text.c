/* text.c: normalising and comparing identifying text; see text.h. */
#include "text.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "../core/embed.h"

extern const rt_embedded_file rt_link_data[];

rt_status rt_link_norm_name(const char *in, char **out)
{
    *out = NULL;
    utf8proc_uint8_t *folded = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)(in ? in : ""), 0, &folded,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                          UTF8PROC_DECOMPOSE |
                                          UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                                          UTF8PROC_IGNORE | UTF8PROC_STRIPCC);
    if (n < 0)
        return n == UTF8PROC_ERROR_NOMEM ? RT_ENOMEM : RT_EINVAL;
    char *o = malloc((size_t)n + 1);
    if (!o) {
        free(folded);
        return RT_ENOMEM;
    }
    size_t k = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        unsigned char c = folded[i];
        /* Apostrophes, straight or curly (U+2018, U+2019), join: O'Neil is oneil. */
        if (c == '\'' || c == '`')
            continue;
        if (c == 0xE2 && i + 2 < n && folded[i + 1] == 0x80 &&
            (folded[i + 2] == 0x98 || folded[i + 2] == 0x99)) {
            i += 2;
            continue;
        }
        if (c < 0x80 && !isalnum(c)) {
            if (k && o[k - 1] != ' ')
                o[k++] = ' ';
            continue;
        }
        o[k++] = (char)c;
    }
    while (k && o[k - 1] == ' ')
        k--;
    o[k] = '\0';
    free(folded);
    /* Titles at the front say nothing about who someone is. */
    static const char *const titles[] = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir",
                                         "rev", "lady", "lord", NULL};
    for (bool again = true; again;) {
        again = false;
        for (size_t t = 0; titles[t]; t++) {
            size_t len = strlen(titles[t]);
            if (strncmp(o, titles[t], len) == 0 && o[len] == ' ') {
                memmove(o, o + len + 1, strlen(o + len + 1) + 1);
                again = true;
            }
        }
    }
    *out = o;
    return RT_OK;
}

/* A trimmed, lower-cased copy of in, or NULL when nothing is left. */
static rt_status trimmed_lower(const char *in, char **out)
{
    *out = NULL;
    if (!in)
        return RT_OK;
    while (isspace((unsigned char)*in))
        in++;
    size_t n = strlen(in);
    while (n && isspace((unsigned char)in[n - 1]))
        n--;
    if (!n)
        return RT_OK;
    char *o = malloc(n + 1);
    if (!o)
        return RT_ENOMEM;
    for (size_t i = 0; i < n; i++)
        o[i] = (char)tolower((unsigned char)in[i]);
    o[n] = '\0';
    *out = o;
    return RT_OK;
}

rt_status rt_link_norm_email(const char *in, char **out)
{
    rt_status st = trimmed_lower(in, out);
    if (st == RT_OK && *out && (!strchr(*out, '@') || strchr(*out, ' '))) {
        free(*out);
        *out = NULL;
    }
    return st;
}

rt_status rt_link_norm_phone(const char *in, char **out)
{
    *out = NULL;
    if (!in)
        return RT_OK;
    char digits[32];
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (n + 1 >= sizeof digits)
                return RT_OK; /* too long to be a phone number */
            digits[n++] = *p;
        }
    }
    digits[n] = '\0';
    const char *d = digits;
    char buf[33];
    if (strncmp(d, "0044", 4) == 0 || strncmp(d, "44", 2) == 0) {
        d += d[0] == '0' ? 4 : 2;
        buf[0] = '0';
        strcpy(buf + 1, d);
        d = buf;
    }
    if (strlen(d) < 9)
        return RT_OK;
    return (*out = strdup(d)) ? RT_OK : RT_ENOMEM;
}

rt_status rt_link_norm_postcode(const char *in, char **out)
{
    *out = NULL;
    if (!in)
        return RT_OK;
    char c[16];
    size_t n = 0;
    for (const char *p = in; *p; p++) {
        if (isspace((unsigned char)*p))
            continue;
        if (!isalnum((unsigned char)*p) || n + 1 >= sizeof c)
            return RT_OK;
        c[n++] = (char)toupper((unsigned char)*p);
    }
    if (n < 5 || n > 7 || !isdigit((unsigned char)c[n - 3]) || !isalpha((unsigned char)c[0]))
        return RT_OK;
    char *o = malloc(n + 2);
    if (!o)
        return RT_ENOMEM;
    memcpy(o, c, n - 3);
    o[n - 3] = ' ';
    memcpy(o + n - 2, c + n - 3, 3);
    o[n + 1] = '\0';
    *out = o;
    return RT_OK;
}

static bool valid_date(int y, int m, int d)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1)
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap);
}

/* Reads exactly n digits. */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

rt_status rt_link_parse_dob(const char *in, int *y, int *m, int *d)
{
    if (!in)
        return RT_EINVAL;
    size_t n = strlen(in);
    bool ok = false;
    if (n == 10 && in[4] == '-' && in[7] == '-')
        ok = digits(in, 4, y) && digits(in + 5, 2, m) && digits(in + 8, 2, d);
    else if (n == 10 && in[2] == '/' && in[5] == '/')
        ok = digits(in, 2, d) && digits(in + 3, 2, m) && digits(in + 6, 4, y);
    return ok && valid_date(*y, *m, *d) ? RT_OK : RT_EINVAL;
}

/* The nickname table: each variant with the name it is read as, sorted
 * for binary search. Built once from nicknames.txt. */
typedef struct nick {
    char variant[24];
    char canonical[24];
} nick;
static nick *nicks;
static size_t n_nicks;
static pthread_once_t nicks_once = PTHREAD_ONCE_INIT;

static int nick_cmp(const void *a, const void *b)
{
    return strcmp(((const nick *)a)->variant, ((const nick *)b)->variant);
}

static void load_nicks(void)
{
    const rt_embedded_file *f = rt_embed_find(rt_link_data, "nicknames.txt");
    if (!f)
        return;
    size_t cap = 256;
    nicks = malloc(cap * sizeof *nicks);
    if (!nicks)
        return;
    const char *p = (const char *)f->data;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len && *p != '#') {
            char line[512], canon[24] = "";
            if (len >= sizeof line)
                len = sizeof line - 1;
            memcpy(line, p, len);
            line[len] = '\0';
            char *save = NULL;
            for (char *w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
                if (strlen(w) >= sizeof canon)
                    continue;
                if (!canon[0]) {
                    strcpy(canon, w);
                    continue;
                }
                if (n_nicks == cap) {
                    nick *grown = realloc(nicks, 2 * cap * sizeof *nicks);
                    if (!grown)
                        return; /* the names read so far still serve */
                    nicks = grown;
                    cap *= 2;
                }
                {
                    strcpy(nicks[n_nicks].variant, w);
                    strcpy(nicks[n_nicks].canonical, canon);
                    n_nicks++;
                }
            }
        }
        p += len + (eol ? 1 : 0);
    }
    qsort(nicks, n_nicks, sizeof *nicks, nick_cmp);
}

const char *rt_link_canonical_given(const char *name)
{
    pthread_once(&nicks_once, load_nicks);
    if (!name || strlen(name) >= sizeof nicks[0].variant || !n_nicks)
        return name;
    nick key;
    strcpy(key.variant, name);
    const nick *hit = bsearch(&key, nicks, n_nicks, sizeof *nicks, nick_cmp);
    /* A variant may belong to more than one family (chris, pat); the
     * first in order is taken, and the comparison also tries the name as
     * written. */
    return hit ? hit->canonical : name;
}

void rt_link_soundex(const char *name, char out[5])
{
    static const char code[26] = {0,   '1', '2', '3', 0,   '1', '2', 0,   0,   '2', '2', '4', '5',
                                  '5', 0,   '1', '2', '6', '2', '3', 0,   '1', 0,   '2', 0,   '2'};
    out[0] = '\0';
    const char *p = name;
    while (p && *p && !(*p >= 'a' && *p <= 'z'))
        p++;
    if (!p || !*p)
        return;
    out[0] = (char)toupper((unsigned char)*p);
    int n = 1;
    char last = code[*p - 'a'];
    for (p++; *p && *p != ' ' && n < 4; p++) {
        if (*p < 'a' || *p > 'z')
            continue;
        char c = code[*p - 'a'];
        if (c && c != last)
            out[n++] = c;
        /* h and w do not separate letters of the same code; vowels do. */
        if (*p != 'h' && *p != 'w')
            last = c;
    }
    while (n < 4)
        out[n++] = '0';
    out[4] = '\0';
}

/* Decodes UTF-8 into code points (invalid bytes are taken as they are). */
static size_t decode(const char *s, int32_t *out, size_t cap)
{
    size_t n = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    while (*p && n < cap) {
        utf8proc_int32_t c;
        utf8proc_ssize_t len = *p < 0x80 ? (c = *p, 1) : utf8proc_iterate(p, -1, &c);
        if (len <= 0) {
            c = *p;
            len = 1;
        }
        out[n++] = c;
        p += len;
    }
    return n;
}

/* Jaro-Winkler over two arrays of characters (code points, or bytes when
 * both strings are ASCII), at most 64 each: matches are kept as bits, so
 * nothing is cleared between calls. One body for both element types. */
#define JW_BODY(x, la, y, lb)                                                                  \
    do {                                                                                       \
        if (!(la) && !(lb))                                                                    \
            return 1.0;                                                                        \
        if (!(la) || !(lb))                                                                    \
            return 0.0;                                                                        \
        size_t range = ((la) > (lb) ? (la) : (lb)) / 2;                                        \
        range = range ? range - 1 : 0;                                                         \
        uint64_t ma = 0, mb = 0;                                                               \
        size_t m = 0;                                                                          \
        for (size_t i = 0; i < (la); i++) {                                                    \
            size_t lo = i > range ? i - range : 0;                                             \
            size_t hi = i + range + 1 < (lb) ? i + range + 1 : (lb);                           \
            for (size_t j = lo; j < hi; j++)                                                   \
                if (!(mb >> j & 1u) && (x)[i] == (y)[j]) {                                     \
                    ma |= 1ull << i;                                                           \
                    mb |= 1ull << j;                                                           \
                    m++;                                                                       \
                    break;                                                                     \
                }                                                                              \
        }                                                                                      \
        if (!m)                                                                                \
            return 0.0;                                                                        \
        size_t t = 0, k = 0;                                                                   \
        for (size_t i = 0; i < (la); i++) {                                                    \
            if (!(ma >> i & 1u))                                                               \
                continue;                                                                      \
            while (!(mb >> k & 1u))                                                            \
                k++;                                                                           \
            if ((x)[i] != (y)[k])                                                              \
                t++;                                                                           \
            k++;                                                                               \
        }                                                                                      \
        double md = (double)m;                                                                 \
        double jaro = (md / (double)(la) + md / (double)(lb) + (md - (double)t / 2.0) / md) / 3.0; \
        size_t prefix = 0;                                                                     \
        while (prefix < 4 && prefix < (la) && prefix < (lb) && (x)[prefix] == (y)[prefix])     \
            prefix++;                                                                          \
        return jaro + (double)prefix * 0.1 * (1.0 - jaro);                                     \
    } while (0)

static double jw_points(const int32_t *x, size_t la, const int32_t *y, size_t lb)
{
    JW_BODY(x, la, y, lb);
}

/* The same for bytes, finding matches with bit sets: where each byte
 * occurs in y, as a mask, so the first unmatched position in the window
 * is one lowest set bit, and a comparison costs O(la + lb), not
 * O(la * window). Only the entries for bytes of x and y are touched, so
 * nothing needs clearing between calls beyond them. */
static double jw_bytes(const unsigned char *x, size_t la, const unsigned char *y, size_t lb)
{
    if (!la && !lb)
        return 1.0;
    if (!la || !lb)
        return 0.0;
    uint64_t at[256];
    for (size_t i = 0; i < la; i++)
        at[x[i]] = 0;
    for (size_t j = 0; j < lb; j++)
        at[y[j]] = 0;
    for (size_t j = 0; j < lb; j++)
        at[y[j]] |= 1ull << j;
    size_t range = (la > lb ? la : lb) / 2;
    range = range ? range - 1 : 0;
    uint64_t ma = 0, mb = 0;
    size_t m = 0;
    for (size_t i = 0; i < la; i++) {
        size_t lo = i > range ? i - range : 0;
        size_t hi = i + range + 1 < lb ? i + range + 1 : lb;
        if (lo >= hi)
            continue;
        uint64_t window = (hi >= 64 ? ~0ull : (1ull << hi) - 1) & ~((1ull << lo) - 1);
        uint64_t free_at = at[x[i]] & window & ~mb;
        if (free_at) {
            mb |= free_at & -free_at;
            ma |= 1ull << i;
            m++;
        }
    }
    if (!m)
        return 0.0;
    size_t t = 0;
    uint64_t rest = mb;
    for (size_t i = 0; i < la; i++) {
        if (!(ma >> i & 1u))
            continue;
        size_t k = (size_t)__builtin_ctzll(rest);
        rest &= rest - 1;
        if (x[i] != y[k])
            t++;
    }
    double md = (double)m;
    double jaro = (md / (double)la + md / (double)lb + (md - (double)t / 2.0) / md) / 3.0;
    size_t prefix = 0;
    while (prefix < 4 && prefix < la && prefix < lb && x[prefix] == y[prefix])
        prefix++;
    return jaro + (double)prefix * 0.1 * (1.0 - jaro);
}

/* Length of s if it is ASCII, else SIZE_MAX. */
static size_t ascii_len(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++)
        if ((unsigned char)s[n] >= 0x80)
            return SIZE_MAX;
    return n;
}

double rt_link_jaro_winkler(const char *a, const char *b)
{
    /* Identifying fields are short; past 64 characters the rest adds
     * nothing a comparison needs, and both sides are cut alike. */
    size_t na = ascii_len(a), nb = ascii_len(b);
    if (na != SIZE_MAX && nb != SIZE_MAX)
        return jw_bytes((const unsigned char *)a, na < 64 ? na : 64, (const unsigned char *)b,
                        nb < 64 ? nb : 64);
    int32_t x[64], y[64];
    size_t la = decode(a, x, 64), lb = decode(b, y, 64);
    return jw_points(x, la, y, lb);
}

double rt_link_jaro_winkler_at_least(const char *a, const char *b, double at_least)
{
    size_t la = ascii_len(a), lb = ascii_len(b);
    if (la == SIZE_MAX || lb == SIZE_MAX || !la || !lb)
        return rt_link_jaro_winkler(a, b);
    la = la < 64 ? la : 64;
    lb = lb < 64 ? lb : 64;
    unsigned char count[128] = {0};
    for (size_t i = 0; i < la; i++)
        count[(unsigned char)a[i]]++;
    size_t m = 0;
    for (size_t i = 0; i < lb; i++)
        if (count[(unsigned char)b[i]]) {
            count[(unsigned char)b[i]]--;
            m++;
        }
    /* At most m matches and no transpositions; the prefix bonus at most
     * 0.4 of what is left. */
    double md = (double)m;
    double jaro = (md / (double)la + md / (double)lb + (m ? 1.0 : 0.0)) / 3.0;
    if (jaro + 0.4 * (1.0 - jaro) < at_least)
        return 0.0;
    return jw_bytes((const unsigned char *)a, la, (const unsigned char *)b, lb);
}

bool rt_link_same_letters(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb || la < 3 || strcmp(a, b) == 0)
        return false;
    int count[256] = {0};
    for (size_t i = 0; i < la; i++) {
        count[(unsigned char)a[i]]++;
        count[(unsigned char)b[i]]--;
    }
    for (int c = 0; c < 256; c++)
        if (count[c])
            return false;
    return true;
}

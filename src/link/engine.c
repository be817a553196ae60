/* engine.c: blocking, learning, scoring and clustering; see engine.h. */
#include "engine.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "text.h"

/* ---- records and their strings ---------------------------------------- */

/* Strings live in large chunks freed together: a million records make
 * millions of short strings. */
typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct rt_link_engine {
    rt_link_record *rec;
    size_t n, cap;
    chunk *chunks;
};

/* Chunks start small (one record's strings, for screening a referral)
 * and double up to a megabyte (a million records). */
#define CHUNK_FIRST (1u << 12)
#define CHUNK_BYTES (1u << 20)

static char *arena_dup(rt_link_engine *e, const char *s)
{
    size_t len = strlen(s) + 1;
    if (!e->chunks || e->chunks->cap - e->chunks->used < len) {
        size_t cap = e->chunks ? e->chunks->cap * 2 : CHUNK_FIRST;
        if (cap > CHUNK_BYTES)
            cap = CHUNK_BYTES;
        if (cap < len)
            cap = len;
        chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = e->chunks;
        c->used = 0;
        c->cap = cap;
        e->chunks = c;
    }
    char *p = e->chunks->data + e->chunks->used;
    memcpy(p, s, len);
    e->chunks->used += len;
    return p;
}

rt_status rt_link_engine_new(rt_link_engine **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? RT_OK : RT_ENOMEM;
}

void rt_link_engine_free(rt_link_engine *e)
{
    if (!e)
        return;
    while (e->chunks) {
        chunk *next = e->chunks->next;
        free(e->chunks);
        e->chunks = next;
    }
    free(e->rec);
    free(e);
}

size_t rt_link_engine_count(const rt_link_engine *e)
{
    return e->n;
}

const rt_link_record *rt_link_engine_record(const rt_link_engine *e, size_t i)
{
    return i < e->n ? &e->rec[i] : NULL;
}

/* Keeps a normalised value in the arena; "" and NULL become NULL. */
static rt_status keep(rt_link_engine *e, char *v, const char **out)
{
    *out = NULL;
    if (v && *v && !(*out = arena_dup(e, v))) {
        free(v);
        return RT_ENOMEM;
    }
    free(v);
    return RT_OK;
}

static char gender_of(const char *g)
{
    if (!g || !*g)
        return 0;
    char c = (char)(*g | 0x20);
    return c == 'f' || c == 'w' ? 'f' : c == 'm' ? 'm' : c == 'u' ? 0 : 'x';
}

rt_status rt_link_engine_add(rt_link_engine *e, const rt_link_input *in, const char **bad)
{
    *bad = NULL;
    if (!in->id || !*in->id) {
        *bad = "id";
        return RT_EINVAL;
    }
    if (e->n == UINT32_MAX)
        return RT_ETOOBIG;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 16;
        rt_link_record *grown = realloc(e->rec, cap * sizeof *grown);
        if (!grown)
            return RT_ENOMEM;
        e->rec = grown;
        e->cap = cap;
    }
    rt_link_record r = {0};
    char *v = NULL;
    rt_status st = RT_OK;
    if (rt_link_norm_name(in->first_name, &v) != RT_OK) {
        *bad = "first_name";
        return RT_EINVAL;
    }
    if ((st = keep(e, v, &r.first)) != RT_OK)
        return st;
    if (rt_link_norm_name(in->surname, &v) != RT_OK) {
        *bad = "surname";
        return RT_EINVAL;
    }
    if ((st = keep(e, v, &r.surname)) != RT_OK)
        return st;
    if (rt_link_norm_name(in->city, &v) != RT_OK) {
        *bad = "city";
        return RT_EINVAL;
    }
    if ((st = keep(e, v, &r.city)) != RT_OK)
        return st;
    if (in->dob && *in->dob) {
        int y, m, d;
        if (rt_link_parse_dob(in->dob, &y, &m, &d) != RT_OK) {
            *bad = "dob";
            return RT_EINVAL;
        }
        r.has_dob = true;
        r.dob_y = (int16_t)y;
        r.dob_m = (int8_t)m;
        r.dob_d = (int8_t)d;
    }
    if ((st = rt_link_norm_email(in->email, &v)) != RT_OK || (st = keep(e, v, &r.email)) != RT_OK)
        return st;
    if ((st = rt_link_norm_phone(in->phone, &v)) != RT_OK || (st = keep(e, v, &r.phone)) != RT_OK)
        return st;
    if ((st = rt_link_norm_postcode(in->postcode, &v)) != RT_OK ||
        (st = keep(e, v, &r.postcode)) != RT_OK)
        return st;
    if (!(r.id = arena_dup(e, in->id)))
        return RT_ENOMEM;
    r.gender = gender_of(in->gender);
    if (r.first) {
        /* Variants are read by the first given name only. */
        char firstword[64];
        size_t w = strcspn(r.first, " ");
        if (w < sizeof firstword) {
            memcpy(firstword, r.first, w);
            firstword[w] = '\0';
            const char *c = rt_link_canonical_given(firstword);
            r.first_canon = c == firstword ? r.first : c;
            if (c == firstword && w != strlen(r.first) && !(r.first_canon = arena_dup(e, firstword)))
                return RT_ENOMEM;
        } else {
            r.first_canon = r.first;
        }
        rt_link_soundex(r.first, r.sx_first);
    }
    if (r.surname)
        rt_link_soundex(r.surname, r.sx_surname);
    e->rec[e->n++] = r;
    return RT_OK;
}

void rt_link_options_default(rt_link_options *o)
{
    memset(o, 0, sizeof *o);
    o->threshold = 0.9;
    o->review = 0.5;
    o->max_block = RT_LINK_MAX_BLOCK;
}

/* ---- term frequencies ------------------------------------------------- */

typedef struct tf_item {
    const char *s;
    uint32_t idx;
} tf_item;

static int tf_cmp(const void *a, const void *b)
{
    return strcmp(((const tf_item *)a)->s, ((const tf_item *)b)->s);
}

/* Counts how many records share each value of field which (0 given
 * name, 1 surname, 2 town); numbers each distinct value (from 1) on its
 * records; for the names sets each record's count and returns the sum of
 * p^2 over values (sum_p2 and n_with may be NULL for the town). */
static rt_status term_frequencies(rt_link_engine *e, int which, double *sum_p2, uint64_t *n_with)
{
    tf_item *items = malloc((e->n ? e->n : 1) * sizeof *items);
    if (!items)
        return RT_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < e->n; i++) {
        const char *s = which == 0   ? e->rec[i].first
                        : which == 1 ? e->rec[i].surname
                                     : e->rec[i].city;
        if (s)
            items[k++] = (tf_item){s, (uint32_t)i};
    }
    qsort(items, k, sizeof *items, tf_cmp);
    double sum = 0;
    uint32_t id = 0;
    for (size_t i = 0; i < k;) {
        size_t j = i;
        while (j < k && strcmp(items[j].s, items[i].s) == 0)
            j++;
        uint32_t c = (uint32_t)(j - i);
        id++;
        for (size_t t = i; t < j; t++) {
            rt_link_record *r = &e->rec[items[t].idx];
            if (which == 0) {
                r->tf_first = c;
                r->first_id = id;
            } else if (which == 1) {
                r->tf_surname = c;
                r->surname_id = id;
            } else {
                r->city_id = id;
            }
        }
        double p = (double)c / (double)k;
        sum += p * p;
        i = j;
    }
    free(items);
    if (sum_p2)
        *sum_p2 = sum;
    if (n_with)
        *n_with = k;
    return RT_OK;
}

/* ---- blocking --------------------------------------------------------- */

enum { K_SURNAME_YEAR, K_DOB, K_NAMES, K_EMAIL, K_PHONE, K_INITIAL_DISTRICT, K_FIRST_YEAR,
       K_EMAIL_NAME, K_FIRST_DAY, K_SURNAME_DAY, K_FIRST_TOWN, K_SURNAME_TOWN, K_EMAIL_DOMAIN,
       K_COUNT };
_Static_assert(K_COUNT == RT_LINK_KEYS, "engine.h counts the blocking keys");

typedef struct keyed {
    uint64_t hash;
    uint32_t idx;
} keyed;

typedef struct blocking {
    keyed *sorted[K_COUNT];   /* by hash */
    size_t n[K_COUNT];
    /* Per record and key: where its group starts in sorted[k], and its
     * length (0: no key, or a group too large to use). */
    uint32_t *start[K_COUNT];
    uint32_t *len[K_COUNT];
} blocking;

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h ? h : 1; /* 0 means "no key" */
}

bool rt_link_block_key(const rt_link_record *r, int k, char out[RT_LINK_KEY_CHARS])
{
    out[0] = '\0';
    int n = -1;
    switch (k) {
    case K_SURNAME_YEAR:
        if (r->sx_surname[0] && r->has_dob)
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%s|%d", k, r->sx_surname, r->dob_y);
        break;
    case K_DOB:
        if (r->has_dob)
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%d-%d-%d", k, r->dob_y, r->dob_m, r->dob_d);
        break;
    case K_NAMES:
        /* Both Soundex codes in order, so a swapped pair keys alike. */
        if (r->sx_first[0] && r->sx_surname[0]) {
            int c = strcmp(r->sx_first, r->sx_surname);
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%s|%s", k,
                         c <= 0 ? r->sx_first : r->sx_surname, c <= 0 ? r->sx_surname : r->sx_first);
        }
        break;
    case K_EMAIL:
        if (r->email)
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%s", k, r->email);
        break;
    case K_PHONE:
        if (r->phone)
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%s", k, r->phone);
        break;
    case K_INITIAL_DISTRICT:
        if (r->first && r->postcode)
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%c|%.*s", k, r->first[0],
                         (int)strcspn(r->postcode, " "), r->postcode);
        break;
    case K_FIRST_YEAR:
        if (r->first_canon && r->has_dob)
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%s|%d", k, r->first_canon, r->dob_y);
        break;
    case K_EMAIL_NAME: {
        /* The part before the @ survives a mistyped domain. */
        size_t len = r->email ? strcspn(r->email, "@") : 0;
        if (len >= 3)
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%.*s", k, (int)len, r->email);
        break;
    }
    case K_EMAIL_DOMAIN: {
        /* The part after the @ survives a mistyped name; a domain many
         * share makes a group too large to use. */
        const char *at = r->email ? strchr(r->email, '@') : NULL;
        if (at && at[1])
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%s", k, at + 1);
        break;
    }
    case K_FIRST_DAY:
    case K_SURNAME_DAY: {
        /* Birthday without the year: survives a mistyped year. */
        const char *sx = k == K_FIRST_DAY ? r->sx_first : r->sx_surname;
        if (sx[0] && r->has_dob)
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%s|%d-%d", k, sx, r->dob_m, r->dob_d);
        break;
    }
    case K_FIRST_TOWN:
    case K_SURNAME_TOWN: {
        /* Name and town by sound: survives a mistyped date of birth. */
        const char *sx = k == K_FIRST_TOWN ? r->sx_first : r->sx_surname;
        char town[5] = "";
        if (sx[0] && r->city)
            rt_link_soundex(r->city, town);
        if (town[0])
            n = snprintf(out, RT_LINK_KEY_CHARS, "%d|%s|%s", k, sx, town);
        break;
    }
    }
    /* A key too long to write whole is not used: a cut one could join
     * records that differ past the cut. */
    if (n < 0 || n >= RT_LINK_KEY_CHARS) {
        out[0] = '\0';
        return false;
    }
    return true;
}

/* The hash of key k for r, or 0 when r has none. */
static uint64_t key_of(const rt_link_record *r, int k)
{
    char key[RT_LINK_KEY_CHARS];
    return rt_link_block_key(r, k, key) ? fnv(key) : 0;
}

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    return x->hash < y->hash ? -1 : x->hash > y->hash ? 1 : (x->idx > y->idx) - (x->idx < y->idx);
}

static void blocking_free(blocking *bl)
{
    for (int k = 0; k < K_COUNT; k++) {
        free(bl->sorted[k]);
        free(bl->start[k]);
        free(bl->len[k]);
    }
    memset(bl, 0, sizeof *bl);
}

static rt_status blocking_build(const rt_link_engine *e, size_t max_block, blocking *bl,
                                size_t *skipped)
{
    memset(bl, 0, sizeof *bl);
    *skipped = 0;
    for (int k = 0; k < K_COUNT; k++) {
        bl->sorted[k] = malloc(e->n * sizeof(keyed));
        bl->start[k] = calloc(e->n, sizeof(uint32_t));
        bl->len[k] = calloc(e->n, sizeof(uint32_t));
        if (!bl->sorted[k] || !bl->start[k] || !bl->len[k]) {
            blocking_free(bl);
            return RT_ENOMEM;
        }
        size_t m = 0;
        for (size_t i = 0; i < e->n; i++) {
            uint64_t h = key_of(&e->rec[i], k);
            if (h)
                bl->sorted[k][m++] = (keyed){h, (uint32_t)i};
        }
        bl->n[k] = m;
        qsort(bl->sorted[k], m, sizeof(keyed), keyed_cmp);
        for (size_t i = 0; i < m;) {
            size_t j = i;
            while (j < m && bl->sorted[k][j].hash == bl->sorted[k][i].hash)
                j++;
            bool usable = j - i >= 2 && j - i <= max_block;
            if (j - i > max_block)
                (*skipped)++;
            for (size_t t = i; usable && t < j; t++) {
                bl->start[k][bl->sorted[k][t].idx] = (uint32_t)i;
                bl->len[k][bl->sorted[k][t].idx] = (uint32_t)(j - i);
            }
            i = j;
        }
    }
    return RT_OK;
}

/* Calls visit(ctx, i, j) once for every candidate pair (i < j) of record
 * i. stamp is a per-thread array of e->n, zero at first. */
static void candidates_of(const blocking *bl, uint32_t i, uint32_t *stamp,
                          void (*visit)(void *ctx, uint32_t i, uint32_t j), void *ctx)
{
    for (int k = 0; k < K_COUNT; k++) {
        uint32_t len = bl->len[k][i];
        const keyed *g = bl->sorted[k] + bl->start[k][i];
        for (uint32_t t = 0; t < len; t++) {
            uint32_t j = g[t].idx;
            if (j <= i || stamp[j] == i + 1)
                continue;
            stamp[j] = i + 1;
            visit(ctx, i, j);
        }
    }
}

/* ---- the passes, in threads ------------------------------------------- */

typedef struct pass {
    const rt_link_engine *e;
    const blocking *bl;
    const rt_link_options *o;
    const rt_link_model *mo;
    unsigned t, threads;
    /* outputs */
    uint64_t candidates;
    rt_link_pair *pairs;
    size_t n_pairs, cap_pairs;
    rt_status st;
    uint32_t *stamp;
    rt_link_jw_cache *jw;     /* this thread's */
    size_t *done;             /* shared progress counter (thread 0 reports) */
    pthread_mutex_t *lock;
} pass;

static void score_visit(void *ctx, uint32_t i, uint32_t j)
{
    pass *p = ctx;
    p->candidates++;
    if (p->st != RT_OK)
        return;
    int lv[RT_LF_COUNT];
    double parts[RT_LF_COUNT];
    rt_link_compare_cached(&p->e->rec[i], &p->e->rec[j], lv, p->jw);
    double w = rt_link_weight(p->mo, lv, &p->e->rec[i], parts);
    double prob = rt_link_probability(w);
    if (prob < p->o->review)
        return;
    if (p->n_pairs == p->cap_pairs) {
        size_t cap = p->cap_pairs ? p->cap_pairs * 2 : 4096;
        rt_link_pair *grown = realloc(p->pairs, cap * sizeof *grown);
        if (!grown) {
            p->st = RT_ENOMEM;
            return;
        }
        p->pairs = grown;
        p->cap_pairs = cap;
    }
    rt_link_pair *q = &p->pairs[p->n_pairs++];
    memset(q, 0, sizeof *q);
    q->a = i;
    q->b = j;
    q->weight = (float)w;
    q->probability = (float)prob;
    if (p->o->explain)
        for (int f = 0; f < RT_LF_COUNT; f++) {
            q->levels[f] = (int8_t)lv[f];
            q->parts[f] = (float)parts[f];
        }
}

typedef struct runner {
    pass *p;
    void (*visit)(void *, uint32_t, uint32_t);
    const char *stage;
} runner;

static void *run_pass(void *arg)
{
    runner *r = arg;
    pass *p = r->p;
    size_t n = p->e->n, step = p->threads;
    size_t since = 0;
    for (size_t i = p->t; i < n; i += step) {
        candidates_of(p->bl, (uint32_t)i, p->stamp, r->visit, p);
        if (++since == 4096) {
            pthread_mutex_lock(p->lock);
            *p->done += since;
            size_t done = *p->done;
            pthread_mutex_unlock(p->lock);
            since = 0;
            if (p->t == 0 && p->o->progress)
                p->o->progress(p->o->progress_ctx, r->stage, done, n);
        }
    }
    return NULL;
}

/* Scores every candidate pair in threads; passes[] get the per-thread
 * outputs. */
static rt_status run_threads(const rt_link_engine *e, const blocking *bl, const rt_link_options *o,
                             const rt_link_model *mo, pass *passes, unsigned threads)
{
    pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    size_t done = 0;
    pthread_t tid[64];
    runner run[64];
    rt_status st = RT_OK;
    unsigned started = 0;
    for (unsigned t = 0; t < threads; t++) {
        pass *p = &passes[t];
        memset(p, 0, sizeof *p);
        *p = (pass){.e = e, .bl = bl, .o = o, .mo = mo, .t = t, .threads = threads,
                    .done = &done, .lock = &lock, .st = RT_OK};
        p->stamp = calloc(e->n, sizeof *p->stamp);
        p->jw = calloc(1, sizeof *p->jw);
        if (!p->stamp || !p->jw) {
            st = RT_ENOMEM;
            break;
        }
        run[t] = (runner){p, score_visit, "scoring"};
    }
    for (unsigned t = 0; st == RT_OK && t < threads; t++) {
        if (pthread_create(&tid[t], NULL, run_pass, &run[t]) != 0) {
            st = RT_ENOMEM;
            break;
        }
        started++;
    }
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    for (unsigned t = 0; t < threads; t++) {
        free(passes[t].stamp);
        free(passes[t].jw);
        passes[t].stamp = NULL;
        passes[t].jw = NULL;
        if (st == RT_OK && passes[t].st != RT_OK)
            st = passes[t].st;
    }
    return st;
}

static void passes_free(pass *passes, unsigned threads)
{
    for (unsigned t = 0; t < threads; t++) {
        free(passes[t].pairs);
        free(passes[t].stamp);
    }
}

/* ---- learning --------------------------------------------------------- */

/* Level counts over random pairs: almost all of them are different
 * people, which is what u means. A fixed seed keeps runs repeatable. */
static void count_levels(const rt_link_engine *e, size_t i, size_t j,
                         uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1])
{
    int lv[RT_LF_COUNT];
    rt_link_compare(&e->rec[i], &e->rec[j], lv);
    for (int f = 0; f < RT_LF_COUNT; f++)
        counts[f][lv[f] < 0 ? RT_LINK_MAX_LEVELS : lv[f]]++;
}

static void sample_u(const rt_link_engine *e, uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1])
{
    const uint64_t budget = 500000;
    memset(counts, 0, sizeof(uint64_t) * RT_LF_COUNT * (RT_LINK_MAX_LEVELS + 1));
    uint64_t all = (uint64_t)e->n * (e->n - 1) / 2;
    if (all <= budget) {
        for (size_t i = 0; i < e->n; i++)
            for (size_t j = i + 1; j < e->n; j++)
                count_levels(e, i, j, counts);
        return;
    }
    uint64_t s = 0x853c49e6748fea9bull;
    for (uint64_t k = 0; k < budget; k++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        size_t i = (size_t)(s % e->n);
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        size_t j = (size_t)(s % e->n);
        if (i != j)
            count_levels(e, i, j, counts);
    }
}

/* The fields each blocking key makes agree: within its groups they say
 * nothing about matching, so its learning session leaves them out. */
static const unsigned key_fields[K_COUNT] = {
    [K_SURNAME_YEAR] = 1u << RT_LF_SURNAME | 1u << RT_LF_DOB,
    [K_DOB] = 1u << RT_LF_DOB,
    [K_NAMES] = 1u << RT_LF_FIRST | 1u << RT_LF_SURNAME,
    [K_EMAIL] = 1u << RT_LF_EMAIL,
    [K_PHONE] = 1u << RT_LF_PHONE,
    [K_INITIAL_DISTRICT] = 1u << RT_LF_FIRST | 1u << RT_LF_POSTCODE,
    [K_FIRST_YEAR] = 1u << RT_LF_FIRST | 1u << RT_LF_DOB,
    [K_EMAIL_NAME] = 1u << RT_LF_EMAIL,
    [K_FIRST_DAY] = 1u << RT_LF_FIRST | 1u << RT_LF_DOB,
    [K_SURNAME_DAY] = 1u << RT_LF_SURNAME | 1u << RT_LF_DOB,
    [K_FIRST_TOWN] = 1u << RT_LF_FIRST | 1u << RT_LF_CITY,
    [K_SURNAME_TOWN] = 1u << RT_LF_SURNAME | 1u << RT_LF_CITY,
    [K_EMAIL_DOMAIN] = 1u << RT_LF_EMAIL,
};

/* Keys that are exact agreement on one field: they give the number of
 * matches (see estimate_prior). */
static const int exact_key_field[K_COUNT] = {
    [K_SURNAME_YEAR] = -1, [K_DOB] = RT_LF_DOB, [K_NAMES] = -1, [K_EMAIL] = RT_LF_EMAIL,
    [K_PHONE] = RT_LF_PHONE, [K_INITIAL_DISTRICT] = -1, [K_FIRST_YEAR] = -1,
    [K_EMAIL_NAME] = -1, [K_FIRST_DAY] = -1, [K_SURNAME_DAY] = -1, [K_FIRST_TOWN] = -1,
    [K_SURNAME_TOWN] = -1, [K_EMAIL_DOMAIN] = -1,
};

typedef struct session {
    rt_link_model mo;
    double pairs;        /* pairs sharing the key (all, though fewer are compared) */
    bool ran;
} session;

/* One learning session per key: EM over pairs that share the key, with
 * the key's own fields left out and u held at the population's, learns
 * m for the other fields and the share of such pairs that match. Groups
 * are visited in order until a budget of pairs is compared, every group
 * counted towards `pairs`. */
static rt_status learn_session(const rt_link_engine *e, const blocking *bl, int k,
                               const rt_link_model *start, session *out)
{
    const uint64_t budget = 100000;
    memset(out, 0, sizeof *out);
    out->mo = *start;
    rt_link_hist h;
    rt_status st = rt_link_hist_init(&h);
    if (st != RT_OK)
        return st;
    const keyed *g = bl->sorted[k];
    size_t m = bl->n[k];
    /* Groups come in hash order, which has nothing to do with the names:
     * a budget cut leaves a fair sample of them. */
    uint64_t compared = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j < m && g[j].hash == g[i].hash)
            j++;
        size_t len = j - i;
        if (len >= 2 && bl->len[k][g[i].idx]) {
            out->pairs += (double)len * (double)(len - 1) / 2;
            for (size_t a = i; a < j && compared < budget; a++)
                for (size_t b = a + 1; b < j && compared < budget; b++) {
                    int lv[RT_LF_COUNT];
                    rt_link_compare(&e->rec[g[a].idx], &e->rec[g[b].idx], lv);
                    for (int f = 0; f < RT_LF_COUNT; f++)
                        if (key_fields[k] >> f & 1u)
                            lv[f] = RT_LINK_MISSING;
                    rt_link_hist_add(&h, lv);
                    compared++;
                }
        }
        i = j;
    }
    /* Too few pairs teach nothing; the groups compared stand for all. */
    if (h.total >= 50) {
        st = rt_link_model_em(&out->mo, &h, k == K_NAMES ? 1u << RT_LF_EMAIL : 0, 200, 1e-6);
        out->ran = st == RT_OK;
    }
    rt_link_hist_free(&h);
    return st;
}

/* Learns m (averaged over the sessions that saw each field, weighted by
 * the matches each expects) and the prior: the expected number of
 * matching pairs, from a session keyed on exact agreement of one field f
 * (its expected matches divided by the share of matches that agree
 * exactly on f and both have it), as a share of all pairs. */
static rt_status learn(const rt_link_engine *e, const blocking *bl, rt_link_model *mo)
{
    session *s = calloc(K_COUNT, sizeof *s);
    if (!s)
        return RT_ENOMEM;
    rt_status st = RT_OK;
    for (int k = 0; k < K_COUNT && st == RT_OK; k++)
        st = learn_session(e, bl, k, mo, &s[k]);
    if (st != RT_OK) {
        free(s);
        return st;
    }
    const rt_link_field_info *info = rt_link_field_infos();
    int iterations = 0;
    for (int f = 0; f < RT_LF_COUNT; f++) {
        double sum[RT_LINK_MAX_LEVELS] = {0}, weight = 0;
        for (int k = 0; k < K_COUNT; k++) {
            if (!s[k].ran || (key_fields[k] >> f & 1u))
                continue;
            double w = s[k].mo.lambda * s[k].pairs;
            for (int l = 0; l < info[f].n_levels; l++)
                sum[l] += w * s[k].mo.m[f][l];
            weight += w;
        }
        if (weight > 0)
            for (int l = 0; l < info[f].n_levels; l++)
                mo->m[f][l] = sum[l] / weight;
    }
    /* Records with each field, for the share of pairs that have it. */
    double with[RT_LF_COUNT] = {0};
    for (size_t i = 0; i < e->n; i++) {
        const rt_link_record *r = &e->rec[i];
        with[RT_LF_DOB] += r->has_dob;
        with[RT_LF_EMAIL] += r->email != NULL;
        with[RT_LF_PHONE] += r->phone != NULL;
    }
    double all = (double)e->n * (double)(e->n - 1) / 2, best = 0, best_expected = 0;
    for (int k = 0; k < K_COUNT; k++) {
        int f = exact_key_field[k];
        if (f < 0 || !s[k].ran)
            continue;
        double expected = s[k].mo.lambda * s[k].pairs;
        double present = with[f] / (double)e->n;
        double agree = mo->m[f][RT_LINK_EXACT] * present * present;
        if (agree > 0 && expected > best_expected) {
            best_expected = expected;
            best = expected / agree;
        }
        iterations += s[k].mo.iterations;
    }
    for (int k = 0; k < K_COUNT; k++)
        if (exact_key_field[k] < 0)
            iterations += s[k].mo.iterations;
    /* Households: pairs born the same day with the same surname and
     * different given names, counted over every usable date-of-birth
     * group (the full comparison only where the surnames are one string). */
    uint64_t households = 0;
    const keyed *g = bl->sorted[K_DOB];
    for (size_t i = 0; i < bl->n[K_DOB];) {
        size_t j = i;
        while (j < bl->n[K_DOB] && g[j].hash == g[i].hash)
            j++;
        for (size_t x = i; x < j && bl->len[K_DOB][g[i].idx]; x++)
            for (size_t y = x + 1; y < j; y++) {
                const rt_link_record *ra = &e->rec[g[x].idx], *rb = &e->rec[g[y].idx];
                if (!ra->surname || !rb->surname || !ra->first || !rb->first ||
                    strcmp(ra->surname, rb->surname) != 0 || strcmp(ra->first, rb->first) == 0)
                    continue;
                int lv[RT_LF_COUNT];
                rt_link_compare(ra, rb, lv);
                households += rt_link_household(lv);
            }
        i = j;
    }
    if (households)
        mo->household_u = (double)households / all;
    if (s[K_NAMES].ran)
        memcpy(mo->names_email_u, s[K_NAMES].mo.u[RT_LF_EMAIL], sizeof mo->names_email_u);

    /* Without a usable exact key, one match per record is the most there
     * can be in a file of single records: the prior then leans to
     * caution. */
    if (best <= 0)
        best = (double)e->n / 2;
    double lambda = best / all;
    mo->lambda = lambda < 1e-12 ? 1e-12 : lambda > 0.5 ? 0.5 : lambda;
    mo->iterations = iterations;
    free(s);
    return RT_OK;
}

/* ---- clustering ------------------------------------------------------- */

typedef struct dsu {
    uint32_t *parent, *size, *next; /* next: circular list of each cluster's members */
} dsu;

static uint32_t find(dsu *d, uint32_t x)
{
    while (d->parent[x] != x) {
        d->parent[x] = d->parent[d->parent[x]];
        x = d->parent[x];
    }
    return x;
}

static int pair_desc(const void *a, const void *b)
{
    const rt_link_pair *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    if (x->a != y->a)
        return x->a < y->a ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

static void join(dsu *d, uint32_t small, uint32_t big)
{
    d->parent[small] = big;
    d->size[big] += d->size[small];
    uint32_t tmp = d->next[small];
    d->next[small] = d->next[big];
    d->next[big] = tmp;
}

typedef struct between {
    uint32_t x, y;   /* two cluster roots, x < y */
    uint32_t pairs;  /* pairs between them at or above review */
    double weight;   /* their summed weight */
} between;

static int between_by_roots(const void *a, const void *b)
{
    const between *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->y > q->y) - (p->y < q->y);
}

static int between_by_mean(const void *a, const void *b)
{
    const between *p = a, *q = b;
    double mp = p->weight / p->pairs, mq = q->weight / q->pairs;
    if (mp != mq)
        return mp > mq ? -1 : 1;
    return between_by_roots(a, b);
}

/* The least probability at which a pair counts as evidence in the second
 * stage: more likely one person than two. Fixed, so that asking for more
 * pairs to review (a lower --review) cannot make the clusters looser. */
#define RT_LINK_EVEN_ODDS 0.5

/* The second stage: two groups join when the evidence between them, taken
 * as a whole, says one person though no single link did: at least two of
 * their record pairs, and at least half of all of them, at even odds or
 * better (and at or above the review threshold, below which no pair is
 * kept). Each pass joins a group at most once, strongest mean first, so
 * the order of the input decides nothing. */
static rt_status join_groups(dsu *d, size_t n, const rt_link_pair *pairs, size_t n_pairs)
{
    between *b = malloc((n_pairs ? n_pairs : 1) * sizeof *b);
    uint8_t *touched = malloc(n ? n : 1);
    if (!b || !touched) {
        free(b);
        free(touched);
        return RT_ENOMEM;
    }
    for (int sweep = 0; sweep < 3; sweep++) {
        size_t m = 0;
        for (size_t k = 0; k < n_pairs; k++) {
            uint32_t ra = find(d, pairs[k].a), rb = find(d, pairs[k].b);
            if (ra != rb && pairs[k].probability >= RT_LINK_EVEN_ODDS)
                b[m++] = (between){ra < rb ? ra : rb, ra < rb ? rb : ra, 1, pairs[k].weight};
        }
        qsort(b, m, sizeof *b, between_by_roots);
        size_t groups = 0;
        for (size_t k = 0; k < m; k++) {
            if (groups && b[groups - 1].x == b[k].x && b[groups - 1].y == b[k].y) {
                b[groups - 1].pairs++;
                b[groups - 1].weight += b[k].weight;
            } else {
                b[groups++] = b[k];
            }
        }
        qsort(b, groups, sizeof *b, between_by_mean);
        memset(touched, 0, n);
        size_t joined = 0;
        for (size_t k = 0; k < groups; k++) {
            uint32_t x = b[k].x, y = b[k].y;
            double all = (double)d->size[x] * (double)d->size[y];
            if (touched[x] || touched[y] || b[k].pairs < 2 || 2.0 * b[k].pairs < all)
                continue;
            touched[x] = touched[y] = 1;
            if (d->size[x] <= d->size[y])
                join(d, x, y);
            else
                join(d, y, x);
            joined++;
        }
        if (!joined)
            break;
    }
    free(b);
    free(touched);
    return RT_OK;
}

rt_status rt_link_cluster(size_t n, const rt_link_pair *pairs, size_t n_pairs, double threshold,
                          uint32_t *out, size_t *refused)
{
    *refused = 0;
    /* Links as adjacency lists (compressed rows). */
    size_t links = 0;
    while (links < n_pairs && pairs[links].probability >= threshold)
        links++;
    dsu d = {malloc(n * sizeof(uint32_t)), malloc(n * sizeof(uint32_t)),
             malloc(n * sizeof(uint32_t))};
    uint32_t *row = calloc(n + 1, sizeof(uint32_t)), *fill = malloc((n + 1) * sizeof(uint32_t));
    uint32_t *col = malloc((2 * links + 1) * sizeof(uint32_t));
    rt_status st = d.parent && d.size && d.next && row && fill && col ? RT_OK : RT_ENOMEM;
    if (st != RT_OK)
        goto done;
    for (size_t i = 0; i < n; i++) {
        d.parent[i] = d.next[i] = (uint32_t)i;
        d.size[i] = 1;
    }
    for (size_t k = 0; k < links; k++) {
        row[pairs[k].a + 1]++;
        row[pairs[k].b + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        row[i + 1] += row[i];
    memcpy(fill, row, (n + 1) * sizeof(uint32_t));
    for (size_t k = 0; k < links; k++) {
        col[fill[pairs[k].a]++] = pairs[k].b;
        col[fill[pairs[k].b]++] = pairs[k].a;
    }
    for (size_t k = 0; k < links; k++) {
        uint32_t ra = find(&d, pairs[k].a), rb = find(&d, pairs[k].b);
        if (ra == rb)
            continue;
        uint32_t small = d.size[ra] <= d.size[rb] ? ra : rb, big = small == ra ? rb : ra;
        if (d.size[small] > 1) {
            uint32_t linked = 0;
            uint32_t m = small;
            do {
                for (uint32_t t = row[m]; t < row[m + 1]; t++)
                    if (find(&d, col[t]) == big) {
                        linked++;
                        break;
                    }
                m = d.next[m];
            } while (m != small);
            if (2 * linked < d.size[small]) {
                (*refused)++;
                continue;
            }
        }
        join(&d, small, big);
    }
    st = join_groups(&d, n, pairs, n_pairs);
    if (st != RT_OK)
        goto done;
    /* Name each cluster by its first record. */
    for (size_t i = 0; i < n; i++)
        out[i] = UINT32_MAX;
    for (size_t i = 0; i < n; i++) {
        uint32_t r = find(&d, (uint32_t)i);
        if (out[r] == UINT32_MAX)
            out[r] = (uint32_t)i;
        out[i] = out[r];
    }
done:
    free(d.parent);
    free(d.size);
    free(d.next);
    free(row);
    free(fill);
    free(col);
    return st;
}

/* ---- the run ---------------------------------------------------------- */

/* Term frequencies, blocking and the model: all a run needs before it
 * scores. On RT_OK *bl is the caller's to free. */
static rt_status prepare(rt_link_engine *e, const rt_link_options *o, rt_link_model *mo,
                         blocking *bl, size_t *skipped)
{
    memset(mo, 0, sizeof *mo);
    rt_status st = term_frequencies(e, 0, &mo->sum_p2[0], &mo->n_with[0]);
    if (st == RT_OK)
        st = term_frequencies(e, 1, &mo->sum_p2[1], &mo->n_with[1]);
    if (st == RT_OK)
        st = term_frequencies(e, 2, NULL, NULL);
    if (st != RT_OK)
        return st;
    if (o->progress)
        o->progress(o->progress_ctx, "blocking", 0, e->n);
    st = blocking_build(e, o->max_block, bl, skipped);
    if (st != RT_OK)
        return st;
    uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1];
    if (o->progress)
        o->progress(o->progress_ctx, "learning", 0, 1);
    sample_u(e, counts);
    rt_link_model_start(mo, counts);
    st = learn(e, bl, mo);
    if (st != RT_OK) {
        blocking_free(bl);
        return st;
    }
    rt_link_model_unmix(mo, counts);
    return st;
}

rt_status rt_link_engine_learn(rt_link_engine *e, const rt_link_options *o, rt_link_model *out)
{
    if (e->n < 2)
        return RT_EINVAL;
    blocking bl;
    size_t skipped;
    rt_status st = prepare(e, o, out, &bl, &skipped);
    if (st == RT_OK)
        blocking_free(&bl);
    return st;
}

rt_status rt_link_engine_run(rt_link_engine *e, const rt_link_options *o, rt_link_result *out)
{
    memset(out, 0, sizeof *out);
    if (e->n < 2)
        return RT_EINVAL;
    unsigned threads = o->threads;
    if (!threads) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (unsigned)cpus : 1;
    }
    if (threads > 64)
        threads = 64;
    rt_link_model *mo = &out->model;
    blocking bl;
    rt_status st = prepare(e, o, mo, &bl, &out->blocks_skipped);
    if (st != RT_OK)
        return st;
    pass *passes = calloc(threads, sizeof *passes);
    if (!passes) {
        blocking_free(&bl);
        return RT_ENOMEM;
    }
    st = run_threads(e, &bl, o, mo, passes, threads);
    blocking_free(&bl);
    size_t total = 0;
    for (unsigned t = 0; t < threads; t++) {
        total += passes[t].n_pairs;
        out->candidates += passes[t].candidates;
    }
    if (st == RT_OK) {
        out->pairs = malloc((total ? total : 1) * sizeof *out->pairs);
        if (!out->pairs)
            st = RT_ENOMEM;
    }
    for (unsigned t = 0; st == RT_OK && t < threads; t++) {
        if (passes[t].n_pairs)
            memcpy(out->pairs + out->n_pairs, passes[t].pairs,
                   passes[t].n_pairs * sizeof *out->pairs);
        out->n_pairs += passes[t].n_pairs;
    }
    passes_free(passes, threads);
    free(passes);
    if (st == RT_OK) {
        qsort(out->pairs, out->n_pairs, sizeof *out->pairs, pair_desc);
        if (o->progress)
            o->progress(o->progress_ctx, "clustering", 0, out->n_pairs);
        out->n = e->n;
        out->cluster = malloc(e->n * sizeof *out->cluster);
        st = out->cluster ? rt_link_cluster(e->n, out->pairs, out->n_pairs, o->threshold,
                                            out->cluster, &out->merges_refused)
                          : RT_ENOMEM;
    }
    if (st != RT_OK)
        rt_link_result_free(out);
    return st;
}

void rt_link_result_free(rt_link_result *r)
{
    free(r->cluster);
    free(r->pairs);
    memset(r, 0, sizeof *r);
}

/* throttle.c: sliding-window failure counts; see throttle.h.
 *
 * A small array searched linearly: the number of keys with recent
 * failures is small, and a linear scan of a few thousand entries costs
 * less than the argon2id check every attempt pays anyway. Keys are held
 * as BLAKE2b hashes, so the memory holds no user names. */
#include "throttle.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LIMIT 32

typedef struct entry {
    unsigned char key[16];
    unsigned n;                /* failures recorded, at most limit */
    int64_t at[MAX_LIMIT];     /* ring of failure times, oldest at head */
    unsigned head;
    int64_t last;
} entry;

struct rt_throttle {
    pthread_mutex_t mu;
    unsigned limit;
    int64_t window;
    unsigned capacity;
    entry *e;
};

rt_status rt_throttle_new(unsigned limit, int64_t window, unsigned capacity, rt_throttle **out)
{
    if (limit == 0 || limit > MAX_LIMIT || window <= 0 || capacity == 0)
        return RT_EINVAL;
    rt_throttle *t = calloc(1, sizeof *t);
    if (!t)
        return RT_ENOMEM;
    t->e = calloc(capacity, sizeof *t->e);
    if (!t->e || pthread_mutex_init(&t->mu, NULL) != 0) {
        free(t->e);
        free(t);
        return RT_ENOMEM;
    }
    t->limit = limit;
    t->window = window;
    t->capacity = capacity;
    *out = t;
    return RT_OK;
}

void rt_throttle_free(rt_throttle *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->mu);
    free(t->e);
    free(t);
}

static void key_hash(const char *key, unsigned char out[16])
{
    crypto_generichash(out, 16, (const unsigned char *)key, strlen(key), NULL, 0);
}

/* Drops failures older than the window. */
static void expire(rt_throttle *t, entry *e, int64_t now)
{
    while (e->n && e->at[e->head] <= now - t->window) {
        e->head = (e->head + 1) % t->limit;
        e->n--;
    }
}

static entry *find(rt_throttle *t, const unsigned char k[16])
{
    for (unsigned i = 0; i < t->capacity; i++)
        if (t->e[i].n && memcmp(t->e[i].key, k, 16) == 0)
            return &t->e[i];
    return NULL;
}

bool rt_throttle_allowed(rt_throttle *t, const char *key, int64_t now)
{
    unsigned char k[16];
    key_hash(key, k);
    pthread_mutex_lock(&t->mu);
    entry *e = find(t, k);
    bool ok = true;
    if (e) {
        expire(t, e, now);
        ok = e->n < t->limit;
    }
    pthread_mutex_unlock(&t->mu);
    return ok;
}

void rt_throttle_fail(rt_throttle *t, const char *key, int64_t now)
{
    unsigned char k[16];
    key_hash(key, k);
    pthread_mutex_lock(&t->mu);
    entry *e = find(t, k);
    if (!e) {
        /* Reuse an empty slot, else the one idle longest. */
        entry *victim = &t->e[0];
        for (unsigned i = 0; i < t->capacity; i++) {
            expire(t, &t->e[i], now);
            if (t->e[i].n == 0) {
                victim = &t->e[i];
                break;
            }
            if (t->e[i].last < victim->last)
                victim = &t->e[i];
        }
        memset(victim, 0, sizeof *victim);
        memcpy(victim->key, k, 16);
        e = victim;
    }
    expire(t, e, now);
    if (e->n == t->limit) {
        e->head = (e->head + 1) % t->limit;
        e->n--;
    }
    e->at[(e->head + e->n) % t->limit] = now;
    e->n++;
    e->last = now;
    pthread_mutex_unlock(&t->mu);
}

void rt_throttle_clear(rt_throttle *t, const char *key)
{
    unsigned char k[16];
    key_hash(key, k);
    pthread_mutex_lock(&t->mu);
    entry *e = find(t, k);
    if (e)
        memset(e, 0, sizeof *e);
    pthread_mutex_unlock(&t->mu);
}

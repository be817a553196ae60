/* linkage_model.h: the record-linkage model a deployment learns from its
 * own referrals (src/link), kept between requests by rt_app.
 *
 * The model and the name frequencies it scores with are learnt from every
 * referral's person when there is none yet, and again whenever the
 * referrals have grown by a tenth. Owned by the rt_app that made it;
 * rt_app_clear frees it. */
#ifndef RT_APP_LINKAGE_MODEL_H
#define RT_APP_LINKAGE_MODEL_H

#include <pthread.h>
#include <stdint.h>
#include "../core/referral.h"
#include "../link/engine.h"
#include "../store/store.h"

typedef struct name_count {
    char *name;
    uint32_t count;
} name_count;

struct rt_identity_cache {
    pthread_mutex_t lock;
    rt_link_model model;
    size_t learnt_from;          /* referrals the model was learnt from */
    name_count *names[2];        /* first names and surnames with their counts */
    size_t n_names[2];
};

/* The person referral r is about, as the linkage engine reads one; the
 * strings are r's. */
rt_link_input rt_identity_person_of(const rt_referral *r);

/* A new, empty cache into *out (free with rt_identity_cache_free). */
rt_status rt_identity_cache_new(struct rt_identity_cache **out);
void rt_identity_cache_free(struct rt_identity_cache *c);

/* How many referrals share name as field t (0: given name, 1: family
 * name) when the model was learnt; 1 for a name never seen. */
uint32_t rt_identity_cache_count(const struct rt_identity_cache *c, int t, const char *name);

/* Learns the model from store's referrals when there is none yet or the
 * referrals have grown by a tenth since. Called with c->lock held. */
rt_status rt_identity_cache_refresh(struct rt_identity_cache *c, rt_store *store);

#endif

/* linkage_model.c: the deployment's linkage model; see linkage_model.h. */
#include "linkage_model.h"

#include <stdlib.h>
#include <string.h>

/* The person a referral is about, as the linkage engine reads one. */
rt_link_input rt_identity_person_of(const rt_referral *r)
{
    return (rt_link_input){r->id[0] ? r->id : "new",
                           r->field[RT_RF_VICTIM_GIVEN_NAME],
                           r->field[RT_RF_VICTIM_FAMILY_NAME],
                           r->field[RT_RF_VICTIM_DOB],
                           r->field[RT_RF_VICTIM_POSTCODE],
                           NULL,
                           r->field[RT_RF_VICTIM_EMAIL],
                           r->field[RT_RF_VICTIM_PHONE],
                           r->field[RT_RF_VICTIM_GENDER]};
}

rt_status rt_identity_cache_new(struct rt_identity_cache **out)
{
    *out = NULL;
    struct rt_identity_cache *c = calloc(1, sizeof *c);
    if (!c)
        return RT_ENOMEM;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return RT_ENOMEM;
    }
    *out = c;
    return RT_OK;
}

static void names_free(struct rt_identity_cache *c)
{
    for (int t = 0; t < 2; t++) {
        for (size_t i = 0; i < c->n_names[t]; i++)
            free(c->names[t][i].name);
        free(c->names[t]);
        c->names[t] = NULL;
        c->n_names[t] = 0;
    }
}

void rt_identity_cache_free(struct rt_identity_cache *c)
{
    if (!c)
        return;
    names_free(c);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(((const name_count *)a)->name, ((const name_count *)b)->name);
}

uint32_t rt_identity_cache_count(const struct rt_identity_cache *c, int t, const char *name)
{
    if (!name || !c->n_names[t])
        return 1;
    name_count key = {(char *)name, 0};
    const name_count *hit = bsearch(&key, c->names[t], c->n_names[t], sizeof key, name_cmp);
    return hit ? hit->count : 1;
}

/* Keeps each distinct name of field t with its count. */
static rt_status keep_names(struct rt_identity_cache *c, const rt_link_engine *e, int t)
{
    size_t n = rt_link_engine_count(e);
    name_count *list = calloc(n ? n : 1, sizeof *list);
    if (!list)
        return RT_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const rt_link_record *r = rt_link_engine_record(e, i);
        const char *v = t == 0 ? r->first : r->surname;
        if (!v)
            continue;
        list[k].name = (char *)v;
        list[k++].count = t == 0 ? r->tf_first : r->tf_surname;
    }
    qsort(list, k, sizeof *list, name_cmp);
    size_t m = 0;
    for (size_t i = 0; i < k; i++) {
        if (m && strcmp(list[m - 1].name, list[i].name) == 0)
            continue;
        list[m++] = list[i];
    }
    for (size_t i = 0; i < m; i++)
        if (!(list[i].name = strdup(list[i].name))) {
            for (size_t j = 0; j < i; j++)
                free(list[j].name);
            free(list);
            return RT_ENOMEM;
        }
    c->names[t] = list;
    c->n_names[t] = m;
    return RT_OK;
}

/* Learns the model from every referral's person when there is none yet
 * or the referrals have grown by a tenth since. Called with c->lock. */
rt_status rt_identity_cache_refresh(struct rt_identity_cache *c, rt_store *store)
{
    size_t count;
    rt_status st = rt_store_referral_count(store, &count);
    if (st != RT_OK)
        return st;
    if (c->learnt_from && count * 10 < c->learnt_from * 11)
        return RT_OK;
    rt_referral *list;
    size_t n;
    st = rt_store_referral_list(store, &list, &n);
    if (st != RT_OK)
        return st;
    rt_link_engine *e;
    st = rt_link_engine_new(&e);
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        rt_link_input in = rt_identity_person_of(&list[i]);
        const char *bad;
        /* A referral whose person cannot be read teaches nothing. */
        if (rt_link_engine_add(e, &in, &bad) == RT_ENOMEM)
            st = RT_ENOMEM;
    }
    rt_referral_list_free(list, n);
    rt_link_options o;
    rt_link_options_default(&o);
    rt_link_model mo;
    if (st == RT_OK && rt_link_engine_count(e) >= 2) {
        st = rt_link_engine_learn(e, &o, &mo);
        if (st == RT_OK) {
            names_free(c);
            st = keep_names(c, e, 0);
            if (st == RT_OK)
                st = keep_names(c, e, 1);
            c->model = mo;
            c->learnt_from = count;
        }
    }
    rt_link_engine_free(e);
    return st;
}

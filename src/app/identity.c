/* identity.c: matching a referral's person to earlier referrals, and the
 * coordinator's decisions; see identity.h. */
#include "identity.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "../core/field.h"
#include "../core/policy.h"
#include "../link/text.h"
#include "exclusions.h"
#include "linkage_model.h"
#include "person.h"

rt_status rt_identity_keys_of(const rt_referral *r, rt_identity_keys *ks)
{
    ks->n = 0;
    rt_link_engine *e;
    rt_status st = rt_link_engine_new(&e);
    if (st != RT_OK)
        return st;
    rt_link_input in = rt_identity_person_of(r);
    const char *bad;
    st = rt_link_engine_add(e, &in, &bad);
    if (st == RT_OK) {
        const rt_link_record *rec = rt_link_engine_record(e, 0);
        for (int k = 0; k < RT_LINK_KEYS; k++)
            if (rt_link_block_key(rec, k, ks->text[ks->n])) {
                ks->key[ks->n] = ks->text[ks->n];
                ks->n++;
            }
    }
    rt_link_engine_free(e);
    return st == RT_EINVAL ? RT_OK : st;
}

/* ---- the model, learnt from the deployment's referrals ----------------- */

static rt_status cache_of(rt_app *app, struct rt_identity_cache **out)
{
    /* Made on first use; rt_app_init runs before any request thread. */
    static pthread_mutex_t make = PTHREAD_MUTEX_INITIALIZER;
    pthread_mutex_lock(&make);
    rt_status st = app->identity ? RT_OK : rt_identity_cache_new(&app->identity);
    pthread_mutex_unlock(&make);
    *out = app->identity;
    return st;
}

/* ---- matching ----------------------------------------------------------- */

/* Appends id to the list of *n ids unless it is there already. */
void rt_matches_free(rt_match *m, size_t n)
{
    for (size_t i = 0; m && i < n; i++)
        rt_referral_clear(&m[i].other);
    free(m);
}

static int match_cmp(const void *a, const void *b)
{
    const rt_match *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight > y->weight ? -1 : 1;
    return strcmp(x->other.id, y->other.id);
}

/* Scores the pair (a, b) with the cached model. */
static rt_status score(struct rt_identity_cache *c, const rt_referral *a, const rt_referral *b,
                       rt_match *m)
{
    rt_link_engine *e;
    rt_status st = rt_link_engine_new(&e);
    if (st != RT_OK)
        return st;
    rt_link_input ia = rt_identity_person_of(a), ib = rt_identity_person_of(b);
    const char *bad;
    st = rt_link_engine_add(e, &ia, &bad);
    if (st == RT_OK)
        st = rt_link_engine_add(e, &ib, &bad);
    if (st == RT_OK) {
        rt_link_record ra = *rt_link_engine_record(e, 0);
        const rt_link_record *rb = rt_link_engine_record(e, 1);
        ra.tf_first = rt_identity_cache_count(c, 0, ra.first);
        ra.tf_surname = rt_identity_cache_count(c, 1, ra.surname);
        rt_link_compare(&ra, rb, m->levels);
        m->weight = rt_link_weight(&c->model, m->levels, &ra, m->parts);
        m->probability = rt_link_probability(m->weight);
    }
    rt_link_engine_free(e);
    return st;
}

/* Reads candidate referral id into m->other and scores it against r.
 * *found is false (and m holds nothing) if it no longer exists; a person
 * that cannot be read scores 0. Called with c->lock. */
static rt_status load_and_score(rt_app *app, struct rt_identity_cache *c, const rt_referral *r,
                                const char *id, rt_match *m, bool *found)
{
    memset(m, 0, sizeof *m);
    *found = false;
    rt_status st = rt_store_referral_get(app->store, id, &m->other);
    if (st == RT_ENOTFOUND)
        return RT_OK;
    if (st != RT_OK)
        return st;
    *found = true;
    st = score(c, r, &m->other, m);
    if (st == RT_EINVAL) {
        m->probability = 0;
        st = RT_OK;
    }
    if (st != RT_OK)
        rt_referral_clear(&m->other);
    return st;
}

rt_status rt_app_identity_matches(rt_app *app, const rt_principal *who, const char *id,
                                  const char *address, int64_t now, rt_match **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_IDENTITY))
        return RT_EDENIED;
    rt_referral r;
    rt_detail detail;
    rt_status st = rt_app_referral_get(app, who, id, address, now, &r, &detail);
    if (st != RT_OK)
        return st;
    rt_identity_keys ks;
    char(*ids)[RT_ID_HEX + 1] = NULL;
    size_t n_ids = 0;
    rt_identity *decisions = NULL;
    size_t n_decisions = 0;
    struct rt_identity_cache *c = NULL;
    st = rt_identity_keys_of(&r, &ks);
    if (st == RT_OK)
        st = rt_store_link_candidates(app->store, ks.key, ks.n, RT_LINK_MAX_BLOCK, id, &ids,
                                          &n_ids);
    if (st == RT_OK)
        st = rt_store_identity_list(app->store, id, &decisions, &n_decisions);
    /* Referrals with a standing decision are shown whatever their score. */
    for (size_t d = 0; st == RT_OK && d < n_decisions; d++) {
        if (decisions[d].undone_at)
            continue;
        st = rt_id_list_add(&ids, &n_ids,
                        strcmp(decisions[d].a, id) == 0 ? decisions[d].b : decisions[d].a);
    }
    if (st == RT_OK)
        st = cache_of(app, &c);
    rt_match *list = NULL;
    size_t count = 0;
    if (st == RT_OK && n_ids) {
        list = calloc(n_ids, sizeof *list);
        if (!list)
            st = RT_ENOMEM;
    }
    if (st == RT_OK && n_ids) {
        pthread_mutex_lock(&c->lock);
        st = rt_identity_cache_refresh(c, app->store);
        for (size_t i = 0; st == RT_OK && i < n_ids; i++) {
            rt_match *m = &list[count];
            bool found;
            st = load_and_score(app, c, &r, ids[i], m, &found);
            if (st != RT_OK || !found)
                continue;
            for (size_t d = 0; st == RT_OK && d < n_decisions; d++)
                if (!decisions[d].undone_at &&
                    (strcmp(decisions[d].a, ids[i]) == 0 || strcmp(decisions[d].b, ids[i]) == 0)) {
                    m->decided = true;
                    m->same = decisions[d].same;
                    memcpy(m->decision_id, decisions[d].id, sizeof m->decision_id);
                }
            if (st == RT_OK)
                st = rt_app_referral_decide(app, who, &m->other, now, &m->detail);
            bool keep = st == RT_OK && m->detail > RT_DETAIL_NONE &&
                        (m->decided || m->probability >= 0.5);
            char fields[RT_AUDIT_FIELDS_MAX + 1];
            if (keep)
                st = rt_referral_visible_fields(m->detail, fields, sizeof fields);
            if (keep && st == RT_OK)
                st = rt_app_audit(app, who->user.id, RT_AUDIT_IDENTITY_MATCH, "referral", ids[i],
                                  fields[0] ? fields : NULL, address, now, "ok");
            if (keep && st == RT_OK)
                count++;
            else
                rt_referral_clear(&m->other);
        }
        pthread_mutex_unlock(&c->lock);
    }
    free(ids);
    rt_identity_list_free(decisions, n_decisions);
    rt_referral_clear(&r);
    if (st != RT_OK) {
        rt_matches_free(list, count);
        return st;
    }
    if (count > 1)
        qsort(list, count, sizeof *list, match_cmp);
    *out = list;
    *n = count;
    return RT_OK;
}

/* ---- decisions ----------------------------------------------------------- */

/* True if who may see referral id at all. */
static rt_status visible(rt_app *app, const rt_principal *who, const char *id, int64_t now)
{
    rt_referral r;
    rt_detail detail = RT_DETAIL_NONE;
    rt_status st = rt_app_referral_load(app, who, id, now, &r, &detail);
    if (st == RT_OK)
        rt_referral_clear(&r);
    return st == RT_OK && detail == RT_DETAIL_NONE ? RT_ENOTFOUND : st;
}

rt_status rt_app_identity_decide(rt_app *app, const rt_principal *who, const char *id,
                                 const char *other, bool same, const char *reason,
                                 const char *address, int64_t now, rt_identity *out,
                                 const char **field)
{
    memset(out, 0, sizeof *out);
    *field = NULL;
    if (!rt_policy_may(who->user.role, RT_ACT_IDENTITY)) {
        rt_status st = rt_app_audit(app, who->user.id, RT_AUDIT_IDENTITY_DECIDE, "referral", id,
                                    NULL, address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (!other || strlen(other) != RT_ID_HEX || strcmp(id, other) == 0)
        *field = "other";
    else if (!rt_reason_acceptable(reason, RT_IDENTITY_MIN_REASON))
        *field = "reason";
    if (*field)
        return RT_EINVAL;
    rt_status st = visible(app, who, id, now);
    if (st == RT_OK)
        st = visible(app, who, other, now);
    if (st == RT_ENOTFOUND) {
        /* Refused as if absent, and recorded against the record asked for. */
        rt_status a = rt_app_audit(app, who->user.id, RT_AUDIT_IDENTITY_DECIDE, "referral", id,
                                   NULL, address, now, "denied");
        return a == RT_OK ? st : a;
    }
    if (st != RT_OK)
        return st;
    snprintf(out->a, sizeof out->a, "%s", id);
    snprintf(out->b, sizeof out->b, "%s", other);
    memcpy(out->decided_by, who->user.id, sizeof out->decided_by);
    out->same = same;
    out->decided_at = now;
    out->reason = strdup(reason);
    if (!out->reason)
        return RT_ENOMEM;
    /* The decision and its audit entries: all or none. */
    st = rt_app_tx_begin(app);
    if (st == RT_OK) {
        st = rt_store_identity_add(app->store, out);
        rt_audit_action action = same ? RT_AUDIT_IDENTITY_SAME : RT_AUDIT_IDENTITY_DIFFERENT;
        if (st == RT_OK)
            st = rt_app_audit(app, who->user.id, action, "referral", id, "identity", address, now,
                              "ok");
        if (st == RT_OK)
            st = rt_app_audit(app, who->user.id, action, "referral", other, "identity", address,
                              now, "ok");
        /* One person now: an exclusion from either referral stands on both. */
        if (st == RT_OK && same)
            st = rt_app_exclusions_follow(app, who, id, address, now);
        st = rt_app_tx_end(app, st);
    }
    if (st != RT_OK) {
        free(out->reason);
        memset(out, 0, sizeof *out);
    }
    return st;
}

rt_status rt_app_identity_undo(rt_app *app, const rt_principal *who, const char *decision_id,
                               const char *address, int64_t now)
{
    if (!rt_policy_may(who->user.role, RT_ACT_IDENTITY)) {
        rt_status a = rt_app_audit(app, who->user.id, RT_AUDIT_IDENTITY_UNDO, "identity",
                                   decision_id, NULL, address, now, "denied");
        return a == RT_OK ? RT_EDENIED : a;
    }
    /* Only someone who may see both referrals undoes what joins them:
     * an exclusion from either case stands here too. */
    rt_identity d;
    rt_status st = rt_store_identity_get(app->store, decision_id, &d);
    if (st == RT_OK) {
        st = visible(app, who, d.a, now);
        if (st == RT_OK)
            st = visible(app, who, d.b, now);
        free(d.reason);
    }
    if (st == RT_ENOTFOUND) {
        rt_status a = rt_app_audit(app, who->user.id, RT_AUDIT_IDENTITY_UNDO, "identity",
                                   decision_id, NULL, address, now, "denied");
        return a == RT_OK ? st : a;
    }
    if (st != RT_OK)
        return st;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_identity_undo(app->store, decision_id, who->user.id, now);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, RT_AUDIT_IDENTITY_UNDO, "identity", decision_id, NULL,
                          address, now, "ok");
    return rt_app_tx_end(app, st);
}

/* True if any person causing harm on a has a name matching one on b. */
static bool same_perpetrator(const rt_referral *a, const rt_referral *b)
{
    for (size_t i = 0; i < a->n_parties[RT_PARTY_PERPETRATOR]; i++)
        for (size_t j = 0; j < b->n_parties[RT_PARTY_PERPETRATOR]; j++) {
            char *x = NULL, *y = NULL;
            bool match = rt_link_norm_name(a->parties[RT_PARTY_PERPETRATOR][i].field[0], &x) ==
                             RT_OK &&
                         rt_link_norm_name(b->parties[RT_PARTY_PERPETRATOR][j].field[0], &y) ==
                             RT_OK &&
                         *x && *y && rt_link_jaro_winkler(x, y) >= 0.92;
            free(x);
            free(y);
            if (match)
                return true;
        }
    return false;
}

rt_status rt_identity_repeat(rt_app *app, const rt_referral *r, char earlier[RT_ID_HEX + 1])
{
    earlier[0] = '\0';
    rt_date at;
    if (!r->field[RT_RF_REFERRAL_DATE] ||
        rt_date_parse(r->field[RT_RF_REFERRAL_DATE], &at) != RT_OK)
        return RT_OK;
    char(*ids)[RT_ID_HEX + 1];
    size_t n;
    rt_status st = rt_person_referrals(app, r->id, &ids, &n);
    int months = rt_risk_default_tool()->repeat_months;
    for (size_t i = 0; st == RT_OK && i < n && !earlier[0]; i++) {
        rt_referral o;
        st = rt_store_referral_get(app->store, ids[i], &o);
        if (st == RT_ENOTFOUND) {
            st = RT_OK;
            continue;
        }
        rt_date then;
        if (st == RT_OK && o.field[RT_RF_REFERRAL_DATE] &&
            rt_date_parse(o.field[RT_RF_REFERRAL_DATE], &then) == RT_OK &&
            rt_date_cmp(then, at) <= 0 &&
            (rt_date_cmp(then, at) < 0 || o.created_at < r->created_at) &&
            rt_date_within_months(then, at, months) && same_perpetrator(r, &o))
            memcpy(earlier, o.id, RT_ID_HEX + 1);
        rt_referral_clear(&o);
    }
    free(ids);
    return st;
}

/* One person causing harm, normalised for comparison. */
typedef struct harm {
    size_t referral;
    char *name;
    const char *dob;
} harm;

/* True if the people the referrals i and j are about are, as far as is
 * known, one person: same name and birth date, or a standing decision. */
static rt_status same_victim(rt_app *app, const rt_referral *a, const rt_referral *b, bool *same)
{
    const char *ga = a->field[RT_RF_VICTIM_GIVEN_NAME], *gb = b->field[RT_RF_VICTIM_GIVEN_NAME];
    const char *fa = a->field[RT_RF_VICTIM_FAMILY_NAME], *fb = b->field[RT_RF_VICTIM_FAMILY_NAME];
    const char *da = a->field[RT_RF_VICTIM_DOB], *db = b->field[RT_RF_VICTIM_DOB];
    *same = ga && gb && fa && fb && da && db && strcasecmp(ga, gb) == 0 &&
            strcasecmp(fa, fb) == 0 && strcmp(da, db) == 0;
    if (*same)
        return RT_OK;
    char(*ids)[RT_ID_HEX + 1];
    size_t n;
    rt_status st = rt_person_referrals(app, a->id, &ids, &n);
    for (size_t i = 0; st == RT_OK && i < n && !*same; i++)
        *same = strcmp(ids[i], b->id) == 0;
    if (st == RT_OK)
        free(ids);
    return st;
}

rt_status rt_identity_mark_serial(rt_app *app, rt_referral *list, size_t n, const bool *focus)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += list[i].n_parties[RT_PARTY_PERPETRATOR];
    harm *h = calloc(total ? total : 1, sizeof *h);
    if (!h)
        return RT_ENOMEM;
    size_t k = 0;
    rt_status st = RT_OK;
    for (size_t i = 0; st == RT_OK && i < n; i++)
        for (size_t p = 0; st == RT_OK && p < list[i].n_parties[RT_PARTY_PERPETRATOR]; p++) {
            const rt_party *party = &list[i].parties[RT_PARTY_PERPETRATOR][p];
            char *name = NULL;
            st = rt_link_norm_name(party->field[0], &name);
            if (st == RT_EINVAL)
                st = RT_OK; /* unreadable: not compared */
            else if (st == RT_OK && name && *name)
                h[k++] = (harm){i, name, party->field[1]};
            else
                free(name);
        }
    for (size_t x = 0; st == RT_OK && x < k; x++)
        for (size_t y = x + 1; st == RT_OK && y < k; y++) {
            if (focus && !focus[h[x].referral] && !focus[h[y].referral])
                continue;
            rt_referral *a = &list[h[x].referral], *b = &list[h[y].referral];
            if (a == b || (a->serial_perpetrator && b->serial_perpetrator))
                continue;
            if (h[x].dob && h[y].dob && strcmp(h[x].dob, h[y].dob) != 0)
                continue;
            if (rt_link_jaro_winkler(h[x].name, h[y].name) < 0.92)
                continue;
            bool same;
            st = same_victim(app, a, b, &same);
            if (st == RT_OK && !same)
                a->serial_perpetrator = b->serial_perpetrator = true;
        }
    for (size_t x = 0; x < k; x++)
        free(h[x].name);
    free(h);
    return st;
}

rt_status rt_identity_screen(rt_app *app, const rt_referral *r, const rt_identity_keys *ks,
                             int64_t now)
{
    char(*ids)[RT_ID_HEX + 1] = NULL;
    size_t n_ids = 0;
    rt_status st = rt_store_link_candidates(app->store, ks->key, ks->n, RT_LINK_MAX_BLOCK,
                                            r->id, &ids, &n_ids);
    struct rt_identity_cache *c = NULL;
    if (st == RT_OK && n_ids)
        st = cache_of(app, &c);
    /* The likely earlier referrals are moved to the front of ids. */
    size_t likely = 0;
    if (st == RT_OK && n_ids) {
        pthread_mutex_lock(&c->lock);
        st = rt_identity_cache_refresh(c, app->store);
        for (size_t i = 0; st == RT_OK && i < n_ids; i++) {
            rt_match m;
            bool found;
            st = load_and_score(app, c, r, ids[i], &m, &found);
            if (st == RT_OK && found && m.probability >= 0.5)
                memmove(ids[likely++], ids[i], sizeof ids[i]);
            rt_referral_clear(&m.other);
        }
        pthread_mutex_unlock(&c->lock);
    }
    /* Only a screening that read other referrals is a read to record; its
     * audit entry and the notices are one transaction, begun after the
     * scoring (which may learn the model) so that nobody waits on it. */
    if (st != RT_OK || !n_ids) {
        free(ids);
        return st;
    }
    st = rt_app_tx_begin(app);
    if (st != RT_OK) {
        free(ids);
        return st;
    }
    st = rt_app_audit(app, NULL, RT_AUDIT_IDENTITY_SCREEN, "referral", r->id, NULL, NULL, now,
                      likely ? "possible_match" : "ok");
    rt_user *users = NULL;
    size_t n = 0;
    if (st == RT_OK && likely)
        st = rt_store_user_list(app->store, &users, &n);
    /* Every coordinator of a Marac hearing it; no other Marac's. */
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        if (users[i].disabled || !rt_policy_may(users[i].role, RT_ACT_IDENTITY))
            continue;
        /* Someone excluded from an earlier referral of the person is not
         * told that one exists. */
        bool excluded = false;
        for (size_t k = 0; st == RT_OK && k < likely && !excluded; k++)
            st = rt_app_excluded(app, users[i].id, ids[k], now, &excluded);
        bool told = false;
        if (st == RT_OK && !excluded)
            st = rt_app_in_patch(app, &users[i], r, now, &told);
        if (st == RT_OK && told)
            st = rt_store_notice_add(app->store, users[i].id, "possible_match", NULL, r->id, now);
    }
    rt_user_list_free(users, n);
    free(ids);
    return rt_app_tx_end(app, st);
}

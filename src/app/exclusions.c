/* exclusions.c: exclusions from a case; see exclusions.h. */
#include "exclusions.h"

#include <stdlib.h>
#include <string.h>
#include "../core/access.h"
#include "../core/field.h"
#include "../core/policy.h"
#include "person.h"

/* ---- asking ------------------------------------------------------------- */

rt_status rt_app_exclusions_of(rt_app *app, const rt_principal *who, rt_exclusion_set *out)
{
    memset(out, 0, sizeof *out);
    return rt_store_excluded_referrals(app->store, who->user.id, &out->ids, &out->n);
}

bool rt_exclusion_set_has(const rt_exclusion_set *s, const char *referral_id)
{
    for (size_t i = 0; referral_id && i < s->n; i++)
        if (strcmp(s->ids[i], referral_id) == 0)
            return true;
    return false;
}

void rt_exclusion_set_clear(rt_exclusion_set *s)
{
    if (!s)
        return;
    free(s->ids);
    memset(s, 0, sizeof *s);
}

/* ---- holders ------------------------------------------------------------ */

/* Whether a user related to a case as rel holds it: the coordinator or
 * chair of a Marac hearing it, the manager of the Idva service holding
 * it. An exclusion wins here too. */
static bool holder(rt_role role, const rt_relation *rel)
{
    if (rel->excluded)
        return false;
    return ((role == RT_ROLE_COORDINATOR || role == RT_ROLE_CHAIR) && rel->marac_hearing) ||
           (role == RT_ROLE_IDVA_MANAGER && rel->manages_idva);
}

/* Whether who holds referral id. RT_ENOTFOUND if it does not exist. */
static rt_status holds(rt_app *app, const rt_principal *who, const char *id, int64_t now,
                       bool *yes)
{
    *yes = false;
    rt_referral r = {0};
    rt_status st = rt_store_referral_get(app->store, id, &r);
    if (st != RT_OK)
        return st;
    rt_relation rel;
    st = rt_app_relation(app, who, &r, now, &rel);
    rt_referral_clear(&r);
    if (st == RT_OK)
        *yes = holder(who->user.role, &rel);
    return st;
}

/* The policy, then whether who holds referral id: RT_OK, or the refusal
 * (RT_EDENIED, RT_ENOTFOUND) audited as action. */
static rt_status holder_only(rt_app *app, const rt_principal *who, rt_audit_action action,
                             const char *id, const char *address, int64_t now)
{
    rt_status st = rt_policy_may(who->user.role, RT_ACT_REFERRAL_EXCLUDE) ? RT_OK : RT_EDENIED;
    bool yes = false;
    if (st == RT_OK)
        st = holds(app, who, id, now, &yes);
    if (st == RT_OK && !yes)
        st = RT_ENOTFOUND;
    if (st == RT_EDENIED || st == RT_ENOTFOUND) {
        rt_status a = rt_app_audit(app, who->user.id, action, "referral", id, NULL, address, now,
                                   "denied");
        return a == RT_OK ? st : a;
    }
    return st;
}

/* Whether user u, neither a coordinator nor a chair, holds or is
 * allocated the case c of a referral (has_case: there is one): the Idva
 * allocated it, the manager of the service holding it. Asked of the case
 * read once, not of a relation worked out per user. */
static bool case_holder(const rt_user *u, bool has_case, const rt_case *c)
{
    if (!has_case)
        return false;
    bool held_here = u->agency_code && strcmp(c->service, u->agency_code) == 0;
    return strcmp(c->idva_id, u->id) == 0 || (u->role == RT_ROLE_IDVA_MANAGER && held_here);
}

/* Leaves a notice of kind about referral id for everyone who holds it or
 * is the Idva allocated to it, but who (who acted) and except_id (the
 * excluded user, who is not told). No case content: a kind and an id.
 * The case is read once; only a coordinator's or chair's patch needs
 * their own reads, and only a user who would be told is asked about
 * exclusions. */
static rt_status notify_holders(rt_app *app, const rt_principal *who, const char *id,
                                const char *except_id, const char *kind, int64_t now)
{
    rt_referral r = {0};
    rt_status st = rt_store_referral_get(app->store, id, &r);
    if (st != RT_OK)
        return st;
    rt_case c;
    st = rt_store_case_by_referral(app->store, id, &c);
    bool has_case = st == RT_OK;
    if (st == RT_ENOTFOUND)
        st = RT_OK;
    rt_user *users = NULL;
    size_t n = 0;
    if (st == RT_OK)
        st = rt_store_user_list(app->store, &users, &n);
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        rt_role role = users[i].role;
        if (users[i].disabled || strcmp(users[i].id, who->user.id) == 0 ||
            strcmp(users[i].id, except_id) == 0)
            continue;
        bool told = false;
        if (role == RT_ROLE_COORDINATOR || role == RT_ROLE_CHAIR) {
            /* Borrows the user; the patch is read for the relation. */
            rt_principal p;
            memset(&p, 0, sizeof p);
            p.user = users[i];
            rt_relation rel;
            st = rt_app_relation(app, &p, &r, now, &rel);
            told = st == RT_OK && holder(role, &rel);
        } else if (role == RT_ROLE_IDVA || role == RT_ROLE_IDVA_MANAGER) {
            bool excluded = false;
            told = case_holder(&users[i], has_case, &c);
            if (told)
                st = rt_app_excluded(app, users[i].id, id, now, &excluded);
            told = told && !excluded;
        }
        if (st == RT_OK && told)
            st = rt_store_notice_add(app->store, users[i].id, kind, who->user.id, id, now);
    }
    rt_user_list_free(users, n);
    rt_referral_clear(&r);
    return st;
}

/* ---- following the person ----------------------------------------------- */

/* Sets the standing exclusion x on each referral of ids (but its own)
 * the excluded user is not yet excluded from, as one that follows x's
 * origin (x itself when it was set by hand): same user, same reason
 * (sealed again, bound to its new row), same setter. The holders of each
 * get a notice, the excluded user none; each is audited as a follow by
 * who, whose step (an exclusion, an identity decision) brought it. */
static rt_status follow_onto(rt_app *app, const rt_principal *who, const rt_exclusion *x,
                             char (*ids)[RT_ID_HEX + 1], size_t n, const char *address,
                             int64_t now)
{
    rt_status st = RT_OK;
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        if (strcmp(ids[i], x->referral_id) == 0)
            continue;
        bool already = false;
        st = rt_app_excluded(app, x->user_id, ids[i], now, &already);
        if (st != RT_OK || already)
            continue;
        rt_grant g = {.kind = RT_GRANT_EXCLUSION, .user_id = x->user_id, .referral_id = ids[i],
                      .reason = x->reason, .by_user_id = x->by_user_id[0] ? x->by_user_id : NULL,
                      .created_at = now, .origin_id = x->origin_id[0] ? x->origin_id : x->id};
        st = rt_store_grant_add(app->store, &g);
        if (st == RT_OK)
            st = notify_holders(app, who, ids[i], x->user_id, "exclusion", now);
        if (st == RT_OK)
            st = rt_app_audit(app, who->user.id, RT_AUDIT_REFERRAL_EXCLUSION_FOLLOW, "referral",
                              ids[i], "user,reason", address, now, "ok");
    }
    return st;
}

rt_status rt_app_exclusions_follow(rt_app *app, const rt_principal *who, const char *id,
                                   const char *address, int64_t now)
{
    char(*ids)[RT_ID_HEX + 1] = NULL;
    size_t n = 0;
    rt_status st = rt_person_referrals(app, id, &ids, &n);
    if (st == RT_OK)
        st = rt_id_list_add(&ids, &n, id);
    /* Only the exclusions standing when this began: those set here are
     * already on every referral of the person. */
    for (size_t r = 0; st == RT_OK && n > 1 && r < n; r++) {
        rt_exclusion *list = NULL;
        size_t count = 0;
        char of[RT_ID_HEX + 1];
        memcpy(of, ids[r], sizeof of);
        st = rt_store_exclusion_list(app->store, of, &list, &count);
        for (size_t k = 0; st == RT_OK && k < count; k++)
            if (!list[k].lifted_at)
                st = follow_onto(app, who, &list[k], ids, n, address, now);
        rt_exclusion_list_free(list, count);
    }
    free(ids);
    return st;
}

/* ---- setting and lifting ------------------------------------------------ */

rt_status rt_app_exclude(rt_app *app, const rt_principal *who, const char *id,
                         const char *username, const char *reason, const char *address,
                         int64_t now, char out_id[RT_ID_HEX + 1], const char **field)
{
    out_id[0] = '\0';
    *field = NULL;
    rt_status st = holder_only(app, who, RT_AUDIT_REFERRAL_EXCLUDE, id, address, now);
    if (st != RT_OK)
        return st;
    /* The exclusion, the notices and the audit entry: all or none. */
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    rt_user u = {0};
    if (!username || rt_store_user_by_username(app->store, username, &u) != RT_OK ||
        u.disabled) {
        *field = "username";
        st = RT_EINVAL;
    } else if (!rt_reason_acceptable(reason, RT_BREAK_GLASS_MIN_REASON)) {
        *field = "reason";
        st = RT_EINVAL;
    }
    bool already = false;
    if (st == RT_OK)
        st = rt_app_excluded(app, u.id, id, now, &already);
    if (st == RT_OK && already) {
        *field = "username";
        st = RT_EEXISTS;
    }
    rt_grant g = {.kind = RT_GRANT_EXCLUSION, .user_id = u.id, .referral_id = id,
                  .reason = reason, .by_user_id = who->user.id, .created_at = now};
    if (st == RT_OK)
        st = rt_store_grant_add(app->store, &g);
    if (st == RT_OK)
        st = notify_holders(app, who, id, u.id, "exclusion", now);
    if (st == RT_OK)
        st = rt_app_exclusions_follow(app, who, id, address, now);
    rt_user_clear(&u);
    st = rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_REFERRAL_EXCLUDE, "referral", id,
                             "user,reason", address, now, "refused");
    if (st == RT_OK)
        memcpy(out_id, g.id, RT_ID_HEX + 1);
    return st;
}

/* Lifts, for the same reason, the exclusions that followed x to other
 * referrals of the person: what one holder set by hand is lifted with
 * it. The holders of each are told; each lifting is audited. */
static rt_status lift_followers(rt_app *app, const rt_principal *who, const rt_exclusion *x,
                                const char *reason, const char *address, int64_t now)
{
    rt_exclusion *list = NULL;
    size_t n = 0;
    rt_status st = rt_store_exclusions_following(app->store, x->id, &list, &n);
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        st = rt_store_exclusion_lift(app->store, list[i].id, list[i].referral_id, who->user.id,
                                     reason, now);
        if (st == RT_OK)
            st = notify_holders(app, who, list[i].referral_id, list[i].user_id,
                                "exclusion_lifted", now);
        if (st == RT_OK)
            st = rt_app_audit(app, who->user.id, RT_AUDIT_REFERRAL_EXCLUSION_LIFT, "referral",
                              list[i].referral_id, "lifted_at,lifted_by,lift_reason", address,
                              now, "ok");
    }
    rt_exclusion_list_free(list, n);
    return st;
}

rt_status rt_app_exclusion_lift(rt_app *app, const rt_principal *who, const char *id,
                                const char *exclusion_id, const char *reason,
                                const char *address, int64_t now, const char **field)
{
    *field = NULL;
    rt_status st = holder_only(app, who, RT_AUDIT_REFERRAL_EXCLUSION_LIFT, id, address, now);
    if (st != RT_OK)
        return st;
    /* The lifting, the notices and the audit entry: all or none. */
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    if (!rt_reason_acceptable(reason, RT_BREAK_GLASS_MIN_REASON)) {
        *field = "reason";
        st = RT_EINVAL;
    }
    /* Who was excluded, so that the notice skips them as it did. */
    rt_exclusion *list = NULL;
    size_t n = 0;
    const rt_exclusion *x = NULL;
    if (st == RT_OK)
        st = rt_store_exclusion_list(app->store, id, &list, &n);
    for (size_t i = 0; st == RT_OK && i < n && !x; i++)
        if (exclusion_id && strcmp(list[i].id, exclusion_id) == 0 && !list[i].lifted_at)
            x = &list[i];
    if (st == RT_OK && !x)
        st = RT_ENOTFOUND;
    if (st == RT_OK)
        st = rt_store_exclusion_lift(app->store, x->id, id, who->user.id, reason, now);
    if (st == RT_OK)
        st = notify_holders(app, who, id, x->user_id, "exclusion_lifted", now);
    if (st == RT_OK)
        st = lift_followers(app, who, x, reason, address, now);
    rt_exclusion_list_free(list, n);
    return rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_REFERRAL_EXCLUSION_LIFT, "referral",
                               id, "lifted_at,lifted_by,lift_reason", address, now,
                               st == RT_ENOTFOUND ? "denied" : "refused");
}

/* ---- reading ------------------------------------------------------------ */

void rt_exclusion_entries_free(rt_exclusion_entry *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++) {
        free(list[i].x.reason);
        free(list[i].x.lift_reason);
        free(list[i].username);
        free(list[i].by);
        free(list[i].lifted_by);
    }
    free(list);
}

/* The username of user id into *out (NULL for "" or a user since gone). */
static rt_status username_of(rt_app *app, const char *id, char **out)
{
    *out = NULL;
    if (!id[0])
        return RT_OK;
    rt_user u = {0};
    rt_status st = rt_store_user_by_id(app->store, id, &u);
    if (st == RT_OK) {
        *out = u.username;
        u.username = NULL;
    }
    rt_user_clear(&u);
    return st == RT_ENOTFOUND ? RT_OK : st;
}

/* The exclusions of referral id (NULL: all), with names, and with their
 * reasons only when reasons. */
static rt_status entries(rt_app *app, const char *id, bool reasons, rt_exclusion_entry **out,
                         size_t *n)
{
    *out = NULL;
    *n = 0;
    rt_exclusion *list = NULL;
    size_t count = 0;
    rt_status st = rt_store_exclusion_list(app->store, id, &list, &count);
    if (st != RT_OK)
        return st;
    rt_exclusion_entry *e = calloc(count ? count : 1, sizeof *e);
    st = e ? RT_OK : RT_ENOMEM;
    for (size_t i = 0; st == RT_OK && i < count; i++) {
        e[i].x = list[i];
        memset(&list[i], 0, sizeof list[i]);
        if (!reasons) {
            free(e[i].x.reason);
            free(e[i].x.lift_reason);
            e[i].x.reason = e[i].x.lift_reason = NULL;
        }
        st = username_of(app, e[i].x.user_id, &e[i].username);
        if (st == RT_OK)
            st = username_of(app, e[i].x.by_user_id, &e[i].by);
        if (st == RT_OK)
            st = username_of(app, e[i].x.lifted_by, &e[i].lifted_by);
    }
    rt_exclusion_list_free(list, count);
    if (st != RT_OK) {
        rt_exclusion_entries_free(e, count);
        return st;
    }
    *out = e;
    *n = count;
    return RT_OK;
}

rt_status rt_app_exclusions(rt_app *app, const rt_principal *who, const char *id,
                            const char *address, int64_t now, rt_exclusion_entry **out,
                            size_t *n)
{
    *out = NULL;
    *n = 0;
    rt_status st = holder_only(app, who, RT_AUDIT_REFERRAL_EXCLUSIONS, id, address, now);
    if (st == RT_OK)
        st = entries(app, id, false, out, n);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, RT_AUDIT_REFERRAL_EXCLUSIONS, "referral", id,
                          "user,by,created_at,lifted_at,lifted_by", address, now, "ok");
    if (st != RT_OK && *out) {
        rt_exclusion_entries_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return st;
}

rt_status rt_app_audit_exclusions(rt_app *app, const rt_principal *who, const char *address,
                                  int64_t now, rt_exclusion_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    bool may = rt_policy_may(who->user.role, RT_ACT_AUDIT_READ);
    rt_status st = rt_app_audit(app, who->user.id, RT_AUDIT_AUDIT_EXCLUSIONS, "exclusion", NULL,
                                may ? "reason,lift_reason" : NULL, address, now,
                                may ? "ok" : "denied");
    if (st != RT_OK)
        return st;
    if (!may)
        return RT_EDENIED;
    return entries(app, NULL, true, out, n);
}

rt_status rt_app_notices(rt_app *app, const rt_principal *who, rt_notice **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    rt_exclusion_set ex;
    rt_status st = rt_app_exclusions_of(app, who, &ex);
    rt_notice *list = NULL;
    size_t count = 0;
    if (st == RT_OK)
        st = rt_store_notice_list(app->store, who->user.id, &list, &count);
    if (st != RT_OK) {
        rt_exclusion_set_clear(&ex);
        return st;
    }
    /* A notice about a case who is excluded from is as if it were not. */
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        if (rt_exclusion_set_has(&ex, list[i].record_id)) {
            free(list[i].kind);
            free(list[i].about_user_id);
            free(list[i].record_id);
            continue;
        }
        list[kept++] = list[i];
    }
    rt_exclusion_set_clear(&ex);
    *out = list;
    *n = kept;
    return RT_OK;
}

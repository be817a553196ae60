/* app.c: operations shared by pages and API; see app.h. */
#include "app.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/account.h"
#include "../core/access.h"
#include "../core/buf.h"
#include "../core/field.h"
#include "../core/policy.h"
#include "linkage_model.h"

void rt_config_defaults(rt_config *cfg)
{
    cfg->session_idle = 30 * 60;
    cfg->session_absolute = 12 * 60 * 60;
    cfg->body_limit = 64 * 1024;
    cfg->request_timeout = 30;
    cfg->secure_cookies = false;
    cfg->login_limit_account = 5;
    cfg->login_limit_address = 20;
    cfg->login_window = 15 * 60;
}

rt_status rt_app_init(rt_app *app, rt_store *store, const rt_config *cfg)
{
    memset(app, 0, sizeof *app);
    app->store = store;
    app->cfg = *cfg;
    rt_status st = rt_throttle_new(cfg->login_limit_account, cfg->login_window, 4096,
                                   &app->by_account);
    if (st == RT_OK)
        st = rt_throttle_new(cfg->login_limit_address, cfg->login_window, 4096,
                             &app->by_address);
    if (st != RT_OK)
        rt_app_clear(app);
    return st;
}

void rt_app_clear(rt_app *app)
{
    rt_throttle_free(app->by_account);
    rt_throttle_free(app->by_address);
    rt_identity_cache_free(app->identity);
    app->by_account = app->by_address = NULL;
    app->identity = NULL;
}

void rt_scope_clear(rt_scope *s)
{
    if (!s)
        return;
    free(s->maracs);
    free(s->agencies);
    free(s->areas);
    free(s->all_areas);
    memset(s, 0, sizeof *s);
}

/* Appends the comma-separated list more to *list (NULL: empty). */
static rt_status areas_append(char **list, const char *more)
{
    if (!more || !*more)
        return RT_OK;
    size_t have = *list ? strlen(*list) : 0, add = strlen(more);
    char *grown = realloc(*list, have + add + 2);
    if (!grown)
        return RT_ENOMEM;
    if (have)
        grown[have++] = ',';
    memcpy(grown + have, more, add + 1);
    *list = grown;
    return RT_OK;
}

static bool is_marac_staff_role(rt_role role)
{
    return role == RT_ROLE_COORDINATOR || role == RT_ROLE_CHAIR;
}

/* A coordinator's or chair's patch: their Maracs, those Maracs' areas and
 * member agencies, and every Marac's areas. */
static rt_status scope_load_staff(rt_app *app, const rt_user *user, rt_scope *out)
{
    rt_status st = rt_store_staff_maracs(app->store, user->id, &out->maracs, &out->n_maracs);
    rt_marac *all = NULL;
    size_t n = 0;
    if (st == RT_OK && out->n_maracs)
        st = rt_store_marac_list(app->store, &all, &n);
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        st = areas_append(&out->all_areas, all[i].areas);
        bool mine = false;
        for (size_t k = 0; k < out->n_maracs && !mine; k++)
            mine = strcmp(out->maracs[k], all[i].code) == 0;
        if (st == RT_OK && mine)
            st = areas_append(&out->areas, all[i].areas);
        char(*codes)[65] = NULL;
        size_t nc = 0;
        if (st == RT_OK && mine)
            st = rt_store_marac_members(app->store, all[i].code, &codes, &nc);
        if (st == RT_OK && nc) {
            char(*grown)[65] = realloc(out->agencies, (out->n_agencies + nc) * sizeof *grown);
            if (grown) {
                memcpy(grown + out->n_agencies, codes, nc * sizeof *grown);
                out->agencies = grown;
                out->n_agencies += nc;
            } else {
                st = RT_ENOMEM;
            }
        }
        free(codes);
    }
    free(all);
    return st;
}

rt_status rt_app_scope_load(rt_app *app, const rt_user *user, rt_scope *out)
{
    memset(out, 0, sizeof *out);
    rt_status st = RT_OK;
    if (is_marac_staff_role(user->role)) {
        st = scope_load_staff(app, user, out);
    } else if ((user->role == RT_ROLE_IDVA || user->role == RT_ROLE_IDVA_MANAGER) &&
               user->agency_code) {
        char areas[401];
        st = rt_store_service_areas_get(app->store, user->agency_code, areas);
        if (st == RT_OK)
            st = areas_append(&out->areas, areas);
    }
    if (st != RT_OK) {
        rt_scope_clear(out);
        return st;
    }
    out->loaded = true;
    return RT_OK;
}

void rt_principal_clear(rt_principal *p)
{
    rt_user_clear(&p->user);
    memset(&p->session, 0, sizeof p->session);
    rt_scope_clear(&p->scope);
}

rt_status rt_app_audit(rt_app *app, const char *user_id, rt_audit_action action,
                       const char *record_type, const char *record_id, const char *fields,
                       const char *address, int64_t now, const char *outcome)
{
    const char *name = rt_audit_action_name(action);
    if (!name || !rt_audit_fields_valid(fields))
        return RT_EINVAL;
    rt_audit_event ev = {
        .at = now, .user_id = user_id, .action = name, .record_type = record_type,
        .record_id = record_id, .fields = fields, .address = address, .outcome = outcome,
    };
    return rt_store_audit_append(app->store, &ev);
}

rt_status rt_app_audit_refusal(rt_app *app, const rt_principal *who, rt_action act,
                               const char *record_type, const char *record_id,
                               const char *address, int64_t now)
{
    rt_audit_action a;
    rt_status st = rt_audit_action_of_policy(act, &a);
    if (st == RT_OK)
        st = rt_app_audit(app, who ? who->user.id : NULL, a, record_id ? record_type : NULL,
                          record_id, NULL, address, now, "denied");
    return st;
}

rt_status rt_app_field_keys(const rt_field_spec *specs, size_t n, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int w = snprintf(out + used, size - used, "%s%s", used ? "," : "", specs[i].key);
        if (w < 0 || (size_t)w >= size - used) {
            out[0] = '\0';
            return RT_ETOOBIG;
        }
        used += (size_t)w;
    }
    return RT_OK;
}

rt_status rt_app_tx_begin(rt_app *app)
{
    return rt_store_begin(app->store);
}

rt_status rt_app_tx_end(rt_app *app, rt_status st)
{
    return rt_store_end(app->store, st);
}

rt_status rt_app_tx_audit_end(rt_app *app, rt_status st, const char *user_id,
                              rt_audit_action action, const char *record_type,
                              const char *record_id, const char *fields, const char *address,
                              int64_t now, const char *refusal)
{
    if (st == RT_OK)
        return rt_app_tx_end(app, rt_app_audit(app, user_id, action, record_type, record_id,
                                               fields, address, now, "ok"));
    st = rt_app_tx_end(app, st);
    (void)rt_app_audit(app, user_id, action, record_type, record_id, fields, address, now,
                       refusal);
    return st;
}

rt_status rt_app_excluded(rt_app *app, const char *user_id, const char *referral_id,
                          int64_t now, bool *excluded)
{
    return rt_store_grant_find(app->store, RT_GRANT_EXCLUSION, user_id, referral_id, now,
                               excluded);
}

/* Whether a Marac of scope hears r: the cheap tests first, then whether
 * it was listed at or transferred to one of them. */
static rt_status marac_hears(rt_app *app, const rt_scope *scope, const rt_referral *r,
                             bool *yes)
{
    *yes = false;
    if (!scope->n_maracs)
        return RT_OK; /* a coordinator with no Marac hears nothing */
    bool member = false;
    for (size_t i = 0; r->agency_code && i < scope->n_agencies && !member; i++)
        member = strcmp(scope->agencies[i], r->agency_code) == 0;
    const char *postcode = r->field[RT_RF_VICTIM_POSTCODE];
    *yes = rt_marac_hears(postcode, scope->areas, scope->all_areas, member, false);
    if (*yes)
        return RT_OK;
    char(*codes)[65] = NULL;
    size_t n = 0;
    rt_status st = rt_store_referral_maracs(app->store, r->id, &codes, &n);
    bool sent_here = false;
    for (size_t i = 0; st == RT_OK && i < n && !sent_here; i++)
        for (size_t k = 0; k < scope->n_maracs && !sent_here; k++)
            sent_here = strcmp(codes[i], scope->maracs[k]) == 0;
    free(codes);
    *yes = st == RT_OK && rt_marac_hears(postcode, scope->areas, scope->all_areas, member,
                                         sent_here);
    return st;
}

/* rt_app_relation, over the patch scope. */
static rt_status relation_in(rt_app *app, const rt_principal *who, const rt_scope *scope,
                             const rt_referral *r, int64_t now, rt_relation *rel)
{
    const char *referral_id = r->id;
    rt_role role = who->user.role;
    const char *agency = who->user.agency_code;
    rel->referring_agency = agency && r->agency_code && strcmp(agency, r->agency_code) == 0;
    rt_status st = RT_OK;
    if (is_marac_staff_role(role)) {
        st = marac_hears(app, scope, r, &rel->marac_hearing);
        rel->in_patch = rel->marac_hearing;
    }
    if (st == RT_OK)
        st = rt_app_excluded(app, who->user.id, referral_id, now, &rel->excluded);
    if (st == RT_OK)
        st = rt_store_grant_find(app->store, RT_GRANT_BREAK_GLASS, who->user.id, referral_id, now,
                                 &rel->break_glass);
    /* Member agencies research and act on the cases listed for a meeting of
     * a Marac they belong to, once the list is out: their representatives,
     * and the Idva service's Idvas and manager. */
    bool researcher = role == RT_ROLE_AGENCY_REP || role == RT_ROLE_IDVA ||
                      role == RT_ROLE_IDVA_MANAGER;
    if (st == RT_OK && researcher && agency)
        st = rt_store_listed_for(app->store, referral_id, agency, &rel->rep_at_meeting);
    if (st != RT_OK || (role != RT_ROLE_IDVA && role != RT_ROLE_IDVA_MANAGER))
        return st;
    /* The case, if any: who holds it, and which service. */
    rt_case c;
    st = rt_store_case_by_referral(app->store, referral_id, &c);
    if (st != RT_OK && st != RT_ENOTFOUND)
        return st;
    bool has_case = st == RT_OK;
    bool held_here = has_case && agency && strcmp(c.service, agency) == 0;
    rel->allocated_idva = has_case && strcmp(c.idva_id, who->user.id) == 0;
    rel->manages_idva = held_here && role == RT_ROLE_IDVA_MANAGER;
    /* Offered to the service: it holds the case, or made the referral. */
    rel->in_patch = rt_service_takes(r->field[RT_RF_VICTIM_POSTCODE], scope->areas,
                                     held_here || rel->referring_agency);
    if (has_case || role != RT_ROLE_IDVA_MANAGER || !agency || !rel->in_patch)
        return RT_OK;
    rt_agency a = {0};
    st = rt_store_agency_get(app->store, agency, &a);
    if (st == RT_OK)
        rel->service_intake = a.kind == RT_AGENCY_IDVA_SERVICE;
    rt_agency_clear(&a);
    return st == RT_ENOTFOUND ? RT_OK : st;
}

rt_status rt_app_relation(rt_app *app, const rt_principal *who, const rt_referral *r,
                          int64_t now, rt_relation *rel)
{
    memset(rel, 0, sizeof *rel);
    if (who->scope.loaded)
        return relation_in(app, who, &who->scope, r, now, rel);
    rt_scope scope;
    rt_status st = rt_app_scope_load(app, &who->user, &scope);
    if (st == RT_OK)
        st = relation_in(app, who, &scope, r, now, rel);
    rt_scope_clear(&scope);
    return st;
}

rt_status rt_app_in_patch(rt_app *app, const rt_user *user, const rt_referral *r,
                          int64_t now, bool *yes)
{
    *yes = false;
    rt_principal p = {.user = *user};
    rt_relation rel;
    rt_status st = rt_app_relation(app, &p, r, now, &rel);
    if (st == RT_OK)
        *yes = rel.in_patch && !rel.excluded;
    return st;
}

/* Decides what who may see of r and cuts r down to it. */
static rt_status decide(rt_app *app, const rt_principal *who, rt_referral *r, int64_t now,
                        rt_decision *d)
{
    rt_relation rel;
    rt_status st = rt_app_relation(app, who, r, now, &rel);
    if (st != RT_OK)
        return st;
    *d = rt_access_decide(who->user.role, RT_REC_REFERRAL,
                          rel.rep_at_meeting ? RT_STAGE_LISTED : RT_STAGE_REFERRED, &rel);
    rt_referral_redact(r, d->detail);
    return RT_OK;
}

rt_status rt_app_referral_decide(rt_app *app, const rt_principal *who, rt_referral *r,
                                 int64_t now, rt_detail *detail)
{
    rt_decision d;
    rt_status st = decide(app, who, r, now, &d);
    *detail = st == RT_OK ? d.detail : RT_DETAIL_NONE;
    return st;
}

rt_status rt_app_referral_load(rt_app *app, const rt_principal *who, const char *id,
                               int64_t now, rt_referral *out, rt_detail *detail)
{
    memset(out, 0, sizeof *out);
    rt_status st = rt_store_referral_get(app->store, id, out);
    if (st == RT_OK)
        st = rt_app_referral_decide(app, who, out, now, detail);
    if (st != RT_OK)
        rt_referral_clear(out);
    return st;
}

/* Reads a referral for one purpose (its audit action: a read on screen,
 * a print); see rt_app_referral_get. */
static rt_status referral_get(rt_app *app, const rt_principal *who, rt_audit_action action,
                              const char *id, const char *address, int64_t now,
                              rt_referral *out, rt_detail *detail)
{
    memset(out, 0, sizeof *out);
    *detail = RT_DETAIL_NONE;
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_READ)) {
        rt_status st = rt_app_audit(app, who->user.id, action, "referral", id, NULL, address, now,
                                    "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_status st = rt_store_referral_get(app->store, id, out);
    if (st != RT_OK)
        return st;
    rt_decision d;
    st = decide(app, who, out, now, &d);
    if (st == RT_OK && d.detail == RT_DETAIL_NONE) {
        rt_referral_clear(out);
        st = rt_app_audit(app, who->user.id, action, "referral", id, NULL, address, now, "denied");
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    if (st == RT_OK) {
        char fields[RT_AUDIT_FIELDS_MAX + 1];
        st = rt_referral_visible_fields(d.detail, fields, sizeof fields);
        if (st == RT_OK)
            st = rt_app_audit(app, who->user.id, action, "referral", id, fields[0] ? fields : NULL,
                              address, now, "ok");
    }
    if (st != RT_OK) {
        rt_referral_clear(out);
        return st;
    }
    *detail = d.detail;
    return RT_OK;
}

rt_status rt_app_referral_get(rt_app *app, const rt_principal *who, const char *id,
                              const char *address, int64_t now, rt_referral *out,
                              rt_detail *detail)
{
    return referral_get(app, who, RT_AUDIT_REFERRAL_READ, id, address, now, out, detail);
}

rt_status rt_app_referral_print(rt_app *app, const rt_principal *who, const char *id,
                                const char *address, int64_t now, rt_referral *out,
                                rt_detail *detail)
{
    return referral_get(app, who, RT_AUDIT_REFERRAL_PRINT, id, address, now, out, detail);
}

/* Roles alerted at once when someone breaks the glass. */
static bool alerted_of_break_glass(rt_role role)
{
    return role == RT_ROLE_IDVA_MANAGER || role == RT_ROLE_COORDINATOR;
}

rt_status rt_app_break_glass(rt_app *app, const rt_principal *who, const char *id,
                             const char *reason, const char *address, int64_t now)
{
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_BREAK_GLASS) ||
        !rt_access_may_break_glass(who->user.role)) {
        rt_status st = rt_app_audit(app, who->user.id, RT_AUDIT_REFERRAL_BREAK_GLASS, "referral",
                                    id, NULL, address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (!rt_reason_acceptable(reason, RT_BREAK_GLASS_MIN_REASON))
        return RT_EINVAL;
    rt_referral r = {0};
    rt_status st = rt_store_referral_get(app->store, id, &r);
    if (st != RT_OK)
        return st;
    bool excluded = false;
    st = rt_app_excluded(app, who->user.id, id, now, &excluded);
    if (st != RT_OK || excluded)
        rt_referral_clear(&r);
    if (st != RT_OK)
        return st;
    if (excluded) {
        st = rt_app_audit(app, who->user.id, RT_AUDIT_REFERRAL_BREAK_GLASS, "referral", id, NULL,
                          address, now, "denied");
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    rt_grant g = {.kind = RT_GRANT_BREAK_GLASS, .user_id = who->user.id, .referral_id = id,
                  .reason = reason, .created_at = now,
                  .expires_at = now + RT_BREAK_GLASS_SECONDS};
    /* The grant, its audit entry and the notices: all or none. */
    st = rt_app_tx_begin(app);
    if (st != RT_OK) {
        rt_referral_clear(&r);
        return st;
    }
    st = rt_store_grant_add(app->store, &g);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, RT_AUDIT_REFERRAL_BREAK_GLASS, "referral", id,
                          "reason", address, now, "ok");
    rt_user *users = NULL;
    size_t n = 0;
    if (st == RT_OK)
        st = rt_store_user_list(app->store, &users, &n);
    /* Told: the managers and coordinators whose patch holds the case, and
     * the managers of the breaker's own service; not another Marac's or
     * service's, who have no part in it. */
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        if (users[i].disabled || !alerted_of_break_glass(users[i].role) ||
            strcmp(users[i].id, who->user.id) == 0)
            continue;
        bool told = users[i].role == RT_ROLE_IDVA_MANAGER && users[i].agency_code &&
                    who->user.agency_code &&
                    strcmp(users[i].agency_code, who->user.agency_code) == 0;
        if (!told)
            st = rt_app_in_patch(app, &users[i], &r, now, &told);
        if (st == RT_OK && told)
            st = rt_store_notice_add(app->store, users[i].id, "break_glass", who->user.id, id,
                                     now);
    }
    rt_user_list_free(users, n);
    rt_referral_clear(&r);
    return rt_app_tx_end(app, st);
}

rt_status rt_app_audit_search(rt_app *app, const rt_principal *who, const rt_audit_filter *f,
                              const char *address, int64_t now, rt_audit_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    bool may = !who || rt_policy_may(who->user.role, RT_ACT_AUDIT_READ);
    rt_status st = rt_app_audit(app, who ? who->user.id : NULL, RT_AUDIT_AUDIT_SEARCH, NULL, NULL,
                                NULL, address, now, may ? "ok" : "denied");
    if (st != RT_OK)
        return st;
    if (!may)
        return RT_EDENIED;
    return rt_store_audit_search(app->store, f, out, n);
}

rt_status rt_app_audit_verify(rt_app *app, const rt_principal *who, const char *address,
                              int64_t now, rt_audit_report *out)
{
    bool may = !who || rt_policy_may(who->user.role, RT_ACT_AUDIT_READ);
    if (!may) {
        rt_status st = rt_app_audit(app, who->user.id, RT_AUDIT_AUDIT_VERIFY, NULL, NULL, NULL,
                                    address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    /* Verified first, then recorded: an entry appended before the check
     * would become the end the check compares against. */
    rt_status st = rt_store_audit_verify(app->store, out);
    if (st == RT_OK)
        st = rt_app_audit(app, who ? who->user.id : NULL, RT_AUDIT_AUDIT_VERIFY, NULL, NULL, NULL,
                          address, now, out->ok ? "ok" : "broken");
    return st;
}

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

void rt_principal_clear(rt_principal *p)
{
    rt_user_clear(&p->user);
    memset(&p->session, 0, sizeof p->session);
}

rt_status rt_app_audit(rt_app *app, const char *user_id, const char *action,
                       const char *record_type, const char *record_id, const char *fields,
                       const char *address, int64_t now, const char *outcome)
{
    rt_audit_event ev = {
        .at = now, .user_id = user_id, .action = action, .record_type = record_type,
        .record_id = record_id, .fields = fields, .address = address, .outcome = outcome,
    };
    return rt_store_audit_append(app->store, &ev);
}

rt_status rt_app_tx_begin(rt_app *app)
{
    return rt_store_begin(app->store);
}

rt_status rt_app_tx_end(rt_app *app, rt_status st)
{
    return rt_store_end(app->store, st);
}

rt_status rt_app_relation(rt_app *app, const rt_principal *who, const char *referral_id,
                          const char *referral_agency, int64_t now, rt_relation *rel)
{
    memset(rel, 0, sizeof *rel);
    rel->marac_hearing = who->user.role == RT_ROLE_COORDINATOR || who->user.role == RT_ROLE_CHAIR;
    rel->referring_agency = who->user.agency_code && referral_agency &&
                            strcmp(who->user.agency_code, referral_agency) == 0;
    rt_status st = rt_store_grant_find(app->store, RT_GRANT_EXCLUSION, who->user.id, referral_id,
                                       now, &rel->excluded);
    if (st == RT_OK)
        st = rt_store_grant_find(app->store, RT_GRANT_BREAK_GLASS, who->user.id, referral_id, now,
                                 &rel->break_glass);
    /* Member agencies research and act on the cases listed for a meeting of
     * a Marac they belong to, once the list is out: their representatives,
     * and the Idva service's Idvas and manager. */
    bool researcher = who->user.role == RT_ROLE_AGENCY_REP || who->user.role == RT_ROLE_IDVA ||
                      who->user.role == RT_ROLE_IDVA_MANAGER;
    if (st == RT_OK && researcher && who->user.agency_code)
        st = rt_store_listed_for(app->store, referral_id, who->user.agency_code,
                                 &rel->rep_at_meeting);
    if (st != RT_OK || (who->user.role != RT_ROLE_IDVA && who->user.role != RT_ROLE_IDVA_MANAGER))
        return st;
    /* The case, if any: who holds it, and which service. */
    rt_case c;
    st = rt_store_case_by_referral(app->store, referral_id, &c);
    if (st != RT_OK && st != RT_ENOTFOUND)
        return st;
    bool has_case = st == RT_OK;
    const char *agency = who->user.agency_code;
    rel->allocated_idva = has_case && strcmp(c.idva_id, who->user.id) == 0;
    rel->manages_idva = has_case && who->user.role == RT_ROLE_IDVA_MANAGER && agency &&
                        strcmp(c.service, agency) == 0;
    if (has_case || who->user.role != RT_ROLE_IDVA_MANAGER || !agency)
        return RT_OK;
    rt_agency a = {0};
    st = rt_store_agency_get(app->store, agency, &a);
    if (st == RT_OK)
        rel->service_intake = a.kind == RT_AGENCY_IDVA_SERVICE;
    rt_agency_clear(&a);
    return st == RT_ENOTFOUND ? RT_OK : st;
}

static rt_status relation_to(rt_app *app, const rt_principal *who, const rt_referral *r,
                             int64_t now, rt_relation *rel)
{
    return rt_app_relation(app, who, r->id, r->agency_code, now, rel);
}

/* Decides what who may see of r and cuts r down to it. */
static rt_status decide(rt_app *app, const rt_principal *who, rt_referral *r, int64_t now,
                        rt_decision *d)
{
    rt_relation rel;
    rt_status st = relation_to(app, who, r, now, &rel);
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
static rt_status referral_get(rt_app *app, const rt_principal *who, const char *action,
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
        char fields[1024];
        rt_referral_visible_fields(d.detail, fields, sizeof fields);
        st = rt_app_audit(app, who->user.id, action, "referral", id, fields, address, now, "ok");
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
    return referral_get(app, who, "referral.read", id, address, now, out, detail);
}

rt_status rt_app_referral_print(rt_app *app, const rt_principal *who, const char *id,
                                const char *address, int64_t now, rt_referral *out,
                                rt_detail *detail)
{
    return referral_get(app, who, "referral.print", id, address, now, out, detail);
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
        rt_status st = rt_app_audit(app, who->user.id, "referral.break_glass", "referral", id,
                                    NULL, address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (!rt_reason_acceptable(reason, RT_BREAK_GLASS_MIN_REASON))
        return RT_EINVAL;
    rt_referral r = {0};
    rt_status st = rt_store_referral_get(app->store, id, &r);
    if (st != RT_OK)
        return st;
    bool excluded = false;
    st = rt_store_grant_find(app->store, RT_GRANT_EXCLUSION, who->user.id, id, now, &excluded);
    rt_referral_clear(&r);
    if (st != RT_OK)
        return st;
    if (excluded) {
        st = rt_app_audit(app, who->user.id, "referral.break_glass", "referral", id, NULL, address,
                          now, "denied");
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    rt_grant g = {.kind = RT_GRANT_BREAK_GLASS, .user_id = who->user.id, .referral_id = id,
                  .reason = reason, .created_at = now,
                  .expires_at = now + RT_BREAK_GLASS_SECONDS};
    /* The grant, its audit entry and the notices: all or none. */
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_grant_add(app->store, &g);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "referral.break_glass", "referral", id, "reason",
                          address, now, "ok");
    rt_user *users = NULL;
    size_t n = 0;
    if (st == RT_OK)
        st = rt_store_user_list(app->store, &users, &n);
    for (size_t i = 0; st == RT_OK && i < n; i++)
        if (!users[i].disabled && alerted_of_break_glass(users[i].role) &&
            strcmp(users[i].id, who->user.id) != 0)
            st = rt_store_notice_add(app->store, users[i].id, "break_glass", who->user.id, id,
                                     now);
    rt_user_list_free(users, n);
    return rt_app_tx_end(app, st);
}

rt_status rt_app_exclude(rt_app *app, const rt_principal *who, const char *id,
                         const char *username, const char *reason, const char *address,
                         int64_t now)
{
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_EXCLUDE)) {
        rt_status st = rt_app_audit(app, who->user.id, "referral.exclude", "referral", id, NULL,
                                    address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (!rt_reason_acceptable(reason, 1) || !username)
        return RT_EINVAL;
    rt_user u = {0};
    rt_status st = rt_store_user_by_username(app->store, username, &u);
    if (st != RT_OK)
        return st;
    rt_grant g = {.kind = RT_GRANT_EXCLUSION, .user_id = u.id, .referral_id = id,
                  .reason = reason, .by_user_id = who->user.id, .created_at = now};
    st = rt_app_tx_begin(app);
    if (st != RT_OK) {
        rt_user_clear(&u);
        return st;
    }
    st = rt_store_grant_add(app->store, &g);
    /* A referral that does not exist breaks the foreign key: not found. */
    if (st == RT_EINVAL)
        st = RT_ENOTFOUND;
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "referral.exclude", "referral", id, "access_grant",
                          address, now, "ok");
    rt_user_clear(&u);
    return rt_app_tx_end(app, st);
}

rt_status rt_app_audit_search(rt_app *app, const rt_principal *who, const rt_audit_filter *f,
                              const char *address, int64_t now, rt_audit_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    bool may = rt_policy_may(who->user.role, RT_ACT_AUDIT_READ);
    rt_status st = rt_app_audit(app, who->user.id, "audit.search", NULL, NULL, NULL, address, now,
                                may ? "ok" : "denied");
    if (st != RT_OK)
        return st;
    if (!may)
        return RT_EDENIED;
    return rt_store_audit_search(app->store, f, out, n);
}

rt_status rt_app_audit_verify(rt_app *app, const rt_principal *who, const char *address,
                              int64_t now, rt_audit_report *out)
{
    bool may = rt_policy_may(who->user.role, RT_ACT_AUDIT_READ);
    rt_status st = rt_app_audit(app, who->user.id, "audit.verify", NULL, NULL, NULL, address, now,
                                may ? "ok" : "denied");
    if (st != RT_OK)
        return st;
    if (!may)
        return RT_EDENIED;
    return rt_store_audit_verify(app->store, out);
}

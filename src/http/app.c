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
#include "identity.h"
#include "totp.h"

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

/* Account names are compared case-insensitively (the store keeps them
 * lower-case); the throttle must see the same key for "Ann" and "ann". */
static char *lower_dup(const char *s)
{
    char *d = strdup(s);
    if (d)
        for (char *p = d; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
    return d;
}

rt_status rt_app_login(rt_app *app, const char *username, const char *password,
                       const char *address, int64_t now, rt_login_outcome *outcome,
                       rt_principal *who, char token[RT_TOKEN_CHARS + 1])
{
    memset(who, 0, sizeof *who);
    char *name = lower_dup(username);
    if (!name)
        return RT_ENOMEM;
    const char *addr = address ? address : "";
    if (!rt_throttle_allowed(app->by_account, name, now) ||
        !rt_throttle_allowed(app->by_address, addr, now)) {
        *outcome = RT_LOGIN_THROTTLED;
        free(name);
        return rt_app_audit(app, NULL, "session.create", NULL, NULL, NULL, address, now,
                            "throttled");
    }
    rt_user u = {0};
    rt_status st = rt_store_user_by_username(app->store, name, &u);
    bool ok = false;
    if (st == RT_OK) {
        ok = rt_auth_check_password(password, u.password_hash) && !u.disabled;
    } else if (st == RT_ENOTFOUND) {
        rt_auth_dummy_check();
    } else {
        free(name);
        return st;
    }
    if (!ok) {
        rt_throttle_fail(app->by_account, name, now);
        rt_throttle_fail(app->by_address, addr, now);
        free(name);
        *outcome = RT_LOGIN_REFUSED;
        st = rt_app_audit(app, u.id[0] ? u.id : NULL, "session.create", NULL, NULL, NULL, address,
                          now, "refused");
        rt_user_clear(&u);
        return st;
    }
    rt_throttle_clear(app->by_account, name);
    free(name);

    rt_role_set required;
    st = rt_app_second_factor_roles(app, &required);
    if (st != RT_OK) {
        rt_user_clear(&u);
        return st;
    }
    rt_session_rec s = {0};
    s.second_factor_pending = u.second_factor || (required >> u.role & 1u);
    rt_auth_new_token(token);
    rt_auth_token_hash(token, s.token_hash);
    memcpy(s.user_id, u.id, sizeof s.user_id);
    rt_auth_new_csrf(s.csrf);
    s.created_at = s.last_seen = now;
    st = rt_store_session_put(app->store, &s);
    if (st == RT_OK)
        st = rt_app_audit(app, u.id, "session.create", NULL, NULL, NULL, address, now, "ok");
    if (st != RT_OK) {
        rt_user_clear(&u);
        memset(token, 0, RT_TOKEN_CHARS + 1);
        return st;
    }
    who->user = u;
    who->session = s;
    *outcome = RT_LOGIN_OK;
    return RT_OK;
}

rt_status rt_app_session(rt_app *app, const char *token, int64_t now, rt_principal *who)
{
    memset(who, 0, sizeof *who);
    if (!token || strlen(token) != RT_TOKEN_CHARS)
        return RT_ENOTFOUND;
    unsigned char h[32];
    rt_auth_token_hash(token, h);
    rt_session_rec s;
    rt_status st = rt_store_session_get(app->store, h, &s);
    if (st != RT_OK)
        return st;
    if (s.created_at <= now - app->cfg.session_absolute ||
        s.last_seen <= now - app->cfg.session_idle) {
        st = rt_store_session_delete(app->store, h);
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    rt_user u = {0};
    st = rt_store_user_by_id(app->store, s.user_id, &u);
    if (st != RT_OK)
        return st;
    if (u.disabled) {
        rt_user_clear(&u);
        st = rt_store_session_delete(app->store, h);
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    /* Touch at most once a minute: a busy page does not write on every
     * request, and idle expiry needs no finer grain. */
    if (now - s.last_seen >= 60) {
        st = rt_store_session_touch(app->store, h, now);
        if (st != RT_OK) {
            rt_user_clear(&u);
            return st;
        }
        s.last_seen = now;
    }
    who->user = u;
    who->session = s;
    return RT_OK;
}

rt_status rt_app_change_password(rt_app *app, const rt_principal *who, const char *current,
                                 const char *new_password, const char *address, int64_t now,
                                 const char **field, const char **problem)
{
    *field = *problem = NULL;
    if (!rt_throttle_allowed(app->by_account, who->user.username, now)) {
        rt_status st = rt_app_audit(app, who->user.id, "account.password", "user", who->user.id,
                                    NULL, address, now, "throttled");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (!current || !rt_auth_check_password(current, who->user.password_hash)) {
        rt_throttle_fail(app->by_account, who->user.username, now);
        *field = "current_password";
        *problem = "is not right";
        rt_status st = rt_app_audit(app, who->user.id, "account.password", "user", who->user.id,
                                    NULL, address, now, "refused");
        return st == RT_OK ? RT_EINVAL : st;
    }
    const char *why = rt_password_problem(new_password);
    if (!why && strcmp(new_password, current) == 0)
        why = "must differ from the current password";
    if (why) {
        *field = "new_password";
        *problem = why;
        return RT_EINVAL;
    }
    char *hash;
    rt_status st = rt_auth_hash_password(new_password, &hash);
    if (st != RT_OK)
        return st;
    st = rt_store_user_set_password(app->store, who->user.id, hash, false);
    free(hash);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "account.password", "user", who->user.id, NULL,
                          address, now, "ok");
    return st;
}

rt_status rt_app_logout_everywhere(rt_app *app, const rt_principal *who, const char *address,
                                   int64_t now)
{
    rt_status st = rt_store_session_delete_user(app->store, who->user.id);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "session.delete_all", "user", who->user.id, NULL,
                          address, now, "ok");
    return st;
}

rt_status rt_app_second_factor_roles(rt_app *app, rt_role_set *out)
{
    char *v = NULL;
    rt_status st = rt_store_setting_get(app->store, RT_SETTING_SECOND_FACTOR_ROLES, &v);
    *out = RT_ROLE_SET_ALL;
    if (st == RT_ENOTFOUND)
        return RT_OK;
    if (st != RT_OK)
        return st;
    rt_role_set set;
    if (rt_role_set_parse(v, &set, NULL) == RT_OK)
        *out = set;
    free(v);
    return RT_OK;
}

rt_status rt_app_set_second_factor_roles(rt_app *app, rt_role_set set, int64_t now)
{
    char v[128];
    rt_status st = rt_role_set_format(set, v, sizeof v);
    if (st == RT_OK)
        st = rt_store_setting_set(app->store, RT_SETTING_SECOND_FACTOR_ROLES, v);
    if (st == RT_OK)
        st = rt_app_audit(app, NULL, "setting.second_factor_roles", "setting",
                          RT_SETTING_SECOND_FACTOR_ROLES, v, NULL, now, "ok");
    return st;
}

/* Who's unconfirmed secret, made now if there is none. */
static rt_status pending_secret(rt_app *app, const rt_principal *who, const char *address,
                                int64_t now, char **secret)
{
    bool enrolled = false;
    rt_status st = rt_store_user_totp_get(app->store, who->user.id, secret, &enrolled);
    if (st == RT_OK && enrolled) {
        rt_totp_free(*secret);
        *secret = NULL;
        return RT_EEXISTS;
    }
    if (st != RT_ENOTFOUND)
        return st;
    char fresh[RT_TOTP_SECRET_CHARS + 1];
    st = rt_totp_new_secret(fresh);
    if (st == RT_OK)
        st = rt_store_user_totp_set(app->store, who->user.id, fresh);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "account.second_factor.begin", "user", who->user.id,
                          NULL, address, now, "ok");
    if (st == RT_OK) {
        *secret = strdup(fresh);
        if (!*secret)
            st = RT_ENOMEM;
    }
    sodium_memzero(fresh, sizeof fresh);
    return st;
}

rt_status rt_app_second_factor_begin(rt_app *app, const rt_principal *who, const char *address,
                                     int64_t now, char **secret, char **uri)
{
    *uri = NULL;
    rt_status st = pending_secret(app, who, address, now, secret);
    if (st == RT_OK)
        st = rt_totp_uri(*secret, "Roundtable", who->user.username, uri);
    if (st != RT_OK) {
        rt_totp_free(*secret);
        *secret = NULL;
    }
    return st;
}

rt_status rt_app_second_factor_verify(rt_app *app, const rt_principal *who, const char *code,
                                      const char *address, int64_t now,
                                      rt_second_factor_outcome *outcome)
{
    const char *action = who->session.second_factor_pending ? "session.second_factor"
                                                            : "account.second_factor.confirm";
    if (!rt_throttle_allowed(app->by_account, who->user.username, now)) {
        *outcome = RT_SECOND_FACTOR_THROTTLED;
        return rt_app_audit(app, who->user.id, action, "user", who->user.id, NULL, address, now,
                            "throttled");
    }
    char norm[RT_TOTP_DIGITS + 1];
    if (rt_totp_normalise(code, norm) != RT_OK) {
        *outcome = RT_SECOND_FACTOR_MALFORMED;
        return RT_OK;
    }
    char *secret = NULL;
    bool enrolled = false;
    rt_status st = rt_store_user_totp_get(app->store, who->user.id, &secret, &enrolled);
    if (st == RT_ENOTFOUND) {
        *outcome = RT_SECOND_FACTOR_NO_SECRET;
        return RT_OK;
    }
    if (st != RT_OK)
        return st;
    int64_t step = 0;
    st = rt_totp_check(secret, norm, now, &step);
    rt_totp_free(secret);
    if (st == RT_OK)
        st = rt_store_user_totp_use(app->store, who->user.id, step, now);
    if (st == RT_EDENIED || st == RT_EEXISTS) {
        rt_throttle_fail(app->by_account, who->user.username, now);
        *outcome = RT_SECOND_FACTOR_WRONG;
        return rt_app_audit(app, who->user.id, action, "user", who->user.id, NULL, address, now,
                            st == RT_EEXISTS ? "replayed" : "refused");
    }
    if (st == RT_OK && who->session.second_factor_pending)
        st = rt_store_session_second_factor_done(app->store, who->session.token_hash);
    if (st == RT_OK && !enrolled)
        st = rt_app_audit(app, who->user.id, "account.second_factor.enrol", "user", who->user.id,
                          NULL, address, now, "ok");
    if (st == RT_OK && who->session.second_factor_pending)
        st = rt_app_audit(app, who->user.id, action, "user", who->user.id, NULL, address, now,
                          "ok");
    if (st != RT_OK)
        return st;
    rt_throttle_clear(app->by_account, who->user.username);
    *outcome = RT_SECOND_FACTOR_OK;
    return RT_OK;
}

rt_status rt_app_second_factor_reset(rt_app *app, const char *username, int64_t now)
{
    rt_user u = {0};
    rt_status st = rt_store_user_by_username(app->store, username, &u);
    if (st == RT_OK)
        st = rt_store_user_totp_set(app->store, u.id, NULL);
    if (st == RT_OK)
        st = rt_store_session_delete_user(app->store, u.id);
    if (st == RT_OK)
        st = rt_app_audit(app, NULL, "account.second_factor.reset", "user", u.id, NULL, NULL, now,
                          "ok");
    rt_user_clear(&u);
    return st;
}

rt_status rt_app_logout(rt_app *app, const rt_principal *who, const char *address, int64_t now)
{
    rt_status st = rt_store_session_delete(app->store, who->session.token_hash);
    if (st == RT_OK || st == RT_ENOTFOUND)
        st = rt_app_audit(app, who->user.id, "session.delete", NULL, NULL, NULL, address, now,
                          "ok");
    return st;
}

/* The field keys a referral carries, for the audit log. */
static const char *referral_field_list(void)
{
    static char list[1024];
    static int ready;
    if (!ready) {
        rt_buf b = RT_BUF_INIT;
        const rt_field_spec *f = rt_referral_fields();
        for (int i = 0; i < RT_RF_COUNT; i++) {
            if (i)
                rt_buf_putc(&b, ',');
            rt_buf_puts(&b, f[i].key);
        }
        if (rt_buf_status(&b) == RT_OK && b.len < sizeof list)
            memcpy(list, b.data, b.len + 1);
        rt_buf_free(&b);
        ready = 1;
    }
    return list;
}

rt_status rt_app_referral_submit(rt_app *app, const rt_principal *who, rt_referral *r,
                                 const char *address, int64_t now,
                                 rt_field_error errs[RT_REFERRAL_MAX_ERRORS], size_t *n_errs)
{
    *n_errs = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_CREATE)) {
        rt_status st = rt_app_audit(app, who->user.id, "referral.create", "referral", NULL, NULL,
                                    address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_status st = rt_referral_normalise(r);
    if (st != RT_OK)
        return st;
    st = rt_referral_validate(r, rt_date_from_unix(now), errs, n_errs);
    if (st != RT_OK)
        return st;
    free(r->agency_code);
    free(r->created_by);
    r->agency_code = strdup(who->user.agency_code);
    r->created_by = strdup(who->user.id);
    if (!r->agency_code || !r->created_by)
        return RT_ENOMEM;
    r->created_at = now;
    /* The person's linkage keys go in with the referral, in one write,
     * and serve the screening after it. */
    rt_identity_keys ks;
    st = rt_identity_keys_of(r, &ks);
    if (st != RT_OK)
        return st;
    r->link_keys = ks.key;
    r->n_link_keys = ks.n;
    st = rt_store_referral_add(app->store, r);
    r->link_keys = NULL;
    r->n_link_keys = 0;
    /* The referral stands whatever the screening finds; a screening that
     * fails is reported on stderr, which the operator watches, and the
     * coordinator can still look for matches on the referral's page. */
    if (st == RT_OK && rt_identity_screen(app, r, &ks, now) != RT_OK)
        fprintf(stderr, "roundtable: could not screen a new referral for earlier ones\n");
    if (st != RT_OK)
        return st;
    return rt_app_audit(app, who->user.id, "referral.create", "referral", r->id,
                        referral_field_list(), address, now, "ok");
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

/* The field keys visible at a detail level, for the audit log. */
static void visible_fields(rt_detail detail, char *out, size_t size)
{
    const rt_field_spec *f = rt_referral_fields();
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (f[i].detail <= detail) {
            int n = snprintf(out + used, size - used, "%s%s", used ? "," : "", f[i].key);
            if (n < 0 || (size_t)n >= size - used) {
                /* Never cut a field name in half: mark the list as whole
                 * record instead. */
                snprintf(out, size, "*");
                return;
            }
            used += (size_t)n;
        }
}

rt_status rt_app_referral_list(rt_app *app, const rt_principal *who, const char *address,
                               int64_t now, rt_referral **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_LIST)) {
        rt_status st = rt_app_audit(app, who->user.id, "referral.list", "referral", NULL, NULL,
                                    address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_referral *list;
    size_t count;
    rt_status st = rt_store_referral_list(app->store, &list, &count);
    if (st != RT_OK)
        return st;
    /* Keep only what the user may see, in place. */
    size_t kept = 0;
    for (size_t i = 0; i < count && st == RT_OK; i++) {
        rt_decision d;
        st = decide(app, who, &list[i], now, &d);
        if (st != RT_OK)
            break;
        if (d.detail < RT_DETAIL_SUMMARY) {
            rt_referral_clear(&list[i]);
            continue;
        }
        char fields[1024];
        visible_fields(d.detail, fields, sizeof fields);
        st = rt_app_audit(app, who->user.id, "referral.list", "referral", list[i].id, fields,
                          address, now, "ok");
        if (kept != i) {
            list[kept] = list[i];
            memset(&list[i], 0, sizeof list[i]);
        }
        kept++;
    }
    if (st != RT_OK) {
        rt_referral_list_free(list, count);
        return st;
    }
    *out = list;
    *n = kept;
    return RT_OK;
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
        visible_fields(d.detail, fields, sizeof fields);
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
    return st;
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
    st = rt_store_grant_add(app->store, &g);
    /* A referral that does not exist breaks the foreign key: not found. */
    if (st == RT_EINVAL)
        st = RT_ENOTFOUND;
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "referral.exclude", "referral", id, "access_grant",
                          address, now, "ok");
    rt_user_clear(&u);
    return st;
}

void rt_retention_results_free(rt_retention_result *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        free(r[i].ids);
    free(r);
}

rt_status rt_app_retention_run(rt_app *app, rt_date today, bool dry_run,
                               rt_retention_result **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    rt_retention_rule *rules;
    size_t n_rules;
    rt_status st = rt_store_retention_rules(app->store, &rules, &n_rules);
    if (st != RT_OK)
        return st;
    rt_retention_result *res = calloc(n_rules ? n_rules : 1, sizeof *res);
    if (!res) {
        free(rules);
        return RT_ENOMEM;
    }
    int64_t now = rt_date_to_days(today) * 86400;
    /* Whole rules before notes rules: no point trimming what goes. */
    size_t k = 0;
    for (int pass = 0; pass < 2 && st == RT_OK; pass++)
        for (size_t i = 0; i < n_rules && st == RT_OK; i++) {
            rt_retention_part part = pass == 0 ? RT_RETAIN_WHOLE : RT_RETAIN_NOTES;
            if (rules[i].part != part)
                continue;
            rt_retention_result *r = &res[k++];
            r->rule = rules[i];
            int64_t cutoff = rt_retention_cutoff(today, rules[i].days);
            rt_date_format(rt_date_from_unix(cutoff), r->cutoff);
            st = rt_store_referral_closed_before(app->store, cutoff, part == RT_RETAIN_NOTES,
                                                 &r->ids, &r->n);
            bool whole = part == RT_RETAIN_WHOLE;
            for (size_t j = 0; !dry_run && st == RT_OK && j < r->n; j++) {
                st = whole ? rt_store_referral_purge(app->store, r->ids[j])
                           : rt_store_referral_purge_notes(app->store, r->ids[j]);
                if (st == RT_OK)
                    st = rt_app_audit(app, NULL,
                                      whole ? "retention.purge" : "retention.purge_notes",
                                      "referral", r->ids[j], whole ? "*" : "notes", NULL, now,
                                      "ok");
            }
        }
    free(rules);
    if (st != RT_OK) {
        rt_retention_results_free(res, k);
        return st;
    }
    *out = res;
    *n = k;
    return RT_OK;
}

rt_status rt_app_triage(rt_app *app, const rt_principal *who, const char *agency,
                        const char *area, bool unallocated, const char *address, int64_t now,
                        rt_referral **out, size_t *n)
{
    rt_status st = rt_app_referral_list(app, who, address, now, out, n);
    if (st != RT_OK)
        return st;
    if (agency || area || unallocated) {
        size_t kept = 0;
        for (size_t i = 0; i < *n && st == RT_OK; i++) {
            rt_referral *r = &(*out)[i];
            bool keep = (!agency || (r->agency_code && strcmp(r->agency_code, agency) == 0)) &&
                        (!area || rt_postcode_in_area(r->field[RT_RF_VICTIM_POSTCODE], area));
            if (keep && unallocated) {
                rt_case c;
                st = rt_store_case_by_referral(app->store, r->id, &c);
                keep = st == RT_ENOTFOUND;
                st = st == RT_ENOTFOUND ? RT_OK : st;
            }
            if (!keep) {
                rt_referral_clear(r);
                continue;
            }
            if (kept != i) {
                (*out)[kept] = *r;
                memset(r, 0, sizeof *r);
            }
            kept++;
        }
        if (st != RT_OK) {
            rt_referral_list_free(*out, *n);
            *out = NULL;
            *n = 0;
            return st;
        }
        *n = kept;
    }
    /* Confirmed identities drive the repeat criterion: an earlier
     * referral of the same person, with the same person causing harm,
     * within the window makes this one a repeat whatever its score. */
    for (size_t i = 0; i < *n; i++) {
        rt_referral *r = &(*out)[i];
        if (!r->risk.present || (r->risk.result.criteria & (1u << RT_CRIT_REPEAT)))
            continue;
        char earlier[RT_ID_HEX + 1];
        st = rt_identity_repeat(app, r, earlier);
        if (st != RT_OK) {
            rt_referral_list_free(*out, *n);
            *out = NULL;
            *n = 0;
            return st;
        }
        if (earlier[0]) {
            r->risk.result.criteria |= 1u << RT_CRIT_REPEAT;
            r->risk.result.marac_eligible = true;
        }
    }
    st = rt_identity_mark_serial(app, *out, *n, NULL);
    if (st != RT_OK) {
        rt_referral_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return st;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, rt_triage_cmp);
    return RT_OK;
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

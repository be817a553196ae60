/* app.c: operations shared by pages and API; see app.h. */
#include "app.h"

#include <stdlib.h>
#include <string.h>
#include "../core/account.h"
#include "../core/buf.h"
#include "../core/policy.h"

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
    app->by_account = app->by_address = NULL;
}

void rt_principal_clear(rt_principal *p)
{
    rt_user_clear(&p->user);
    memset(&p->session, 0, sizeof p->session);
}

/* Writes an audit entry. A read whose audit entry cannot be written must
 * not happen, so callers treat a failure here as the operation failing. */
static rt_status audit(rt_app *app, const char *user_id, const char *action,
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
        return audit(app, NULL, "session.create", NULL, NULL, NULL, address, now, "throttled");
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
        st = audit(app, u.id[0] ? u.id : NULL, "session.create", NULL, NULL, NULL, address, now,
                   "refused");
        rt_user_clear(&u);
        return st;
    }
    rt_throttle_clear(app->by_account, name);
    free(name);

    rt_session_rec s = {0};
    rt_auth_new_token(token);
    rt_auth_token_hash(token, s.token_hash);
    memcpy(s.user_id, u.id, sizeof s.user_id);
    rt_auth_new_csrf(s.csrf);
    s.created_at = s.last_seen = now;
    st = rt_store_session_put(app->store, &s);
    if (st == RT_OK)
        st = audit(app, u.id, "session.create", NULL, NULL, NULL, address, now, "ok");
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
        rt_status st = audit(app, who->user.id, "account.password", "user", who->user.id, NULL,
                             address, now, "throttled");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (!current || !rt_auth_check_password(current, who->user.password_hash)) {
        rt_throttle_fail(app->by_account, who->user.username, now);
        *field = "current_password";
        *problem = "is not right";
        rt_status st = audit(app, who->user.id, "account.password", "user", who->user.id, NULL,
                             address, now, "refused");
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
        st = audit(app, who->user.id, "account.password", "user", who->user.id, NULL, address,
                   now, "ok");
    return st;
}

rt_status rt_app_logout(rt_app *app, const rt_principal *who, const char *address, int64_t now)
{
    rt_status st = rt_store_session_delete(app->store, who->session.token_hash);
    if (st == RT_OK || st == RT_ENOTFOUND)
        st = audit(app, who->user.id, "session.delete", NULL, NULL, NULL, address, now, "ok");
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
                                 rt_field_error errs[RT_RF_COUNT], size_t *n_errs)
{
    *n_errs = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_CREATE)) {
        rt_status st = audit(app, who->user.id, "referral.create", "referral", NULL, NULL,
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
    st = rt_store_referral_add(app->store, r);
    if (st != RT_OK)
        return st;
    return audit(app, who->user.id, "referral.create", "referral", r->id, referral_field_list(),
                 address, now, "ok");
}

rt_status rt_app_referral_list(rt_app *app, const rt_principal *who, const char *address,
                               int64_t now, rt_referral **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_LIST)) {
        rt_status st = audit(app, who->user.id, "referral.list", "referral", NULL, NULL,
                             address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_referral *list;
    size_t count;
    rt_status st = rt_store_referral_list(app->store, &list, &count);
    if (st != RT_OK)
        return st;
    for (size_t i = 0; i < count && st == RT_OK; i++)
        st = audit(app, who->user.id, "referral.list", "referral", list[i].id,
                   referral_field_list(), address, now, "ok");
    if (st != RT_OK) {
        rt_referral_list_free(list, count);
        return st;
    }
    *out = list;
    *n = count;
    return RT_OK;
}

rt_status rt_app_referral_get(rt_app *app, const rt_principal *who, const char *id,
                              const char *address, int64_t now, rt_referral *out)
{
    memset(out, 0, sizeof *out);
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_READ)) {
        rt_status st = audit(app, who->user.id, "referral.read", "referral", id, NULL, address,
                             now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_status st = rt_store_referral_get(app->store, id, out);
    if (st == RT_OK) {
        st = audit(app, who->user.id, "referral.read", "referral", id, referral_field_list(),
                   address, now, "ok");
        if (st != RT_OK)
            rt_referral_clear(out);
    }
    return st;
}

/* signin.c: signing in and out, sessions, passwords, the second factor;
 * see signin.h. */
#include "signin.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/account.h"
#include "../core/policy.h"
#include "totp.h"

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
    st = rt_app_tx_begin(app);
    if (st == RT_OK) {
        st = rt_store_session_put(app->store, &s);
        if (st == RT_OK)
            st = rt_app_audit(app, u.id, "session.create", NULL, NULL, NULL, address, now, "ok");
        st = rt_app_tx_end(app, st);
    }
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
    /* Hashed above, outside the transaction: argon2 is slow on purpose. */
    st = rt_app_tx_begin(app);
    if (st != RT_OK) {
        free(hash);
        return st;
    }
    st = rt_store_user_set_password(app->store, who->user.id, hash, false);
    free(hash);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "account.password", "user", who->user.id, NULL,
                          address, now, "ok");
    return rt_app_tx_end(app, st);
}

rt_status rt_app_logout_everywhere(rt_app *app, const rt_principal *who, const char *address,
                                   int64_t now)
{
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_session_delete_user(app->store, who->user.id);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "session.delete_all", "user", who->user.id, NULL,
                          address, now, "ok");
    return rt_app_tx_end(app, st);
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
        st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_setting_set(app->store, RT_SETTING_SECOND_FACTOR_ROLES, v);
    if (st == RT_OK)
        st = rt_app_audit(app, NULL, "setting.second_factor_roles", "setting",
                          RT_SETTING_SECOND_FACTOR_ROLES, v, NULL, now, "ok");
    return rt_app_tx_end(app, st);
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
    if (st == RT_OK) {
        st = rt_app_tx_begin(app);
        if (st == RT_OK) {
            st = rt_store_user_totp_set(app->store, who->user.id, fresh);
            if (st == RT_OK)
                st = rt_app_audit(app, who->user.id, "account.second_factor.begin", "user",
                                  who->user.id, NULL, address, now, "ok");
            st = rt_app_tx_end(app, st);
        }
    }
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

/* Spends the code of time step step, completes the session's sign-in if
 * it was waiting for it, and audits both, in one transaction. RT_EEXISTS
 * if the step was spent already (a replay). */
static rt_status second_factor_accept(rt_app *app, const rt_principal *who, int64_t step,
                                      bool enrolled, const char *action, const char *address,
                                      int64_t now)
{
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_user_totp_use(app->store, who->user.id, step, now);
    if (st == RT_OK && who->session.second_factor_pending)
        st = rt_store_session_second_factor_done(app->store, who->session.token_hash);
    if (st == RT_OK && !enrolled)
        st = rt_app_audit(app, who->user.id, "account.second_factor.enrol", "user", who->user.id,
                          NULL, address, now, "ok");
    if (st == RT_OK && who->session.second_factor_pending)
        st = rt_app_audit(app, who->user.id, action, "user", who->user.id, NULL, address, now,
                          "ok");
    return rt_app_tx_end(app, st);
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
        st = second_factor_accept(app, who, step, enrolled, action, address, now);
    /* A wrong or replayed code: the transaction left nothing; the refusal
     * is audited on its own. */
    if (st == RT_EDENIED || st == RT_EEXISTS) {
        rt_throttle_fail(app->by_account, who->user.username, now);
        *outcome = RT_SECOND_FACTOR_WRONG;
        return rt_app_audit(app, who->user.id, action, "user", who->user.id, NULL, address, now,
                            st == RT_EEXISTS ? "replayed" : "refused");
    }
    if (st != RT_OK)
        return st;
    rt_throttle_clear(app->by_account, who->user.username);
    *outcome = RT_SECOND_FACTOR_OK;
    return RT_OK;
}

rt_status rt_app_second_factor_reset(rt_app *app, const char *username, int64_t now)
{
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    rt_user u = {0};
    st = rt_store_user_by_username(app->store, username, &u);
    if (st == RT_OK)
        st = rt_store_user_totp_set(app->store, u.id, NULL);
    if (st == RT_OK)
        st = rt_store_session_delete_user(app->store, u.id);
    if (st == RT_OK)
        st = rt_app_audit(app, NULL, "account.second_factor.reset", "user", u.id, NULL, NULL, now,
                          "ok");
    rt_user_clear(&u);
    return rt_app_tx_end(app, st);
}

rt_status rt_app_logout(rt_app *app, const rt_principal *who, const char *address, int64_t now)
{
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_session_delete(app->store, who->session.token_hash);
    if (st == RT_OK || st == RT_ENOTFOUND)
        st = rt_app_audit(app, who->user.id, "session.delete", NULL, NULL, NULL, address, now,
                          "ok");
    return rt_app_tx_end(app, st);
}

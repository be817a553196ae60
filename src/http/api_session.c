/* api_session.c: signing in and out over the API. */
#include "api.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "json_io.h"
#include "../app/totp.h"
#include "../app/signin.h"

/* What the session still needs before it reaches everything: the same
 * order the router enforces. */
static const char *next_step(const rt_principal *who)
{
    if (who->session.second_factor_pending)
        return who->user.second_factor ? "second_factor" : "enrol_second_factor";
    return who->user.must_change_password ? "new_password" : "none";
}

/* The signed-in user as the API shows them. */
static json_t *user_json(const rt_principal *who)
{
    return json_pack("{s:{s:s, s:s, s:s, s:s, s:s?, s:b, s:b}, s:s, s:s}", "user",
                     "id", who->user.id, "username", who->user.username,
                     "display_name", who->user.display_name,
                     "role", rt_role_name(who->user.role),
                     "agency", who->user.agency_code,
                     "must_change_password", who->user.must_change_password,
                     "second_factor", who->user.second_factor,
                     "next_step", next_step(who),
                     "csrf_token", who->session.csrf);
}

rt_status rt_api_session_create(rt_ctx *ctx)
{
    static const char *const keys[] = {"username", "password", NULL};
    const char *v[2];
    json_t *body;
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &body, v, &st))
        return st;
    const char *username = v[0], *password = v[1];

    rt_principal who;
    rt_login_outcome outcome;
    char token[RT_TOKEN_CHARS + 1];
    st = rt_app_login(ctx->app, username, password, ctx->req->client_addr, ctx->now, &outcome,
                      &who, token);
    json_decref(body);
    if (st != RT_OK)
        return st;
    if (outcome == RT_LOGIN_THROTTLED)
        return rt_json_error(ctx->res, 429,
                             "too many failed sign-ins; wait 15 minutes or ask an administrator",
                             NULL);
    if (outcome == RT_LOGIN_REFUSED)
        return rt_json_error(ctx->res, 401, "unknown username or wrong password", NULL);
    st = rt_set_session_cookie(ctx, token);
    sodium_memzero(token, sizeof token);
    if (st == RT_OK)
        st = rt_json_respond(ctx->res, 201, user_json(&who));
    rt_principal_clear(&who);
    return st;
}

rt_status rt_api_session_get(rt_ctx *ctx)
{
    return rt_json_respond(ctx->res, 200, user_json(ctx->who));
}

rt_status rt_api_session_delete(rt_ctx *ctx)
{
    rt_status st = rt_app_logout(ctx->app, ctx->who, ctx->req->client_addr, ctx->now);
    if (st != RT_OK)
        return st;
    ctx->res->status = 204;
    return rt_set_session_cookie(ctx, NULL);
}

rt_status rt_api_session_password(rt_ctx *ctx)
{
    static const char *const keys[] = {"current_password", "new_password", NULL};
    const char *v[2];
    json_t *body;
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &body, v, &st))
        return st;
    const char *current = v[0], *fresh = v[1];
    const char *field, *problem;
    st = rt_app_change_password(ctx->app, ctx->who, current, fresh, ctx->req->client_addr,
                                ctx->now, &field, &problem);
    json_decref(body);
    if (st == RT_EINVAL) {
        char msg[160];
        snprintf(msg, sizeof msg, "%s %s", field, problem);
        return rt_json_error(ctx->res, 422, msg, field);
    }
    if (st == RT_EDENIED)
        return rt_json_error(ctx->res, 429, "too many wrong passwords; wait 15 minutes", NULL);
    if (st == RT_OK)
        ctx->res->status = 204;
    return st;
}

rt_status rt_api_sessions_delete(rt_ctx *ctx)
{
    rt_status st = rt_app_logout_everywhere(ctx->app, ctx->who, ctx->req->client_addr, ctx->now);
    if (st != RT_OK)
        return st;
    ctx->res->status = 204;
    return rt_set_session_cookie(ctx, NULL);
}

rt_status rt_api_second_factor_get(rt_ctx *ctx)
{
    if (ctx->who->user.second_factor)
        return rt_json_respond(ctx->res, 200, json_pack("{s:b}", "enrolled", 1));
    char *secret = NULL, *uri = NULL;
    rt_status st = rt_app_second_factor_begin(ctx->app, ctx->who, ctx->req->client_addr,
                                              ctx->now, &secret, &uri);
    if (st == RT_OK)
        st = rt_json_respond(ctx->res, 200,
                             json_pack("{s:b, s:s, s:s}", "enrolled", 0, "secret", secret,
                                       "otpauth_uri", uri));
    rt_totp_free(uri);
    rt_totp_free(secret);
    return st;
}

rt_status rt_api_second_factor_post(rt_ctx *ctx)
{
    static const char *const keys[] = {"code", NULL};
    const char *v[1];
    json_t *body;
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &body, v, &st))
        return st;
    if (ctx->who->user.second_factor && !ctx->who->session.second_factor_pending) {
        json_decref(body);
        return rt_json_error(ctx->res, 409, "this session has given its second factor already",
                             NULL);
    }
    rt_second_factor_outcome outcome;
    st = rt_app_second_factor_verify(ctx->app, ctx->who, v[0], ctx->req->client_addr, ctx->now,
                                     &outcome);
    json_decref(body);
    if (st != RT_OK)
        return st;
    switch (outcome) {
    case RT_SECOND_FACTOR_OK:
        ctx->res->status = 204;
        return RT_OK;
    case RT_SECOND_FACTOR_MALFORMED:
        return rt_json_error(ctx->res, 422, "code must be the 6 digits the app shows", "code");
    case RT_SECOND_FACTOR_WRONG:
        return rt_json_error(ctx->res, 422, "code is wrong or was used already", "code");
    case RT_SECOND_FACTOR_THROTTLED:
        return rt_json_error(ctx->res, 429, "too many wrong codes; wait 15 minutes", "code");
    case RT_SECOND_FACTOR_NO_SECRET:
        return rt_json_error(ctx->res, 409,
                             "no second factor to check: GET /api/v1/session/second-factor "
                             "first",
                             NULL);
    }
    return RT_ESTORE;
}

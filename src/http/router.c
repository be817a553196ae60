/* router.c: route matching and the checks every route gets; see router.h. */
#include "router.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/signin.h"
#include "json_io.h"

bool rt_route_match(const char *pattern, const char *path,
                    char params[RT_MAX_PATH_PARAMS][RT_PARAM_MAX + 1])
{
    size_t np = 0;
    const char *p = pattern, *s = path;
    while (*p && *s) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *end = strchr(s, '/');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            if (!close || len == 0 || len > RT_PARAM_MAX || np == RT_MAX_PATH_PARAMS)
                return false;
            memcpy(params[np], s, len);
            params[np][len] = '\0';
            np++;
            p = close + 1;
            s += len;
        } else if (*p == *s) {
            p++;
            s++;
        } else {
            return false;
        }
    }
    return *p == '\0' && *s == '\0';
}

static bool is_safe_method(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
}

static bool method_matches(const char *route_method, const char *m)
{
    return strcmp(route_method, m) == 0 ||
           (strcmp(route_method, "GET") == 0 && strcmp(m, "HEAD") == 0);
}

/* True if the request's Content-Type is type, ignoring parameters such
 * as "; charset=utf-8". */
static bool content_type_is(const rt_request *req, const char *type)
{
    const char *ct = rt_req_header(req, "Content-Type");
    if (!ct)
        return false;
    size_t n = strlen(type);
    return strncasecmp(ct, type, n) == 0 && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Writes an error in the dialect of the route. */
static void fail(rt_ctx *ctx, const rt_router *r, int status, const char *message,
                 const char *field)
{
    rt_res_clear(ctx->res);
    rt_status st;
    if (ctx->route && ctx->route->kind == RT_ROUTE_PAGE && r->page_error)
        st = r->page_error(ctx, status, message);
    else
        st = rt_json_error(ctx->res, status, message, field);
    if (st != RT_OK) {
        /* Out of memory while reporting an error: an empty body with the
         * status still tells the client the truth. */
        rt_res_clear(ctx->res);
        ctx->res->status = status;
        ctx->res->content_type = "text/plain; charset=utf-8";
    }
}

rt_status rt_set_session_cookie(rt_ctx *ctx, const char *token)
{
    char v[256];
    int n = snprintf(v, sizeof v, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s",
                     RT_SESSION_COOKIE, token ? token : "",
                     token ? "" : "; Max-Age=0",
                     ctx->app->cfg.secure_cookies ? "; Secure" : "");
    if (n < 0 || (size_t)n >= sizeof v)
        return RT_ETOOBIG;
    return rt_res_header(ctx->res, "Set-Cookie", v);
}

/* A page form before sign-in is protected by a double-submit token: a
 * random value in a SameSite=Strict cookie that the form must echo. The
 * cookie is made on the first page view that lacks one. */
static rt_status ensure_pre_csrf(rt_ctx *ctx, char fresh[RT_CSRF_HEX + 1])
{
    const char *c = rt_req_cookie(ctx->req, RT_PRE_CSRF_COOKIE);
    if (c && strlen(c) == RT_CSRF_HEX) {
        ctx->pre_csrf = c;
        return RT_OK;
    }
    rt_auth_new_csrf(fresh);
    ctx->pre_csrf = fresh;
    char v[160];
    snprintf(v, sizeof v, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s", RT_PRE_CSRF_COOKIE,
             fresh, ctx->app->cfg.secure_cookies ? "; Secure" : "");
    return rt_res_header(ctx->res, "Set-Cookie", v);
}

/* The record type, as the app's audit entries name it, of the record a
 * path segment leads to ("/cases/{id}": a case). */
static const struct {
    const char *segment, *type;
} record_types[] = {
    {"referrals", "referral"}, {"referral-drafts", "draft"}, {"drafts", "draft"},
    {"identity", "identity"},  {"cases", "case"},            {"idvas", "user"},
    {"meetings", "meeting"},   {"maracs", "marac"},          {"actions", "action"},
};

/* The record a route's path names: its first {x} segment, of the type the
 * segment before it leads to ("/api/v1/referrals/{id}/print": a
 * referral). NULL for a route that names none. */
static const char *route_record(const rt_route *route, const rt_request *req, const char **id)
{
    const char *brace = strchr(route->pattern, '{');
    if (!brace || !req->params[0] || brace == route->pattern || brace[-1] != '/')
        return NULL;
    const char *end = brace - 1; /* the '/' before it */
    const char *start = end;
    while (start > route->pattern && start[-1] != '/')
        start--;
    size_t len = (size_t)(end - start);
    for (size_t i = 0; i < sizeof record_types / sizeof record_types[0]; i++)
        if (strlen(record_types[i].segment) == len &&
            memcmp(record_types[i].segment, start, len) == 0) {
            *id = req->params[0];
            return record_types[i].type;
        }
    return NULL;
}

static void audit_denied(rt_ctx *ctx, const rt_route *route)
{
    /* The refusal stands whether or not it could be logged; a failure to
     * log is reported on stderr, which the operator watches. A refusal
     * about one record names it. */
    const char *id = NULL;
    const char *type = route_record(route, ctx->req, &id);
    if (rt_app_audit_refusal(ctx->app, ctx->who, route->action, type, id,
                             ctx->req->client_addr, ctx->now) != RT_OK)
        fprintf(stderr, "roundtable: could not write an audit entry for a refusal\n");
}

/* How far the caller is through signing in: the second factor comes
 * first, so a handed-out password is replaced only by someone who has
 * also shown the second factor. */
static rt_route_stage sign_in_stage(const rt_principal *who)
{
    if (who->session.second_factor_pending)
        return RT_STAGE_SECOND_FACTOR;
    if (who->user.must_change_password)
        return RT_STAGE_NEW_PASSWORD;
    return RT_STAGE_FULL;
}

static void run(const rt_router *r, rt_ctx *ctx)
{
    const rt_route *route = ctx->route;
    const rt_request *req = ctx->req;
    bool page = route->kind == RT_ROUTE_PAGE;

    if (route->action != RT_ACT_NONE) {
        if (!ctx->who) {
            if (page) {
                rt_res_clear(ctx->res);
                if (rt_res_redirect(ctx->res, "/login") != RT_OK)
                    fail(ctx, r, 500, "internal error", NULL);
            } else {
                fail(ctx, r, 401, "sign in first", NULL);
            }
            return;
        }
        rt_route_stage at = sign_in_stage(ctx->who);
        if (route->stage < at) {
            bool factor = at == RT_STAGE_SECOND_FACTOR;
            if (page) {
                rt_res_clear(ctx->res);
                if (rt_res_redirect(ctx->res, factor ? "/account/second-factor"
                                                     : "/account/password") != RT_OK)
                    fail(ctx, r, 500, "internal error", NULL);
            } else if (factor) {
                fail(ctx, r, 403,
                     "give your second factor first (POST /api/v1/session/second-factor)",
                     "code");
            } else {
                fail(ctx, r, 403, "choose a new password first (POST /api/v1/session/password)",
                     "new_password");
            }
            return;
        }
        if (!rt_policy_may(ctx->who->user.role, route->action)) {
            audit_denied(ctx, route);
            fail(ctx, r, 403, "your role does not allow this", NULL);
            return;
        }
    }

    char fresh[RT_CSRF_HEX + 1];
    if (page && !ctx->who && ensure_pre_csrf(ctx, fresh) != RT_OK) {
        fail(ctx, r, 500, "internal error", NULL);
        return;
    }

    if (!is_safe_method(req->method)) {
        if (page) {
            if (!content_type_is(req, "application/x-www-form-urlencoded")) {
                fail(ctx, r, 415, "forms must be sent as application/x-www-form-urlencoded",
                     NULL);
                return;
            }
            const char *problem = NULL;
            rt_status st = rt_form_parse(req->body, req->body_len, ctx->form, &problem);
            if (st == RT_ENOMEM) {
                fail(ctx, r, 500, "internal error", NULL);
                return;
            }
            if (st != RT_OK) {
                fail(ctx, r, 400, problem, NULL);
                return;
            }
            const char *expect = ctx->who ? ctx->who->session.csrf : ctx->pre_csrf;
            if (!rt_auth_equal(rt_form_get(ctx->form, RT_CSRF_FIELD), expect)) {
                fail(ctx, r, 403,
                     "This form has expired or did not come from this site. Go back, reload the page and try again.",
                     RT_CSRF_FIELD);
                return;
            }
        } else {
            if (req->body_len > 0 && !content_type_is(req, "application/json")) {
                fail(ctx, r, 415, "the body must be sent as application/json", "Content-Type");
                return;
            }
            if (route->action != RT_ACT_NONE &&
                !rt_auth_equal(rt_req_header(req, RT_CSRF_HEADER), ctx->who->session.csrf)) {
                fail(ctx, r, 403, "missing or invalid CSRF token", RT_CSRF_HEADER);
                return;
            }
        }
    }

    rt_status st = route->handler(ctx);
    switch (st) {
    case RT_OK:
        if (rt_buf_status(&ctx->res->body) != RT_OK)
            fail(ctx, r, 500, "internal error", NULL);
        return;
    case RT_ENOTFOUND:
        fail(ctx, r, 404, "not found", NULL);
        return;
    case RT_EDENIED:
        fail(ctx, r, 403, "your role does not allow this", NULL);
        return;
    case RT_EINVAL:
        fail(ctx, r, 400, "the request is not valid", NULL);
        return;
    default:
        fprintf(stderr, "roundtable: %s %s failed: %s\n", route->method, route->pattern,
                rt_status_str(st));
        fail(ctx, r, 500, "internal error", NULL);
        return;
    }
}

void rt_router_dispatch(const rt_router *r, rt_app *app, rt_request *req, rt_response *res,
                        int64_t now, const char **matched)
{
    char params[RT_MAX_PATH_PARAMS][RT_PARAM_MAX + 1];
    const rt_route *route = NULL;
    bool path_known = false;
    char allow[64] = "";
    for (size_t i = 0; i < r->n_routes; i++) {
        if (!rt_route_match(r->routes[i].pattern, req->path, params))
            continue;
        path_known = true;
        if (method_matches(r->routes[i].method, req->method)) {
            route = &r->routes[i];
            break;
        }
        size_t used = strlen(allow);
        snprintf(allow + used, sizeof allow - used, "%s%s", used ? ", " : "",
                 r->routes[i].method);
    }
    rt_form form = {0};
    rt_principal who = {0};
    rt_ctx ctx = {.app = app, .req = req, .res = res, .form = &form, .now = now, .route = route};
    *matched = route ? route->pattern : "-";
    bool api = strncmp(req->path, "/api/", 5) == 0;
    if (!route) {
        if (path_known) {
            fail(&ctx, r, 405, "method not allowed", NULL);
            if (rt_res_header(res, "Allow", allow) != RT_OK)
                fail(&ctx, r, 500, "internal error", NULL);
        } else if (api || !r->page_error) {
            fail(&ctx, r, 404, "not found", NULL);
        } else {
            rt_res_clear(res);
            if (r->page_error(&ctx, 404, "There is no page at this address.") != RT_OK)
                fail(&ctx, r, 500, "internal error", NULL);
        }
        return;
    }
    for (int i = 0; i < RT_MAX_PATH_PARAMS; i++)
        req->params[i] = params[i];

    if (route->kind != RT_ROUTE_ASSET) {
        const char *token = rt_req_cookie(req, RT_SESSION_COOKIE);
        if (token) {
            rt_status st = rt_app_session(app, token, now, &who);
            if (st == RT_OK)
                ctx.who = &who;
            else if (st != RT_ENOTFOUND) {
                fail(&ctx, r, 500, "internal error", NULL);
                return;
            }
        }
    }
    run(r, &ctx);
    for (int i = 0; i < RT_MAX_PATH_PARAMS; i++)
        req->params[i] = NULL;
    rt_form_clear(&form);
    rt_principal_clear(&who);
}

/* router.h: routes as data, and the dispatcher that enforces what each
 * route declares.
 *
 * Like cgit's command table, a route is a row: method, path pattern,
 * kind (API, page or asset), the policy action it performs, and its
 * handler. The dispatcher, not the handler, signs the caller in, asks
 * the policy, checks the CSRF token on every state-changing request, and
 * parses form bodies. A handler is therefore only ever called for a
 * caller the route admits. */
#ifndef RT_HTTP_ROUTER_H
#define RT_HTTP_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/policy.h"
#include "../app/app.h"
#include "../core/form.h"
#include "request.h"

#define RT_SESSION_COOKIE "rt_session"
#define RT_PRE_CSRF_COOKIE "rt_csrf"   /* double-submit token for forms before sign-in */
#define RT_CSRF_HEADER "X-CSRF-Token"
#define RT_CSRF_FIELD "csrf"
#define RT_PARAM_MAX 128               /* longest path parameter that can match */

struct rt_route;

/* Everything a handler gets. Ownership: all borrowed from the dispatcher
 * for the duration of the call. */
typedef struct rt_ctx {
    rt_app *app;
    const rt_request *req;
    rt_response *res;
    const rt_principal *who;      /* NULL when nobody is signed in */
    rt_form *form;                /* the parsed body of a page POST, else NULL */
    const char *pre_csrf;         /* the form token before sign-in, or NULL */
    int64_t now;
    const struct rt_route *route;
} rt_ctx;

/* A handler writes the response and returns RT_OK, or returns a status
 * the dispatcher turns into an error response (RT_ENOTFOUND 404,
 * RT_EDENIED 403, RT_EINVAL 400, anything else 500). */
typedef rt_status (*rt_handler)(rt_ctx *ctx);

typedef enum rt_route_kind {
    RT_ROUTE_API,    /* JSON in and out; errors as JSON */
    RT_ROUTE_PAGE,   /* HTML; errors as pages; forms carry a CSRF field */
    RT_ROUTE_ASSET   /* static files; public and cacheable */
} rt_route_kind;

/* How far through signing in a caller must be to reach a route. Ordered:
 * a route reachable at one stage is reachable at every earlier one. */
typedef enum rt_route_stage {
    RT_STAGE_FULL,            /* signed in completely */
    RT_STAGE_NEW_PASSWORD,    /* also before replacing a one-time password */
    RT_STAGE_SECOND_FACTOR    /* also before giving the second factor */
} rt_route_stage;

typedef struct rt_route {
    const char *method;     /* "GET", "POST", "DELETE" */
    const char *pattern;    /* "/api/v1/referrals/{id}": {x} matches one segment */
    rt_route_kind kind;
    rt_action action;       /* RT_ACT_NONE: public; anything else needs sign-in and policy */
    rt_handler handler;
    /* The least finished sign-in that may reach the route: a session
     * still owing its second factor reaches only RT_STAGE_SECOND_FACTOR
     * routes (giving it, signing out); one whose password was handed out
     * reaches those and RT_STAGE_NEW_PASSWORD routes (replacing it). */
    rt_route_stage stage;
} rt_route;

typedef struct rt_router {
    const rt_route *routes;
    size_t n_routes;
    /* Writes an HTML error page for page routes. */
    rt_status (*page_error)(rt_ctx *ctx, int status, const char *message);
} rt_router;

/* Matches path against pattern. On a match returns true and writes each
 * {x} segment, NUL-terminated, into params[i] (RT_PARAM_MAX + 1 bytes
 * each, at most RT_MAX_PATH_PARAMS); a segment longer than RT_PARAM_MAX
 * does not match. Pure. */
bool rt_route_match(const char *pattern, const char *path,
                    char params[RT_MAX_PATH_PARAMS][RT_PARAM_MAX + 1]);

/* Handles one request: finds the route, enforces its declarations, calls
 * its handler and maps failures to responses. Always leaves a complete
 * response in res. *matched gets the route's pattern (for the access log,
 * which must not carry ids or query strings) or "-". */
void rt_router_dispatch(const rt_router *r, rt_app *app, rt_request *req, rt_response *res,
                        int64_t now, const char **matched);

/* Writes the Set-Cookie header for a session token (Max-Age 0 and an
 * empty value when token is NULL, to end it). */
rt_status rt_set_session_cookie(rt_ctx *ctx, const char *token);

#endif

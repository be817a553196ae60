/* The route table: what is public, that the OpenAPI document describes
 * every API route, and that no route reaches its handler without sign-in,
 * the policy's yes and a CSRF token. The dispatcher is driven with every
 * route of the real table, for nobody and for each role; the handlers are
 * replaced by a spy that counts calls. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "api.h"
#include "../../src/app/app.h"
#include "pages.h"
#include "support.h"

/* What the fake connection answers for headers and cookies. */
typedef struct fake_conn {
    const char *session;
    const char *csrf_header;
    const char *content_type;
    const char *pre_csrf;
} fake_conn;

static const char *fake_lookup(void *conn, rt_req_part part, const char *name)
{
    const fake_conn *c = conn;
    if (part == RT_REQ_COOKIE && strcmp(name, RT_SESSION_COOKIE) == 0)
        return c->session;
    if (part == RT_REQ_COOKIE && strcmp(name, RT_PRE_CSRF_COOKIE) == 0)
        return c->pre_csrf;
    if (part == RT_REQ_HEADER && strcmp(name, RT_CSRF_HEADER) == 0)
        return c->csrf_header;
    if (part == RT_REQ_HEADER && strcmp(name, "Content-Type") == 0)
        return c->content_type;
    return NULL;
}

static int spy_calls;

static rt_status spy(rt_ctx *ctx)
{
    spy_calls++;
    ctx->res->status = 200;
    return RT_OK;
}

static void public_routes_are_exactly_these(void **state)
{
    static const char *const allowed[] = {
        "GET /healthz", "GET /api/v1/openapi.json", "POST /api/v1/session",
        "POST /api/v1/risk/score",
        "GET /assets/{name}", "GET /login", "POST /login",
    };
    const rt_router *r = rt_web_router();
    size_t found = 0;
    for (size_t i = 0; i < r->n_routes; i++) {
        if (r->routes[i].action != RT_ACT_NONE)
            continue;
        char key[160];
        snprintf(key, sizeof key, "%s %s", r->routes[i].method, r->routes[i].pattern);
        size_t j = 0;
        while (j < sizeof allowed / sizeof allowed[0] && strcmp(allowed[j], key) != 0)
            j++;
        if (j == sizeof allowed / sizeof allowed[0])
            fail_msg("route %s is public but not on the list of public routes", key);
        found++;
    }
    assert_int_equal(found, sizeof allowed / sizeof allowed[0]);
}

static void openapi_describes_every_api_route(void **state)
{
    json_error_t err;
    json_t *doc = json_loads(rt_api_openapi_text(), JSON_REJECT_DUPLICATES, &err);
    if (!doc)
        fail_msg("openapi.json: %s at line %d", err.text, err.line);
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
    json_t *paths = json_object_get(doc, "paths");
    const rt_router *r = rt_web_router();
    size_t api_routes = 0;
    for (size_t i = 0; i < r->n_routes; i++) {
        if (r->routes[i].kind != RT_ROUTE_API)
            continue;
        api_routes++;
        char method[8];
        size_t k = 0;
        for (; r->routes[i].method[k] && k < sizeof method - 1; k++)
            method[k] = (char)tolower((unsigned char)r->routes[i].method[k]);
        method[k] = '\0';
        json_t *op = json_object_get(json_object_get(paths, r->routes[i].pattern), method);
        if (!op)
            fail_msg("%s %s is not in openapi.json", r->routes[i].method, r->routes[i].pattern);
        /* The document's security must agree with the route's. */
        json_t *sec = json_object_get(op, "security");
        int doc_public = sec && json_array_size(sec) == 0;
        if (doc_public != (r->routes[i].action == RT_ACT_NONE))
            fail_msg("%s %s: openapi.json and the route table disagree on sign-in",
                     r->routes[i].method, r->routes[i].pattern);
    }
    size_t documented = 0;
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item) {
        documented += json_object_size(item);
    }
    assert_int_equal(documented, api_routes);
    json_decref(doc);
}

typedef struct world {
    char *dir;
    rt_store *store;
    rt_app app;
    /* One signed-in user per role; at index PENDING a coordinator who
     * must still replace a one-time password, and at FACTOR_DUE one who
     * must also still give the second factor. */
    char token[RT_ROLE_COUNT + 2][RT_TOKEN_CHARS + 1];
    char csrf[RT_ROLE_COUNT + 2][RT_CSRF_HEX + 1];
} world;

#define PENDING RT_ROLE_COUNT
#define FACTOR_DUE (RT_ROLE_COUNT + 1)

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    w->dir = rt_test_dir("routes");
    char path[512];
    snprintf(path, sizeof path, "%s/rt.db", w->dir);
    rt_data_key key;
    assert_int_equal(rt_key_generate(&key), RT_OK);
    assert_int_equal(rt_store_open(path, &key, true, &w->store), RT_OK);
    rt_agency a = {.code = "agency", .name = "Agency", .kind = RT_AGENCY_OTHER};
    assert_int_equal(rt_store_agency_add(w->store, &a), RT_OK);
    rt_config cfg;
    rt_config_defaults(&cfg);
    assert_int_equal(rt_app_init(&w->app, w->store, &cfg), RT_OK);
    int64_t now = (int64_t)time(NULL);
    for (int r = 0; r <= FACTOR_DUE; r++) {
        rt_role role = r >= PENDING ? RT_ROLE_COORDINATOR : (rt_role)r;
        rt_user u = {.username = r == PENDING      ? "pending"
                                 : r == FACTOR_DUE ? "factor-due"
                                                   : (char *)rt_role_name(role),
                     .display_name = "Test", .agency_code = "agency", .role = role,
                     .must_change_password = r >= PENDING,
                     .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA",
                     .created_at = now};
        assert_int_equal(rt_store_user_add(w->store, &u), RT_OK);
        rt_session_rec s = {.created_at = now, .last_seen = now,
                            .second_factor_pending = r == FACTOR_DUE};
        rt_auth_new_token(w->token[r]);
        rt_auth_token_hash(w->token[r], s.token_hash);
        rt_auth_new_csrf(w->csrf[r]);
        memcpy(s.csrf, w->csrf[r], sizeof s.csrf);
        memcpy(s.user_id, u.id, sizeof s.user_id);
        assert_int_equal(rt_store_session_put(w->store, &s), RT_OK);
    }
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    rt_app_clear(&w->app);
    rt_store_close(w->store);
    free(w->dir);
    free(w);
    return 0;
}

/* A concrete path for a pattern: each {x} becomes 32 hex digits. */
static void concrete(const char *pattern, char *out, size_t n)
{
    size_t o = 0;
    for (const char *p = pattern; *p && o + 40 < n; p++) {
        if (*p == '{') {
            o += (size_t)snprintf(out + o, n - o, "0123456789abcdef0123456789abcdef");
            p = strchr(p, '}');
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

/* Dispatches one request with the spy router; returns the status. */
static int send(world *w, const rt_router *spy_router, const rt_route *route, int role,
                int with_csrf)
{
    char path[256], body[128] = "";
    concrete(route->pattern, path, sizeof path);
    fake_conn c = {0};
    char pre[RT_CSRF_HEX + 1];
    rt_auth_new_csrf(pre);
    c.pre_csrf = pre;
    const char *csrf = role >= 0 ? w->csrf[role] : pre;
    if (role >= 0)
        c.session = w->token[role];
    if (route->kind == RT_ROUTE_PAGE) {
        c.content_type = "application/x-www-form-urlencoded";
        if (with_csrf)
            snprintf(body, sizeof body, "csrf=%s", csrf);
    } else if (route->kind == RT_ROUTE_API) {
        c.content_type = "application/json";
        if (with_csrf && role >= 0)
            c.csrf_header = csrf;
    }
    rt_request req = {.method = route->method, .path = path, .body = body,
                      .body_len = strlen(body), .client_addr = "127.0.0.1",
                      .lookup = fake_lookup, .conn = &c};
    rt_response res = {.status = 200};
    const char *matched;
    rt_router_dispatch(spy_router, &w->app, &req, &res, (int64_t)time(NULL), &matched);
    int status = res.status;
    assert_string_equal(matched, route->pattern);
    rt_res_clear(&res);
    return status;
}

static void no_route_skips_sign_in_policy_or_csrf(void **state)
{
    world *w = *state;
    const rt_router *real = rt_web_router();
    rt_route *routes = calloc(real->n_routes, sizeof *routes);
    for (size_t i = 0; i < real->n_routes; i++) {
        routes[i] = real->routes[i];
        routes[i].handler = spy;
    }
    rt_router spy_router = {routes, real->n_routes, real->page_error};
    for (size_t i = 0; i < real->n_routes; i++) {
        const rt_route *route = &routes[i];
        int unsafe = strcmp(route->method, "GET") != 0;
        for (int role = -1; role < RT_ROLE_COUNT; role++) {
            int expect = route->action == RT_ACT_NONE ||
                         (role >= 0 && rt_policy_may((rt_role)role, route->action));
            spy_calls = 0;
            int status = send(w, &spy_router, route, role, 1);
            if (spy_calls != expect)
                fail_msg("%s %s as %s: handler %s", route->method, route->pattern,
                         role < 0 ? "nobody" : rt_role_name((rt_role)role),
                         spy_calls ? "ran but should not" : "did not run but should");
            if (!expect && status != 401 && status != 403 && status != 303)
                fail_msg("%s %s refused with status %d", route->method, route->pattern, status);
            /* Without its CSRF token no state-changing request gets through,
             * except signing in over the API, which has no session yet. */
            if (expect && unsafe) {
                int exempt = route->kind == RT_ROUTE_API && route->action == RT_ACT_NONE;
                spy_calls = 0;
                status = send(w, &spy_router, route, role, 0);
                if (spy_calls != exempt)
                    fail_msg("%s %s as %s without a CSRF token: handler %s", route->method,
                             route->pattern, role < 0 ? "nobody" : rt_role_name((rt_role)role),
                             spy_calls ? "ran" : "did not run");
                if (!exempt)
                    assert_int_equal(status, 403);
            }
        }
    }
    free(routes);
}

/* A session part-way through signing in reaches only the routes of its
 * stage: the second factor first, then the new password. */
static void part_way_sessions_reach_only_their_stage(void **state)
{
    world *w = *state;
    const rt_router *real = rt_web_router();
    rt_route *routes = calloc(real->n_routes, sizeof *routes);
    for (size_t i = 0; i < real->n_routes; i++) {
        routes[i] = real->routes[i];
        routes[i].handler = spy;
    }
    rt_router spy_router = {routes, real->n_routes, real->page_error};
    static const struct {
        int who;
        rt_route_stage at;
        size_t reachable;
    } cases[] = {
        /* Session read and end, sign out everywhere, the second factor (API
         * and page, read and give), the password (API, page, form). */
        {PENDING, RT_STAGE_NEW_PASSWORD, 12},
        /* Session read and end, sign out, the second factor (4). */
        {FACTOR_DUE, RT_STAGE_SECOND_FACTOR, 7},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t reachable = 0;
        for (size_t i = 0; i < real->n_routes; i++) {
            const rt_route *route = &routes[i];
            if (route->action == RT_ACT_NONE)
                continue;
            spy_calls = 0;
            int status = send(w, &spy_router, route, cases[k].who, 1);
            int expect = route->stage >= cases[k].at &&
                         rt_policy_may(RT_ROLE_COORDINATOR, route->action);
            if (spy_calls != expect)
                fail_msg("%s %s part-way (stage %d): handler %s", route->method,
                         route->pattern, (int)cases[k].at, spy_calls ? "ran" : "did not run");
            if (!expect)
                assert_int_equal(status, route->kind == RT_ROUTE_PAGE ? 303 : 403);
            reachable += (size_t)expect;
        }
        if (reachable != cases[k].reachable)
            fail_msg("stage %d reaches %zu routes, expected %zu", (int)cases[k].at, reachable,
                     cases[k].reachable);
    }
    free(routes);
}

static void unknown_paths_and_methods(void **state)
{
    world *w = *state;
    fake_conn c = {0};
    static const struct {
        const char *method, *path;
        int status;
    } cases[] = {
        {"GET", "/api/v1/nothing", 404},
        {"PUT", "/api/v1/referrals", 405},
        {"GET", "/referrals/a/b", 404},
        {"HEAD", "/healthz", 200},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_request req = {.method = cases[i].method, .path = cases[i].path, .body = "",
                          .client_addr = "127.0.0.1", .lookup = fake_lookup, .conn = &c};
        rt_response res = {.status = 200};
        const char *matched;
        rt_router_dispatch(rt_web_router(), &w->app, &req, &res, (int64_t)time(NULL), &matched);
        if (res.status != cases[i].status)
            fail_msg("%s %s: %d", cases[i].method, cases[i].path, res.status);
        rt_res_clear(&res);
    }
}

static void route_patterns_match_segments(void **state)
{
    char p[RT_MAX_PATH_PARAMS][RT_PARAM_MAX + 1];
    assert_true(rt_route_match("/referrals/{id}", "/referrals/abc", p));
    assert_string_equal(p[0], "abc");
    assert_false(rt_route_match("/referrals/{id}", "/referrals/", p));
    assert_false(rt_route_match("/referrals/{id}", "/referrals/a/b", p));
    assert_false(rt_route_match("/referrals", "/referrals/", p));
    assert_true(rt_route_match("/", "/", p));
    char longseg[RT_PARAM_MAX + 20] = "/referrals/";
    memset(longseg + 11, 'a', RT_PARAM_MAX + 1);
    longseg[11 + RT_PARAM_MAX + 1] = '\0';
    assert_false(rt_route_match("/referrals/{id}", longseg, p));
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(public_routes_are_exactly_these),
        cmocka_unit_test(openapi_describes_every_api_route),
        cmocka_unit_test(route_patterns_match_segments),
        cmocka_unit_test_setup_teardown(no_route_skips_sign_in_policy_or_csrf, setup, teardown),
        cmocka_unit_test_setup_teardown(part_way_sessions_reach_only_their_stage, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(unknown_paths_and_methods, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

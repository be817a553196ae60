/* routes.c: every route of the server, as data.
 *
 * Read a row as: this method on this path is a page/API/asset, performs
 * this policy action, and is answered by this handler. RT_ACT_NONE rows
 * are public; all others require sign-in and the policy's yes before the
 * handler is ever called (see http/router.c). A final `true` lets a user
 * who must still replace a one-time password reach the route. A test walks this table and
 * proves that no non-public route is reachable without both. */
#include "pages.h"

#include "../http/api.h"

static const rt_route routes[] = {
    {"GET", "/healthz", RT_ROUTE_API, RT_ACT_NONE, rt_api_health, false},
    {"GET", "/api/v1/openapi.json", RT_ROUTE_API, RT_ACT_NONE, rt_api_openapi, false},
    {"POST", "/api/v1/session", RT_ROUTE_API, RT_ACT_NONE, rt_api_session_create, false},
    /* Public: it computes over what it is sent and stores and reads nothing. */
    {"POST", "/api/v1/risk/score", RT_ROUTE_API, RT_ACT_NONE, rt_api_risk_score, false},
    {"GET", "/api/v1/session", RT_ROUTE_API, RT_ACT_SIGNED_IN, rt_api_session_get, true},
    {"DELETE", "/api/v1/session", RT_ROUTE_API, RT_ACT_SIGNED_IN, rt_api_session_delete, true},
    {"POST", "/api/v1/session/password", RT_ROUTE_API, RT_ACT_SIGNED_IN, rt_api_session_password,
     true},
    {"DELETE", "/api/v1/sessions", RT_ROUTE_API, RT_ACT_SIGNED_IN, rt_api_sessions_delete, true},
    {"POST", "/api/v1/referrals", RT_ROUTE_API, RT_ACT_REFERRAL_CREATE, rt_api_referral_create, false},
    {"GET", "/api/v1/referrals", RT_ROUTE_API, RT_ACT_REFERRAL_LIST, rt_api_referral_list, false},
    {"GET", "/api/v1/triage", RT_ROUTE_API, RT_ACT_REFERRAL_LIST, rt_api_triage, false},
    {"GET", "/api/v1/audit", RT_ROUTE_API, RT_ACT_AUDIT_READ, rt_api_audit_search, false},
    {"GET", "/api/v1/audit/verify", RT_ROUTE_API, RT_ACT_AUDIT_READ, rt_api_audit_verify, false},
    {"GET", "/api/v1/referrals/{id}", RT_ROUTE_API, RT_ACT_REFERRAL_READ, rt_api_referral_get, false},
    {"POST", "/api/v1/referrals/{id}/break-glass", RT_ROUTE_API, RT_ACT_REFERRAL_BREAK_GLASS,
     rt_api_referral_break_glass, false},
    {"POST", "/api/v1/referrals/{id}/exclusions", RT_ROUTE_API, RT_ACT_REFERRAL_EXCLUDE,
     rt_api_referral_exclude, false},
    {"GET", "/api/v1/referrals/{id}/subject-access", RT_ROUTE_API, RT_ACT_SUBJECT_ACCESS,
     rt_api_subject_access, false},

    {"GET", "/assets/{name}", RT_ROUTE_ASSET, RT_ACT_NONE, rt_page_asset, false},
    {"GET", "/login", RT_ROUTE_PAGE, RT_ACT_NONE, rt_page_login, false},
    {"POST", "/login", RT_ROUTE_PAGE, RT_ACT_NONE, rt_page_login_post, false},
    {"POST", "/logout", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_logout, true},
    {"GET", "/account", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_account, false},
    {"POST", "/account/sessions/delete", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN,
     rt_page_account_sessions_delete, true},
    {"GET", "/account/password", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_password, true},
    {"POST", "/account/password", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_password_post, true},
    {"GET", "/", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_home, false},
    /* /referrals/new and /referrals/received come before /referrals/{id}:
     * the first matching row wins. */
    {"GET", "/referrals/new", RT_ROUTE_PAGE, RT_ACT_REFERRAL_CREATE, rt_page_referral_new, false},
    {"POST", "/referrals/new", RT_ROUTE_PAGE, RT_ACT_REFERRAL_CREATE, rt_page_referral_new_post, false},
    {"GET", "/referrals/received", RT_ROUTE_PAGE, RT_ACT_REFERRAL_CREATE, rt_page_referral_received, false},
    {"GET", "/referrals", RT_ROUTE_PAGE, RT_ACT_REFERRAL_LIST, rt_page_referral_list, false},
    {"GET", "/triage", RT_ROUTE_PAGE, RT_ACT_REFERRAL_LIST, rt_page_triage, false},
    {"GET", "/audit", RT_ROUTE_PAGE, RT_ACT_AUDIT_READ, rt_page_audit, false},
    {"GET", "/referrals/{id}", RT_ROUTE_PAGE, RT_ACT_REFERRAL_READ, rt_page_referral_view, false},
    {"POST", "/referrals/{id}/break-glass", RT_ROUTE_PAGE, RT_ACT_REFERRAL_BREAK_GLASS,
     rt_page_referral_break_glass, false},
    {"POST", "/referrals/{id}/exclusions", RT_ROUTE_PAGE, RT_ACT_REFERRAL_EXCLUDE,
     rt_page_referral_exclude, false},
    {"GET", "/referrals/{id}/subject-access", RT_ROUTE_PAGE, RT_ACT_SUBJECT_ACCESS,
     rt_page_subject_access, false},
    {"GET", "/referrals/{id}/subject-access.html", RT_ROUTE_PAGE, RT_ACT_SUBJECT_ACCESS,
     rt_page_subject_access_html, false},
    {"GET", "/referrals/{id}/subject-access.json", RT_ROUTE_PAGE, RT_ACT_SUBJECT_ACCESS,
     rt_page_subject_access_json, false},
    {"POST", "/notices/{id}/read", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_notice_read, false},
};

static const rt_router router = {
    .routes = routes,
    .n_routes = sizeof routes / sizeof routes[0],
    .page_error = rt_page_error,
};

const rt_router *rt_web_router(void)
{
    return &router;
}

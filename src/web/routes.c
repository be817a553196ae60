/* routes.c: every route of the server, as data.
 *
 * Read a row as: this method on this path is a page/API/asset, performs
 * this policy action, and is answered by this handler. RT_ACT_NONE rows
 * are public; all others require sign-in and the policy's yes before the
 * handler is ever called (see http/router.c). The last column says how
 * far through signing in (second factor, new password) a caller must be
 * to reach the route. A test walks this table and proves that no
 * non-public route is reachable without sign-in, policy and stage. */
#include "pages.h"

#include "../http/api.h"

/* Stage shorthands for the last column. */
#define FULL RT_STAGE_FULL
#define NEW_PW RT_STAGE_NEW_PASSWORD
#define FACTOR RT_STAGE_SECOND_FACTOR

static const rt_route routes[] = {
    {"GET", "/healthz", RT_ROUTE_API, RT_ACT_NONE, rt_api_health, FULL},
    {"GET", "/api/v1/openapi.json", RT_ROUTE_API, RT_ACT_NONE, rt_api_openapi, FULL},
    {"POST", "/api/v1/session", RT_ROUTE_API, RT_ACT_NONE, rt_api_session_create, FULL},
    /* Public: it computes over what it is sent and stores and reads nothing. */
    {"POST", "/api/v1/risk/score", RT_ROUTE_API, RT_ACT_NONE, rt_api_risk_score, FULL},
    {"GET", "/api/v1/session", RT_ROUTE_API, RT_ACT_SIGNED_IN, rt_api_session_get, FACTOR},
    {"DELETE", "/api/v1/session", RT_ROUTE_API, RT_ACT_SIGNED_IN, rt_api_session_delete, FACTOR},
    {"GET", "/api/v1/session/second-factor", RT_ROUTE_API, RT_ACT_SIGNED_IN,
     rt_api_second_factor_get, FACTOR},
    {"POST", "/api/v1/session/second-factor", RT_ROUTE_API, RT_ACT_SIGNED_IN,
     rt_api_second_factor_post, FACTOR},
    {"POST", "/api/v1/session/password", RT_ROUTE_API, RT_ACT_SIGNED_IN, rt_api_session_password,
     NEW_PW},
    {"DELETE", "/api/v1/sessions", RT_ROUTE_API, RT_ACT_SIGNED_IN, rt_api_sessions_delete, NEW_PW},
    {"POST", "/api/v1/referrals", RT_ROUTE_API, RT_ACT_REFERRAL_CREATE, rt_api_referral_create, FULL},
    {"GET", "/api/v1/referrals", RT_ROUTE_API, RT_ACT_REFERRAL_LIST, rt_api_referral_list, FULL},
    {"POST", "/api/v1/referral-drafts", RT_ROUTE_API, RT_ACT_REFERRAL_CREATE, rt_api_draft_create,
     FULL},
    {"GET", "/api/v1/referral-drafts", RT_ROUTE_API, RT_ACT_REFERRAL_CREATE, rt_api_draft_list,
     FULL},
    {"GET", "/api/v1/referral-drafts/{id}", RT_ROUTE_API, RT_ACT_REFERRAL_CREATE,
     rt_api_draft_get, FULL},
    {"PUT", "/api/v1/referral-drafts/{id}", RT_ROUTE_API, RT_ACT_REFERRAL_CREATE,
     rt_api_draft_update, FULL},
    {"DELETE", "/api/v1/referral-drafts/{id}", RT_ROUTE_API, RT_ACT_REFERRAL_CREATE,
     rt_api_draft_delete, FULL},
    {"GET", "/api/v1/triage", RT_ROUTE_API, RT_ACT_REFERRAL_LIST, rt_api_triage, FULL},
    {"GET", "/api/v1/audit", RT_ROUTE_API, RT_ACT_AUDIT_READ, rt_api_audit_search, FULL},
    {"GET", "/api/v1/audit/verify", RT_ROUTE_API, RT_ACT_AUDIT_READ, rt_api_audit_verify, FULL},
    {"GET", "/api/v1/referrals/{id}", RT_ROUTE_API, RT_ACT_REFERRAL_READ, rt_api_referral_get, FULL},
    {"POST", "/api/v1/referrals/{id}/break-glass", RT_ROUTE_API, RT_ACT_REFERRAL_BREAK_GLASS,
     rt_api_referral_break_glass, FULL},
    {"POST", "/api/v1/referrals/{id}/exclusions", RT_ROUTE_API, RT_ACT_REFERRAL_EXCLUDE,
     rt_api_referral_exclude, FULL},
    {"GET", "/api/v1/referrals/{id}/subject-access", RT_ROUTE_API, RT_ACT_SUBJECT_ACCESS,
     rt_api_subject_access, FULL},
    {"GET", "/api/v1/referrals/{id}/matches", RT_ROUTE_API, RT_ACT_IDENTITY,
     rt_api_identity_matches, FULL},
    {"POST", "/api/v1/referrals/{id}/identity", RT_ROUTE_API, RT_ACT_IDENTITY,
     rt_api_identity_decide, FULL},
    {"POST", "/api/v1/identity/{id}/undo", RT_ROUTE_API, RT_ACT_IDENTITY, rt_api_identity_undo,
     FULL},
    {"GET", "/api/v1/referrals/{id}/assessments", RT_ROUTE_API, RT_ACT_REFERRAL_READ,
     rt_api_assessment_list, FULL},
    {"POST", "/api/v1/referrals/{id}/assessments", RT_ROUTE_API, RT_ACT_ASSESSMENT_CREATE,
     rt_api_assessment_create, FULL},
    {"GET", "/api/v1/referrals/{id}/allocation", RT_ROUTE_API, RT_ACT_CASE_ALLOCATE,
     rt_api_allocation_get, FULL},
    {"POST", "/api/v1/referrals/{id}/allocation", RT_ROUTE_API, RT_ACT_CASE_ALLOCATE,
     rt_api_allocation_post, FULL},
    {"GET", "/api/v1/cases", RT_ROUTE_API, RT_ACT_CASE_WRITE, rt_api_case_list, FULL},
    {"GET", "/api/v1/cases/{id}", RT_ROUTE_API, RT_ACT_CASE_READ, rt_api_case_get, FULL},
    {"POST", "/api/v1/cases/{id}/status", RT_ROUTE_API, RT_ACT_CASE_WRITE, rt_api_case_status,
     FULL},
    {"POST", "/api/v1/cases/{id}/items/{kind}", RT_ROUTE_API, RT_ACT_CASE_WRITE,
     rt_api_case_item_create, FULL},
    {"PUT", "/api/v1/cases/{id}/items/{kind}/{item}", RT_ROUTE_API, RT_ACT_CASE_WRITE,
     rt_api_case_item_update, FULL},
    {"GET", "/api/v1/caseload", RT_ROUTE_API, RT_ACT_CASELOAD, rt_api_caseload, FULL},
    {"PUT", "/api/v1/idvas/{id}/profile", RT_ROUTE_API, RT_ACT_CASELOAD, rt_api_idva_profile_put,
     FULL},
    {"GET", "/api/v1/reports/outcomes", RT_ROUTE_API, RT_ACT_OUTCOMES, rt_api_outcomes, FULL},

    {"GET", "/assets/{name}", RT_ROUTE_ASSET, RT_ACT_NONE, rt_page_asset, FULL},
    {"GET", "/login", RT_ROUTE_PAGE, RT_ACT_NONE, rt_page_login, FULL},
    {"POST", "/login", RT_ROUTE_PAGE, RT_ACT_NONE, rt_page_login_post, FULL},
    {"POST", "/logout", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_logout, FACTOR},
    {"GET", "/account", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_account, FULL},
    {"GET", "/account/second-factor", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_second_factor,
     FACTOR},
    {"POST", "/account/second-factor", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN,
     rt_page_second_factor_post, FACTOR},
    {"POST", "/account/sessions/delete", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN,
     rt_page_account_sessions_delete, NEW_PW},
    {"GET", "/account/password", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_password, NEW_PW},
    {"POST", "/account/password", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_password_post, NEW_PW},
    {"GET", "/", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_home, FULL},
    /* /referrals/new, /received and /drafts come before /referrals/{id}:
     * the first matching row wins. */
    {"GET", "/referrals/new", RT_ROUTE_PAGE, RT_ACT_REFERRAL_CREATE, rt_page_referral_new, FULL},
    {"POST", "/referrals/new", RT_ROUTE_PAGE, RT_ACT_REFERRAL_CREATE, rt_page_referral_new_post, FULL},
    {"GET", "/referrals/received", RT_ROUTE_PAGE, RT_ACT_REFERRAL_CREATE, rt_page_referral_received, FULL},
    {"GET", "/referrals/drafts", RT_ROUTE_PAGE, RT_ACT_REFERRAL_CREATE, rt_page_drafts, FULL},
    {"POST", "/referrals/drafts/{id}/delete", RT_ROUTE_PAGE, RT_ACT_REFERRAL_CREATE,
     rt_page_draft_delete, FULL},
    {"GET", "/referrals", RT_ROUTE_PAGE, RT_ACT_REFERRAL_LIST, rt_page_referral_list, FULL},
    {"GET", "/triage", RT_ROUTE_PAGE, RT_ACT_REFERRAL_LIST, rt_page_triage, FULL},
    {"GET", "/audit", RT_ROUTE_PAGE, RT_ACT_AUDIT_READ, rt_page_audit, FULL},
    {"GET", "/referrals/{id}", RT_ROUTE_PAGE, RT_ACT_REFERRAL_READ, rt_page_referral_view, FULL},
    {"GET", "/referrals/{id}/print", RT_ROUTE_PAGE, RT_ACT_REFERRAL_READ, rt_page_referral_print,
     FULL},
    {"GET", "/referrals/{id}/matches", RT_ROUTE_PAGE, RT_ACT_IDENTITY, rt_page_identity, FULL},
    {"POST", "/referrals/{id}/matches", RT_ROUTE_PAGE, RT_ACT_IDENTITY, rt_page_identity_post,
     FULL},
    {"POST", "/identity/{id}/undo", RT_ROUTE_PAGE, RT_ACT_IDENTITY, rt_page_identity_undo, FULL},
    {"GET", "/referrals/{id}/assessments", RT_ROUTE_PAGE, RT_ACT_REFERRAL_READ,
     rt_page_assessments, FULL},
    {"GET", "/referrals/{id}/assessments/new", RT_ROUTE_PAGE, RT_ACT_ASSESSMENT_CREATE,
     rt_page_assessment_new, FULL},
    {"POST", "/referrals/{id}/assessments/new", RT_ROUTE_PAGE, RT_ACT_ASSESSMENT_CREATE,
     rt_page_assessment_new_post, FULL},
    {"POST", "/referrals/{id}/break-glass", RT_ROUTE_PAGE, RT_ACT_REFERRAL_BREAK_GLASS,
     rt_page_referral_break_glass, FULL},
    {"POST", "/referrals/{id}/exclusions", RT_ROUTE_PAGE, RT_ACT_REFERRAL_EXCLUDE,
     rt_page_referral_exclude, FULL},
    {"GET", "/referrals/{id}/subject-access", RT_ROUTE_PAGE, RT_ACT_SUBJECT_ACCESS,
     rt_page_subject_access, FULL},
    {"GET", "/referrals/{id}/subject-access.html", RT_ROUTE_PAGE, RT_ACT_SUBJECT_ACCESS,
     rt_page_subject_access_html, FULL},
    {"GET", "/referrals/{id}/subject-access.json", RT_ROUTE_PAGE, RT_ACT_SUBJECT_ACCESS,
     rt_page_subject_access_json, FULL},
    {"POST", "/notices/{id}/read", RT_ROUTE_PAGE, RT_ACT_SIGNED_IN, rt_page_notice_read, FULL},
    {"GET", "/referrals/{id}/allocate", RT_ROUTE_PAGE, RT_ACT_CASE_ALLOCATE, rt_page_allocate,
     FULL},
    {"POST", "/referrals/{id}/allocate", RT_ROUTE_PAGE, RT_ACT_CASE_ALLOCATE,
     rt_page_allocate_post, FULL},
    {"GET", "/cases", RT_ROUTE_PAGE, RT_ACT_CASE_WRITE, rt_page_cases, FULL},
    {"GET", "/cases/{id}", RT_ROUTE_PAGE, RT_ACT_CASE_READ, rt_page_case, FULL},
    {"POST", "/cases/{id}/status", RT_ROUTE_PAGE, RT_ACT_CASE_WRITE, rt_page_case_status, FULL},
    {"GET", "/cases/{id}/close", RT_ROUTE_PAGE, RT_ACT_CASE_WRITE, rt_page_case_close, FULL},
    {"POST", "/cases/{id}/close", RT_ROUTE_PAGE, RT_ACT_CASE_WRITE, rt_page_case_close_post,
     FULL},
    /* .../new before .../{item}: the first matching row wins. */
    {"GET", "/cases/{id}/items/{kind}/new", RT_ROUTE_PAGE, RT_ACT_CASE_WRITE,
     rt_page_case_item_new, FULL},
    {"POST", "/cases/{id}/items/{kind}/new", RT_ROUTE_PAGE, RT_ACT_CASE_WRITE,
     rt_page_case_item_new_post, FULL},
    {"GET", "/cases/{id}/items/{kind}/{item}", RT_ROUTE_PAGE, RT_ACT_CASE_WRITE,
     rt_page_case_item_edit, FULL},
    {"POST", "/cases/{id}/items/{kind}/{item}", RT_ROUTE_PAGE, RT_ACT_CASE_WRITE,
     rt_page_case_item_edit_post, FULL},
    {"GET", "/caseload", RT_ROUTE_PAGE, RT_ACT_CASELOAD, rt_page_caseload, FULL},
    {"GET", "/reports/outcomes", RT_ROUTE_PAGE, RT_ACT_OUTCOMES, rt_page_outcomes, FULL},
    {"GET", "/reports/outcomes.csv", RT_ROUTE_PAGE, RT_ACT_OUTCOMES, rt_page_outcomes_csv, FULL},
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

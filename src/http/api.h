/* api.h: JSON API handlers (under /api/v1/) and the health check.
 *
 * Each is an rt_handler for the route table in web/routes.c, which
 * declares what each one needs. The contract of every endpoint is the
 * OpenAPI document src/http/openapi.json, served at
 * /api/v1/openapi.json; a test keeps the two in step. */
#ifndef RT_HTTP_API_H
#define RT_HTTP_API_H

#include "router.h"

rt_status rt_api_health(rt_ctx *ctx);            /* GET /healthz */
rt_status rt_api_openapi(rt_ctx *ctx);           /* GET /api/v1/openapi.json */
rt_status rt_api_session_create(rt_ctx *ctx);    /* POST /api/v1/session */
rt_status rt_api_session_get(rt_ctx *ctx);       /* GET /api/v1/session */
rt_status rt_api_session_delete(rt_ctx *ctx);    /* DELETE /api/v1/session */
rt_status rt_api_identity_matches(rt_ctx *ctx); /* GET /api/v1/referrals/{id}/matches */
rt_status rt_api_identity_decide(rt_ctx *ctx);  /* POST /api/v1/referrals/{id}/identity */
rt_status rt_api_identity_undo(rt_ctx *ctx);    /* POST /api/v1/identity/{id}/undo */
rt_status rt_api_draft_create(rt_ctx *ctx);   /* POST /api/v1/referral-drafts */
rt_status rt_api_draft_list(rt_ctx *ctx);     /* GET /api/v1/referral-drafts */
rt_status rt_api_draft_get(rt_ctx *ctx);      /* GET /api/v1/referral-drafts/{id} */
rt_status rt_api_draft_update(rt_ctx *ctx);   /* PUT /api/v1/referral-drafts/{id} */
rt_status rt_api_draft_delete(rt_ctx *ctx);   /* DELETE /api/v1/referral-drafts/{id} */
rt_status rt_api_assessment_list(rt_ctx *ctx);    /* GET /api/v1/referrals/{id}/assessments */
rt_status rt_api_assessment_create(rt_ctx *ctx);  /* POST /api/v1/referrals/{id}/assessments */
rt_status rt_api_second_factor_get(rt_ctx *ctx);  /* GET /api/v1/session/second-factor */
rt_status rt_api_second_factor_post(rt_ctx *ctx); /* POST /api/v1/session/second-factor */
rt_status rt_api_session_password(rt_ctx *ctx);  /* POST /api/v1/session/password */
rt_status rt_api_sessions_delete(rt_ctx *ctx);   /* DELETE /api/v1/sessions */
rt_status rt_api_case_list(rt_ctx *ctx);         /* GET /api/v1/cases */
rt_status rt_api_case_get(rt_ctx *ctx);          /* GET /api/v1/cases/{id} */
rt_status rt_api_case_status(rt_ctx *ctx);       /* POST /api/v1/cases/{id}/status */
rt_status rt_api_case_item_create(rt_ctx *ctx);  /* POST /api/v1/cases/{id}/items/{kind} */
rt_status rt_api_case_item_update(rt_ctx *ctx);  /* PUT /api/v1/cases/{id}/items/{kind}/{item} */
rt_status rt_api_allocation_get(rt_ctx *ctx);    /* GET /api/v1/referrals/{id}/allocation */
rt_status rt_api_allocation_post(rt_ctx *ctx);   /* POST /api/v1/referrals/{id}/allocation */
rt_status rt_api_caseload(rt_ctx *ctx);          /* GET /api/v1/caseload */
rt_status rt_api_outcomes(rt_ctx *ctx);          /* GET /api/v1/reports/outcomes */
rt_status rt_api_idva_profile_put(rt_ctx *ctx);  /* PUT /api/v1/idvas/{id}/profile */
rt_status rt_api_meetings(rt_ctx *ctx);          /* GET /api/v1/meetings */
rt_status rt_api_meeting_create(rt_ctx *ctx);    /* POST /api/v1/meetings */
rt_status rt_api_meeting_get(rt_ctx *ctx);       /* GET /api/v1/meetings/{id} */
rt_status rt_api_meeting_propose(rt_ctx *ctx);   /* POST /api/v1/meetings/{id}/propose */
rt_status rt_api_meeting_case_add(rt_ctx *ctx);  /* POST /api/v1/meetings/{id}/cases */
rt_status rt_api_meeting_case_remove(rt_ctx *ctx); /* DELETE .../cases/{referral} */
rt_status rt_api_meeting_status(rt_ctx *ctx);    /* POST /api/v1/meetings/{id}/status */
rt_status rt_api_meeting_attendance(rt_ctx *ctx); /* POST /api/v1/meetings/{id}/attendance */
rt_status rt_api_meeting_hearing(rt_ctx *ctx);   /* PUT .../cases/{referral}/hearing */
rt_status rt_api_meeting_action(rt_ctx *ctx);    /* POST .../cases/{referral}/actions */
rt_status rt_api_meeting_research(rt_ctx *ctx);  /* PUT .../cases/{referral}/research */
rt_status rt_api_actions(rt_ctx *ctx);           /* GET /api/v1/actions */
rt_status rt_api_action_status(rt_ctx *ctx);     /* POST /api/v1/actions/{id}/status */
rt_status rt_api_transfer(rt_ctx *ctx);          /* POST /api/v1/referrals/{id}/transfer */
rt_status rt_api_marac_staff_add(rt_ctx *ctx);   /* POST /api/v1/maracs/{code}/staff */
/* POST /api/v1/maracs/{code}/staff/{username}/remove */
rt_status rt_api_marac_staff_remove(rt_ctx *ctx);
rt_status rt_api_referral_create(rt_ctx *ctx);   /* POST /api/v1/referrals */
rt_status rt_api_referral_list(rt_ctx *ctx);     /* GET /api/v1/referrals */
rt_status rt_api_triage(rt_ctx *ctx);            /* GET /api/v1/triage */
rt_status rt_api_audit_search(rt_ctx *ctx);      /* GET /api/v1/audit */
rt_status rt_api_audit_verify(rt_ctx *ctx);      /* GET /api/v1/audit/verify */
rt_status rt_api_audit_exclusions(rt_ctx *ctx);  /* GET /api/v1/audit/exclusions */
rt_status rt_api_referral_get(rt_ctx *ctx);      /* GET /api/v1/referrals/{id} */
rt_status rt_api_referral_break_glass(rt_ctx *ctx); /* POST /api/v1/referrals/{id}/break-glass */
rt_status rt_api_referral_exclude(rt_ctx *ctx);  /* POST /api/v1/referrals/{id}/exclusions */
rt_status rt_api_referral_exclusions(rt_ctx *ctx); /* GET /api/v1/referrals/{id}/exclusions */
/* POST /api/v1/referrals/{id}/exclusions/{exclusion_id}/lift */
rt_status rt_api_referral_exclusion_lift(rt_ctx *ctx);
/* Responds 200 with {"exclusions": [...]} for list (n of them, the
 * caller's still): shared by the holders' list and the auditor's. */
struct rt_exclusion_entry;
rt_status rt_exclusions_respond(rt_ctx *ctx, const struct rt_exclusion_entry *list, size_t n);
rt_status rt_api_subject_access(rt_ctx *ctx);    /* GET /api/v1/referrals/{id}/subject-access */

rt_status rt_api_risk_score(rt_ctx *ctx);        /* POST /api/v1/risk/score */

/* The embedded OpenAPI document (NUL-terminated JSON text). */
const char *rt_api_openapi_text(void);

#endif

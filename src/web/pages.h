/* pages.h: the HTML pages, one file each, and the route table that
 * declares what each needs.
 *
 * Every page is an rt_handler; web/routes.c lists them with the API. */
#ifndef RT_WEB_PAGES_H
#define RT_WEB_PAGES_H

#include "../http/router.h"

rt_status rt_page_home(rt_ctx *ctx);              /* GET / */
rt_status rt_page_login(rt_ctx *ctx);             /* GET /login */
rt_status rt_page_login_post(rt_ctx *ctx);        /* POST /login */
rt_status rt_page_logout(rt_ctx *ctx);            /* POST /logout */
rt_status rt_page_account(rt_ctx *ctx);           /* GET /account */
rt_status rt_page_account_sessions_delete(rt_ctx *ctx); /* POST /account/sessions/delete */
rt_status rt_page_second_factor(rt_ctx *ctx);     /* GET /account/second-factor */
rt_status rt_page_second_factor_post(rt_ctx *ctx); /* POST /account/second-factor */
rt_status rt_page_password(rt_ctx *ctx);          /* GET /account/password */
rt_status rt_page_password_post(rt_ctx *ctx);     /* POST /account/password */
rt_status rt_page_referral_new(rt_ctx *ctx);      /* GET /referrals/new */
rt_status rt_page_referral_new_post(rt_ctx *ctx); /* POST /referrals/new */
rt_status rt_page_referral_received(rt_ctx *ctx); /* GET /referrals/received */
rt_status rt_page_referral_list(rt_ctx *ctx);     /* GET /referrals */
rt_status rt_page_triage(rt_ctx *ctx);            /* GET /triage */
rt_status rt_page_audit(rt_ctx *ctx);             /* GET /audit */
rt_status rt_page_referral_view(rt_ctx *ctx);     /* GET /referrals/{id} */
rt_status rt_page_identity(rt_ctx *ctx);           /* GET /referrals/{id}/matches */
rt_status rt_page_identity_post(rt_ctx *ctx);      /* POST /referrals/{id}/matches */
rt_status rt_page_identity_undo(rt_ctx *ctx);      /* POST /identity/{id}/undo */
rt_status rt_page_drafts(rt_ctx *ctx);             /* GET /referrals/drafts */
rt_status rt_page_draft_delete(rt_ctx *ctx);       /* POST /referrals/drafts/{id}/delete */
rt_status rt_page_assessments(rt_ctx *ctx);        /* GET /referrals/{id}/assessments */
rt_status rt_page_assessment_new(rt_ctx *ctx);     /* GET /referrals/{id}/assessments/new */
rt_status rt_page_assessment_new_post(rt_ctx *ctx); /* POST the same */
rt_status rt_page_referral_print(rt_ctx *ctx);    /* GET /referrals/{id}/print */
rt_status rt_page_referral_break_glass(rt_ctx *ctx); /* POST /referrals/{id}/break-glass */
rt_status rt_page_exclusions(rt_ctx *ctx);        /* GET /referrals/{id}/exclusions */
rt_status rt_page_exclusion_add(rt_ctx *ctx);     /* POST /referrals/{id}/exclusions */
/* POST /referrals/{id}/exclusions/{exclusion_id}/lift */
rt_status rt_page_exclusion_lift(rt_ctx *ctx);
rt_status rt_page_subject_access(rt_ctx *ctx);    /* GET /referrals/{id}/subject-access */
rt_status rt_page_subject_access_html(rt_ctx *ctx); /* GET /referrals/{id}/subject-access.html */
rt_status rt_page_subject_access_json(rt_ctx *ctx); /* GET /referrals/{id}/subject-access.json */
rt_status rt_page_notice_read(rt_ctx *ctx);       /* POST /notices/{id}/read */
rt_status rt_page_asset(rt_ctx *ctx);             /* GET /assets/{name} */
rt_status rt_page_cases(rt_ctx *ctx);             /* GET /cases */
rt_status rt_page_case(rt_ctx *ctx);              /* GET /cases/{id} */
rt_status rt_page_case_status(rt_ctx *ctx);       /* POST /cases/{id}/status */
rt_status rt_page_case_close(rt_ctx *ctx);        /* GET /cases/{id}/close */
rt_status rt_page_case_close_post(rt_ctx *ctx);   /* POST /cases/{id}/close */
rt_status rt_page_case_item_new(rt_ctx *ctx);     /* GET /cases/{id}/items/{kind}/new */
rt_status rt_page_case_item_new_post(rt_ctx *ctx); /* POST the same */
rt_status rt_page_case_item_edit(rt_ctx *ctx);    /* GET /cases/{id}/items/{kind}/{item} */
rt_status rt_page_case_item_edit_post(rt_ctx *ctx); /* POST the same */
rt_status rt_page_allocate(rt_ctx *ctx);          /* GET /referrals/{id}/allocate */
rt_status rt_page_allocate_post(rt_ctx *ctx);     /* POST /referrals/{id}/allocate */
rt_status rt_page_caseload(rt_ctx *ctx);          /* GET /caseload */
rt_status rt_page_outcomes(rt_ctx *ctx);          /* GET /reports/outcomes */
rt_status rt_page_outcomes_csv(rt_ctx *ctx);      /* GET /reports/outcomes.csv */
rt_status rt_page_meetings(rt_ctx *ctx);          /* GET /meetings */
rt_status rt_page_meeting_create(rt_ctx *ctx);    /* POST /meetings */
rt_status rt_page_meeting(rt_ctx *ctx);           /* GET /meetings/{id} */
rt_status rt_page_meeting_propose(rt_ctx *ctx);   /* POST /meetings/{id}/propose */
rt_status rt_page_meeting_case_add(rt_ctx *ctx);  /* POST /meetings/{id}/cases */
rt_status rt_page_meeting_case_remove(rt_ctx *ctx); /* POST .../cases/{referral}/remove */
rt_status rt_page_meeting_status(rt_ctx *ctx);    /* POST /meetings/{id}/status */
rt_status rt_page_agenda(rt_ctx *ctx);            /* GET /meetings/{id}/agenda */
rt_status rt_page_meeting_run(rt_ctx *ctx);       /* GET /meetings/{id}/run */
rt_status rt_page_meeting_attendance(rt_ctx *ctx); /* POST /meetings/{id}/attendance */
rt_status rt_page_meeting_hearing(rt_ctx *ctx);   /* POST .../cases/{referral}/hearing */
rt_status rt_page_meeting_action(rt_ctx *ctx);    /* POST .../cases/{referral}/actions */
rt_status rt_page_minutes(rt_ctx *ctx);           /* GET /meetings/{id}/minutes */
rt_status rt_page_research(rt_ctx *ctx);          /* GET .../cases/{referral}/research */
rt_status rt_page_research_post(rt_ctx *ctx);     /* POST the same */
rt_status rt_page_actions(rt_ctx *ctx);           /* GET /actions */
rt_status rt_page_action_status(rt_ctx *ctx);     /* POST /actions/{id}/status */
rt_status rt_page_marac_metrics(rt_ctx *ctx);     /* GET /reports/marac */
rt_status rt_page_referral_transfer(rt_ctx *ctx); /* POST /referrals/{id}/transfer */
rt_status rt_page_admin_maracs(rt_ctx *ctx);     /* GET /admin/maracs */
/* POST /admin/maracs/{code}/staff */
rt_status rt_page_admin_marac_staff_add(rt_ctx *ctx);
/* POST /admin/maracs/{code}/staff/{username}/remove */
rt_status rt_page_admin_marac_staff_remove(rt_ctx *ctx);
rt_status rt_page_marac_metrics_csv(rt_ctx *ctx); /* GET /reports/marac.csv */

/* Writes an error page with status and a plain message. */
rt_status rt_page_error(rt_ctx *ctx, int status, const char *message);

/* The route table: every page and API endpoint, with what it needs. */
const rt_router *rt_web_router(void);

#endif

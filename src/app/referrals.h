/* referrals.h: taking referrals in and listing them: the referral form
 * submitted, the referral list and the triage queue. Each referral read is
 * decided (app.h) and audited. */
#ifndef RT_APP_REFERRALS_H
#define RT_APP_REFERRALS_H

#include "app.h"

/* Normalises, validates and stores a referral from who's agency. On
 * RT_EINVAL errs/n_errs say what is wrong and nothing is stored. On
 * RT_OK r->id is set. RT_EDENIED if who may not refer. */
rt_status rt_app_referral_submit(rt_app *app, const rt_principal *who, rt_referral *r,
                                 const char *address, int64_t now,
                                 rt_field_error errs[RT_REFERRAL_MAX_ERRORS], size_t *n_errs);

/* As rt_app_referral_submit, for a referral the system records (a demo
 * area's, an import): r names its agency (agency_code) and no user
 * (created_by NULL, else RT_EINVAL); created_at stays if set, else it is
 * now. Audited as the system, from address. */
rt_status rt_app_referral_import(rt_app *app, rt_referral *r, const char *address, int64_t now,
                                 rt_field_error errs[RT_REFERRAL_MAX_ERRORS], size_t *n_errs);

/* Lists referrals who may see, newest first, each cut to the detail the
 * need-to-know decision allows; each read is audited. */
rt_status rt_app_referral_list(rt_app *app, const rt_principal *who, const char *address,
                               int64_t now, rt_referral **out, size_t *n);

/* The triage queue: the referrals who may list, ordered by risk
 * (rt_triage_cmp: Marac-eligible first, then score, then longest wait),
 * optionally only those from one agency and those whose person lives in
 * one postcode area or district (as rt_postcode_area_parse writes it; a
 * referral whose postcode who may not see is left out); NULL: all. With
 * unallocated, only referrals no Idva case has been opened for.
 * Audited as rt_app_referral_list. */
rt_status rt_app_triage(rt_app *app, const rt_principal *who, const char *agency,
                        const char *area, bool unallocated, const char *address, int64_t now,
                        rt_referral **out, size_t *n);

#endif

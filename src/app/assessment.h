/* assessment.h: assessing a person again, and their assessments over
 * time.
 *
 * A victim may be assessed many times (dash.md): at referral, by the Idva
 * at intake and as the case goes on, by the police at a new incident.
 * Each is kept with its date, assessor and agency, and the person's page
 * shows them in order with the trend. Like every operation in app.h,
 * these check the policy and need to know again and write the audit log. */
#ifndef RT_APP_ASSESSMENT_H
#define RT_APP_ASSESSMENT_H

#include "app.h"

/* Records assessment k (scored, notes checked) of the person referral
 * referral_id is about, by who: policy assessment.create, and who must
 * see the referral in full (the person is theirs to assess). Sets k->id,
 * assessed_at, assessor_id and agency. RT_EDENIED for a role that may not
 * assess; RT_ENOTFOUND if the referral does not exist or who has no full
 * view of it. Audited ("assessment.create"), refusals included. */
rt_status rt_app_assessment_add(rt_app *app, const rt_principal *who, const char *referral_id,
                                rt_referral_risk *k, const char *address, int64_t now);

/* Whether who may assess the person of referral referral_id: policy
 * assessment.create (RT_EDENIED) and a full view of the referral
 * (RT_ENOTFOUND otherwise, as if it did not exist). Reads nothing out, so
 * writes no audit entry: rt_app_assessment_add audits the attempt. */
rt_status rt_app_assessment_may(rt_app *app, const rt_principal *who, const char *referral_id,
                                int64_t now);

typedef struct rt_assessment_entry {
    char referral_id[RT_ID_HEX + 1];
    rt_detail detail;         /* what who may see of that referral */
    rt_referral_risk risk;    /* result, tool, date, agency; answers only at full detail */
    int trend;                /* against the entry before: 1 higher, -1 lower, 0 same or first */
} rt_assessment_entry;

/* The person's assessments, oldest first: those of referral_id and of
 * every other referral about the same person (same family name and date
 * of birth, by blind index) that who may see at summary detail or more.
 * Each referral read is audited ("assessment.history"). RT_ENOTFOUND if
 * who may not see referral_id. On RT_OK *out is an array of *n (free
 * with rt_assessment_entries_free). */
rt_status rt_app_assessment_history(rt_app *app, const rt_principal *who,
                                    const char *referral_id, const char *address, int64_t now,
                                    rt_assessment_entry **out, size_t *n);
void rt_assessment_entries_free(rt_assessment_entry *e, size_t n);

#endif

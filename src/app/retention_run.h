/* retention_run.h: applying the retention rules (core/retention.h) to what
 * the store holds: whole closed records past their period, then their notes. */
#ifndef RT_APP_RETENTION_RUN_H
#define RT_APP_RETENTION_RUN_H

#include "app.h"

/* What one retention rule removed (or, in a dry run, would remove). */
typedef struct rt_retention_result {
    rt_retention_rule rule;
    char cutoff[11];                /* records closed before this day */
    char (*ids)[RT_ID_HEX + 1];     /* owned */
    size_t n;
} rt_retention_result;

/* Applies every retention rule as of civil date today: whole rules first
 * (removing closed referrals past their period), then notes rules
 * (removing narrative notes of those that remain). Each removal is its
 * own transaction and is audited as the system, from address
 * ("retention.purge" or "retention.purge_notes"). With dry_run nothing is changed or audited.
 * *out is an array of *n results, one per rule (free with
 * rt_retention_results_free). */
rt_status rt_app_retention_run(rt_app *app, rt_date today, bool dry_run, const char *address,
                               rt_retention_result **out, size_t *n);
void rt_retention_results_free(rt_retention_result *r, size_t n);

/* The retention rules (*out: an array of *n, the caller's to free). */
rt_status rt_app_retention_rules(rt_app *app, rt_retention_rule **out, size_t *n);

/* The largest retention period accepted, in days (a hundred years). */
#define RT_RETENTION_MAX_DAYS 36500

/* Sets how many days closed records of record_type keep part after
 * closing (0 removes the rule), as the system from address ("cli:" and
 * the operator). RT_EINVAL with *field naming the input at fault ("type":
 * only "referral" has rules; "part"; "days": 0 to RT_RETENTION_MAX_DAYS).
 * Audited as "retention.set". */
rt_status rt_app_retention_set(rt_app *app, const char *record_type, rt_retention_part part,
                               int days, const char *address, int64_t now, const char **field);

#endif

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
 * own transaction and is audited as the system ("retention.purge" or
 * "retention.purge_notes"). With dry_run nothing is changed or audited.
 * *out is an array of *n results, one per rule (free with
 * rt_retention_results_free). */
rt_status rt_app_retention_run(rt_app *app, rt_date today, bool dry_run,
                               rt_retention_result **out, size_t *n);
void rt_retention_results_free(rt_retention_result *r, size_t n);

#endif

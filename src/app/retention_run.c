/* retention_run.c: the retention rules applied; see retention_run.h. */
#include "retention_run.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rt_retention_results_free(rt_retention_result *r, size_t n)
{
    for (size_t i = 0; r && i < n; i++)
        free(r[i].ids);
    free(r);
}

rt_status rt_app_retention_run(rt_app *app, rt_date today, bool dry_run,
                               rt_retention_result **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    rt_retention_rule *rules;
    size_t n_rules;
    rt_status st = rt_store_retention_rules(app->store, &rules, &n_rules);
    if (st != RT_OK)
        return st;
    rt_retention_result *res = calloc(n_rules ? n_rules : 1, sizeof *res);
    if (!res) {
        free(rules);
        return RT_ENOMEM;
    }
    int64_t now = rt_date_to_days(today) * 86400;
    /* Whole rules before notes rules: no point trimming what goes. */
    size_t k = 0;
    for (int pass = 0; pass < 2 && st == RT_OK; pass++)
        for (size_t i = 0; i < n_rules && st == RT_OK; i++) {
            rt_retention_part part = pass == 0 ? RT_RETAIN_WHOLE : RT_RETAIN_NOTES;
            if (rules[i].part != part)
                continue;
            rt_retention_result *r = &res[k++];
            r->rule = rules[i];
            int64_t cutoff = rt_retention_cutoff(today, rules[i].days);
            rt_date_format(rt_date_from_unix(cutoff), r->cutoff);
            st = rt_store_referral_closed_before(app->store, cutoff, part == RT_RETAIN_NOTES,
                                                 &r->ids, &r->n);
            bool whole = part == RT_RETAIN_WHOLE;
            /* Each removal and its audit entry are one transaction. */
            for (size_t j = 0; !dry_run && st == RT_OK && j < r->n; j++) {
                st = rt_app_tx_begin(app);
                if (st != RT_OK)
                    break;
                st = whole ? rt_store_referral_purge(app->store, r->ids[j])
                           : rt_store_referral_purge_notes(app->store, r->ids[j]);
                if (st == RT_OK)
                    st = rt_app_audit(app, NULL,
                                      whole ? "retention.purge" : "retention.purge_notes",
                                      "referral", r->ids[j], whole ? "*" : "notes", NULL, now,
                                      "ok");
                st = rt_app_tx_end(app, st);
            }
        }
    free(rules);
    if (st != RT_OK) {
        rt_retention_results_free(res, k);
        return st;
    }
    *out = res;
    *n = k;
    return RT_OK;
}

/* retention.c: retention arithmetic; see retention.h. */
#include "retention.h"

#include <string.h>

const char *rt_retention_part_name(rt_retention_part p)
{
    return p == RT_RETAIN_NOTES ? "notes" : "whole";
}

rt_status rt_retention_part_parse(const char *name, rt_retention_part *out)
{
    if (name && strcmp(name, "whole") == 0)
        *out = RT_RETAIN_WHOLE;
    else if (name && strcmp(name, "notes") == 0)
        *out = RT_RETAIN_NOTES;
    else
        return RT_EINVAL;
    return RT_OK;
}

int64_t rt_retention_cutoff(rt_date today, int days)
{
    return (rt_date_to_days(today) - days) * 86400;
}

const rt_referral_field *rt_retention_referral_notes(size_t *n)
{
    /* Only the reason the person was not told is narrative in a referral
     * today; case notes join this list with the casework issue. */
    static const rt_referral_field notes[] = {RT_RF_CONSENT_NOT_AWARE_WHY};
    *n = sizeof notes / sizeof notes[0];
    return notes;
}

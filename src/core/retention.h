/* retention.h: how long closed records are kept, and what goes first.
 *
 * A rule keeps the closed records of one type for a number of days after
 * they closed; then the whole record is removed, or (a partial rule) only
 * its narrative free text. Periods are the organisation's to set
 * (safety.md); these functions only do the arithmetic, on civil dates, so
 * that "six years" does not drift by leap days or time zones. */
#ifndef RT_CORE_RETENTION_H
#define RT_CORE_RETENTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "date.h"
#include "referral.h"

typedef enum rt_retention_part {
    RT_RETAIN_WHOLE,   /* the record goes */
    RT_RETAIN_NOTES    /* only its narrative free text goes */
} rt_retention_part;

/* "whole" or "notes"; static. */
const char *rt_retention_part_name(rt_retention_part p);
/* Parses a part name; RT_EINVAL if unknown. */
rt_status rt_retention_part_parse(const char *name, rt_retention_part *out);

/* The Unix time before which a record must have closed to be past a
 * period of days on civil date today: the start (00:00 UTC) of today
 * minus days. A record closed on that day itself is kept one more day. */
int64_t rt_retention_cutoff(rt_date today, int days);

/* The referral fields that a notes rule removes: narrative free text.
 * Writes their number to *n; the array is static. */
const rt_referral_field *rt_retention_referral_notes(size_t *n);

#endif

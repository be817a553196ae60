/* date.h: calendar dates (proleptic Gregorian, no time zone).
 *
 * Dates in Roundtable are civil dates as people write them on forms: a
 * date of birth, the date of an incident. They are kept as "YYYY-MM-DD"
 * text at the edges and as rt_date inside. Pure: "today" is always passed
 * in by the caller, never read from a clock here. */
#ifndef RT_CORE_DATE_H
#define RT_CORE_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include "status.h"

typedef struct rt_date {
    int year;   /* 1..9999 */
    int month;  /* 1..12 */
    int day;    /* 1..days in month */
} rt_date;

/* Parses exactly "YYYY-MM-DD" (ten characters, a real calendar day).
 * Returns RT_EINVAL for anything else; *out is untouched then. */
rt_status rt_date_parse(const char *s, rt_date *out);
/* True if y-m-d names a real day. */
bool rt_date_valid(int year, int month, int day);
/* Number of days in the month (0 for an invalid month). */
int rt_date_days_in_month(int year, int month);
/* <0, 0, >0 as a is before, equal to, after b. */
int rt_date_cmp(rt_date a, rt_date b);
/* Days since 1970-01-01 (negative before). */
int64_t rt_date_to_days(rt_date d);
/* The civil date of a Unix time, in UTC. */
rt_date rt_date_from_unix(int64_t t);
/* Whole years from born to on (an age); negative if on is before born.
 * A person born on 29 February has a birthday on 1 March in other years. */
int rt_date_years_between(rt_date born, rt_date on);
/* The date months calendar months after d (before, if negative). Where
 * the target month has no such day (29 February, 31 April) the period
 * ends on that month's last day: the corresponding-date rule by which UK
 * law counts months. */
rt_date rt_date_add_months(rt_date d, int months);

/* True if d falls within months calendar months from start: on or after
 * start, and on or before the anniversary (rt_date_add_months), the
 * anniversary day itself included. */
bool rt_date_within_months(rt_date start, rt_date d, int months);

/* Writes "YYYY-MM-DD" and a NUL into out (11 bytes). */
void rt_date_format(rt_date d, char out[11]);

#endif

/* marac.h: the Marac meeting cycle as rules (marac.md): which referrals a
 * meeting lists and as what (new, repeat, twelve months passed), the
 * agenda's national order, how long a list may be, and how actions move.
 * Pure: "today" is passed in. */
#ifndef RT_CORE_MARAC_H
#define RT_CORE_MARAC_H

#include <stdbool.h>
#include <stddef.h>
#include "date.h"
#include "field.h"
#include "status.h"

/* ---- meetings ----------------------------------------------------------- */

typedef enum rt_meeting_status {
    RT_MEETING_SCHEDULED,   /* the list is being made */
    RT_MEETING_RELEASED,    /* the list is out to the agencies for research */
    RT_MEETING_HELD,        /* heard; minutes drafted */
    RT_MEETING_APPROVED,    /* the chair approved the minutes: released to agencies present */
    RT_MEETING_STATUS_COUNT
} rt_meeting_status;

const char *rt_meeting_status_name(rt_meeting_status s);   /* "scheduled", ... */
const char *rt_meeting_status_label(rt_meeting_status s);
rt_status rt_meeting_status_parse(const char *name, rt_meeting_status *out);

/* What a Marac sets for its meetings (national defaults in brackets). */
typedef struct rt_marac_rules {
    int minutes_per_case;   /* (15) */
    int meeting_minutes;    /* how long a meeting runs (240) */
    int release_days;       /* working days before the meeting the list goes out (8) */
    int cutoff_days;        /* working days before the meeting referrals close (10) */
} rt_marac_rules;

void rt_marac_rules_default(rt_marac_rules *r);

/* The last day referrals are taken for a meeting on day, and the day its
 * list is released (working days before it). */
rt_date rt_meeting_cutoff(const rt_marac_rules *r, rt_date day);
rt_date rt_meeting_release(const rt_marac_rules *r, rt_date day);

/* Whether a meeting may move from one stage to the next: scheduled to
 * released to held to approved, one step at a time. RT_EINVAL with *why. */
rt_status rt_meeting_move_check(rt_meeting_status from, rt_meeting_status to, const char **why);

/* Deadlines after a meeting held on day (marac.md): the minutes go to the
 * agencies present within 3 working days; the Idva tells the person what
 * was agreed within 2. */
rt_date rt_minutes_due(rt_date held);
rt_date rt_feedback_due(rt_date heard);

/* Whether a referral made on referred with this result may be listed for
 * a meeting whose referrals close on cutoff: Marac-eligible, referred by
 * then. (Where the person lives, or a transfer in, decides which Marac.) */
bool rt_listing_eligible(bool assessed, bool marac_eligible, rt_date referred, rt_date cutoff);

/* True if n cases at the rules' minutes each would overrun the meeting. */
bool rt_list_too_long(const rt_marac_rules *r, size_t n);

/* ---- listing ------------------------------------------------------------ */

typedef enum rt_listing {
    RT_LIST_NEW,            /* never heard before */
    RT_LIST_REPEAT,         /* heard within 12 months of this referral */
    RT_LIST_TWELVE_MONTHS,  /* heard before, but more than 12 months ago */
    RT_LIST_COUNT
} rt_listing;

const char *rt_listing_name(rt_listing l);   /* "new", "repeat", "twelve_months" */
const char *rt_listing_label(rt_listing l);
rt_status rt_listing_parse(const char *name, rt_listing *out);

/* How a referral made on referred is listed, given when the person was
 * last heard at a Marac (NULL: never): a repeat is any referral within 12
 * months of the last hearing (the anniversary included); after that it
 * is twelve months passed (marac.md). */
rt_listing rt_listing_of(rt_date referred, const rt_date *last_heard);

/* One case on an agenda, as the order needs it. */
typedef struct rt_agenda_case {
    rt_listing listing;
    int children;            /* children recorded on the referral */
    int score;               /* risk score */
    char referred_on[11];
    char id[33];             /* a stable tie-break */
} rt_agenda_case;

/* Agenda sections, in the national order (after introductions and the
 * confidentiality statement, and the incomplete actions of the last
 * meeting): new cases and repeats with children, then adult-only, then
 * cases where twelve months have passed. */
typedef enum rt_agenda_section {
    RT_AGENDA_CHILDREN,
    RT_AGENDA_ADULTS,
    RT_AGENDA_TWELVE_MONTHS,
    RT_AGENDA_SECTION_COUNT
} rt_agenda_section;

rt_agenda_section rt_agenda_section_of(const rt_agenda_case *c);
const char *rt_agenda_section_label(rt_agenda_section s);
/* Orders cases for the agenda: by section, then highest risk first, then
 * longest waiting, then id. A qsort comparator over rt_agenda_case. */
int rt_agenda_cmp(const void *a, const void *b);

/* Cases a year per 10,000 adult (16+) women, from cases heard over days
 * (annualised), against the expected 40 (marac.md); -1 when population or
 * days is not positive. */
double rt_cases_per_10k(int cases, int days, long population);

/* ---- actions ------------------------------------------------------------ */

typedef enum rt_action_status {
    RT_ACTION_OPEN,
    RT_ACTION_DONE,
    RT_ACTION_NOT_POSSIBLE,  /* circumstances changed */
    RT_ACTION_NOT_DONE,      /* the agency did not act */
    RT_ACTION_STATUS_COUNT
} rt_action_status;

const char *rt_action_status_name(rt_action_status s);  /* "open", "done", ... */
const char *rt_action_status_label(rt_action_status s);
rt_status rt_action_status_parse(const char *name, rt_action_status *out);

/* Whether an action may move from one status to another, with reason
 * (may be NULL): an open or not-done action may be done, not possible or
 * (if open) not done; not possible and not done need a reason of at least
 * RT_ACTION_MIN_REASON characters; done is final. RT_OK, or RT_EINVAL
 * with *field ("status" or "reason") and *why (static). */
#define RT_ACTION_MIN_REASON 10
rt_status rt_action_move_check(rt_action_status from, rt_action_status to, const char *reason,
                               const char **field, const char **why);

/* True if the action is incomplete and its due date is before today. */
bool rt_action_overdue(rt_action_status s, const char *due, rt_date today);
/* True for statuses the next meeting reviews (open, not done, not possible). */
bool rt_action_incomplete(rt_action_status s);

/* The fields of an action (text, agency, owner, due); static. */
const rt_field_spec *rt_action_fields(size_t *n);
/* The fields recorded per case at the meeting (the victim's views as the
 * Idva gave them, what agencies shared, risk to children, crimes
 * disclosed); static. */
const rt_field_spec *rt_hearing_fields(size_t *n);
/* The fields of an agency's research on a case (facts apart from opinion;
 * anything withheld and why); static. */
const rt_field_spec *rt_research_fields(size_t *n);
/* Checks research values (normalised in place): withheld needs its
 * reason. errs at most 8. RT_EINVAL if there are problems. */
rt_status rt_research_check(char **values, rt_date today, rt_field_error *errs, size_t *n_errs);

#endif

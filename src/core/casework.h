/* casework.h: the Idva's case, as rules (idva.md, safety.md).
 *
 * A case opens when a manager allocates a referral to an Idva and moves
 * allocated -> first contact -> active support -> closed, and back to
 * active when abuse recurs. What the Idva records on it (safe contact,
 * the contact log, notes, tasks, the safety plan, the household, the
 * outcome measures at intake and exit) are items, each kind described by
 * a field table as the referral is, so that one rule per field serves the
 * API, the pages and the store. Pure: no I/O; "today" is passed in. */
#ifndef RT_CORE_CASEWORK_H
#define RT_CORE_CASEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include "date.h"
#include "field.h"
#include "status.h"

/* ---- lifecycle ---------------------------------------------------------- */

typedef enum rt_case_status {
    RT_CASE_ALLOCATED,     /* an Idva holds it; no contact made yet */
    RT_CASE_CONTACTED,     /* first contact made by a safe means */
    RT_CASE_ACTIVE,        /* support accepted and under way */
    RT_CASE_CLOSED,
    RT_CASE_STATUS_COUNT
} rt_case_status;

/* Machine names ("allocated", "first_contact", "active", "closed") and
 * page labels; static. */
const char *rt_case_status_name(rt_case_status s);
const char *rt_case_status_label(rt_case_status s);
/* RT_EINVAL for an unknown name; *out untouched then. */
rt_status rt_case_status_parse(const char *name, rt_case_status *out);

/* Whether a case may move from one status to another: allocated to first
 * contact or closed; first contact to active or closed; active to closed;
 * closed to active (reopened when abuse recurs). RT_OK, or RT_EINVAL with
 * *why (static) saying what may happen instead. */
rt_status rt_case_move_check(rt_case_status from, rt_case_status to, const char **why);
/* The moves a person may ask for: those of rt_case_move_check but first
 * contact, which comes only from logging a contact made with the person
 * (rt_contact_moves_case). RT_EINVAL with *why otherwise. */
rt_status rt_case_move_asked(rt_case_status from, rt_case_status to, const char **why);
/* True if logging a contact with this outcome on a case with this status
 * makes the case's first contact. */
bool rt_contact_moves_case(rt_case_status status, const char *outcome);
/* Whether anything may be recorded on a case with this status: not on a
 * closed one, which is reopened first. RT_EDENIED with *why. */
rt_status rt_case_writable(rt_case_status status, const char **why);

/* Closing a case: why (a closure reason; "other" needs words), and, when
 * no exit measures were recorded, why they could not be taken. *n
 * fields; static. */
const rt_field_spec *rt_closure_fields(size_t *n);
/* Normalises and checks values[0..n) (n from rt_closure_fields) for a
 * case that has (has_exit) or lacks exit measures: errs as rt_item_check
 * (at most RT_ITEM_MAX_FIELDS). RT_EINVAL if there are problems. */
rt_status rt_closure_check(char **values, bool has_exit, rt_date today, rt_field_error *errs,
                           size_t *n_errs);
/* The shortest reason accepted for reopening a case. */
#define RT_REOPEN_MIN_REASON 10

/* ---- items -------------------------------------------------------------- */

typedef enum rt_item_kind {
    RT_ITEM_SAFE_CONTACT,  /* how the person may be reached safely; one per case */
    RT_ITEM_CONTACT,       /* a contact made or attempted */
    RT_ITEM_NOTE,          /* the Idva's narrative note */
    RT_ITEM_TASK,          /* a reminder with a due date */
    RT_ITEM_PLAN,          /* a safety plan item */
    RT_ITEM_CHILD,
    RT_ITEM_DEPENDANT,     /* another dependant adult */
    RT_ITEM_PERPETRATOR,   /* a person causing harm, linked to the case */
    RT_ITEM_INTAKE,        /* outcome measures at intake; one per case */
    RT_ITEM_EXIT,          /* outcome measures at exit; one per case */
    RT_ITEM_KIND_COUNT
} rt_item_kind;

/* Machine name ("safe_contact", "contact", ...), page label; static. */
const char *rt_item_kind_name(rt_item_kind k);
const char *rt_item_kind_label(rt_item_kind k);
rt_status rt_item_kind_parse(const char *name, rt_item_kind *out);
/* True for kinds a case holds at most one of (safe contact, intake, exit):
 * saving one replaces it. */
bool rt_item_kind_single(rt_item_kind k);

/* The fields of kind k, *n of them; static. Every value is sealed at rest:
 * all of it is about a person at risk. */
const rt_field_spec *rt_item_fields(rt_item_kind k, size_t *n);
/* Index of key among kind k's fields, or -1. */
int rt_item_field_index(rt_item_kind k, const char *key);

/* Most problems rt_item_check reports at once. */
#define RT_ITEM_MAX_FIELDS 32

/* Normalises and checks values[0..n) (n from rt_item_fields) of an item of
 * kind k: each field by its spec, then the rules between fields (a failed
 * contact says why; a contact made by phone or in person says whether it
 * was safe to talk; a plan item marked not possible says why; exit
 * measures answer every abuse type present at intake, given as that
 * kind's values in intake, or NULL). Writes problems to errs (at most
 * RT_ITEM_MAX_FIELDS) and returns RT_EINVAL if there are any; RT_ENOMEM. */
rt_status rt_item_check(rt_item_kind k, char **values, char *const *intake, rt_date today,
                        rt_field_error *errs, size_t *n_errs);

/* The status an item shows in lists and counts (a task's "open" or
 * "done", a plan item's status), or NULL for kinds without one; borrowed
 * from values. And its due date (tasks, plan items), or NULL. */
const char *rt_item_status(rt_item_kind k, char *const *values);
const char *rt_item_due(rt_item_kind k, char *const *values);
/* True if an item with this status is finished (a task done, a plan
 * item done or not possible). */
bool rt_item_finished(rt_item_kind k, const char *status);

/* ---- safe contact ------------------------------------------------------- */

/* Ways of reaching the person, as the contact log records them. */
extern const rt_choice rt_contact_channels[];

/* Whether the safe-contact record safe (values of RT_ITEM_SAFE_CONTACT, or
 * NULL when none is recorded) permits reaching the person by channel.
 * Deny by default: only a channel marked safe is permitted (in person
 * needs no mark). RT_OK, or RT_EDENIED with *why (static) for the person
 * making the contact; RT_EINVAL for an unknown channel. */
rt_status rt_safe_contact_permits(char *const *safe, const char *channel, const char **why);

/* ---- allocation and caseloads ------------------------------------------- */

/* What a service counts as a safe load, per full-time Idva (idva.md). */
typedef struct rt_caseload_rules {
    int open_per_fte;        /* cases open at once (25) */
    int unsafe_per_fte;      /* open cases beyond which it is unsafe (30) */
    int year_per_fte;        /* new cases a year (80) */
    int first_contact_days;  /* working days from referral to first contact (2) */
    int long_open_days;      /* a case open longer is listed for review (180) */
} rt_caseload_rules;

/* The national defaults above. */
void rt_caseload_rules_default(rt_caseload_rules *r);
/* RT_EINVAL with *field naming the first value out of range (each at
 * least 1; unsafe at least open; at most 1000, or 3650 days). */
rt_status rt_caseload_rules_check(const rt_caseload_rules *r, const char **field);

/* Specialisms an Idva may hold and a case may need. */
typedef enum rt_specialism {
    RT_SPEC_YOUNG_PEOPLE,    /* 16 and 17 year olds (Ypva) */
    RT_SPEC_HOSPITAL,        /* hospital-based */
    RT_SPEC_MALE_VICTIMS,
    RT_SPEC_LGBT,
    RT_SPEC_MINORITISED,     /* by-and-for services for minoritised communities */
    RT_SPEC_COUNT
} rt_specialism;

const char *rt_specialism_name(rt_specialism s);
const char *rt_specialism_label(rt_specialism s);
/* Parses "none" or a comma-separated list of names into a bit set
 * (1u << specialism). RT_EINVAL with *bad at the offending name. */
rt_status rt_specialisms_parse(const char *s, unsigned *out, const char **bad);
/* Writes the set as names ("hospital,lgbt", "" when empty) into out (n
 * bytes; 96 always suffice). RT_ETOOBIG if it does not fit. */
rt_status rt_specialisms_format(unsigned set, char *out, size_t n);

/* What a case asks of its Idva. */
typedef struct rt_case_needs {
    unsigned specialisms;    /* bit set */
    const char *postcode;    /* the person's, normalised, or NULL */
    const char *language;    /* a language the person needs, or NULL */
} rt_case_needs;

/* The needs a referral shows: young people for a person of 16 or 17 on
 * the date given, male victims for a man, LGBT+ and by-and-for services
 * as the person said, hospital-based when a health agency referred.
 * Arguments are the referral's values (NULL when absent). */
unsigned rt_case_needs_of(const char *dob, const char *gender, const char *lgbt,
                          const char *minoritised, bool health_referrer, rt_date today);

typedef enum rt_load_warning {
    RT_LOAD_FINE,
    RT_LOAD_YEAR,            /* over the cases a year for their hours */
    RT_LOAD_OVER,            /* over the open cases for their hours */
    RT_LOAD_UNSAFE           /* over the unsafe mark */
} rt_load_warning;

/* One Idva of the service, as allocation weighs them. The first fields
 * are the caller's; rt_allocation_rank fills the rest. */
typedef struct rt_idva_option {
    const char *user_id;     /* borrowed */
    const char *name;        /* borrowed */
    double fte;              /* 0 < fte <= 1.5 */
    int open;                /* cases open now */
    int this_year;           /* cases allocated in the last 12 months */
    unsigned specialisms;
    const char *languages;   /* comma-separated, or NULL */
    const char *areas;       /* postcode areas or districts, comma-separated, or NULL */
    /* Filled in: */
    int capacity;            /* open cases their hours carry */
    int unsafe;              /* open cases beyond which it is unsafe */
    int year_capacity;
    unsigned matched;        /* the needs they meet, as specialism bits */
    bool language_match;
    bool area_match;
    rt_load_warning warning; /* as it would be with this case added */
} rt_idva_option;

/* Fills in and orders opts[0..n) best first for a case with needs:
 * first who can take it without warning, then by the needs they meet
 * (specialisms, language, area), then by the room left against their
 * capacity, then by name and id so the order is stable. The warning
 * says what taking the case would mean; it never removes anyone. */
void rt_allocation_rank(const rt_caseload_rules *rules, const rt_case_needs *needs,
                        rt_idva_option *opts, size_t n);

/* A sentence for a warning ("would have 31 open cases; over 30 is not
 * safe for 1.0 FTE") into out (n bytes; 160 suffice); "" for RT_LOAD_FINE. */
void rt_load_warning_text(const rt_idva_option *o, char *out, size_t n);

/* ---- working days ------------------------------------------------------- */

/* The date n working days (Monday to Friday) after d. */
rt_date rt_working_days_add(rt_date d, int n);
/* Working days after from up to and including to (0 when to is not after
 * from): first contact the next working day is 1. */
int rt_working_days_between(rt_date from, rt_date to);

/* ---- outcomes ----------------------------------------------------------- */

typedef enum rt_abuse_type {
    RT_ABUSE_PHYSICAL,
    RT_ABUSE_SEXUAL,
    RT_ABUSE_STALKING,       /* harassment and stalking */
    RT_ABUSE_CONTROLLING,    /* jealous and controlling behaviour */
    RT_ABUSE_ECONOMIC,
    RT_ABUSE_ONLINE,
    RT_ABUSE_COUNT
} rt_abuse_type;

const char *rt_abuse_type_name(rt_abuse_type t);
const char *rt_abuse_type_label(rt_abuse_type t);

/* Outcome percentages over closed cases with both intake and exit
 * measures (idva.md): each with the number of cases behind it. */
typedef struct rt_outcome_tally {
    int cases;                      /* closed with intake and exit */
    int abuse_cases;                /* with any abuse at intake */
    int abuse_stopped;              /* ... every type of it stopped at exit */
    int type_cases[RT_ABUSE_COUNT]; /* with the type at intake */
    int type_stopped[RT_ABUSE_COUNT];
    int safer_asked, safer_yes;     /* feels safer: asked, and yes */
    int life_asked, life_yes;       /* quality of life better: asked, and yes */
    /* Engagement over the same cases. */
    int support_yes;                /* support accepted (of cases) */
    long contacts;                  /* contacts made, summed */
    long days;                      /* days from allocation to closure, summed */
    int timed, on_time;             /* cases with a first contact, and within the target */
} rt_outcome_tally;

/* Adds one closed case's measures (values of RT_ITEM_INTAKE and
 * RT_ITEM_EXIT) to t and returns true; a case missing either is not
 * counted (false). */
bool rt_outcome_add(rt_outcome_tally *t, char *const *intake, char *const *exit);
/* Adds the engagement of a case rt_outcome_add counted: contacts made,
 * days open, and first contact (1 within the target, 0 after it, -1
 * never made). */
void rt_outcome_add_engagement(rt_outcome_tally *t, int contacts, int days, int first_contact);

/* part as a percentage of whole, rounded half up; -1 when whole is 0 (the
 * page shows "no cases"). */
int rt_percent(int part, int whole);

#endif

/* casework.h: the Idva's case as operations pages and API share.
 *
 * A manager allocates a referral to an Idva of their service, helped by
 * suggestions weighed by load, specialism and area (core/casework.h); the
 * Idva records contacts (each checked against the person's safe-contact
 * record first), notes, tasks, the safety plan, the household and the
 * outcome measures, and moves the case through its lifecycle. Like every
 * operation in app.h these ask the policy and need to know again and
 * write the audit log, refusals included. A user without need to know
 * gets RT_ENOTFOUND: even that a case exists is information. */
#ifndef RT_APP_CASEWORK_H
#define RT_APP_CASEWORK_H

#include "app.h"

/* Values of an item (n from rt_item_fields), each owned or NULL. */
typedef struct rt_case_entry {
    rt_case_item item;       /* body freed: the values hold it */
    char **values;           /* owned */
} rt_case_entry;

typedef struct rt_case_view {
    rt_case c;
    rt_referral referral;    /* cut to what who may see of it */
    rt_detail detail;        /* what who may see of the case */
    bool notes;              /* who may read the Idva's notes */
    char idva_name[201];
    char first_contact_due[11]; /* the target date for first contact */
    bool first_contact_late;    /* due passed (or missed) without contact */
    rt_case_event *events;   /* owned; at full detail only */
    size_t n_events;
    rt_case_entry *entries;  /* owned; at full detail only, oldest first */
    size_t n_entries;
    rt_marac_action *actions; /* owned: the Marac's actions on the referral (the same plan) */
    size_t n_actions;
    char marac_heard[11];     /* when a Marac last heard the case, or "" */
    char feedback_due[11];    /* tell the person what it agreed by: 2 working days after */
} rt_case_view;

void rt_case_view_clear(rt_case_view *v);
/* The values of the entry of kind k in v (the first one), or NULL. */
char **rt_case_view_single(const rt_case_view *v, rt_item_kind k);

/* Reads case id for who (policy case.read; its detail by need to know;
 * items and events at full detail, notes only to those who may read
 * notes). Audited ("case.read"). */
rt_status rt_app_case_view(rt_app *app, const rt_principal *who, const char *id,
                           const char *address, int64_t now, rt_case_view *out);

/* The case of referral referral_id if who may see it at summary or more
 * (for a link from the referral); RT_ENOTFOUND otherwise. Reads only the
 * case's id, status and Idva, so it writes no audit entry. */
rt_status rt_app_case_of_referral(rt_app *app, const rt_principal *who, const char *referral_id,
                                  int64_t now, rt_case *out);

/* Allocation suggestions for a referral. */
typedef struct rt_suggestions {
    rt_caseload_rules rules;
    rt_case_needs needs;
    char postcode[16];
    char language[65];
    rt_idva_option *options; /* owned, best first; strings borrow from users and profiles */
    size_t n;
    rt_user *users;          /* owned */
    rt_idva_profile *profiles; /* owned, parallel to users */
    size_t n_users;
    rt_case current;         /* the referral's case, when it has one (current.id not "") */
} rt_suggestions;

void rt_suggestions_clear(rt_suggestions *s);

/* The Idvas of who's service for referral referral_id, ranked (policy
 * case.allocate; who manages an Idva service that may see the referral).
 * language (may be NULL) is a language the person needs. Audited
 * ("case.suggest"). */
rt_status rt_app_case_suggest(rt_app *app, const rt_principal *who, const char *referral_id,
                              const char *language, const char *address, int64_t now,
                              rt_suggestions *out);

/* Allocates referral referral_id to Idva idva_id of who's service: opens
 * the case, or hands an open one to another Idva. A load warning never
 * refuses: it is written to warning (160 bytes; "" for none). RT_EINVAL
 * with *field ("idva") for someone who is not an active Idva of the
 * service, RT_EEXISTS for a case held by another service or closed (it
 * is reopened, not allocated again). Audited ("case.allocate"). */
rt_status rt_app_case_allocate(rt_app *app, const rt_principal *who, const char *referral_id,
                               const char *idva_id, const char *address, int64_t now,
                               rt_case *out, char warning[160], const char **field);

/* Moves case id to status to ("active", "closed"; reopening a closed case
 * is "active" with reason). closure holds rt_closure_fields' values when
 * closing (normalised in place). On a refused move RT_EINVAL with errs
 * (at most RT_ITEM_MAX_FIELDS; the field "status" when the move itself
 * is not allowed). Audited ("case.move"). */
rt_status rt_app_case_move(rt_app *app, const rt_principal *who, const char *id, const char *to,
                           char **closure, const char *reason, const char *address, int64_t now,
                           rt_field_error *errs, size_t *n_errs);

/* Records an item of kind on case id: a new one (item_id NULL, or for a
 * kind a case holds once, whichever it has), or a change to item_id.
 * values (rt_item_fields order) are normalised in place and checked; on
 * RT_EINVAL errs says what is wrong. A contact through a channel the
 * safe-contact record does not mark safe is RT_EDENIED with *refusal
 * (static) saying why, and nothing is written. The first contact made
 * moves an allocated case to first contact. saved_id gets the item's id.
 * Audited ("case.item"). */
rt_status rt_app_case_item_save(rt_app *app, const rt_principal *who, const char *id,
                                rt_item_kind kind, const char *item_id, char **values,
                                const char *address, int64_t now, rt_field_error *errs,
                                size_t *n_errs, const char **refusal,
                                char saved_id[RT_ID_HEX + 1]);

/* One case in a caseload list. */
typedef struct rt_case_row {
    rt_case c;
    char person[206];         /* given and family name */
    char idva_name[201];
    rt_risk_level level;
    int score;
    char first_contact_due[11];
    bool first_contact_late;
    int overdue;              /* tasks and plan items past due */
    int open_days;            /* days since allocation */
} rt_case_row;

/* The open cases who works (policy case.write): an Idva's own, a
 * manager's service's; oldest referral first: an array of *n (free with
 * free()). Audited ("case.list"). */
rt_status rt_app_my_cases(rt_app *app, const rt_principal *who, const char *address,
                          int64_t now, rt_case_row **out, size_t *n);

/* One Idva of a service with their load. */
typedef struct rt_caseload_line {
    char user_id[RT_ID_HEX + 1];
    char name[201];
    rt_idva_option load;      /* capacity, warnings: as if one more case came */
    int overdue;              /* tasks and plan items past due */
    bool profile;             /* has a profile (else 1.0 FTE assumed) */
} rt_caseload_line;

typedef struct rt_caseload_view {
    char service[65];
    rt_caseload_rules rules;
    char areas[401];          /* the postcode areas or districts the service covers */
    rt_caseload_line *lines;  /* owned */
    size_t n_lines;
    rt_case_row *late;        /* owned: open cases whose first contact is overdue */
    size_t n_late;
    rt_case_row *long_open;   /* owned: cases open longer than rules.long_open_days */
    size_t n_long_open;
} rt_caseload_view;

void rt_caseload_view_clear(rt_caseload_view *v);

/* The postcode areas or districts Idva service service covers
 * (comma-separated; "" for none: its manager then triages only what is
 * offered to it) into areas. RT_ENOTFOUND if service is not an Idva
 * service. Deployment settings, not case data: not audited. */
rt_status rt_app_service_areas(rt_app *app, const char *service, char areas[401]);

/* Sets the areas Idva service service covers (areas: postcode areas or
 * districts, comma-separated, "" for none), as the system (the command
 * line sets a deployment up; address names the operator, "cli:NAME").
 * RT_ENOTFOUND with *field "service" if it is
 * not an Idva service; RT_EINVAL with *field "areas" for a list that is
 * not areas or is over 400 bytes. Audited ("caseload.areas"). */
rt_status rt_app_service_areas_set(rt_app *app, const char *service, const char *areas,
                                   const char *address, int64_t now, const char **field);

/* The caseload of who's service (policy caseload.read). Audited
 * ("caseload.read"). */
rt_status rt_app_caseload(rt_app *app, const rt_principal *who, const char *address,
                          int64_t now, rt_caseload_view *out);

/* Outcomes over cases closed from from to to (YYYY-MM-DD, inclusive) of
 * service (NULL: who's own; analysts may name any, or all with NULL for
 * every service) and of Idva idva_id (NULL: all). Policy outcomes.report;
 * a manager sees only their service. RT_EINVAL with *field for a bad
 * date or an order that is back to front. Audited ("outcomes.report"). */
rt_status rt_app_outcomes(rt_app *app, const rt_principal *who, const char *service,
                          const char *idva_id, const char *from, const char *to,
                          const char *address, int64_t now, rt_outcome_tally *out,
                          const char **field);

/* Sets an Idva's profile (policy caseload.read: a manager, for an Idva of
 * their own service; who NULL: the system, an operator at address "cli:NAME",
 * for any Idva). RT_EINVAL with *field naming a bad value ("user": not an
 * Idva). Audited ("idva.profile"). */
rt_status rt_app_idva_profile_set(rt_app *app, const rt_principal *who, rt_idva_profile *p,
                                  const char *address, int64_t now, const char **field);

/* Decodes an item body into values (rt_item_fields order; the caller
 * frees each and the array). Keys the kind does not have are refused. */
rt_status rt_case_item_decode(rt_item_kind kind, const char *body, char ***values);

#endif

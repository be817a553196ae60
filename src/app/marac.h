/* marac.h: the Marac meeting cycle as operations pages and API share:
 * scheduling, the case list (proposed by the listing rules, changed by
 * the coordinator), release to member agencies for research, the agenda,
 * the meeting itself (attendance, what was said, actions), minutes the
 * chair approves, and action tracking.
 *
 * A coordinator or chair belongs to the Maracs whose staff they are
 * (safety.md, "Jurisdiction"), and runs their meetings; another Marac's
 * meetings are absent to them. Anyone else belongs to a Marac through
 * their agency's membership: member agencies see a meeting once its list
 * is released, each case at summary detail (what research needs), the
 * actions they own, and its minutes once approved, if they attended.
 * Every operation asks the policy again and is audited, refusals
 * included; notices carry no case content. */
#ifndef RT_APP_MARAC_H
#define RT_APP_MARAC_H

#include "app.h"

/* One listed case as a page shows it. */
typedef struct rt_listed {
    rt_meeting_case mc;       /* hearing decoded into hearing[] instead */
    rt_referral referral;     /* cut to what who may see */
    rt_detail detail;
    int children;
    bool serial_perpetrator;
    char **hearing;           /* owned: rt_hearing_fields values, or NULL (not shown to who) */
    rt_marac_action *actions; /* owned */
    size_t n_actions;
    int researched;           /* agencies that have recorded research */
    int flagged;              /* agencies that confirmed they flagged their records */
    char **research;          /* owned: who's own agency's research values, or NULL */
} rt_listed;

typedef struct rt_meeting_view {
    rt_meeting m;
    rt_marac marac;
    bool manage;              /* who runs it (coordinator or chair of a member agency) */
    bool approve;             /* who may approve its minutes (the chair, once held) */
    bool minutes;             /* who may read the minutes */
    bool too_long;            /* the list overruns the meeting at the Marac's minutes per case */
    char cutoff[11], release[11];
    rt_listed *cases;         /* owned, in agenda order */
    size_t n_cases;
    rt_attendance *attendance; /* owned */
    size_t n_attendance;
    rt_marac_action *review;  /* owned: incomplete actions of the Marac's earlier meetings */
    size_t n_review;
    char chair_name[201];     /* who approved, once approved */
    char minutes_due[11];     /* held + 3 working days (marac.md), once held */
    bool minutes_late;        /* not approved by then */
} rt_meeting_view;

void rt_meeting_view_clear(rt_meeting_view *v);

/* The meetings of the Maracs who belongs to (staff: all of them;
 * other members: from release on), latest first: an array of *n (free
 * with free()). Policy meeting.read. */
rt_status rt_app_meetings(rt_app *app, const rt_principal *who, const char *address,
                          int64_t now, rt_meeting **out, size_t *n);

/* Schedules a meeting of marac on held_on (YYYY-MM-DD, not in the past)
 * at venue, and with every ("fortnightly" or "monthly"; NULL or "once":
 * just the one) count meetings in all (1 to 12), the later ones the same
 * weekday a fortnight on, or the same day of the next months. *out is the
 * first. RT_EINVAL with *field ("marac", "held_on", "venue", "every",
 * "count"); nothing is scheduled then. */
rt_status rt_app_meeting_schedule(rt_app *app, const rt_principal *who, const char *marac,
                                  const char *held_on, const char *venue, const char *every,
                                  int count, const char *address, int64_t now, rt_meeting *out,
                                  const char **field);

/* A Marac of who's agency, with its member agencies' representatives. */
typedef struct rt_marac_view {
    rt_marac marac;
    char (*members)[65];      /* owned: member agencies' codes */
    size_t n_members;
    rt_user *reps;            /* owned: agency representatives of member agencies */
    size_t n_reps;
} rt_marac_view;

void rt_marac_views_free(rt_marac_view *v, size_t n);

/* Adds the user named username to marac's staff, or with remove takes
 * them off it: the coordinators and chairs who act for that Marac and
 * have need to know of the cases it hears (safety.md, "Jurisdiction").
 * who NULL is the system (the command line); otherwise policy
 * marac.staff (the administrator). RT_ENOTFOUND with *field "marac" (no
 * such Marac) or "username" (no such user, or, removing, not on its
 * staff); RT_EINVAL with *field "username" for a user who is not a
 * coordinator or chair. Audited ("marac.staff.add" or
 * "marac.staff.remove", on the user, naming the Marac), refusals
 * included. */
rt_status rt_app_marac_staff_set(rt_app *app, const rt_principal *who, const char *marac,
                                 const char *username, bool remove, const char *address,
                                 int64_t now, const char **field);

/* A Marac and its staff, for the administrator. */
typedef struct rt_marac_staffing {
    rt_marac marac;
    rt_user *staff;           /* owned */
    size_t n_staff;
} rt_marac_staffing;

void rt_marac_staffing_free(rt_marac_staffing *v, size_t n);

/* Every Marac with its staff (who NULL: the system; else policy
 * marac.staff): an array of *n (free with rt_marac_staffing_free).
 * Accounts only, no case: not audited. */
rt_status rt_app_marac_staffing(rt_app *app, const rt_principal *who, rt_marac_staffing **out,
                                size_t *n);

/* The Maracs who belongs to (policy meeting.read): an array of
 * *n (free with rt_marac_views_free). Staff names only: not audited. */
rt_status rt_app_maracs(rt_app *app, const rt_principal *who, rt_marac_view **out, size_t *n);

/* Reads a meeting for who: its list cut to who's detail, in agenda order,
 * with what they may see of hearings, research and actions. Audited
 * ("meeting.read"; each referral shown as "referral.list"). */
rt_status rt_app_meeting_view(rt_app *app, const rt_principal *who, const char *id,
                              const char *address, int64_t now, rt_meeting_view *out);

/* Lists every eligible referral not yet on a list: Marac-eligible by its
 * assessment, living in the Marac's areas, referred by the cut-off and not
 * heard since; each as new, repeat or twelve months passed (by the last
 * hearing of the same person, confirmed identities included). *added
 * gets how many. Only while the meeting is scheduled. */
rt_status rt_app_meeting_propose(rt_app *app, const rt_principal *who, const char *id,
                                 const char *address, int64_t now, size_t *added);

/* Puts one referral on the list (add) or takes it off. RT_EEXISTS when
 * the list is out already. */
rt_status rt_app_meeting_list(rt_app *app, const rt_principal *who, const char *id,
                              const char *referral_id, bool add, const char *address,
                              int64_t now);

/* Moves a meeting on: "released" (the list goes to member agencies, each
 * of whose users gets a notice), "held", "approved" (the chair; the
 * agencies present are sent a notice). RT_EINVAL with *why for a move
 * not allowed. */
rt_status rt_app_meeting_move(rt_app *app, const rt_principal *who, const char *id,
                              const char *to, const char *address, int64_t now, const char **why);

/* Records one attendee (agency "" or NULL for an observer of none). The
 * confidentiality statement must be confirmed: RT_EINVAL with *field. */
rt_status rt_app_attendance(rt_app *app, const rt_principal *who, const char *id,
                            const char *agency, const char *name, bool observer,
                            bool confidentiality, const char *address, int64_t now,
                            const char **field);

/* Records what was said about a listed case (rt_hearing_fields values,
 * normalised in place) and marks it heard. */
rt_status rt_app_hearing(rt_app *app, const rt_principal *who, const char *id,
                         const char *referral_id, char **values, const char *address,
                         int64_t now, rt_field_error *errs, size_t *n_errs);

/* Records an action on a listed case (rt_action_fields values); its
 * agency must belong to the Marac. saved_id gets its id. */
rt_status rt_app_action_add(rt_app *app, const rt_principal *who, const char *id,
                            const char *referral_id, char **values, const char *address,
                            int64_t now, rt_field_error *errs, size_t *n_errs,
                            char saved_id[RT_ID_HEX + 1]);

/* Moves an action on (policy action.update: the owning agency's users,
 * or the Marac's coordinator and chair). RT_EINVAL with *field and *why. */
rt_status rt_app_action_move(rt_app *app, const rt_principal *who, const char *action_id,
                             const char *to, const char *reason, const char *address,
                             int64_t now, const char **field, const char **why);

/* One row of the action tracker. */
typedef struct rt_action_row {
    rt_marac_action a;        /* owns its body and reason */
    char **values;            /* owned: rt_action_fields values */
    char person[206];         /* the victim's name as who may see it, or "" */
    char held_on[11];
    bool overdue;
} rt_action_row;

void rt_action_rows_free(rt_action_row *rows, size_t n);

/* Actions who may track: the Marac's staff all of their Maracs' (of
 * agency when given), others their own agency's; overdue ones only when
 * overdue_only. Audited ("action.list"). */
rt_status rt_app_actions(rt_app *app, const rt_principal *who, const char *agency,
                         bool overdue_only, const char *address, int64_t now,
                         rt_action_row **out, size_t *n);

/* Records who's agency's research on a listed case (rt_research_fields
 * values). Only while the list is out and before the minutes. */
rt_status rt_app_research(rt_app *app, const rt_principal *who, const char *id,
                          const char *referral_id, char **values, const char *address,
                          int64_t now, rt_field_error *errs, size_t *n_errs);

/* Meeting metrics of one Marac over a period. */
typedef struct rt_attendance_rate {
    char agency[65];
    int attended;             /* meetings it attended (not as observer) */
} rt_attendance_rate;

typedef struct rt_marac_metrics {
    rt_marac marac;
    int days;                 /* the period's length */
    int meetings;             /* held in the period */
    int cases;                /* listed at them */
    int repeats, twelve_months, with_children;
    double per_10k;           /* annualised cases per 10,000 adult women; -1 unknown */
    rt_attendance_rate *agencies; /* owned: every member agency */
    size_t n_agencies;
    int actions;              /* agreed at them */
    int actions_due;          /* of which due by today */
    int actions_on_time;      /* of those, done by their due date */
} rt_marac_metrics;

void rt_marac_metrics_clear(rt_marac_metrics *m);

/* Metrics of marac over meetings held from from to to (YYYY-MM-DD,
 * inclusive): policy marac.metrics; the Marac's staff for their own
 * Maracs, analysts for any. RT_EINVAL with *field ("marac", "from",
 * "to"). Audited ("marac.metrics"). */
rt_status rt_app_marac_metrics(rt_app *app, const rt_principal *who, const char *marac,
                               const char *from, const char *to, const char *address,
                               int64_t now, rt_marac_metrics *out, const char **field);

/* Transfers referral_id to Marac to when the victim moves: from the Marac
 * that last listed it (else the one covering their postcode), of which who
 * must be staff, with why (note, at least 10 characters). The receiving
 * Marac lists it at its next meeting whatever the postcode, and reviews
 * its open actions there; its coordinators and chairs get a notice without
 * case content. RT_EINVAL with *field ("marac", "note"). Audited
 * ("marac.transfer"). */
rt_status rt_app_transfer(rt_app *app, const rt_principal *who, const char *referral_id,
                          const char *to, const char *note, const char *address, int64_t now,
                          const char **field);

#endif

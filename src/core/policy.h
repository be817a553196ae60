/* policy.h: the one place that decides who may do what.
 *
 * Default deny: an action is allowed only where the table in policy.c
 * says so. Every route declares the action it performs and the HTTP layer
 * asks rt_policy_may before calling the handler, so no page or endpoint
 * can forget. The need-to-know issue extends the decision with the
 * user's relationship to the case and the detail level; the signature
 * grows then, the single decision point stays. */
#ifndef RT_CORE_POLICY_H
#define RT_CORE_POLICY_H

#include <stdbool.h>
#include "role.h"

typedef enum rt_action {
    RT_ACT_NONE,              /* public: login page, health check, assets */
    RT_ACT_SIGNED_IN,         /* anything any signed-in user may do (own session) */
    RT_ACT_REFERRAL_CREATE,
    RT_ACT_REFERRAL_LIST,
    RT_ACT_REFERRAL_READ,
    RT_ACT_AUDIT_READ,        /* search and verify the audit log */
    RT_ACT_REFERRAL_BREAK_GLASS, /* emergency read with a written reason */
    RT_ACT_REFERRAL_EXCLUDE,  /* exclude a user from a case one holds, see and lift exclusions */
    RT_ACT_SUBJECT_ACCESS,    /* export everything held about a person for their request */
    RT_ACT_ASSESSMENT_CREATE, /* assess a person's risk again, on a case one works */
    RT_ACT_IDENTITY,          /* see likely earlier referrals of a person; decide same or not */
    RT_ACT_CASE_READ,         /* read an Idva case (its detail is need-to-know) */
    RT_ACT_CASE_WRITE,        /* record on a case: contacts, plan, household, outcomes, status */
    RT_ACT_CASE_ALLOCATE,     /* allocate a referral to an Idva of one's service */
    RT_ACT_CASELOAD,          /* the service's caseloads, overdue work and Idva profiles */
    RT_ACT_OUTCOMES,          /* outcome reports (aggregates) */
    RT_ACT_MEETING_READ,      /* the meetings of one's Maracs: lists, agendas, minutes */
    RT_ACT_MARAC_MANAGE,      /* schedule, list, release, run a meeting, draft its minutes */
    RT_ACT_MINUTES_APPROVE,   /* approve a meeting's minutes (the chair) */
    RT_ACT_RESEARCH,          /* record one's agency's research on a listed case */
    RT_ACT_ACTION_UPDATE,     /* record progress on one's agency's Marac actions */
    RT_ACT_MARAC_METRICS,     /* Marac meeting metrics (counts) */
    RT_ACT_MARAC_STAFF,       /* name a Marac's coordinators and chairs (accounts) */
    RT_ACT_COUNT
} rt_action;

/* Machine name of an action ("referral.create"); static. */
const char *rt_action_name(rt_action a);

/* True if a user holding role may perform action. Unknown roles or
 * actions are denied. RT_ACT_NONE is allowed to everyone. */
bool rt_policy_may(rt_role role, rt_action action);

#endif

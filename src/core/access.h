/* access.h: need-to-know. Who may see which record about a person, and
 * in how much detail.
 *
 * Two questions are asked of every request. The route asks
 * rt_policy_may (policy.h): may this role ever perform this action? Then
 * the operation asks rt_access_decide for the record in hand: given the
 * user's relationship to this case, its stage and the kind of record, at
 * what detail level may they see it? The answer is the most detail their
 * part needs (safety.md: presence, summary or full), never more, and
 * nothing when a hard exclusion applies.
 *
 * Pure: the caller works out the relationship from the store and passes
 * it in. */
#ifndef RT_CORE_ACCESS_H
#define RT_CORE_ACCESS_H

#include <stdbool.h>
#include "role.h"

/* Ordered: a higher level includes everything below it. */
typedef enum rt_detail {
    RT_DETAIL_NONE,      /* not even that the record exists */
    RT_DETAIL_PRESENCE,  /* that a record exists, and who to ask */
    RT_DETAIL_SUMMARY,   /* what research needs: name, DOB, address, perpetrator, children */
    RT_DETAIL_FULL
} rt_detail;

typedef enum rt_record_type {
    RT_REC_REFERRAL,     /* the referral and the person's identity */
    RT_REC_CASE,         /* the Idva's case: plan, contacts, outcomes */
    RT_REC_NOTE,         /* the Idva's narrative notes */
    RT_REC_ACTION,       /* Marac actions */
    RT_REC_TYPE_COUNT
} rt_record_type;

typedef enum rt_case_stage {
    RT_STAGE_REFERRED,   /* received, not yet on a released meeting list */
    RT_STAGE_LISTED,     /* on a meeting's case list, released to representatives */
    RT_STAGE_HEARD,      /* heard at the meeting; actions open */
    RT_STAGE_CLOSED,
    RT_STAGE_COUNT
} rt_case_stage;

/* The user's relationship to one case, worked out by the caller. */
typedef struct rt_relation {
    bool allocated_idva;      /* the Idva allocated to the case */
    bool manages_idva;        /* manager of the allocated Idva's service */
    bool marac_hearing;       /* belongs to the Marac hearing the case (coordinator, chair) */
    bool rep_at_meeting;      /* researches for an agency of the Marac whose released list has
                                 the case (its representatives; the Idva service's Idvas) */
    bool referring_agency;    /* the user's agency made the referral */
    bool break_glass;         /* holds a live break-glass grant for this case */
    /* Manages an Idva service that takes the area's referrals, and no
     * other service holds this one yet: they triage and allocate it. */
    bool service_intake;
    /* The case lies inside the user's patch (safety.md, "Jurisdiction"):
     * for a Marac's coordinator or chair, a case their Marac hears; for
     * an Idva or their manager, a person living in the areas their
     * service covers, or a case their service holds. Idva managers and the
     * Marac learn that a referral exists (presence) only inside their
     * patch; an Idva never from the patch alone. */
    bool in_patch;
    bool excluded;            /* hard exclusion: the perpetrator, or flagged as associated */
} rt_relation;

typedef struct rt_decision {
    rt_detail detail;         /* the most the user may see; NONE means refused */
    const char *why;          /* static: the rule that decided, for the audit log */
} rt_decision;

/* Decides what a user holding role may see of a record of type at stage,
 * related to it as rel says. Default deny: anything not granted below is
 * RT_DETAIL_NONE. A hard exclusion wins over every grant, break-glass
 * included. */
rt_decision rt_access_decide(rt_role role, rt_record_type type, rt_case_stage stage,
                             const rt_relation *rel);

/* Whether a Marac hears a referral (safety.md, "Jurisdiction"): the
 * person lives in its areas (own_areas: comma-separated postcode areas or
 * districts), or the referral was listed at or transferred to it
 * (sent_here), or, when the person's postcode is missing or lies in no
 * Marac's areas (all_areas: every Marac's of the deployment), the
 * referring agency belongs to it (referrer_member): a referral nobody's
 * area claims goes to the Marac of whoever sent it, rather than to none
 * or to all. NULL lists cover nothing. */
bool rt_marac_hears(const char *postcode, const char *own_areas, const char *all_areas,
                    bool referrer_member, bool sent_here);

/* Whether an Idva service whose areas are service_areas takes a
 * referral: the person lives in them, or the referral was offered to the
 * service (offered: it made the referral itself, or holds its case). */
bool rt_service_takes(const char *postcode, const char *service_areas, bool offered);

/* True if role is one of the named roles allowed to break the glass: an
 * emergency read with a written reason, alerted to managers, audited. */
bool rt_access_may_break_glass(rt_role role);

/* The shortest written reason accepted for breaking the glass. */
#define RT_BREAK_GLASS_MIN_REASON 20

/* Names for pages and the audit log; static. */
const char *rt_detail_name(rt_detail d);
const char *rt_record_type_name(rt_record_type t);
const char *rt_case_stage_name(rt_case_stage s);

#endif

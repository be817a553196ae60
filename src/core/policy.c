/* policy.c: the role-by-action table; see policy.h.
 *
 * This table answers "may this role ever do this?"; what a user may see
 * of one record is decided by rt_access_decide (access.h). The Marac
 * coordinator runs the list and the chair hears it; referring agencies
 * create referrals but do not browse the list. The administrator manages
 * accounts and has no case access by default. */
#include "policy.h"

static const char *const action_names[RT_ACT_COUNT] = {
    [RT_ACT_NONE] = "public",
    [RT_ACT_SIGNED_IN] = "signed_in",
    [RT_ACT_REFERRAL_CREATE] = "referral.create",
    [RT_ACT_REFERRAL_LIST] = "referral.list",
    [RT_ACT_REFERRAL_READ] = "referral.read",
    [RT_ACT_AUDIT_READ] = "audit.read",
    [RT_ACT_REFERRAL_BREAK_GLASS] = "referral.break_glass",
    [RT_ACT_REFERRAL_EXCLUDE] = "referral.exclude",
    [RT_ACT_SUBJECT_ACCESS] = "subject_access.export",
    [RT_ACT_ASSESSMENT_CREATE] = "assessment.create",
    [RT_ACT_IDENTITY] = "identity.decide",
    [RT_ACT_CASE_READ] = "case.read",
    [RT_ACT_CASE_WRITE] = "case.write",
    [RT_ACT_CASE_ALLOCATE] = "case.allocate",
    [RT_ACT_CASELOAD] = "caseload.read",
    [RT_ACT_OUTCOMES] = "outcomes.report",
    [RT_ACT_MEETING_READ] = "meeting.read",
    [RT_ACT_MARAC_MANAGE] = "meeting.manage",
    [RT_ACT_MINUTES_APPROVE] = "minutes.approve",
    [RT_ACT_RESEARCH] = "research.write",
    [RT_ACT_ACTION_UPDATE] = "action.update",
    [RT_ACT_MARAC_METRICS] = "marac.metrics",
    [RT_ACT_MARAC_STAFF] = "marac.staff",
};

/* allow[action] is a bit set of roles. */
#define R(x) (1u << (x))
static const unsigned allow[RT_ACT_COUNT] = {
    [RT_ACT_SIGNED_IN] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_COORDINATOR) |
                         R(RT_ROLE_CHAIR) | R(RT_ROLE_AGENCY_REP) | R(RT_ROLE_ANALYST) |
                         R(RT_ROLE_ADMIN) | R(RT_ROLE_AUDITOR),
    [RT_ACT_REFERRAL_CREATE] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) |
                               R(RT_ROLE_COORDINATOR) | R(RT_ROLE_AGENCY_REP),
    /* The Idva manager triages the referrals their service takes. */
    [RT_ACT_REFERRAL_LIST] = R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_COORDINATOR) | R(RT_ROLE_CHAIR),
    /* Reading one referral is open to the roles that may have a part in a
     * case; how much each sees is the need-to-know decision (access.h). */
    [RT_ACT_REFERRAL_READ] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_COORDINATOR) |
                             R(RT_ROLE_CHAIR) | R(RT_ROLE_AGENCY_REP),
    [RT_ACT_AUDIT_READ] = R(RT_ROLE_AUDITOR),
    [RT_ACT_REFERRAL_BREAK_GLASS] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) |
                                    R(RT_ROLE_COORDINATOR) | R(RT_ROLE_CHAIR),
    /* Exclusions are set, listed and lifted by those who hold the case:
     * the coordinator and chair of a Marac hearing it, the manager of the
     * Idva service holding it (which case is the operation's question). */
    [RT_ACT_REFERRAL_EXCLUDE] = R(RT_ROLE_COORDINATOR) | R(RT_ROLE_CHAIR) |
                                R(RT_ROLE_IDVA_MANAGER),
    /* A subject access request goes to the Marac as the data controller's
     * point of contact; the coordinator answers it, and nobody else may
     * pull everything about a person across referrals. */
    [RT_ACT_SUBJECT_ACCESS] = R(RT_ROLE_COORDINATOR),
    /* The Dash is asked again by whoever works with the person: the Idva
     * (and their manager) over the case, a frontline agency at a new
     * incident. Which cases is the need-to-know decision: full detail. */
    [RT_ACT_ASSESSMENT_CREATE] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) |
                                 R(RT_ROLE_AGENCY_REP),
    /* Knowing that two referrals are one person is the coordinator's
     * call: they hold the list and answer for repeats. */
    [RT_ACT_IDENTITY] = R(RT_ROLE_COORDINATOR),
    /* Cases: the Idva and their manager work them; the Marac's
     * coordinator and chair see that a case exists and who holds it. */
    [RT_ACT_CASE_READ] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_COORDINATOR) |
                         R(RT_ROLE_CHAIR),
    [RT_ACT_CASE_WRITE] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER),
    [RT_ACT_CASE_ALLOCATE] = R(RT_ROLE_IDVA_MANAGER),
    [RT_ACT_CASELOAD] = R(RT_ROLE_IDVA_MANAGER),
    /* Outcome reports are counts: the manager for their service, analysts
     * and commissioners across services. */
    [RT_ACT_OUTCOMES] = R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_ANALYST),
    /* The Marac: its coordinator and chair run the meetings; member
     * agencies (their representatives, and the Idva service) research the
     * cases listed and own actions; the chair approves the minutes. Which
     * Marac is the staff a coordinator or chair belongs to, and for
     * everyone else the membership of their agency (app/marac.c). */
    [RT_ACT_MEETING_READ] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_COORDINATOR) |
                            R(RT_ROLE_CHAIR) | R(RT_ROLE_AGENCY_REP),
    [RT_ACT_MARAC_MANAGE] = R(RT_ROLE_COORDINATOR) | R(RT_ROLE_CHAIR),
    [RT_ACT_MINUTES_APPROVE] = R(RT_ROLE_CHAIR),
    [RT_ACT_RESEARCH] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_AGENCY_REP),
    [RT_ACT_ACTION_UPDATE] = R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_COORDINATOR) |
                             R(RT_ROLE_CHAIR) | R(RT_ROLE_AGENCY_REP),
    /* Meeting metrics are counts: the Marac's staff for their Maracs,
     * analysts for every Marac. */
    [RT_ACT_MARAC_METRICS] = R(RT_ROLE_COORDINATOR) | R(RT_ROLE_CHAIR) | R(RT_ROLE_ANALYST),
    /* Who staffs which Marac is account management: the administrator's,
     * who sees no case for it. */
    [RT_ACT_MARAC_STAFF] = R(RT_ROLE_ADMIN),
};
#undef R

const char *rt_action_name(rt_action a)
{
    return (unsigned)a < RT_ACT_COUNT ? action_names[a] : "unknown";
}

bool rt_policy_may(rt_role role, rt_action action)
{
    if (action == RT_ACT_NONE)
        return true;
    if ((unsigned)action >= RT_ACT_COUNT || (unsigned)role >= RT_ROLE_COUNT)
        return false;
    return (allow[action] >> role) & 1u;
}

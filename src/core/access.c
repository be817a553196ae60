/* access.c: the need-to-know rules; see access.h.
 *
 * The grants follow safety.md. The allocated Idva and their manager see
 * the whole case. The Marac that hears the case (coordinator and chair)
 * sees the referral and the actions in full, the Idva's case in summary
 * (what the meeting needs), and never the Idva's own notes. An agency's
 * representative at the meeting sees the summary research needs, only
 * once the list is released and until the case closes, plus the actions.
 * The referring agency learns that its referral exists. Those with a duty
 * to spot repeats and to triage (Idva managers, the Marac's coordinator
 * and chair) may learn that a referral inside their patch exists and whom
 * to ask: presence, nothing more; outside it, nothing (jurisdiction,
 * safety.md). An Idva sees the cases allocated to them and no other: an
 * unallocated referral is no part of their work. Break-
 * glass gives the full referral and case to the named roles, never notes
 * beyond what the case shows, and never past a hard exclusion. */
#include "access.h"

#include "field.h"

static rt_detail max(rt_detail a, rt_detail b)
{
    return a > b ? a : b;
}

static bool is_frontline(rt_role role)
{
    return role == RT_ROLE_IDVA || role == RT_ROLE_IDVA_MANAGER ||
           role == RT_ROLE_COORDINATOR || role == RT_ROLE_CHAIR;
}

bool rt_access_may_break_glass(rt_role role)
{
    return is_frontline(role);
}

rt_decision rt_access_decide(rt_role role, rt_record_type type, rt_case_stage stage,
                             const rt_relation *rel)
{
    rt_decision d = {RT_DETAIL_NONE, "no need to know"};
    if ((unsigned)role >= RT_ROLE_COUNT || (unsigned)type >= RT_REC_TYPE_COUNT ||
        (unsigned)stage >= RT_STAGE_COUNT || !rel)
        return d;
    if (rel->excluded) {
        d.why = "hard exclusion";
        return d;
    }

    if (rel->allocated_idva && role == RT_ROLE_IDVA) {
        d.detail = RT_DETAIL_FULL;
        d.why = "allocated Idva";
        return d;
    }
    if (rel->manages_idva && role == RT_ROLE_IDVA_MANAGER) {
        d.detail = RT_DETAIL_FULL;
        d.why = "manager of the allocated Idva";
        return d;
    }

    rt_detail got = RT_DETAIL_NONE;
    const char *why = d.why;
    if (rel->marac_hearing && (role == RT_ROLE_COORDINATOR || role == RT_ROLE_CHAIR)) {
        static const rt_detail marac[RT_REC_TYPE_COUNT] = {
            [RT_REC_REFERRAL] = RT_DETAIL_FULL,
            [RT_REC_CASE] = RT_DETAIL_SUMMARY,
            [RT_REC_NOTE] = RT_DETAIL_NONE,
            [RT_REC_ACTION] = RT_DETAIL_FULL,
        };
        got = marac[type];
        why = "Marac hearing the case";
    }
    /* Who researches for a member agency: its representatives, and for the
     * Idva service its Idvas and their manager. */
    if (rel->rep_at_meeting &&
        (role == RT_ROLE_AGENCY_REP || role == RT_ROLE_IDVA || role == RT_ROLE_IDVA_MANAGER) &&
        (stage == RT_STAGE_LISTED || stage == RT_STAGE_HEARD)) {
        static const rt_detail rep[RT_REC_TYPE_COUNT] = {
            [RT_REC_REFERRAL] = RT_DETAIL_SUMMARY,
            [RT_REC_CASE] = RT_DETAIL_NONE,
            [RT_REC_NOTE] = RT_DETAIL_NONE,
            [RT_REC_ACTION] = RT_DETAIL_FULL,
        };
        if (rep[type] > got) {
            got = rep[type];
            why = "representative at the meeting";
        }
    }
    if (rel->service_intake && role == RT_ROLE_IDVA_MANAGER && type == RT_REC_REFERRAL &&
        got < RT_DETAIL_SUMMARY) {
        got = RT_DETAIL_SUMMARY;
        why = "Idva service triage";
    }
    if (rel->break_glass && rt_access_may_break_glass(role) &&
        (type == RT_REC_REFERRAL || type == RT_REC_CASE) && got < RT_DETAIL_FULL) {
        got = RT_DETAIL_FULL;
        why = "break-glass";
    }
    /* The referring agency's caseworkers learn that its referral exists;
     * administrators, analysts and auditors see no person's record, even
     * one their agency sent (safety.md, "Jurisdiction"). Inside their
     * patch, those who triage (Idva managers, the Marac's coordinator and
     * chair) learn it too; an Idva does not. */
    bool referrer = rel->referring_agency && (is_frontline(role) || role == RT_ROLE_AGENCY_REP);
    bool triage = role == RT_ROLE_IDVA_MANAGER || role == RT_ROLE_COORDINATOR ||
                  role == RT_ROLE_CHAIR;
    if (got < RT_DETAIL_PRESENCE && type == RT_REC_REFERRAL &&
        (referrer || (triage && rel->in_patch))) {
        got = max(got, RT_DETAIL_PRESENCE);
        why = referrer ? "referring agency" : "presence for repeat checks";
    }
    d.detail = got;
    d.why = why;
    return d;
}

bool rt_marac_hears(const char *postcode, const char *own_areas, const char *all_areas,
                    bool referrer_member, bool sent_here)
{
    if (sent_here || (own_areas && rt_postcode_in_areas(postcode, own_areas)))
        return true;
    bool claimed = all_areas && rt_postcode_in_areas(postcode, all_areas);
    return !claimed && referrer_member;
}

bool rt_service_takes(const char *postcode, const char *service_areas, bool offered)
{
    return offered || (service_areas && rt_postcode_in_areas(postcode, service_areas));
}

const char *rt_detail_name(rt_detail d)
{
    static const char *const names[] = {"none", "presence", "summary", "full"};
    return (unsigned)d <= RT_DETAIL_FULL ? names[d] : "unknown";
}

const char *rt_record_type_name(rt_record_type t)
{
    static const char *const names[RT_REC_TYPE_COUNT] = {"referral", "case", "note", "action"};
    return (unsigned)t < RT_REC_TYPE_COUNT ? names[t] : "unknown";
}

const char *rt_case_stage_name(rt_case_stage s)
{
    static const char *const names[RT_STAGE_COUNT] = {"referred", "listed", "heard", "closed"};
    return (unsigned)s < RT_STAGE_COUNT ? names[s] : "unknown";
}

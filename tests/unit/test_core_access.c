/* Need-to-know: every role x relationship x record type x stage x detail
 * level, against a table of grants written from safety.md. The table is
 * declarative (who, related how, sees what, when, in how much detail);
 * rt_access_decide is procedural, so the two are independent statements
 * of the same rules and any drift between them fails here. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "access.h"
#include "referral.h"

enum rel_kind {
    REL_NONE, REL_ALLOCATED, REL_MANAGES, REL_HEARING, REL_REP, REL_REFERRER, REL_GLASS,
    REL_INTAKE, REL_PATCH, REL_KINDS
};

#define R(x) (1u << (x))
#define FRONTLINE (R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_COORDINATOR) | R(RT_ROLE_CHAIR))
#define MARAC (R(RT_ROLE_COORDINATOR) | R(RT_ROLE_CHAIR))
#define ALL_TYPES ((1u << RT_REC_TYPE_COUNT) - 1)
#define ALL_STAGES ((1u << RT_STAGE_COUNT) - 1)

static const struct grant {
    unsigned roles, rels, types, stages;
    rt_detail detail;
} grants[] = {
    {R(RT_ROLE_IDVA), R(REL_ALLOCATED), ALL_TYPES, ALL_STAGES, RT_DETAIL_FULL},
    {R(RT_ROLE_IDVA_MANAGER), R(REL_MANAGES), ALL_TYPES, ALL_STAGES, RT_DETAIL_FULL},
    {MARAC, R(REL_HEARING), R(RT_REC_REFERRAL) | R(RT_REC_ACTION), ALL_STAGES, RT_DETAIL_FULL},
    {MARAC, R(REL_HEARING), R(RT_REC_CASE), ALL_STAGES, RT_DETAIL_SUMMARY},
    {R(RT_ROLE_AGENCY_REP) | R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER), R(REL_REP),
     R(RT_REC_REFERRAL),
     R(RT_STAGE_LISTED) | R(RT_STAGE_HEARD), RT_DETAIL_SUMMARY},
    {R(RT_ROLE_AGENCY_REP) | R(RT_ROLE_IDVA) | R(RT_ROLE_IDVA_MANAGER), R(REL_REP),
     R(RT_REC_ACTION),
     R(RT_STAGE_LISTED) | R(RT_STAGE_HEARD), RT_DETAIL_FULL},
    {FRONTLINE, R(REL_GLASS), R(RT_REC_REFERRAL) | R(RT_REC_CASE), ALL_STAGES, RT_DETAIL_FULL},
    /* The referring agency learns its referral exists; administrators,
     * analysts and auditors never see a person's record. */
    {FRONTLINE | R(RT_ROLE_AGENCY_REP), R(REL_REFERRER), R(RT_REC_REFERRAL), ALL_STAGES,
     RT_DETAIL_PRESENCE},
    {R(RT_ROLE_IDVA_MANAGER), R(REL_INTAKE), R(RT_REC_REFERRAL), ALL_STAGES, RT_DETAIL_SUMMARY},
    /* Presence for repeat checks holds only inside one's own patch, and
     * not for an Idva, who sees only the cases allocated to them. */
    {R(RT_ROLE_IDVA_MANAGER) | R(RT_ROLE_COORDINATOR) | R(RT_ROLE_CHAIR), R(REL_PATCH), R(RT_REC_REFERRAL), ALL_STAGES, RT_DETAIL_PRESENCE},
};

static rt_relation relation(enum rel_kind k, bool excluded)
{
    rt_relation r = {0};
    r.allocated_idva = k == REL_ALLOCATED;
    r.manages_idva = k == REL_MANAGES;
    r.marac_hearing = k == REL_HEARING;
    r.rep_at_meeting = k == REL_REP;
    r.referring_agency = k == REL_REFERRER;
    r.break_glass = k == REL_GLASS;
    r.service_intake = k == REL_INTAKE;
    r.in_patch = k == REL_PATCH;
    r.excluded = excluded;
    return r;
}

static rt_detail expected(rt_role role, enum rel_kind k, rt_record_type t, rt_case_stage s,
                          bool excluded)
{
    rt_detail d = RT_DETAIL_NONE;
    if (excluded)
        return d;
    for (size_t i = 0; i < sizeof grants / sizeof grants[0]; i++)
        if ((grants[i].roles >> role & 1u) && (grants[i].rels >> k & 1u) &&
            (grants[i].types >> t & 1u) && (grants[i].stages >> s & 1u) &&
            grants[i].detail > d)
            d = grants[i].detail;
    return d;
}

static void every_combination_matches_the_grants(void **state)
{
    size_t checks = 0;
    for (int role = 0; role < RT_ROLE_COUNT; role++)
        for (int k = 0; k < REL_KINDS; k++)
            for (int ex = 0; ex <= 1; ex++)
                for (int t = 0; t < RT_REC_TYPE_COUNT; t++)
                    for (int s = 0; s < RT_STAGE_COUNT; s++) {
                        rt_relation rel = relation((enum rel_kind)k, ex);
                        rt_decision d = rt_access_decide((rt_role)role, (rt_record_type)t,
                                                         (rt_case_stage)s, &rel);
                        rt_detail want = expected((rt_role)role, (enum rel_kind)k,
                                                  (rt_record_type)t, (rt_case_stage)s, ex);
                        assert_non_null(d.why);
                        for (rt_detail level = RT_DETAIL_PRESENCE; level <= RT_DETAIL_FULL; level++) {
                            bool allowed = d.detail >= level;
                            if (allowed != (want >= level))
                                fail_msg("%s related as %d%s, %s at %s, %s detail: got %s, want %s",
                                         rt_role_name((rt_role)role), k, ex ? " (excluded)" : "",
                                         rt_record_type_name((rt_record_type)t),
                                         rt_case_stage_name((rt_case_stage)s),
                                         rt_detail_name(level),
                                         rt_detail_name(d.detail), rt_detail_name(want));
                            checks++;
                        }
                    }
    assert_int_equal(checks, (size_t)RT_ROLE_COUNT * REL_KINDS * 2 * RT_REC_TYPE_COUNT *
                                 RT_STAGE_COUNT * 3);
}

/* Spot checks written out in words, so the table above is not the only
 * statement of the most important rules. */
static void the_rules_that_matter_most(void **state)
{
    rt_relation none = relation(REL_NONE, false);
    rt_relation glass_but_excluded = relation(REL_GLASS, true);
    rt_relation alloc = relation(REL_ALLOCATED, false);
    rt_relation hearing = relation(REL_HEARING, false);
    rt_relation rep = relation(REL_REP, false);
    /* Default deny for agencies with no part in the case. */
    assert_int_equal(rt_access_decide(RT_ROLE_AGENCY_REP, RT_REC_REFERRAL, RT_STAGE_HEARD, &none).detail,
                     RT_DETAIL_NONE);
    /* Nothing ever reaches someone excluded, even by breaking the glass. */
    assert_int_equal(rt_access_decide(RT_ROLE_IDVA, RT_REC_REFERRAL, RT_STAGE_HEARD,
                                      &glass_but_excluded).detail, RT_DETAIL_NONE);
    assert_string_equal(rt_access_decide(RT_ROLE_IDVA, RT_REC_REFERRAL, RT_STAGE_HEARD,
                                         &glass_but_excluded).why, "hard exclusion");
    /* Representatives see the summary research needs, not notes. */
    assert_int_equal(rt_access_decide(RT_ROLE_AGENCY_REP, RT_REC_REFERRAL, RT_STAGE_LISTED, &rep).detail,
                     RT_DETAIL_SUMMARY);
    assert_int_equal(rt_access_decide(RT_ROLE_AGENCY_REP, RT_REC_NOTE, RT_STAGE_LISTED, &rep).detail,
                     RT_DETAIL_NONE);
    /* ...and nothing before the list is released. */
    assert_int_equal(rt_access_decide(RT_ROLE_AGENCY_REP, RT_REC_REFERRAL, RT_STAGE_REFERRED, &rep).detail,
                     RT_DETAIL_NONE);
    /* The Marac never reads the Idva's notes. */
    assert_int_equal(rt_access_decide(RT_ROLE_COORDINATOR, RT_REC_NOTE, RT_STAGE_HEARD, &hearing).detail,
                     RT_DETAIL_NONE);
    assert_int_equal(rt_access_decide(RT_ROLE_IDVA, RT_REC_NOTE, RT_STAGE_HEARD, &alloc).detail,
                     RT_DETAIL_FULL);
    /* Administrators, analysts and auditors have no case access. */
    for (rt_role r = RT_ROLE_ANALYST; r <= RT_ROLE_AUDITOR; r++)
        for (int k = 0; k < REL_KINDS; k++) {
            rt_relation rel = relation((enum rel_kind)k, false);
            assert_int_equal(rt_access_decide(r, RT_REC_REFERRAL, RT_STAGE_HEARD, &rel).detail,
                             RT_DETAIL_NONE);
        }
    assert_false(rt_access_may_break_glass(RT_ROLE_AGENCY_REP));
    assert_false(rt_access_may_break_glass(RT_ROLE_ADMIN));
    assert_true(rt_access_may_break_glass(RT_ROLE_IDVA));
    /* Nonsense in, nothing out. */
    assert_int_equal(rt_access_decide((rt_role)99, RT_REC_REFERRAL, RT_STAGE_HEARD, &alloc).detail,
                     RT_DETAIL_NONE);
    assert_int_equal(rt_access_decide(RT_ROLE_IDVA, RT_REC_REFERRAL, RT_STAGE_HEARD, NULL).detail,
                     RT_DETAIL_NONE);
}

/* Another Marac's coordinator, or an Idva of a service covering other
 * areas, learns nothing of a referral, not even that it exists. */
static void outside_the_patch_nothing(void **state)
{
    (void)state;
    rt_relation none = relation(REL_NONE, false);
    rt_relation patch = relation(REL_PATCH, false);
    static const rt_role frontline[] = {RT_ROLE_IDVA, RT_ROLE_IDVA_MANAGER, RT_ROLE_COORDINATOR,
                                        RT_ROLE_CHAIR};
    for (size_t i = 0; i < sizeof frontline / sizeof frontline[0]; i++) {
        assert_int_equal(rt_access_decide(frontline[i], RT_REC_REFERRAL, RT_STAGE_REFERRED,
                                          &none).detail, RT_DETAIL_NONE);
        /* Inside it, presence for repeat checks; an Idva, who sees only
         * the cases allocated to them, not even that. */
        assert_int_equal(rt_access_decide(frontline[i], RT_REC_REFERRAL, RT_STAGE_REFERRED,
                                          &patch).detail,
                         frontline[i] == RT_ROLE_IDVA ? RT_DETAIL_NONE : RT_DETAIL_PRESENCE);
    }
}

static void which_marac_hears_a_referral(void **state)
{
    (void)state;
    static const struct {
        const char *postcode, *own, *all;
        bool referrer_member, sent_here, want;
    } cases[] = {
        {"WM2 5HT", "WM,WV3", "WM,WV3,EV", false, false, true},   /* lives in its area */
        {"WV3 1AA", "WM,WV3", "WM,WV3,EV", false, false, true},   /* in a district of it */
        {"WV4 1AA", "WM,WV3", "WM,WV3,EV", false, false, false},  /* the next district: not */
        {"EV1 2AB", "WM,WV3", "WM,WV3,EV", false, false, false},  /* another Marac's area */
        {"EV1 2AB", "WM,WV3", "WM,WV3,EV", true, false, false},   /* ...whoever referred it */
        {"EV1 2AB", "WM,WV3", "WM,WV3,EV", false, true, true},    /* listed or transferred here */
        {NULL, "WM,WV3", "WM,WV3,EV", true, false, true},         /* no postcode: the referrer's */
        {NULL, "WM,WV3", "WM,WV3,EV", false, false, false},       /* ...and no other Marac's */
        {"ZZ9 9ZZ", "WM", "WM,EV", true, false, true},            /* in nobody's area */
        {"ZZ9 9ZZ", "WM", "WM,EV", false, false, false},
        {"WM2 5HT", NULL, NULL, true, false, true},               /* a Marac with no areas */
        {"WM2 5HT", NULL, "WM", true, false, false},              /* ...but another claims it */
        {"WM2 5HT", NULL, NULL, false, false, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (rt_marac_hears(cases[i].postcode, cases[i].own, cases[i].all,
                           cases[i].referrer_member, cases[i].sent_here) != cases[i].want)
            fail_msg("case %zu (%s in %s): want %d", i,
                     cases[i].postcode ? cases[i].postcode : "no postcode",
                     cases[i].own ? cases[i].own : "nothing", cases[i].want);
}

static void which_service_takes_a_referral(void **state)
{
    (void)state;
    static const struct {
        const char *postcode, *areas;
        bool offered, want;
    } cases[] = {
        {"WM2 5HT", "WM", false, true},
        {"WM2 5HT", "EV,WV3", false, false},
        {"WM2 5HT", "", false, false},        /* a service with no areas takes nothing */
        {"WM2 5HT", NULL, false, false},
        {NULL, "WM", false, false},           /* no postcode: only if offered */
        {NULL, "WM", true, true},
        {"EV1 2AB", "WM", true, true},        /* offered: it made or holds the referral */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (rt_service_takes(cases[i].postcode, cases[i].areas, cases[i].offered) !=
            cases[i].want)
            fail_msg("case %zu: want %d", i, cases[i].want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_combination_matches_the_grants),
        cmocka_unit_test(the_rules_that_matter_most),
        cmocka_unit_test(outside_the_patch_nothing),
        cmocka_unit_test(which_marac_hears_a_referral),
        cmocka_unit_test(which_service_takes_a_referral),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

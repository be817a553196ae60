/* The role-by-action policy, as a full matrix, and account rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "account.h"
#include "policy.h"

/* The expected answer for every role and action, written out in full so
 * that any change to the policy must change this table too. Columns:
 * signed_in, referral.create, referral.list, referral.read, audit.read,
 * referral.break_glass, referral.exclude, subject_access.export,
 * assessment.create, identity.decide, case.read, case.write, case.allocate,
 * caseload.read, outcomes.report, meeting.read, meeting.manage, minutes.approve,
 * research.write, action.update, marac.metrics, marac.staff. */
#define COLS 22
static const struct {
    rt_role role;
    int allow[COLS];
} matrix[] = {
    {RT_ROLE_IDVA, {1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0}},
    {RT_ROLE_IDVA_MANAGER, {1, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0}},
    {RT_ROLE_COORDINATOR, {1, 1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0}},
    {RT_ROLE_CHAIR, {1, 0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 1, 0}},
    {RT_ROLE_AGENCY_REP, {1, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0}},
    {RT_ROLE_ANALYST, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0}},
    {RT_ROLE_ADMIN, {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}},
    {RT_ROLE_AUDITOR, {1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
};

static void matrix_holds(void **state)
{
    static const rt_action cols[COLS] = {
        RT_ACT_SIGNED_IN,         RT_ACT_REFERRAL_CREATE,      RT_ACT_REFERRAL_LIST,
        RT_ACT_REFERRAL_READ,     RT_ACT_AUDIT_READ,           RT_ACT_REFERRAL_BREAK_GLASS,
        RT_ACT_REFERRAL_EXCLUDE,  RT_ACT_SUBJECT_ACCESS,       RT_ACT_ASSESSMENT_CREATE,
        RT_ACT_IDENTITY,          RT_ACT_CASE_READ,            RT_ACT_CASE_WRITE,
        RT_ACT_CASE_ALLOCATE,     RT_ACT_CASELOAD,             RT_ACT_OUTCOMES,
        RT_ACT_MEETING_READ,      RT_ACT_MARAC_MANAGE,         RT_ACT_MINUTES_APPROVE,
        RT_ACT_RESEARCH,          RT_ACT_ACTION_UPDATE,        RT_ACT_MARAC_METRICS,
        RT_ACT_MARAC_STAFF};
    assert_int_equal(sizeof matrix / sizeof matrix[0], RT_ROLE_COUNT);
    assert_int_equal(RT_ACT_COUNT, COLS + 1); /* a new action needs a column here */
    for (size_t r = 0; r < RT_ROLE_COUNT; r++)
        for (int a = 0; a < COLS; a++)
            if (rt_policy_may(matrix[r].role, cols[a]) != (bool)matrix[r].allow[a])
                fail_msg("%s may %s: expected %d", rt_role_name(matrix[r].role),
                         rt_action_name(cols[a]), matrix[r].allow[a]);
}

static void unknown_is_denied(void **state)
{
    assert_false(rt_policy_may((rt_role)RT_ROLE_COUNT, RT_ACT_SIGNED_IN));
    assert_false(rt_policy_may(RT_ROLE_COORDINATOR, (rt_action)RT_ACT_COUNT));
    assert_false(rt_policy_may((rt_role)-1, RT_ACT_REFERRAL_READ));
    assert_true(rt_policy_may((rt_role)RT_ROLE_COUNT, RT_ACT_NONE));
}

static void role_names_round_trip(void **state)
{
    for (int r = 0; r < RT_ROLE_COUNT; r++) {
        rt_role got;
        assert_int_equal(rt_role_parse(rt_role_name((rt_role)r), &got), RT_OK);
        assert_int_equal(got, r);
    }
    rt_role got = RT_ROLE_IDVA;
    assert_int_equal(rt_role_parse("superuser", &got), RT_EINVAL);
    assert_int_equal(rt_role_parse(NULL, &got), RT_EINVAL);
}

static void password_and_username_rules(void **state)
{
    static const struct {
        const char *pw;
        int ok;
    } pws[] = {
        {"correct horse battery", 1}, {"short", 0}, {"aaaaaaaaaaaaaaaa", 0},
        {"ééééééééééé", 0} /* 11 characters, 22 bytes */, {"éééééééééééx", 1}, {NULL, 0},
        {"password1234", 0}, {"PassWord1234", 0}, {"qwertyuiop123", 0},
        {"correcthorsebatterystaple", 0}, {"correct horse battery staple", 1},
        {"password12345x", 1},
    };
    for (size_t i = 0; i < sizeof pws / sizeof pws[0]; i++)
        if ((rt_password_problem(pws[i].pw) == NULL) != pws[i].ok)
            fail_msg("password case %zu", i);
    static const struct {
        const char *name;
        int ok;
    } names[] = {
        {"marac_coordinator", 1}, {"a.b-c", 1}, {"x", 0}, {"1abc", 0}, {"ann smith", 0},
        {"", 0}, {"ann@x", 0},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if ((rt_username_problem(names[i].name) == NULL) != names[i].ok)
            fail_msg("username case %s", names[i].name);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matrix_holds),
        cmocka_unit_test(unknown_is_denied),
        cmocka_unit_test(role_names_round_trip),
        cmocka_unit_test(password_and_username_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The audit action table: every action has one unique name and a label,
 * names round-trip, every refusable policy action is recorded under an
 * action of its own name, and the fields column takes field keys only. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "audit_action.h"

static void names_unique_labels_present(void **state)
{
    (void)state;
    for (int i = 0; i < RT_AUDIT_ACTION_COUNT; i++) {
        const char *name = rt_audit_action_name((rt_audit_action)i);
        const char *label = rt_audit_action_label((rt_audit_action)i);
        assert_non_null(name);
        assert_non_null(label);
        assert_true(strlen(label) > 0);
        /* A stable name is itself a valid key: lower case, digits, _ and . */
        assert_true(rt_audit_fields_valid(name));
        assert_null(strchr(name, ','));
        for (int k = 0; k < i; k++) {
            assert_string_not_equal(name, rt_audit_action_name((rt_audit_action)k));
            assert_string_not_equal(label, rt_audit_action_label((rt_audit_action)k));
        }
    }
    assert_null(rt_audit_action_name(RT_AUDIT_ACTION_COUNT));
    assert_null(rt_audit_action_label(RT_AUDIT_ACTION_COUNT));
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < RT_AUDIT_ACTION_COUNT; i++) {
        rt_audit_action a = RT_AUDIT_ACTION_COUNT;
        assert_int_equal(rt_audit_action_parse(rt_audit_action_name((rt_audit_action)i), &a),
                         RT_OK);
        assert_int_equal(a, i);
    }
    static const char *const unknown[] = {"", "referral", "referral.read ", "Referral.read",
                                          "referral.reads", "public", "signed_in"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        rt_audit_action a = RT_AUDIT_REFERRAL_READ;
        assert_int_equal(rt_audit_action_parse(unknown[i], &a), RT_EINVAL);
        assert_int_equal(a, RT_AUDIT_REFERRAL_READ);
    }
    rt_audit_action a;
    assert_int_equal(rt_audit_action_parse(NULL, &a), RT_EINVAL);
}

/* Names stored by earlier versions stay: an old entry must still parse. */
static void stored_names_stay(void **state)
{
    (void)state;
    static const struct {
        rt_audit_action a;
        const char *name;
    } stored[] = {
        {RT_AUDIT_REFERRAL_READ, "referral.read"},
        {RT_AUDIT_REFERRAL_PRINT, "referral.print"},
        {RT_AUDIT_SUBJECT_ACCESS_EXPORT, "subject_access.export"},
        {RT_AUDIT_RETENTION_PURGE_NOTES, "retention.purge_notes"},
        {RT_AUDIT_SESSION_CREATE, "session.create"},
        {RT_AUDIT_ACCOUNT_SECOND_FACTOR_RESET, "account.second_factor.reset"},
        {RT_AUDIT_SETTING_SECOND_FACTOR_ROLES, "setting.second_factor_roles"},
        {RT_AUDIT_MEETING_LIST_CASE, "meeting.list_case"},
    };
    for (size_t i = 0; i < sizeof stored / sizeof stored[0]; i++)
        assert_string_equal(rt_audit_action_name(stored[i].a), stored[i].name);
}

static void every_policy_action_is_recorded(void **state)
{
    (void)state;
    for (int i = 0; i < RT_ACT_COUNT; i++) {
        rt_audit_action a = RT_AUDIT_ACTION_COUNT;
        rt_status st = rt_audit_action_of_policy((rt_action)i, &a);
        if (i == RT_ACT_NONE || i == RT_ACT_SIGNED_IN) {
            assert_int_equal(st, RT_EINVAL);
            continue;
        }
        assert_int_equal(st, RT_OK);
        assert_string_equal(rt_audit_action_name(a), rt_action_name((rt_action)i));
    }
    rt_audit_action a;
    assert_int_equal(rt_audit_action_of_policy(RT_ACT_COUNT, &a), RT_EINVAL);
}

static void filters_name_known_actions(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        bool ok;
    } cases[] = {
        {"referral.read", true},
        {"referral.", true},
        {"account.second_factor.", true},
        {"account.second_factor.reset", true},
        {"session.", true},
        {"referral", false},
        {"referral.rea", false},
        {"nothing.", false},
        {".", false},
        {"", false},
        {NULL, false},
        {"referral.read.", false},
        {"REFERRAL.READ", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (rt_audit_action_filter_valid(cases[i].s) != cases[i].ok)
            fail_msg("filter '%s': expected %s", cases[i].s ? cases[i].s : "(null)",
                     cases[i].ok ? "valid" : "refused");
    for (int i = 0; i < RT_AUDIT_ACTION_COUNT; i++)
        assert_true(rt_audit_action_filter_valid(rt_audit_action_name((rt_audit_action)i)));
}

static void fields_are_keys(void **state)
{
    (void)state;
    static const struct {
        const char *fields;
        bool ok;
    } cases[] = {
        {NULL, true},
        {"reason", true},
        {"victim.given_name,victim.family_name", true},
        {"status,idva_id", true},
        {"item2.date", true},
        {"", false},
        {",", false},
        {"reason,", false},
        {",reason", false},
        {"a,,b", false},
        {"*", false},
        {"*,-notes", false},
        {"added=3", false},
        {"marac=wm,from=2026-01-01", false},
        {"Summary", false},
        {"victim name", false},
        {"reason;", false},
        {"caf\xc3\xa9", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (rt_audit_fields_valid(cases[i].fields) != cases[i].ok)
            fail_msg("fields '%s': expected %s", cases[i].fields ? cases[i].fields : "(null)",
                     cases[i].ok ? "valid" : "refused");
    }
    char big[RT_AUDIT_FIELDS_MAX + 2];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_false(rt_audit_fields_valid(big));
    big[RT_AUDIT_FIELDS_MAX] = '\0';
    assert_true(rt_audit_fields_valid(big));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_unique_labels_present),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(stored_names_stay),
        cmocka_unit_test(every_policy_action_is_recorded),
        cmocka_unit_test(filters_name_known_actions),
        cmocka_unit_test(fields_are_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

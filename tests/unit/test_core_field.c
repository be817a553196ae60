/* Typed fields and the referral's rules: normalisation, every check. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "field.h"
#include "referral.h"

static rt_date today(void)
{
    rt_date d;
    rt_date_parse("2026-11-22", &d);
    return d;
}

static const rt_field_spec *spec(const char *key)
{
    int i = rt_referral_field_by_key(key);
    assert_true(i >= 0);
    return &rt_referral_fields()[i];
}

static void checks_by_type(void **state)
{
    static const struct {
        const char *key, *value, *error; /* error NULL: valid */
    } cases[] = {
        {"victim.given_name", "Zélie", NULL},
        {"victim.given_name", NULL, "is required"},
        {"victim.aliases", NULL, NULL},
        {"victim.given_name", "Ann\x01", "contains characters that are not allowed"},
        {"victim.given_name", "\xc3\x28", "contains characters that are not allowed"},
        {"victim.given_name", "\xed\xa0\x80", "contains characters that are not allowed"},
        {"victim.given_name", "\xc0\xaf", "contains characters that are not allowed"},
        {"victim.given_name", "Ann\nMarie", "contains characters that are not allowed"},
        {"victim.address", "1 Loe Row\nWealdmoor", NULL},
        {"victim.dob", "1990-02-30", "must be a real date, written YYYY-MM-DD"},
        {"victim.dob", "2026-11-23", "must not be in the future"},
        {"victim.dob", "1900-01-01", "must be within the last 120 years"},
        {"victim.dob", "2026-11-22", NULL},
        {"referral_date", "2026-11-22", NULL},
        {"referral_date", "22/11/2026", "must be a real date, written YYYY-MM-DD"},
        {"victim.email", "a@b.org", NULL},
        {"victim.email", "a@b", "must be an email address, like name@example.org"},
        {"victim.email", "a b@c.org", "must be an email address, like name@example.org"},
        {"victim.email", "@c.org", "must be an email address, like name@example.org"},
        {"victim.phone", "+44 1632 960 000", NULL},
        {"victim.phone", "(01632) 960-001", NULL},
        {"victim.phone", "12345", "must be a phone number of 7 to 15 digits"},
        {"victim.phone", "01632 96000x", "must be a phone number of 7 to 15 digits"},
        {"victim.phone", "01+632960000", "must be a phone number of 7 to 15 digits"},
        {"victim.postcode", "WM1 4QT", NULL},
        {"victim.postcode", "W1A 1AA", NULL},
        {"victim.postcode", "EC1A 1BB", NULL},
        {"victim.postcode", "M1 1AE", NULL},
        {"victim.postcode", "1M1 1AE", "must be a UK postcode, like AB1 2CD"},
        {"victim.postcode", "WM1 4Q", "must be a UK postcode, like AB1 2CD"},
        {"victim.gender", "female", NULL},
        {"victim.gender", "Female", "must be one of the listed options"},
        {"victim.safe_to_call", "maybe", "must be one of the listed options"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = rt_field_check(spec(cases[i].key), cases[i].value, today());
        if ((got == NULL) != (cases[i].error == NULL) ||
            (got && strcmp(got, cases[i].error) != 0))
            fail_msg("case %zu %s=%s: expected %s, got %s", i, cases[i].key,
                     cases[i].value ? cases[i].value : "(null)",
                     cases[i].error ? cases[i].error : "valid", got ? got : "valid");
    }
}

static void too_long_is_refused_not_cut(void **state)
{
    char *v = malloc(102);
    memset(v, 'a', 101);
    v[101] = '\0';
    assert_string_equal(rt_field_check(spec("victim.given_name"), v, today()), "is too long");
    v[100] = '\0';
    assert_null(rt_field_check(spec("victim.given_name"), v, today()));
    free(v);
}

static void normalise_trims_and_formats(void **state)
{
    static const struct {
        const char *key, *in, *out; /* out NULL: absent */
    } cases[] = {
        {"victim.given_name", "  Ann  ", "Ann"},
        {"victim.given_name", " \t\n ", NULL},
        {"victim.postcode", " wm1  4qt ", "WM1 4QT"},
        {"victim.postcode", "ec1a1bb", "EC1A 1BB"},
        {"victim.postcode", "abc", "abc"}, /* not a postcode: left for the check */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *v = strdup(cases[i].in);
        assert_int_equal(rt_field_normalise(spec(cases[i].key), &v), RT_OK);
        if (cases[i].out)
            assert_string_equal(v, cases[i].out);
        else
            assert_null(v);
        free(v);
    }
}

static void referral_validation_lists_every_problem_in_form_order(void **state)
{
    rt_referral r = {0};
    r.field[RT_RF_VICTIM_GIVEN_NAME] = strdup("Ysolde");
    r.field[RT_RF_VICTIM_DOB] = strdup("2026-02-30");
    r.field[RT_RF_VICTIM_GENDER] = strdup("female");
    r.field[RT_RF_VICTIM_SAFE_TO_CALL] = strdup("no");
    r.field[RT_RF_REFERRER_NAME] = strdup("  ");
    r.field[RT_RF_REFERRER_PHONE] = strdup("01632 960123");
    r.field[RT_RF_REFERRAL_DATE] = strdup("2026-11-20");
    r.field[RT_RF_CONSENT_AWARE] = strdup("yes");
    r.field[RT_RF_CONSENT_GIVEN] = strdup("yes");
    r.field[RT_RF_CONSENT_LAWFUL_BASIS] = strdup("consent");
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n;
    assert_int_equal(rt_referral_normalise(&r), RT_OK);
    assert_null(r.field[RT_RF_REFERRER_NAME]);
    assert_int_equal(rt_referral_validate(&r, today(), errs, &n), RT_EINVAL);
    assert_int_equal(n, 4);
    assert_string_equal(errs[3].key, "assessment");
    rt_risk_input in = {.tool = rt_risk_default_tool(), .answers = {RT_ANSWER_YES}};
    const char *bad;
    assert_int_equal(rt_referral_assess(&r, &in, &bad), RT_OK);
    assert_int_equal(r.risk.result.score, 1);
    assert_string_equal(r.risk.answers, "y-----------------------"); /* unanswered is not "no" */
    assert_int_equal(rt_referral_validate(&r, today(), errs, &n), RT_EINVAL);
    assert_int_equal(n, 3);
    assert_string_equal(errs[0].key, "victim.family_name");
    assert_string_equal(errs[1].key, "victim.dob");
    assert_string_equal(errs[2].key, "referrer.name");
    free(r.field[RT_RF_VICTIM_DOB]);
    r.field[RT_RF_VICTIM_DOB] = NULL;
    r.field[RT_RF_VICTIM_FAMILY_NAME] = strdup("Carrow");
    r.field[RT_RF_REFERRER_NAME] = strdup("Demo Referrer");
    assert_int_equal(rt_referral_validate(&r, today(), errs, &n), RT_OK);
    assert_int_equal(n, 0);
    rt_referral_clear(&r);
    assert_null(r.field[RT_RF_VICTIM_GIVEN_NAME]);
}

static void field_table_is_consistent(void **state)
{
    const rt_field_spec *f = rt_referral_fields();
    for (int i = 0; i < RT_RF_COUNT; i++) {
        assert_non_null(f[i].key);
        assert_non_null(f[i].label);
        assert_int_equal(rt_referral_field_by_key(f[i].key), i);
        assert_true(f[i].max_len > 0);
        assert_true((f[i].type == RT_FT_CHOICE) == (f[i].choices != NULL));
    }
    /* Names, addresses, contact details and free text about people must
     * be sealed at rest: listed here by hand, so that a new field of this
     * kind cannot slip through unsealed unnoticed. */
    static const char *const sealed[] = {
        "victim.given_name", "victim.family_name", "victim.aliases", "victim.dob",
        "victim.address", "victim.postcode", "victim.phone", "victim.email",
        "victim.safe_times", "victim.safe_address", "victim.code_word", "victim.fears",
        "victim.safe_people", "victim.unsafe_people", "referrer.name", "referrer.phone",
        "referrer.email", "consent.not_aware_reason",
    };
    for (size_t i = 0; i < sizeof sealed / sizeof sealed[0]; i++) {
        int k = rt_referral_field_by_key(sealed[i]);
        if (k < 0 || !f[k].identifying)
            fail_msg("%s must be an identifying (sealed) field", sealed[i]);
    }
    /* And every free-text field is sealed: free text can name anyone. */
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (f[i].type == RT_FT_LONGTEXT && !f[i].identifying)
            fail_msg("%s is free text but not sealed", f[i].key);
    assert_int_equal(rt_referral_field_by_key("victim.shoe_size"), -1);
}

/* Sets field f of r to v (NULL: absent). */
static void set(rt_referral *r, rt_referral_field f, const char *v)
{
    free(r->field[f]);
    r->field[f] = v ? strdup(v) : NULL;
}

static void consent_rules_between_fields(void **state)
{
    static const struct {
        const char *aware, *why, *given, *basis, *protocol;
        const char *bad_key; /* NULL: valid */
        const char *message;
    } cases[] = {
        {"yes", NULL, "yes", "consent", NULL, NULL, NULL},
        {"no", "Unsafe to tell her yet", "not_asked", "protect_safety", "Wealdmoor ISP", NULL, NULL},
        {"no", NULL, "not_asked", "protect_safety", "Wealdmoor ISP", "consent.not_aware_reason",
         "is required when the person is not aware"},
        {"yes", NULL, "no", "consent", NULL, "consent.lawful_basis",
         "cannot be consent when the person has not consented"},
        {"yes", NULL, "no", "prevent_crime", NULL, "consent.protocol",
         "is required when sharing without consent"},
        {"yes", NULL, "yes", "safeguarding", NULL, "consent.protocol",
         "is required when sharing without consent"},
        {"yes", NULL, "yes", "safeguarding", "Wealdmoor ISP", NULL, NULL},
        {"maybe", NULL, "yes", "consent", NULL, "consent.victim_aware",
         "must be one of the listed options"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_referral r = {0};
        set(&r, RT_RF_VICTIM_GIVEN_NAME, "Ysolde");
        set(&r, RT_RF_VICTIM_FAMILY_NAME, "Carrow");
        set(&r, RT_RF_VICTIM_GENDER, "female");
        set(&r, RT_RF_VICTIM_SAFE_TO_CALL, "no");
        set(&r, RT_RF_REFERRER_NAME, "Demo Referrer");
        set(&r, RT_RF_REFERRER_PHONE, "01632 960123");
        set(&r, RT_RF_REFERRAL_DATE, "2026-11-20");
        set(&r, RT_RF_CONSENT_AWARE, cases[i].aware);
        set(&r, RT_RF_CONSENT_NOT_AWARE_WHY, cases[i].why);
        set(&r, RT_RF_CONSENT_GIVEN, cases[i].given);
        set(&r, RT_RF_CONSENT_LAWFUL_BASIS, cases[i].basis);
        set(&r, RT_RF_CONSENT_PROTOCOL, cases[i].protocol);
        r.risk.present = true;
        rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
        size_t n;
        rt_status st = rt_referral_validate(&r, today(), errs, &n);
        if (!cases[i].bad_key) {
            if (st != RT_OK)
                fail_msg("case %zu: %s %s", i, errs[0].key, errs[0].message);
        } else {
            assert_int_equal(st, RT_EINVAL);
            assert_int_equal(n, 1);
            assert_string_equal(errs[0].key, cases[i].bad_key);
            assert_string_equal(errs[0].message, cases[i].message);
        }
        rt_referral_clear(&r);
    }
}

static void redaction_keeps_only_what_the_level_allows(void **state)
{
    rt_referral r = {0};
    for (int i = 0; i < RT_RF_COUNT; i++)
        r.field[i] = strdup("x");
    rt_referral_redact(&r, RT_DETAIL_SUMMARY);
    assert_non_null(r.field[RT_RF_VICTIM_FAMILY_NAME]);
    assert_non_null(r.field[RT_RF_VICTIM_ADDRESS]);
    assert_null(r.field[RT_RF_VICTIM_PHONE]);
    assert_null(r.field[RT_RF_VICTIM_EMAIL]);
    assert_null(r.field[RT_RF_CONSENT_NOT_AWARE_WHY]);
    rt_referral_redact(&r, RT_DETAIL_PRESENCE);
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (i == RT_RF_REFERRAL_DATE)
            assert_non_null(r.field[i]);
        else
            assert_null(r.field[i]);
    rt_referral_redact(&r, RT_DETAIL_NONE);
    assert_null(r.field[RT_RF_REFERRAL_DATE]);
    rt_referral_clear(&r);
}

static void parties_are_tables_too(void **state)
{
    const rt_party_kind_info *perp = rt_party_info(RT_PARTY_PERPETRATOR);
    const rt_party_kind_info *child = rt_party_info(RT_PARTY_CHILD);
    assert_string_equal(perp->group, "perpetrators");
    assert_string_equal(rt_party_key(RT_PARTY_CHILD, 7, 4), "children[7].school");
    assert_string_equal(rt_party_key(RT_PARTY_PERPETRATOR, 3, 0), "perpetrators[3].name");
    assert_null(rt_party_key(RT_PARTY_PERPETRATOR, 4, 0));
    assert_null(rt_party_key(RT_PARTY_PERPETRATOR, 0, 4));
    assert_null(rt_party_info(RT_PARTY_KINDS));
    /* Every detail of a third party is withheld from the victim's export. */
    for (size_t i = 0; i < perp->n_fields; i++)
        assert_true(perp->fields[i].third_party);
    for (size_t i = 0; i < child->n_fields; i++)
        assert_true(child->fields[i].third_party && child->fields[i].detail == RT_DETAIL_SUMMARY);

    rt_referral r = {0};
    r.risk.present = true;
    set(&r, RT_RF_VICTIM_GIVEN_NAME, "Ysolde");
    set(&r, RT_RF_VICTIM_FAMILY_NAME, "Carrow");
    set(&r, RT_RF_VICTIM_GENDER, "female");
    set(&r, RT_RF_VICTIM_SAFE_TO_CALL, "no");
    set(&r, RT_RF_REFERRER_NAME, "Demo Referrer");
    set(&r, RT_RF_REFERRER_PHONE, "01632 960123");
    set(&r, RT_RF_REFERRAL_DATE, "2026-11-20");
    set(&r, RT_RF_CONSENT_AWARE, "yes");
    set(&r, RT_RF_CONSENT_GIVEN, "yes");
    set(&r, RT_RF_CONSENT_LAWFUL_BASIS, "consent");
    r.n_parties[RT_PARTY_CHILD] = 2;
    r.parties[RT_PARTY_CHILD][0].field[0] = strdup("  Wenna  ");
    r.parties[RT_PARTY_CHILD][1].field[1] = strdup("2030-01-01");
    assert_int_equal(rt_referral_normalise(&r), RT_OK);
    assert_string_equal(r.parties[RT_PARTY_CHILD][0].field[0], "Wenna");
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n;
    assert_int_equal(rt_referral_validate(&r, today(), errs, &n), RT_EINVAL);
    assert_int_equal(n, 2);
    assert_string_equal(errs[0].key, "children[1].name");
    assert_string_equal(errs[1].key, "children[1].dob");
    assert_string_equal(errs[1].message, "must not be in the future");
    rt_referral_redact(&r, RT_DETAIL_PRESENCE);
    assert_int_equal(r.n_parties[RT_PARTY_CHILD], 0);
    assert_null(r.parties[RT_PARTY_CHILD][0].field[0]);
    rt_referral_clear(&r);
}

static void written_reasons(void **state)
{
    (void)state;
    char longest[RT_REASON_MAX + 2];
    memset(longest, 'x', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    static const struct {
        const char *reason;
        size_t min;
        bool ok;
    } cases[] = {
        {"Same birth date", 10, true}, {"Too short", 10, false}, {"", 1, false},
        {NULL, 1, false},              {"a", 0, true},           {"line one\nline two", 10, true},
        {"bad\x01byte here", 5, false},  {"          ", 5, false},   {"  \n  x  \n ", 1, true},
        {"   Too short   ", 10, false},  {"\n Same birth date \n", 15, true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (rt_reason_acceptable(cases[i].reason, cases[i].min) != cases[i].ok)
            fail_msg("case %zu", i);
    assert_false(rt_reason_acceptable(longest, 1));
    longest[RT_REASON_MAX] = '\0';
    assert_true(rt_reason_acceptable(longest, 1));
}

static void postcode_areas(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out; /* out NULL: refused */
    } parse[] = {
        {"WM", "WM"}, {" wm3 ", "WM3"}, {"ec1a", "EC1A"}, {"B33", "B33"}, {"W1", "W1"},
        {"", NULL}, {"3WM", NULL}, {"WMX", NULL}, {"WM 3", NULL}, {"WM3 2PQ", NULL},
        {"WM3-", NULL}, {"WM12X", NULL},
    };
    for (size_t i = 0; i < sizeof parse / sizeof parse[0]; i++) {
        char out[5];
        rt_status st = rt_postcode_area_parse(parse[i].in, out);
        if ((st == RT_OK) != (parse[i].out != NULL))
            fail_msg("'%s': %s", parse[i].in, st == RT_OK ? "accepted" : "refused");
        if (parse[i].out)
            assert_string_equal(out, parse[i].out);
    }
    static const struct {
        const char *postcode, *area;
        bool in;
    } within[] = {
        {"WM3 2PQ", "WM3", true}, {"WM3 2PQ", "WM", true}, {"WM3 2PQ", "WM31", false},
        {"WM31 2PQ", "WM3", false}, {"W1A 1AA", "W", true}, {"W1A 1AA", "W1A", true},
        {"W1A 1AA", "W1", false}, {"WM3 2PQ", "W", false}, {NULL, "WM", false},
        {"WM3 2PQ", "", false},
    };
    for (size_t i = 0; i < sizeof within / sizeof within[0]; i++)
        if (rt_postcode_in_area(within[i].postcode, within[i].area) != within[i].in)
            fail_msg("%s in %s: expected %d", within[i].postcode ? within[i].postcode : "(none)",
                     within[i].area, within[i].in);
    /* Lists of areas, as an Idva's patch or a Marac's are typed. */
    static const struct {
        const char *list;
        long bad;          /* offset of the first bad entry, -1 for none */
        const char *postcode;
        bool in;
    } lists[] = {
        {"WM, WV3", -1, "WV3 1AB", true}, {"WM,WV3", -1, "WV4 1AB", false},
        {"", -1, "WM1 1AA", false},       {"WM,,WV", 3, "WV1 1AA", true},
        {"WM,3X,WV", 3, "WV1 1AA", true}, {"WM, WV3", -1, NULL, false},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        size_t bad = 999;
        rt_status st = rt_postcode_areas_check(lists[i].list, &bad);
        if ((st == RT_OK) != (lists[i].bad < 0) || (lists[i].bad >= 0 && (long)bad != lists[i].bad))
            fail_msg("'%s': %d at %zu", lists[i].list, st, bad);
        if (rt_postcode_in_areas(lists[i].postcode, lists[i].list) != lists[i].in)
            fail_msg("%s in '%s': expected %d", lists[i].postcode ? lists[i].postcode : "(none)",
                     lists[i].list, lists[i].in);
    }
}

static void test_normalise_name(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Quillfeather", "quillfeather"},
        {"  QUILLFEATHER \t\n", "quillfeather"},
        {"O'Brien-Smythe", "o'brien-smythe"},
        {"Van Der Berg", "van der berg"},
        {"", ""},
        {"   ", ""},
        {"\xc3\x89MILE", "\xc3\x89mile"}, /* non-ASCII bytes left as they are */
        {"1987-03-14", "1987-03-14"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        assert_int_equal(rt_name_normalise(cases[i].in, &out), RT_OK);
        assert_string_equal(out, cases[i].want);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise_name),
        cmocka_unit_test(checks_by_type),
        cmocka_unit_test(too_long_is_refused_not_cut),
        cmocka_unit_test(normalise_trims_and_formats),
        cmocka_unit_test(referral_validation_lists_every_problem_in_form_order),
        cmocka_unit_test(field_table_is_consistent),
        cmocka_unit_test(consent_rules_between_fields),
        cmocka_unit_test(redaction_keeps_only_what_the_level_allows),
        cmocka_unit_test(parties_are_tables_too),
        cmocka_unit_test(postcode_areas),
        cmocka_unit_test(written_reasons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Unit tests for core/casework: the case lifecycle, item rules, safe
 * contact, allocation, working days and outcome percentages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "casework.h"

/* Every move from every status to every other: only the lifecycle's. */
static void lifecycle_moves(void **state)
{
    (void)state;
    enum { A = RT_CASE_ALLOCATED, F = RT_CASE_CONTACTED, S = RT_CASE_ACTIVE, C = RT_CASE_CLOSED };
    static const bool want[RT_CASE_STATUS_COUNT][RT_CASE_STATUS_COUNT] = {
        [A] = {[F] = true, [C] = true},
        [F] = {[S] = true, [C] = true},
        [S] = {[C] = true},
        [C] = {[S] = true},
    };
    for (int from = 0; from < RT_CASE_STATUS_COUNT; from++)
        for (int to = 0; to < RT_CASE_STATUS_COUNT; to++) {
            const char *why = NULL;
            rt_status st = rt_case_move_check((rt_case_status)from, (rt_case_status)to, &why);
            if ((st == RT_OK) != want[from][to])
                fail_msg("%s -> %s: got %d", rt_case_status_name((rt_case_status)from),
                         rt_case_status_name((rt_case_status)to), st);
            if (st != RT_OK)
                assert_non_null(why);
        }
    /* What a person may ask for: not first contact, which a contact makes. */
    const char *why;
    assert_int_equal(rt_case_move_asked(RT_CASE_ALLOCATED, RT_CASE_CONTACTED, &why), RT_EINVAL);
    assert_non_null(strstr(why, "logging a contact"));
    assert_int_equal(rt_case_move_asked(RT_CASE_CONTACTED, RT_CASE_ACTIVE, &why), RT_OK);
    assert_int_equal(rt_case_move_asked(RT_CASE_ACTIVE, RT_CASE_CONTACTED, &why), RT_EINVAL);
    assert_true(rt_contact_moves_case(RT_CASE_ALLOCATED, "made"));
    assert_false(rt_contact_moves_case(RT_CASE_ALLOCATED, "failed"));
    assert_false(rt_contact_moves_case(RT_CASE_ACTIVE, "made"));
    assert_int_equal(rt_case_writable(RT_CASE_ACTIVE, &why), RT_OK);
    assert_int_equal(rt_case_writable(RT_CASE_CLOSED, &why), RT_EDENIED);
    rt_case_status s;
    assert_int_equal(rt_case_status_parse("first_contact", &s), RT_OK);
    assert_int_equal(s, RT_CASE_CONTACTED);
    assert_int_equal(rt_case_status_parse("open", &s), RT_EINVAL);
}

/* Builds the values of an item from "key=value" pairs (owned copies). */
static char **item(rt_item_kind k, const char *const *pairs)
{
    size_t n;
    rt_item_fields(k, &n);
    char **v = calloc(n, sizeof *v);
    assert_non_null(v);
    for (; pairs && *pairs; pairs++) {
        const char *eq = strchr(*pairs, '=');
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)(eq - *pairs), *pairs);
        int i = rt_item_field_index(k, key);
        if (i < 0)
            fail_msg("no field %s in %s", key, rt_item_kind_name(k));
        v[i] = strdup(eq + 1);
    }
    return v;
}

static void item_free(rt_item_kind k, char **v)
{
    size_t n;
    rt_item_fields(k, &n);
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* The rules between fields of each kind: what is refused and the field
 * it is refused on, and what passes. */
static void item_rules(void **state)
{
    (void)state;
    static const char *const intake[] = {"physical=yes", "sexual=no", "stalking=yes",
                                         "controlling=no", "economic=no", "online=no",
                                         "date=2026-01-05", "risk_score=16", NULL};
    static const struct {
        rt_item_kind kind;
        const char *pairs[12];
        const char *bad; /* the field refused, or NULL when it passes */
    } cases[] = {
        {RT_ITEM_CONTACT, {"date=2026-02-01", "channel=call", "outcome=failed"}, "failure"},
        {RT_ITEM_CONTACT,
         {"date=2026-02-01", "channel=call", "outcome=failed", "failure=unsafe_message"},
         NULL},
        {RT_ITEM_CONTACT, {"date=2026-02-01", "channel=call", "outcome=made"}, "safe_to_talk"},
        {RT_ITEM_CONTACT,
         {"date=2026-02-01", "channel=text", "outcome=made"}, NULL},
        {RT_ITEM_CONTACT,
         {"date=2026-02-01", "channel=call", "outcome=made", "safe_to_talk=yes",
          "failure=no_answer"},
         "failure"},
        {RT_ITEM_CONTACT, {"date=2027-02-01", "channel=text", "outcome=made"}, "date"},
        {RT_ITEM_CONTACT,
         {"date=2026-02-01", "channel=text", "outcome=failed", "failure=other"}, "note"},
        {RT_ITEM_CONTACT, {"date=2026-02-01", "channel=pigeon", "outcome=made"}, "channel"},
        {RT_ITEM_SAFE_CONTACT,
         {"phone_safe=yes", "voicemail_safe=no", "text_safe=no", "post_safe=no",
          "email_safe=no"},
         "phone"},
        {RT_ITEM_SAFE_CONTACT,
         {"phone=07700 900123", "phone_safe=yes", "voicemail_safe=no", "text_safe=no",
          "post_safe=no", "email_safe=no"},
         NULL},
        {RT_ITEM_TASK, {"title=Call housing", "due=2026-12-01", "status=open"}, NULL},
        {RT_ITEM_TASK, {"title=Call housing", "due=2046-12-01", "status=open"}, "due"},
        {RT_ITEM_PLAN,
         {"area=housing", "action=Change the locks", "owner=Housing", "status=not_possible"},
         "reason"},
        {RT_ITEM_PLAN,
         {"area=housing", "action=Change the locks", "owner=Housing", "status=done"}, "done_on"},
        {RT_ITEM_PLAN,
         {"area=housing", "action=Change the locks", "owner=Housing", "status=planned",
          "due=2026-12-20"},
         NULL},
        {RT_ITEM_CHILD,
         {"name=Pip", "to_victim=child", "to_perpetrator=child", "known_csc=no",
          "csc_referral=yes"},
         "csc_referral_date"},
        {RT_ITEM_INTAKE,
         {"physical=yes", "sexual=no", "stalking=no", "controlling=no", "economic=no",
          "online=no", "date=2026-01-05", "risk_score=25"},
         "risk_score"},
        {RT_ITEM_EXIT,
         {"physical=stopped", "date=2026-06-01", "risk_score=4", "feels_safer=yes",
          "life_better=yes", "support_accepted=yes"},
         "stalking"},
        {RT_ITEM_EXIT,
         {"physical=stopped", "stalking=reduced", "sexual=worse", "date=2026-06-01",
          "risk_score=4", "feels_safer=yes", "life_better=yes", "support_accepted=yes"},
         "sexual"},
        {RT_ITEM_EXIT,
         {"physical=stopped", "stalking=reduced", "date=2026-06-01", "risk_score=4",
          "feels_safer=not_asked", "life_better=yes", "support_accepted=yes"},
         NULL},
    };
    rt_date today = {2026, 11, 22};
    char **in = item(RT_ITEM_INTAKE, intake);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char **v = item(cases[i].kind, cases[i].pairs);
        rt_field_error errs[RT_ITEM_MAX_FIELDS];
        size_t n = 0;
        rt_status st = rt_item_check(cases[i].kind, v, in, today, errs, &n);
        if (!cases[i].bad && st != RT_OK)
            fail_msg("case %zu: refused %s: %s", i, errs[0].key, errs[0].message);
        if (cases[i].bad) {
            bool found = false;
            for (size_t e = 0; e < n; e++)
                found |= strcmp(errs[e].key, cases[i].bad) == 0;
            if (st != RT_EINVAL || !found)
                fail_msg("case %zu: want %s refused, got %d (%zu problems)", i, cases[i].bad, st,
                         n);
        }
        item_free(cases[i].kind, v);
    }
    item_free(RT_ITEM_INTAKE, in);
}

static void closing_needs_exit_measures_or_a_reason(void **state)
{
    (void)state;
    rt_date today = {2026, 11, 22};
    size_t n;
    rt_closure_fields(&n);
    assert_int_equal(n, 3);
    struct {
        const char *reason, *other, *not_taken;
        bool has_exit;
        const char *bad;
    } cases[] = {
        {"safety_achieved", NULL, NULL, true, NULL},
        {"safety_achieved", NULL, NULL, false, "exit_not_taken"},
        {"declined_disengaged", NULL, "The person stopped answering", false, NULL},
        {"other", NULL, NULL, true, "reason_other"},
        {NULL, NULL, NULL, true, "reason"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *v[3] = {cases[i].reason ? strdup(cases[i].reason) : NULL,
                      cases[i].other ? strdup(cases[i].other) : NULL,
                      cases[i].not_taken ? strdup(cases[i].not_taken) : NULL};
        rt_field_error errs[RT_ITEM_MAX_FIELDS];
        size_t ne;
        rt_status st = rt_closure_check(v, cases[i].has_exit, today, errs, &ne);
        if (cases[i].bad)
            assert_true(st == RT_EINVAL && strcmp(errs[0].key, cases[i].bad) == 0);
        else
            assert_int_equal(st, RT_OK);
        for (int k = 0; k < 3; k++)
            free(v[k]);
    }
}

/* Only a channel marked safe is permitted; nothing recorded permits only
 * meeting in person. */
static void safe_contact_refuses_unsafe_channels(void **state)
{
    (void)state;
    static const char *const pairs[] = {"phone=07700 900123", "phone_safe=yes",
                                        "voicemail_safe=no", "text_safe=not_known",
                                        "post_safe=no", "email_safe=no", NULL};
    char **safe = item(RT_ITEM_SAFE_CONTACT, pairs);
    static const struct {
        const char *channel;
        bool with_record;
        rt_status want;
    } cases[] = {
        {"call", true, RT_OK},          {"voicemail", true, RT_EDENIED},
        {"text", true, RT_EDENIED},     {"letter", true, RT_EDENIED},
        {"email", true, RT_EDENIED},    {"in_person", true, RT_OK},
        {"call", false, RT_EDENIED},    {"in_person", false, RT_OK},
        {"carrier", true, RT_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *why = NULL;
        rt_status st =
            rt_safe_contact_permits(cases[i].with_record ? safe : NULL, cases[i].channel, &why);
        if (st != cases[i].want)
            fail_msg("%s: got %d want %d", cases[i].channel, st, cases[i].want);
        if (st != RT_OK)
            assert_non_null(why);
    }
    item_free(RT_ITEM_SAFE_CONTACT, safe);
}

/* Suggestions put who can take the case safely first, then who meets its
 * needs, then who has most room; warnings never remove anyone. */
static void allocation_ranks_and_warns(void **state)
{
    (void)state;
    rt_caseload_rules rules;
    rt_caseload_rules_default(&rules);
    rt_idva_option o[] = {
        {.user_id = "u1", .name = "Ash", .fte = 1.0, .open = 30, .this_year = 10},
        {.user_id = "u2", .name = "Bea", .fte = 1.0, .open = 10, .this_year = 20},
        {.user_id = "u3", .name = "Cal", .fte = 0.5, .open = 5, .this_year = 10,
         .specialisms = 1u << RT_SPEC_HOSPITAL, .areas = "WM"},
        {.user_id = "u4", .name = "Dee", .fte = 1.0, .open = 24, .this_year = 80},
        {.user_id = "u5", .name = "Eve", .fte = 1.0, .open = 25, .this_year = 10},
    };
    rt_case_needs needs = {.specialisms = 1u << RT_SPEC_HOSPITAL, .postcode = "WM3 2PQ"};
    rt_allocation_rank(&rules, &needs, o, 5);
    static const char *const want[] = {"Cal", "Bea", "Dee", "Eve", "Ash"};
    for (int i = 0; i < 5; i++)
        if (strcmp(o[i].name, want[i]) != 0)
            fail_msg("place %d: %s, want %s", i, o[i].name, want[i]);
    assert_int_equal(o[0].capacity, 13); /* 25 x 0.5, halves up */
    assert_true(o[0].area_match && o[0].matched);
    assert_int_equal(o[0].warning, RT_LOAD_FINE);
    assert_int_equal(o[2].warning, RT_LOAD_YEAR);
    assert_int_equal(o[3].warning, RT_LOAD_OVER);
    assert_int_equal(o[4].warning, RT_LOAD_UNSAFE);
    char text[160];
    rt_load_warning_text(&o[4], text, sizeof text);
    assert_string_equal(text, "would have 31 open cases; over 30 is not safe for 1.0 FTE");
    rt_load_warning_text(&o[0], text, sizeof text);
    assert_string_equal(text, "");

    unsigned set;
    const char *bad = NULL;
    assert_int_equal(rt_specialisms_parse("hospital, lgbt", &set, &bad), RT_OK);
    assert_int_equal(set, 1u << RT_SPEC_HOSPITAL | 1u << RT_SPEC_LGBT);
    char out[96];
    assert_int_equal(rt_specialisms_format(set, out, sizeof out), RT_OK);
    assert_string_equal(out, "hospital,lgbt");
    assert_int_equal(rt_specialisms_parse("hospital,hospital", &set, &bad), RT_EINVAL);
    assert_int_equal(rt_specialisms_parse("dentistry", &set, &bad), RT_EINVAL);
    assert_string_equal(bad, "dentistry");

    rt_date today = {2026, 11, 22};
    assert_int_equal(rt_case_needs_of("2009-06-01", "male", "no", NULL, true, today),
                     1u << RT_SPEC_YOUNG_PEOPLE | 1u << RT_SPEC_MALE_VICTIMS |
                         1u << RT_SPEC_HOSPITAL);
    assert_int_equal(rt_case_needs_of("1990-06-01", "female", "yes", "yes", false, today),
                     1u << RT_SPEC_LGBT | 1u << RT_SPEC_MINORITISED);
}

static void working_days(void **state)
{
    (void)state;
    static const struct {
        rt_date from;
        int n;
        rt_date want;
    } add[] = {
        {{2026, 11, 19}, 2, {2026, 11, 23}}, /* Thursday + 2: Monday */
        {{2026, 11, 20}, 2, {2026, 11, 24}}, /* Friday + 2: Tuesday */
        {{2026, 11, 21}, 1, {2026, 11, 23}}, /* Saturday + 1: Monday */
        {{2026, 11, 23}, 0, {2026, 11, 23}},
    };
    for (size_t i = 0; i < sizeof add / sizeof add[0]; i++) {
        rt_date got = rt_working_days_add(add[i].from, add[i].n);
        assert_int_equal(rt_date_cmp(got, add[i].want), 0);
        assert_int_equal(rt_working_days_between(add[i].from, got), add[i].n);
    }
    assert_int_equal(rt_working_days_between((rt_date){2026, 11, 23}, (rt_date){2026, 11, 20}), 0);
}

/* A fixture with known answers: five closed cases. */
static void outcome_percentages(void **state)
{
    (void)state;
    /* abuse at intake (physical, sexual, stalking, controlling), then exit
     * changes for the same, then feels safer and life better. */
    static const struct {
        const char *in[4];
        const char *out[4];
        const char *safer, *life;
    } fx[] = {
        {{"yes", "no", "yes", "no"}, {"stopped", "none", "stopped", "none"}, "yes", "yes"},
        {{"yes", "no", "no", "yes"}, {"stopped", "none", "none", "reduced"}, "yes", "no"},
        {{"no", "yes", "no", "no"}, {"none", "stopped", "none", "none"}, "no", "yes"},
        {{"yes", "no", "no", "no"}, {"worse", "none", "none", "none"}, "not_asked", "yes"},
        {{"no", "no", "no", "no"}, {"none", "none", "none", "none"}, "yes", "not_asked"},
    };
    rt_outcome_tally t = {0};
    for (size_t i = 0; i < sizeof fx / sizeof fx[0]; i++) {
        const char *in[12] = {0}, *out[12] = {0};
        for (int a = 0; a < 4; a++) {
            in[a] = fx[i].in[a];
            out[a] = fx[i].out[a];
        }
        in[4] = in[5] = "no";
        out[4] = out[5] = "none";
        out[rt_item_field_index(RT_ITEM_EXIT, "feels_safer")] = fx[i].safer;
        out[rt_item_field_index(RT_ITEM_EXIT, "life_better")] = fx[i].life;
        rt_outcome_add(&t, (char *const *)in, (char *const *)out);
    }
    assert_false(rt_outcome_add(&t, NULL, NULL)); /* no measures: not counted */
    rt_outcome_add_engagement(&t, 6, 90, 1);
    rt_outcome_add_engagement(&t, 2, 30, -1);
    assert_int_equal(t.contacts, 8);
    assert_int_equal(t.days, 120);
    assert_int_equal(t.timed, 1);
    assert_int_equal(t.on_time, 1);
    assert_int_equal(t.cases, 5);
    assert_int_equal(t.abuse_cases, 4);
    assert_int_equal(t.abuse_stopped, 2);
    assert_int_equal(rt_percent(t.abuse_stopped, t.abuse_cases), 50);
    assert_int_equal(t.type_cases[RT_ABUSE_PHYSICAL], 3);
    assert_int_equal(t.type_stopped[RT_ABUSE_PHYSICAL], 2);
    assert_int_equal(rt_percent(2, 3), 67);
    assert_int_equal(t.safer_asked, 4);
    assert_int_equal(t.safer_yes, 3);
    assert_int_equal(rt_percent(t.safer_yes, t.safer_asked), 75);
    assert_int_equal(t.life_asked, 4);
    assert_int_equal(t.life_yes, 3);
    assert_int_equal(rt_percent(1, 0), -1);
    assert_int_equal(rt_percent(1, 8), 13); /* 12.5 rounds half up */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lifecycle_moves),
        cmocka_unit_test(item_rules),
        cmocka_unit_test(closing_needs_exit_measures_or_a_reason),
        cmocka_unit_test(safe_contact_refuses_unsafe_channels),
        cmocka_unit_test(allocation_ranks_and_warns),
        cmocka_unit_test(working_days),
        cmocka_unit_test(outcome_percentages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The Dash and the Marac criteria: every threshold edge, table-driven. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "referral.h"
#include "risk.h"

#define VH (1u << RT_CRIT_VISIBLE_HIGH_RISK)
#define PJ (1u << RT_CRIT_PROFESSIONAL_JUDGEMENT)
#define PE (1u << RT_CRIT_POTENTIAL_ESCALATION)
#define RP (1u << RT_CRIT_REPEAT)

static rt_date d(const char *s)
{
    rt_date x;
    assert_int_equal(rt_date_parse(s, &x), RT_OK);
    return x;
}

/* An input with `yes` yes answers, `dk` don't-knows and the rest no. */
static rt_risk_input input(int yes, int dk)
{
    rt_risk_input in = {.tool = rt_risk_default_tool()};
    for (int i = 0; i < 24; i++)
        in.answers[i] = i < yes ? RT_ANSWER_YES : i < yes + dk ? RT_ANSWER_DONT_KNOW : RT_ANSWER_NO;
    return in;
}

static void scores_levels_and_criteria(void **state)
{
    static const struct {
        int yes, dk, incidents;
        int judgement;
        const char *incident, *last_referral;
        int score;
        rt_risk_level level;
        unsigned criteria;
    } cases[] = {
        {0, 0, 0, 0, NULL, NULL, 0, RT_RISK_STANDARD, 0},
        {9, 0, 0, 0, NULL, NULL, 9, RT_RISK_STANDARD, 0},
        {10, 0, 0, 0, NULL, NULL, 10, RT_RISK_MEDIUM, 0},
        {13, 0, 0, 0, NULL, NULL, 13, RT_RISK_MEDIUM, 0},
        {14, 0, 0, 0, NULL, NULL, 14, RT_RISK_HIGH, VH},
        {24, 0, 0, 0, NULL, NULL, 24, RT_RISK_HIGH, VH},
        /* Only yes counts. */
        {13, 11, 0, 0, NULL, NULL, 13, RT_RISK_MEDIUM, 0},
        {0, 24, 0, 0, NULL, NULL, 0, RT_RISK_STANDARD, 0},
        /* Potential escalation: 3 or more police-reported incidents. */
        {2, 0, 2, 0, NULL, NULL, 2, RT_RISK_STANDARD, 0},
        {2, 0, 3, 0, NULL, NULL, 2, RT_RISK_HIGH, PE},
        /* Professional judgement raises, never lowers. */
        {1, 0, 0, 1, NULL, NULL, 1, RT_RISK_HIGH, PJ},
        {20, 0, 0, 1, NULL, NULL, 20, RT_RISK_HIGH, VH | PJ},
        /* Repeat: within 12 months of the last referral, anniversary included. */
        {5, 0, 0, 0, "2026-02-28", "2025-03-01", 5, RT_RISK_STANDARD, RP},
        {5, 0, 0, 0, "2026-02-28", "2025-02-28", 5, RT_RISK_STANDARD, RP},
        {5, 0, 0, 0, "2026-03-01", "2025-02-28", 5, RT_RISK_STANDARD, 0},
        {5, 0, 0, 0, "2025-02-28", "2025-02-28", 5, RT_RISK_STANDARD, RP},
        {5, 0, 0, 0, "2025-02-27", "2025-02-28", 5, RT_RISK_STANDARD, 0},
        /* A referral on 29 February: its anniversary is 28 February. */
        {5, 0, 0, 0, "2025-02-27", "2024-02-29", 5, RT_RISK_STANDARD, RP},
        {5, 0, 0, 0, "2025-02-28", "2024-02-29", 5, RT_RISK_STANDARD, RP},
        {5, 0, 0, 0, "2025-03-01", "2024-02-29", 5, RT_RISK_STANDARD, 0},
        /* Into a leap year: 2023-02-28 + 12 months is 2024-02-28. */
        {5, 0, 0, 0, "2024-02-28", "2023-02-28", 5, RT_RISK_STANDARD, RP},
        {5, 0, 0, 0, "2024-02-29", "2023-02-28", 5, RT_RISK_STANDARD, 0},
        /* No earlier referral, or no incident date: no repeat. */
        {5, 0, 0, 0, "2026-01-01", NULL, 5, RT_RISK_STANDARD, 0},
        {5, 0, 0, 0, NULL, "2026-01-01", 5, RT_RISK_STANDARD, 0},
        /* Every criterion at once. */
        {14, 3, 4, 1, "2026-11-01", "2026-05-01", 14, RT_RISK_HIGH, VH | PJ | PE | RP},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_risk_input in = input(cases[i].yes, cases[i].dk);
        in.police_incidents = cases[i].incidents;
        in.judgement = cases[i].judgement;
        in.rationale = cases[i].judgement ? "Non-fatal strangulation disclosed" : NULL;
        if (cases[i].incident) {
            in.has_incident = true;
            in.incident = d(cases[i].incident);
        }
        if (cases[i].last_referral) {
            in.has_last_referral = true;
            in.last_referral = d(cases[i].last_referral);
        }
        rt_risk_result r;
        const char *field;
        assert_int_equal(rt_risk_score(&in, &r, &field), RT_OK);
        if (r.score != cases[i].score || r.level != cases[i].level ||
            r.criteria != cases[i].criteria || r.marac_eligible != (cases[i].criteria != 0))
            fail_msg("case %zu: score %d level %s criteria %#x", i, r.score,
                     rt_risk_level_name(r.level), r.criteria);
    }
}

static void invalid_input_names_the_field(void **state)
{
    rt_risk_input in = input(3, 0);
    rt_risk_result r;
    const char *field;
    in.judgement = true;
    in.rationale = NULL;
    assert_int_equal(rt_risk_score(&in, &r, &field), RT_EINVAL);
    assert_string_equal(field, "professional_judgement.rationale");
    in.rationale = "  \n ";
    assert_int_equal(rt_risk_score(&in, &r, &field), RT_EINVAL);
    in.rationale = "Extreme fear";
    in.police_incidents = -1;
    assert_int_equal(rt_risk_score(&in, &r, &field), RT_EINVAL);
    assert_string_equal(field, "police_incidents_12m");
    in.police_incidents = 0;
    in.tool = NULL;
    assert_int_equal(rt_risk_score(&in, &r, &field), RT_EINVAL);
    assert_string_equal(field, "tool");
}

static void tool_is_data(void **state)
{
    const rt_risk_tool *t = rt_risk_default_tool();
    assert_string_equal(t->id, "safelives-dash");
    assert_int_equal(t->n_items, 24);
    for (size_t i = 0; i < t->n_items; i++)
        assert_int_equal(rt_risk_item_index(t, t->items[i].id), (int)i);
    assert_int_equal(rt_risk_item_index(t, "25"), -1);
    /* A local variant changes thresholds without code. */
    rt_risk_tool local = *t;
    local.escalation_incidents = 5;
    rt_risk_input in = input(0, 0);
    in.tool = &local;
    in.police_incidents = 4;
    rt_risk_result r;
    const char *field;
    assert_int_equal(rt_risk_score(&in, &r, &field), RT_OK);
    assert_false(r.marac_eligible);
    in.answers[7] = RT_ANSWER_YES; /* item 8: stalking */
    assert_int_equal(rt_risk_score(&in, &r, &field), RT_OK);
    assert_true(r.offer_sdash);
    rt_answer a;
    assert_int_equal(rt_answer_parse("dont_know", &a), RT_OK);
    assert_int_equal(a, RT_ANSWER_DONT_KNOW);
    assert_int_equal(rt_answer_parse("maybe", &a), RT_EINVAL);
    assert_int_equal(rt_answer_parse("Yes", &a), RT_EINVAL);
}

static void triage_orders_by_risk_not_arrival(void **state)
{
    /* id, eligible, score, created_at; listed in arrival order. */
    static const struct {
        const char *id;
        bool eligible;
        int score;
        int64_t created;
    } in[] = {
        {"a", false, 12, 100}, {"b", true, 3, 300}, {"c", false, 12, 50},
        {"d", true, 15, 400},  {"e", true, 15, 200}, {"f", false, 2, 10},
    };
    static const char *const want = "edbcaf"; /* e waited longer than d */
    rt_referral r[6];
    memset(r, 0, sizeof r);
    for (int i = 0; i < 6; i++) {
        strcpy(r[i].id, in[i].id);
        r[i].risk.present = true;
        r[i].risk.result.marac_eligible = in[i].eligible;
        r[i].risk.result.score = in[i].score;
        r[i].created_at = in[i].created;
    }
    qsort(r, 6, sizeof r[0], rt_triage_cmp);
    char got[7];
    for (int i = 0; i < 6; i++)
        got[i] = r[i].id[0];
    got[6] = '\0';
    assert_string_equal(got, want);
}

/* An assessment's notes: limits, items, and the S-DASH only after a yes
 * to the stalking question. */
static void notes_are_checked(void **state)
{
    (void)state;
    const rt_risk_tool *dash = rt_risk_default_tool();
    int stalking = rt_risk_item_index(dash, dash->stalking_item);
    assert_true(stalking >= 0);
    char long_comment[RT_RISK_COMMENT_MAX + 2];
    memset(long_comment, 'x', sizeof long_comment - 1);
    long_comment[sizeof long_comment - 1] = '\0';
    static const struct {
        const char *name;
        int stalking_yes;      /* answer to the stalking item */
        const char *sdash;
        int comment_item;      /* -1 none */
        int long_text;         /* the comment is over its limit */
        const char *fear;
        rt_status want;
        rt_risk_note_part part;
    } cases[] = {
        {"nothing", 0, "", -1, 0, NULL, RT_OK, 0},
        {"a comment", 0, "", 2, 0, NULL, RT_OK, 0},
        {"a comment too long", 0, "", 2, 1, NULL, RT_EINVAL, RT_NOTE_COMMENT},
        {"a comment past the checklist", 0, "", 30, 0, NULL, RT_EINVAL, RT_NOTE_COMMENT},
        {"fear in words", 0, "", -1, 0, "That he will find us", RT_OK, 0},
        {"fear with a control character", 0, "", -1, 0, "bad\x01", RT_EINVAL, RT_NOTE_FEAR},
        {"S-DASH after a yes", 1, "yyn-d", -1, 0, NULL, RT_OK, 0},
        {"S-DASH without the yes", 0, "yyn", -1, 0, NULL, RT_EINVAL, RT_NOTE_SDASH},
        {"S-DASH all unanswered", 0, "---", -1, 0, NULL, RT_OK, 0},
        {"S-DASH letters wrong", 1, "yx", -1, 0, NULL, RT_EINVAL, RT_NOTE_SDASH},
        {"S-DASH too long", 1, "yyyyyyyyyyyy", -1, 0, NULL, RT_EINVAL, RT_NOTE_SDASH},
    };
    rt_date today;
    assert_int_equal(rt_date_parse("2026-11-29", &today), RT_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_referral_risk k = {0};
        memset(k.answers, 'n', dash->n_items);
        k.answers[stalking] = cases[i].stalking_yes ? 'y' : 'n';
        snprintf(k.sdash, sizeof k.sdash, "%s", cases[i].sdash);
        if (cases[i].comment_item >= 0)
            k.comment[cases[i].comment_item] = strdup(cases[i].long_text ? long_comment : "Seen by the neighbour");
        if (cases[i].fear)
            k.fear = strdup(cases[i].fear);
        rt_risk_note_part part;
        int item;
        const char *why = NULL;
        rt_status st = rt_risk_notes_check(&k, dash, today, &part, &item, &why);
        if (st != cases[i].want)
            fail_msg("%s: status %d, want %d", cases[i].name, st, cases[i].want);
        if (st != RT_OK) {
            assert_non_null(why);
            assert_int_equal(part, cases[i].part);
            assert_int_equal(item, cases[i].part == RT_NOTE_COMMENT ? cases[i].comment_item : -1);
        }
        rt_referral_risk_clear(&k);
    }
}

static void trend_compares_level_then_score(void **state)
{
    (void)state;
    static const struct {
        rt_risk_level l1;
        int s1;
        rt_risk_level l2;
        int s2;
        int want;
    } cases[] = {
        {RT_RISK_MEDIUM, 12, RT_RISK_HIGH, 9, 1},  /* judgement raised it: higher */
        {RT_RISK_HIGH, 16, RT_RISK_HIGH, 15, -1},
        {RT_RISK_HIGH, 15, RT_RISK_HIGH, 15, 0},
        {RT_RISK_HIGH, 15, RT_RISK_STANDARD, 20, -1},
        {RT_RISK_STANDARD, 3, RT_RISK_STANDARD, 4, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_risk_result a = {.level = cases[i].l1, .score = cases[i].s1};
        rt_risk_result b = {.level = cases[i].l2, .score = cases[i].s2};
        assert_int_equal(rt_risk_compare(&a, &b), cases[i].want);
        assert_int_equal(rt_risk_compare(&b, &a), -cases[i].want);
    }
    assert_int_equal(rt_risk_count_yes("yny-dy"), 3);
    assert_int_equal(rt_risk_count_yes(""), 0);
    assert_int_equal(rt_risk_sdash_tool()->n_items, 11);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scores_levels_and_criteria),
        cmocka_unit_test(invalid_input_names_the_field),
        cmocka_unit_test(tool_is_data),
        cmocka_unit_test(triage_orders_by_risk_not_arrival),
        cmocka_unit_test(notes_are_checked),
        cmocka_unit_test(trend_compares_level_then_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

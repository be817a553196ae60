/* Unit tests for core/marac: listing rules, the agenda's order, list
 * length, working-day deadlines and how actions move. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "marac.h"

/* New, repeat (within 12 months of the last hearing, the anniversary
 * included) and twelve months passed. */
static void listing_rules(void **state)
{
    (void)state;
    static const struct {
        rt_date referred;
        bool heard;
        rt_date last;
        rt_listing want;
    } cases[] = {
        {{2026, 3, 1}, false, {0, 0, 0}, RT_LIST_NEW},
        {{2026, 3, 1}, true, {2025, 9, 1}, RT_LIST_REPEAT},
        {{2026, 3, 1}, true, {2025, 3, 1}, RT_LIST_REPEAT},   /* the anniversary itself */
        {{2026, 3, 2}, true, {2025, 3, 1}, RT_LIST_TWELVE_MONTHS},
        {{2026, 3, 1}, true, {2023, 1, 5}, RT_LIST_TWELVE_MONTHS},
        {{2024, 2, 29}, true, {2023, 2, 28}, RT_LIST_TWELVE_MONTHS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_listing got = rt_listing_of(cases[i].referred, cases[i].heard ? &cases[i].last : NULL);
        if (got != cases[i].want)
            fail_msg("case %zu: %s, want %s", i, rt_listing_name(got),
                     rt_listing_name(cases[i].want));
    }
    rt_listing l;
    assert_int_equal(rt_listing_parse("twelve_months", &l), RT_OK);
    assert_int_equal(l, RT_LIST_TWELVE_MONTHS);
    assert_int_equal(rt_listing_parse("old", &l), RT_EINVAL);
}

/* The national order: cases with children first, then adult-only, then
 * twelve months passed; within each, highest risk, then longest waiting. */
static void agenda_order(void **state)
{
    (void)state;
    rt_agenda_case c[] = {
        {RT_LIST_NEW, 0, 20, "2026-01-05", "a"},
        {RT_LIST_TWELVE_MONTHS, 2, 24, "2026-01-01", "b"},
        {RT_LIST_REPEAT, 1, 10, "2026-01-03", "c"},
        {RT_LIST_NEW, 2, 18, "2026-01-04", "d"},
        {RT_LIST_REPEAT, 0, 20, "2026-01-02", "e"},
        {RT_LIST_NEW, 3, 18, "2026-01-02", "f"},
    };
    qsort(c, 6, sizeof c[0], rt_agenda_cmp);
    static const char *const want[] = {"f", "d", "c", "e", "a", "b"};
    for (int i = 0; i < 6; i++)
        if (strcmp(c[i].id, want[i]) != 0)
            fail_msg("place %d: %s, want %s", i, c[i].id, want[i]);
    assert_int_equal(rt_agenda_section_of(&c[0]), RT_AGENDA_CHILDREN);
    assert_int_equal(rt_agenda_section_of(&c[4]), RT_AGENDA_ADULTS);
    assert_int_equal(rt_agenda_section_of(&c[5]), RT_AGENDA_TWELVE_MONTHS);
}

static void list_length_and_deadlines(void **state)
{
    (void)state;
    rt_marac_rules r;
    rt_marac_rules_default(&r);
    assert_false(rt_list_too_long(&r, 16)); /* 16 x 15 = 240 minutes */
    assert_true(rt_list_too_long(&r, 17));
    rt_date meeting = {2026, 12, 10};       /* a Thursday */
    rt_date release = rt_meeting_release(&r, meeting), cutoff = rt_meeting_cutoff(&r, meeting);
    char a[11], b[11];
    rt_date_format(release, a);
    rt_date_format(cutoff, b);
    assert_string_equal(a, "2026-11-30");   /* 8 working days before */
    assert_string_equal(b, "2026-11-26");   /* 10 working days before */
    /* Deadlines after a meeting on Thursday 10 December. */
    rt_date_format(rt_minutes_due(meeting), a);
    rt_date_format(rt_feedback_due(meeting), b);
    assert_string_equal(a, "2026-12-15");   /* 3 working days */
    assert_string_equal(b, "2026-12-14");   /* 2 working days */
    assert_true(rt_listing_eligible(true, true, cutoff, cutoff));
    assert_false(rt_listing_eligible(true, true, meeting, cutoff));
    assert_false(rt_listing_eligible(true, false, cutoff, cutoff));
    assert_false(rt_listing_eligible(false, true, cutoff, cutoff));
    /* Meetings move one stage at a time. */
    for (int from = 0; from < RT_MEETING_STATUS_COUNT; from++)
        for (int to = 0; to < RT_MEETING_STATUS_COUNT; to++) {
            const char *why;
            rt_status st = rt_meeting_move_check((rt_meeting_status)from, (rt_meeting_status)to,
                                                 &why);
            if ((st == RT_OK) != (to == from + 1))
                fail_msg("%s -> %s", rt_meeting_status_name((rt_meeting_status)from),
                         rt_meeting_status_name((rt_meeting_status)to));
        }
    /* 224 cases in a year for 56,000 women: 40 per 10,000. */
    assert_true(rt_cases_per_10k(224, 365, 56000) > 39.999 &&
                rt_cases_per_10k(224, 365, 56000) < 40.001);
    assert_true(rt_cases_per_10k(112, 182, 56000) > 40.0); /* half a year, annualised */
    assert_true(rt_cases_per_10k(10, 365, 0) < 0);
}

/* Every move from every status to every other, with and without a reason. */
static void action_moves(void **state)
{
    (void)state;
    enum { O = RT_ACTION_OPEN, D = RT_ACTION_DONE, P = RT_ACTION_NOT_POSSIBLE,
           N = RT_ACTION_NOT_DONE };
    static const bool allowed[RT_ACTION_STATUS_COUNT][RT_ACTION_STATUS_COUNT] = {
        [O] = {[D] = true, [P] = true, [N] = true},
        [N] = {[D] = true, [P] = true},
    };
    for (int from = 0; from < RT_ACTION_STATUS_COUNT; from++)
        for (int to = 0; to < RT_ACTION_STATUS_COUNT; to++) {
            const char *field, *why;
            rt_status with = rt_action_move_check((rt_action_status)from, (rt_action_status)to,
                                                  "The family moved out of the area", &field, &why);
            if ((with == RT_OK) != allowed[from][to])
                fail_msg("%s -> %s", rt_action_status_name((rt_action_status)from),
                         rt_action_status_name((rt_action_status)to));
            rt_status without = rt_action_move_check((rt_action_status)from,
                                                     (rt_action_status)to, NULL, &field, &why);
            bool needs_reason = to == P || to == N;
            if (allowed[from][to] && (without == RT_OK) == needs_reason)
                fail_msg("%s -> %s without a reason", rt_action_status_name((rt_action_status)from),
                         rt_action_status_name((rt_action_status)to));
            if (allowed[from][to] && needs_reason)
                assert_string_equal(field, "reason");
        }
    rt_date today = {2026, 11, 22};
    assert_true(rt_action_overdue(RT_ACTION_OPEN, "2026-11-21", today));
    assert_false(rt_action_overdue(RT_ACTION_OPEN, "2026-11-22", today));
    assert_true(rt_action_overdue(RT_ACTION_NOT_DONE, "2026-01-01", today));
    assert_false(rt_action_overdue(RT_ACTION_DONE, "2026-01-01", today));
    assert_false(rt_action_overdue(RT_ACTION_NOT_POSSIBLE, "2026-01-01", today));
    assert_true(rt_action_incomplete(RT_ACTION_NOT_POSSIBLE));
    assert_false(rt_action_incomplete(RT_ACTION_DONE));
}

static void research_keeps_withheld_with_its_reason(void **state)
{
    (void)state;
    size_t n;
    rt_research_fields(&n);
    assert_int_equal(n, 5);
    rt_date today = {2026, 11, 22};
    char *v[5] = {strdup("Two call-outs in May"), NULL, strdup("Health records"), NULL,
                  strdup("yes")};
    rt_field_error errs[8];
    size_t ne;
    assert_int_equal(rt_research_check(v, today, errs, &ne), RT_EINVAL);
    assert_string_equal(errs[0].key, "withheld_reason");
    v[3] = strdup("Not relevant to the risk");
    assert_int_equal(rt_research_check(v, today, errs, &ne), RT_OK);
    free(v[4]);
    v[4] = NULL;
    assert_int_equal(rt_research_check(v, today, errs, &ne), RT_EINVAL);
    assert_string_equal(errs[0].key, "flagged");
    for (int i = 0; i < 5; i++)
        free(v[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(listing_rules),
        cmocka_unit_test(agenda_order),
        cmocka_unit_test(list_length_and_deadlines),
        cmocka_unit_test(action_moves),
        cmocka_unit_test(research_keeps_withheld_with_its_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

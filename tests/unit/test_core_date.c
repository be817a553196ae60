/* Calendar dates: parsing, validity, ages, Unix conversion. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "date.h"

static void parse_accepts_only_real_iso_dates(void **state)
{
    static const struct {
        const char *in;
        int ok;
    } cases[] = {
        {"2026-11-22", 1}, {"2024-02-29", 1}, {"2000-02-29", 1}, {"1900-02-29", 0},
        {"2023-02-29", 0}, {"2026-02-30", 0}, {"2026-04-31", 0}, {"2026-13-01", 0},
        {"2026-00-10", 0}, {"2026-01-00", 0}, {"2026-1-01", 0},  {"26-01-01", 0},
        {"2026-01-011", 0}, {"2026/01/01", 0}, {"", 0},          {"abcd-ef-gh", 0},
        {"0000-01-01", 0}, {"2026-12-31", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_date d;
        rt_status st = rt_date_parse(cases[i].in, &d);
        if ((st == RT_OK) != cases[i].ok)
            fail_msg("%s: expected %s", cases[i].in, cases[i].ok ? "valid" : "invalid");
    }
    assert_int_equal(rt_date_parse(NULL, &(rt_date){0}), RT_EINVAL);
}

static void format_round_trips(void **state)
{
    rt_date d;
    char out[11];
    assert_int_equal(rt_date_parse("0987-03-04", &d), RT_OK);
    rt_date_format(d, out);
    assert_string_equal(out, "0987-03-04");
}

static void unix_days_round_trip(void **state)
{
    static const struct {
        int64_t t;
        const char *date;
    } cases[] = {
        {0, "1970-01-01"}, {86399, "1970-01-01"}, {86400, "1970-01-02"},
        {-1, "1969-12-31"}, {951782400, "2000-02-29"}, {1795305600, "2026-11-22"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[11];
        rt_date_format(rt_date_from_unix(cases[i].t), out);
        assert_string_equal(out, cases[i].date);
        rt_date d;
        assert_int_equal(rt_date_parse(cases[i].date, &d), RT_OK);
        assert_int_equal(rt_date_to_days(d), (cases[i].t >= 0 ? cases[i].t : cases[i].t - 86399) / 86400);
    }
}

static void ages_count_birthdays(void **state)
{
    static const struct {
        const char *born, *on;
        int years;
    } cases[] = {
        {"1990-06-15", "2026-06-14", 35}, {"1990-06-15", "2026-06-15", 36},
        {"2008-02-29", "2026-02-28", 17}, {"2008-02-29", "2026-03-01", 18},
        {"2026-01-01", "2025-12-31", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_date a, b;
        assert_int_equal(rt_date_parse(cases[i].born, &a), RT_OK);
        assert_int_equal(rt_date_parse(cases[i].on, &b), RT_OK);
        assert_int_equal(rt_date_years_between(a, b), cases[i].years);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_accepts_only_real_iso_dates),
        cmocka_unit_test(format_round_trips),
        cmocka_unit_test(unix_days_round_trip),
        cmocka_unit_test(ages_count_birthdays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

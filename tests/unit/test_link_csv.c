/* The strict CSV reader: what it reads, and the line and column of what
 * it refuses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "csv.h"

static void reads_records(void **state)
{
    (void)state;
    const char *data = "a,b,c\r\n1,\"two, with comma\",\"say \"\"hi\"\"\"\n\n\"multi\nline\",,x";
    rt_csv c;
    rt_csv_init(&c, data, strlen(data));
    assert_int_equal(rt_csv_next(&c), RT_OK);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.field[2], "c");
    assert_int_equal(rt_csv_next(&c), RT_OK);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.field[1], "two, with comma");
    assert_string_equal(c.field[2], "say \"hi\"");
    assert_int_equal(c.field_col[2], 21);
    assert_int_equal(rt_csv_next(&c), RT_OK); /* the blank line */
    assert_int_equal(c.n, 1);
    assert_string_equal(c.field[0], "");
    assert_int_equal(rt_csv_next(&c), RT_OK);
    assert_int_equal(c.record_line, 4);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.field[0], "multi\nline");
    assert_string_equal(c.field[1], "");
    assert_string_equal(c.field[2], "x");
    assert_int_equal(rt_csv_next(&c), RT_ENOTFOUND);
    rt_csv_free(&c);
}

static void refuses_malformed_with_line_and_column(void **state)
{
    (void)state;
    static const struct {
        const char *data;
        size_t len; /* 0: strlen */
        size_t line, col;
        const char *why;
    } cases[] = {
        {"a,b\n1,x\"y\n", 0, 2, 4, "a quote inside an unquoted field"},
        {"a,b\n1,\"xy\"z\n", 0, 2, 7, "text after a closing quote"},
        {"a,b\n1,\"never closed\n", 0, 2, 3, "a quoted field is never closed"},
        {"a,b\n1,x\0y\n", 10, 2, 4, "a NUL byte"},
        {"a,b\n1,x\ry\n", 0, 2, 4, "a carriage return without a line feed"},
        {"a,b\n1,\xff\xfe\n", 0, 2, 3, "text that is not UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_csv c;
        rt_csv_init(&c, cases[i].data, cases[i].len ? cases[i].len : strlen(cases[i].data));
        assert_int_equal(rt_csv_next(&c), RT_OK);
        rt_status st = rt_csv_next(&c);
        if (st != RT_EINVAL || c.err_line != cases[i].line || c.err_col != cases[i].col ||
            strcmp(c.error, cases[i].why) != 0)
            fail_msg("case %zu: status %d at %zu:%zu '%s'", i, st, c.err_line, c.err_col,
                     c.error ? c.error : "");
        rt_csv_free(&c);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_records),
        cmocka_unit_test(refuses_malformed_with_line_and_column),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

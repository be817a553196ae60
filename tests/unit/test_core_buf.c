/* The growable buffer's sticky error and limit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"

static void appends_and_takes(void **state)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, "ab");
    rt_buf_putc(&b, 'c');
    rt_buf_printf(&b, "%d-%s", 42, "x");
    assert_int_equal(rt_buf_status(&b), RT_OK);
    char *s = rt_buf_take(&b);
    assert_string_equal(s, "abc42-x");
    free(s);
    assert_null(b.data);
    s = rt_buf_take(&b);
    assert_string_equal(s, "");
    free(s);
}

static void limit_is_sticky(void **state)
{
    rt_buf b = RT_BUF_INIT;
    b.limit = 4;
    rt_buf_puts(&b, "abcd");
    assert_int_equal(rt_buf_status(&b), RT_OK);
    rt_buf_puts(&b, "e");
    assert_int_equal(rt_buf_status(&b), RT_ETOOBIG);
    rt_buf_puts(&b, "");
    assert_int_equal(rt_buf_status(&b), RT_ETOOBIG);
    assert_int_equal(b.len, 4);
    assert_null(rt_buf_take(&b));
}

static void grows_past_first_block(void **state)
{
    rt_buf b = RT_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        rt_buf_puts(&b, "0123456789");
    assert_int_equal(rt_buf_status(&b), RT_OK);
    assert_int_equal(b.len, 10000);
    assert_int_equal(b.data[9999], '9');
    assert_int_equal(b.data[10000], '\0');
    rt_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appends_and_takes),
        cmocka_unit_test(limit_is_sticky),
        cmocka_unit_test(grows_past_first_block),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* Sign-in throttling: limit, sliding window, clearing, eviction. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "../../src/app/throttle.h"

static void limits_within_window(void **state)
{
    rt_throttle *t;
    assert_int_equal(rt_throttle_new(3, 100, 8, &t), RT_OK);
    for (int i = 0; i < 3; i++) {
        assert_true(rt_throttle_allowed(t, "ann", 1000 + i));
        rt_throttle_fail(t, "ann", 1000 + i);
    }
    assert_false(rt_throttle_allowed(t, "ann", 1050));
    assert_true(rt_throttle_allowed(t, "bob", 1050));
    /* The first failure (at 1000) leaves the window at 1100. */
    assert_false(rt_throttle_allowed(t, "ann", 1099));
    assert_true(rt_throttle_allowed(t, "ann", 1100));
    rt_throttle_fail(t, "ann", 1100);
    assert_false(rt_throttle_allowed(t, "ann", 1100));
    rt_throttle_clear(t, "ann");
    assert_true(rt_throttle_allowed(t, "ann", 1100));
    rt_throttle_free(t);
}

static void evicts_oldest_when_full(void **state)
{
    rt_throttle *t;
    assert_int_equal(rt_throttle_new(1, 1000, 2, &t), RT_OK);
    rt_throttle_fail(t, "a", 1);
    rt_throttle_fail(t, "b", 2);
    rt_throttle_fail(t, "c", 3); /* evicts a */
    assert_true(rt_throttle_allowed(t, "a", 4));
    assert_false(rt_throttle_allowed(t, "b", 4));
    assert_false(rt_throttle_allowed(t, "c", 4));
    rt_throttle_free(t);
}

static void refuses_bad_settings(void **state)
{
    rt_throttle *t;
    assert_int_equal(rt_throttle_new(0, 10, 10, &t), RT_EINVAL);
    assert_int_equal(rt_throttle_new(1000, 10, 10, &t), RT_EINVAL);
    assert_int_equal(rt_throttle_new(1, 0, 10, &t), RT_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(limits_within_window),
        cmocka_unit_test(evicts_oldest_when_full),
        cmocka_unit_test(refuses_bad_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

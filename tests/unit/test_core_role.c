/* Role names and role sets (which roles must give a second factor). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "role.h"

#define BIT(r) (1u << (r))

static void role_sets_parse(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int ok;
        rt_role_set want;
        int bad_at; /* offset *bad points at on failure */
    } cases[] = {
        {"all", 1, RT_ROLE_SET_ALL, 0},
        {"none", 1, 0, 0},
        {"idva", 1, BIT(RT_ROLE_IDVA), 0},
        {"idva,idva_manager", 1, BIT(RT_ROLE_IDVA) | BIT(RT_ROLE_IDVA_MANAGER), 0},
        {" idva , auditor ", 1, BIT(RT_ROLE_IDVA) | BIT(RT_ROLE_AUDITOR), 0},
        {"", 0, 0, 0},
        {"idva,", 0, 0, 5},
        {",idva", 0, 0, 0},
        {"idva,idva", 0, 0, 5},
        {"idva,nurse", 0, 0, 5},
        {"idva manager", 0, 0, 5},
        {"ALL", 0, 0, 0},
        {"all,idva", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_role_set got = 12345;
        const char *bad = NULL;
        rt_status st = rt_role_set_parse(cases[i].in, &got, &bad);
        if ((st == RT_OK) != cases[i].ok)
            fail_msg("'%s': expected %s", cases[i].in, cases[i].ok ? "valid" : "invalid");
        if (cases[i].ok && got != cases[i].want)
            fail_msg("'%s': got %#x, want %#x", cases[i].in, got, cases[i].want);
        if (!cases[i].ok) {
            assert_int_equal(got, 12345);
            if (bad - cases[i].in != cases[i].bad_at)
                fail_msg("'%s': blamed offset %td, want %d", cases[i].in, bad - cases[i].in,
                         cases[i].bad_at);
        }
    }
    rt_role_set s;
    assert_int_equal(rt_role_set_parse(NULL, &s, NULL), RT_EINVAL);
}

static void role_sets_round_trip(void **state)
{
    (void)state;
    char out[128];
    for (rt_role_set set = 0; set <= RT_ROLE_SET_ALL; set++) {
        assert_int_equal(rt_role_set_format(set, out, sizeof out), RT_OK);
        rt_role_set back;
        assert_int_equal(rt_role_set_parse(out, &back, NULL), RT_OK);
        assert_int_equal(back, set);
    }
    assert_int_equal(rt_role_set_format(BIT(RT_ROLE_IDVA) | BIT(RT_ROLE_CHAIR), out, sizeof out),
                     RT_OK);
    assert_string_equal(out, "idva,marac_chair");
    /* Too small: refused, and nothing half-written is left. */
    assert_int_equal(rt_role_set_format(BIT(RT_ROLE_IDVA) | BIT(RT_ROLE_CHAIR), out, 8),
                     RT_ETOOBIG);
    assert_string_equal(out, "");
    assert_int_equal(rt_role_set_format(RT_ROLE_SET_ALL, out, 3), RT_ETOOBIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(role_sets_parse),
        cmocka_unit_test(role_sets_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* urlencoded form parsing: decoding, and refusal of what browsers never send. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/core/form.h"

static void decodes_pairs(void **state)
{
    const char *body = "a=1&b=two+words&c=%C3%A9t%C3%A9&empty=&flag&csrf=x%2By";
    rt_form f;
    assert_int_equal(rt_form_parse(body, strlen(body), &f, NULL), RT_OK);
    assert_int_equal(f.n, 6);
    assert_string_equal(rt_form_get(&f, "a"), "1");
    assert_string_equal(rt_form_get(&f, "b"), "two words");
    assert_string_equal(rt_form_get(&f, "c"), "été");
    assert_string_equal(rt_form_get(&f, "empty"), "");
    assert_string_equal(rt_form_get(&f, "flag"), "");
    assert_string_equal(rt_form_get(&f, "csrf"), "x+y");
    assert_null(rt_form_get(&f, "missing"));
    char *v = rt_form_take(&f, "b");
    assert_string_equal(v, "two words");
    free(v);
    assert_null(rt_form_get(&f, "b"));
    rt_form_clear(&f);
    assert_int_equal(f.n, 0);
}

static void refuses_malformed(void **state)
{
    static const char *const bad[] = {
        "a=%ZZ", "a=%4", "a=%", "a=%00b", "=x", "a=1&a=2", "a=%C3%28", "a=%01",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rt_form f;
        const char *problem = NULL;
        rt_status st = rt_form_parse(bad[i], strlen(bad[i]), &f, &problem);
        if (st != RT_EINVAL)
            fail_msg("%s: expected RT_EINVAL, got %s", bad[i], rt_status_str(st));
        assert_non_null(problem);
        assert_int_equal(f.n, 0);
    }
}

static void refuses_too_many_fields(void **state)
{
    char body[RT_FORM_MAX_FIELDS * 8 + 16];
    size_t n = 0;
    for (int i = 0; i <= RT_FORM_MAX_FIELDS; i++)
        n += (size_t)snprintf(body + n, sizeof body - n, "k%d=v&", i);
    rt_form f;
    assert_int_equal(rt_form_parse(body, n, &f, NULL), RT_ETOOBIG);
    assert_int_equal(f.n, 0);
}

static void multiline_values_pass(void **state)
{
    const char *body = "address=1+Loe+Row%0D%0AWealdmoor";
    rt_form f;
    assert_int_equal(rt_form_parse(body, strlen(body), &f, NULL), RT_OK);
    assert_string_equal(rt_form_get(&f, "address"), "1 Loe Row\r\nWealdmoor");
    rt_form_clear(&f);
}

/* A raw NUL inside a name or value must not cut it short unseen (found
 * by fuzzing the draft round trip). */
static void raw_nul_is_refused(void **state)
{
    static const struct {
        const char *body;
        size_t len;
    } cases[] = {{"a\0b=1", 5}, {"\0=1", 3}, {"a=1\0x", 5}, {"a=1&b=\0", 7}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_form f;
        if (rt_form_parse(cases[i].body, cases[i].len, &f, NULL) != RT_EINVAL)
            fail_msg("case %zu accepted", i);
    }
}

static void encodes_back_what_it_parses(void **state)
{
    const char *body = "csrf=abc&victim.given_name=Z%C3%A9phyrine&empty=&note=a%26b%3Dc+d%0D%0Ae";
    rt_form f;
    assert_int_equal(rt_form_parse(body, strlen(body), &f, NULL), RT_OK);
    static const char *const skip[] = {"csrf", NULL};
    char *enc = NULL;
    assert_int_equal(rt_form_encode(&f, skip, &enc), RT_OK);
    assert_string_equal(enc, "victim.given_name=Z%C3%A9phyrine&note=a%26b%3Dc%20d%0D%0Ae");
    rt_form g;
    assert_int_equal(rt_form_parse(enc, strlen(enc), &g, NULL), RT_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(rt_form_get(&g, "note"), "a&b=c d\r\ne");
    assert_null(rt_form_get(&g, "csrf"));
    rt_form_clear(&g);
    free(enc);
    rt_form_clear(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(decodes_pairs),
        cmocka_unit_test(refuses_malformed),
        cmocka_unit_test(refuses_too_many_fields),
        cmocka_unit_test(multiline_values_pass),
        cmocka_unit_test(raw_nul_is_refused),
        cmocka_unit_test(encodes_back_what_it_parses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

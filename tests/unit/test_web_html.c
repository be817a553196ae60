/* HTML writers: escaping by context, and form controls tied to labels. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>
#include "html.h"
#include "referral.h"

static void escapes_by_context(void **state)
{
    static const struct {
        const char *in, *text, *attr;
    } cases[] = {
        {"plain", "plain", "plain"},
        {"<script>&", "&lt;script&gt;&amp;", "&lt;script&gt;&amp;"},
        {"O'Brien \"Jo\"", "O'Brien \"Jo\"", "O&#39;Brien &quot;Jo&quot;"},
        {"", "", ""},
        {"é<", "é&lt;", "é&lt;"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_buf b = RT_BUF_INIT;
        rt_html_text(&b, cases[i].in);
        assert_string_equal(b.len ? b.data : "", cases[i].text);
        rt_buf_free(&b);
        rt_html_attr(&b, cases[i].in);
        assert_string_equal(b.len ? b.data : "", cases[i].attr);
        rt_buf_free(&b);
    }
    rt_buf b = RT_BUF_INIT;
    rt_html_text(&b, NULL);
    assert_int_equal(b.len, 0);
}

static void query_values_are_percent_encoded(void **state)
{
    rt_buf b = RT_BUF_INIT;
    rt_html_query_value(&b, "referral. a&b=\"<x>'#~");
    assert_string_equal(b.data, "referral.%20a%26b%3D%22%3Cx%3E%27%23~");
    rt_buf_free(&b);
}

static const rt_field_spec *spec(const char *key)
{
    return &rt_referral_fields()[rt_referral_field_by_key(key)];
}

static void text_field_has_label_value_and_error(void **state)
{
    rt_buf b = RT_BUF_INIT;
    rt_html_field(&b, spec("victim.family_name"), "Tre\"garth<", "is required");
    assert_int_equal(rt_buf_status(&b), RT_OK);
    assert_non_null(strstr(b.data, "<label for=\"f-victim-family_name\">Family name</label>"));
    assert_non_null(strstr(b.data, "id=\"f-victim-family_name\" name=\"victim.family_name\""));
    assert_non_null(strstr(b.data, "value=\"Tre&quot;garth&lt;\""));
    assert_non_null(strstr(b.data, "aria-invalid=\"true\""));
    assert_non_null(strstr(b.data, "aria-describedby=\"f-victim-family_name-error\""));
    assert_non_null(strstr(b.data, "id=\"f-victim-family_name-error\""));
    assert_non_null(strstr(b.data, "autocomplete=\"off\""));
    rt_buf_free(&b);
}

static void choice_field_is_a_fieldset_of_radios(void **state)
{
    rt_buf b = RT_BUF_INIT;
    rt_html_field(&b, spec("victim.safe_to_call"), "no", NULL);
    assert_int_equal(rt_buf_status(&b), RT_OK);
    assert_non_null(strstr(b.data, "<fieldset"));
    assert_non_null(strstr(b.data, "<legend>Is it safe to call this number?</legend>"));
    assert_non_null(strstr(b.data, "value=\"no\" checked>"));
    assert_null(strstr(b.data, "value=\"yes\" checked"));
    assert_null(strstr(b.data, "aria-invalid"));
    rt_buf_free(&b);
}

static void error_summary_links_to_fields(void **state)
{
    rt_buf b = RT_BUF_INIT;
    rt_field_error errs[] = {{"victim.dob", "must not be in the future"}};
    rt_html_error_summary(&b, errs, 1, rt_referral_fields(), RT_RF_COUNT);
    assert_non_null(strstr(b.data, "role=\"alert\""));
    assert_non_null(strstr(b.data, "<a href=\"#f-victim-dob\">Date of birth must not be in the future</a>"));
    rt_buf_free(&b);
    rt_html_error_summary(&b, errs, 0, rt_referral_fields(), RT_RF_COUNT);
    assert_int_equal(b.len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_by_context),
        cmocka_unit_test(query_values_are_percent_encoded),
        cmocka_unit_test(text_field_has_label_value_and_error),
        cmocka_unit_test(choice_field_is_a_fieldset_of_radios),
        cmocka_unit_test(error_summary_links_to_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

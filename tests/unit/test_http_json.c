/* Strict JSON decoding against a field table, and error bodies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "json_io.h"
#include "referral.h"

static void decode(const char *text, rt_status want, const char *want_field, char **values)
{
    json_t *o = NULL;
    rt_json_problem p = {0};
    rt_status st = rt_json_parse_object(text, strlen(text), &o, &p);
    if (st == RT_OK) {
        st = rt_json_decode_fields(o, rt_referral_fields(), RT_RF_COUNT, values, &p);
        json_decref(o);
    }
    if (st != want)
        fail_msg("%s: expected %s, got %s (%s)", text, rt_status_str(want), rt_status_str(st),
                 p.message ? p.message : "");
    if (want != RT_OK) {
        assert_non_null(p.message);
        if (want_field)
            assert_string_equal(p.field, want_field);
        else
            assert_null(p.field);
    }
    rt_json_problem_clear(&p);
}

static void refuses_bad_bodies(void **state)
{
    static const struct {
        const char *body;
        const char *field;
    } cases[] = {
        {"{", NULL},
        {"[]", NULL},
        {"\"x\"", NULL},
        {"{\"a\":1,\"a\":2}", NULL},
        {"{\"victim\":{\"given_name\":\"\xc3\x28\"}}", NULL},
        {"{\"victim\":{\"given_name\":\"a\\u0000b\"}}", NULL},
        {"{\"shoe_size\":\"9\"}", "shoe_size"},
        {"{\"victim\":{\"shoe_size\":\"9\"}}", "victim.shoe_size"},
        {"{\"victim\":{\"given_name\":5}}", "victim.given_name"},
        {"{\"victim\":{\"given_name\":[\"a\"]}}", "victim.given_name"},
        {"{\"victim\":\"Ann\"}", "victim"},
        {"{\"referral_date\":true}", "referral_date"},
        {"{\"given_name\":\"Ann\"}", "given_name"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *values[RT_RF_COUNT] = {0};
        decode(cases[i].body, RT_EINVAL, cases[i].field, values);
        for (int k = 0; k < RT_RF_COUNT; k++)
            assert_null(values[k]);
    }
}

static void reads_nested_fields(void **state)
{
    char *values[RT_RF_COUNT];
    decode("{\"victim\":{\"given_name\":\"Ysolde\",\"dob\":null},"
           "\"referrer\":{\"name\":\"Demo Referrer\"},\"referral_date\":\"2026-11-20\"}",
           RT_OK, NULL, values);
    assert_string_equal(values[RT_RF_VICTIM_GIVEN_NAME], "Ysolde");
    assert_null(values[RT_RF_VICTIM_DOB]);
    assert_string_equal(values[RT_RF_REFERRER_NAME], "Demo Referrer");
    assert_string_equal(values[RT_RF_REFERRAL_DATE], "2026-11-20");
    json_t *back = rt_json_encode_fields(rt_referral_fields(), RT_RF_COUNT, values);
    assert_non_null(back);
    assert_string_equal(json_string_value(json_object_get(json_object_get(back, "victim"),
                                                          "given_name")), "Ysolde");
    assert_true(json_is_null(json_object_get(json_object_get(back, "victim"), "dob")));
    json_decref(back);
    for (int k = 0; k < RT_RF_COUNT; k++)
        free(values[k]);
}

static void error_bodies_name_the_field(void **state)
{
    rt_response res = {0};
    assert_int_equal(rt_json_error(&res, 400, "bad", "victim.dob"), RT_OK);
    assert_int_equal(res.status, 400);
    assert_string_equal(res.body.data, "{\"error\":\"bad\",\"field\":\"victim.dob\"}");
    rt_res_clear(&res);
    assert_int_equal(rt_json_error(&res, 413, "too big", NULL), RT_OK);
    assert_string_equal(res.body.data, "{\"error\":\"too big\",\"field\":null}");
    rt_res_clear(&res);
    rt_field_error errs[2] = {{"victim.family_name", "is required"},
                              {"victim.dob", "must not be in the future"}};
    assert_int_equal(rt_json_field_errors(&res, errs, 2), RT_OK);
    assert_int_equal(res.status, 422);
    json_t *o = json_loads(res.body.data, 0, NULL);
    assert_string_equal(json_string_value(json_object_get(o, "field")), "victim.family_name");
    assert_int_equal(json_array_size(json_object_get(o, "errors")), 2);
    json_decref(o);
    rt_res_clear(&res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refuses_bad_bodies),
        cmocka_unit_test(reads_nested_fields),
        cmocka_unit_test(error_bodies_name_the_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* TOTP (RFC 6238) codes through liboath: the RFC's own test vectors,
 * the drift window, reading typed codes, and the otpauth URI. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/app/totp.h"

/* RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32. */
static const char RFC_SECRET[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

static void codes_match_rfc_6238_vectors(void **state)
{
    (void)state;
    /* The RFC gives 8 digits; a 6-digit code is their last six. */
    static const struct {
        int64_t t;
        const char *code;
    } cases[] = {
        {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
        {1234567890, "005924"}, {2000000000, "279037"}, {20000000000, "353130"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[RT_TOTP_DIGITS + 1];
        assert_int_equal(rt_totp_code(RFC_SECRET, cases[i].t, out), RT_OK);
        if (strcmp(out, cases[i].code) != 0)
            fail_msg("t=%lld: %s, want %s", (long long)cases[i].t, out, cases[i].code);
        int64_t step;
        assert_int_equal(rt_totp_check(RFC_SECRET, cases[i].code, cases[i].t, &step), RT_OK);
        assert_int_equal(step, cases[i].t / RT_TOTP_STEP);
    }
}

static void one_step_of_drift_is_accepted_and_no_more(void **state)
{
    (void)state;
    const int64_t now = 1800000015;
    static const struct {
        int64_t offset; /* seconds between the phone's clock and ours */
        rt_status want;
    } cases[] = {
        {0, RT_OK}, {-30, RT_OK}, {30, RT_OK}, {-60, RT_EDENIED}, {60, RT_EDENIED},
        {-3600, RT_EDENIED},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char code[RT_TOTP_DIGITS + 1];
        assert_int_equal(rt_totp_code(RFC_SECRET, now + cases[i].offset, code), RT_OK);
        int64_t step = -1;
        rt_status st = rt_totp_check(RFC_SECRET, code, now, &step);
        if (st != cases[i].want)
            fail_msg("offset %lld: status %d, want %d", (long long)cases[i].offset, st,
                     cases[i].want);
        /* The step reported is the code's, so spending it blocks replays. */
        assert_int_equal(step, st == RT_OK ? (now + cases[i].offset) / RT_TOTP_STEP : 0);
    }
    int64_t step;
    assert_int_equal(rt_totp_check("NOT-BASE32", "123456", now, &step), RT_EINVAL);
    assert_int_equal(rt_totp_check(RFC_SECRET, "12345", now, &step), RT_EINVAL);
    assert_int_equal(rt_totp_check(RFC_SECRET, "123 456", now, &step), RT_EINVAL);
}

static void typed_codes_are_read_like_people_type_them(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"123456", "123456"}, {"123 456", "123456"}, {" 12-34-56 ", "123456"},
        {"12345", NULL},      {"1234567", NULL},     {"12345a", NULL},
        {"", NULL},           {"１２３４５６", NULL}, {"123456\n", NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[RT_TOTP_DIGITS + 1] = "x";
        rt_status st = rt_totp_normalise(cases[i].in, out);
        if (cases[i].out) {
            assert_int_equal(st, RT_OK);
            assert_string_equal(out, cases[i].out);
        } else {
            if (st != RT_EINVAL)
                fail_msg("'%s' accepted", cases[i].in);
            assert_string_equal(out, "");
        }
    }
    char out[RT_TOTP_DIGITS + 1];
    assert_int_equal(rt_totp_normalise(NULL, out), RT_EINVAL);
}

static void secrets_are_fresh_base32_and_uris_escape_the_label(void **state)
{
    (void)state;
    char a[RT_TOTP_SECRET_CHARS + 1], b[RT_TOTP_SECRET_CHARS + 1];
    assert_int_equal(rt_totp_new_secret(a), RT_OK);
    assert_int_equal(rt_totp_new_secret(b), RT_OK);
    assert_int_equal(strlen(a), RT_TOTP_SECRET_CHARS);
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), RT_TOTP_SECRET_CHARS);
    assert_string_not_equal(a, b);
    char code[RT_TOTP_DIGITS + 1];
    assert_int_equal(rt_totp_code(a, 1800000000, code), RT_OK);

    char *uri = NULL;
    assert_int_equal(rt_totp_uri(RFC_SECRET, "Roundtable", "a b&c", &uri), RT_OK);
    assert_string_equal(uri, "otpauth://totp/Roundtable:a%20b%26c?secret="
                             "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Roundtable"
                             "&algorithm=SHA1&digits=6&period=30");
    free(uri);
    assert_int_equal(rt_totp_uri("SHORT", "Roundtable", "x", &uri), RT_EINVAL);
    assert_null(uri);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(codes_match_rfc_6238_vectors),
        cmocka_unit_test(one_step_of_drift_is_accepted_and_no_more),
        cmocka_unit_test(typed_codes_are_read_like_people_type_them),
        cmocka_unit_test(secrets_are_fresh_base32_and_uris_escape_the_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The subject access document in HTML: values escaped, third parties
 * withheld, plain language, nothing executable. (The operation and the
 * JSON are tested in test_http_subject_access.c.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "subject_access_doc.h"
#include "support.h"

#define T0 1795305600 /* 2026-11-22T00:00:00Z */

static void document_escapes_and_withholds(void **state)
{
    (void)state;
    char *dir = rt_test_dir("subject-access-doc");
    char path[512];
    snprintf(path, sizeof path, "%s/rt.db", dir);
    rt_data_key key;
    rt_store *store;
    assert_int_equal(rt_key_generate(&key), RT_OK);
    assert_int_equal(rt_store_open(path, &key, true, &store), RT_OK);
    rt_agency a = {.code = "police", .name = "Wealdmoor <b>Police</b>", .kind = RT_AGENCY_POLICE};
    assert_int_equal(rt_store_agency_add(store, &a), RT_OK);

    rt_referral r = {0};
    const struct {
        int f;
        const char *v;
    } values[] = {
        {RT_RF_VICTIM_GIVEN_NAME, "<script>alert(1)</script>"},
        {RT_RF_VICTIM_FAMILY_NAME, "O'Kernow & \"Sons\""}, {RT_RF_VICTIM_DOB, "1984-02-29"},
        {RT_RF_VICTIM_GENDER, "female"},        {RT_RF_VICTIM_SAFE_TO_CALL, "no"},
        {RT_RF_VICTIM_ADDRESS, "1 <img src=x onerror=alert(2)> Lane"},
        {RT_RF_REFERRER_NAME, "Referrer Omega Penrose"},
        {RT_RF_REFERRER_PHONE, "01632 960999"}, {RT_RF_REFERRER_EMAIL, "omega.penrose@example.org"},
        {RT_RF_REFERRAL_DATE, "2026-11-21"},    {RT_RF_CONSENT_AWARE, "yes"},
        {RT_RF_CONSENT_GIVEN, "yes"},           {RT_RF_CONSENT_LAWFUL_BASIS, "consent"},
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        r.field[values[i].f] = strdup(values[i].v);
    rt_risk_input in = {.tool = rt_risk_default_tool()};
    const char *bad;
    assert_int_equal(rt_referral_assess(&r, &in, &bad), RT_OK);
    r.agency_code = strdup("police");
    r.created_at = T0;
    assert_int_equal(rt_store_referral_add(store, &r), RT_OK);

    rt_config cfg;
    rt_config_defaults(&cfg);
    rt_app app;
    assert_int_equal(rt_app_init(&app, store, &cfg), RT_OK);
    rt_subject_access sa;
    assert_int_equal(rt_app_subject_access(&app, NULL, r.id, NULL, T0, &sa), RT_OK);
    rt_buf b = RT_BUF_INIT;
    rt_subject_access_html(&sa, &b);
    assert_int_equal(rt_buf_status(&b), RT_OK);
    const unsigned char *html = (const unsigned char *)b.data;

    assert_true(rt_test_contains(html, b.len, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_true(rt_test_contains(html, b.len, "O'Kernow &amp; \"Sons\""));
    assert_true(rt_test_contains(html, b.len, "1 &lt;img src=x onerror=alert(2)&gt; Lane"));
    assert_true(rt_test_contains(html, b.len, "Wealdmoor &lt;b&gt;Police&lt;/b&gt;"));
    static const char *const never[] = {
        "<script", "<img", "<b>", "onerror=alert(2)>", "Referrer Omega Penrose", "01632 960999",
        "omega.penrose@example.org", "Omega", "http://", "https://", "<link", "<iframe",
    };
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (rt_test_contains(html, b.len, never[i]))
            fail_msg("the document contains %s", never[i]);
    static const char *const plain[] = {
        "What Roundtable holds about you", "Who to contact", "Information about other people",
        RT_WITHHELD_THIRD_PARTY, "Who has seen or changed these records",
        "Yes, the person consents to information being shared", "<style>",
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        if (!rt_test_contains(html, b.len, plain[i]))
            fail_msg("the document lacks %s", plain[i]);

    rt_buf_free(&b);
    rt_subject_access_clear(&sa);
    rt_app_clear(&app);
    rt_referral_clear(&r);
    rt_store_close(store);
    free(dir);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(document_escapes_and_withholds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

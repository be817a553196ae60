/* test_store_seal.c: sealing fields, blind indexes, subkeys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "seal.h"
#include "support.h"

static void keys_from_byte(unsigned char b, rt_seal_keys *keys)
{
    rt_data_key k;
    memset(k.bytes, b, sizeof k.bytes);
    assert_int_equal(rt_seal_keys_derive(&k, keys), RT_OK);
}

static void test_subkeys_are_distinct_and_deterministic(void **state)
{
    (void)state;
    rt_seal_keys a, b, c;
    keys_from_byte(7, &a);
    keys_from_byte(7, &b);
    keys_from_byte(8, &c);
    assert_memory_equal(&a, &b, sizeof a);
    assert_memory_not_equal(a.field, c.field, sizeof a.field);
    assert_memory_not_equal(a.field, a.blind, sizeof a.field);
    assert_memory_not_equal(a.field, a.check, sizeof a.field);
    assert_memory_not_equal(a.field, a.audit, sizeof a.field);
    assert_memory_not_equal(a.blind, a.check, sizeof a.field);
    assert_memory_not_equal(a.blind, a.audit, sizeof a.field);
    assert_memory_not_equal(a.check, a.audit, sizeof a.field);

    rt_seal_keys zero;
    memset(&zero, 0, sizeof zero);
    rt_seal_keys_wipe(&a);
    assert_memory_equal(&a, &zero, sizeof a);
}

static void test_round_trip(void **state)
{
    (void)state;
    static const char *const values[] = {
        "Zephyrine", "", "17 Larkspur Mews\nThornbury", "Zo\xc3\xab Quillfeather",
    };
    rt_seal_keys keys;
    keys_from_byte(1, &keys);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        unsigned char *ct = NULL;
        size_t len = 0;
        assert_int_equal(rt_seal(&keys, "referral", "victim_given_name", "ab12", values[i], &ct,
                                 &len),
                         RT_OK);
        assert_int_equal(len, 24 + strlen(values[i]) + 16);
        assert_false(rt_test_contains(ct, len, values[i]));
        char *pt = NULL;
        assert_int_equal(
            rt_unseal(&keys, "referral", "victim_given_name", "ab12", ct, len, &pt), RT_OK);
        assert_string_equal(pt, values[i]);
        free(pt);
        free(ct);
    }
}

static void test_same_value_seals_differently(void **state)
{
    (void)state;
    rt_seal_keys keys;
    keys_from_byte(1, &keys);
    unsigned char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    assert_int_equal(rt_seal(&keys, "t", "c", "r", "Quillfeather", &a, &la), RT_OK);
    assert_int_equal(rt_seal(&keys, "t", "c", "r", "Quillfeather", &b, &lb), RT_OK);
    assert_int_equal(la, lb);
    assert_memory_not_equal(a, b, la);
    free(a);
    free(b);
}

static void test_wrong_cell_or_key_fails(void **state)
{
    (void)state;
    static const struct {
        const char *table, *column, *row;
    } wrong[] = {
        {"referral", "victim_family_name", "row1"}, /* another column */
        {"referral", "victim_given_name", "row2"},  /* another row */
        {"referrals", "victim_given_name", "row1"}, /* another table */
        {"referral", "victim_given_name", "row1 "},
        /* Same bytes run together differently must not match. */
        {"referralv", "ictim_given_name", "row1"},
    };
    rt_seal_keys keys, other;
    keys_from_byte(1, &keys);
    keys_from_byte(2, &other);
    unsigned char *ct = NULL;
    size_t len = 0;
    assert_int_equal(
        rt_seal(&keys, "referral", "victim_given_name", "row1", "Zephyrine", &ct, &len), RT_OK);
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        char *pt = (char *)1;
        assert_int_equal(
            rt_unseal(&keys, wrong[i].table, wrong[i].column, wrong[i].row, ct, len, &pt),
            RT_ECRYPTO);
        assert_null(pt);
    }
    char *pt = NULL;
    assert_int_equal(rt_unseal(&other, "referral", "victim_given_name", "row1", ct, len, &pt),
                     RT_ECRYPTO);
    assert_null(pt);
    assert_int_equal(rt_unseal(&keys, "referral", "victim_given_name", "row1", ct, len, &pt),
                     RT_OK);
    assert_string_equal(pt, "Zephyrine");
    free(pt);
    free(ct);
}

static void test_tampering_fails(void **state)
{
    (void)state;
    rt_seal_keys keys;
    keys_from_byte(3, &keys);
    unsigned char *ct = NULL;
    size_t len = 0;
    assert_int_equal(rt_seal(&keys, "t", "c", "r", "07700 900461", &ct, &len), RT_OK);
    for (size_t i = 0; i < len; i++) {
        ct[i] ^= 0x01;
        char *pt = NULL;
        if (rt_unseal(&keys, "t", "c", "r", ct, len, &pt) != RT_ECRYPTO)
            fail_msg("flipping byte %zu went unnoticed", i);
        assert_null(pt);
        ct[i] ^= 0x01;
    }
    for (size_t cut = 0; cut < len; cut++) {
        char *pt = NULL;
        assert_int_equal(rt_unseal(&keys, "t", "c", "r", ct, cut, &pt), RT_ECRYPTO);
        assert_null(pt);
    }
    free(ct);
}

static void test_bad_arguments(void **state)
{
    (void)state;
    rt_seal_keys keys;
    keys_from_byte(3, &keys);
    unsigned char *ct = (unsigned char *)1;
    size_t len = 5;
    assert_int_equal(rt_seal(&keys, "t", "c", NULL, "x", &ct, &len), RT_EINVAL);
    assert_null(ct);
    assert_int_equal(len, 0);
    assert_int_equal(rt_seal(&keys, "t", "c", "r", NULL, &ct, &len), RT_EINVAL);
}

static void test_blind_index(void **state)
{
    (void)state;
    rt_seal_keys k1, k2;
    keys_from_byte(1, &k1);
    keys_from_byte(2, &k2);
    unsigned char a[RT_BLIND_BYTES], b[RT_BLIND_BYTES], c[RT_BLIND_BYTES];

    assert_int_equal(rt_blind_index(&k1, "victim.family_name", "quillfeather", a), RT_OK);
    assert_int_equal(rt_blind_index(&k1, "victim.family_name", "quillfeather", b), RT_OK);
    assert_memory_equal(a, b, sizeof a); /* deterministic */

    assert_int_equal(rt_blind_index(&k2, "victim.family_name", "quillfeather", c), RT_OK);
    assert_memory_not_equal(a, c, sizeof a); /* key-dependent */

    assert_int_equal(rt_blind_index(&k1, "victim.given_name", "quillfeather", c), RT_OK);
    assert_memory_not_equal(a, c, sizeof a); /* purpose-dependent */

    assert_int_equal(rt_blind_index(&k1, "victim.family_name", "quillfeathers", c), RT_OK);
    assert_memory_not_equal(a, c, sizeof a); /* value-dependent */

    /* The separator keeps purpose and value apart. */
    assert_int_equal(rt_blind_index(&k1, "ab", "c", b), RT_OK);
    assert_int_equal(rt_blind_index(&k1, "a", "bc", c), RT_OK);
    assert_memory_not_equal(b, c, sizeof b);
}

static void test_key_check_value_depends_on_key(void **state)
{
    (void)state;
    rt_seal_keys k1, k1b, k2;
    keys_from_byte(1, &k1);
    keys_from_byte(1, &k1b);
    keys_from_byte(2, &k2);
    unsigned char a[RT_HASH_BYTES], b[RT_HASH_BYTES], c[RT_HASH_BYTES];
    assert_int_equal(rt_key_check_value(&k1, a), RT_OK);
    assert_int_equal(rt_key_check_value(&k1b, b), RT_OK);
    assert_int_equal(rt_key_check_value(&k2, c), RT_OK);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);

    unsigned char h1[RT_HASH_BYTES], h2[RT_HASH_BYTES];
    assert_int_equal(rt_audit_hash(&k1, (const unsigned char *)"x", 1, h1), RT_OK);
    assert_int_equal(rt_audit_hash(&k2, (const unsigned char *)"x", 1, h2), RT_OK);
    assert_memory_not_equal(h1, h2, sizeof h1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subkeys_are_distinct_and_deterministic),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_same_value_seals_differently),
        cmocka_unit_test(test_wrong_cell_or_key_fails),
        cmocka_unit_test(test_tampering_fails),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_blind_index),
        cmocka_unit_test(test_key_check_value_depends_on_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

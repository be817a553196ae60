/* test_store_key.c: the data key file, the environment variable, wiping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "key.h"
#include "support.h"

/* A fixed synthetic key and its hex form. */
static const char KEY_HEX[] =
    "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";

static void key_from_hex_literal(rt_data_key *k)
{
    for (size_t i = 0; i < RT_KEY_BYTES; i++) {
        unsigned int b = 0;
        assert_int_equal(sscanf(KEY_HEX + 2 * i, "%2x", &b), 1);
        k->bytes[i] = (unsigned char)b;
    }
}

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void write_raw(const char *path, const char *content, mode_t mode)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, mode), 0);
}

static void test_generate_gives_distinct_random_keys(void **state)
{
    (void)state;
    rt_data_key a, b, zero;
    memset(&zero, 0, sizeof zero);
    assert_int_equal(rt_key_generate(&a), RT_OK);
    assert_int_equal(rt_key_generate(&b), RT_OK);
    assert_memory_not_equal(a.bytes, b.bytes, RT_KEY_BYTES);
    assert_memory_not_equal(a.bytes, zero.bytes, RT_KEY_BYTES);
    assert_int_equal(rt_key_generate(NULL), RT_EINVAL);
}

static void test_write_then_read_round_trips(void **state)
{
    (void)state;
    char *dir = rt_test_dir("store-key-roundtrip");
    char *path = path_in(dir, "data.key");
    rt_data_key k, got;
    key_from_hex_literal(&k);
    assert_int_equal(rt_key_write_file(path, &k), RT_OK);

    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);

    size_t len = 0;
    unsigned char *bytes = rt_test_read_file(path, &len);
    assert_non_null(bytes);
    assert_int_equal(len, 65);
    assert_memory_equal(bytes, KEY_HEX, 64);
    assert_int_equal(bytes[64], '\n');
    free(bytes);

    memset(&got, 0, sizeof got);
    assert_int_equal(rt_key_read_file(path, &got), RT_OK);
    assert_memory_equal(got.bytes, k.bytes, RT_KEY_BYTES);
    free(path);
    free(dir);
}

static void test_write_refuses_existing_file(void **state)
{
    (void)state;
    char *dir = rt_test_dir("store-key-exists");
    char *path = path_in(dir, "data.key");
    rt_data_key k, other;
    key_from_hex_literal(&k);
    assert_int_equal(rt_key_write_file(path, &k), RT_OK);
    assert_int_equal(rt_key_generate(&other), RT_OK);
    assert_int_equal(rt_key_write_file(path, &other), RT_EEXISTS);

    rt_data_key got;
    assert_int_equal(rt_key_read_file(path, &got), RT_OK);
    assert_memory_equal(got.bytes, k.bytes, RT_KEY_BYTES); /* unchanged */
    free(path);
    free(dir);
}

static void test_read_refuses_files_others_can_use(void **state)
{
    (void)state;
    static const struct {
        mode_t mode;
        rt_status want;
    } cases[] = {
        {0600, RT_OK},     {0400, RT_OK},     {0640, RT_EDENIED}, {0604, RT_EDENIED},
        {0644, RT_EDENIED}, {0620, RT_EDENIED}, {0602, RT_EDENIED}, {0660, RT_EDENIED},
    };
    char *dir = rt_test_dir("store-key-mode");
    char *path = path_in(dir, "data.key");
    char content[66];
    snprintf(content, sizeof content, "%s\n", KEY_HEX);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        remove(path);
        write_raw(path, content, cases[i].mode);
        rt_data_key got;
        memset(&got, 0, sizeof got);
        rt_status st = rt_key_read_file(path, &got);
        if (st != cases[i].want)
            fail_msg("mode %o: got %s", (unsigned)cases[i].mode, rt_status_str(st));
    }
    free(path);
    free(dir);
}

static void test_read_refuses_malformed_files(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "\n",
        "00112233445566778899aabbccddeeff0123456789abcdeffedcba987654321\n",   /* 63 */
        "00112233445566778899aabbccddeeff0123456789abcdeffedcba98765432100\n", /* 65 */
        "00112233445566778899aabbccddeeff0123456789abcdeffedcba987654321g\n",  /* not hex */
        "00112233445566778899aabbccddeeff 123456789abcdeffedcba9876543210\n",  /* space */
        "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210\n\n",
        "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210 ",
        "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210\nextra",
    };
    char *dir = rt_test_dir("store-key-malformed");
    char *path = path_in(dir, "data.key");
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        remove(path);
        write_raw(path, bad[i], 0600);
        rt_data_key got;
        rt_status st = rt_key_read_file(path, &got);
        if (st != RT_ECRYPTO)
            fail_msg("case %zu: got %s", i, rt_status_str(st));
    }
    /* Without a newline is accepted: the digits are what matter. */
    remove(path);
    write_raw(path, KEY_HEX, 0600);
    rt_data_key got, want;
    key_from_hex_literal(&want);
    assert_int_equal(rt_key_read_file(path, &got), RT_OK);
    assert_memory_equal(got.bytes, want.bytes, RT_KEY_BYTES);

    remove(path);
    assert_int_equal(rt_key_read_file(path, &got), RT_EIO);
    free(path);
    free(dir);
}

static void test_env_key(void **state)
{
    (void)state;
    rt_data_key got, want;
    key_from_hex_literal(&want);
    assert_int_equal(unsetenv(RT_KEY_ENV), 0);
    assert_int_equal(rt_key_from_env(&got), RT_ENOTFOUND);

    assert_int_equal(setenv(RT_KEY_ENV, KEY_HEX, 1), 0);
    assert_int_equal(rt_key_from_env(&got), RT_OK);
    assert_memory_equal(got.bytes, want.bytes, RT_KEY_BYTES);

    static const char *const bad[] = {"", "abc", "zz112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(setenv(RT_KEY_ENV, bad[i], 1), 0);
        assert_int_equal(rt_key_from_env(&got), RT_ECRYPTO);
    }
    assert_int_equal(unsetenv(RT_KEY_ENV), 0);
}

static void test_load_for_prefers_env_then_file(void **state)
{
    (void)state;
    char *dir = rt_test_dir("store-key-load");
    char *db = path_in(dir, "rt.db");
    char *keypath = NULL;
    assert_int_equal(rt_key_default_path(db, &keypath), RT_OK);
    char *want_path = path_in(dir, "rt.db.key");
    assert_string_equal(keypath, want_path);

    rt_data_key file_key, env_key, got;
    assert_int_equal(rt_key_generate(&file_key), RT_OK);
    key_from_hex_literal(&env_key);
    assert_int_equal(unsetenv(RT_KEY_ENV), 0);
    assert_int_equal(rt_key_load_for(db, &got), RT_EIO); /* no file yet */
    assert_int_equal(rt_key_write_file(keypath, &file_key), RT_OK);
    assert_int_equal(rt_key_load_for(db, &got), RT_OK);
    assert_memory_equal(got.bytes, file_key.bytes, RT_KEY_BYTES);

    assert_int_equal(setenv(RT_KEY_ENV, KEY_HEX, 1), 0);
    assert_int_equal(rt_key_load_for(db, &got), RT_OK);
    assert_memory_equal(got.bytes, env_key.bytes, RT_KEY_BYTES);
    assert_int_equal(setenv(RT_KEY_ENV, "bad", 1), 0);
    assert_int_equal(rt_key_load_for(db, &got), RT_ECRYPTO); /* no silent fallback */
    assert_int_equal(unsetenv(RT_KEY_ENV), 0);

    char *none = (char *)1;
    assert_int_equal(rt_key_default_path("", &none), RT_EINVAL);
    assert_null(none);
    free(want_path);
    free(keypath);
    free(db);
    free(dir);
}

static void test_wipe_zeroes(void **state)
{
    (void)state;
    rt_data_key k, zero;
    memset(&zero, 0, sizeof zero);
    key_from_hex_literal(&k);
    rt_key_wipe(&k);
    assert_memory_equal(k.bytes, zero.bytes, RT_KEY_BYTES);
    rt_key_wipe(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generate_gives_distinct_random_keys),
        cmocka_unit_test(test_write_then_read_round_trips),
        cmocka_unit_test(test_write_refuses_existing_file),
        cmocka_unit_test(test_read_refuses_files_others_can_use),
        cmocka_unit_test(test_read_refuses_malformed_files),
        cmocka_unit_test(test_env_key),
        cmocka_unit_test(test_load_for_prefers_env_then_file),
        cmocka_unit_test(test_wipe_zeroes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The audit log's chain: an untouched log verifies; every kind of
 * tampering with the file (edit, delete, reorder, cut the end, touch the
 * anchor) is reported at the first entry it breaks. The tampering is done
 * the way an attacker with the file would: with SQLite directly, after
 * dropping the triggers that refuse changes through SQL. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store.h"
#include "support.h"

#define ENTRIES 6

static const char *const tampering[] = {
    /* 0: none */
    "",
    "UPDATE audit_log SET outcome = 'ok', action = 'referral.list' WHERE seq = 3",
    "DELETE FROM audit_log WHERE seq = 3",
    "DELETE FROM audit_log WHERE seq = 6",
    "DELETE FROM audit_log WHERE seq >= 5",
    /* Swap the contents of entries 2 and 3, hashes and all. */
    "UPDATE audit_log SET seq = -2 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; "
    "UPDATE audit_log SET seq = 3 WHERE seq = -2",
    "UPDATE audit_log SET prev_hash = zeroblob(32) WHERE seq = 4",
    "UPDATE meta SET value = zeroblob(72) WHERE name = 'audit_anchor'",
    "DELETE FROM meta WHERE name = 'audit_anchor'",
    "UPDATE audit_log SET at = at + 1 WHERE seq = 1",
};

static const struct {
    int ok;
    int64_t bad_seq;
    const char *reason;
} expected[] = {
    {1, 0, NULL},
    {0, 3, "entry changed"},
    {0, 3, "entry missing or out of order"},
    {0, 6, "entries missing at the end"},
    {0, 5, "entries missing at the end"},
    {0, 2, "entry missing or out of order"},
    {0, 4, "entry missing or out of order"},
    {0, 0, "the anchor of the log was changed"},
    {0, 7, "the anchor of the log is missing"},
    {0, 1, "entry changed"},
};

static void each_tampering_is_found(void **state)
{
    assert_int_equal(sizeof tampering / sizeof tampering[0], sizeof expected / sizeof expected[0]);
    for (size_t t = 0; t < sizeof tampering / sizeof tampering[0]; t++) {
        char name[32];
        snprintf(name, sizeof name, "audit-%zu", t);
        char *dir = rt_test_dir(name);
        char path[512];
        snprintf(path, sizeof path, "%s/rt.db", dir);
        rt_data_key key;
        assert_int_equal(rt_key_generate(&key), RT_OK);
        rt_store *st;
        assert_int_equal(rt_store_open(path, &key, true, &st), RT_OK);
        for (int i = 0; i < ENTRIES; i++) {
            rt_audit_event ev = {.at = 1795305600 + i, .action = "referral.read",
                                 .record_type = "referral", .record_id = "0123abcd",
                                 .fields = "victim.given_name", .address = "127.0.0.1",
                                 .outcome = i % 2 ? "ok" : "denied"};
            assert_int_equal(rt_store_audit_append(st, &ev), RT_OK);
        }
        rt_store_close(st);

        if (*tampering[t]) {
            sqlite3 *db;
            assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
            char *err = NULL;
            int rc = sqlite3_exec(db,
                                  "DROP TRIGGER audit_log_no_update; "
                                  "DROP TRIGGER audit_log_no_delete;",
                                  NULL, NULL, &err);
            if (rc == SQLITE_OK)
                rc = sqlite3_exec(db, tampering[t], NULL, NULL, &err);
            if (rc != SQLITE_OK)
                fail_msg("tampering %zu: %s", t, err ? err : "?");
            sqlite3_close(db);
        }

        assert_int_equal(rt_store_open(path, &key, false, &st), RT_OK);
        rt_audit_report r;
        assert_int_equal(rt_store_audit_verify(st, &r), RT_OK);
        rt_store_close(st);
        if (r.ok != expected[t].ok ||
            (!r.ok && expected[t].bad_seq && r.bad_seq != expected[t].bad_seq) ||
            (!r.ok && strcmp(r.reason, expected[t].reason) != 0))
            fail_msg("tampering %zu: ok=%d seq=%lld reason=%s", t, r.ok, (long long)r.bad_seq,
                     r.reason ? r.reason : "-");
        if (r.ok)
            assert_int_equal(r.checked, ENTRIES);
        free(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_tampering_is_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

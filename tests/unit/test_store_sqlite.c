/* test_store_sqlite.c: the SQLite store through store.h, and what lands
 * in its files. Every person here is invented. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "embed.h"
#include "store.h"
#include "support.h"

typedef struct fixture {
    char *dir;
    char *path;
    rt_data_key key;
    rt_store *st;
    char user_id[RT_ID_HEX + 1];
} fixture;


extern const rt_embedded_file rt_migrations[];

/* The schema version a fresh store must reach: one per embedded migration. */
static int migration_count(void)
{
    int n = 0;
    while (rt_migrations[n].name)
        n++;
    return n;
}

static char *join(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s%s", a, b);
    return p;
}

static void add_agency(rt_store *st, const char *code, const char *name, rt_agency_kind kind)
{
    rt_agency a = {(char *)code, (char *)name, kind};
    assert_int_equal(rt_store_agency_add(st, &a), RT_OK);
}

/* A fresh store with two agencies and one user. */
static int setup(void **state)
{
    static int n;
    char name[64];
    snprintf(name, sizeof name, "store-sqlite-%d", n++);
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    f->dir = rt_test_dir(name);
    f->path = join(f->dir, "/rt.db");
    assert_int_equal(rt_key_generate(&f->key), RT_OK);
    assert_int_equal(rt_store_open(f->path, &f->key, true, &f->st), RT_OK);
    add_agency(f->st, "police-lf", "Larchfield Constabulary", RT_AGENCY_POLICE);
    add_agency(f->st, "idva-lf", "Larchfield Idva Service", RT_AGENCY_IDVA_SERVICE);
    rt_user u = {0};
    u.username = "rowan.ashgrove";
    u.display_name = "Rowan Ashgrove";
    u.agency_code = "idva-lf";
    u.role = RT_ROLE_IDVA;
    u.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
    u.created_at = 1700000000;
    assert_int_equal(rt_store_user_add(f->st, &u), RT_OK);
    memcpy(f->user_id, u.id, sizeof f->user_id);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    rt_store_close(f->st);
    rt_key_wipe(&f->key);
    free(f->path);
    free(f->dir);
    free(f);
    return 0;
}

/* The synthetic victim whose strings must never appear in the files. */
enum { SECRET_COUNT = 13 };
static const char *const secrets[SECRET_COUNT] = {
    "Zephyrine",         "Quillfeather",       "zephyrine",       "quillfeather",
    "Marigoldsworth",    "1987-03-14",         "Larkspur",        "TB7 4QX",
    "07700 900461",      "zephyrine.q@example", "Brackenridge",   "01632 960718",
    "o.brackenridge@",
};

static void fill_referral(rt_referral *r, const char *given, const char *family,
                          const char *dob, int64_t created_at)
{
    static const char *const base[RT_RF_COUNT] = {
        [RT_RF_VICTIM_GIVEN_NAME] = "Zephyrine",
        [RT_RF_VICTIM_FAMILY_NAME] = "Quillfeather",
        [RT_RF_VICTIM_ALIASES] = "Zeph Marigoldsworth",
        [RT_RF_VICTIM_DOB] = "1987-03-14",
        [RT_RF_VICTIM_GENDER] = "female",
        [RT_RF_VICTIM_ADDRESS] = "17 Larkspur Mews\nThornbury",
        [RT_RF_VICTIM_POSTCODE] = "TB7 4QX",
        [RT_RF_VICTIM_PHONE] = "07700 900461",
        [RT_RF_VICTIM_SAFE_TO_CALL] = "yes",
        [RT_RF_VICTIM_EMAIL] = "zephyrine.q@example.org",
        [RT_RF_REFERRER_NAME] = "Ottoline Brackenridge",
        [RT_RF_REFERRER_PHONE] = "01632 960718",
        [RT_RF_REFERRER_EMAIL] = "o.brackenridge@police.example.org",
        [RT_RF_VICTIM_MINORITISED] = "not_known",
        [RT_RF_VICTIM_DISABILITY] = "no",
        [RT_RF_VICTIM_LGBT] = "not_known",
        [RT_RF_VICTIM_SAFE_TIMES] = "Weekday mornings via the Marigoldsworth surgery",
        [RT_RF_VICTIM_SAFE_VOICEMAIL] = "no",
        [RT_RF_VICTIM_SAFE_TEXT] = "yes",
        [RT_RF_VICTIM_SAFE_ADDRESS] = "c/o Larkspur Library",
        [RT_RF_VICTIM_CODE_WORD] = "Quillfeather-heron",
        [RT_RF_VICTIM_FEARS] = "Her former partner, Brackenridge",
        [RT_RF_VICTIM_SAFE_PEOPLE] = "Her sister in Larkspur",
        [RT_RF_VICTIM_UNSAFE_PEOPLE] = "Anyone at the Brackenridge farm",
        [RT_RF_PREVIOUS_MARAC] = "Thornbury Marac, 2023",
        [RT_RF_WANTS_POLICE] = "not_known",
        [RT_RF_CONSENT_AWARE] = "no",
        [RT_RF_CONSENT_NOT_AWARE_WHY] = "Unsafe while Brackenridge visits",
        [RT_RF_CONSENT_GIVEN] = "not_asked",
        [RT_RF_CONSENT_LAWFUL_BASIS] = "protect_safety",
        [RT_RF_CONSENT_PROTOCOL] = "Thornbury Marac ISP",
        [RT_RF_REFERRAL_DATE] = "2025-01-20",
    };
    memset(r, 0, sizeof *r);
    for (int i = 0; i < RT_RF_COUNT; i++) {
        const char *v = base[i];
        if (i == RT_RF_VICTIM_GIVEN_NAME)
            v = given;
        else if (i == RT_RF_VICTIM_FAMILY_NAME)
            v = family;
        else if (i == RT_RF_VICTIM_DOB)
            v = dob;
        if (v) {
            r->field[i] = strdup(v);
            assert_non_null(r->field[i]);
        }
    }
    r->agency_code = strdup("police-lf");
    assert_non_null(r->agency_code);
    r->created_at = created_at;
}

static void add_referral(fixture *f, const char *given, const char *family, const char *dob,
                         int64_t created_at, char id[RT_ID_HEX + 1])
{
    rt_referral r;
    fill_referral(&r, given, family, dob, created_at);
    r.created_by = strdup(f->user_id);
    assert_non_null(r.created_by);
    assert_int_equal(rt_store_referral_add(f->st, &r), RT_OK);
    assert_int_equal(strlen(r.id), RT_ID_HEX);
    memcpy(id, r.id, RT_ID_HEX + 1);
    rt_referral_clear(&r);
}

/* Runs SQL on the file through a second, plain connection, as someone
 * with the file but without the store's code would. */
static int raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    return rc;
}

/* ---- opening -------------------------------------------------------- */

static void test_open_create_and_version(void **state)
{
    (void)state;
    char *dir = rt_test_dir("store-sqlite-open");
    char *path = join(dir, "/new.db");
    rt_data_key key;
    assert_int_equal(rt_key_generate(&key), RT_OK);
    rt_store *st = (rt_store *)1;
    assert_int_equal(rt_store_open(path, &key, false, &st), RT_ENOTFOUND);
    assert_null(st);
    struct stat sb;
    assert_int_not_equal(stat(path, &sb), 0); /* not created */

    assert_int_equal(rt_store_open(path, &key, true, &st), RT_OK);
    assert_non_null(st);
    int v = 0;
    assert_int_equal(rt_store_schema_version(st, &v), RT_OK);
    assert_int_equal(v, migration_count());
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    char *wal = join(path, "-wal");
    assert_int_equal(stat(wal, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    rt_store_close(st);
    rt_store_close(NULL);

    /* A file already there is opened, not replaced. */
    assert_int_equal(rt_store_open(path, &key, true, &st), RT_OK);
    rt_store_close(st);
    free(wal);
    free(path);
    free(dir);
}

static void test_reopen_keeps_data_and_version(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 3; i++) {
        rt_store_close(f->st);
        f->st = NULL;
        assert_int_equal(rt_store_open(f->path, &f->key, false, &f->st), RT_OK);
        int v = 0;
        assert_int_equal(rt_store_schema_version(f->st, &v), RT_OK);
        assert_int_equal(v, migration_count());
        rt_agency a;
        assert_int_equal(rt_store_agency_get(f->st, "police-lf", &a), RT_OK);
        assert_string_equal(a.name, "Larchfield Constabulary");
        rt_agency_clear(&a);
    }
}

static void test_wrong_key_is_refused(void **state)
{
    fixture *f = *state;
    rt_store_close(f->st);
    f->st = NULL;
    rt_data_key wrong;
    assert_int_equal(rt_key_generate(&wrong), RT_OK);
    rt_store *st = (rt_store *)1;
    assert_int_equal(rt_store_open(f->path, &wrong, false, &st), RT_ECRYPTO);
    assert_null(st);
    assert_int_equal(rt_store_open(f->path, &wrong, true, &st), RT_ECRYPTO);
    assert_null(st);
    assert_int_equal(rt_store_open(f->path, &f->key, false, &f->st), RT_OK);

    /* Without its check value the key cannot be proved right. */
    rt_store_close(f->st);
    f->st = NULL;
    assert_int_equal(raw_exec(f->path, "DELETE FROM meta"), SQLITE_OK);
    assert_int_equal(rt_store_open(f->path, &f->key, false, &st), RT_ECRYPTO);
    assert_null(st);
}

static void test_unsupported_and_bad_locations(void **state)
{
    (void)state;
    static const struct {
        const char *location;
        rt_status want;
    } cases[] = {
        {"postgresql://rt@localhost/rt", RT_EUNSUPPORTED},
        {"postgres://rt@localhost/rt", RT_EUNSUPPORTED},
        {"", RT_EINVAL},
        {":memory:", RT_EINVAL}, /* would forget everything */
        {"/nonexistent-dir-for-rt-tests/rt.db", RT_EIO},
    };
    rt_data_key key;
    assert_int_equal(rt_key_generate(&key), RT_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_store *st = (rt_store *)1;
        rt_status got = rt_store_open(cases[i].location, &key, true, &st);
        if (got != cases[i].want)
            fail_msg("%s: got %s", cases[i].location, rt_status_str(got));
        assert_null(st);
    }
}

/* ---- agencies and users --------------------------------------------- */

static void test_agencies(void **state)
{
    fixture *f = *state;
    rt_agency a;
    assert_int_equal(rt_store_agency_get(f->st, "idva-lf", &a), RT_OK);
    assert_string_equal(a.code, "idva-lf");
    assert_string_equal(a.name, "Larchfield Idva Service");
    assert_int_equal(a.kind, RT_AGENCY_IDVA_SERVICE);
    rt_agency_clear(&a);
    assert_null(a.code);

    assert_int_equal(rt_store_agency_get(f->st, "housing-lf", &a), RT_ENOTFOUND);
    assert_null(a.code);

    rt_agency dup = {"police-lf", "Another Name", RT_AGENCY_OTHER};
    assert_int_equal(rt_store_agency_add(f->st, &dup), RT_EEXISTS);
    rt_agency bad_code = {"Police LF", "Spaces And Capitals", RT_AGENCY_OTHER};
    assert_int_equal(rt_store_agency_add(f->st, &bad_code), RT_EINVAL);
    rt_agency bad_kind = {"odd-lf", "Odd", (rt_agency_kind)99};
    assert_int_equal(rt_store_agency_add(f->st, &bad_kind), RT_EINVAL);

    add_agency(f->st, "housing-lf", "Aldergate Housing", RT_AGENCY_HOUSING);
    rt_agency *list = NULL;
    size_t n = 0;
    assert_int_equal(rt_store_agency_list(f->st, &list, &n), RT_OK);
    assert_int_equal(n, 3);
    assert_string_equal(list[0].name, "Aldergate Housing");
    assert_string_equal(list[1].name, "Larchfield Constabulary");
    assert_string_equal(list[2].name, "Larchfield Idva Service");
    assert_int_equal(list[0].kind, RT_AGENCY_HOUSING);
    rt_agency_list_free(list, n);
}

static void test_users(void **state)
{
    fixture *f = *state;
    rt_user u;
    assert_int_equal(rt_store_user_by_id(f->st, f->user_id, &u), RT_OK);
    assert_string_equal(u.id, f->user_id);
    assert_string_equal(u.username, "rowan.ashgrove");
    assert_string_equal(u.display_name, "Rowan Ashgrove");
    assert_string_equal(u.agency_code, "idva-lf");
    assert_int_equal(u.role, RT_ROLE_IDVA);
    assert_false(u.disabled);
    assert_int_equal(u.created_at, 1700000000);
    rt_user_clear(&u);

    rt_user nu = {0};
    nu.username = "Bex.Thornfield";
    nu.display_name = "Bex Thornfield";
    nu.agency_code = "police-lf";
    nu.role = RT_ROLE_AGENCY_REP;
    nu.password_hash = "$argon2id$v=19$m=65536,t=3,p=1$b3RoZXJzYWx0$b3RoZXJoYXNo";
    assert_int_equal(rt_store_user_add(f->st, &nu), RT_OK);
    assert_int_equal(strlen(nu.id), RT_ID_HEX);
    assert_string_not_equal(nu.id, f->user_id);
    assert_true(nu.created_at > 1700000000); /* stamped with the time now */

    assert_int_equal(rt_store_user_by_username(f->st, "BEX.thornfield", &u), RT_OK);
    assert_string_equal(u.username, "bex.thornfield"); /* stored lower-cased */
    assert_string_equal(u.id, nu.id);
    assert_int_equal(u.role, RT_ROLE_AGENCY_REP);
    rt_user_clear(&u);

    rt_user dup = nu;
    dup.username = "bex.THORNFIELD";
    assert_int_equal(rt_store_user_add(f->st, &dup), RT_EEXISTS);
    rt_user no_agency = nu;
    no_agency.username = "cal.merriweather";
    no_agency.agency_code = "nowhere-lf";
    assert_int_equal(rt_store_user_add(f->st, &no_agency), RT_EINVAL);
    rt_user bad_role = nu;
    bad_role.username = "dee.oakhurst";
    bad_role.role = (rt_role)42;
    assert_int_equal(rt_store_user_add(f->st, &bad_role), RT_EINVAL);

    assert_int_equal(rt_store_user_by_id(f->st, nu.id, &u), RT_OK);
    assert_false(u.must_change_password);
    rt_user_clear(&u);
    assert_int_equal(rt_store_user_set_password(f->st, nu.id, "$argon2id$once", true), RT_OK);
    assert_int_equal(rt_store_user_by_id(f->st, nu.id, &u), RT_OK);
    assert_true(u.must_change_password);
    rt_user_clear(&u);
    assert_int_equal(rt_store_user_set_password(f->st, nu.id, "$argon2id$new", false), RT_OK);
    assert_int_equal(rt_store_user_set_disabled(f->st, nu.id, true), RT_OK);
    assert_int_equal(rt_store_user_by_id(f->st, nu.id, &u), RT_OK);
    assert_string_equal(u.password_hash, "$argon2id$new");
    assert_false(u.must_change_password);
    assert_true(u.disabled);
    rt_user_clear(&u);
    assert_int_equal(rt_store_user_set_disabled(f->st, nu.id, false), RT_OK);
    assert_int_equal(rt_store_user_by_id(f->st, nu.id, &u), RT_OK);
    assert_false(u.disabled);
    rt_user_clear(&u);

    static const char missing[] = "0123456789abcdef0123456789abcdef";
    assert_int_equal(rt_store_user_by_id(f->st, missing, &u), RT_ENOTFOUND);
    assert_null(u.username);
    assert_int_equal(rt_store_user_by_username(f->st, "nobody", &u), RT_ENOTFOUND);
    assert_int_equal(rt_store_user_set_password(f->st, missing, "x", false), RT_ENOTFOUND);
    assert_int_equal(rt_store_user_set_disabled(f->st, missing, true), RT_ENOTFOUND);

    rt_user *list = NULL;
    size_t n = 0;
    assert_int_equal(rt_store_user_list(f->st, &list, &n), RT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(list[0].username, "bex.thornfield");
    assert_string_equal(list[1].username, "rowan.ashgrove");
    rt_user_list_free(list, n);
}

/* ---- sessions --------------------------------------------------------- */

static void make_session(rt_session_rec *s, unsigned char tag, const char *user_id,
                         int64_t created)
{
    memset(s, 0, sizeof *s);
    memset(s->token_hash, tag, sizeof s->token_hash);
    memcpy(s->user_id, user_id, RT_ID_HEX + 1);
    for (int i = 0; i < 64; i++)
        s->csrf[i] = "0123456789abcdef"[(i + tag) % 16];
    s->created_at = created;
    s->last_seen = created;
}

static void test_sessions(void **state)
{
    fixture *f = *state;
    rt_session_rec a, b, c, got;
    make_session(&a, 0xa1, f->user_id, 1000);
    make_session(&b, 0xb2, f->user_id, 2000);
    make_session(&c, 0xc3, f->user_id, 5000);
    assert_int_equal(rt_store_session_put(f->st, &a), RT_OK);
    assert_int_equal(rt_store_session_put(f->st, &b), RT_OK);
    assert_int_equal(rt_store_session_put(f->st, &c), RT_OK);
    assert_int_equal(rt_store_session_put(f->st, &a), RT_EEXISTS);

    rt_session_rec stranger;
    make_session(&stranger, 0xd4, "0123456789abcdef0123456789abcdef", 1000);
    assert_int_equal(rt_store_session_put(f->st, &stranger), RT_EINVAL);
    rt_session_rec short_csrf = a;
    short_csrf.token_hash[0] = 0x01;
    short_csrf.csrf[10] = '\0';
    assert_int_equal(rt_store_session_put(f->st, &short_csrf), RT_EINVAL);

    assert_int_equal(rt_store_session_get(f->st, a.token_hash, &got), RT_OK);
    assert_memory_equal(got.token_hash, a.token_hash, 32);
    assert_string_equal(got.user_id, f->user_id);
    assert_string_equal(got.csrf, a.csrf);
    assert_int_equal(got.created_at, 1000);
    assert_int_equal(got.last_seen, 1000);

    assert_int_equal(rt_store_session_touch(f->st, a.token_hash, 4500), RT_OK);
    assert_int_equal(rt_store_session_get(f->st, a.token_hash, &got), RT_OK);
    assert_int_equal(got.created_at, 1000);
    assert_int_equal(got.last_seen, 4500);

    /* a: created 1000, seen 4500; b: 2000/2000; c: 5000/5000. Expire
     * those created before 500 or idle since before 3000: only b. */
    assert_int_equal(rt_store_session_expire(f->st, 500, 3000), RT_OK);
    assert_int_equal(rt_store_session_get(f->st, b.token_hash, &got), RT_ENOTFOUND);
    assert_int_equal(rt_store_session_get(f->st, a.token_hash, &got), RT_OK);
    /* Now by age: created before 1500 goes (a). */
    assert_int_equal(rt_store_session_expire(f->st, 1500, 0), RT_OK);
    assert_int_equal(rt_store_session_get(f->st, a.token_hash, &got), RT_ENOTFOUND);
    assert_int_equal(rt_store_session_get(f->st, c.token_hash, &got), RT_OK);

    assert_int_equal(rt_store_session_delete(f->st, c.token_hash), RT_OK);
    assert_int_equal(rt_store_session_get(f->st, c.token_hash, &got), RT_ENOTFOUND);
    assert_int_equal(rt_store_session_delete(f->st, c.token_hash), RT_OK); /* idempotent */
    assert_int_equal(rt_store_session_touch(f->st, c.token_hash, 6000), RT_ENOTFOUND);

    assert_int_equal(rt_store_session_put(f->st, &a), RT_OK);
    assert_int_equal(rt_store_session_put(f->st, &b), RT_OK);
    assert_int_equal(rt_store_session_delete_user(f->st, f->user_id), RT_OK);
    assert_int_equal(rt_store_session_get(f->st, a.token_hash, &got), RT_ENOTFOUND);
    assert_int_equal(rt_store_session_get(f->st, b.token_hash, &got), RT_ENOTFOUND);
}

/* ---- referrals -------------------------------------------------------- */

static void test_referral_round_trip(void **state)
{
    fixture *f = *state;
    rt_referral r;
    fill_referral(&r, "Zephyrine", "Quillfeather", "1987-03-14", 1737370000);
    r.created_by = strdup(f->user_id);
    assert_non_null(r.created_by);
    assert_int_equal(rt_store_referral_add(f->st, &r), RT_OK);
    assert_int_equal(strlen(r.id), RT_ID_HEX);
    assert_int_equal(strspn(r.id, "0123456789abcdef"), RT_ID_HEX);

    rt_referral got;
    assert_int_equal(rt_store_referral_get(f->st, r.id, &got), RT_OK);
    assert_string_equal(got.id, r.id);
    for (int i = 0; i < RT_RF_COUNT; i++) {
        assert_non_null(got.field[i]);
        assert_string_equal(got.field[i], r.field[i]);
    }
    assert_string_equal(got.agency_code, "police-lf");
    assert_string_equal(got.created_by, f->user_id);
    assert_int_equal(got.created_at, 1737370000);
    rt_referral_clear(&got);

    /* Absent optional fields come back absent. */
    rt_referral sparse;
    fill_referral(&sparse, "Ismay", "Rookwood", NULL, 1737380000);
    static const int optional[] = {RT_RF_VICTIM_ALIASES, RT_RF_VICTIM_ADDRESS,
                                   RT_RF_VICTIM_POSTCODE, RT_RF_VICTIM_PHONE,
                                   RT_RF_VICTIM_EMAIL,   RT_RF_REFERRER_EMAIL};
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
        free(sparse.field[optional[i]]);
        sparse.field[optional[i]] = NULL;
    }
    assert_int_equal(rt_store_referral_add(f->st, &sparse), RT_OK);
    assert_int_equal(rt_store_referral_get(f->st, sparse.id, &got), RT_OK);
    assert_null(got.field[RT_RF_VICTIM_DOB]);
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++)
        assert_null(got.field[optional[i]]);
    assert_string_equal(got.field[RT_RF_VICTIM_FAMILY_NAME], "Rookwood");
    assert_null(got.created_by);
    rt_referral_clear(&got);

    assert_int_equal(rt_store_referral_get(f->st, "0123456789abcdef0123456789abcdef", &got),
                     RT_ENOTFOUND);
    assert_null(got.field[0]);
    rt_referral_clear(&sparse);
    rt_referral_clear(&r);
}

static void test_referral_refuses_invalid(void **state)
{
    fixture *f = *state;
    static const struct {
        int field;          /* field to change, or -1 for the agency */
        const char *value;  /* NULL: remove it */
    } cases[] = {
        {RT_RF_VICTIM_GIVEN_NAME, NULL},
        {RT_RF_VICTIM_FAMILY_NAME, NULL},
        {RT_RF_VICTIM_GENDER, NULL},
        {RT_RF_VICTIM_GENDER, "woman"},
        {RT_RF_VICTIM_SAFE_TO_CALL, "maybe"},
        {RT_RF_REFERRER_NAME, NULL},
        {RT_RF_REFERRER_PHONE, NULL},
        {RT_RF_REFERRAL_DATE, NULL},
        {RT_RF_REFERRAL_DATE, "20/01/2025"},
        {-1, "nowhere-lf"},
        {-1, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_referral r;
        fill_referral(&r, "Zephyrine", "Quillfeather", "1987-03-14", 0);
        char **slot = cases[i].field < 0 ? &r.agency_code : &r.field[cases[i].field];
        free(*slot);
        *slot = cases[i].value ? strdup(cases[i].value) : NULL;
        rt_status st = rt_store_referral_add(f->st, &r);
        if (st != RT_EINVAL)
            fail_msg("case %zu: got %s", i, rt_status_str(st));
        assert_string_equal(r.id, ""); /* no id assigned */
        rt_referral_clear(&r);
    }
    size_t n = 99;
    assert_int_equal(rt_store_referral_count(f->st, &n), RT_OK);
    assert_int_equal(n, 0);
}

static void test_referral_list_count_find(void **state)
{
    fixture *f = *state;
    char a[RT_ID_HEX + 1], b[RT_ID_HEX + 1], c[RT_ID_HEX + 1], d[RT_ID_HEX + 1];
    add_referral(f, "Zephyrine", "Quillfeather", "1987-03-14", 1000, a);
    add_referral(f, "Zephyrine", "Quillfeather", "1990-06-02", 2000, b);
    add_referral(f, "Wren", "  QUILLFEATHER ", "1987-03-14", 3000, c);
    add_referral(f, "Zephyrine", "Quillfeathers", "1987-03-14", 4000, d);

    size_t n = 0;
    assert_int_equal(rt_store_referral_count(f->st, &n), RT_OK);
    assert_int_equal(n, 4);

    rt_referral *list = NULL;
    assert_int_equal(rt_store_referral_list(f->st, &list, &n), RT_OK);
    assert_int_equal(n, 4);
    assert_string_equal(list[0].id, d); /* newest first */
    assert_string_equal(list[1].id, c);
    assert_string_equal(list[2].id, b);
    assert_string_equal(list[3].id, a);
    assert_string_equal(list[1].field[RT_RF_VICTIM_GIVEN_NAME], "Wren");
    assert_string_equal(list[2].field[RT_RF_VICTIM_DOB], "1990-06-02");
    rt_referral_list_free(list, n);

    static const struct {
        const char *family, *dob;
        size_t n;
    } finds[] = {
        {"Quillfeather", "1987-03-14", 2},
        {"quillfeather", "1987-03-14", 2},
        {" QuillFeather\t", "1987-03-14", 2},
        {"Quillfeather", "1990-06-02", 1},
        {"Quillfeathers", "1987-03-14", 1},
        {"Quillfeather", "1987-03-15", 0},
        {"Zephyrine", "1987-03-14", 0}, /* a given name is not a family name */
    };
    for (size_t i = 0; i < sizeof finds / sizeof finds[0]; i++) {
        char(*ids)[RT_ID_HEX + 1] = NULL;
        size_t got = 99;
        assert_int_equal(
            rt_store_referral_find_victim(f->st, finds[i].family, finds[i].dob, &ids, &got),
            RT_OK);
        if (got != finds[i].n)
            fail_msg("find %zu: %zu results, wanted %zu", i, got, finds[i].n);
        if (i == 0) {
            assert_string_equal(ids[0], c);
            assert_string_equal(ids[1], a);
        }
        free(ids);
    }
    char(*ids)[RT_ID_HEX + 1] = NULL;
    assert_int_equal(rt_store_referral_find_victim(f->st, "Quillfeather", NULL, &ids, &n),
                     RT_EINVAL);
    assert_null(ids);
}

/* Someone with write access to the file moves ciphertext between rows or
 * columns: the store must refuse to open it, not show it on the wrong
 * record. */
static void test_moved_ciphertext_is_refused(void **state)
{
    fixture *f = *state;
    char a[RT_ID_HEX + 1], b[RT_ID_HEX + 1];
    add_referral(f, "Zephyrine", "Quillfeather", "1987-03-14", 1000, a);
    add_referral(f, "Ismay", "Rookwood", "1979-11-30", 2000, b);

    char sql[512];
    snprintf(sql, sizeof sql,
             "UPDATE referral SET victim_address = (SELECT victim_address FROM referral "
             "WHERE id = '%s') WHERE id = '%s'",
             a, b);
    assert_int_equal(raw_exec(f->path, sql), SQLITE_OK);
    rt_referral got;
    assert_int_equal(rt_store_referral_get(f->st, b, &got), RT_ECRYPTO);
    assert_null(got.field[RT_RF_VICTIM_GIVEN_NAME]);
    assert_int_equal(rt_store_referral_get(f->st, a, &got), RT_OK);
    rt_referral_clear(&got);

    snprintf(sql, sizeof sql,
             "UPDATE referral SET victim_email = victim_phone WHERE id = '%s'", a);
    assert_int_equal(raw_exec(f->path, sql), SQLITE_OK);
    assert_int_equal(rt_store_referral_get(f->st, a, &got), RT_ECRYPTO);

    rt_referral *list = (rt_referral *)1;
    size_t n = 5;
    assert_int_equal(rt_store_referral_list(f->st, &list, &n), RT_ECRYPTO);
    assert_null(list);
    assert_int_equal(n, 0);
}

/* ---- audit ------------------------------------------------------------ */

static void test_audit_chain_and_append_only(void **state)
{
    fixture *f = *state;
    rt_audit_event ev = {1737370000, f->user_id, "referral.read", "referral",
                         "0123456789abcdef0123456789abcdef", "victim.given_name,victim.dob",
                         "192.0.2.10", "ok"};
    assert_int_equal(rt_store_audit_append(f->st, &ev), RT_OK);
    rt_audit_event anon = {1737370001, NULL, "session.create", NULL, NULL, NULL, NULL,
                           "denied"};
    assert_int_equal(rt_store_audit_append(f->st, &anon), RT_OK);
    assert_int_equal(rt_store_audit_append(f->st, &ev), RT_OK);
    rt_audit_event throttled = anon;
    throttled.outcome = "throttled";
    assert_int_equal(rt_store_audit_append(f->st, &throttled), RT_OK);
    rt_audit_event bad = ev;
    bad.outcome = "Not OK";
    assert_int_equal(rt_store_audit_append(f->st, &bad), RT_EINVAL);
    bad.outcome = "";
    assert_int_equal(rt_store_audit_append(f->st, &bad), RT_EINVAL);
    bad.outcome = NULL;
    assert_int_equal(rt_store_audit_append(f->st, &bad), RT_EINVAL);

    size_t n = 0;
    assert_int_equal(rt_store_audit_count(f->st, &n), RT_OK);
    assert_int_equal(n, 4);

    /* The chain: the first entry starts from zeros, each next one from
     * its predecessor's hash, and equal content still hashes apart. */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT prev_hash, hash FROM audit_log ORDER BY seq",
                                        -1, &q, NULL),
                     SQLITE_OK);
    unsigned char prev[32] = {0}, hashes[4][32];
    for (int i = 0; i < 4; i++) {
        assert_int_equal(sqlite3_step(q), SQLITE_ROW);
        assert_int_equal(sqlite3_column_bytes(q, 0), 32);
        assert_int_equal(sqlite3_column_bytes(q, 1), 32);
        assert_memory_equal(sqlite3_column_blob(q, 0), prev, 32);
        memcpy(hashes[i], sqlite3_column_blob(q, 1), 32);
        memcpy(prev, hashes[i], 32);
    }
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    assert_memory_not_equal(hashes[0], hashes[2], 32);

    static const char *const tamper[] = {
        "UPDATE audit_log SET outcome = 'denied' WHERE seq = 1",
        "UPDATE audit_log SET hash = prev_hash",
        "DELETE FROM audit_log WHERE seq = 2",
        "DELETE FROM audit_log",
    };
    for (size_t i = 0; i < sizeof tamper / sizeof tamper[0]; i++) {
        int rc = sqlite3_exec(db, tamper[i], NULL, NULL, NULL);
        if (rc != SQLITE_CONSTRAINT)
            fail_msg("%s: rc %d", tamper[i], rc);
    }
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    assert_int_equal(rt_store_audit_count(f->st, &n), RT_OK);
    assert_int_equal(n, 4);
}

typedef struct audit_thread {
    rt_store *st;
    int failures;
} audit_thread;

static void *append_many(void *arg)
{
    audit_thread *t = arg;
    rt_audit_event ev = {1737370000, NULL, "session.check", NULL, NULL, NULL, NULL, "ok"};
    for (int i = 0; i < 25; i++)
        if (rt_store_audit_append(t->st, &ev) != RT_OK)
            t->failures++;
    return NULL;
}

static void test_calls_from_threads_are_serialised(void **state)
{
    fixture *f = *state;
    pthread_t th[4];
    audit_thread args[4];
    for (int i = 0; i < 4; i++) {
        args[i].st = f->st;
        args[i].failures = 0;
        assert_int_equal(pthread_create(&th[i], NULL, append_many, &args[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_int_equal(args[i].failures, 0);
    }
    size_t n = 0;
    assert_int_equal(rt_store_audit_count(f->st, &n), RT_OK);
    assert_int_equal(n, 100);
}

/* ---- transactions ----------------------------------------------------- */

static size_t referral_count(fixture *f)
{
    size_t n = 99;
    assert_int_equal(rt_store_referral_count(f->st, &n), RT_OK);
    return n;
}

static size_t audit_count(fixture *f)
{
    size_t n = 99;
    assert_int_equal(rt_store_audit_count(f->st, &n), RT_OK);
    return n;
}

static size_t agency_count(rt_store *st)
{
    rt_agency *list = NULL;
    size_t n = 99;
    assert_int_equal(rt_store_agency_list(st, &list, &n), RT_OK);
    rt_agency_list_free(list, n);
    return n;
}

/* The number of rows another connection to the file sees: what a crash
 * at this moment would leave. */
static int raw_count(const char *path, const char *table)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    int n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
    return n;
}

static const rt_audit_event created = {1737370000, NULL, "referral.create", "referral", NULL,
                                       NULL, NULL, "ok"};

/* A referral and its audit entry, committed together or rolled back
 * together, whatever status the caller ends with. */
static void test_transaction_commit_and_rollback(void **state)
{
    fixture *f = *state;
    static const struct {
        rt_status so_far; /* what the operation reports at the end */
    } cases[] = {
        {RT_OK}, {RT_EINVAL}, {RT_ESTORE}, {RT_OK}, {RT_ENOTFOUND},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t before = referral_count(f);
        assert_int_equal(rt_store_begin(f->st), RT_OK);
        char id[RT_ID_HEX + 1];
        add_referral(f, "Zephyrine", "Quillfeather", "1987-03-14", 1737370000, id);
        assert_int_equal(rt_store_audit_append(f->st, &created), RT_OK);
        /* Inside, the thread sees its own writes; outside, nobody does yet. */
        assert_int_equal(referral_count(f), before + 1);
        assert_int_equal(raw_count(f->path, "referral"), (int)before);
        assert_int_equal(rt_store_end(f->st, cases[i].so_far), cases[i].so_far);
        size_t want = cases[i].so_far == RT_OK ? before + 1 : before;
        assert_int_equal(referral_count(f), want);
        assert_int_equal(audit_count(f), want);
        assert_int_equal(raw_count(f->path, "referral"), (int)want);
        assert_int_equal(raw_count(f->path, "audit_log"), (int)want);
    }
    assert_int_equal(referral_count(f), 2);
    rt_audit_report rep;
    assert_int_equal(rt_store_audit_verify(f->st, &rep), RT_OK);
    assert_true(rep.ok);
    /* Ending with no store gives back the failure, or reports one. */
    assert_int_equal(rt_store_end(NULL, RT_EDENIED), RT_EDENIED);
    assert_int_equal(rt_store_end(NULL, RT_OK), RT_EINVAL);
    assert_int_equal(rt_store_begin(NULL), RT_EINVAL);
}

/* A write that fails inside a transaction leaves nothing of itself and
 * leaves the transaction to its owner, who may still commit the rest. */
static void test_transaction_inner_failure(void **state)
{
    fixture *f = *state;
    size_t agencies = agency_count(f->st);
    assert_int_equal(rt_store_begin(f->st), RT_OK);
    add_agency(f->st, "social-lf", "Larchfield Social Care", RT_AGENCY_CHILDRENS_SOCIAL_CARE);
    rt_agency dup = {"social-lf", "Larchfield Children's Services", RT_AGENCY_HEALTH};
    assert_int_equal(rt_store_agency_add(f->st, &dup), RT_EEXISTS);
    /* A referral by an unknown user breaks a foreign key part-way. */
    rt_referral r;
    fill_referral(&r, "Zephyrine", "Quillfeather", "1987-03-14", 1737370000);
    r.created_by = strdup("ffffffffffffffffffffffffffffffff");
    assert_non_null(r.created_by);
    assert_int_not_equal(rt_store_referral_add(f->st, &r), RT_OK);
    rt_referral_clear(&r);
    const char *keys[] = {"k1"};
    assert_int_equal(rt_store_link_keys_set(f->st, "0123456789abcdef0123456789abcdef", keys, 1),
                     RT_ENOTFOUND);
    assert_int_equal(rt_store_audit_append(f->st, &created), RT_OK);
    assert_int_equal(rt_store_end(f->st, RT_OK), RT_OK);

    assert_int_equal(agency_count(f->st), agencies + 1);
    rt_agency got = {0};
    assert_int_equal(rt_store_agency_get(f->st, "social-lf", &got), RT_OK);
    assert_string_equal(got.name, "Larchfield Social Care");
    rt_agency_clear(&got);
    assert_int_equal(referral_count(f), 0);
    assert_int_equal(audit_count(f), 1);
}

/* A transaction begun inside another is a part its end keeps or undoes
 * alone; only the outermost end commits, and its rollback takes all. */
static void test_transaction_nesting(void **state)
{
    fixture *f = *state;
    size_t agencies = agency_count(f->st);
    assert_int_equal(rt_store_begin(f->st), RT_OK);
    add_agency(f->st, "health-a", "Larchfield Health A", RT_AGENCY_HEALTH);
    assert_int_equal(rt_store_begin(f->st), RT_OK);
    add_agency(f->st, "health-b", "Larchfield Health B", RT_AGENCY_HEALTH);
    assert_int_equal(rt_store_end(f->st, RT_EINVAL), RT_EINVAL);
    assert_int_equal(rt_store_begin(f->st), RT_OK);
    add_agency(f->st, "health-c", "Larchfield Health C", RT_AGENCY_HEALTH);
    assert_int_equal(rt_store_end(f->st, RT_OK), RT_OK);
    /* Kept inner parts are still the outer transaction's: not yet on disk. */
    assert_int_equal(raw_count(f->path, "agency"), (int)agencies);
    assert_int_equal(rt_store_end(f->st, RT_OK), RT_OK);
    assert_int_equal(agency_count(f->st), agencies + 2);
    rt_agency got = {0};
    assert_int_equal(rt_store_agency_get(f->st, "health-b", &got), RT_ENOTFOUND);
    assert_int_equal(rt_store_agency_get(f->st, "health-c", &got), RT_OK);
    rt_agency_clear(&got);

    /* The outer rollback undoes an inner part that was kept. */
    assert_int_equal(rt_store_begin(f->st), RT_OK);
    assert_int_equal(rt_store_begin(f->st), RT_OK);
    add_agency(f->st, "health-d", "Larchfield Health D", RT_AGENCY_HEALTH);
    assert_int_equal(rt_store_end(f->st, RT_OK), RT_OK);
    assert_int_equal(rt_store_end(f->st, RT_ESTORE), RT_ESTORE);
    assert_int_equal(agency_count(f->st), agencies + 2);
}

typedef struct waiter {
    rt_store *st;
    _Atomic int done;
    size_t seen;
} waiter;

static void *list_agencies(void *arg)
{
    waiter *w = arg;
    w->seen = agency_count(w->st);
    w->done = 1;
    return NULL;
}

/* Another thread's call waits for the transaction to end, and then sees
 * all of it, never half. */
static void test_transaction_other_thread_waits(void **state)
{
    fixture *f = *state;
    size_t agencies = agency_count(f->st);
    assert_int_equal(rt_store_begin(f->st), RT_OK);
    add_agency(f->st, "probation-lf", "Larchfield Probation", RT_AGENCY_PROBATION);
    waiter w = {.st = f->st};
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, list_agencies, &w), 0);
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
    assert_int_equal(w.done, 0);
    add_agency(f->st, "housing-lf", "Larchfield Housing", RT_AGENCY_HOUSING);
    assert_int_equal(rt_store_end(f->st, RT_OK), RT_OK);
    assert_int_equal(pthread_join(th, NULL), 0);
    assert_int_equal(w.done, 1);
    assert_int_equal(w.seen, agencies + 2);
}

/* A full disk at COMMIT: run in a child whose files may not grow, so the
 * WAL frames of the commit cannot be written. The referral and its audit
 * entry are both absent afterwards, and the end reports the failure. */
static void test_transaction_full_disk(void **state)
{
    fixture *f = *state;
    char *wal = join(f->path, "-wal");
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        /* The child opens its own connection; _exit skips the parent's
         * clean-up, which is not the child's to run. */
        rt_store *st = NULL;
        struct stat sb;
        if (rt_store_open(f->path, &f->key, false, &st) != RT_OK || stat(wal, &sb) != 0)
            _exit(2);
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = {(rlim_t)sb.st_size, (rlim_t)sb.st_size};
        if (setrlimit(RLIMIT_FSIZE, &lim) != 0 || rt_store_begin(st) != RT_OK)
            _exit(2);
        rt_referral r;
        fill_referral(&r, "Zephyrine", "Quillfeather", "1987-03-14", 1737370000);
        r.created_by = strdup(f->user_id);
        rt_status rs = rt_store_referral_add(st, &r);
        if (rs == RT_OK)
            rs = rt_store_audit_append(st, &created);
        if (rs != RT_OK)
            _exit(3);
        rs = rt_store_end(st, RT_OK);
        _exit(rs == RT_OK ? 1 : 0);
    }
    free(wal);
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_int_equal(referral_count(f), 0);
    assert_int_equal(audit_count(f), 0);
    assert_int_equal(raw_count(f->path, "referral"), 0);
    /* The store goes on working once there is room. */
    assert_int_equal(rt_store_begin(f->st), RT_OK);
    char id[RT_ID_HEX + 1];
    add_referral(f, "Zephyrine", "Quillfeather", "1987-03-14", 1737370000, id);
    assert_int_equal(rt_store_audit_append(f->st, &created), RT_OK);
    assert_int_equal(rt_store_end(f->st, RT_OK), RT_OK);
    assert_int_equal(referral_count(f), 1);
    assert_int_equal(audit_count(f), 1);
}

/* ---- the plaintext test ----------------------------------------------- */

/* Reads the database and its WAL into one buffer (a missing WAL adds
 * nothing). */
static unsigned char *read_store_files(const char *path, size_t *len)
{
    size_t dlen = 0, wlen = 0;
    unsigned char *db = rt_test_read_file(path, &dlen);
    assert_non_null(db);
    char *walpath = join(path, "-wal");
    unsigned char *wal = rt_test_read_file(walpath, &wlen);
    free(walpath);
    unsigned char *all = malloc(dlen + wlen + 1);
    assert_non_null(all);
    memcpy(all, db, dlen);
    if (wal)
        memcpy(all + dlen, wal, wlen);
    free(db);
    free(wal);
    *len = dlen + wlen;
    return all;
}

static void assert_no_secrets(const unsigned char *bytes, size_t len, const char *when)
{
    for (size_t i = 0; i < SECRET_COUNT; i++)
        if (rt_test_contains(bytes, len, secrets[i]))
            fail_msg("%s: \"%s\" is in the files in clear", when, secrets[i]);
    /* The scan must be able to see clear text: these are stored clear. */
    assert_true(rt_test_contains(bytes, len, "Larchfield Constabulary"));
    assert_true(rt_test_contains(bytes, len, "2025-01-20"));
    assert_true(rt_test_contains(bytes, len, "rowan.ashgrove"));
}

static void test_no_plaintext_in_files(void **state)
{
    fixture *f = *state;
    char id[RT_ID_HEX + 1], other[RT_ID_HEX + 1];
    add_referral(f, "Zephyrine", "Quillfeather", "1987-03-14", 1000, id);
    add_referral(f, "Zephyrine", "Quillfeather", "1987-03-14", 2000, other);

    /* Reading, listing and finding must not write plaintext either. */
    rt_referral got;
    assert_int_equal(rt_store_referral_get(f->st, id, &got), RT_OK);
    assert_string_equal(got.field[RT_RF_VICTIM_ADDRESS], "17 Larkspur Mews\nThornbury");
    rt_referral_clear(&got);
    char(*ids)[RT_ID_HEX + 1] = NULL;
    size_t n = 0;
    assert_int_equal(rt_store_referral_find_victim(f->st, "Quillfeather", "1987-03-14", &ids, &n),
                     RT_OK);
    assert_int_equal(n, 2);
    free(ids);
    rt_audit_event ev = {1737370000, f->user_id, "referral.read", "referral", id,
                         "victim.given_name,victim.address", "192.0.2.10", "ok"};
    assert_int_equal(rt_store_audit_append(f->st, &ev), RT_OK);

    size_t len = 0;
    unsigned char *bytes = read_store_files(f->path, &len);
    assert_no_secrets(bytes, len, "before close");
    free(bytes);

    rt_store_close(f->st);
    f->st = NULL;
    bytes = read_store_files(f->path, &len);
    assert_no_secrets(bytes, len, "after close");
    free(bytes);
    assert_int_equal(rt_store_open(f->path, &f->key, false, &f->st), RT_OK);
}

/* A case opens once per referral; its moves are conditional on the status
 * read; items are sealed, one of a single kind; overdue lists, profiles,
 * rules and counts; a purged referral takes its case along. */
static void test_casework(void **state)
{
    fixture *f = *state;
    char ref[RT_ID_HEX + 1], other[RT_ID_HEX + 1];
    add_referral(f, "Zephyrine", "Quillfeather", "1987-03-14", 1000, ref);
    add_referral(f, "Ismay", "Rookwood", "1979-11-30", 2000, other);

    rt_case c = {.status = RT_CASE_ALLOCATED, .allocated_at = 5000};
    memcpy(c.referral_id, ref, sizeof c.referral_id);
    memcpy(c.idva_id, f->user_id, sizeof c.idva_id);
    snprintf(c.service, sizeof c.service, "idva-lf");
    snprintf(c.referred_on, sizeof c.referred_on, "2025-01-20");
    rt_case_event ev = {.at = 5000};
    memcpy(ev.by, f->user_id, sizeof ev.by);
    memcpy(ev.idva_id, f->user_id, sizeof ev.idva_id);
    snprintf(ev.what, sizeof ev.what, "allocated");
    assert_int_equal(rt_store_case_add(f->st, &c, &ev), RT_OK);
    assert_int_equal(strlen(c.id), RT_ID_HEX);
    rt_case again = c;
    again.id[0] = '\0';
    rt_case_event ev2 = ev;
    assert_int_equal(rt_store_case_add(f->st, &again, &ev2), RT_EEXISTS);
    snprintf(again.service, sizeof again.service, "nowhere");
    memcpy(again.referral_id, other, sizeof again.referral_id);
    assert_int_equal(rt_store_case_add(f->st, &again, &ev2), RT_EINVAL);

    rt_case got;
    assert_int_equal(rt_store_case_by_referral(f->st, ref, &got), RT_OK);
    assert_string_equal(got.id, c.id);
    assert_int_equal(got.status, RT_CASE_ALLOCATED);
    assert_int_equal(rt_store_case_by_referral(f->st, other, &got), RT_ENOTFOUND);
    assert_int_equal(rt_store_case_get(f->st, c.id, &got), RT_OK);

    /* Moved only from the status it was read in. */
    got.status = RT_CASE_CLOSED;
    got.closed_at = 6000;
    snprintf(got.closure_reason, sizeof got.closure_reason, "declined_disengaged");
    got.updated_at = 6000;
    rt_case_event close = {.at = 6000, .detail = "Zephyrine moved away from Larkspur"};
    memcpy(close.by, f->user_id, sizeof close.by);
    memcpy(close.idva_id, f->user_id, sizeof close.idva_id);
    snprintf(close.what, sizeof close.what, "closed");
    assert_int_equal(rt_store_case_update(f->st, &got, RT_CASE_ACTIVE, &close), RT_EEXISTS);
    assert_int_equal(rt_store_case_update(f->st, &got, RT_CASE_ALLOCATED, &close), RT_OK);
    assert_int_equal(rt_store_case_get(f->st, c.id, &got), RT_OK);
    assert_int_equal(got.status, RT_CASE_CLOSED);
    assert_string_equal(got.closure_reason, "declined_disengaged");
    rt_case_event *evs;
    size_t n;
    assert_int_equal(rt_store_case_events(f->st, c.id, &evs, &n), RT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(evs[0].what, "allocated");
    assert_null(evs[0].detail);
    assert_string_equal(evs[1].detail, "Zephyrine moved away from Larkspur");
    rt_case_events_free(evs, n);

    rt_case *cases;
    assert_int_equal(rt_store_case_list(f->st, "idva-lf", NULL, true, &cases, &n), RT_OK);
    assert_int_equal(n, 0);
    free(cases);
    assert_int_equal(rt_store_case_list(f->st, NULL, f->user_id, false, &cases, &n), RT_OK);
    assert_int_equal(n, 1);
    free(cases);

    /* Reopen, then items. */
    got.status = RT_CASE_ACTIVE;
    got.closed_at = 0;
    got.closure_reason[0] = '\0';
    rt_case_event reopen = {.at = 7000, .detail = "Abuse began again"};
    memcpy(reopen.by, f->user_id, sizeof reopen.by);
    memcpy(reopen.idva_id, f->user_id, sizeof reopen.idva_id);
    snprintf(reopen.what, sizeof reopen.what, "reopened");
    assert_int_equal(rt_store_case_update(f->st, &got, RT_CASE_CLOSED, &reopen), RT_OK);

    rt_case_item safe = {.kind = RT_ITEM_SAFE_CONTACT, .body = "phone_safe=no&code_word=Larkspur"};
    memcpy(safe.case_id, c.id, sizeof safe.case_id);
    assert_int_equal(rt_store_case_item_put(f->st, &safe, f->user_id, 7100), RT_OK);
    rt_case_item second = {.kind = RT_ITEM_SAFE_CONTACT, .body = "phone_safe=yes"};
    memcpy(second.case_id, c.id, sizeof second.case_id);
    assert_int_equal(rt_store_case_item_put(f->st, &second, f->user_id, 7200), RT_EEXISTS);
    safe.body = "phone_safe=yes&code_word=Larkspur";
    assert_int_equal(rt_store_case_item_put(f->st, &safe, f->user_id, 7300), RT_OK);
    rt_case_item task = {.kind = RT_ITEM_TASK, .body = "title=Ring Larkspur housing",
                         .status = "open", .due = "2025-02-01"};
    memcpy(task.case_id, c.id, sizeof task.case_id);
    assert_int_equal(rt_store_case_item_put(f->st, &task, f->user_id, 7400), RT_OK);
    rt_case_item wrong = task;
    wrong.kind = RT_ITEM_NOTE;
    assert_int_equal(rt_store_case_item_put(f->st, &wrong, f->user_id, 7500), RT_ENOTFOUND);

    rt_case_item *items;
    assert_int_equal(rt_store_case_items(f->st, c.id, -1, true, &items, &n), RT_OK);
    assert_int_equal(n, 2);
    assert_string_equal(items[0].body, "phone_safe=yes&code_word=Larkspur");
    assert_int_equal(items[0].updated_at, 7300);
    assert_int_equal(items[0].created_at, 7100);
    rt_case_items_free(items, n);
    assert_int_equal(rt_store_case_items(f->st, c.id, RT_ITEM_TASK, false, &items, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_null(items[0].body);
    assert_string_equal(items[0].status, "open");
    rt_case_items_free(items, n);
    assert_int_equal(rt_store_case_items_overdue(f->st, "idva-lf", NULL, "2025-02-02", &items, &n),
                     RT_OK);
    assert_int_equal(n, 1);
    rt_case_items_free(items, n);
    assert_int_equal(rt_store_case_items_overdue(f->st, "idva-lf", NULL, "2025-02-01", &items, &n),
                     RT_OK);
    assert_int_equal(n, 0);
    rt_case_items_free(items, n);

    /* No plaintext of an item or an event reaches the files. */
    size_t len = 0;
    unsigned char *bytes = read_store_files(f->path, &len);
    assert_no_secrets(bytes, len, "casework");
    free(bytes);

    rt_idva_profile p = {.fte = 0.5, .specialisms = 1u << RT_SPEC_HOSPITAL};
    memcpy(p.user_id, f->user_id, sizeof p.user_id);
    snprintf(p.areas, sizeof p.areas, "TB,WM3");
    assert_int_equal(rt_store_idva_profile_put(f->st, &p), RT_OK);
    p.fte = 2.0;
    assert_int_equal(rt_store_idva_profile_put(f->st, &p), RT_EINVAL);
    rt_idva_profile gp;
    assert_int_equal(rt_store_idva_profile_get(f->st, f->user_id, &gp), RT_OK);
    assert_true(gp.fte == 0.5);
    assert_int_equal(gp.specialisms, 1u << RT_SPEC_HOSPITAL);
    assert_string_equal(gp.areas, "TB,WM3");

    rt_caseload_rules r;
    assert_int_equal(rt_store_caseload_rules_get(f->st, "idva-lf", &r), RT_OK);
    assert_int_equal(r.open_per_fte, 25);
    r.open_per_fte = 20;
    assert_int_equal(rt_store_caseload_rules_put(f->st, "idva-lf", &r), RT_OK);
    assert_int_equal(rt_store_caseload_rules_get(f->st, "idva-lf", &r), RT_OK);
    assert_int_equal(r.open_per_fte, 20);
    r.unsafe_per_fte = 10;
    assert_int_equal(rt_store_caseload_rules_put(f->st, "idva-lf", &r), RT_EINVAL);

    rt_caseload_count *counts;
    assert_int_equal(rt_store_caseload_counts(f->st, "idva-lf", 4000, &counts, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(counts[0].open, 1);
    assert_int_equal(counts[0].since, 1);
    free(counts);

    assert_int_equal(rt_store_referral_purge(f->st, ref), RT_OK);
    assert_int_equal(rt_store_case_get(f->st, c.id, &got), RT_ENOTFOUND);
}

/* Maracs, meetings moved only from the status read, listed cases with
 * what was said sealed, research and actions (sealed), cascades. */
static void test_marac(void **state)
{
    fixture *f = *state;
    char ref[RT_ID_HEX + 1];
    add_referral(f, "Zephyrine", "Quillfeather", "1987-03-14", 1000, ref);
    rt_marac m = {.code = "larchfield", .name = "Larchfield Marac", .areas = "TB,LF1"};
    rt_marac_rules_default(&m.rules);
    assert_int_equal(rt_store_marac_put(f->st, &m), RT_OK);
    assert_int_equal(rt_store_marac_member_add(f->st, "larchfield", "police-lf"), RT_OK);
    assert_int_equal(rt_store_marac_member_add(f->st, "larchfield", "police-lf"), RT_OK);
    assert_int_equal(rt_store_marac_member_add(f->st, "larchfield", "nowhere"), RT_EINVAL);
    char(*members)[65];
    size_t n;
    assert_int_equal(rt_store_marac_members(f->st, "larchfield", &members, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_string_equal(members[0], "police-lf");
    free(members);

    rt_meeting mt = {.marac = "larchfield", .held_on = "2025-02-10", .venue = "Town Hall, Room 2",
                     .created_at = 2000};
    memcpy(mt.created_by, f->user_id, sizeof mt.created_by);
    assert_int_equal(rt_store_meeting_add(f->st, &mt), RT_OK);
    assert_int_equal(rt_store_meeting_move(f->st, mt.id, RT_MEETING_RELEASED, RT_MEETING_HELD,
                                           f->user_id, 3000),
                     RT_EEXISTS);
    assert_int_equal(rt_store_meeting_move(f->st, mt.id, RT_MEETING_SCHEDULED,
                                           RT_MEETING_RELEASED, f->user_id, 3000),
                     RT_OK);
    rt_meeting got;
    assert_int_equal(rt_store_meeting_get(f->st, mt.id, &got), RT_OK);
    assert_int_equal(got.status, RT_MEETING_RELEASED);
    assert_int_equal(got.released_at, 3000);

    rt_meeting_case c = {.listing = RT_LIST_REPEAT, .heard = true,
                         .hearing = "views=Wants+Larkspur+kept+secret"};
    memcpy(c.meeting_id, mt.id, sizeof c.meeting_id);
    memcpy(c.referral_id, ref, sizeof c.referral_id);
    assert_int_equal(rt_store_meeting_case_put(f->st, &c), RT_OK);
    rt_meeting_case *cases;
    assert_int_equal(rt_store_meeting_cases(f->st, mt.id, true, &cases, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(cases[0].listing, RT_LIST_REPEAT);
    assert_string_equal(cases[0].hearing, "views=Wants+Larkspur+kept+secret");
    rt_meeting_cases_free(cases, n);
    assert_int_equal(rt_store_listings_of(f->st, ref, &cases, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_null(cases[0].hearing);
    rt_meeting_cases_free(cases, n);

    rt_research r = {.agency = "police-lf", .body = "facts=Larkspur+call-outs&flagged=yes",
                     .flagged = true, .updated_at = 3100};
    memcpy(r.meeting_id, mt.id, sizeof r.meeting_id);
    memcpy(r.referral_id, ref, sizeof r.referral_id);
    memcpy(r.updated_by, f->user_id, sizeof r.updated_by);
    assert_int_equal(rt_store_research_put(f->st, &r), RT_OK);
    rt_research *rs;
    assert_int_equal(rt_store_research_list(f->st, mt.id, NULL, "police-lf", &rs, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rs[0].body, "facts=Larkspur+call-outs&flagged=yes");
    rt_research_free(rs, n);

    rt_marac_action a = {.agency = "police-lf", .due = "2025-03-01",
                         .body = "text=Larkspur+patrols", .created_at = 3200};
    memcpy(a.meeting_id, mt.id, sizeof a.meeting_id);
    memcpy(a.referral_id, ref, sizeof a.referral_id);
    memcpy(a.created_by, f->user_id, sizeof a.created_by);
    assert_int_equal(rt_store_action_add(f->st, &a), RT_OK);
    assert_int_equal(rt_store_action_move(f->st, a.id, RT_ACTION_DONE, RT_ACTION_NOT_DONE,
                                          "x", f->user_id, 3300),
                     RT_EEXISTS);
    assert_int_equal(rt_store_action_move(f->st, a.id, RT_ACTION_OPEN, RT_ACTION_NOT_POSSIBLE,
                                          "Zephyrine moved from Larkspur", f->user_id, 3300),
                     RT_OK);
    rt_marac_action ga;
    assert_int_equal(rt_store_action_get(f->st, a.id, &ga), RT_OK);
    assert_int_equal(ga.status, RT_ACTION_NOT_POSSIBLE);
    assert_string_equal(ga.reason, "Zephyrine moved from Larkspur");
    assert_string_equal(ga.body, "text=Larkspur+patrols");
    rt_marac_action_clear(&ga);
    rt_marac_action *acts;
    assert_int_equal(rt_store_action_list(f->st, NULL, NULL, "police-lf", &acts, &n), RT_OK);
    assert_int_equal(n, 1);
    rt_actions_free(acts, n);

    size_t len = 0;
    unsigned char *bytes = read_store_files(f->path, &len);
    assert_no_secrets(bytes, len, "marac");
    free(bytes);

    assert_int_equal(rt_store_referral_purge(f->st, ref), RT_OK);
    assert_int_equal(rt_store_action_list(f->st, mt.id, NULL, NULL, &acts, &n), RT_OK);
    assert_int_equal(n, 0);
    rt_actions_free(acts, n);
}

/* Linkage keys find candidates only through their keyed hashes; identity
 * decisions stand one per pair, are undone not deleted, and keep why. */
static void test_link_keys_and_identity(void **state)
{
    fixture *f = *state;
    char a[RT_ID_HEX + 1], b[RT_ID_HEX + 1], c[RT_ID_HEX + 1];
    add_referral(f, "Zephyrine", "Quillfeather", "1987-03-14", 1700000000, a);
    add_referral(f, "Zephyrin", "Quillfeather", "1987-03-14", 1700000100, b);
    add_referral(f, "Bramwell", "Ashgrove", "1962-11-02", 1700000200, c);
    const char *ka[] = {"0|Q416|1987", "1|1987-3-14"}, *kb[] = {"1|1987-3-14"},
               *kc[] = {"0|A226|1962"};
    assert_int_equal(rt_store_link_keys_set(f->st, a, ka, 2), RT_OK);
    assert_int_equal(rt_store_link_keys_set(f->st, b, kb, 1), RT_OK);
    assert_int_equal(rt_store_link_keys_set(f->st, c, kc, 1), RT_OK);
    assert_int_equal(rt_store_link_keys_set(f->st, "0123456789abcdef0123456789abcdef", kb, 1),
                     RT_ENOTFOUND);
    char(*ids)[RT_ID_HEX + 1];
    size_t n;
    assert_int_equal(rt_store_link_candidates(f->st, ka, 2, 100, a, &ids, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], b);
    free(ids);
    assert_int_equal(rt_store_link_candidates(f->st, ka, 2, 100, NULL, &ids, &n), RT_OK);
    assert_int_equal(n, 2); /* a and b, each once though a matches twice */
    free(ids);
    /* The birth-date key is shared by two: over a group of one it is too
     * common to use, and only a's own surname key is left. */
    assert_int_equal(rt_store_link_candidates(f->st, ka, 2, 1, NULL, &ids, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_string_equal(ids[0], a);
    free(ids);
    assert_int_equal(rt_store_link_candidates(f->st, ka, 2, 0, NULL, &ids, &n), RT_EINVAL);
    const char *none[] = {"9|nothing"};
    assert_int_equal(rt_store_link_candidates(f->st, none, 1, 100, NULL, &ids, &n), RT_OK);
    assert_int_equal(n, 0);
    free(ids);

    rt_identity d = {.same = true, .decided_at = 5, .reason = "Same birth date and name"};
    memcpy(d.a, b, sizeof d.a); /* either order: stored a < b */
    memcpy(d.b, a, sizeof d.b);
    memcpy(d.decided_by, f->user_id, sizeof d.decided_by);
    assert_int_equal(rt_store_identity_add(f->st, &d), RT_OK);
    assert_true(strcmp(d.a, d.b) < 0);
    rt_identity got;
    assert_int_equal(rt_store_identity_get(f->st, d.id, &got), RT_OK);
    assert_string_equal(got.reason, "Same birth date and name");
    assert_true(got.same);
    free(got.reason);
    assert_int_equal(rt_store_identity_get(f->st, "0123456789abcdef0123456789abcdef", &got),
                     RT_ENOTFOUND);
    assert_null(got.reason);
    rt_identity again = d;
    assert_int_equal(rt_store_identity_add(f->st, &again), RT_EEXISTS);
    rt_identity self = d;
    memcpy(self.b, self.a, sizeof self.b);
    assert_int_equal(rt_store_identity_add(f->st, &self), RT_EINVAL);
    assert_int_equal(rt_store_identity_undo(f->st, d.id, f->user_id, 9), RT_OK);
    assert_int_equal(rt_store_identity_undo(f->st, d.id, f->user_id, 10), RT_ENOTFOUND);
    rt_identity later = d;
    later.same = false;
    later.decided_at = 11;
    assert_int_equal(rt_store_identity_add(f->st, &later), RT_OK);
    rt_identity *list;
    assert_int_equal(rt_store_identity_list(f->st, a, &list, &n), RT_OK);
    assert_int_equal(n, 2);
    assert_false(list[0].same); /* newest first */
    assert_int_equal(list[0].undone_at, 0);
    assert_true(list[1].same);
    assert_int_equal(list[1].undone_at, 9);
    assert_string_equal(list[1].reason, "Same birth date and name");
    rt_identity_list_free(list, n);
    size_t len;
    unsigned char *bytes = rt_test_read_file(f->path, &len);
    char *wal_path = join(f->path, "-wal");
    size_t wal_len;
    unsigned char *wal = rt_test_read_file(wal_path, &wal_len);
    assert_false(bytes && rt_test_contains(bytes, len, "1987-3-14"));
    assert_false(wal && rt_test_contains(wal, wal_len, "1987-3-14"));
    assert_false(wal && rt_test_contains(wal, wal_len, "Same birth date and name"));
    free(bytes);
    free(wal);
    free(wal_path);
}

/* The TOTP secret is sealed, confirmed by its first use, good once per
 * time step, and removable; settings round-trip. */
static void test_second_factor_and_settings(void **state)
{
    fixture *f = *state;
    const char *secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    char *got = NULL;
    bool enrolled = true;
    assert_int_equal(rt_store_user_totp_get(f->st, f->user_id, &got, &enrolled), RT_ENOTFOUND);
    assert_null(got);
    assert_int_equal(rt_store_user_totp_use(f->st, f->user_id, 5, 100), RT_ENOTFOUND);
    assert_int_equal(rt_store_user_totp_set(f->st, "0123456789abcdef0123456789abcdef", secret),
                     RT_ENOTFOUND);

    assert_int_equal(rt_store_user_totp_set(f->st, f->user_id, secret), RT_OK);
    assert_int_equal(rt_store_user_totp_get(f->st, f->user_id, &got, &enrolled), RT_OK);
    assert_string_equal(got, secret);
    assert_false(enrolled);
    free(got);
    rt_user u;
    assert_int_equal(rt_store_user_by_id(f->st, f->user_id, &u), RT_OK);
    assert_false(u.second_factor);
    rt_user_clear(&u);

    /* First use confirms; the same or an earlier step is a replay. */
    assert_int_equal(rt_store_user_totp_use(f->st, f->user_id, 1000, 30000), RT_OK);
    assert_int_equal(rt_store_user_totp_use(f->st, f->user_id, 1000, 30001), RT_EEXISTS);
    assert_int_equal(rt_store_user_totp_use(f->st, f->user_id, 999, 30001), RT_EEXISTS);
    assert_int_equal(rt_store_user_totp_use(f->st, f->user_id, 1001, 30030), RT_OK);
    assert_int_equal(rt_store_user_totp_get(f->st, f->user_id, &got, &enrolled), RT_OK);
    assert_true(enrolled);
    free(got);
    assert_int_equal(rt_store_user_by_id(f->st, f->user_id, &u), RT_OK);
    assert_true(u.second_factor);
    rt_user_clear(&u);

    /* The secret is sealed: not in the file in the clear. */
    size_t len;
    unsigned char *bytes = rt_test_read_file(f->path, &len);
    char *wal_path = join(f->path, "-wal");
    size_t wal_len;
    unsigned char *wal = rt_test_read_file(wal_path, &wal_len);
    assert_false(bytes && rt_test_contains(bytes, len, secret));
    assert_false(wal && rt_test_contains(wal, wal_len, secret));
    free(bytes);
    free(wal);
    free(wal_path);

    /* Removing it (a lost phone) unenrols; a new secret starts over. */
    assert_int_equal(rt_store_user_totp_set(f->st, f->user_id, NULL), RT_OK);
    assert_int_equal(rt_store_user_totp_get(f->st, f->user_id, &got, &enrolled), RT_ENOTFOUND);
    assert_int_equal(rt_store_user_totp_set(f->st, f->user_id, secret), RT_OK);
    assert_int_equal(rt_store_user_totp_use(f->st, f->user_id, 1, 30), RT_OK);

    /* Sessions remember whether the second factor is still due. */
    rt_session_rec sr = {.created_at = 1, .last_seen = 1, .second_factor_pending = true};
    memset(sr.token_hash, 7, sizeof sr.token_hash);
    memcpy(sr.user_id, f->user_id, sizeof sr.user_id);
    memset(sr.csrf, 'a', sizeof sr.csrf - 1);
    assert_int_equal(rt_store_session_put(f->st, &sr), RT_OK);
    rt_session_rec back;
    assert_int_equal(rt_store_session_get(f->st, sr.token_hash, &back), RT_OK);
    assert_true(back.second_factor_pending);
    assert_int_equal(rt_store_session_second_factor_done(f->st, sr.token_hash), RT_OK);
    assert_int_equal(rt_store_session_get(f->st, sr.token_hash, &back), RT_OK);
    assert_false(back.second_factor_pending);
    unsigned char other[32] = {0};
    assert_int_equal(rt_store_session_second_factor_done(f->st, other), RT_ENOTFOUND);

    char *v = NULL;
    assert_int_equal(rt_store_setting_get(f->st, "second_factor.roles", &v), RT_ENOTFOUND);
    assert_int_equal(rt_store_setting_set(f->st, "second_factor.roles", "idva"), RT_OK);
    assert_int_equal(rt_store_setting_set(f->st, "second_factor.roles", "none"), RT_OK);
    assert_int_equal(rt_store_setting_get(f->st, "second_factor.roles", &v), RT_OK);
    assert_string_equal(v, "none");
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_create_and_version),
        cmocka_unit_test_setup_teardown(test_reopen_keeps_data_and_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_wrong_key_is_refused, setup, teardown),
        cmocka_unit_test(test_unsupported_and_bad_locations),
        cmocka_unit_test_setup_teardown(test_agencies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_referral_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_referral_refuses_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(test_referral_list_count_find, setup, teardown),
        cmocka_unit_test_setup_teardown(test_moved_ciphertext_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_chain_and_append_only, setup, teardown),
        cmocka_unit_test_setup_teardown(test_calls_from_threads_are_serialised, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transaction_commit_and_rollback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transaction_inner_failure, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transaction_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transaction_other_thread_waits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transaction_full_disk, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_plaintext_in_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_factor_and_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_casework, setup, teardown),
        cmocka_unit_test_setup_teardown(test_marac, setup, teardown),
        cmocka_unit_test_setup_teardown(test_link_keys_and_identity, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The audit writer's refusals and the operations an operator runs as the
 * system: a store created and opened again with its key, accounts and
 * agencies validated and audited from the operator's address. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/app/admin.h"
#include "support.h"

#define T0 1795305600 /* 2026-11-22T00:00:00Z */
#define OP "cli:operator"

typedef struct world {
    char *dir;
    char path[512];
    rt_app app;
} world;

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    w->dir = rt_test_dir("app-admin");
    snprintf(w->path, sizeof w->path, "%s/rt.db", w->dir);
    rt_config cfg;
    rt_config_defaults(&cfg);
    char *key_path;
    rt_open_step step;
    unsetenv(rt_app_key_env());
    assert_int_equal(rt_app_create(w->path, true, &cfg, &w->app, &key_path, &step), RT_OK);
    assert_non_null(key_path);
    free(key_path);
    const char *field;
    rt_agency a = {.code = "agency", .name = "Agency", .kind = RT_AGENCY_HOUSING};
    assert_int_equal(rt_app_agency_add(&w->app, &a, OP, T0, &field), RT_OK);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    rt_app_close(&w->app);
    free(w->dir);
    free(w);
    return 0;
}

/* How many entries of action there are; *newest gets the newest (a list
 * of one, or of none, to free with rt_audit_entry_list_free(*newest, 1)). */
static size_t count_of(world *w, const char *action, rt_audit_entry **newest)
{
    rt_audit_filter f = {.action = action, .limit = 500};
    rt_audit_entry *list;
    size_t n;
    assert_int_equal(rt_store_audit_search(w->app.store, &f, &list, &n), RT_OK);
    *newest = calloc(1, sizeof **newest);
    assert_non_null(*newest);
    if (n) {
        **newest = list[0];
        memset(&list[0], 0, sizeof list[0]);
    }
    rt_audit_entry_list_free(list, n);
    return n;
}

static void audit_refuses_what_is_not_field_keys(void **state)
{
    world *w = *state;
    size_t before;
    assert_int_equal(rt_store_audit_count(w->app.store, &before), RT_OK);
    static const char *const bad[] = {"*", "*,-notes", "summary,", "added=3", "a b", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(rt_app_audit(&w->app, NULL, RT_AUDIT_REFERRAL_READ, "referral", "r1",
                                      bad[i], OP, T0, "ok"),
                         RT_EINVAL);
    assert_int_equal(rt_app_audit(&w->app, NULL, RT_AUDIT_ACTION_COUNT, NULL, NULL, NULL, OP, T0,
                                  "ok"),
                     RT_EINVAL);
    assert_int_equal(rt_app_audit(&w->app, NULL, (rt_audit_action)-1, NULL, NULL, NULL, OP, T0,
                                  "ok"),
                     RT_EINVAL);
    size_t after;
    assert_int_equal(rt_store_audit_count(w->app.store, &after), RT_OK);
    assert_int_equal(after, before);
    /* What it writes is the stable name. */
    assert_int_equal(rt_app_audit(&w->app, NULL, RT_AUDIT_REFERRAL_PRINT, "referral", "r1",
                                  "victim.given_name,victim.family_name", OP, T0, "ok"),
                     RT_OK);
    rt_audit_entry *e;
    assert_int_equal(count_of(w, "referral.print", &e), 1);
    assert_string_equal(e->fields, "victim.given_name,victim.family_name");
    rt_audit_entry_list_free(e, 1);
    /* A refusal by the router is recorded as the action refused. */
    assert_int_equal(rt_app_audit_refusal(&w->app, NULL, RT_ACT_CASE_WRITE, NULL, NULL, "192.0.2.1", T0),
                     RT_OK);
    assert_int_equal(count_of(w, "case.write", &e), 1);
    assert_string_equal(e->outcome, "denied");
    rt_audit_entry_list_free(e, 1);
    assert_int_equal(rt_app_audit_refusal(&w->app, NULL, RT_ACT_NONE, NULL, NULL, "192.0.2.1", T0),
                     RT_EINVAL);
}

static void users_are_checked_and_audited(void **state)
{
    world *w = *state;
    static const struct {
        rt_new_user in;
        rt_status st;
        const char *field;
    } cases[] = {
        {{"ann", "Ann Synthetic", RT_ROLE_IDVA, "agency", NULL, true}, RT_OK, NULL},
        {{"ann", "Ann Again", RT_ROLE_IDVA, "agency", NULL, true}, RT_EEXISTS, "username"},
        {{"a b", "Ann Synthetic", RT_ROLE_IDVA, "agency", NULL, true}, RT_EINVAL, "username"},
        {{"bea", "", RT_ROLE_IDVA, "agency", NULL, true}, RT_EINVAL, "display_name"},
        {{"bea", "Bea\x01", RT_ROLE_IDVA, "agency", NULL, true}, RT_EINVAL, "display_name"},
        {{"bea", "Bea", RT_ROLE_COUNT, "agency", NULL, true}, RT_EINVAL, "role"},
        {{"bea", "Bea", RT_ROLE_IDVA, "nowhere", NULL, true}, RT_EINVAL, "agency"},
        {{"bea", "Bea", RT_ROLE_IDVA, "agency", "short", false}, RT_EINVAL, "password"},
        {{"bea", "Bea", RT_ROLE_IDVA, "agency", "a long synthetic passphrase", false}, RT_OK,
         NULL},
    };
    rt_audit_entry *e;
    size_t before = count_of(w, "user.add", &e);
    rt_audit_entry_list_free(e, 1);
    size_t added = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char password[32];
        const char *field = "unset";
        rt_status st = rt_app_user_add(&w->app, &cases[i].in, OP, T0, password, sizeof password,
                                       &field);
        if (st != cases[i].st || (cases[i].field ? !field || strcmp(field, cases[i].field) != 0
                                                 : field != NULL))
            fail_msg("case %zu: status %d field %s", i, st, field ? field : "(null)");
        /* A password is made only when none was given. */
        if (st == RT_OK)
            assert_int_equal(strlen(password), cases[i].in.password ? 0 : 16);
        added += st == RT_OK;
    }
    assert_int_equal(count_of(w, "user.add", &e), before + added);
    assert_null(e->user_id);
    assert_string_equal(e->address, OP);
    assert_string_equal(e->record_type, "user");
    rt_audit_entry_list_free(e, 1);
    assert_int_equal(rt_app_user_set_disabled(&w->app, "ann", true, OP, T0), RT_OK);
    assert_int_equal(rt_app_user_set_disabled(&w->app, "nobody", true, OP, T0), RT_ENOTFOUND);
    assert_int_equal(count_of(w, "user.disable", &e), 1);
    assert_string_equal(e->address, OP);
    rt_audit_entry_list_free(e, 1);
}

static void agencies_and_maracs_are_checked_and_audited(void **state)
{
    world *w = *state;
    const char *field;
    static const struct {
        rt_agency a;
        rt_status st;
        const char *field;
    } cases[] = {
        {{"wm-police", "Wealdmoor Constabulary", RT_AGENCY_POLICE}, RT_OK, NULL},
        {{"wm-police", "Again", RT_AGENCY_POLICE}, RT_EEXISTS, "code"},
        {{"WM Police", "Upper", RT_AGENCY_POLICE}, RT_EINVAL, "code"},
        {{"", "Empty", RT_AGENCY_POLICE}, RT_EINVAL, "code"},
        {{"wm-x", "", RT_AGENCY_POLICE}, RT_EINVAL, "name"},
        {{"wm-x", "X", RT_AGENCY_KIND_COUNT}, RT_EINVAL, "kind"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        field = NULL;
        rt_status st = rt_app_agency_add(&w->app, &cases[i].a, OP, T0, &field);
        if (st != cases[i].st || (cases[i].field && strcmp(field, cases[i].field) != 0))
            fail_msg("case %zu: status %d field %s", i, st, field ? field : "(null)");
    }
    rt_audit_entry *e;
    assert_int_equal(count_of(w, "agency.add", &e), 2); /* setup's and wm-police */
    assert_string_equal(e->record_id, "wm-police");
    rt_audit_entry_list_free(e, 1);
    rt_marac m = {.code = "north", .name = "North Marac", .areas = "WM,W?"};
    rt_marac_rules_default(&m.rules);
    assert_int_equal(rt_app_marac_set(&w->app, &m, OP, T0, &field), RT_EINVAL);
    assert_string_equal(field, "areas");
    snprintf(m.areas, sizeof m.areas, "%s", "WM");
    assert_int_equal(rt_app_marac_set(&w->app, &m, OP, T0, &field), RT_OK);
    assert_int_equal(rt_app_marac_member_add(&w->app, "south", "wm-police", OP, T0, &field),
                     RT_ENOTFOUND);
    assert_string_equal(field, "code");
    assert_int_equal(rt_app_marac_member_add(&w->app, "north", "nobody", OP, T0, &field),
                     RT_EINVAL);
    assert_string_equal(field, "agency");
    assert_int_equal(rt_app_marac_member_add(&w->app, "north", "wm-police", OP, T0, &field),
                     RT_OK);
    assert_int_equal(count_of(w, "marac.", &e), 2);
    assert_string_equal(e->action, "marac.member");
    assert_string_equal(e->record_id, "north");
    rt_audit_entry_list_free(e, 1);
}

static void store_opens_again_with_its_key(void **state)
{
    world *w = *state;
    rt_app_close(&w->app);
    rt_config cfg;
    rt_config_defaults(&cfg);
    rt_open_step step;
    assert_int_equal(rt_app_open(w->path, &cfg, &w->app, &step), RT_OK);
    int version;
    assert_int_equal(rt_app_schema_version(&w->app, &version), RT_OK);
    assert_true(version > 0);
    /* Another database's key does not open it. */
    char other[600], *key_path;
    snprintf(other, sizeof other, "%s/other.db", w->dir);
    rt_app o;
    assert_int_equal(rt_app_create(other, false, &cfg, &o, &key_path, &step), RT_OK);
    rt_app_close(&o);
    char from[1200], to[1200];
    snprintf(from, sizeof from, "%s", key_path);
    snprintf(to, sizeof to, "%s.key", w->path);
    free(key_path);
    assert_int_equal(rename(from, to), 0);
    rt_app_close(&w->app);
    assert_int_equal(rt_app_open(w->path, &cfg, &w->app, &step), RT_ECRYPTO);
    assert_int_equal(step, RT_OPEN_STORE);
    memset(&w->app, 0, sizeof w->app);
    char missing[600];
    snprintf(missing, sizeof missing, "%s/missing.db", w->dir);
    assert_int_not_equal(rt_app_open(missing, &cfg, &w->app, &step), RT_OK);
    assert_int_equal(step, RT_OPEN_KEY);
    memset(&w->app, 0, sizeof w->app);
}

static void operator_is_named(void **state)
{
    (void)state;
    char op[300];
    rt_app_operator(op, sizeof op);
    assert_memory_equal(op, "cli:", 4);
    assert_true(strlen(op) > 4);
    assert_null(strchr(op, '\n'));
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(audit_refuses_what_is_not_field_keys),
        T(users_are_checked_and_audited),
        T(agencies_and_maracs_are_checked_and_audited),
        T(store_opens_again_with_its_key),
        cmocka_unit_test(operator_is_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

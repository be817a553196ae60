/* The operations pages and API share: sign-in outcomes and throttling per
 * account and per address, session expiry (idle and absolute), disabled
 * accounts, and the audit entries each operation writes, kept or undone
 * together with what the operation wrote. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/app/app.h"
#include "../../src/app/exclusions.h"
#include "../../src/app/identity.h"
#include "../../src/app/signin.h"
#include "../../src/app/referrals.h"
#include "../../src/app/marac.h"
#include "../../src/app/retention_run.h"
#include "support.h"

#define T0 1795305600 /* 2026-11-22T00:00:00Z */
#define PASSWORD "a long synthetic passphrase"

typedef struct world {
    char *dir;
    rt_store *store;
    rt_app app;
} world;

static void add_user(world *w, const char *name, rt_role role)
{
    rt_user u = {.username = (char *)name, .display_name = "Synthetic Person",
                 .agency_code = "agency", .role = role, .created_at = T0};
    assert_int_equal(rt_auth_hash_password(PASSWORD, &u.password_hash), RT_OK);
    assert_int_equal(rt_store_user_add(w->store, &u), RT_OK);
    free(u.password_hash);
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    w->dir = rt_test_dir("app");
    char path[512];
    snprintf(path, sizeof path, "%s/rt.db", w->dir);
    rt_data_key key;
    assert_int_equal(rt_key_generate(&key), RT_OK);
    assert_int_equal(rt_store_open(path, &key, true, &w->store), RT_OK);
    rt_agency a = {.code = "agency", .name = "Agency", .kind = RT_AGENCY_HOUSING};
    assert_int_equal(rt_store_agency_add(w->store, &a), RT_OK);
    rt_config cfg;
    rt_config_defaults(&cfg);
    assert_int_equal(rt_app_init(&w->app, w->store, &cfg), RT_OK);
    add_user(w, "coord", RT_ROLE_COORDINATOR);
    add_user(w, "rep", RT_ROLE_AGENCY_REP);
    /* The coordinator is staff of the Marac the agency belongs to, so the
     * agency's referrals with no postcode are theirs (jurisdiction). */
    rt_marac m = {.code = "wealdmoor", .name = "Wealdmoor Marac", .areas = "WM"};
    rt_marac_rules_default(&m.rules);
    assert_int_equal(rt_store_marac_put(w->store, &m), RT_OK);
    assert_int_equal(rt_store_marac_member_add(w->store, "wealdmoor", "agency"), RT_OK);
    const char *field;
    assert_int_equal(rt_app_marac_staff_set(&w->app, NULL, "wealdmoor", "coord", false, "cli",
                                            T0, &field),
                     RT_OK);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    rt_app_clear(&w->app);
    rt_store_close(w->store);
    free(w->dir);
    free(w);
    return 0;
}

static rt_login_outcome login(world *w, const char *user, const char *pw, const char *addr,
                              int64_t now, char token[RT_TOKEN_CHARS + 1])
{
    rt_principal who;
    rt_login_outcome out;
    char tmp[RT_TOKEN_CHARS + 1];
    assert_int_equal(rt_app_login(&w->app, user, pw, addr, now, &out, &who, token ? token : tmp),
                     RT_OK);
    if (out == RT_LOGIN_OK)
        rt_principal_clear(&who);
    return out;
}

/* Attaches an assessment with `yes` yes answers to r. */
static void assess(rt_referral *r, int yes)
{
    rt_risk_input in = {.tool = rt_risk_default_tool()};
    for (int i = 0; i < 24; i++)
        in.answers[i] = i < yes ? RT_ANSWER_YES : RT_ANSWER_NO;
    const char *bad;
    assert_int_equal(rt_referral_assess(r, &in, &bad), RT_OK);
}

static size_t audit_count(world *w)
{
    size_t n;
    assert_int_equal(rt_store_audit_count(w->store, &n), RT_OK);
    return n;
}

static void sign_in_outcomes_are_audited(void **state)
{
    world *w = *state;
    size_t before = audit_count(w);
    assert_int_equal(login(w, "coord", PASSWORD, "10.0.0.1", T0, NULL), RT_LOGIN_OK);
    assert_int_equal(login(w, "COORD", PASSWORD, "10.0.0.1", T0, NULL), RT_LOGIN_OK);
    assert_int_equal(login(w, "coord", "wrong", "10.0.0.1", T0, NULL), RT_LOGIN_REFUSED);
    assert_int_equal(login(w, "nobody", PASSWORD, "10.0.0.1", T0, NULL), RT_LOGIN_REFUSED);
    assert_int_equal(audit_count(w), before + 4);
}

static void throttled_per_account_then_released(void **state)
{
    world *w = *state;
    for (int i = 0; i < 5; i++)
        assert_int_equal(login(w, "rep", "wrong", "10.0.0.2", T0 + i, NULL), RT_LOGIN_REFUSED);
    assert_int_equal(login(w, "rep", PASSWORD, "10.0.0.3", T0 + 10, NULL), RT_LOGIN_THROTTLED);
    assert_int_equal(login(w, "Rep", PASSWORD, "10.0.0.3", T0 + 10, NULL), RT_LOGIN_THROTTLED);
    assert_int_equal(login(w, "coord", PASSWORD, "10.0.0.2", T0 + 10, NULL), RT_LOGIN_OK);
    /* 15 minutes after the first failure, one slot is free again. */
    assert_int_equal(login(w, "rep", PASSWORD, "10.0.0.3", T0 + 15 * 60, NULL), RT_LOGIN_OK);
}

static void throttled_per_address(void **state)
{
    world *w = *state;
    char name[32];
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof name, "guess%d", i);
        assert_int_equal(login(w, name, "wrong", "10.9.9.9", T0, NULL), RT_LOGIN_REFUSED);
    }
    assert_int_equal(login(w, "coord", PASSWORD, "10.9.9.9", T0 + 1, NULL), RT_LOGIN_THROTTLED);
    assert_int_equal(login(w, "coord", PASSWORD, "10.9.9.8", T0 + 1, NULL), RT_LOGIN_OK);
}

static void sessions_expire_when_idle_and_absolutely(void **state)
{
    world *w = *state;
    char token[RT_TOKEN_CHARS + 1];
    rt_principal who;
    assert_int_equal(login(w, "coord", PASSWORD, "10.0.0.1", T0, token), RT_LOGIN_OK);
    /* Active every 29 minutes: alive until the 12-hour limit. */
    int64_t t = T0;
    while (t + 29 * 60 < T0 + 12 * 3600) {
        t += 29 * 60;
        assert_int_equal(rt_app_session(&w->app, token, t, &who), RT_OK);
        assert_string_equal(who.user.username, "coord");
        rt_principal_clear(&who);
    }
    assert_int_equal(rt_app_session(&w->app, token, T0 + 12 * 3600, &who), RT_ENOTFOUND);
    /* Deleted, not merely refused: even an earlier clock cannot revive it. */
    assert_int_equal(rt_app_session(&w->app, token, T0 + 60, &who), RT_ENOTFOUND);

    assert_int_equal(login(w, "coord", PASSWORD, "10.0.0.1", T0, token), RT_LOGIN_OK);
    assert_int_equal(rt_app_session(&w->app, token, T0 + 30 * 60 - 1, &who), RT_OK);
    rt_principal_clear(&who);
    assert_int_equal(rt_app_session(&w->app, token, T0 + 60 * 60, &who), RT_ENOTFOUND);

    assert_int_equal(rt_app_session(&w->app, "short", T0, &who), RT_ENOTFOUND);
    char forged[RT_TOKEN_CHARS + 1];
    memset(forged, 'A', RT_TOKEN_CHARS);
    forged[RT_TOKEN_CHARS] = '\0';
    assert_int_equal(rt_app_session(&w->app, forged, T0, &who), RT_ENOTFOUND);
}

static void disabled_account_loses_its_sessions(void **state)
{
    world *w = *state;
    char token[RT_TOKEN_CHARS + 1];
    rt_principal who;
    assert_int_equal(login(w, "rep", PASSWORD, "10.0.0.1", T0, token), RT_LOGIN_OK);
    rt_user u;
    assert_int_equal(rt_store_user_by_username(w->store, "rep", &u), RT_OK);
    assert_int_equal(rt_store_user_set_disabled(w->store, u.id, true), RT_OK);
    rt_user_clear(&u);
    assert_int_equal(rt_app_session(&w->app, token, T0 + 1, &who), RT_ENOTFOUND);
    assert_int_equal(login(w, "rep", PASSWORD, "10.0.0.1", T0 + 2, NULL), RT_LOGIN_REFUSED);
}

static void referral_reads_are_checked_and_audited(void **state)
{
    world *w = *state;
    char token[RT_TOKEN_CHARS + 1];
    rt_principal rep, coord;
    assert_int_equal(login(w, "rep", PASSWORD, "10.0.0.1", T0, token), RT_LOGIN_OK);
    assert_int_equal(rt_app_session(&w->app, token, T0, &rep), RT_OK);
    assert_int_equal(login(w, "coord", PASSWORD, "10.0.0.1", T0, token), RT_LOGIN_OK);
    assert_int_equal(rt_app_session(&w->app, token, T0, &coord), RT_OK);

    rt_referral r = {0};
    static const struct {
        int f;
        const char *v;
    } values[] = {
        {RT_RF_VICTIM_GIVEN_NAME, " Ysolde "}, {RT_RF_VICTIM_FAMILY_NAME, "Carrow"},
        {RT_RF_VICTIM_GENDER, "female"},       {RT_RF_VICTIM_SAFE_TO_CALL, "no"},
        {RT_RF_REFERRER_NAME, "Demo Referrer"}, {RT_RF_REFERRER_PHONE, "01632 960000"},
        {RT_RF_REFERRAL_DATE, "2026-11-21"}, {RT_RF_CONSENT_AWARE, "yes"},
        {RT_RF_CONSENT_GIVEN, "yes"},          {RT_RF_CONSENT_LAWFUL_BASIS, "consent"},
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        r.field[values[i].f] = strdup(values[i].v);
    assess(&r, 14);
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n_errs;
    size_t before = audit_count(w);
    /* Stored normalised, with the referring user's agency. */
    assert_int_equal(rt_app_referral_submit(&w->app, &rep, &r, "10.0.0.1", T0, errs, &n_errs),
                     RT_OK);
    assert_string_equal(r.field[RT_RF_VICTIM_GIVEN_NAME], "Ysolde");
    assert_string_equal(r.agency_code, "agency");
    assert_int_equal(audit_count(w), before + 1);

    rt_referral *list;
    size_t n;
    assert_int_equal(rt_app_referral_list(&w->app, &rep, "10.0.0.1", T0, &list, &n), RT_EDENIED);
    assert_int_equal(audit_count(w), before + 2); /* the refusal is audited too */
    assert_int_equal(rt_app_referral_list(&w->app, &coord, "10.0.0.1", T0, &list, &n), RT_OK);
    assert_int_equal(n, 1);
    assert_int_equal(audit_count(w), before + 3); /* one read per record listed */
    rt_referral one;
    rt_detail detail;
    assert_int_equal(rt_app_referral_get(&w->app, &coord, list[0].id, "10.0.0.1", T0, &one,
                                         &detail),
                     RT_OK);
    assert_int_equal(detail, RT_DETAIL_FULL);
    assert_string_equal(one.field[RT_RF_VICTIM_FAMILY_NAME], "Carrow");
    assert_int_equal(audit_count(w), before + 4);
    rt_referral_clear(&one);
    /* The referring agency learns only that its referral exists. */
    assert_int_equal(rt_app_referral_get(&w->app, &rep, list[0].id, "10.0.0.1", T0, &one,
                                         &detail),
                     RT_OK);
    assert_int_equal(detail, RT_DETAIL_PRESENCE);
    assert_null(one.field[RT_RF_VICTIM_FAMILY_NAME]);
    assert_string_equal(one.field[RT_RF_REFERRAL_DATE], "2026-11-21");
    rt_referral_clear(&one);
    rt_referral_list_free(list, n);
    rt_referral_clear(&r);

    /* Invalid input stores nothing and audits nothing. */
    r.field[RT_RF_VICTIM_GIVEN_NAME] = strdup("Only a name");
    size_t mid = audit_count(w);
    assert_int_equal(rt_app_referral_submit(&w->app, &rep, &r, "10.0.0.1", T0, errs, &n_errs),
                     RT_EINVAL);
    assert_true(n_errs >= 5);
    assert_int_equal(audit_count(w), mid);
    size_t count;
    assert_int_equal(rt_store_referral_count(w->store, &count), RT_OK);
    assert_int_equal(count, 1);
    rt_referral_clear(&r);
    rt_principal_clear(&rep);
    rt_principal_clear(&coord);
}

/* Signs in user and returns the principal (caller clears). */
static void principal(world *w, const char *user, rt_principal *who)
{
    char token[RT_TOKEN_CHARS + 1];
    assert_int_equal(login(w, user, PASSWORD, "10.0.0.1", T0, token), RT_LOGIN_OK);
    assert_int_equal(rt_app_session(&w->app, token, T0, who), RT_OK);
}

static void need_to_know_break_glass_and_exclusion(void **state)
{
    world *w = *state;
    add_user(w, "idva.one", RT_ROLE_IDVA);
    add_user(w, "idva.two", RT_ROLE_IDVA);
    add_user(w, "manager", RT_ROLE_IDVA_MANAGER);
    add_user(w, "other.rep", RT_ROLE_AGENCY_REP);
    add_user(w, "analyst", RT_ROLE_ANALYST);
    rt_agency other = {.code = "other", .name = "Other agency", .kind = RT_AGENCY_HEALTH};
    assert_int_equal(rt_store_agency_add(w->store, &other), RT_OK);
    rt_principal coord, idva1, idva2, rep, analyst;
    principal(w, "coord", &coord);
    principal(w, "idva.one", &idva1);
    principal(w, "idva.two", &idva2);
    principal(w, "rep", &rep);
    principal(w, "analyst", &analyst);
    free(rep.user.agency_code); /* pretend rep works for another agency */
    rep.user.agency_code = strdup("other");

    rt_referral r = {0};
    static const struct {
        int f;
        const char *v;
    } values[] = {
        {RT_RF_VICTIM_GIVEN_NAME, "Lowenna"}, {RT_RF_VICTIM_FAMILY_NAME, "Vose"},
        {RT_RF_VICTIM_PHONE, "01632 960321"}, {RT_RF_VICTIM_GENDER, "female"},
        {RT_RF_VICTIM_SAFE_TO_CALL, "no"},     {RT_RF_REFERRER_NAME, "Demo Referrer"},
        {RT_RF_REFERRER_PHONE, "01632 960000"}, {RT_RF_REFERRAL_DATE, "2026-11-21"},
        {RT_RF_CONSENT_AWARE, "yes"},           {RT_RF_CONSENT_GIVEN, "not_asked"},
        {RT_RF_CONSENT_LAWFUL_BASIS, "protect_safety"},
        {RT_RF_CONSENT_PROTOCOL, "Wealdmoor ISP"},
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        r.field[values[i].f] = strdup(values[i].v);
    assess(&r, 3);
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n_errs;
    assert_int_equal(rt_app_referral_submit(&w->app, &coord, &r, "10.0.0.1", T0, errs, &n_errs),
                     RT_OK);
    const char *id = r.id;
    rt_referral got;
    rt_detail detail;

    /* No part in the case: an agency elsewhere sees nothing, not even that
     * it exists; an Idva sees presence; an analyst is refused outright. */
    assert_int_equal(rt_app_referral_get(&w->app, &rep, id, "a", T0, &got, &detail), RT_ENOTFOUND);
    assert_int_equal(rt_app_referral_get(&w->app, &analyst, id, "a", T0, &got, &detail), RT_EDENIED);
    assert_int_equal(rt_app_referral_get(&w->app, &idva1, id, "a", T0, &got, &detail), RT_OK);
    assert_int_equal(detail, RT_DETAIL_PRESENCE);
    assert_null(got.field[RT_RF_VICTIM_PHONE]);
    rt_referral_clear(&got);

    /* Breaking the glass needs a real reason; then full access for 4 hours,
     * and every Idva manager and coordinator is told. */
    assert_int_equal(rt_app_break_glass(&w->app, &idva1, id, "urgent", "a", T0), RT_EINVAL);
    assert_int_equal(rt_app_break_glass(&w->app, &rep, id, "A reason that is long enough", "a", T0),
                     RT_EDENIED);
    assert_int_equal(rt_app_break_glass(&w->app, &idva1, id,
                                        "Police report she is missing tonight; need safe contacts",
                                        "a", T0),
                     RT_OK);
    assert_int_equal(rt_app_referral_get(&w->app, &idva1, id, "a", T0 + 60, &got, &detail), RT_OK);
    assert_int_equal(detail, RT_DETAIL_FULL);
    assert_string_equal(got.field[RT_RF_VICTIM_PHONE], "01632 960321");
    rt_referral_clear(&got);
    assert_int_equal(rt_app_referral_get(&w->app, &idva1, id, "a", T0 + RT_BREAK_GLASS_SECONDS,
                                         &got, &detail),
                     RT_OK);
    assert_int_equal(detail, RT_DETAIL_PRESENCE);
    rt_referral_clear(&got);
    static const char *const told[] = {"coord", "manager"};
    for (size_t i = 0; i < 2; i++) {
        rt_user u;
        assert_int_equal(rt_store_user_by_username(w->store, told[i], &u), RT_OK);
        rt_notice *list;
        size_t n;
        assert_int_equal(rt_store_notice_list(w->store, u.id, &list, &n), RT_OK);
        assert_int_equal(n, 1);
        assert_string_equal(list[0].kind, "break_glass");
        assert_string_equal(list[0].record_id, id);
        assert_string_equal(list[0].about_user_id, idva1.user.id);
        assert_int_equal(rt_store_notice_read(w->store, u.id, list[0].id, T0), RT_OK);
        assert_int_equal(rt_store_notice_read(w->store, u.id, list[0].id, T0), RT_ENOTFOUND);
        rt_notice_list_free(list, n);
        rt_user_clear(&u);
    }
    rt_notice *none;
    size_t n_none;
    assert_int_equal(rt_store_notice_list(w->store, idva2.user.id, &none, &n_none), RT_OK);
    assert_int_equal(n_none, 0);
    rt_notice_list_free(none, n_none);

    /* Only a holder of the case excludes, for a real reason, an active
     * user; an Idva manager whose service holds no case here is no holder. */
    add_user(w, "chair", RT_ROLE_CHAIR);
    const char *staff_field;
    assert_int_equal(rt_app_marac_staff_set(&w->app, NULL, "wealdmoor", "chair", false, "cli", T0,
                                            &staff_field),
                     RT_OK);
    add_user(w, "auditor", RT_ROLE_AUDITOR);
    rt_principal manager, auditor;
    principal(w, "manager", &manager);
    principal(w, "auditor", &auditor);
    const char *why = "Brother of the person causing harm";
    const struct {
        rt_principal *who;
        const char *user, *reason;
        rt_status want;
        const char *field;
    } refused[] = {
        {&idva1, "idva.two", why, RT_EDENIED, NULL},
        {&rep, "idva.two", why, RT_EDENIED, NULL},
        {&manager, "idva.two", why, RT_ENOTFOUND, NULL},
        {&coord, "idva.two", "Related", RT_EINVAL, "reason"},
        {&coord, "idva.two", "                         ", RT_EINVAL, "reason"},
        {&coord, "nobody", why, RT_EINVAL, "username"},
        {&coord, NULL, why, RT_EINVAL, "username"},
    };
    char xid[RT_ID_HEX + 1];
    const char *field;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        assert_int_equal(rt_app_exclude(&w->app, refused[i].who, id, refused[i].user,
                                        refused[i].reason, "a", T0, xid, &field),
                         refused[i].want);
        if (refused[i].field)
            assert_string_equal(field, refused[i].field);
        assert_string_equal(xid, "");
    }
    assert_int_equal(rt_app_exclude(&w->app, &coord, id, "idva.two", why, "a", T0, xid, &field),
                     RT_OK);
    assert_int_equal(strlen(xid), RT_ID_HEX);
    char again[RT_ID_HEX + 1];
    assert_int_equal(rt_app_exclude(&w->app, &coord, id, "idva.two", why, "a", T0, again, &field),
                     RT_EEXISTS);

    /* The excluded user sees nothing, cannot break the glass, and is not
     * told; the chair, who holds the case too, is. */
    assert_int_equal(rt_app_referral_get(&w->app, &idva2, id, "a", T0, &got, &detail),
                     RT_ENOTFOUND);
    assert_int_equal(rt_app_break_glass(&w->app, &idva2, id,
                                        "A reason that is certainly long enough", "a", T0),
                     RT_ENOTFOUND);
    assert_int_equal(rt_store_notice_list(w->store, idva2.user.id, &none, &n_none), RT_OK);
    assert_int_equal(n_none, 0);
    rt_notice_list_free(none, n_none);
    rt_principal chair;
    principal(w, "chair", &chair);
    rt_notice *told_chair;
    size_t n_told;
    assert_int_equal(rt_app_notices(&w->app, &chair, &told_chair, &n_told), RT_OK);
    assert_int_equal(n_told, 1);
    assert_string_equal(told_chair[0].kind, "exclusion");
    assert_string_equal(told_chair[0].record_id, id);
    rt_notice_list_free(told_chair, n_told);
    /* Once excluded, the notices about the case are gone for them too. */
    assert_int_equal(rt_app_exclude(&w->app, &coord, id, "chair", why, "a", T0, again, &field),
                     RT_OK);
    assert_int_equal(rt_app_notices(&w->app, &chair, &told_chair, &n_told), RT_OK);
    assert_int_equal(n_told, 0);
    rt_notice_list_free(told_chair, n_told);
    /* And they hold the case no more: they can neither list nor lift. */
    rt_exclusion_entry *ex;
    size_t n_ex;
    assert_int_equal(rt_app_exclusions(&w->app, &chair, id, "a", T0, &ex, &n_ex), RT_ENOTFOUND);
    assert_int_equal(rt_app_exclusion_lift(&w->app, &chair, id, again, why, "a", T0, &field),
                     RT_ENOTFOUND);

    /* Lifted with a reason, never deleted: the user sees the case again. */
    assert_int_equal(rt_app_exclusion_lift(&w->app, &coord, id, xid, "short", "a", T0, &field),
                     RT_EINVAL);
    assert_string_equal(field, "reason");
    assert_int_equal(rt_app_exclusion_lift(&w->app, &coord, id, id, "Declared conflict ended "
                                           "on review", "a", T0, &field),
                     RT_ENOTFOUND);
    assert_int_equal(rt_app_exclusion_lift(&w->app, &coord, id, xid, "Declared conflict ended "
                                           "on review", "a", T0 + 60, &field),
                     RT_OK);
    assert_int_equal(rt_app_exclusion_lift(&w->app, &coord, id, xid, "Declared conflict ended "
                                           "on review", "a", T0 + 60, &field),
                     RT_ENOTFOUND);
    assert_int_equal(rt_app_referral_get(&w->app, &idva2, id, "a", T0 + 60, &got, &detail),
                     RT_OK);
    assert_int_equal(detail, RT_DETAIL_PRESENCE);
    rt_referral_clear(&got);
    assert_int_equal(rt_app_exclusions(&w->app, &coord, id, "a", T0, &ex, &n_ex), RT_OK);
    assert_int_equal(n_ex, 2);
    assert_string_equal(ex[0].x.id, xid);
    assert_string_equal(ex[0].username, "idva.two");
    assert_string_equal(ex[0].by, "coord");
    assert_string_equal(ex[0].lifted_by, "coord");
    assert_int_equal(ex[0].x.lifted_at, T0 + 60);
    assert_null(ex[0].x.reason); /* the reasons are the auditor's */
    assert_int_equal(ex[1].x.lifted_at, 0);
    rt_exclusion_entries_free(ex, n_ex);
    assert_int_equal(rt_app_audit_exclusions(&w->app, &coord, "a", T0, &ex, &n_ex), RT_EDENIED);
    assert_int_equal(rt_app_audit_exclusions(&w->app, &auditor, "a", T0, &ex, &n_ex), RT_OK);
    assert_int_equal(n_ex, 2);
    assert_string_equal(ex[0].x.reason, why);
    assert_string_equal(ex[0].x.lift_reason, "Declared conflict ended on review");
    assert_null(ex[1].x.lift_reason);
    rt_exclusion_entries_free(ex, n_ex);
    rt_principal_clear(&manager);
    rt_principal_clear(&auditor);
    rt_principal_clear(&chair);
    rt_referral_clear(&r);
    rt_principal *all[] = {&coord, &idva1, &idva2, &rep, &analyst};
    for (size_t i = 0; i < 5; i++)
        rt_principal_clear(all[i]);
}

/* Stores a referral from coord with a narrative note; returns its id. */
static rt_status submit_with_note(world *w, rt_principal *coord, char id[RT_ID_HEX + 1])
{
    rt_referral r = {0};
    static const struct {
        int f;
        const char *v;
    } values[] = {
        {RT_RF_VICTIM_GIVEN_NAME, "Tressa"},   {RT_RF_VICTIM_FAMILY_NAME, "Angove"},
        {RT_RF_VICTIM_GENDER, "female"},        {RT_RF_VICTIM_SAFE_TO_CALL, "no"},
        {RT_RF_REFERRER_NAME, "Demo Referrer"}, {RT_RF_REFERRER_PHONE, "01632 960000"},
        {RT_RF_REFERRAL_DATE, "2026-11-21"},    {RT_RF_CONSENT_AWARE, "no"},
        {RT_RF_CONSENT_NOT_AWARE_WHY, "He reads her post"},
        {RT_RF_CONSENT_GIVEN, "not_asked"},     {RT_RF_CONSENT_LAWFUL_BASIS, "protect_safety"},
        {RT_RF_CONSENT_PROTOCOL, "Wealdmoor ISP"},
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        r.field[values[i].f] = strdup(values[i].v);
    assess(&r, 9);
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n_errs;
    rt_status st = rt_app_referral_submit(&w->app, coord, &r, "a", T0, errs, &n_errs);
    memcpy(id, r.id, RT_ID_HEX + 1);
    rt_referral_clear(&r);
    return st;
}

static void referral_with_note(world *w, rt_principal *coord, char id[RT_ID_HEX + 1])
{
    assert_int_equal(submit_with_note(w, coord, id), RT_OK);
}

static void retention_dry_run_then_real_run(void **state)
{
    world *w = *state;
    rt_principal coord;
    principal(w, "coord", &coord);
    char old[RT_ID_HEX + 1], mid[RT_ID_HEX + 1], open_[RT_ID_HEX + 1];
    referral_with_note(w, &coord, old);
    referral_with_note(w, &coord, mid);
    referral_with_note(w, &coord, open_);
    /* Defaults: closed referrals kept 2190 days, their notes 730. */
    rt_date closed_old = {2020, 1, 10}, closed_mid = {2024, 6, 1};
    assert_int_equal(rt_store_referral_close(w->store, old, rt_date_to_days(closed_old) * 86400),
                     RT_OK);
    assert_int_equal(rt_store_referral_close(w->store, mid, rt_date_to_days(closed_mid) * 86400),
                     RT_OK);
    rt_date today = {2026, 11, 22};
    size_t audit_before = audit_count(w);

    rt_retention_result *res;
    size_t n;
    assert_int_equal(rt_app_retention_run(&w->app, today, true, "cli:test", &res, &n), RT_OK);
    assert_int_equal(n, 2);
    assert_int_equal(res[0].rule.part, RT_RETAIN_WHOLE);
    assert_string_equal(res[0].cutoff, "2020-11-23");
    assert_int_equal(res[0].n, 1);
    assert_string_equal(res[0].ids[0], old);
    assert_int_equal(res[1].rule.part, RT_RETAIN_NOTES);
    assert_int_equal(res[1].n, 2); /* in a dry run the old one is still there */
    rt_retention_results_free(res, n);
    size_t count;
    assert_int_equal(rt_store_referral_count(w->store, &count), RT_OK);
    assert_int_equal(count, 3);
    assert_int_equal(audit_count(w), audit_before);

    assert_int_equal(rt_app_retention_run(&w->app, today, false, "cli:test", &res, &n), RT_OK);
    assert_int_equal(res[0].n, 1);
    assert_int_equal(res[1].n, 1);
    assert_string_equal(res[1].ids[0], mid);
    rt_retention_results_free(res, n);
    assert_int_equal(audit_count(w), audit_before + 2);
    rt_referral r;
    assert_int_equal(rt_store_referral_get(w->store, old, &r), RT_ENOTFOUND);
    assert_int_equal(rt_store_referral_get(w->store, mid, &r), RT_OK);
    assert_null(r.field[RT_RF_CONSENT_NOT_AWARE_WHY]);
    assert_string_equal(r.field[RT_RF_VICTIM_FAMILY_NAME], "Angove");
    rt_referral_clear(&r);
    assert_int_equal(rt_store_referral_get(w->store, open_, &r), RT_OK);
    assert_string_equal(r.field[RT_RF_CONSENT_NOT_AWARE_WHY], "He reads her post");
    rt_referral_clear(&r);

    /* Nothing left to do: a second run removes nothing. */
    assert_int_equal(rt_app_retention_run(&w->app, today, false, "cli:test", &res, &n), RT_OK);
    assert_int_equal(res[0].n + res[1].n, 0);
    rt_retention_results_free(res, n);
    /* Rules are the organisation's: a shorter period takes the other. */
    assert_int_equal(rt_store_retention_set(w->store, "referral", RT_RETAIN_WHOLE, 365), RT_OK);
    assert_int_equal(rt_store_retention_set(w->store, "case", RT_RETAIN_WHOLE, 365), RT_EINVAL);
    assert_int_equal(rt_app_retention_run(&w->app, today, false, "cli:test", &res, &n), RT_OK);
    assert_int_equal(res[0].n, 1);
    rt_retention_results_free(res, n);
    assert_int_equal(rt_store_referral_count(w->store, &count), RT_OK);
    assert_int_equal(count, 1);
    rt_principal_clear(&coord);
}

/* Submits a referral by who about a person living at postcode (NULL:
 * none given) into id. */
static void submit_at(world *w, rt_principal *who, const char *postcode, char id[RT_ID_HEX + 1])
{
    rt_referral r = {0};
    static const struct {
        int f;
        const char *v;
    } values[] = {
        {RT_RF_VICTIM_GIVEN_NAME, "Ysolde"},    {RT_RF_VICTIM_FAMILY_NAME, "Carrow"},
        {RT_RF_VICTIM_GENDER, "female"},        {RT_RF_VICTIM_SAFE_TO_CALL, "no"},
        {RT_RF_REFERRER_NAME, "Demo Referrer"}, {RT_RF_REFERRER_PHONE, "01632 960000"},
        {RT_RF_REFERRAL_DATE, "2026-11-21"},
        {RT_RF_CONSENT_AWARE, "yes"},           {RT_RF_CONSENT_GIVEN, "yes"},
        {RT_RF_CONSENT_LAWFUL_BASIS, "consent"},
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        r.field[values[i].f] = strdup(values[i].v);
    if (postcode)
        r.field[RT_RF_VICTIM_POSTCODE] = strdup(postcode);
    assess(&r, 14);
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n_errs;
    assert_int_equal(rt_app_referral_submit(&w->app, who, &r, "10.0.0.1", T0, errs, &n_errs),
                     RT_OK);
    memcpy(id, r.id, RT_ID_HEX + 1);
    rt_referral_clear(&r);
}

/* Whether list (n of them) holds id. */
static bool holds(const rt_referral *list, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].id, id) == 0)
            return true;
    return false;
}

/* Jurisdiction: a coordinator sees the referrals their Maracs hear, by
 * the person's postcode or, with none, by the referring agency's Marac;
 * a coordinator on no Marac's staff sees none; staffing another Marac
 * brings that Marac's cases, and only those. */
static void a_coordinator_sees_only_what_their_marac_hears(void **state)
{
    world *w = *state;
    rt_marac ev = {.code = "eastvale", .name = "Eastvale Marac", .areas = "EV"};
    rt_marac_rules_default(&ev.rules);
    assert_int_equal(rt_store_marac_put(w->store, &ev), RT_OK);
    /* Of another agency than the referrer's, which would learn that its
     * referrals exist. */
    rt_agency other = {.code = "other", .name = "Other", .kind = RT_AGENCY_MARAC};
    assert_int_equal(rt_store_agency_add(w->store, &other), RT_OK);
    rt_user u2 = {.username = "coord2", .display_name = "Synthetic Person",
                  .agency_code = "other", .role = RT_ROLE_COORDINATOR, .created_at = T0};
    assert_int_equal(rt_auth_hash_password(PASSWORD, &u2.password_hash), RT_OK);
    assert_int_equal(rt_store_user_add(w->store, &u2), RT_OK);
    free(u2.password_hash);
    rt_principal rep, coord, coord2;
    principal(w, "rep", &rep);
    char weald[RT_ID_HEX + 1], east[RT_ID_HEX + 1], nowhere[RT_ID_HEX + 1];
    submit_at(w, &rep, "WM2 5HT", weald);
    submit_at(w, &rep, "EV1 2AB", east);
    submit_at(w, &rep, NULL, nowhere);

    /* What each sees of the Wealdmoor, Eastvale and postcode-less
     * referrals: listed at summary or more, read at that detail, and at
     * none not found. */
    static const struct {
        const char *user;
        const char *marac; /* made staff of it first, or NULL */
        rt_detail want[3];
    } cases[] = {
        /* Wealdmoor's: its area and its member's referral; of Eastvale's
         * only what its own agency, the referrer's, may: that it exists. */
        {"coord", NULL, {RT_DETAIL_FULL, RT_DETAIL_PRESENCE, RT_DETAIL_FULL}},
        {"coord2", NULL, {RT_DETAIL_NONE, RT_DETAIL_NONE, RT_DETAIL_NONE}}, /* no Marac */
        {"coord2", "eastvale", {RT_DETAIL_NONE, RT_DETAIL_FULL, RT_DETAIL_NONE}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *field;
        if (cases[i].marac)
            assert_int_equal(rt_app_marac_staff_set(&w->app, NULL, cases[i].marac, cases[i].user,
                                                    false, "cli", T0, &field),
                             RT_OK);
        rt_principal *who = strcmp(cases[i].user, "coord") == 0 ? &coord : &coord2;
        principal(w, cases[i].user, who);
        rt_referral *list;
        size_t n;
        assert_int_equal(rt_app_referral_list(&w->app, who, "10.0.0.1", T0, &list, &n), RT_OK);
        const char *ids[3] = {weald, east, nowhere};
        for (int k = 0; k < 3; k++) {
            rt_detail want = cases[i].want[k];
            if (holds(list, n, ids[k]) != (want >= RT_DETAIL_SUMMARY))
                fail_msg("case %zu: %s lists referral %d: want %d", i, cases[i].user, k, want);
            rt_referral one;
            rt_detail d;
            rt_status st = rt_app_referral_get(&w->app, who, ids[k], "10.0.0.1", T0, &one, &d);
            if (st != (want ? RT_OK : RT_ENOTFOUND) || (st == RT_OK && d != want))
                fail_msg("case %zu: %s reads referral %d: %d (detail %d)", i, cases[i].user, k,
                         st, d);
            if (st == RT_OK)
                rt_referral_clear(&one);
        }
        rt_referral_list_free(list, n);
        rt_principal_clear(who);
    }
    rt_principal_clear(&rep);
}

/* Makes the audit log refuse entries of action from now on, as a full
 * disk or a damaged file would, through a second connection to the file. */
static void refuse_audit(world *w, const char *action)
{
    static int triggers;
    char path[512], sql[256];
    snprintf(path, sizeof path, "%s/rt.db", w->dir);
    snprintf(sql, sizeof sql,
             "CREATE TRIGGER refuse_%d BEFORE INSERT ON audit_log WHEN NEW.action = '%s' "
             "BEGIN SELECT RAISE(ABORT, 'refused'); END",
             triggers++, action);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* An operation whose audit entry cannot be written fails, and what it
 * wrote is undone with it: a referral submitted, a retention purge, a
 * sign-in's session. */
static void a_write_is_undone_when_its_audit_entry_fails(void **state)
{
    world *w = *state;
    rt_principal coord;
    principal(w, "coord", &coord);
    char closed[RT_ID_HEX + 1], id[RT_ID_HEX + 1];
    referral_with_note(w, &coord, closed);
    rt_date long_ago = {2019, 1, 10}, today = {2026, 11, 22};
    assert_int_equal(rt_store_referral_close(w->store, closed, rt_date_to_days(long_ago) * 86400),
                     RT_OK);
    size_t audits = audit_count(w), referrals;

    refuse_audit(w, "referral.create");
    assert_int_not_equal(submit_with_note(w, &coord, id), RT_OK);
    assert_int_equal(rt_store_referral_count(w->store, &referrals), RT_OK);
    assert_int_equal(referrals, 1);

    refuse_audit(w, "retention.purge");
    rt_retention_result *res = NULL;
    size_t n = 0;
    assert_int_not_equal(rt_app_retention_run(&w->app, today, false, "cli:test", &res, &n), RT_OK);
    assert_null(res);
    rt_referral r;
    assert_int_equal(rt_store_referral_get(w->store, closed, &r), RT_OK);
    rt_referral_clear(&r);

    refuse_audit(w, "session.create");
    rt_principal who;
    rt_login_outcome out;
    char token[RT_TOKEN_CHARS + 1];
    assert_int_not_equal(rt_app_login(&w->app, "rep", PASSWORD, "10.0.0.2", T0, &out, &who, token),
                         RT_OK);
    assert_int_equal(audit_count(w), audits);
    rt_principal_clear(&coord);
}

/* A referral submitted by the coordinator about a synthetic person with
 * no postcode (so the coordinator's Marac hears it); its id into id. */
static void submit(world *w, const rt_principal *by, const char *given, char id[RT_ID_HEX + 1])
{
    rt_referral r = {0};
    r.field[RT_RF_VICTIM_GIVEN_NAME] = strdup(given);
    r.field[RT_RF_VICTIM_FAMILY_NAME] = strdup("Tregear");
    r.field[RT_RF_VICTIM_GENDER] = strdup("female");
    r.field[RT_RF_VICTIM_SAFE_TO_CALL] = strdup("no");
    r.field[RT_RF_REFERRER_NAME] = strdup("Demo Referrer");
    r.field[RT_RF_REFERRER_PHONE] = strdup("01632 960000");
    r.field[RT_RF_REFERRAL_DATE] = strdup("2026-11-21");
    r.field[RT_RF_CONSENT_AWARE] = strdup("yes");
    r.field[RT_RF_CONSENT_GIVEN] = strdup("not_asked");
    r.field[RT_RF_CONSENT_LAWFUL_BASIS] = strdup("protect_safety");
    r.field[RT_RF_CONSENT_PROTOCOL] = strdup("Wealdmoor ISP");
    assess(&r, 15);
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n_errs;
    assert_int_equal(rt_app_referral_submit(&w->app, by, &r, "a", T0, errs, &n_errs), RT_OK);
    memcpy(id, r.id, RT_ID_HEX + 1);
    rt_referral_clear(&r);
}

static bool excluded(world *w, const char *username, const char *referral, int64_t now)
{
    rt_user u = {0};
    assert_int_equal(rt_store_user_by_username(w->store, username, &u), RT_OK);
    bool yes = true;
    assert_int_equal(rt_app_excluded(&w->app, u.id, referral, now, &yes), RT_OK);
    rt_user_clear(&u);
    return yes;
}

/* The audit entries of action about referral id. */
static size_t audited(world *w, const char *action, const char *id)
{
    rt_audit_entry *e;
    size_t n, hits = 0;
    assert_int_equal(rt_store_audit_for_record(w->store, "referral", id, &e, &n), RT_OK);
    for (size_t i = 0; i < n; i++)
        hits += strcmp(e[i].action, action) == 0;
    rt_audit_entry_list_free(e, n);
    return hits;
}

/* An exclusion follows the person (safety.md: "everywhere the person
 * appears"): once referrals are confirmed to be one person, an exclusion
 * from any of them stands on all of them, set at once on those already
 * joined; lifting the one set by hand lifts those that followed it, and
 * a follower lifted on its own leaves the rest standing. */
static void an_exclusion_follows_the_person(void **state)
{
    world *w = *state;
    add_user(w, "friend", RT_ROLE_AGENCY_REP);
    add_user(w, "cousin", RT_ROLE_AGENCY_REP);
    add_user(w, "neighbour", RT_ROLE_AGENCY_REP);
    rt_principal coord;
    principal(w, "coord", &coord);
    char a[RT_ID_HEX + 1], b[RT_ID_HEX + 1], c[RT_ID_HEX + 1], xa[RT_ID_HEX + 1],
        xc[RT_ID_HEX + 1], xb[RT_ID_HEX + 1];
    submit(w, &coord, "Demelza", a);
    submit(w, &coord, "Demelsa", b);
    submit(w, &coord, "Demmy", c);
    const char *field;
    const char *why = "Close friend of the person causing harm";
    assert_int_equal(rt_app_exclude(&w->app, &coord, a, "friend", why, "a", T0, xa, &field), RT_OK);
    assert_int_equal(rt_app_exclude(&w->app, &coord, c, "cousin", why, "a", T0, xc, &field), RT_OK);
    assert_false(excluded(w, "friend", b, T0));

    /* a and b one person: friend is barred from b too, as a follow. */
    rt_identity d;
    const char *because = "Same date of birth and address, name misspelt";
    assert_int_equal(rt_app_identity_decide(&w->app, &coord, a, b, true, because, "a", T0 + 1, &d,
                                            &field),
                     RT_OK);
    free(d.reason);
    assert_true(excluded(w, "friend", b, T0 + 1));
    assert_false(excluded(w, "cousin", a, T0 + 1));
    assert_int_equal(audited(w, "referral.exclusion_follow", b), 1);
    rt_exclusion *on_b;
    size_t n_b;
    assert_int_equal(rt_store_exclusion_list(w->store, b, &on_b, &n_b), RT_OK);
    assert_int_equal(n_b, 1);
    assert_string_equal(on_b[0].origin_id, xa);
    assert_string_equal(on_b[0].reason, why);
    rt_exclusion_list_free(on_b, n_b);

    /* A "different people" decision joins nothing. */
    assert_int_equal(rt_app_identity_decide(&w->app, &coord, a, c, false, because, "a", T0 + 2,
                                            &d, &field),
                     RT_OK);
    free(d.reason);
    assert_false(excluded(w, "friend", c, T0 + 2));
    assert_false(excluded(w, "cousin", a, T0 + 2));

    /* b and c one person: everyone's exclusion now stands on a, b and c. */
    assert_int_equal(rt_app_identity_decide(&w->app, &coord, b, c, true, because, "a", T0 + 3, &d,
                                            &field),
                     RT_OK);
    free(d.reason);
    const char *all[] = {a, b, c};
    for (size_t i = 0; i < 3; i++) {
        assert_true(excluded(w, "friend", all[i], T0 + 3));
        assert_true(excluded(w, "cousin", all[i], T0 + 3));
    }
    /* Set by hand on one, it goes to the others at once. */
    assert_int_equal(rt_app_exclude(&w->app, &coord, b, "neighbour", why, "a", T0 + 4, xb, &field),
                     RT_OK);
    for (size_t i = 0; i < 3; i++)
        assert_true(excluded(w, "neighbour", all[i], T0 + 4));

    /* Lifting the one set by hand lifts what followed it. */
    const char *ended = "Declared conflict ended on review";
    assert_int_equal(rt_app_exclusion_lift(&w->app, &coord, a, xa, ended, "a", T0 + 5, &field),
                     RT_OK);
    for (size_t i = 0; i < 3; i++)
        assert_false(excluded(w, "friend", all[i], T0 + 5));
    /* A follower lifted on its own: the others stand. */
    rt_exclusion *on_a;
    size_t n_a;
    assert_int_equal(rt_store_exclusion_list(w->store, a, &on_a, &n_a), RT_OK);
    const char *cousin_on_a = NULL;
    for (size_t i = 0; i < n_a; i++)
        if (!on_a[i].lifted_at && strcmp(on_a[i].origin_id, xc) == 0)
            cousin_on_a = on_a[i].id;
    assert_non_null(cousin_on_a);
    assert_int_equal(rt_app_exclusion_lift(&w->app, &coord, a, cousin_on_a, ended, "a", T0 + 6,
                                           &field),
                     RT_OK);
    rt_exclusion_list_free(on_a, n_a);
    assert_false(excluded(w, "cousin", a, T0 + 6));
    assert_true(excluded(w, "cousin", b, T0 + 6));
    assert_true(excluded(w, "cousin", c, T0 + 6));
    rt_principal_clear(&coord);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(sign_in_outcomes_are_audited),
        T(throttled_per_account_then_released),
        T(throttled_per_address),
        T(sessions_expire_when_idle_and_absolutely),
        T(disabled_account_loses_its_sessions),
        T(referral_reads_are_checked_and_audited),
        T(need_to_know_break_glass_and_exclusion),
        T(retention_dry_run_then_real_run),
        T(a_coordinator_sees_only_what_their_marac_hears),
        T(a_write_is_undone_when_its_audit_entry_fails),
        T(an_exclusion_follows_the_person),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

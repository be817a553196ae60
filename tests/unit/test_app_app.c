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
#include "../../src/app/signin.h"
#include "../../src/app/referrals.h"
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

    /* An excluded user sees nothing and cannot break the glass. */
    assert_int_equal(rt_app_exclude(&w->app, &idva1, id, "idva.two", "Related", "a", T0),
                     RT_EDENIED);
    assert_int_equal(rt_app_exclude(&w->app, &coord, id, "idva.two", "", "a", T0), RT_EINVAL);
    assert_int_equal(rt_app_exclude(&w->app, &coord, id, "nobody", "Related", "a", T0),
                     RT_ENOTFOUND);
    assert_int_equal(rt_app_exclude(&w->app, &coord, id, "idva.two",
                                    "Brother of the person causing harm", "a", T0),
                     RT_OK);
    assert_int_equal(rt_app_referral_get(&w->app, &idva2, id, "a", T0, &got, &detail),
                     RT_ENOTFOUND);
    assert_int_equal(rt_app_break_glass(&w->app, &idva2, id,
                                        "A reason that is certainly long enough", "a", T0),
                     RT_ENOTFOUND);
    assert_int_equal(rt_app_referral_get(&w->app, &idva2, id, "a", T0, &got, &detail),
                     RT_ENOTFOUND);
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
    assert_int_equal(rt_app_retention_run(&w->app, today, true, &res, &n), RT_OK);
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

    assert_int_equal(rt_app_retention_run(&w->app, today, false, &res, &n), RT_OK);
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
    assert_int_equal(rt_app_retention_run(&w->app, today, false, &res, &n), RT_OK);
    assert_int_equal(res[0].n + res[1].n, 0);
    rt_retention_results_free(res, n);
    /* Rules are the organisation's: a shorter period takes the other. */
    assert_int_equal(rt_store_retention_set(w->store, "referral", RT_RETAIN_WHOLE, 365), RT_OK);
    assert_int_equal(rt_store_retention_set(w->store, "case", RT_RETAIN_WHOLE, 365), RT_EINVAL);
    assert_int_equal(rt_app_retention_run(&w->app, today, false, &res, &n), RT_OK);
    assert_int_equal(res[0].n, 1);
    rt_retention_results_free(res, n);
    assert_int_equal(rt_store_referral_count(w->store, &count), RT_OK);
    assert_int_equal(count, 1);
    rt_principal_clear(&coord);
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
    assert_int_not_equal(rt_app_retention_run(&w->app, today, false, &res, &n), RT_OK);
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
        T(a_write_is_undone_when_its_audit_entry_fails),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

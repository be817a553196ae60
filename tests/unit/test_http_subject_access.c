/* Subject access: every referral about the person and nothing about
 * anyone else, third parties withheld, the access history by role and
 * agency (never by name), the export audited, and refusals. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/app/app.h"
#include "../../src/app/exclusions.h"
#include "../../src/app/signin.h"
#include "../../src/app/referrals.h"
#include "../../src/app/marac.h"
#include "../../src/app/subject_access.h"
#include "subject_access_json.h"
#include "support.h"

#define T0 1795305600 /* 2026-11-22T00:00:00Z */
#define PASSWORD "a long synthetic passphrase"

typedef struct world {
    char *dir;
    rt_store *store;
    rt_app app;
    rt_principal coord, rep_police, rep_health;
    char first[RT_ID_HEX + 1], second[RT_ID_HEX + 1], twin[RT_ID_HEX + 1], other[RT_ID_HEX + 1];
} world;

/* Display names are distinctive so a test can prove they never leak. */
static void add_user(world *w, const char *name, const char *display, const char *agency,
                     rt_role role)
{
    rt_user u = {.username = (char *)name, .display_name = (char *)display,
                 .agency_code = (char *)agency, .role = role, .created_at = T0};
    assert_int_equal(rt_auth_hash_password(PASSWORD, &u.password_hash), RT_OK);
    assert_int_equal(rt_store_user_add(w->store, &u), RT_OK);
    free(u.password_hash);
}

static void principal(world *w, const char *user, rt_principal *who)
{
    rt_login_outcome out;
    char token[RT_TOKEN_CHARS + 1];
    rt_principal tmp;
    assert_int_equal(rt_app_login(&w->app, user, PASSWORD, "10.0.0.1", T0, &out, &tmp, token),
                     RT_OK);
    assert_int_equal(out, RT_LOGIN_OK);
    rt_principal_clear(&tmp);
    assert_int_equal(rt_app_session(&w->app, token, T0, who), RT_OK);
}

/* Submits a referral by who; referrer details are given per referral so
 * that each can be searched for in the output. */
static void refer(world *w, rt_principal *who, const char *given, const char *family,
                  const char *dob, const char *referrer, const char *referrer_phone,
                  const char *referrer_email, char id[RT_ID_HEX + 1])
{
    rt_referral r = {0};
    const struct {
        int f;
        const char *v;
    } values[] = {
        {RT_RF_VICTIM_GIVEN_NAME, given},      {RT_RF_VICTIM_FAMILY_NAME, family},
        {RT_RF_VICTIM_DOB, dob},               {RT_RF_VICTIM_GENDER, "female"},
        {RT_RF_VICTIM_ALIASES, "Wenna"},
        {RT_RF_VICTIM_ADDRESS, "4 Quarry Row\nWealdmoor"},
        {RT_RF_VICTIM_POSTCODE, "WM3 8QT"},    {RT_RF_VICTIM_PHONE, "01632 960555"},
        {RT_RF_VICTIM_SAFE_TO_CALL, "no"},     {RT_RF_VICTIM_EMAIL, "safe.box@example.org"},
        {RT_RF_REFERRER_NAME, referrer},       {RT_RF_REFERRER_PHONE, referrer_phone},
        {RT_RF_REFERRER_EMAIL, referrer_email}, {RT_RF_REFERRAL_DATE, "2026-11-21"},
        {RT_RF_CONSENT_AWARE, "no"},           {RT_RF_CONSENT_NOT_AWARE_WHY, "Not safe to tell yet"},
        {RT_RF_CONSENT_GIVEN, "not_asked"},    {RT_RF_CONSENT_LAWFUL_BASIS, "protect_safety"},
        {RT_RF_CONSENT_PROTOCOL, "Wealdmoor ISP"},
    };
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
        if (values[i].v)
            r.field[values[i].f] = strdup(values[i].v);
    rt_risk_input in = {.tool = rt_risk_default_tool()};
    for (int i = 0; i < 24; i++)
        in.answers[i] = i < 15 ? RT_ANSWER_YES : RT_ANSWER_NO;
    const char *bad;
    assert_int_equal(rt_referral_assess(&r, &in, &bad), RT_OK);
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n_errs;
    assert_int_equal(rt_app_referral_submit(&w->app, who, &r, "10.0.0.1", T0, errs, &n_errs),
                     RT_OK);
    memcpy(id, r.id, RT_ID_HEX + 1);
    rt_referral_clear(&r);
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    w->dir = rt_test_dir("subject-access");
    char path[512];
    snprintf(path, sizeof path, "%s/rt.db", w->dir);
    rt_data_key key;
    assert_int_equal(rt_key_generate(&key), RT_OK);
    assert_int_equal(rt_store_open(path, &key, true, &w->store), RT_OK);
    rt_agency police = {.code = "police", .name = "Wealdmoor Police", .kind = RT_AGENCY_POLICE};
    rt_agency health = {.code = "health", .name = "Wealdmoor Health Trust",
                        .kind = RT_AGENCY_HEALTH};
    assert_int_equal(rt_store_agency_add(w->store, &police), RT_OK);
    assert_int_equal(rt_store_agency_add(w->store, &health), RT_OK);
    rt_config cfg;
    rt_config_defaults(&cfg);
    assert_int_equal(rt_app_init(&w->app, w->store, &cfg), RT_OK);
    add_user(w, "coord", "Coordinator Kerensa Polglaze", "police", RT_ROLE_COORDINATOR);
    add_user(w, "rep.police", "Officer Jory Penhallow", "police", RT_ROLE_AGENCY_REP);
    add_user(w, "rep.health", "Nurse Demelza Trevanion", "health", RT_ROLE_AGENCY_REP);
    /* The coordinator is staff of the Marac where the person lives. */
    rt_marac m = {.code = "wealdmoor", .name = "Wealdmoor Marac", .areas = "WM"};
    rt_marac_rules_default(&m.rules);
    assert_int_equal(rt_store_marac_put(w->store, &m), RT_OK);
    const char *field;
    assert_int_equal(rt_app_marac_staff_set(&w->app, NULL, "wealdmoor", "coord", false, "cli",
                                            T0, &field),
                     RT_OK);
    principal(w, "coord", &w->coord);
    principal(w, "rep.police", &w->rep_police);
    principal(w, "rep.health", &w->rep_health);
    /* The same person referred twice, by two agencies, written differently. */
    refer(w, &w->rep_police, "Morwenna", "Tregarthen", "1984-02-29", "Referrer Alpha Vellanoweth",
          "01632 960101", "alpha.vellanoweth@example.org", w->first);
    refer(w, &w->rep_health, "MORWENNA ", "tregarthen", "1984-02-29", "Referrer Beta Carnsew",
          "01632 960202", "beta.carnsew@example.org", w->second);
    /* Her twin: same family name and birthday, another person. */
    refer(w, &w->rep_health, "Tamsin", "Tregarthen", "1984-02-29", "Referrer Gamma Rosewarne",
          "01632 960303", "gamma.rosewarne@example.org", w->twin);
    refer(w, &w->rep_police, "Ysella", "Boscawen", "1990-06-01", "Referrer Delta Trelawny",
          "01632 960404", "delta.trelawny@example.org", w->other);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    rt_principal_clear(&w->coord);
    rt_principal_clear(&w->rep_police);
    rt_principal_clear(&w->rep_health);
    rt_app_clear(&w->app);
    rt_store_close(w->store);
    free(w->dir);
    free(w);
    return 0;
}

static const rt_sar_referral *find(const rt_subject_access *sa, const char *id)
{
    for (size_t i = 0; i < sa->n_referrals; i++)
        if (strcmp(sa->referrals[i].r.id, id) == 0)
            return &sa->referrals[i];
    return NULL;
}

static char *json_text(const rt_subject_access *sa)
{
    char *text;
    assert_int_equal(rt_subject_access_json_text(sa, &text), RT_OK);
    return text;
}

static void every_referral_about_the_person_and_no_one_else(void **state)
{
    world *w = *state;
    rt_subject_access sa;
    assert_int_equal(rt_app_subject_access(&w->app, &w->coord, w->second, "10.0.0.1", T0 + 60,
                                           &sa),
                     RT_OK);
    assert_int_equal(sa.n_referrals, 2);
    assert_string_equal(sa.referral_id, w->second);
    assert_non_null(find(&sa, w->first));
    assert_non_null(find(&sa, w->second));
    assert_null(find(&sa, w->twin));
    assert_null(find(&sa, w->other));
    /* Withheld in core: the referrer's details never reach a renderer. */
    for (size_t i = 0; i < sa.n_referrals; i++) {
        assert_null(sa.referrals[i].r.field[RT_RF_REFERRER_NAME]);
        assert_null(sa.referrals[i].r.field[RT_RF_REFERRER_PHONE]);
        assert_null(sa.referrals[i].r.field[RT_RF_REFERRER_EMAIL]);
    }

    /* Every field about the person, as stored, is in the JSON. */
    json_t *doc;
    assert_int_equal(rt_subject_access_json(&sa, &doc), RT_OK);
    assert_int_equal(json_integer_value(json_object_get(doc, "version")), 1);
    assert_string_equal(json_string_value(json_object_get(doc, "generated_at")),
                        "2026-11-22T00:01:00Z");
    json_t *refs = json_object_get(doc, "referrals");
    assert_int_equal(json_array_size(refs), 2);
    const rt_field_spec *specs = rt_referral_fields();
    for (size_t k = 0; k < 2; k++) {
        json_t *jr = json_array_get(refs, k);
        const char *id = json_string_value(json_object_get(jr, "id"));
        rt_referral stored;
        assert_int_equal(rt_store_referral_get(w->store, id, &stored), RT_OK);
        json_t *fields = json_object_get(jr, "fields");
        int present = 0;
        assert_int_equal(json_array_size(fields), RT_RF_COUNT);
        for (int i = 0; i < RT_RF_COUNT; i++) {
            json_t *f = json_array_get(fields, (size_t)i);
            assert_string_equal(json_string_value(json_object_get(f, "key")), specs[i].key);
            assert_string_equal(json_string_value(json_object_get(f, "label")), specs[i].label);
            const char *v = json_string_value(json_object_get(f, "value"));
            if (specs[i].third_party) {
                assert_true(json_is_true(json_object_get(f, "withheld")));
                assert_string_equal(v, RT_WITHHELD_THIRD_PARTY);
            } else if (stored.field[i]) {
                assert_string_equal(v, stored.field[i]);
                present++;
            } else {
                assert_true(json_is_null(json_object_get(f, "value")));
            }
        }
        assert_int_equal(present, 16); /* every field refer() fills but the referrer's */
        const char *agency = json_string_value(
            json_object_get(json_object_get(jr, "referring_agency"), "name"));
        assert_string_equal(agency, strcmp(id, w->first) == 0 ? "Wealdmoor Police"
                                                              : "Wealdmoor Health Trust");
        json_t *gender = json_array_get(fields, RT_RF_VICTIM_GENDER);
        assert_string_equal(json_string_value(json_object_get(gender, "value_label")), "Female");
        assert_int_equal(
            json_integer_value(json_object_get(json_object_get(jr, "assessment"), "score")), 15);
        rt_referral_clear(&stored);
    }
    json_decref(doc);
    rt_subject_access_clear(&sa);
}

static void third_parties_and_staff_names_are_withheld(void **state)
{
    world *w = *state;
    rt_subject_access sa;
    /* A read first, so the history has a named user in it. */
    rt_referral r;
    rt_detail detail;
    assert_int_equal(rt_app_referral_get(&w->app, &w->coord, w->first, "10.0.0.1", T0, &r,
                                         &detail),
                     RT_OK);
    rt_referral_clear(&r);
    assert_int_equal(rt_app_subject_access(&w->app, &w->coord, w->first, "10.0.0.1", T0, &sa),
                     RT_OK);
    char *text = json_text(&sa);
    static const char *const never[] = {
        "Referrer Alpha Vellanoweth", "01632 960101", "alpha.vellanoweth@example.org",
        "Referrer Beta Carnsew", "01632 960202", "beta.carnsew@example.org",
        "Tamsin", "Gamma", "Boscawen", "Delta",
        "Kerensa", "Jory", "Demelza", "10.0.0.1", "rep.police", "coord\"",
    };
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (strstr(text, never[i]))
            fail_msg("the export contains %s", never[i]);
    assert_non_null(strstr(text, "Morwenna"));
    assert_non_null(strstr(text, RT_WITHHELD_THIRD_PARTY));
    assert_non_null(strstr(text, "Not safe to tell yet"));
    free(text);

    /* The history: creation by each agency, the system's screening of
     * the second referral against the first (record linkage), and the
     * coordinator's read, by role and agency. */
    int created = 0, read = 0;
    for (size_t i = 0; i < sa.n_events; i++) {
        const rt_sar_event *e = &sa.events[i];
        if (e->system) {
            assert_string_equal(e->action, "identity.screen");
            continue;
        }
        if (strcmp(e->action, "referral.create") == 0)
            created++;
        if (strcmp(e->action, "referral.read") == 0) {
            read++;
            assert_int_equal(e->role, RT_ROLE_COORDINATOR);
            assert_string_equal(e->agency_name, "Wealdmoor Police");
            assert_string_equal(e->referral_id, w->first);
        }
        if (i)
            assert_true(sa.events[i - 1].at <= e->at);
    }
    assert_int_equal(created, 2);
    assert_int_equal(read, 1);
    rt_subject_access_clear(&sa);
}

/* The number of entries about id with this action and outcome; the last
 * one's user id is copied to user ("" for none). */
static size_t entries(world *w, const char *id, const char *action, const char *outcome,
                      char user[RT_ID_HEX + 1])
{
    rt_audit_entry *list;
    size_t n, k = 0;
    assert_int_equal(rt_store_audit_for_record(w->store, "referral", id, &list, &n), RT_OK);
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].action, action) == 0 && strcmp(list[i].outcome, outcome) == 0) {
            k++;
            if (user)
                snprintf(user, RT_ID_HEX + 1, "%s", list[i].user_id ? list[i].user_id : "");
        }
    rt_audit_entry_list_free(list, n);
    return k;
}

static void the_export_is_audited_per_referral(void **state)
{
    world *w = *state;
    size_t before, after;
    assert_int_equal(rt_store_audit_count(w->store, &before), RT_OK);
    rt_subject_access sa;
    assert_int_equal(rt_app_subject_access(&w->app, &w->coord, w->first, "10.0.0.9", T0, &sa),
                     RT_OK);
    /* The export does not list itself. */
    for (size_t i = 0; i < sa.n_events; i++)
        assert_string_not_equal(sa.events[i].action, "subject_access.export");
    rt_subject_access_clear(&sa);
    assert_int_equal(rt_store_audit_count(w->store, &after), RT_OK);
    assert_int_equal(after, before + 2);
    char user[RT_ID_HEX + 1];
    assert_int_equal(entries(w, w->first, "subject_access.export", "ok", user), 1);
    assert_string_equal(user, w->coord.user.id);
    assert_int_equal(entries(w, w->second, "subject_access.export", "ok", user), 1);
    assert_int_equal(entries(w, w->twin, "subject_access.export", "ok", NULL), 0);

    /* The system (the command line) exports with no user id, and the
     * earlier export now shows in the history. */
    assert_int_equal(rt_app_subject_access(&w->app, NULL, w->first, NULL, T0 + 5, &sa), RT_OK);
    int exports = 0;
    for (size_t i = 0; i < sa.n_events; i++)
        exports += strcmp(sa.events[i].action, "subject_access.export") == 0;
    assert_int_equal(exports, 2);
    rt_subject_access_clear(&sa);
    assert_int_equal(entries(w, w->first, "subject_access.export", "ok", user), 2);
    assert_string_equal(user, "");
}

static void other_roles_are_refused_and_unknown_ids_not_found(void **state)
{
    world *w = *state;
    rt_subject_access sa;
    for (int role = 0; role < RT_ROLE_COUNT; role++) {
        if (role == RT_ROLE_COORDINATOR)
            continue;
        rt_principal who = w->rep_police;
        who.user.role = (rt_role)role;
        size_t before = entries(w, w->first, "subject_access.export", "denied", NULL);
        assert_int_equal(rt_app_subject_access(&w->app, &who, w->first, "a", T0, &sa),
                         RT_EDENIED);
        assert_int_equal(sa.n_referrals, 0);
        assert_null(sa.referrals);
        assert_int_equal(entries(w, w->first, "subject_access.export", "denied", NULL),
                         before + 1);
    }
    assert_int_equal(rt_app_subject_access(&w->app, &w->coord, "00000000000000000000000000000000",
                                           "a", T0, &sa),
                     RT_ENOTFOUND);
    assert_int_equal(rt_app_subject_access(&w->app, NULL, "nope", NULL, T0, &sa), RT_ENOTFOUND);
}

static void an_excluded_coordinator_gets_nothing_of_that_referral(void **state)
{
    world *w = *state;
    add_user(w, "coord.two", "Coordinator Two Synthetic", "health", RT_ROLE_COORDINATOR);
    const char *field;
    assert_int_equal(rt_app_marac_staff_set(&w->app, NULL, "wealdmoor", "coord.two", false, "a",
                                            T0, &field),
                     RT_OK);
    rt_principal two;
    principal(w, "coord.two", &two);
    char xid[RT_ID_HEX + 1];
    assert_int_equal(rt_app_exclude(&w->app, &w->coord, w->second, "coord.two",
                                    "Associated with the person causing harm", "a", T0, xid,
                                    &field),
                     RT_OK);
    rt_subject_access sa;
    /* From the excluded referral: as if it did not exist. */
    assert_int_equal(rt_app_subject_access(&w->app, &two, w->second, "a", T0, &sa), RT_ENOTFOUND);
    /* From the other: that one only, and the omission is audited. */
    assert_int_equal(rt_app_subject_access(&w->app, &two, w->first, "a", T0, &sa), RT_OK);
    assert_int_equal(sa.n_referrals, 1);
    assert_null(find(&sa, w->second));
    rt_subject_access_clear(&sa);
    assert_int_equal(entries(w, w->second, "subject_access.export", "denied", NULL), 2);
    rt_principal_clear(&two);
}

static void without_a_date_of_birth_only_the_one_referral(void **state)
{
    world *w = *state;
    char a[RT_ID_HEX + 1], b[RT_ID_HEX + 1];
    refer(w, &w->rep_police, "Elowen", "Chenoweth", NULL, "Referrer Epsilon", "01632 960505",
          NULL, a);
    refer(w, &w->rep_police, "Elowen", "Chenoweth", NULL, "Referrer Zeta", "01632 960606", NULL,
          b);
    rt_subject_access sa;
    assert_int_equal(rt_app_subject_access(&w->app, &w->coord, a, "a", T0, &sa), RT_OK);
    assert_int_equal(sa.n_referrals, 1);
    assert_string_equal(sa.referrals[0].r.id, a);
    json_t *doc;
    assert_int_equal(rt_subject_access_json(&sa, &doc), RT_OK);
    assert_true(json_is_null(json_object_get(json_object_get(doc, "person"), "date_of_birth")));
    json_decref(doc);
    rt_subject_access_clear(&sa);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(every_referral_about_the_person_and_no_one_else),
        T(third_parties_and_staff_names_are_withheld),
        T(the_export_is_audited_per_referral),
        T(other_roles_are_refused_and_unknown_ids_not_found),
        T(an_excluded_coordinator_gets_nothing_of_that_referral),
        T(without_a_date_of_birth_only_the_one_referral),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

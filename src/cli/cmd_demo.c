/* cmd_demo.c: `roundtable demo`: a fictional area to try the product in.
 *
 * Wealdmoor does not exist, and neither does anyone in it: every name
 * below was made up for this file. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "../core/date.h"
#include "../app/casework.h"
#include "../app/referrals.h"
#include "../app/signin.h"
#include "../app/marac.h"
#include "cli.h"

static const rt_agency agencies[] = {
    {"administration", "Roundtable administration", RT_AGENCY_OTHER},
    {"wealdmoor-police", "Wealdmoor Constabulary", RT_AGENCY_POLICE},
    {"wealdmoor-idva", "Wealdmoor Idva Service", RT_AGENCY_IDVA_SERVICE},
    {"wealdmoor-marac", "Wealdmoor Marac", RT_AGENCY_MARAC},
    {"wealdmoor-health", "Wealdmoor General Hospital", RT_AGENCY_HEALTH},
    {"wealdmoor-housing", "Wealdmoor Homes", RT_AGENCY_HOUSING},
    {"wealdmoor-csc", "Wealdmoor Children's Services", RT_AGENCY_CHILDRENS_SOCIAL_CARE},
};

/* One user per role, named after it; and a second, hospital-based Idva
 * working part time, so allocation has a choice to weigh. */
static const struct {
    rt_role role;
    const char *username;
    const char *name;
    const char *agency;
    double fte;            /* Idvas: their hours */
    unsigned specialisms;
    const char *areas;
} people[] = {
    {RT_ROLE_IDVA, "idva", "Tamsin Oakridge", "wealdmoor-idva", 1.0, 0, "WM1,WM2"},
    {RT_ROLE_IDVA, "idva_hospital", "Gwenna Trelease", "wealdmoor-idva", 0.6,
     1u << RT_SPEC_HOSPITAL, "WM3,WM4,WM5"},
    {RT_ROLE_IDVA_MANAGER, "idva_manager", "Corwen Ashby", "wealdmoor-idva", 0, 0, NULL},
    {RT_ROLE_COORDINATOR, "marac_coordinator", "Elowen Brackwater", "wealdmoor-marac", 0, 0,
     NULL},
    {RT_ROLE_CHAIR, "marac_chair", "DI Ruan Hollis", "wealdmoor-police", 0, 0, NULL},
    {RT_ROLE_AGENCY_REP, "agency_rep", "Senna Polwarth", "wealdmoor-housing", 0, 0, NULL},
    {RT_ROLE_ANALYST, "analyst", "Jory Fenwick", "wealdmoor-marac", 0, 0, NULL},
    {RT_ROLE_ADMIN, "admin", "Demelza Quayle", "administration", 0, 0, NULL},
    {RT_ROLE_AUDITOR, "auditor", "Kitto Lanyon", "administration", 0, 0, NULL},
};

/* The Wealdmoor Marac: the whole area, and every agency but the
 * administration as a member. */
static rt_status seed_marac(rt_app *app, const char *address, int64_t now)
{
    rt_marac m = {.code = "wealdmoor", .name = "Wealdmoor Marac", .areas = "WM",
                  .population = 112000,
                  .sharing_protocol = "Wealdmoor Marac Information Sharing Protocol, v3 (2026)",
                  .operating_protocol = "Wealdmoor Marac Operating Protocol (2025)"};
    rt_marac_rules_default(&m.rules);
    const char *field;
    rt_status s = rt_app_marac_set(app, &m, address, now, &field);
    for (size_t i = 0; s == RT_OK && i < sizeof agencies / sizeof agencies[0]; i++)
        if (strcmp(agencies[i].code, "administration") != 0)
            s = rt_app_marac_member_add(app, "wealdmoor", agencies[i].code, address, now, &field);
    return s;
}

/* The Idvas' hours, specialisms and areas, for allocation. */
static rt_status seed_profiles(rt_app *app, const char *address, int64_t now)
{
    rt_status s = RT_OK;
    for (size_t i = 0; s == RT_OK && i < sizeof people / sizeof people[0]; i++) {
        if (people[i].role != RT_ROLE_IDVA)
            continue;
        rt_user u = {0};
        s = rt_app_user_by_username(app, people[i].username, &u);
        rt_idva_profile p = {.fte = people[i].fte, .specialisms = people[i].specialisms,
                             .updated_at = now};
        if (s == RT_OK) {
            memcpy(p.user_id, u.id, sizeof p.user_id);
            snprintf(p.areas, sizeof p.areas, "%s", people[i].areas);
            snprintf(p.qualification, sizeof p.qualification, "%s", "Idva qualification");
            const char *field;
            s = rt_app_idva_profile_set(app, NULL, &p, address, now, &field);
        }
        rt_user_clear(&u);
    }
    return s;
}

/* given, family, dob, gender, postcode, safe to call; agency; days ago;
 * the assessment: yes answers, police incidents, professional judgement.
 * The mix gives the triage queue something to order: risk, not age. */
static const struct {
    const char *f[6];
    const char *agency;
    int days_ago;
    int yes, incidents, judgement;
} referrals[] = {
    {{"Morwenna", "Tregarth", "1991-07-14", "female", "WM1 4QT", "no"}, "wealdmoor-police", 1,
     16, 1, 0},
    {{"Ysolde", "Carrow", "1985-02-03", "female", "WM3 7LB", "yes"}, "wealdmoor-health", 3,
     8, 0, 1},
    {{"Bryok", "Penhallow", "1979-11-29", "male", "WM2 9DX", "not_known"}, "wealdmoor-police", 6,
     6, 4, 0},
    {{"Lowenna", "Vose", "2008-05-21", "female", "WM4 2HS", "no"}, "wealdmoor-csc", 9,
     11, 0, 0},
    {{"Kerensa", "Rosevear", "1968-09-30", "female", "WM1 8NP", "yes"}, "wealdmoor-housing", 12,
     14, 2, 0},
    {{"Tressa", "Angove", "1996-12-08", "non_binary", "WM5 1RJ", "no"}, "wealdmoor-idva", 20,
     4, 0, 0},
};

static void help(FILE *f)
{
    fprintf(f, "usage: roundtable demo --db PATH [--force] [--json]\n"
               "  Creates a demo database of the fictional area of Wealdmoor, with one user\n"
               "  per role and synthetic referrals, and prints each user's password.\n"
               "  --force  replace PATH (and its key) if they exist.\n"
               "  --json   print the logins as JSON.\n");
}

static int remove_if_there(const char *path)
{
    return unlink(path) == 0 || errno == ENOENT;
}

static rt_status remove_db(const char *db)
{
    static const char *const suffixes[] = {"", "-wal", "-shm", "-journal", ".key"};
    char path[4096];
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        if ((size_t)snprintf(path, sizeof path, "%s%s", db, suffixes[i]) >= sizeof path)
            return RT_ETOOBIG;
        if (!remove_if_there(path))
            return RT_EIO;
    }
    return RT_OK;
}

static rt_status seed_referral(rt_app *app, size_t i, const char *address, int64_t now)
{
    rt_referral r = {0};
    static const int idx[6] = {RT_RF_VICTIM_GIVEN_NAME, RT_RF_VICTIM_FAMILY_NAME,
                               RT_RF_VICTIM_DOB, RT_RF_VICTIM_GENDER, RT_RF_VICTIM_POSTCODE,
                               RT_RF_VICTIM_SAFE_TO_CALL};
    char date[11];
    rt_date_format(rt_date_from_unix(now - (int64_t)referrals[i].days_ago * 86400), date);
    for (int k = 0; k < 6; k++)
        r.field[idx[k]] = strdup(referrals[i].f[k]);
    r.field[RT_RF_REFERRAL_DATE] = strdup(date);
    r.field[RT_RF_REFERRER_NAME] = strdup("Demo Referrer");
    r.field[RT_RF_REFERRER_PHONE] = strdup("01632 960000");
    /* Half the demo referrals were made with consent, half without. */
    int with_consent = i % 2 == 0;
    r.field[RT_RF_CONSENT_AWARE] = strdup("yes");
    r.field[RT_RF_CONSENT_GIVEN] = strdup(with_consent ? "yes" : "no");
    r.field[RT_RF_CONSENT_LAWFUL_BASIS] = strdup(with_consent ? "consent" : "protect_safety");
    r.field[RT_RF_CONSENT_PROTOCOL] =
        with_consent ? NULL : strdup("Wealdmoor Marac Information Sharing Protocol");
    r.agency_code = strdup(referrals[i].agency);
    /* created_by stays NULL: seeded by the system, not by a user. */
    r.created_at = now - (int64_t)referrals[i].days_ago * 86400;
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n_errs;
    rt_status s = RT_OK;
    /* Every field set above must have been copied. */
    static const int set[] = {RT_RF_REFERRAL_DATE, RT_RF_REFERRER_NAME, RT_RF_REFERRER_PHONE,
                              RT_RF_CONSENT_AWARE, RT_RF_CONSENT_GIVEN,
                              RT_RF_CONSENT_LAWFUL_BASIS};
    for (int k = 0; k < 6; k++)
        if (!r.field[idx[k]])
            s = RT_ENOMEM;
    for (size_t k = 0; k < sizeof set / sizeof set[0]; k++)
        if (!r.field[set[k]])
            s = RT_ENOMEM;
    if (!r.agency_code || (!with_consent && !r.field[RT_RF_CONSENT_PROTOCOL]))
        s = RT_ENOMEM;
    rt_risk_input in = {.tool = rt_risk_default_tool(),
                        .police_incidents = referrals[i].incidents,
                        .judgement = referrals[i].judgement,
                        .rationale = "Extreme fear; the person's own perception of risk"};
    for (int k = 0; k < 24; k++)
        in.answers[k] = k < referrals[i].yes ? RT_ANSWER_YES : RT_ANSWER_NO;
    const char *bad = NULL;
    if (s == RT_OK)
        s = rt_referral_assess(&r, &in, &bad);
    /* A person causing harm on every demo referral, and children on most
     * (nationally 1.27 children per case). All invented. */
    static const char *const harm[] = {"Jago Trevenna", "Austol Menheniot", "Carne Polglase",
                                       "Denzel Rowe", "Hedra Pascoe", "Kenwyn Stoddern"};
    static const int kids[] = {2, 1, 0, 3, 1, 1};
    r.n_parties[RT_PARTY_PERPETRATOR] = 1;
    r.parties[RT_PARTY_PERPETRATOR][0].field[0] = strdup(harm[i]);
    r.parties[RT_PARTY_PERPETRATOR][0].field[2] = strdup("ex-partner");
    if (!r.parties[RT_PARTY_PERPETRATOR][0].field[0] || !r.parties[RT_PARTY_PERPETRATOR][0].field[2])
        s = RT_ENOMEM;
    for (int c = 0; s == RT_OK && c < kids[i]; c++) {
        char name[64];
        snprintf(name, sizeof name, "Child %d of %s", c + 1, referrals[i].f[1]);
        r.parties[RT_PARTY_CHILD][c].field[0] = strdup(name);
        r.n_parties[RT_PARTY_CHILD] = (size_t)c + 1;
        if (!r.parties[RT_PARTY_CHILD][c].field[0])
            s = RT_ENOMEM;
    }
    if (s == RT_OK)
        s = rt_app_referral_import(app, &r, address, now, errs, &n_errs);
    rt_referral_clear(&r);
    return s;
}

int rt_cmd_demo(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"force", no_argument, NULL, 'f'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL;
    int force = 0, as_json = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'f': force = 1; break;
        case 'j': as_json = 1; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (!db || optind != argc) {
        fprintf(stderr, "roundtable demo: --db is required\n");
        return 2;
    }
    if (access(db, F_OK) == 0 && !force) {
        fprintf(stderr, "roundtable demo: %s exists; add --force to replace it\n", db);
        return 1;
    }
    rt_status s = remove_db(db);
    if (s != RT_OK)
        return rt_cli_fail("demo: removing the old database", s);

    rt_config cfg;
    rt_config_defaults(&cfg);
    rt_app app;
    char *key_path = NULL;
    rt_open_step step;
    /* A demo always has a key of its own, beside it. */
    s = rt_app_create(db, false, &cfg, &app, &key_path, &step);
    free(key_path);
    if (s != RT_OK)
        return rt_cli_fail("demo", s);

    int64_t now = (int64_t)time(NULL);
    rt_cli_operator op = rt_cli_operator_get();
    const char *field;
    for (size_t i = 0; s == RT_OK && i < sizeof agencies / sizeof agencies[0]; i++)
        s = rt_app_agency_add(&app, &agencies[i], op.address, now, &field);
    char passwords[sizeof people / sizeof people[0]][32];
    for (size_t i = 0; s == RT_OK && i < sizeof people / sizeof people[0]; i++) {
        rt_new_user u = {.username = people[i].username, .display_name = people[i].name,
                         .role = people[i].role, .agency = people[i].agency};
        s = rt_app_user_add(&app, &u, op.address, now, passwords[i], sizeof passwords[i],
                            &field);
    }
    if (s == RT_OK)
        s = seed_profiles(&app, op.address, now);
    if (s == RT_OK)
        s = seed_marac(&app, op.address, now);
    for (size_t i = 0; s == RT_OK && i < sizeof referrals / sizeof referrals[0]; i++)
        s = seed_referral(&app, i, op.address, now);
    /* A demo is tried by people without an authenticator to hand: it asks
     * for a second factor only of those who set one up on their account
     * page. A real deployment (roundtable init) requires it of everyone. */
    if (s == RT_OK)
        s = rt_app_set_second_factor_roles(&app, 0, op.address, now);
    /* Jurisdiction: the coordinator and chair are the Wealdmoor Marac's
     * staff, and the Idva service covers its area. */
    const char *bad_field;
    static const char *const staff[] = {"marac_coordinator", "marac_chair"};
    for (size_t i = 0; s == RT_OK && i < sizeof staff / sizeof staff[0]; i++)
        s = rt_app_marac_staff_set(&app, NULL, "wealdmoor", staff[i], false, op.address, now,
                                   &bad_field);
    if (s == RT_OK)
        s = rt_app_service_areas_set(&app, "wealdmoor-idva", "WM", op.address, now,
                                     &bad_field);
    rt_cli_close_app(&app);
    if (s != RT_OK) {
        sodium_memzero(passwords, sizeof passwords);
        return rt_cli_fail("demo", s);
    }

    if (as_json) {
        json_t *logins = json_array();
        for (size_t i = 0; logins && i < sizeof people / sizeof people[0]; i++) {
            const char *role = rt_role_name(people[i].role);
            if (json_array_append_new(logins, json_pack("{s:s, s:s, s:s, s:s}", "role", role,
                                                        "username", people[i].username, "name",
                                                        people[i].name, "password",
                                                        passwords[i])) != 0) {
                json_decref(logins);
                logins = NULL;
            }
        }
        json_t *o = logins ? json_pack("{s:s, s:o}", "db", db, "logins", logins) : NULL;
        char *text = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
        json_decref(o);
        if (!text)
            return rt_cli_fail("demo", RT_ENOMEM);
        puts(text);
        free(text);
    } else {
        printf("Demo area: Wealdmoor (fictional; every person in it is synthetic)\n"
               "Database: %s\n\n%-22s %-20s %-26s %s\n", db, "ROLE", "USERNAME", "NAME",
               "PASSWORD");
        for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
            printf("%-22s %-20s %-26s %s\n", rt_role_label(people[i].role), people[i].username,
                   people[i].name, passwords[i]);
        printf("\nSecond factor: not required in this demo (set one up under Your account).\n"
               "A real deployment requires it of every role: see roundtable security --help.\n");
    }
    sodium_memzero(passwords, sizeof passwords);
    return 0;
}

/* The need-to-know matrix without HTTP: the table of tests/access/matrix.json
 * (written from shared/domain/safety.md) drives the decision in app/. The
 * world of the end-to-end matrix test is built again here through app
 * operations in a temporary store: two Maracs, two Idva services, member
 * and non-member agencies, a police referrer; one Wealdmoor case referred,
 * allocated, noted, listed, researched, heard and minuted, with an excluded
 * worker. Then every user of the table reads every record of its "records"
 * section through the operation a page or the API would call
 * (rt_app_referral_get, rt_app_case_view, rt_app_meeting_view), and what
 * came back (refused as absent, refused by role, or the detail level) is
 * compared with the table. A read that shows more than the table allows
 * fails, and so does one that shows less; each read, refusals included,
 * must leave an audit entry naming the user and the record. Then the
 * table's sets for writes on those records (a note on the case, research,
 * an action's progress, allocation) are tried as every user, those
 * refused first, and every refusal must be audited with the record. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/app/app.h"
#include "../../src/app/casework.h"
#include "../../src/app/exclusions.h"
#include "../../src/app/marac.h"
#include "../../src/app/referrals.h"
#include "../../src/core/date.h"
#include "support.h"

#define T0 1795305600 /* 2026-11-22T00:00:00Z */
#define DAY 86400
#define MAX_USERS 24

typedef struct world {
    char *dir;
    rt_store *store;
    rt_app app;
    json_t *table;
    size_t n_users;
    const char *name[MAX_USERS];  /* borrowed from table */
    rt_principal who[MAX_USERS];
    char refC[RT_ID_HEX + 1], refE[RT_ID_HEX + 1], refA[RT_ID_HEX + 1], refK[RT_ID_HEX + 1];
    char caseC[RT_ID_HEX + 1], m1[RT_ID_HEX + 1], action_h[RT_ID_HEX + 1];
    int64_t now;                  /* advances one second per operation */
    unsigned calls;               /* numbers each read's address */
} world;

static const rt_principal *as(world *w, const char *name)
{
    for (size_t i = 0; i < w->n_users; i++)
        if (strcmp(w->name[i], name) == 0)
            return &w->who[i];
    fail_msg("the table has no user %s", name);
    return NULL;
}

static int64_t tick(world *w)
{
    return ++w->now;
}

/* Heap copies of n values (NULL stays NULL), for operations that
 * normalise values in place. */
static char **values(size_t n, ...)
{
    char **v = calloc(n, sizeof *v);
    assert_non_null(v);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++) {
        const char *s = va_arg(ap, const char *);
        if (s)
            assert_non_null(v[i] = strdup(s));
    }
    va_end(ap);
    return v;
}

static void values_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void add_agency(world *w, const char *code, rt_agency_kind kind)
{
    rt_agency a = {.code = (char *)code, .name = (char *)code, .kind = kind};
    assert_int_equal(rt_store_agency_add(w->store, &a), RT_OK);
}

static void add_marac(world *w, const char *code, const char *areas, const char *const *members)
{
    rt_marac m = {.population = 50000};
    snprintf(m.code, sizeof m.code, "%s", code);
    snprintf(m.name, sizeof m.name, "%s Marac", code);
    snprintf(m.areas, sizeof m.areas, "%s", areas);
    rt_marac_rules_default(&m.rules);
    assert_int_equal(rt_store_marac_put(w->store, &m), RT_OK);
    for (; *members; members++)
        assert_int_equal(rt_store_marac_member_add(w->store, code, *members), RT_OK);
}

/* The table's users, as accounts of their role and agency. Nobody signs
 * in here, so the password hash is a placeholder that matches nothing. */
static void add_users(world *w)
{
    json_t *users = json_object_get(w->table, "users");
    const char *name;
    json_t *u;
    json_object_foreach(users, name, u) {
        assert_true(w->n_users < MAX_USERS);
        rt_role role;
        assert_int_equal(rt_role_parse(json_string_value(json_object_get(u, "role")), &role),
                         RT_OK);
        rt_user nu = {.username = (char *)name, .display_name = "Synthetic Person",
                      .agency_code = (char *)json_string_value(json_object_get(u, "agency")),
                      .role = role, .password_hash = "not a hash", .created_at = T0};
        assert_int_equal(rt_store_user_add(w->store, &nu), RT_OK);
        w->name[w->n_users] = name;
        assert_int_equal(rt_store_user_by_username(w->store, name, &w->who[w->n_users].user),
                         RT_OK);
        w->n_users++;
    }
}

static void add_profile(world *w, const char *idva, const char *areas)
{
    rt_idva_profile p = {.fte = 1.0, .updated_at = T0};
    memcpy(p.user_id, as(w, idva)->user.id, sizeof p.user_id);
    snprintf(p.areas, sizeof p.areas, "%s", areas);
    snprintf(p.qualification, sizeof p.qualification, "%s", "Idva qualification");
    assert_int_equal(rt_store_idva_profile_put(w->store, &p), RT_OK);
}

/* A referral of a synthetic person by user, with a person causing harm and
 * fifteen yes answers (visible high risk). */
static void refer(world *w, const char *user, const char *given, const char *family,
                  const char *postcode, char id[RT_ID_HEX + 1])
{
    rt_referral r = {0};
    char today[11];
    rt_date_format(rt_date_from_unix(T0), today);
    const struct { int f; const char *v; } set[] = {
        {RT_RF_VICTIM_GIVEN_NAME, given}, {RT_RF_VICTIM_FAMILY_NAME, family},
        {RT_RF_VICTIM_DOB, "1988-06-17"}, {RT_RF_VICTIM_GENDER, "female"},
        {RT_RF_VICTIM_POSTCODE, postcode}, {RT_RF_VICTIM_SAFE_TO_CALL, "no"},
        {RT_RF_REFERRAL_DATE, today}, {RT_RF_REFERRER_NAME, "Synthetic Referrer"},
        {RT_RF_REFERRER_PHONE, "01632 960000"}, {RT_RF_CONSENT_AWARE, "yes"},
        {RT_RF_CONSENT_GIVEN, "yes"}, {RT_RF_CONSENT_LAWFUL_BASIS, "consent"},
    };
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        assert_non_null(r.field[set[i].f] = strdup(set[i].v));
    r.n_parties[RT_PARTY_PERPETRATOR] = 1;
    assert_non_null(r.parties[RT_PARTY_PERPETRATOR][0].field[0] = strdup("Hendry Vosper"));
    rt_risk_input in = {.tool = rt_risk_default_tool()};
    for (int k = 0; k < 24; k++)
        in.answers[k] = k < 15 ? RT_ANSWER_YES : RT_ANSWER_NO;
    const char *bad = NULL;
    assert_int_equal(rt_referral_assess(&r, &in, &bad), RT_OK);
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n_errs;
    assert_int_equal(rt_app_referral_submit(&w->app, as(w, user), &r, "setup", tick(w), errs,
                                            &n_errs),
                     RT_OK);
    memcpy(id, r.id, RT_ID_HEX + 1);
    rt_referral_clear(&r);
}

/* The case of refC: allocated to idva_a, a contact made, active, a note. */
static void casework(world *w)
{
    rt_case c;
    char warning[160];
    const char *field = NULL;
    assert_int_equal(rt_app_case_allocate(&w->app, as(w, "mgr_a"), w->refC,
                                          as(w, "idva_a")->user.id, "setup", tick(w), &c, warning,
                                          &field),
                     RT_OK);
    memcpy(w->caseC, c.id, sizeof w->caseC);
    char today[11];
    rt_date_format(rt_date_from_unix(w->now), today);
    size_t n;
    rt_item_fields(RT_ITEM_CONTACT, &n);
    char **contact = values(n, today, "in_person", "made", NULL, "yes", NULL);
    rt_field_error errs[RT_ITEM_MAX_FIELDS];
    size_t n_errs;
    const char *refusal = NULL;
    char saved[RT_ID_HEX + 1];
    assert_int_equal(rt_app_case_item_save(&w->app, as(w, "idva_a"), w->caseC, RT_ITEM_CONTACT,
                                           NULL, contact, "setup", tick(w), errs, &n_errs,
                                           &refusal, saved),
                     RT_OK);
    values_free(contact, n);
    assert_int_equal(rt_app_case_move(&w->app, as(w, "idva_a"), w->caseC, "active", NULL, NULL,
                                      "setup", tick(w), errs, &n_errs),
                     RT_OK);
    rt_item_fields(RT_ITEM_NOTE, &n);
    char **note = values(n, "Met at the library: new phone");
    assert_int_equal(rt_app_case_item_save(&w->app, as(w, "idva_a"), w->caseC, RT_ITEM_NOTE, NULL,
                                           note, "setup", tick(w), errs, &n_errs, &refusal, saved),
                     RT_OK);
    values_free(note, n);
}

/* Meeting m1 of Wealdmoor: refC and refK listed and released, housing's
 * research, attendance (housing, police, the Idva service, the Marac),
 * what was said, an action for housing, held and approved. */
static void meeting(world *w)
{
    const rt_principal *coord = as(w, "wm_coord");
    char held_on[11];
    rt_date_format(rt_date_from_unix(T0 + 40 * DAY), held_on);
    rt_meeting m;
    const char *field = NULL, *why = NULL;
    assert_int_equal(rt_app_meeting_schedule(&w->app, coord, "wealdmoor", held_on,
                                             "Council Chamber", NULL, 1, "setup", tick(w), &m,
                                             &field),
                     RT_OK);
    memcpy(w->m1, m.id, sizeof w->m1);
    assert_int_equal(rt_app_meeting_list(&w->app, coord, w->m1, w->refC, true, "setup", tick(w)),
                     RT_OK);
    assert_int_equal(rt_app_meeting_list(&w->app, coord, w->m1, w->refK, true, "setup", tick(w)),
                     RT_OK);
    assert_int_equal(rt_app_meeting_move(&w->app, coord, w->m1, "released", "setup", tick(w),
                                         &why),
                     RT_OK);
    size_t n;
    rt_field_error errs[8];
    size_t n_errs;
    rt_research_fields(&n);
    char **research = values(n, "Housing: two repairs refused", NULL, NULL, NULL, "yes");
    assert_int_equal(rt_app_research(&w->app, as(w, "rep"), w->m1, w->refC, research, "setup",
                                     tick(w), errs, &n_errs),
                     RT_OK);
    values_free(research, n);
    static const char *const present[] = {"wealdmoor-housing", "wealdmoor-police",
                                          "wealdmoor-idva", "wealdmoor-marac"};
    for (size_t i = 0; i < sizeof present / sizeof present[0]; i++)
        assert_int_equal(rt_app_attendance(&w->app, coord, w->m1, present[i], "Synthetic Attendee",
                                           false, true, "setup", tick(w), &field),
                         RT_OK);
    rt_hearing_fields(&n);
    char **hearing = values(n, "Wants to stay with new locks", NULL, NULL, NULL);
    assert_int_equal(rt_app_hearing(&w->app, coord, w->m1, w->refC, hearing, "setup", tick(w),
                                    errs, &n_errs),
                     RT_OK);
    values_free(hearing, n);
    char due[11];
    rt_date_format(rt_date_from_unix(T0 + 47 * DAY), due);
    rt_action_fields(&n);
    char **action = values(n, "Fit new locks within 7 days", "wealdmoor-housing", "Duty officer",
                           due);
    assert_int_equal(rt_app_action_add(&w->app, coord, w->m1, w->refC, action, "setup", tick(w),
                                       errs, &n_errs, w->action_h),
                     RT_OK);
    values_free(action, n);
    assert_int_equal(rt_app_meeting_move(&w->app, coord, w->m1, "held", "setup", tick(w), &why),
                     RT_OK);
    assert_int_equal(rt_app_meeting_move(&w->app, as(w, "wm_chair"), w->m1, "approved", "setup",
                                         tick(w), &why),
                     RT_OK);
}

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    assert_non_null(w);
    w->now = T0;
    json_error_t jerr;
    w->table = json_load_file(RT_MATRIX_JSON, JSON_REJECT_DUPLICATES, &jerr);
    if (!w->table)
        fail_msg("%s: %s (line %d)", RT_MATRIX_JSON, jerr.text, jerr.line);
    w->dir = rt_test_dir("matrix");
    char path[512];
    snprintf(path, sizeof path, "%s/rt.db", w->dir);
    rt_data_key key;
    assert_int_equal(rt_key_generate(&key), RT_OK);
    assert_int_equal(rt_store_open(path, &key, true, &w->store), RT_OK);
    rt_key_wipe(&key);
    rt_config cfg;
    rt_config_defaults(&cfg);
    assert_int_equal(rt_app_init(&w->app, w->store, &cfg), RT_OK);

    static const struct { const char *code; rt_agency_kind kind; } agencies[] = {
        {"administration", RT_AGENCY_OTHER}, {"wealdmoor-police", RT_AGENCY_POLICE},
        {"wealdmoor-idva", RT_AGENCY_IDVA_SERVICE}, {"wealdmoor-marac", RT_AGENCY_MARAC},
        {"wealdmoor-health", RT_AGENCY_HEALTH}, {"wealdmoor-housing", RT_AGENCY_HOUSING},
        {"wealdmoor-csc", RT_AGENCY_CHILDRENS_SOCIAL_CARE}, {"eastvale-marac", RT_AGENCY_MARAC},
        {"eastvale-idva", RT_AGENCY_IDVA_SERVICE}, {"eastvale-police", RT_AGENCY_POLICE},
        {"oakfield-aid", RT_AGENCY_VOLUNTARY},
    };
    for (size_t i = 0; i < sizeof agencies / sizeof agencies[0]; i++)
        add_agency(w, agencies[i].code, agencies[i].kind);
    static const char *const wealdmoor[] = {"wealdmoor-police", "wealdmoor-idva",
                                            "wealdmoor-marac", "wealdmoor-health",
                                            "wealdmoor-housing", "wealdmoor-csc", NULL};
    static const char *const eastvale[] = {"eastvale-marac", "eastvale-idva", "eastvale-police",
                                           NULL};
    add_marac(w, "wealdmoor", "WM", wealdmoor);
    add_marac(w, "eastvale", "EV", eastvale);
    add_users(w);
    /* Jurisdiction: the Maracs' staff and the Idva services' patches. */
    static const struct { const char *marac, *user; } staff[] = {
        {"wealdmoor", "wm_coord"}, {"wealdmoor", "wm_chair"}, {"eastvale", "ev_coord"}};
    const char *why = NULL;
    for (size_t i = 0; i < sizeof staff / sizeof staff[0]; i++)
        assert_int_equal(rt_app_marac_staff_set(&w->app, NULL, staff[i].marac, staff[i].user,
                                                false, "setup", tick(w), &why),
                         RT_OK);
    assert_int_equal(rt_app_service_areas_set(&w->app, "wealdmoor-idva", "WM", "cli:test", tick(w), &why),
                     RT_OK);
    assert_int_equal(rt_app_service_areas_set(&w->app, "eastvale-idva", "EV", "cli:test", tick(w), &why),
                     RT_OK);
    add_profile(w, "idva_a", "WM1,WM2");
    add_profile(w, "idva_a2", "WM3,WM4,WM5");
    add_profile(w, "idva_b", "EV");

    refer(w, "police", "Wenna", "Pellowquist", "WM2 5HT", w->refC);
    refer(w, "rep", "Demelza", "Kestrelby", "WM1 2AB", w->refK);
    refer(w, "rep", "Ottilie", "Tallowmere", "WM3 4CD", w->refA);
    refer(w, "ev_coord", "Isolde", "Ravensworde", "EV3 2QP", w->refE);
    casework(w);
    char exclusion[RT_ID_HEX + 1];
    const char *field = NULL;
    assert_int_equal(rt_app_exclude(&w->app, as(w, "wm_coord"), w->refC, "rep_excl",
                                    "Declared conflict: knows the person causing harm personally",
                                    "setup", tick(w), exclusion, &field),
                     RT_OK);
    meeting(w);
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    for (size_t i = 0; i < w->n_users; i++)
        rt_principal_clear(&w->who[i]);
    rt_app_clear(&w->app);
    rt_store_close(w->store);
    json_decref(w->table);
    free(w->dir);
    free(w);
    return 0;
}

/* What a read came back as, in the table's terms. */
typedef struct seen {
    char what[32];            /* "full", "summary+minutes", "absent", "403", "404" */
} seen;

static void refused(seen *s, rt_status st)
{
    if (st == RT_EDENIED)
        snprintf(s->what, sizeof s->what, "403");
    else if (st == RT_ENOTFOUND)
        snprintf(s->what, sizeof s->what, "404");
    else
        fail_msg("the read failed: %s", rt_status_str(st));
}

static void read_referral(world *w, const rt_principal *who, const char *id, const char *addr,
                          seen *s)
{
    rt_referral r;
    rt_detail d;
    rt_status st = rt_app_referral_get(&w->app, who, id, addr, tick(w), &r, &d);
    if (st != RT_OK) {
        refused(s, st);
        return;
    }
    snprintf(s->what, sizeof s->what, "%s", rt_detail_name(d));
    rt_referral_clear(&r);
}

static void read_case(world *w, const rt_principal *who, const char *id, const char *addr,
                      seen *s)
{
    rt_case_view v;
    rt_status st = rt_app_case_view(&w->app, who, id, addr, tick(w), &v);
    if (st != RT_OK) {
        refused(s, st);
        return;
    }
    /* Notes come back only at full detail: entries at a lower level are a leak. */
    rt_detail d = v.n_entries > 0 ? RT_DETAIL_FULL : v.detail;
    snprintf(s->what, sizeof s->what, "%s", rt_detail_name(d));
    rt_case_view_clear(&v);
}

static void read_meeting(world *w, const rt_principal *who, const char *id, const char *addr,
                         seen *s)
{
    rt_meeting_view v;
    rt_status st = rt_app_meeting_view(&w->app, who, id, addr, tick(w), &v);
    if (st != RT_OK) {
        refused(s, st);
        return;
    }
    snprintf(s->what, sizeof s->what, "absent");
    /* A listed case shows at least that it is there, whatever its detail. */
    for (size_t i = 0; i < v.n_cases; i++)
        if (strcmp(v.cases[i].mc.referral_id, w->refC) == 0)
            snprintf(s->what, sizeof s->what, "%s%s",
                     rt_detail_name(v.cases[i].detail > RT_DETAIL_PRESENCE ? v.cases[i].detail
                                                                          : RT_DETAIL_PRESENCE),
                     v.cases[i].hearing ? "+minutes" : "");
    rt_meeting_view_clear(&v);
}

/* The table's record names, with the read each one goes through. */
typedef struct record {
    const char *name;
    const char *id;
    void (*read)(world *, const rt_principal *, const char *, const char *, seen *);
} record;

static int rank(const char *level)
{
    static const char *const order[] = {"absent", "presence", "summary", "full"};
    for (int i = 0; i < 4; i++)
        if (strncmp(level, order[i], strlen(order[i])) == 0 &&
            (level[strlen(order[i])] == '\0' || level[strlen(order[i])] == '+'))
            return i;
    return -1;
}

/* Compares one read with the table: 1 for an unexpected allow, 2 for an
 * unexpected denial, 0 when it agrees (a refusal by the other code is
 * reported but agrees: either way nothing came back). */
static int compare(const char *want, const char *got)
{
    bool want_refused = strcmp(want, "403") == 0 || strcmp(want, "404") == 0;
    bool got_refused = strcmp(got, "403") == 0 || strcmp(got, "404") == 0;
    if (want_refused || got_refused)
        return want_refused == got_refused ? 0 : want_refused ? 1 : 2;
    bool want_minutes = strstr(want, "+minutes") != NULL, got_minutes = strstr(got, "+minutes");
    if (rank(got) > rank(want) || (got_minutes && !want_minutes))
        return 1;
    if (rank(got) < rank(want) || (want_minutes && !got_minutes))
        return 2;
    return 0;
}

/* The read at addr left an entry naming the user and one of the ids. */
static bool audited(world *w, const rt_principal *who, const char *addr, const char *id,
                    const char *also)
{
    const char *ids[2] = {id, also};
    for (int k = 0; k < 2 && ids[k]; k++) {
        rt_audit_filter f = {.user_id = who->user.id, .record_id = ids[k], .limit = 5};
        rt_audit_entry *list;
        size_t n;
        assert_int_equal(rt_store_audit_search(w->store, &f, &list, &n), RT_OK);
        bool found = false;
        for (size_t i = 0; i < n; i++)
            found = found || (list[i].address && strcmp(list[i].address, addr) == 0);
        rt_audit_entry_list_free(list, n);
        if (found)
            return true;
    }
    return false;
}

static const char *expected(json_t *read, const char *user, char buf[16])
{
    json_t *e = json_object_get(read, user);
    if (!e)
        e = json_object_get(read, "*");
    assert_non_null(e);
    if (json_is_integer(e)) {
        snprintf(buf, 16, "%d", (int)json_integer_value(e));
        return buf;
    }
    return json_string_value(e);
}

static void test_matrix(void **state)
{
    world *w = *state;
    const record records[] = {
        {"refC", w->refC, read_referral}, {"refE", w->refE, read_referral},
        {"refA", w->refA, read_referral}, {"caseC", w->caseC, read_case},
        {"m1", w->m1, read_meeting},
    };
    json_t *table_records = json_object_get(w->table, "records");
    assert_int_equal(json_object_size(table_records), sizeof records / sizeof records[0]);
    unsigned allows = 0, denials = 0, gaps = 0;
    for (size_t r = 0; r < sizeof records / sizeof records[0]; r++) {
        json_t *read = json_object_get(json_object_get(table_records, records[r].name), "read");
        if (!read)
            fail_msg("the table has no record %s", records[r].name);
        for (size_t u = 0; u < w->n_users; u++) {
            char addr[32], buf[16];
            snprintf(addr, sizeof addr, "matrix-%u", ++w->calls);
            seen s;
            records[r].read(w, &w->who[u], records[r].id, addr, &s);
            const char *want = expected(read, w->name[u], buf);
            int c = compare(want, s.what);
            if (c != 0)
                print_message("%s %s as %s: expected %s, got %s\n",
                              c == 1 ? "UNEXPECTED ALLOW" : "unexpected denial", records[r].name,
                              w->name[u], want, s.what);
            allows += c == 1;
            denials += c == 2;
            /* The meeting's entry may name the meeting or the case shown. */
            if (!audited(w, &w->who[u], addr, records[r].id,
                         records[r].read == read_meeting ? w->refC : NULL)) {
                print_message("audit gap: %s as %s (%s) left no entry naming it\n",
                              records[r].name, w->name[u], s.what);
                gaps++;
            }
        }
    }
    print_message("matrix: %u unexpected allows, %u unexpected denials, %u audit gaps\n", allows,
                  denials, gaps);
    assert_int_equal(allows, 0);
    assert_int_equal(denials, 0);
    assert_int_equal(gaps, 0);
}

/* ---- writes ---- */

static rt_status write_note(world *w, const rt_principal *who, const char *addr)
{
    size_t n;
    rt_item_fields(RT_ITEM_NOTE, &n);
    char **note = values(n, "Checked in by phone");
    rt_field_error errs[RT_ITEM_MAX_FIELDS];
    size_t n_errs;
    const char *refusal = NULL;
    char saved[RT_ID_HEX + 1];
    rt_status st = rt_app_case_item_save(&w->app, who, w->caseC, RT_ITEM_NOTE, NULL, note, addr,
                                         tick(w), errs, &n_errs, &refusal, saved);
    values_free(note, n);
    return st;
}

static rt_status write_research(world *w, const rt_principal *who, const char *addr)
{
    size_t n;
    rt_research_fields(&n);
    char **research = values(n, "Nothing further known", NULL, NULL, NULL, "no");
    rt_field_error errs[8];
    size_t n_errs;
    rt_status st = rt_app_research(&w->app, who, w->m1, w->refC, research, addr, tick(w), errs,
                                   &n_errs);
    values_free(research, n);
    return st;
}

static rt_status write_action(world *w, const rt_principal *who, const char *addr)
{
    const char *field = NULL, *why = NULL;
    return rt_app_action_move(&w->app, who, w->action_h, "done", NULL, addr, tick(w), &field,
                              &why);
}

static rt_status suggest(world *w, const rt_principal *who, const char *id, const char *addr)
{
    rt_suggestions sg;
    rt_status st = rt_app_case_suggest(&w->app, who, id, NULL, addr, tick(w), &sg);
    if (st == RT_OK)
        rt_suggestions_clear(&sg);
    return st;
}

static rt_status suggest_A(world *w, const rt_principal *who, const char *addr)
{
    return suggest(w, who, w->refA, addr);
}

static rt_status suggest_E(world *w, const rt_principal *who, const char *addr)
{
    return suggest(w, who, w->refE, addr);
}

/* A write of the table: its set of expectations, the record it is about
 * (for the audit of refusals) and the operation. */
typedef struct write {
    const char *set;
    const char *what;
    const char *(*record)(world *);
    const char *(*also)(world *); /* another id the audit entry may name, or NULL */
    rt_status (*run)(world *, const rt_principal *, const char *);
} write;

static const char *rec_caseC(world *w) { return w->caseC; }
static const char *rec_refC(world *w) { return w->refC; }
static const char *rec_refA(world *w) { return w->refA; }
static const char *rec_refE(world *w) { return w->refE; }
static const char *rec_action_h(world *w) { return w->action_h; }
static const char *rec_m1(world *w) { return w->m1; }

static bool refusal(const char *want)
{
    return strcmp(want, "403") == 0 || strcmp(want, "404") == 0;
}

static void test_writes(void **state)
{
    world *w = *state;
    static const write writes[] = {
        {"case_write_C", "a note on caseC", rec_caseC, NULL, write_note},
        {"research_C", "research on refC at m1", rec_refC, rec_m1, write_research},
        {"action_h", "progress of action_h", rec_action_h, NULL, write_action},
        {"allocate_A", "allocation suggestions for refA", rec_refA, NULL, suggest_A},
        {"allocate_E", "allocation suggestions for refE", rec_refE, NULL, suggest_E},
    };
    json_t *sets = json_object_get(w->table, "sets");
    unsigned allows = 0, denials = 0, gaps = 0;
    for (size_t k = 0; k < sizeof writes / sizeof writes[0]; k++) {
        json_t *set = json_object_get(sets, writes[k].set);
        if (!set)
            fail_msg("the table has no set %s", writes[k].set);
        /* Those refused first, so an allowed write cannot change what they get. */
        for (int pass = 0; pass < 2; pass++) {
            for (size_t u = 0; u < w->n_users; u++) {
                char buf[16], addr[32];
                const char *want = expected(set, w->name[u], buf);
                if (refusal(want) != (pass == 0))
                    continue;
                snprintf(addr, sizeof addr, "matrix-%u", ++w->calls);
                rt_status st = writes[k].run(w, &w->who[u], addr);
                bool got_refused = st == RT_EDENIED || st == RT_ENOTFOUND;
                if (!got_refused && st != RT_OK && st != RT_EINVAL && st != RT_EEXISTS)
                    fail_msg("%s as %s failed: %s", writes[k].what, w->name[u], rt_status_str(st));
                if (got_refused != refusal(want)) {
                    print_message("%s %s as %s: expected %s, got %s\n",
                                  got_refused ? "unexpected denial" : "UNEXPECTED ALLOW",
                                  writes[k].what, w->name[u], want, rt_status_str(st));
                    allows += !got_refused;
                    denials += got_refused;
                }
                if (got_refused && !audited(w, &w->who[u], addr, writes[k].record(w),
                                            writes[k].also ? writes[k].also(w) : NULL)) {
                    print_message("audit gap: %s as %s refused without an entry naming it\n",
                                  writes[k].what, w->name[u]);
                    gaps++;
                }
            }
        }
    }
    print_message("writes: %u unexpected allows, %u unexpected denials, %u audit gaps\n", allows,
                  denials, gaps);
    assert_int_equal(allows, 0);
    assert_int_equal(denials, 0);
    assert_int_equal(gaps, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_matrix, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* cmd_caseload.c: `roundtable caseload rules|profile`: a service's
 * caseload rules (what a safe load is per full-time Idva) and an Idva's
 * hours and specialisms, for deployments set up before anyone signs in.
 * Managers change profiles on the API too; both are audited. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../app/casework.h"
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage:\n"
               "  roundtable caseload rules --db PATH --service CODE [--open-per-fte N]\n"
               "      [--unsafe-per-fte N] [--year-per-fte N] [--first-contact-days N]\n"
               "      [--long-open-days N] [--areas LIST]\n"
               "  roundtable caseload profile --db PATH --user USERNAME --fte X\n"
               "      [--specialisms LIST] [--languages LIST] [--areas LIST]\n"
               "      [--qualification TEXT]\n"
               "  rules shows a service's rules, changing those given (national defaults:\n"
               "  25 open cases, over 30 unsafe, 80 new a year per full-time Idva; first\n"
               "  contact within 2 working days; cases open over 180 days listed) and the\n"
               "  postcode areas or districts the service covers (LIST: comma-separated, like\n"
               "  WM,WV3; \"\" for none): its manager triages and allocates only referrals of\n"
               "  people living there, or offered to the service.\n"
               "  profile sets an Idva's hours (0 < FTE <= 1.5), specialisms (none, or\n"
               "  young_people, hospital, male_victims, lgbt, minoritised, comma-separated),\n"
               "  languages and the postcode areas or districts they cover.\n");
}

/* Reads a whole number of at most 4 digits. */
static bool number(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > 9999)
        return false;
    *out = (int)v;
    return true;
}

static int rules(rt_app *app, const char *service, const char *const vals[5],
                 const char *areas)
{
    rt_caseload_rules r;
    rt_status s = rt_app_caseload_rules(app, service, &r);
    if (s == RT_ENOTFOUND) {
        fprintf(stderr, "roundtable caseload rules: --service: %s is not an Idva service\n",
                service);
        return 2;
    }
    if (s != RT_OK)
        return rt_cli_fail("caseload rules", s);
    static const char *const names[5] = {"open-per-fte", "unsafe-per-fte", "year-per-fte",
                                          "first-contact-days", "long-open-days"};
    int *fields[5] = {&r.open_per_fte, &r.unsafe_per_fte, &r.year_per_fte,
                      &r.first_contact_days, &r.long_open_days};
    bool changed = false;
    for (int i = 0; i < 5; i++) {
        if (!vals[i])
            continue;
        if (!number(vals[i], fields[i])) {
            fprintf(stderr, "roundtable caseload rules: --%s: expected a whole number\n",
                    names[i]);
            return 2;
        }
        changed = true;
    }
    const char *bad;
    if (changed && rt_caseload_rules_check(&r, &bad) != RT_OK) {
        char option[40];
        fprintf(stderr, "roundtable caseload rules: %s is out of range (each at least 1; "
                        "unsafe at least open)\n",
                rt_cli_option(bad, option));
        return 2;
    }
    int64_t now = (int64_t)time(NULL);
    rt_cli_operator op = rt_cli_operator_get();
    if (changed) {
        s = rt_app_caseload_rules_set(app, service, &r, op.address, now, &bad);
        if (s != RT_OK)
            return rt_cli_fail("caseload rules", s);
    }
    if (areas) {
        const char *field;
        s = rt_app_service_areas_set(app, service, areas, op.address, now, &field);
        if (s == RT_EINVAL) {
            fprintf(stderr, "roundtable caseload rules: --areas: expected postcode areas or "
                            "districts separated by commas, at most 400 bytes\n");
            return 2;
        }
        if (s != RT_OK)
            return rt_cli_fail("caseload rules", s);
    }
    char covered[401];
    s = rt_app_service_areas(app, service, covered);
    if (s != RT_OK)
        return rt_cli_fail("caseload rules", s);
    printf("%s: %d open, over %d unsafe, %d new a year per full-time Idva; first contact "
           "within %d working days; cases open over %d days listed\n",
           service, r.open_per_fte, r.unsafe_per_fte, r.year_per_fte, r.first_contact_days,
           r.long_open_days);
    printf("%s covers: %s\n", service, covered[0] ? covered : "no areas set");
    return 0;
}

static int profile(rt_app *app, const char *username, const char *fte, const char *spec,
                   const char *langs, const char *areas, const char *qual)
{
    rt_user u = {0};
    rt_status s = rt_app_user_by_username(app, username, &u);
    if (s == RT_ENOTFOUND || (s == RT_OK && u.role != RT_ROLE_IDVA)) {
        rt_user_clear(&u);
        fprintf(stderr, "roundtable caseload profile: --user: %s is not an Idva\n", username);
        return 2;
    }
    if (s != RT_OK)
        return rt_cli_fail("caseload profile", s);
    rt_idva_profile p = {0};
    memcpy(p.user_id, u.id, sizeof p.user_id);
    rt_user_clear(&u);
    char *end;
    p.fte = strtod(fte, &end);
    if (end == fte || *end || !(p.fte > 0 && p.fte <= 1.5)) {
        fprintf(stderr, "roundtable caseload profile: --fte: expected a number above 0, at "
                        "most 1.5\n");
        return 2;
    }
    const char *bad = NULL;
    if (spec && rt_specialisms_parse(spec, &p.specialisms, &bad) != RT_OK) {
        fprintf(stderr, "roundtable caseload profile: --specialisms, column %td: expected none "
                        "or names separated by commas\n",
                bad - spec + 1);
        return 2;
    }
    const struct {
        const char *name, *value;
        char *dst;
        size_t size;
    } texts[] = {{"languages", langs, p.languages, sizeof p.languages},
                 {"areas", areas, p.areas, sizeof p.areas},
                 {"qualification", qual, p.qualification, sizeof p.qualification}};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (!texts[i].value)
            continue;
        if (strlen(texts[i].value) >= texts[i].size ||
            !rt_text_acceptable(texts[i].value, false)) {
            fprintf(stderr, "roundtable caseload profile: --%s: at most 200 bytes of text\n",
                    texts[i].name);
            return 2;
        }
        snprintf(texts[i].dst, texts[i].size, "%s", texts[i].value);
    }
    size_t bad_at;
    if (rt_postcode_areas_check(p.areas, &bad_at) != RT_OK) {
        fprintf(stderr, "roundtable caseload profile: --areas, column %zu: expected postcode "
                        "areas or districts separated by commas\n",
                bad_at + 1);
        return 2;
    }
    const char *field;
    rt_cli_operator op = rt_cli_operator_get();
    s = rt_app_idva_profile_set(app, NULL, &p, op.address, (int64_t)time(NULL), &field);
    if (s == RT_EINVAL) {
        fprintf(stderr, "roundtable caseload profile: --%s is not acceptable\n", field);
        return 2;
    }
    if (s != RT_OK)
        return rt_cli_fail("caseload profile", s);
    printf("%s: %.2f FTE\n", username, p.fte);
    return 0;
}

int rt_cmd_caseload(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"service", required_argument, NULL, 's'},
        {"open-per-fte", required_argument, NULL, '0'},
        {"unsafe-per-fte", required_argument, NULL, '1'},
        {"year-per-fte", required_argument, NULL, '2'},
        {"first-contact-days", required_argument, NULL, '3'},
        {"long-open-days", required_argument, NULL, '4'},
        {"user", required_argument, NULL, 'u'},
        {"fte", required_argument, NULL, 'f'},
        {"specialisms", required_argument, NULL, 'p'},
        {"languages", required_argument, NULL, 'l'},
        {"areas", required_argument, NULL, 'a'},
        {"qualification", required_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1], *db = NULL, *service = NULL, *user = NULL, *fte = NULL;
    const char *spec = NULL, *langs = NULL, *areas = NULL, *qual = NULL;
    const char *vals[5] = {NULL};
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 's': service = optarg; break;
        case '0': case '1': case '2': case '3': case '4': vals[c - '0'] = optarg; break;
        case 'u': user = optarg; break;
        case 'f': fte = optarg; break;
        case 'p': spec = optarg; break;
        case 'l': langs = optarg; break;
        case 'a': areas = optarg; break;
        case 'q': qual = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    bool is_rules = strcmp(sub, "rules") == 0, is_profile = strcmp(sub, "profile") == 0;
    const char *missing = !is_rules && !is_profile ? NULL
                          : !db                    ? "--db"
                          : is_rules && !service   ? "--service"
                          : is_profile && !user    ? "--user"
                          : is_profile && !fte     ? "--fte"
                                                   : NULL;
    if (!is_rules && !is_profile) {
        fprintf(stderr, "roundtable caseload: unknown action\n");
        help(stderr);
        return 2;
    }
    if (missing) {
        fprintf(stderr, "roundtable caseload %s: %s is required\n", sub, missing);
        return 2;
    }
    rt_app app;
    if (rt_cli_open_app(db, "caseload", &app) != RT_OK)
        return 1;
    int rc;
    if (is_rules)
        rc = rules(&app, service, vals, areas);
    else
        rc = profile(&app, user, fte, spec, langs, areas, qual);
    rt_cli_close_app(&app);
    return rc;
}

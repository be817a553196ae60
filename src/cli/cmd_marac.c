/* cmd_marac.c: `roundtable marac add|member|list`: the Maracs of a
 * deployment, the areas each covers and its member agencies. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../app/app.h"
#include "../app/marac.h"
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage:\n"
               "  roundtable marac add --db PATH --code CODE --name NAME --areas LIST\n"
               "      [--population N] [--minutes-per-case N] [--meeting-minutes N]\n"
               "      [--release-days N] [--cutoff-days N] [--sharing-protocol TEXT]\n"
               "      [--operating-protocol TEXT]\n"
               "  roundtable marac member --db PATH --code CODE --agency AGENCY\n"
               "  roundtable marac member --db PATH --code CODE --user USERNAME [--remove]\n"
               "  roundtable marac list --db PATH\n"
               "  A Marac covers postcode areas or districts (LIST: comma-separated, like\n"
               "  WM,WV3); the victim's postcode decides which Marac hears a case. Its member\n"
               "  agencies see its meetings; its staff, the coordinators and chairs named\n"
               "  with --user, run them and see the cases it hears. Population:\n"
               "  adult (16+) women, for the expected 40 cases per 10,000. National defaults:\n"
               "  15 minutes a case, 240-minute meetings, the list out 8 working days before\n"
               "  the meeting, referrals closing 10 working days before.\n");
}

static bool number(const char *s, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > max)
        return false;
    *out = v;
    return true;
}

static int add(rt_app *app, const char *code, const char *name, const char *areas,
               const char *const nums[5], const char *isp, const char *op)
{
    rt_marac m = {0};
    rt_marac_rules_default(&m.rules);
    const char *too_long = strlen(code) >= sizeof m.code     ? "--code"
                           : strlen(name) >= sizeof m.name   ? "--name"
                           : strlen(areas) >= sizeof m.areas ? "--areas"
                                                             : NULL;
    if (too_long) {
        fprintf(stderr, "roundtable marac add: %s is too long\n", too_long);
        return 2;
    }
    if (!rt_text_acceptable(name, false)) {
        fprintf(stderr, "roundtable marac add: --name: expected UTF-8 text without control "
                        "characters\n");
        return 2;
    }
    snprintf(m.code, sizeof m.code, "%s", code);
    snprintf(m.name, sizeof m.name, "%s", name);
    snprintf(m.areas, sizeof m.areas, "%s", areas);
    const char *protocols[2] = {isp, op};
    char *dst[2] = {m.sharing_protocol, m.operating_protocol};
    for (int i = 0; i < 2; i++) {
        if (!protocols[i])
            continue;
        if (strlen(protocols[i]) > 200 || !rt_text_acceptable(protocols[i], false)) {
            fprintf(stderr, "roundtable marac add: --%s: at most 200 characters of text\n",
                    i ? "operating-protocol" : "sharing-protocol");
            return 2;
        }
        snprintf(dst[i], 201, "%s", protocols[i]);
    }
    size_t bad;
    if (rt_postcode_areas_check(m.areas, &bad) != RT_OK) {
        fprintf(stderr, "roundtable marac add: --areas, column %zu: expected postcode areas or "
                        "districts separated by commas\n",
                bad + 1);
        return 2;
    }
    static const char *const names[5] = {"population", "minutes-per-case", "meeting-minutes",
                                         "release-days", "cutoff-days"};
    static const long max[5] = {100000000, 240, 1440, 60, 60};
    long v[5] = {0, m.rules.minutes_per_case, m.rules.meeting_minutes, m.rules.release_days,
                 m.rules.cutoff_days};
    for (int i = 0; i < 5; i++)
        if (nums[i] && !number(nums[i], max[i], &v[i])) {
            fprintf(stderr, "roundtable marac add: --%s: expected a whole number up to %ld\n",
                    names[i], max[i]);
            return 2;
        }
    m.population = v[0];
    m.rules.minutes_per_case = (int)v[1];
    m.rules.meeting_minutes = (int)v[2];
    m.rules.release_days = (int)v[3];
    m.rules.cutoff_days = (int)v[4];
    const char *field;
    rt_cli_operator who = rt_cli_operator_get();
    rt_status s = rt_app_marac_set(app, &m, who.address, (int64_t)time(NULL), &field);
    if (s == RT_EINVAL) {
        char option[40]; /* "rules": the meeting rules together */
        const char *at = strcmp(field, "rules") == 0
                             ? "--minutes-per-case, --meeting-minutes, --release-days or "
                               "--cutoff-days"
                             : rt_cli_option(field, option);
        fprintf(stderr, "roundtable marac add: %s is out of range (code: a-z, 0-9, - and _;"
                        " at least 1 minute a case, 15-minute meetings)\n", at);
        return 2;
    }
    return s == RT_OK ? 0 : rt_cli_fail("marac add", s);
}

static int member(rt_app *app, const char *code, const char *agency)
{
    const char *field;
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_marac_member_add(app, code, agency, op.address, (int64_t)time(NULL),
                                          &field);
    if (s == RT_ENOTFOUND) {
        fprintf(stderr, "roundtable marac member: --code: no Marac %s\n", code);
        return 2;
    }
    if (s == RT_EINVAL) {
        fprintf(stderr, "roundtable marac member: --agency: no agency %s\n", agency);
        return 2;
    }
    return s == RT_OK ? 0 : rt_cli_fail("marac member", s);
}

static int staff(rt_app *app, const char *code, const char *username, bool remove)
{
    const char *field;
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_marac_staff_set(app, NULL, code, username, remove, op.address,
                                         (int64_t)time(NULL), &field);
    if (s == RT_ENOTFOUND && strcmp(field, "marac") == 0) {
        fprintf(stderr, "roundtable marac member: --code: no Marac %s\n", code);
        return 2;
    }
    if (s == RT_ENOTFOUND) {
        fprintf(stderr, remove ? "roundtable marac member: --user: %s is not on its staff\n"
                               : "roundtable marac member: --user: no user %s\n",
                username);
        return 2;
    }
    if (s == RT_EINVAL) {
        fprintf(stderr, "roundtable marac member: --user: %s is not a coordinator or chair\n",
                username);
        return 2;
    }
    return s == RT_OK ? 0 : rt_cli_fail("marac member", s);
}

static int list(rt_app *app)
{
    rt_marac *m;
    size_t n;
    rt_status s = rt_app_marac_all(app, &m, &n);
    if (s != RT_OK)
        return rt_cli_fail("marac list", s);
    for (size_t i = 0; i < n && s == RT_OK; i++) {
        char(*codes)[65];
        size_t nc;
        s = rt_app_marac_members(app, m[i].code, &codes, &nc);
        if (s != RT_OK)
            break;
        printf("%s\t%s\tareas %s\t%d min a case\tmembers:", m[i].code, m[i].name, m[i].areas,
               m[i].rules.minutes_per_case);
        for (size_t k = 0; k < nc; k++)
            printf(" %s", codes[k]);
        printf("\n");
        free(codes);
    }
    free(m);
    rt_marac_staffing *v = NULL;
    size_t nv = 0;
    if (s == RT_OK)
        s = rt_app_marac_staffing(app, NULL, &v, &nv);
    for (size_t i = 0; s == RT_OK && i < nv; i++) {
        printf("%s\tstaff:", v[i].marac.code);
        for (size_t k = 0; k < v[i].n_staff; k++)
            printf(" %s", v[i].staff[k].username);
        printf("\n");
    }
    rt_marac_staffing_free(v, nv);
    return s == RT_OK ? 0 : rt_cli_fail("marac list", s);
}

int rt_cmd_marac(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"code", required_argument, NULL, 'c'},
        {"name", required_argument, NULL, 'n'},
        {"areas", required_argument, NULL, 'a'},
        {"agency", required_argument, NULL, 'g'},
        {"user", required_argument, NULL, 'u'},
        {"remove", no_argument, NULL, 'r'},
        {"population", required_argument, NULL, '0'},
        {"minutes-per-case", required_argument, NULL, '1'},
        {"meeting-minutes", required_argument, NULL, '2'},
        {"release-days", required_argument, NULL, '3'},
        {"cutoff-days", required_argument, NULL, '4'},
        {"sharing-protocol", required_argument, NULL, 'i'},
        {"operating-protocol", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1], *db = NULL, *code = NULL, *name = NULL, *areas = NULL;
    const char *agency = NULL, *nums[5] = {NULL}, *isp = NULL, *op = NULL, *user = NULL;
    bool remove = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'c': code = optarg; break;
        case 'n': name = optarg; break;
        case 'a': areas = optarg; break;
        case 'g': agency = optarg; break;
        case 'u': user = optarg; break;
        case 'r': remove = true; break;
        case 'i': isp = optarg; break;
        case 'o': op = optarg; break;
        case '0': case '1': case '2': case '3': case '4': nums[c - '0'] = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    bool is_add = strcmp(sub, "add") == 0, is_member = strcmp(sub, "member") == 0,
         is_list = strcmp(sub, "list") == 0;
    if (!is_add && !is_member && !is_list) {
        fprintf(stderr, "roundtable marac: unknown action\n");
        help(stderr);
        return 2;
    }
    const char *missing = !db                            ? "--db"
                          : (is_add || is_member) && !code ? "--code"
                          : is_add && !name                ? "--name"
                          : is_add && !areas               ? "--areas"
                          : is_member && !agency && !user  ? "--agency or --user"
                                                           : NULL;
    if (missing) {
        fprintf(stderr, "roundtable marac %s: %s is required\n", sub, missing);
        return 2;
    }
    if (is_member && ((agency && user) || (remove && !user))) {
        fprintf(stderr, "roundtable marac member: give --agency, or --user with or without "
                        "--remove\n");
        return 2;
    }
    rt_app app;
    if (rt_cli_open_app(db, "marac", &app) != RT_OK)
        return 1;
    int rc;
    if (is_add)
        rc = add(&app, code, name, areas, nums, isp, op);
    else if (is_member && user)
        rc = staff(&app, code, user, remove);
    else if (is_member)
        rc = member(&app, code, agency);
    else
        rc = list(&app);
    rt_cli_close_app(&app);
    return rc;
}

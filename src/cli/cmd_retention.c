/* cmd_retention.c: `roundtable retention show|set|run`. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../app/app.h"
#include "../app/retention_run.h"
#include "../app/drafts.h"
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage:\n"
               "  roundtable retention show --db PATH\n"
               "  roundtable retention set --db PATH --type referral --part whole|notes --days N\n"
               "  roundtable retention run --db PATH [--dry-run] [--today YYYY-MM-DD]\n"
               "  Closed records are kept N days after closing, then removed whole ('whole')\n"
               "  or only their narrative notes ('notes'). --days 0 removes a rule.\n"
               "  run removes what is past its period and audits each removal; --dry-run\n"
               "  lists it and changes nothing; --today runs as of another date.\n"
               "  Referral drafts untouched for 30 days are removed too.\n");
}

static int show(rt_app *app)
{
    rt_retention_rule *rules;
    size_t n;
    rt_status s = rt_app_retention_rules(app, &rules, &n);
    if (s != RT_OK)
        return rt_cli_fail("retention show", s);
    printf("%-12s %-6s %s\n", "TYPE", "PART", "DAYS AFTER CLOSING");
    for (size_t i = 0; i < n; i++)
        printf("%-12s %-6s %d\n", rules[i].record_type, rt_retention_part_name(rules[i].part),
               rules[i].days);
    free(rules);
    return 0;
}

static int run(rt_app *app, const char *today_s, int dry_run)
{
    rt_date today = rt_date_from_unix((int64_t)time(NULL));
    if (today_s && rt_date_parse(today_s, &today) != RT_OK) {
        fprintf(stderr, "roundtable retention run: --today: expected YYYY-MM-DD, got '%s'\n",
                today_s);
        return 2;
    }
    rt_retention_result *res = NULL;
    size_t n = 0, drafts = 0;
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_retention_run(app, today, dry_run, op.address, &res, &n);
    /* The end of `today`, so --today moves the draft cut-off with it. */
    if (s == RT_OK)
        s = rt_app_drafts_expire(app, (rt_date_to_days(today) + 1) * 86400, dry_run, op.address,
                                 &drafts);
    if (s != RT_OK)
        return rt_cli_fail("retention run", s);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        printf("%s %s (%d days; closed before %s): %zu %s\n", res[i].rule.record_type,
               rt_retention_part_name(res[i].rule.part), res[i].rule.days, res[i].cutoff,
               res[i].n, dry_run ? "would be removed" : "removed");
        for (size_t j = 0; j < res[i].n; j++)
            printf("  %s\n", res[i].ids[j]);
        total += res[i].n;
    }
    printf("referral drafts untouched for %d days: %zu %s\n", RT_DRAFT_KEEP_DAYS, drafts,
           dry_run ? "would be removed" : "removed");
    total += drafts;
    printf("%s%zu removal%s.\n", dry_run ? "Dry run: nothing changed; " : "", total,
           total == 1 ? "" : "s");
    rt_retention_results_free(res, n);
    return 0;
}

int rt_cmd_retention(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"type", required_argument, NULL, 't'},
        {"part", required_argument, NULL, 'p'},
        {"days", required_argument, NULL, 'n'},
        {"dry-run", no_argument, NULL, 'r'},
        {"today", required_argument, NULL, 'y'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1], *db = NULL, *type = NULL, *part_s = NULL, *days_s = NULL,
               *today = NULL;
    int dry_run = 0, c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 't': type = optarg; break;
        case 'p': part_s = optarg; break;
        case 'n': days_s = optarg; break;
        case 'r': dry_run = 1; break;
        case 'y': today = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    int known = strcmp(sub, "show") == 0 || strcmp(sub, "set") == 0 || strcmp(sub, "run") == 0;
    if (!known || !db) {
        fprintf(stderr, known ? "roundtable retention: --db is required\n"
                              : "roundtable retention: unknown action\n");
        help(stderr);
        return 2;
    }
    rt_retention_part part = RT_RETAIN_WHOLE;
    long days = 0;
    if (strcmp(sub, "set") == 0) {
        if (!type || strcmp(type, "referral") != 0) {
            fprintf(stderr, "roundtable retention set: --type: expected referral\n");
            return 2;
        }
        if (rt_retention_part_parse(part_s, &part) != RT_OK) {
            fprintf(stderr, "roundtable retention set: --part: expected whole or notes\n");
            return 2;
        }
        char *end = NULL;
        errno = 0;
        days = days_s ? strtol(days_s, &end, 10) : -1;
        if (!days_s || errno || *end || days < 0 || days > RT_RETENTION_MAX_DAYS) {
            fprintf(stderr, "roundtable retention set: --days: expected 0 to %d\n",
                    RT_RETENTION_MAX_DAYS);
            return 2;
        }
    }
    rt_app app;
    if (rt_cli_open_app(db, "retention", &app) != RT_OK)
        return 1;
    int rc;
    if (strcmp(sub, "show") == 0) {
        rc = show(&app);
    } else if (strcmp(sub, "run") == 0) {
        rc = run(&app, today, dry_run);
    } else {
        const char *field;
        rt_cli_operator op = rt_cli_operator_get();
        rt_status s = rt_app_retention_set(&app, type, part, (int)days, op.address,
                                           (int64_t)time(NULL), &field);
        if (s == RT_EINVAL)
            fprintf(stderr, "roundtable retention set: --%s is not acceptable\n", field);
        rc = s == RT_OK ? 0 : s == RT_EINVAL ? 2 : rt_cli_fail("retention set", s);
        if (s == RT_OK && days)
            printf("Closed %ss: %s kept %ld days after closing.\n", type,
                   rt_retention_part_name(part), days);
        else if (s == RT_OK)
            printf("Closed %ss: the %s rule is removed.\n", type, rt_retention_part_name(part));
    }
    rt_cli_close_app(&app);
    return rc;
}

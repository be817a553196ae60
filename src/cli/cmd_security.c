/* cmd_security.c: `roundtable security show|second-factor`: the
 * deployment's account-security settings. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "../app/app.h"
#include "../app/signin.h"
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage:\n"
               "  roundtable security show --db PATH\n"
               "  roundtable security second-factor --db PATH --roles all|none|ROLE[,ROLE...]\n"
               "  Which roles must sign in with a code from an authenticator app (TOTP)\n"
               "  as well as a password. A new database requires it of every role. A user\n"
               "  who has set one up always gives it. Changes apply from the next sign-in.\n"
               "roles:");
    for (int r = 0; r < RT_ROLE_COUNT; r++)
        fprintf(f, " %s", rt_role_name((rt_role)r));
    fprintf(f, "\n");
}

static int show(rt_app *app)
{
    rt_role_set set;
    rt_status s = rt_app_second_factor_roles(app, &set);
    char v[128];
    if (s == RT_OK)
        s = rt_role_set_format(set, v, sizeof v);
    if (s != RT_OK)
        return rt_cli_fail("security show", s);
    printf("second factor required of: %s\n", v);
    return 0;
}

static int second_factor(rt_app *app, const char *roles)
{
    rt_role_set set;
    const char *bad = NULL;
    if (!roles) {
        fprintf(stderr, "roundtable security second-factor: --roles is required\n");
        return 2;
    }
    if (rt_role_set_parse(roles, &set, &bad) != RT_OK) {
        fprintf(stderr,
                "roundtable security second-factor: --roles, column %td: expected all, none "
                "or role names separated by commas\n",
                bad - roles + 1);
        return 2;
    }
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_set_second_factor_roles(app, set, op.address, (int64_t)time(NULL));
    if (s != RT_OK)
        return rt_cli_fail("security second-factor", s);
    return show(app);
}

int rt_cmd_security(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"roles", required_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1], *db = NULL, *roles = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'r': roles = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    int known = strcmp(sub, "show") == 0 || strcmp(sub, "second-factor") == 0;
    if (!known || !db) {
        fprintf(stderr, known ? "roundtable security: --db is required\n"
                              : "roundtable security: unknown action\n");
        help(stderr);
        return 2;
    }
    if (strcmp(sub, "second-factor") == 0 && !roles) {
        fprintf(stderr, "roundtable security second-factor: --roles is required\n");
        return 2;
    }
    rt_app app;
    if (rt_cli_open_app(db, "security", &app) != RT_OK)
        return 1;
    int rc;
    if (strcmp(sub, "show") == 0)
        rc = show(&app);
    else
        rc = second_factor(&app, roles);
    rt_cli_close_app(&app);
    return rc;
}

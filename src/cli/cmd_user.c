/* cmd_user.c: `roundtable user add|list|disable|enable|reset-second-factor`. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../core/account.h"
#include "../app/signin.h"
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage:\n"
               "  roundtable user add --db PATH --username NAME --name \"DISPLAY NAME\" --role ROLE\n"
               "                      --agency CODE [--password-stdin]\n"
               "  roundtable user list --db PATH\n"
               "  roundtable user disable|enable --db PATH --username NAME\n"
               "  roundtable user reset-second-factor --db PATH --username NAME\n"
               "roles:");
    for (int r = 0; r < RT_ROLE_COUNT; r++)
        fprintf(f, " %s", rt_role_name((rt_role)r));
    fprintf(f, "\nWithout --password-stdin a random password is made and printed once.\n"
               "Accounts are disabled, never deleted, so the audit log keeps its meaning.\n"
               "reset-second-factor removes a lost authenticator and signs the user out;\n"
               "they set up a new one at their next sign-in.\n");
}

/* Reads one line (the password) from stdin without its newline. */
static int read_password(char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin))
        return 0;
    size_t len = strlen(out);
    if (len && out[len - 1] == '\n')
        out[--len] = '\0';
    else if (len == n - 1)
        return 0; /* longer than the buffer: refuse rather than cut */
    return 1;
}

/* The option naming what rt_app_user_add refused. */
static const char *option_of(const char *field)
{
    return strcmp(field, "display_name") == 0 ? "--name"
           : strcmp(field, "username") == 0   ? "--username"
           : strcmp(field, "role") == 0       ? "--role"
           : strcmp(field, "agency") == 0     ? "--agency"
                                              : "the password";
}

static int add(rt_app *app, const char *username, const char *name, const char *role_s,
               const char *agency, int from_stdin)
{
    const char *why;
    if ((why = rt_username_problem(username))) {
        fprintf(stderr, "roundtable user add: --username %s\n", why);
        return 2;
    }
    if (!name || !*name) {
        fprintf(stderr, "roundtable user add: --name is required\n");
        return 2;
    }
    rt_new_user in = {.username = username, .display_name = name, .agency = agency,
                      .one_time = !from_stdin};
    if (rt_role_parse(role_s, &in.role) != RT_OK) {
        fprintf(stderr, "roundtable user add: --role: unknown role '%s'\n", role_s ? role_s : "");
        return 2;
    }
    if (!agency) {
        fprintf(stderr, "roundtable user add: --agency is required\n");
        return 2;
    }
    char typed[RT_PASSWORD_MAX_BYTES + 2];
    if (from_stdin) {
        if (!read_password(typed, sizeof typed)) {
            fprintf(stderr, "roundtable user add: no password on standard input, or longer "
                            "than %d bytes\n", RT_PASSWORD_MAX_BYTES);
            return 2;
        }
        if ((why = rt_password_problem(typed))) {
            fprintf(stderr, "roundtable user add: the password %s\n", why);
            sodium_memzero(typed, sizeof typed);
            return 2;
        }
        in.password = typed;
    }
    char made[32];
    const char *field;
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_user_add(app, &in, op.address, (int64_t)time(NULL), made, sizeof made,
                                  &field);
    sodium_memzero(typed, sizeof typed);
    if (s == RT_OK && from_stdin)
        printf("User %s added.\n", username);
    else if (s == RT_OK)
        printf("User %s added. One-time password: %s (to be replaced at first sign-in)\n",
               username, made);
    sodium_memzero(made, sizeof made);
    if (s == RT_EEXISTS) {
        fprintf(stderr, "roundtable user add: --username %s is taken\n", username);
        return 1;
    }
    if (s == RT_EINVAL && strcmp(field, "agency") == 0) {
        fprintf(stderr, "roundtable user add: --agency %s does not exist\n", agency);
        return 1;
    }
    if (s == RT_EINVAL) {
        fprintf(stderr, "roundtable user add: %s is not acceptable\n", option_of(field));
        return 2;
    }
    return s == RT_OK ? 0 : rt_cli_fail("user add", s);
}

static int list(rt_app *app)
{
    rt_user *users;
    size_t n;
    rt_status s = rt_app_users(app, &users, &n);
    if (s != RT_OK)
        return rt_cli_fail("user list", s);
    printf("%-24s %-20s %-24s %-9s %s\n", "USERNAME", "ROLE", "AGENCY", "STATE",
           "SECOND FACTOR");
    for (size_t i = 0; i < n; i++)
        printf("%-24s %-20s %-24s %-9s %s\n", users[i].username, rt_role_name(users[i].role),
               users[i].agency_code, users[i].disabled ? "disabled" : "active",
               users[i].second_factor ? "set up" : "none");
    rt_user_list_free(users, n);
    return 0;
}

static int set_disabled(rt_app *app, const char *username, bool disabled)
{
    if (!username) {
        fprintf(stderr, "roundtable user: --username is required\n");
        return 2;
    }
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_user_set_disabled(app, username, disabled, op.address,
                                           (int64_t)time(NULL));
    if (s == RT_ENOTFOUND) {
        fprintf(stderr, "roundtable user: no user %s\n", username);
        return 1;
    }
    if (s != RT_OK)
        return rt_cli_fail("user", s);
    printf("User %s %s.\n", username, disabled ? "disabled and signed out" : "enabled");
    return 0;
}

static int reset_second_factor(rt_app *app, const char *username)
{
    if (!username) {
        fprintf(stderr, "roundtable user: --username is required\n");
        return 2;
    }
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_second_factor_reset(app, username, op.address, (int64_t)time(NULL));
    if (s == RT_ENOTFOUND) {
        fprintf(stderr, "roundtable user: no user %s\n", username);
        return 1;
    }
    if (s != RT_OK)
        return rt_cli_fail("user reset-second-factor", s);
    printf("User %s: second factor removed and signed out everywhere.\n", username);
    return 0;
}

int rt_cmd_user(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"username", required_argument, NULL, 'u'},
        {"name", required_argument, NULL, 'n'},
        {"role", required_argument, NULL, 'r'},
        {"agency", required_argument, NULL, 'a'},
        {"password-stdin", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1];
    const char *db = NULL, *username = NULL, *name = NULL, *role = NULL, *agency = NULL;
    int from_stdin = 0, c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'u': username = optarg; break;
        case 'n': name = optarg; break;
        case 'r': role = optarg; break;
        case 'a': agency = optarg; break;
        case 'p': from_stdin = 1; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (!db) {
        fprintf(stderr, "roundtable user: --db is required\n");
        return 2;
    }
    int known = strcmp(sub, "add") == 0 || strcmp(sub, "list") == 0 ||
                strcmp(sub, "disable") == 0 || strcmp(sub, "enable") == 0 ||
                strcmp(sub, "reset-second-factor") == 0;
    if (!known) {
        fprintf(stderr, "roundtable user: unknown action '%s'\n", sub);
        help(stderr);
        return 2;
    }
    rt_app app;
    if (rt_cli_open_app(db, "user", &app) != RT_OK)
        return 1;
    int rc;
    if (strcmp(sub, "add") == 0)
        rc = add(&app, username, name, role, agency, from_stdin);
    else if (strcmp(sub, "list") == 0)
        rc = list(&app);
    else if (strcmp(sub, "reset-second-factor") == 0)
        rc = reset_second_factor(&app, username);
    else
        rc = set_disabled(&app, username, strcmp(sub, "disable") == 0);
    rt_cli_close_app(&app);
    return rc;
}

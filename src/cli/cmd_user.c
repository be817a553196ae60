/* cmd_user.c: `roundtable user add|list|disable|enable|reset-second-factor`. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../core/account.h"
#include "../app/app.h"
#include "../app/signin.h"
#include "../app/auth.h"
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

static int add(rt_store *st, const char *username, const char *name, const char *role_s,
               const char *agency, int from_stdin)
{
    rt_role role;
    const char *why;
    if ((why = rt_username_problem(username))) {
        fprintf(stderr, "roundtable user add: --username %s\n", why);
        return 2;
    }
    if (!name || !*name) {
        fprintf(stderr, "roundtable user add: --name is required\n");
        return 2;
    }
    if (rt_role_parse(role_s, &role) != RT_OK) {
        fprintf(stderr, "roundtable user add: --role: unknown role '%s'\n", role_s ? role_s : "");
        return 2;
    }
    if (!agency) {
        fprintf(stderr, "roundtable user add: --agency is required\n");
        return 2;
    }
    rt_status s;
    if (!from_stdin) {
        char password[32];
        s = rt_cli_add_user(st, username, name, role, agency, true, password, sizeof password);
        if (s == RT_OK)
            printf("User %s added. One-time password: %s (to be replaced at first sign-in)\n",
                   username, password);
        sodium_memzero(password, sizeof password);
    } else {
        char password[RT_PASSWORD_MAX_BYTES + 2];
        if (!read_password(password, sizeof password)) {
            fprintf(stderr, "roundtable user add: no password on standard input, or longer "
                            "than %d bytes\n", RT_PASSWORD_MAX_BYTES);
            return 2;
        }
        if ((why = rt_password_problem(password))) {
            fprintf(stderr, "roundtable user add: the password %s\n", why);
            sodium_memzero(password, sizeof password);
            return 2;
        }
        rt_user u = {.username = (char *)username, .display_name = (char *)name,
                     .agency_code = (char *)agency, .role = role,
                     .created_at = (int64_t)time(NULL)};
        s = rt_auth_hash_password(password, &u.password_hash);
        sodium_memzero(password, sizeof password);
        if (s == RT_OK)
            s = rt_store_user_add(st, &u);
        free(u.password_hash);
        if (s == RT_OK)
            printf("User %s added.\n", username);
    }
    if (s == RT_EEXISTS) {
        fprintf(stderr, "roundtable user add: --username %s is taken\n", username);
        return 1;
    }
    if (s == RT_EINVAL) {
        fprintf(stderr, "roundtable user add: --agency %s does not exist\n", agency);
        return 1;
    }
    return s == RT_OK ? 0 : rt_cli_fail("user add", s);
}

static int list(rt_store *st)
{
    rt_user *users;
    size_t n;
    rt_status s = rt_store_user_list(st, &users, &n);
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

static int set_disabled(rt_store *st, const char *username, bool disabled)
{
    if (!username) {
        fprintf(stderr, "roundtable user: --username is required\n");
        return 2;
    }
    rt_user u;
    rt_status s = rt_store_user_by_username(st, username, &u);
    if (s == RT_ENOTFOUND) {
        fprintf(stderr, "roundtable user: no user %s\n", username);
        return 1;
    }
    if (s == RT_OK) {
        s = rt_store_user_set_disabled(st, u.id, disabled);
        /* A disabled account must not stay signed in anywhere. */
        if (s == RT_OK && disabled)
            s = rt_store_session_delete_user(st, u.id);
        rt_user_clear(&u);
    }
    if (s != RT_OK)
        return rt_cli_fail("user", s);
    printf("User %s %s.\n", username, disabled ? "disabled and signed out" : "enabled");
    return 0;
}

static int reset_second_factor(rt_store *st, const char *username)
{
    if (!username) {
        fprintf(stderr, "roundtable user: --username is required\n");
        return 2;
    }
    rt_config cfg;
    rt_config_defaults(&cfg);
    rt_app app;
    rt_status s = rt_app_init(&app, st, &cfg);
    if (s == RT_OK) {
        s = rt_app_second_factor_reset(&app, username, (int64_t)time(NULL));
        rt_app_clear(&app);
    }
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
    rt_store *st;
    if (rt_cli_open(db, false, &st) != RT_OK)
        return 1;
    int rc;
    if (strcmp(sub, "add") == 0)
        rc = add(st, username, name, role, agency, from_stdin);
    else if (strcmp(sub, "list") == 0)
        rc = list(st);
    else if (strcmp(sub, "reset-second-factor") == 0)
        rc = reset_second_factor(st, username);
    else
        rc = set_disabled(st, username, strcmp(sub, "disable") == 0);
    rt_store_close(st);
    return rc;
}

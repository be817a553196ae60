/* cmd_init.c: `roundtable init`: a new database, its key, an administrator.
 *
 * Works without a terminal (it asks nothing), so it can run from a
 * provisioning script; the administrator's password is printed once. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <sodium.h>
#include "../core/account.h"
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage: roundtable init --db PATH [--admin USERNAME]\n"
               "  Creates the database PATH and its data key PATH.key (mode 0600), unless\n"
               "  ROUNDTABLE_DATA_KEY (64 hex digits) is set, and prints a password for the\n"
               "  first administrator (default username: admin).\n");
}

int rt_cmd_init(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"admin", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *admin = "admin";
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'a': admin = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (!db || optind != argc) {
        fprintf(stderr, "roundtable init: --db is required\n");
        help(stderr);
        return 2;
    }
    /* Checked before anything is created, so a bad name leaves no database. */
    const char *why = rt_username_problem(admin);
    if (why) {
        fprintf(stderr, "roundtable init: --admin %s\n", why);
        return 2;
    }
    struct stat sb;
    if (stat(db, &sb) == 0) {
        fprintf(stderr, "roundtable init: %s exists already; init never overwrites a database\n",
                db);
        return 1;
    }
    rt_config cfg;
    rt_config_defaults(&cfg);
    rt_app app;
    char *key_path = NULL;
    rt_open_step step;
    rt_status st = rt_app_create(db, true, &cfg, &app, &key_path, &step);
    if (st != RT_OK && step == RT_OPEN_KEY && st == RT_ECRYPTO) {
        fprintf(stderr, "roundtable init: %s is not 64 hex digits\n", rt_app_key_env());
        return 2;
    }
    if (st != RT_OK && step == RT_OPEN_KEY) {
        fprintf(stderr, "roundtable init: cannot write the data key %s.key: %s\n", db,
                rt_status_str(st));
        return 1;
    }
    if (st != RT_OK)
        return rt_cli_fail("init", st);
    rt_agency a = {.code = "administration", .name = "Roundtable administration",
                   .kind = RT_AGENCY_OTHER};
    rt_new_user admin_user = {.username = admin, .display_name = "Administrator",
                              .role = RT_ROLE_ADMIN, .agency = a.code, .one_time = true};
    char password[32];
    const char *field;
    int64_t now = (int64_t)time(NULL);
    rt_cli_operator op = rt_cli_operator_get();
    st = rt_app_agency_add(&app, &a, op.address, now, &field);
    if (st == RT_OK)
        st = rt_app_user_add(&app, &admin_user, op.address, now, password, sizeof password,
                             &field);
    rt_cli_close_app(&app);
    if (st != RT_OK) {
        free(key_path);
        return rt_cli_fail("init", st);
    }
    printf("Created %s\n", db);
    if (key_path)
        printf("Data key: %s (mode 0600). Back it up apart from the database: without it "
               "nothing identifying can be read.\n", key_path);
    else
        printf("Data key: taken from %s.\n", rt_app_key_env());
    printf("Administrator: %s\nOne-time password: %s\n(shown once; at first sign-in the "
           "administrator sets up a second factor, an authenticator app, and replaces it)\n"
           "Every role must give a second factor: see roundtable security --help.\n",
           admin, password);
    free(key_path);
    sodium_memzero(password, sizeof password);
    return 0;
}

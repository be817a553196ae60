/* cmd_init.c: `roundtable init`: a new database, its key, an administrator.
 *
 * Works without a terminal (it asks nothing), so it can run from a
 * provisioning script; the administrator's password is printed once. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    struct stat sb;
    if (stat(db, &sb) == 0) {
        fprintf(stderr, "roundtable init: %s exists already; init never overwrites a database\n",
                db);
        return 1;
    }
    rt_data_key key;
    rt_status st = rt_key_from_env(&key);
    char *key_path = NULL;
    if (st == RT_ENOTFOUND) {
        st = rt_key_generate(&key);
        if (st == RT_OK)
            st = rt_key_default_path(db, &key_path);
        if (st == RT_OK)
            st = rt_key_write_file(key_path, &key);
        if (st != RT_OK) {
            fprintf(stderr, "roundtable init: cannot write the data key %s: %s\n",
                    key_path ? key_path : "", rt_status_str(st));
            free(key_path);
            rt_key_wipe(&key);
            return 1;
        }
    } else if (st != RT_OK) {
        fprintf(stderr, "roundtable init: %s is not 64 hex digits\n", RT_KEY_ENV);
        return 2;
    }
    rt_store *store;
    st = rt_store_open(db, &key, true, &store);
    rt_key_wipe(&key);
    if (st != RT_OK) {
        free(key_path);
        return rt_cli_fail("init", st);
    }
    rt_agency a = {.code = "administration", .name = "Roundtable administration",
                   .kind = RT_AGENCY_OTHER};
    char password[32];
    st = rt_store_agency_add(store, &a);
    if (st == RT_OK)
        st = rt_cli_add_user(store, admin, "Administrator", RT_ROLE_ADMIN, a.code, true, password,
                             sizeof password);
    rt_store_close(store);
    if (st != RT_OK) {
        free(key_path);
        return rt_cli_fail("init", st);
    }
    printf("Created %s\n", db);
    if (key_path)
        printf("Data key: %s (mode 0600). Back it up apart from the database: without it "
               "nothing identifying can be read.\n", key_path);
    else
        printf("Data key: taken from %s.\n", RT_KEY_ENV);
    printf("Administrator: %s\nOne-time password: %s\n(shown once; at first sign-in the "
           "administrator sets up a second factor, an authenticator app, and replaces it)\n"
           "Every role must give a second factor: see roundtable security --help.\n",
           admin, password);
    free(key_path);
    return 0;
}

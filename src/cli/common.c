/* common.c: what the verbs share; see cli.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../app/auth.h"
#include "cli.h"

int rt_cli_fail(const char *what, rt_status st)
{
    fprintf(stderr, "roundtable: %s: %s\n", what, rt_status_str(st));
    return 1;
}

rt_status rt_cli_open(const char *db_path, bool create, rt_store **out)
{
    rt_data_key key;
    rt_status st = rt_key_load_for(db_path, &key);
    if (st != RT_OK) {
        fprintf(stderr, "roundtable: cannot load the data key for %s (set %s or keep %s.key "
                        "beside the database, mode 0600): %s\n",
                db_path, RT_KEY_ENV, db_path, rt_status_str(st));
        return st;
    }
    st = rt_store_open(db_path, &key, create, out);
    rt_key_wipe(&key);
    if (st == RT_ECRYPTO)
        fprintf(stderr, "roundtable: %s: the data key does not belong to this database\n",
                db_path);
    else if (st != RT_OK)
        fprintf(stderr, "roundtable: cannot open %s: %s\n", db_path, rt_status_str(st));
    return st;
}

rt_status rt_cli_open_app(const char *db_path, const char *verb, rt_app *app)
{
    rt_store *store;
    rt_status st = rt_cli_open(db_path, false, &store);
    if (st != RT_OK)
        return st;
    rt_config cfg;
    rt_config_defaults(&cfg);
    st = rt_app_init(app, store, &cfg);
    if (st != RT_OK) {
        rt_cli_fail(verb, st);
        rt_store_close(store);
    }
    return st;
}

void rt_cli_close_app(rt_app *app)
{
    rt_store *store = app->store;
    rt_app_clear(app);
    rt_store_close(store);
}

rt_status rt_cli_add_user(rt_store *st, const char *username, const char *display_name,
                          rt_role role, const char *agency, bool one_time, char *password,
                          size_t password_len)
{
    if (password_len < 17)
        return RT_EINVAL;
    rt_status s = rt_auth_new_password(password, 16);
    if (s != RT_OK)
        return s;
    rt_user u = {0};
    s = rt_auth_hash_password(password, &u.password_hash);
    if (s != RT_OK)
        return s;
    u.username = (char *)username;
    u.display_name = (char *)display_name;
    u.agency_code = (char *)agency;
    u.role = role;
    u.must_change_password = one_time;
    u.created_at = (int64_t)time(NULL);
    s = rt_store_user_add(st, &u);
    free(u.password_hash);
    return s;
}

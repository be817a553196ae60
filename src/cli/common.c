/* common.c: what the verbs share; see cli.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

int rt_cli_fail(const char *what, rt_status st)
{
    fprintf(stderr, "roundtable: %s: %s\n", what, rt_status_str(st));
    return 1;
}

rt_status rt_cli_open_app_with(const char *db_path, const char *verb, const rt_config *cfg,
                               rt_app *app)
{
    rt_open_step step;
    rt_status st = rt_app_open(db_path, cfg, app, &step);
    if (st == RT_OK)
        return RT_OK;
    if (step == RT_OPEN_KEY)
        fprintf(stderr, "roundtable %s: cannot load the data key for %s (set %s or keep %s.key "
                        "beside the database, mode 0600): %s\n",
                verb, db_path, rt_app_key_env(), db_path, rt_status_str(st));
    else if (st == RT_ECRYPTO)
        fprintf(stderr, "roundtable %s: %s: the data key does not belong to this database\n",
                verb, db_path);
    else
        fprintf(stderr, "roundtable %s: cannot open %s: %s\n", verb, db_path,
                rt_status_str(st));
    return st;
}

rt_status rt_cli_open_app(const char *db_path, const char *verb, rt_app *app)
{
    rt_config cfg;
    rt_config_defaults(&cfg);
    return rt_cli_open_app_with(db_path, verb, &cfg, app);
}

void rt_cli_close_app(rt_app *app)
{
    rt_app_close(app);
}

rt_cli_operator rt_cli_operator_get(void)
{
    rt_cli_operator op;
    rt_app_operator(op.address, sizeof op.address);
    return op;
}

const char *rt_cli_option(const char *field, char out[40])
{
    size_t i = 0;
    out[0] = out[1] = '-';
    for (; field[i] && i < 37; i++)
        out[i + 2] = field[i] == '_' ? '-' : field[i];
    out[i + 2] = '\0';
    return out;
}

/* cli.h: the `roundtable` command's verbs and what they share.
 *
 * Each verb is `int rt_cmd_X(int argc, char **argv)` returning the
 * process exit status: 0 success, 1 failure, 2 bad usage or input (the
 * message names the option or the line and column at fault). Messages go
 * to stderr, results to stdout; no verb ever prints a data key or a
 * victim's details to a log. */
#ifndef RT_CLI_CLI_H
#define RT_CLI_CLI_H

#include <stdbool.h>
#include "../app/admin.h"

int rt_cmd_init(int argc, char **argv);
int rt_cmd_serve(int argc, char **argv);
int rt_cmd_user(int argc, char **argv);
int rt_cmd_agency(int argc, char **argv);
int rt_cmd_demo(int argc, char **argv);
int rt_cmd_retention(int argc, char **argv);
int rt_cmd_dash(int argc, char **argv);
int rt_cmd_audit(int argc, char **argv);
int rt_cmd_export(int argc, char **argv);
int rt_cmd_security(int argc, char **argv);
int rt_cmd_link(int argc, char **argv);
int rt_cmd_caseload(int argc, char **argv);
int rt_cmd_marac(int argc, char **argv);

/* Opens the database at db_path with its key (the environment's, else
 * the key file beside it) and an application over it with cfg. On RT_OK
 * app is the caller's, released by rt_cli_close_app; on failure a message
 * naming verb and why is on stderr and nothing is left open. */
rt_status rt_cli_open_app_with(const char *db_path, const char *verb, const rt_config *cfg,
                               rt_app *app);

/* As rt_cli_open_app_with, with the national-default configuration. */
rt_status rt_cli_open_app(const char *db_path, const char *verb, rt_app *app);

/* Releases what rt_cli_open_app opened. */
void rt_cli_close_app(rt_app *app);

/* The address column of what this operator does: "cli:" and their login
 * name (rt_app_operator). */
typedef struct rt_cli_operator {
    char address[300];
} rt_cli_operator;
rt_cli_operator rt_cli_operator_get(void);

/* The option for an app field name ("open_per_fte": "--open-per-fte")
 * in out, which it returns; a longer name is cut short. */
const char *rt_cli_option(const char *field, char out[40]);

/* Prints "roundtable: what: status" to stderr and returns 1. */
int rt_cli_fail(const char *what, rt_status st);

#endif

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
#include "../app/app.h"
#include "../store/store.h"

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

/* Opens the store at db_path with its key (the environment's, else the
 * key file beside it). Prints why on failure. */
rt_status rt_cli_open(const char *db_path, bool create, rt_store **out);

/* Opens the database at db_path (as rt_cli_open) and an application over
 * it with the national-default configuration. On RT_OK app and app->store
 * are the caller's, released together by rt_cli_close_app; on failure a
 * message naming verb is on stderr and nothing is left open. */
rt_status rt_cli_open_app(const char *db_path, const char *verb, rt_app *app);

/* Releases what rt_cli_open_app opened. */
void rt_cli_close_app(rt_app *app);

/* Prints "roundtable: what: status" to stderr and returns 1. */
int rt_cli_fail(const char *what, rt_status st);

/* Creates a user with a fresh random password, which is written to
 * password (password_len >= 17 bytes). one_time: the user must replace
 * it at first sign-in (every handed-out password but the demo's). */
rt_status rt_cli_add_user(rt_store *st, const char *username, const char *display_name,
                          rt_role role, const char *agency, bool one_time, char *password,
                          size_t password_len);

#endif

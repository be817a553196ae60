/* admin.h: setting up and running a deployment, as the system.
 *
 * What an operator does from the command line (the store opened or
 * created with its data key, accounts, agencies, Maracs and their members,
 * caseload rules) is an operation here like any other: it validates
 * through core, calls the store and writes the audit entry. There is no
 * signed-in user: the entry's user is the system and its address names
 * the operator ("cli:" and their login name, rt_app_operator). The small
 * directory reads pages need (names of users and agencies, one's own
 * notices) live here too, so nothing above app/ reaches the store. */
#ifndef RT_APP_ADMIN_H
#define RT_APP_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/casework.h"
#include "../core/role.h"
#include "app.h"

/* ---- the store ---------------------------------------------------------- */

/* Which step of opening or creating a store failed. */
typedef enum rt_open_step {
    RT_OPEN_KEY,   /* loading, making or writing the data key */
    RT_OPEN_STORE  /* opening the database (RT_ECRYPTO: the key is not its own) */
} rt_open_step;

/* Opens the database at db_path with its data key (ROUNDTABLE_DATA_KEY if
 * set, else the file db_path.key, mode 0600) and an application over it.
 * On RT_OK app owns the store: release both with rt_app_close. On failure
 * nothing is left open and *step says which step failed. */
rt_status rt_app_open(const char *db_path, const rt_config *cfg, rt_app *app,
                      rt_open_step *step);

/* Creates a new database at db_path and an application over it. The data
 * key is ROUNDTABLE_DATA_KEY when from_env and it is set; otherwise a new
 * random key is written to db_path.key (mode 0600, never over an existing
 * file), whose path *key_path gets (the caller's to free; NULL when the
 * key came from the environment). Release with rt_app_close. On failure
 * nothing is left open, *key_path is NULL and *step says which step
 * failed (RT_OPEN_KEY with a malformed ROUNDTABLE_DATA_KEY: RT_ECRYPTO). */
rt_status rt_app_create(const char *db_path, bool from_env, const rt_config *cfg, rt_app *app,
                        char **key_path, rt_open_step *step);

/* The environment variable that may hold the data key (64 hex digits);
 * static. */
const char *rt_app_key_env(void);

/* Releases app and closes the store rt_app_open or rt_app_create opened. */
void rt_app_close(rt_app *app);

/* The schema version applied to the store. */
rt_status rt_app_schema_version(rt_app *app, int *out);

/* Writes "cli:" and the login name of the user running the process into
 * out (size bytes), for the address column of what an operator does;
 * "cli:uid=N" when the user has no name. */
void rt_app_operator(char *out, size_t size);

/* ---- accounts ----------------------------------------------------------- */

/* A user to add. password NULL: a random one is made. */
typedef struct rt_new_user {
    const char *username;
    const char *display_name;
    rt_role role;
    const char *agency;
    const char *password;   /* NULL: make one (16 characters) */
    bool one_time;          /* to be replaced at first sign-in */
} rt_new_user;

/* Adds a user as the system, from address. A password made here is
 * written to password_out (password_len >= 17 bytes), else it is left
 * empty; the caller wipes it. RT_EINVAL with *field naming the input at
 * fault ("username", "display_name", "role", "agency": no such agency,
 * "password": fails the password rules); RT_EEXISTS (*field "username")
 * if the username is taken. Audited ("user.add"). */
rt_status rt_app_user_add(rt_app *app, const rt_new_user *in, const char *address, int64_t now,
                          char *password_out, size_t password_len, const char **field);

/* Disables (and signs out everywhere) or enables username, as the system,
 * from address. RT_ENOTFOUND for an unknown user. Audited ("user.disable"
 * or "user.enable"). */
rt_status rt_app_user_set_disabled(rt_app *app, const char *username, bool disabled,
                                   const char *address, int64_t now);

/* Every user by username: *out is an array of *n (free with
 * rt_user_list_free). Accounts, not people at risk: not audited. */
rt_status rt_app_users(rt_app *app, rt_user **out, size_t *n);

/* One user by id or by username into *out (the caller's, rt_user_clear).
 * RT_ENOTFOUND if none. For showing who did something: not audited. */
rt_status rt_app_user_by_id(rt_app *app, const char *id, rt_user *out);
rt_status rt_app_user_by_username(rt_app *app, const char *username, rt_user *out);

/* ---- agencies ----------------------------------------------------------- */

/* Adds an agency as the system, from address. RT_EINVAL with *field
 * naming the input at fault ("code": 1-64 of a-z, 0-9, - and _; "name":
 * 1-200 bytes of text; "kind"); RT_EEXISTS (*field "code") if taken.
 * Audited ("agency.add"). */
rt_status rt_app_agency_add(rt_app *app, const rt_agency *a, const char *address, int64_t now,
                            const char **field);

/* Every agency by name (*out: free with rt_agency_list_free), or one
 * (*out the caller's, rt_agency_clear; RT_ENOTFOUND if none). */
rt_status rt_app_agencies(rt_app *app, rt_agency **out, size_t *n);
rt_status rt_app_agency(rt_app *app, const char *code, rt_agency *out);

/* ---- Maracs ------------------------------------------------------------- */

/* Adds or replaces Marac m as the system, from address. RT_EINVAL with
 * *field naming the input at fault ("code", "name", "areas": postcode
 * areas or districts separated by commas, "sharing_protocol",
 * "operating_protocol", "rules": out of range). Audited ("marac.set"). */
rt_status rt_app_marac_set(rt_app *app, const rt_marac *m, const char *address, int64_t now,
                           const char **field);

/* Makes agency a member of Marac code, as the system, from address.
 * RT_ENOTFOUND (*field "code") for no such Marac; RT_EINVAL (*field
 * "agency") for no such agency. Audited ("marac.member"). */
rt_status rt_app_marac_member_add(rt_app *app, const char *code, const char *agency,
                                  const char *address, int64_t now, const char **field);

/* Every Marac by code (*out: free with free()), and one Marac's member
 * agencies' codes (*out: free with free()). Not audited. */
rt_status rt_app_marac_all(rt_app *app, rt_marac **out, size_t *n);
rt_status rt_app_marac_members(rt_app *app, const char *code, char (**out)[65], size_t *n);

/* ---- Idva services ------------------------------------------------------ */

/* The caseload rules of Idva service code (the national defaults if it
 * set none). RT_ENOTFOUND if code is not an Idva service. */
rt_status rt_app_caseload_rules(rt_app *app, const char *service, rt_caseload_rules *out);

/* Sets them as the system, from address. RT_ENOTFOUND if service is not
 * an Idva service; RT_EINVAL with *field naming the rule out of range
 * (rt_caseload_rules_check). Audited ("caseload.rules"). */
rt_status rt_app_caseload_rules_set(rt_app *app, const char *service, const rt_caseload_rules *r,
                                    const char *address, int64_t now, const char **field);

/* ---- notices ------------------------------------------------------------ */

/* who's notices are read with rt_app_notices (exclusions.h), which leaves
 * out those about cases who is excluded from. */

/* Marks one of who's notices read, at now. RT_ENOTFOUND if it is not
 * theirs. */
rt_status rt_app_notice_read(rt_app *app, const rt_principal *who, const char *id, int64_t now);

#endif

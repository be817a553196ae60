/* app.h: the application: configuration, the store, and the operations
 * pages and API share.
 *
 * A page and its API endpoint do the same thing in two dialects; the
 * thing itself is written once here. Each operation checks the policy
 * again (the router checked it already: a second caller, such as the
 * CLI, must not be able to skip it) and writes the audit log. */
#ifndef RT_HTTP_APP_H
#define RT_HTTP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/referral.h"
#include "../store/store.h"
#include "auth.h"
#include "throttle.h"

typedef struct rt_config {
    int64_t session_idle;         /* seconds without a request before a session ends */
    int64_t session_absolute;     /* seconds after sign-in when a session ends anyway */
    size_t body_limit;            /* bytes */
    unsigned request_timeout;     /* seconds a connection may stay idle */
    bool secure_cookies;          /* served behind TLS: cookies get Secure */
    unsigned login_limit_account; /* failed sign-ins per account per window */
    unsigned login_limit_address; /* failed sign-ins per client address per window */
    int64_t login_window;         /* seconds */
} rt_config;

/* National-default configuration: 30-minute idle and 12-hour absolute
 * sessions, 64 KiB bodies, 5 failures per account and 20 per address in
 * 15 minutes. */
void rt_config_defaults(rt_config *cfg);

typedef struct rt_app {
    rt_store *store;          /* borrowed: the caller opens and closes it */
    rt_config cfg;
    rt_throttle *by_account;
    rt_throttle *by_address;
    struct rt_identity_cache *identity; /* linkage model, made on first use (identity.h) */
} rt_app;

/* Writes an audit entry (user_id NULL: the system). A read whose audit
 * entry cannot be written must not happen, so callers treat a failure
 * here as the operation failing. */
rt_status rt_app_audit(rt_app *app, const char *user_id, const char *action,
                       const char *record_type, const char *record_id, const char *fields,
                       const char *address, int64_t now, const char *outcome);

/* Sets up app around an open store. Free with rt_app_clear. */
rt_status rt_app_init(rt_app *app, rt_store *store, const rt_config *cfg);
void rt_app_clear(rt_app *app);

/* Who is making a request: the signed-in user and the session. */
typedef struct rt_principal {
    rt_user user;
    rt_session_rec session;
} rt_principal;

void rt_principal_clear(rt_principal *p);

/* How who is related to the case of referral referral_id (made by
 * referral_agency): the Marac hearing it (until Marac areas exist, a
 * deployment runs one Marac, which hears every referral), the referring
 * agency, exclusions and break-glass grants, and for Idvas and their
 * managers the Idva case: who holds it, which service, or, with no case
 * yet, whether who manages an Idva service that takes it. */
rt_status rt_app_relation(rt_app *app, const rt_principal *who, const char *referral_id,
                          const char *referral_agency, int64_t now, rt_relation *rel);

typedef enum rt_login_outcome {
    RT_LOGIN_OK,
    RT_LOGIN_REFUSED,    /* unknown user, wrong password or disabled account */
    RT_LOGIN_THROTTLED   /* too many recent failures for the account or address */
} rt_login_outcome;

/* Signs a user in. On RT_LOGIN_OK, *who is filled (clear it with
 * rt_principal_clear) and token holds the new session token for the
 * cookie. Returns a status for internal failures only; a refusal is an
 * outcome, not an error. Every attempt is audited. */
rt_status rt_app_login(rt_app *app, const char *username, const char *password,
                       const char *address, int64_t now, rt_login_outcome *outcome,
                       rt_principal *who, char token[RT_TOKEN_CHARS + 1]);

/* Finds the live session for a cookie token and touches it. RT_ENOTFOUND
 * if there is none, it has expired (then it is deleted) or its user is
 * disabled. On RT_OK *who is the caller's to clear. */
rt_status rt_app_session(rt_app *app, const char *token, int64_t now, rt_principal *who);

/* Replaces who's password with new_password after checking current. On
 * RT_EINVAL *field ("current_password" or "new_password") and *problem
 * (static) say what is wrong and nothing changed. Wrong current passwords
 * count towards the sign-in throttle; when it is exceeded the result is
 * RT_EDENIED. Audited. */
rt_status rt_app_change_password(rt_app *app, const rt_principal *who, const char *current,
                                 const char *new_password, const char *address, int64_t now,
                                 const char **field, const char **problem);

/* Ends every session of who's account, on every device (for a lost
 * phone or a password that may be known). Audited. */
rt_status rt_app_logout_everywhere(rt_app *app, const rt_principal *who, const char *address,
                                   int64_t now);

/* ---- second factor (TOTP) ----------------------------------------------- */

#define RT_SETTING_SECOND_FACTOR_ROLES "second_factor.roles"

/* The roles that must give a second factor at sign-in, from the
 * deployment setting; every role when it was never set or cannot be read
 * as a role set (safe by default). Fails only if the store does. */
rt_status rt_app_second_factor_roles(rt_app *app, rt_role_set *out);
/* Changes that setting. It applies from each user's next sign-in.
 * Audited as the system ("setting.second_factor_roles"). */
rt_status rt_app_set_second_factor_roles(rt_app *app, rt_role_set set, int64_t now);

/* Starts (or resumes) enrolment: *secret gets who's unconfirmed TOTP
 * secret, made now if there is none, and *uri the otpauth:// URI an
 * authenticator app reads (the caller frees both with rt_totp_free).
 * RT_EEXISTS if who is enrolled already (a secret is shown only once).
 * Audited when a secret is made. */
rt_status rt_app_second_factor_begin(rt_app *app, const rt_principal *who, const char *address,
                                     int64_t now, char **secret, char **uri);

typedef enum rt_second_factor_outcome {
    RT_SECOND_FACTOR_OK,          /* accepted: enrolment confirmed, session complete */
    RT_SECOND_FACTOR_MALFORMED,   /* not 6 digits: nothing counted */
    RT_SECOND_FACTOR_WRONG,       /* wrong, or used already: counts towards the throttle */
    RT_SECOND_FACTOR_THROTTLED,   /* too many recent failures for the account */
    RT_SECOND_FACTOR_NO_SECRET    /* enrolment has not begun */
} rt_second_factor_outcome;

/* Checks a code typed by who. On RT_SECOND_FACTOR_OK the code's time step
 * is spent (it will not work again), an unconfirmed secret becomes who's
 * second factor, and who's session no longer waits for it. Returns a
 * status for internal failures only. Audited, refusals included. */
rt_status rt_app_second_factor_verify(rt_app *app, const rt_principal *who, const char *code,
                                      const char *address, int64_t now,
                                      rt_second_factor_outcome *outcome);

/* Removes username's second factor (a lost or replaced phone) and ends
 * their sessions: at next sign-in they enrol again if their role requires
 * it. RT_ENOTFOUND for an unknown user. Audited as the system. */
rt_status rt_app_second_factor_reset(rt_app *app, const char *username, int64_t now);

/* Ends the principal's session. */
rt_status rt_app_logout(rt_app *app, const rt_principal *who, const char *address, int64_t now);

/* Normalises, validates and stores a referral from who's agency. On
 * RT_EINVAL errs/n_errs say what is wrong and nothing is stored. On
 * RT_OK r->id is set. RT_EDENIED if who may not refer. */
rt_status rt_app_referral_submit(rt_app *app, const rt_principal *who, rt_referral *r,
                                 const char *address, int64_t now,
                                 rt_field_error errs[RT_REFERRAL_MAX_ERRORS], size_t *n_errs);

/* Lists referrals who may see, newest first, each cut to the detail the
 * need-to-know decision allows; each read is audited. */
rt_status rt_app_referral_list(rt_app *app, const rt_principal *who, const char *address,
                               int64_t now, rt_referral **out, size_t *n);

/* The triage queue: the referrals who may list, ordered by risk
 * (rt_triage_cmp: Marac-eligible first, then score, then longest wait),
 * optionally only those from one agency and those whose person lives in
 * one postcode area or district (as rt_postcode_area_parse writes it; a
 * referral whose postcode who may not see is left out); NULL: all. With
 * unallocated, only referrals no Idva case has been opened for.
 * Audited as rt_app_referral_list. */
rt_status rt_app_triage(rt_app *app, const rt_principal *who, const char *agency,
                        const char *area, bool unallocated, const char *address, int64_t now,
                        rt_referral **out, size_t *n);

/* Reads one referral, cut to the detail who may see (*detail says which).
 * A user with no need to know gets RT_ENOTFOUND, as if it did not exist:
 * even its existence is information. Audited, refusals included. */
rt_status rt_app_referral_get(rt_app *app, const rt_principal *who, const char *id,
                              const char *address, int64_t now, rt_referral *out,
                              rt_detail *detail);

/* As rt_app_referral_get, for a printed copy: audited as
 * "referral.print", because paper leaves the system's control. */
rt_status rt_app_referral_print(rt_app *app, const rt_principal *who, const char *id,
                                const char *address, int64_t now, rt_referral *out,
                                rt_detail *detail);

/* Decides, without auditing, how much of r who may see, and cuts r down
 * to it (*detail says which; RT_DETAIL_NONE leaves no fields). For
 * operations that read several referrals and audit them together, such
 * as a subject access export. Fails only if the store does. */
rt_status rt_app_referral_decide(rt_app *app, const rt_principal *who, rt_referral *r,
                                 int64_t now, rt_detail *detail);

/* Reads referral id cut to what who may see (*detail says how much;
 * RT_DETAIL_NONE leaves nothing), without auditing: for operations that
 * audit in their own terms what they go on to show or change. On RT_OK
 * *out is the caller's to clear. */
rt_status rt_app_referral_load(rt_app *app, const rt_principal *who, const char *id,
                               int64_t now, rt_referral *out, rt_detail *detail);

/* How long a break-glass grant lasts. */
#define RT_BREAK_GLASS_SECONDS (4 * 60 * 60)

/* Breaks the glass: gives who, for RT_BREAK_GLASS_SECONDS, full access to
 * referral id for the written reason, audits it and tells every Idva
 * manager and Marac coordinator at once (the notice carries no case
 * content). RT_EINVAL if the reason is shorter than
 * RT_BREAK_GLASS_MIN_REASON or not acceptable text; RT_EDENIED for roles
 * not named for it; RT_ENOTFOUND if the referral does not exist or who is
 * excluded from it. */
rt_status rt_app_break_glass(rt_app *app, const rt_principal *who, const char *id,
                             const char *reason, const char *address, int64_t now);

/* Excludes the user named username from referral id (the perpetrator, or
 * someone associated with them): from then on they see nothing of it,
 * whatever else applies. RT_ENOTFOUND if the user or referral does not
 * exist; RT_EINVAL without a reason. Audited. */
rt_status rt_app_exclude(rt_app *app, const rt_principal *who, const char *id,
                         const char *username, const char *reason, const char *address,
                         int64_t now);

/* Searches the audit log for an auditor (policy: audit.read); the search
 * itself is audited ("audit.search"). */
rt_status rt_app_audit_search(rt_app *app, const rt_principal *who, const rt_audit_filter *f,
                              const char *address, int64_t now, rt_audit_entry **out, size_t *n);

/* Verifies the audit log's chain for an auditor (policy: audit.read). */
rt_status rt_app_audit_verify(rt_app *app, const rt_principal *who, const char *address,
                              int64_t now, rt_audit_report *out);

/* What one retention rule removed (or, in a dry run, would remove). */
typedef struct rt_retention_result {
    rt_retention_rule rule;
    char cutoff[11];                /* records closed before this day */
    char (*ids)[RT_ID_HEX + 1];     /* owned */
    size_t n;
} rt_retention_result;

/* Applies every retention rule as of civil date today: whole rules first
 * (removing closed referrals past their period), then notes rules
 * (removing narrative notes of those that remain). Each removal is its
 * own transaction and is audited as the system ("retention.purge" or
 * "retention.purge_notes"). With dry_run nothing is changed or audited.
 * *out is an array of *n results, one per rule (free with
 * rt_retention_results_free). */
rt_status rt_app_retention_run(rt_app *app, rt_date today, bool dry_run,
                               rt_retention_result **out, size_t *n);
void rt_retention_results_free(rt_retention_result *r, size_t n);

#endif

/* app.h: the application: configuration, the store, and the operations
 * pages and API share.
 *
 * A page and its API endpoint do the same thing in two dialects; the
 * thing itself is written once here. Each operation checks the policy
 * again (the router checked it already: a second caller, such as the
 * CLI, must not be able to skip it) and writes the audit log. */
#ifndef RT_APP_APP_H
#define RT_APP_APP_H

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
    struct rt_identity_cache *identity; /* linkage model, made on first use (linkage_model.h) */
} rt_app;

/* Writes an audit entry (user_id NULL: the system). A read whose audit
 * entry cannot be written must not happen, so callers treat a failure
 * here as the operation failing. */
rt_status rt_app_audit(rt_app *app, const char *user_id, const char *action,
                       const char *record_type, const char *record_id, const char *fields,
                       const char *address, int64_t now, const char *outcome);

/* An operation's store writes and its audit entry are one transaction:
 * both or neither. rt_app_tx_begin opens it on this thread (every store
 * call the thread makes joins it; see rt_store_begin); rt_app_tx_end,
 * called once for each successful begin, commits it if st is RT_OK and
 * otherwise rolls it back, and returns the final status (a failed commit
 * is reported). A refusal that is audited and answered as an error
 * (denied, not found) is audited after the rollback, on its own. Slow
 * work that does not touch the store (password hashing, learning the
 * linkage model) stays outside, since every other caller waits. */
rt_status rt_app_tx_begin(rt_app *app);
rt_status rt_app_tx_end(rt_app *app, rt_status st);

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

#endif

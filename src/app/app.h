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
#include "../core/audit_action.h"
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

/* Writes an audit entry (user_id NULL: the system; address: the client's
 * address, or "cli:" and the operator's login name). The action column
 * stores the action's stable name. fields names the fields read or
 * written, as comma-separated keys, or is NULL: never values, counts or
 * other records' codes (RT_EINVAL, nothing written, for those and for an
 * action outside the table). A read whose audit entry cannot be written
 * must not happen, so callers treat a failure here as the operation
 * failing. */
rt_status rt_app_audit(rt_app *app, const char *user_id, rt_audit_action action,
                       const char *record_type, const char *record_id, const char *fields,
                       const char *address, int64_t now, const char *outcome);

/* Writes the keys of specs[0..n) into out (size bytes), comma-separated,
 * for an audit entry's fields. RT_ETOOBIG, with out empty, if they do not
 * fit. */
rt_status rt_app_field_keys(const rt_field_spec *specs, size_t n, char *out, size_t size);

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

/* Ends a write begun with rt_app_tx_begin and audits it (the arguments
 * after st as for rt_app_audit): if st is RT_OK the entry, outcome "ok",
 * joins the transaction, which commits with it, and the result is the
 * commit's; otherwise the transaction is rolled back first, the refusal
 * is audited on its own with outcome refusal, and the result is st. */
rt_status rt_app_tx_audit_end(rt_app *app, rt_status st, const char *user_id,
                              rt_audit_action action, const char *record_type,
                              const char *record_id, const char *fields, const char *address,
                              int64_t now, const char *refusal);

/* Sets up app around an open store. Free with rt_app_clear. */
rt_status rt_app_init(rt_app *app, rt_store *store, const rt_config *cfg);
void rt_app_clear(rt_app *app);

/* The patch a user works in (safety.md, "Jurisdiction"), read once per
 * request so that deciding need to know for a list of referrals costs no
 * extra reads per row. For a Marac coordinator or chair: the Maracs they
 * are staff of, the areas those cover, every Marac's areas, and the
 * Maracs' member agencies. For an Idva or their manager: the areas their
 * service covers. Everyone else: nothing. */
typedef struct rt_scope {
    bool loaded;
    char (*maracs)[65];       /* owned: the Maracs the user is staff of */
    size_t n_maracs;
    char (*agencies)[65];     /* owned: member agencies of those Maracs */
    size_t n_agencies;
    char *areas;              /* owned: comma-separated areas of the user's patch, or NULL */
    char *all_areas;          /* owned: every Marac's areas (coordinators and chairs), or NULL */
} rt_scope;

/* Reads user's patch into out (cleared first; free with rt_scope_clear).
 * Fails only if the store does. */
rt_status rt_app_scope_load(rt_app *app, const rt_user *user, rt_scope *out);
void rt_scope_clear(rt_scope *s);

/* Who is making a request: the signed-in user, the session and the
 * user's patch (rt_app_session reads it; a principal made elsewhere
 * without it has its patch read at each decision instead). */
typedef struct rt_principal {
    rt_user user;
    rt_session_rec session;
    rt_scope scope;
} rt_principal;

void rt_principal_clear(rt_principal *p);

/* Records that the router refused who (NULL: nobody signed in) the policy
 * action act: an entry of the audit action of the same name, outcome
 * "denied". RT_EINVAL for the actions nobody is refused. */
rt_status rt_app_audit_refusal(rt_app *app, const rt_principal *who, rt_action act,
                               const char *record_type, const char *record_id,
                               const char *address, int64_t now);

/* Sets *excluded to whether user user_id is excluded from referral_id
 * now. The one test of an exclusion: need to know, writes about a case,
 * and whom a notice reaches all ask it. */
rt_status rt_app_excluded(rt_app *app, const char *user_id, const char *referral_id,
                          int64_t now, bool *excluded);

/* How who is related to the case of referral r (as stored, before any
 * redaction: its postcode decides the patch): whether who's Marac hears
 * it (rt_marac_hears over who's patch), the referring agency, exclusions
 * and break-glass grants, a released list of a Marac who's agency belongs
 * to, and for Idvas and their managers the Idva case: who holds it,
 * which service, or, with no case yet, whether who manages an Idva
 * service that takes it (rt_service_takes). */
rt_status rt_app_relation(rt_app *app, const rt_principal *who, const rt_referral *r,
                          int64_t now, rt_relation *rel);

/* Whether referral r (as stored) lies inside user's patch and user is
 * not excluded from it: whom a notice about it may reach. Reads user's
 * patch. Fails only if the store does. */
rt_status rt_app_in_patch(rt_app *app, const rt_user *user, const rt_referral *r,
                          int64_t now, bool *yes);

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
 * referral id for the written reason, audits it and tells at once the
 * Idva managers and Marac coordinators whose patch holds the case, and
 * the managers of who's own service (the notice carries no case
 * content). RT_EINVAL if the reason is shorter than
 * RT_BREAK_GLASS_MIN_REASON or not acceptable text; RT_EDENIED for roles
 * not named for it; RT_ENOTFOUND if the referral does not exist or who is
 * excluded from it. */
rt_status rt_app_break_glass(rt_app *app, const rt_principal *who, const char *id,
                             const char *reason, const char *address, int64_t now);

/* Searches the audit log for an auditor (policy: audit.read), or for the
 * system when who is NULL (an operator, address "cli:NAME"); the search
 * itself is audited first ("audit.search"). */
rt_status rt_app_audit_search(rt_app *app, const rt_principal *who, const rt_audit_filter *f,
                              const char *address, int64_t now, rt_audit_entry **out, size_t *n);

/* Verifies the audit log's chain for an auditor (policy: audit.read), or
 * for the system when who is NULL (an operator, address "cli:NAME"). The
 * verification is audited after it is made, outcome "ok" or "broken". */
rt_status rt_app_audit_verify(rt_app *app, const rt_principal *who, const char *address,
                              int64_t now, rt_audit_report *out);

#endif

/* drafts.h: referrals saved part-way.
 *
 * A frontline worker is often interrupted mid-referral (the person has
 * to leave, the phone is needed). A draft keeps what was typed, sealed,
 * for its author alone; nothing in it is checked until it is submitted,
 * when the referral is validated whole like any other. Drafts not touched
 * for RT_DRAFT_KEEP_DAYS are removed by `roundtable retention run`. */
#ifndef RT_APP_DRAFTS_H
#define RT_APP_DRAFTS_H

#include "app.h"

#define RT_DRAFT_KEEP_DAYS 30

/* Saves d for who (policy referral.create): a new draft when d->id is "",
 * else who's draft d->id (RT_ENOTFOUND if it is not theirs). Sets
 * d->owner_id. Audited ("draft.save"). */
rt_status rt_app_draft_save(rt_app *app, const rt_principal *who, rt_draft *d,
                            const char *address, int64_t now);

/* Reads who's draft id into *out (clear with rt_draft_clear).
 * RT_ENOTFOUND if who has no such draft. Audited ("draft.read"). */
rt_status rt_app_draft_get(rt_app *app, const rt_principal *who, const char *id,
                           const char *address, int64_t now, rt_draft *out);

/* who's drafts, last changed first, without bodies (free with
 * rt_draft_list_free). Audited ("draft.list"). */
rt_status rt_app_draft_list(rt_app *app, const rt_principal *who, const char *address,
                            int64_t now, rt_draft **out, size_t *n);

/* Deletes who's draft id (after it was submitted, or at who's asking).
 * RT_ENOTFOUND if who has no such draft. Audited ("draft.delete"). */
rt_status rt_app_draft_delete(rt_app *app, const rt_principal *who, const char *id,
                              const char *address, int64_t now);

/* Removes every draft untouched for RT_DRAFT_KEEP_DAYS before now (a dry
 * run only counts them); *n gets how many. Audited as the system, from
 * address ("retention.drafts"), when any were removed. */
rt_status rt_app_drafts_expire(rt_app *app, int64_t now, bool dry_run, const char *address,
                               size_t *n);

#endif

/* identity.h: knowing every person once, across referrals.
 *
 * A referral's person is matched against earlier referrals with the
 * record-linkage engine (src/link): blocking keys, stored as keyed
 * hashes with each referral, find candidates without reading every
 * record; the model is learnt from the deployment's own referrals (and
 * relearnt as they grow); each candidate is scored and explained field
 * by field. The Marac coordinator confirms or rejects; decisions are
 * kept with who and why, and undone rather than deleted. */
#ifndef RT_APP_IDENTITY_H
#define RT_APP_IDENTITY_H

#include "../link/engine.h"
#include "app.h"

/* The linkage keys of a referral's person, and pointers to them in the
 * form the store takes (rt_referral.link_keys, rt_store_link_candidates). */
typedef struct rt_identity_keys {
    char text[RT_LINK_KEYS][RT_LINK_KEY_CHARS];
    const char *key[RT_LINK_KEYS];
    size_t n;
} rt_identity_keys;

/* Fills *ks with the keys of r's person; none when r's fields cannot be
 * read as a person (not UTF-8, an impossible date): such a referral is
 * simply never matched. Fails only for want of memory. */
rt_status rt_identity_keys_of(const rt_referral *r, rt_identity_keys *ks);

typedef struct rt_match {
    rt_referral other;              /* the candidate, cut to what who may see; owned */
    rt_detail detail;
    double probability, weight;
    int levels[RT_LF_COUNT];        /* each field's comparison level */
    double parts[RT_LF_COUNT];      /* and the weight it added */
    bool decided, same;             /* a standing decision about the pair */
    char decision_id[RT_ID_HEX + 1];
} rt_match;

/* Likely other referrals of referral id's person, most likely first:
 * those at or above the review probability, and any with a standing
 * decision. Policy identity.decide; each candidate read is audited
 * ("identity.match"). RT_ENOTFOUND if who may not see id. *out is an
 * array of *n (free with rt_matches_free). */
rt_status rt_app_identity_matches(rt_app *app, const rt_principal *who, const char *id,
                                  const char *address, int64_t now, rt_match **out, size_t *n);
void rt_matches_free(rt_match *m, size_t n);

/* Screens a newly stored referral r, whose keys are ks, against earlier
 * ones: when any is
 * at or above the review probability, every Marac coordinator gets a
 * "possible_match" notice (no case content: which referral to look at).
 * Audited as the system ("identity.screen", with how many candidates)
 * when any earlier referral was read.
 * No policy check: it runs for the system after a referral is stored. */
rt_status rt_identity_screen(rt_app *app, const rt_referral *r, const rt_identity_keys *ks,
                             int64_t now);

/* Records who's decision that referrals id and other are (same) or are
 * not one person, for the written reason. RT_EINVAL with *field naming
 * what is wrong: "reason" (see rt_reason_acceptable, at least
 * RT_IDENTITY_MIN_REASON) or "other" (not another referral's id).
 * RT_EEXISTS if a decision about the pair stands (undo it first);
 * RT_ENOTFOUND if either referral does not exist or who may not see it.
 * Audited on both referrals. */
rt_status rt_app_identity_decide(rt_app *app, const rt_principal *who, const char *id,
                                 const char *other, bool same, const char *reason,
                                 const char *address, int64_t now, rt_identity *out,
                                 const char **field);

/* Undoes standing decision decision_id. RT_ENOTFOUND if there is none,
 * or who may not see both its referrals. Audited. */
rt_status rt_app_identity_undo(rt_app *app, const rt_principal *who, const char *decision_id,
                               const char *address, int64_t now);

/* Whether r is a repeat by confirmed identity: an earlier referral of the
 * same person (standing "same" decisions) made within the repeat window
 * of the default checklist before r's referral date, naming a person
 * causing harm whose name matches one on r (normalised, Jaro-Winkler
 * 0.92 or more). *earlier gets that referral's id, or "" when none. No
 * policy check: for the triage of app. */
rt_status rt_identity_repeat(rt_app *app, const rt_referral *r, char earlier[RT_ID_HEX + 1]);

/* Marks list[i].serial_perpetrator on every referral that names a person
 * causing harm also named (same normalised name by Jaro-Winkler 0.92 or
 * more, and the same date of birth where both give one) on a referral
 * about a different person: one not confirmed to be the same, and not
 * with the same name and date of birth. focus, if not NULL, holds n flags:
 * only pairs with at least one referral in focus are compared, so a page
 * about a few referrals costs in proportion to the store, not its square
 * (only the focus referrals' marks are then complete). No policy check:
 * for the triage of app, over referrals the caller may already list. */
rt_status rt_identity_mark_serial(rt_app *app, rt_referral *list, size_t n, const bool *focus);

#endif

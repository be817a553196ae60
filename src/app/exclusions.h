/* exclusions.h: excluding a worker from a case (safety.md, "Jurisdiction"):
 * a worker who knows the person causing harm or the victim personally,
 * or has declared a conflict, finds nothing of the case anywhere, as if
 * there were nothing; every operation that reads or writes something
 * about a referral asks here.
 *
 * Those who hold the case set an exclusion, with a written reason
 * (sealed): the coordinator or chair of a Marac hearing it, the manager
 * of the Idva service holding it. The excluded worker is not told; the
 * other holders get a notice without case content. An exclusion is
 * lifted with a reason, never deleted. Every step is audited, and the
 * auditor reads the reasons. */
#ifndef RT_APP_EXCLUSIONS_H
#define RT_APP_EXCLUSIONS_H

#include "app.h"

/* The referrals one user is excluded from, read once for an operation
 * that goes over many (a list, a meeting, the notices). */
typedef struct rt_exclusion_set {
    char (*ids)[RT_ID_HEX + 1];
    size_t n;
} rt_exclusion_set;

/* Loads who's standing exclusions into *out (the caller clears it with
 * rt_exclusion_set_clear). */
rt_status rt_app_exclusions_of(rt_app *app, const rt_principal *who, rt_exclusion_set *out);

/* True if referral_id is in s. */
bool rt_exclusion_set_has(const rt_exclusion_set *s, const char *referral_id);

void rt_exclusion_set_clear(rt_exclusion_set *s);

/* Excludes the user named username from referral id, for reason (at
 * least RT_BREAK_GLASS_MIN_REASON characters of acceptable text, sealed
 * at rest). Only a holder of the case may: the coordinator or chair of a
 * Marac hearing it, the manager of the Idva service holding it, and not
 * excluded from it themselves. The other holders get an "exclusion"
 * notice; the excluded user does not. The exclusion follows the person
 * to every referral confirmed to be theirs (rt_app_exclusions_follow).
 * On RT_OK out_id gets the exclusion's id. RT_EDENIED for a role that never may; RT_ENOTFOUND if
 * the referral does not exist or who does not hold it (as if absent);
 * RT_EINVAL with *field ("username": no such active user; "reason");
 * RT_EEXISTS with *field "username" if they are excluded already.
 * Audited ("referral.exclude"), refusals included. */
rt_status rt_app_exclude(rt_app *app, const rt_principal *who, const char *id,
                         const char *username, const char *reason, const char *address,
                         int64_t now, char out_id[RT_ID_HEX + 1], const char **field);

/* Makes every standing exclusion on referral id or on a referral
 * confirmed to be about the same person (person.h) stand on all of
 * them: an exclusion follows the person, wherever they appear. Each one
 * set is a follower of the exclusion it copies (lifted with it), with
 * its reason and setter, the holders told and the excluded user not,
 * audited ("referral.exclusion_follow") as by who. No policy check: a
 * step of rt_app_exclude and of a "same person" identity decision,
 * inside their transaction. */
rt_status rt_app_exclusions_follow(rt_app *app, const rt_principal *who, const char *id,
                                   const char *address, int64_t now);

/* One exclusion as its holders or the auditor see it. */
typedef struct rt_exclusion_entry {
    rt_exclusion x;           /* reasons NULL unless read by the auditor */
    char *username;           /* who is excluded */
    char *by;                 /* who set it (username), or NULL */
    char *lifted_by;          /* who lifted it (username), or NULL */
} rt_exclusion_entry;

void rt_exclusion_entries_free(rt_exclusion_entry *list, size_t n);

/* The exclusions of referral id, standing and lifted, oldest first,
 * without their reasons, for a holder of the case (as rt_app_exclude):
 * an array of *n the caller frees with rt_exclusion_entries_free.
 * RT_EDENIED, RT_ENOTFOUND as rt_app_exclude. Audited
 * ("referral.exclusions"). */
rt_status rt_app_exclusions(rt_app *app, const rt_principal *who, const char *id,
                            const char *address, int64_t now, rt_exclusion_entry **out,
                            size_t *n);

/* Lifts exclusion exclusion_id of referral id, for reason (as
 * rt_app_exclude's), kept sealed with it; a holder of the case only. The
 * other holders get an "exclusion_lifted" notice. The exclusions that
 * followed it to other referrals of the person are lifted with it, for
 * the same reason, their holders told. RT_EDENIED;
 * RT_ENOTFOUND (no such referral, not a holder, or no such exclusion
 * standing on it); RT_EINVAL with *field "reason". Audited
 * ("referral.exclusion_lift"). */
rt_status rt_app_exclusion_lift(rt_app *app, const rt_principal *who, const char *id,
                                const char *exclusion_id, const char *reason,
                                const char *address, int64_t now, const char **field);

/* Every exclusion with its reasons, for the auditor (policy audit.read):
 * an array of *n the caller frees with rt_exclusion_entries_free.
 * Audited ("audit.exclusions"), refusals included. */
rt_status rt_app_audit_exclusions(rt_app *app, const rt_principal *who, const char *address,
                                  int64_t now, rt_exclusion_entry **out, size_t *n);

/* who's unread notices, newest first, leaving out those about a referral
 * who is excluded from: an array of *n (free with rt_notice_list_free). */
rt_status rt_app_notices(rt_app *app, const rt_principal *who, rt_notice **out, size_t *n);

#endif

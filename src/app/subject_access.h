/* subject_access.h: everything Roundtable holds about one person, for
 * their subject access request (safety.md, "Retention and rights").
 *
 * A person asks the Marac what is held about them; the coordinator (or
 * an operator at the command line) starts from one referral, and the
 * operation gathers every referral about the same person, the fields
 * about them, their risk assessments, and the audit trail of who read or
 * changed those records (by role and agency, never by name). Details of
 * other people (fields the table marks third_party, such as the
 * referrer's contact details) are withheld in core before anything is
 * rendered. The export itself is audited, one entry per referral.
 *
 * Renderers: rt_subject_access_json in http/subject_access_json.h; the
 * readable HTML document in web/subject_access_doc.h. */
#ifndef RT_APP_SUBJECT_ACCESS_H
#define RT_APP_SUBJECT_ACCESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/referral.h"
#include "../core/role.h"
#include "app.h"

/* The version of the export's structure; raised when a consumer of the
 * JSON would have to change. */
#define RT_SUBJECT_ACCESS_VERSION 1

/* One referral in the export. */
typedef struct rt_sar_referral {
    rt_referral r;            /* third_party fields removed (NULL) */
    char *agency_name;        /* owned: the referring agency's name, or NULL if unknown */
} rt_sar_referral;

/* One entry of the access history: who read or changed one referral. */
typedef struct rt_sar_event {
    int64_t at;
    int64_t seq;                       /* audit chain position: orders same-second entries */
    char referral_id[RT_ID_HEX + 1];
    char *action;                      /* owned: "referral.read", ... */
    char *outcome;                     /* owned: "ok", "denied", ... */
    char *fields;                      /* owned: field keys shown, or NULL */
    bool system;                       /* Roundtable itself or its command line: no user */
    rt_role role;                      /* the user's role (when !system) */
    char *agency_name;                 /* owned: the user's agency, or NULL */
} rt_sar_event;

typedef struct rt_subject_access {
    int64_t generated_at;
    char referral_id[RT_ID_HEX + 1];   /* the referral the request started from */
    rt_sar_referral *referrals;        /* owned; newest first, the starting one included */
    size_t n_referrals;
    rt_sar_event *events;              /* owned; oldest first */
    size_t n_events;
} rt_subject_access;

/* Gathers everything held about the person referral_id is about, into
 * *out (zeroed first; clear with rt_subject_access_clear).
 *
 * Same person: referrals whose victim has the same family name and date
 * of birth (the blind index) and the same given name, compared as the
 * blind index compares names (trimmed, ASCII case folded). The given
 * name is checked too because twins share a family name and a birthday,
 * and one twin must never receive the other's record. Without a date of
 * birth only the one referral is included.
 *
 * who is the signed-in user, or NULL for the system (the command line,
 * which holds the data key and could read everything anyway). A user must
 * be allowed RT_ACT_SUBJECT_ACCESS (else RT_EDENIED, audited) and have
 * full need-to-know of the starting referral (else RT_ENOTFOUND, as if
 * it did not exist). A matching referral the user has no full access to
 * (an exclusion) is left out, and the omission is audited as a refused
 * export of that referral; telling the user would tell them it exists.
 *
 * Each referral included is audited as "subject_access.export" (with
 * who's id, or none for the system); if any audit entry cannot be
 * written the export fails and *out holds nothing. RT_ENOTFOUND for an
 * unknown id; store errors otherwise. */
rt_status rt_app_subject_access(rt_app *app, const rt_principal *who, const char *referral_id,
                                const char *address, int64_t now, rt_subject_access *out);

/* Frees what sa holds and zeroes it. Safe on a zeroed struct. */
void rt_subject_access_clear(rt_subject_access *sa);

/* Unix seconds as "2026-11-22T10:04:00Z" (out holds 21 bytes). */
void rt_subject_access_time(int64_t t, char out[21]);

/* The plain-language label of the audited action stored as action
 * ("Opened the referral"; core/audit_action.h), or NULL for a name not in
 * the table; static. */
const char *rt_subject_access_action_label(const char *action);

/* What the export says about withheld information and whom to ask;
 * static, shared by the JSON and HTML renderers so they never differ. */
extern const char rt_subject_access_withheld_note[];
extern const char rt_subject_access_contact_note[];

#endif

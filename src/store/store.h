/* store.h: the storage interface. Everything Roundtable keeps goes
 * through these functions; nothing outside src/store/ sees SQL or a
 * backend's types.
 *
 * Backends: the embedded SQLite store (a file path) today; PostgreSQL
 * implements the same operations later (see store_backend.h).
 *
 * Security: every field a spec marks identifying is sealed (encrypted and
 * authenticated, bound to its table, column and row) before it leaves
 * memory, and opened only on the way back. Look-ups by identifying values
 * go through keyed blind indexes. Plaintext of such fields never reaches
 * the database file, its journal or its WAL.
 *
 * Atomicity: outside a transaction, each function is one transaction of
 * its own: it happens whole or not at all. Between rt_store_begin and
 * rt_store_end every call the thread makes joins one transaction, so
 * several writes (a record and its audit entry) are kept together or not
 * at all; a write that fails inside it still leaves nothing of itself,
 * and the caller decides whether the transaction commits. On failure no
 * output parameter holds anything to free.
 *
 * Threads: an rt_store may be shared by threads; calls are serialised,
 * and while a thread holds a transaction every other thread's call waits
 * for its end.
 *
 * Ownership: output structs are the caller's; strings inside them are
 * allocated by the store and released with the matching *_clear or
 * *_free function. */
#ifndef RT_STORE_STORE_H
#define RT_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/casework.h"
#include "../core/marac.h"
#include "../core/referral.h"
#include "../core/retention.h"
#include "../core/role.h"
#include "../core/status.h"
#include "key.h"

typedef struct rt_store rt_store;

/* Opens the store at location (a file path for SQLite), creating it if
 * create is true and it does not exist, and applies any pending
 * migrations in one transaction. The key must be the one the store was
 * created with: a wrong key gives RT_ECRYPTO. On success *out is the
 * caller's, to close with rt_store_close. */
rt_status rt_store_open(const char *location, const rt_data_key *key, bool create,
                        rt_store **out);

/* Flushes and closes (checkpointing the WAL). NULL is ignored. */
void rt_store_close(rt_store *st);

/* Begins a transaction held by the calling thread until it calls
 * rt_store_end, which it must do exactly once for each successful begin,
 * on the same thread, whatever happens in between. Every store call the
 * thread makes meanwhile joins it; other threads wait. Transactions nest:
 * a begin inside one opens a part that its end keeps or undoes alone, and
 * only the outermost end commits. Keep a transaction to store work: slow
 * work inside it (hashing a password, learning a model) holds up every
 * other caller. Fails (nothing begun) if the store cannot start it. */
rt_status rt_store_begin(rt_store *st);

/* Ends the innermost transaction this thread began: keeps it if so_far is
 * RT_OK, else undoes everything done since its begin. Returns the final
 * status: so_far if it was a failure, else the result of committing (a
 * commit that fails, such as on a full disk, is rolled back and
 * reported, so nothing of the transaction stays). */
rt_status rt_store_end(rt_store *st, rt_status so_far);

/* The schema version now applied (the number of the last migration). */
rt_status rt_store_schema_version(rt_store *st, int *out);

/* ---- agencies -------------------------------------------------------- */

typedef struct rt_agency {
    char *code;            /* short stable id, "police-wd" */
    char *name;
    rt_agency_kind kind;
} rt_agency;

/* Adds an agency. RT_EEXISTS if the code is taken. */
rt_status rt_store_agency_add(rt_store *st, const rt_agency *a);
/* Fetches one agency into *out. RT_ENOTFOUND if none. */
rt_status rt_store_agency_get(rt_store *st, const char *code, rt_agency *out);
/* All agencies ordered by name: *out is an array of *n (free with
 * rt_agency_list_free). */
rt_status rt_store_agency_list(rt_store *st, rt_agency **out, size_t *n);
void rt_agency_clear(rt_agency *a);
void rt_agency_list_free(rt_agency *list, size_t n);

/* ---- users ----------------------------------------------------------- */

typedef struct rt_user {
    char id[RT_ID_HEX + 1];
    char *username;        /* unique, lower-case */
    char *display_name;
    char *agency_code;
    rt_role role;
    char *password_hash;   /* argon2id encoded string */
    bool disabled;
    bool must_change_password; /* the password was handed out: it works once */
    bool second_factor;    /* has proved an authenticator holds their TOTP secret */
    int64_t created_at;
} rt_user;

/* Adds a user, assigning u->id. RT_EEXISTS if the username is taken;
 * RT_EINVAL if the agency does not exist. */
rt_status rt_store_user_add(rt_store *st, rt_user *u);
rt_status rt_store_user_by_username(rt_store *st, const char *username, rt_user *out);
rt_status rt_store_user_by_id(rt_store *st, const char *id, rt_user *out);
/* Replaces a user's password hash. one_time marks a password handed out
 * by an administrator, which the user must change at next sign-in; a
 * password the user chose themselves is stored with one_time false. */
rt_status rt_store_user_set_password(rt_store *st, const char *id, const char *password_hash,
                                     bool one_time);
/* Disables (never deletes: the audit log keeps its meaning) or enables. */
rt_status rt_store_user_set_disabled(rt_store *st, const char *id, bool disabled);
/* The user's TOTP secret (base32), which *secret gets (the caller frees
 * it, after wiping it with sodium_memzero), and whether it is confirmed
 * (*enrolled). RT_ENOTFOUND if the user has none. */
rt_status rt_store_user_totp_get(rt_store *st, const char *id, char **secret, bool *enrolled);
/* Gives the user a new, unconfirmed TOTP secret (base32), sealed;
 * secret NULL removes it (an administrator resetting a lost
 * authenticator). Either way the user is no longer enrolled. */
rt_status rt_store_user_totp_set(rt_store *st, const char *id, const char *secret);
/* Records that a code of time step `step` was accepted at time `at`,
 * confirming the secret if it was not yet. Atomic: RT_EEXISTS if a code
 * of this or a later step was accepted before (a replay), RT_ENOTFOUND if
 * the user has no secret. */
rt_status rt_store_user_totp_use(rt_store *st, const char *id, int64_t step, int64_t at);
/* All users ordered by username. */
rt_status rt_store_user_list(rt_store *st, rt_user **out, size_t *n);
void rt_user_clear(rt_user *u);
void rt_user_list_free(rt_user *list, size_t n);

/* ---- sessions -------------------------------------------------------- */

/* The store keeps only a hash of each session token, so a copy of the
 * database does not let anyone sign in. */
typedef struct rt_session_rec {
    unsigned char token_hash[32];
    char user_id[RT_ID_HEX + 1];
    char csrf[65];          /* 64 hex digits */
    int64_t created_at;
    int64_t last_seen;
    bool second_factor_pending; /* signed in with a password; the code is still due */
} rt_session_rec;

rt_status rt_store_session_put(rt_store *st, const rt_session_rec *s);
rt_status rt_store_session_get(rt_store *st, const unsigned char token_hash[32],
                               rt_session_rec *out);
rt_status rt_store_session_touch(rt_store *st, const unsigned char token_hash[32], int64_t now);
rt_status rt_store_session_delete(rt_store *st, const unsigned char token_hash[32]);
/* Marks a session's second factor given. RT_ENOTFOUND if it has ended. */
rt_status rt_store_session_second_factor_done(rt_store *st, const unsigned char token_hash[32]);
/* Ends every session of a user (sign out everywhere). */
rt_status rt_store_session_delete_user(rt_store *st, const char *user_id);
/* Deletes sessions created before created_before or idle since idle_before. */
rt_status rt_store_session_expire(rt_store *st, int64_t created_before, int64_t idle_before);

/* ---- identity: one person, many referrals --------------------------- */

/* Replaces the record-linkage keys of referral id with keyed hashes of
 * keys[0..n). RT_ENOTFOUND if the referral does not exist. */
rt_status rt_store_link_keys_set(rt_store *st, const char *id, const char *const *keys, size_t n);
/* Referrals other than exclude (may be NULL) sharing any of keys: an
 * array of *n_ids ids (the caller frees). A key more than max_group
 * referrals share is passed over, as the linkage engine passes over a
 * blocking group that large: it picks out no one (a common e-mail
 * domain). */
rt_status rt_store_link_candidates(rt_store *st, const char *const *keys, size_t n,
                                   size_t max_group, const char *exclude,
                                   char (**ids)[RT_ID_HEX + 1], size_t *n_ids);

typedef struct rt_identity {
    char id[RT_ID_HEX + 1];
    char a[RT_ID_HEX + 1], b[RT_ID_HEX + 1]; /* the two referrals, a < b */
    bool same;                               /* one person (true) or two */
    char decided_by[RT_ID_HEX + 1];
    char *reason;                            /* owned */
    int64_t decided_at;
    char undone_by[RT_ID_HEX + 1];           /* "" while it stands */
    int64_t undone_at;                       /* 0 while it stands */
} rt_identity;

/* Records a decision about referrals d->a and d->b (in either order; they
 * are stored a < b), assigning d->id. RT_EEXISTS if a decision about the
 * pair stands; RT_EINVAL if a equals b or either does not exist. */
rt_status rt_store_identity_add(rt_store *st, rt_identity *d);
/* Reads decision id, standing or undone, into *out; out->reason is the
 * caller's to free. RT_ENOTFOUND if there is none. */
rt_status rt_store_identity_get(rt_store *st, const char *id, rt_identity *out);
/* Undoes standing decision id. RT_ENOTFOUND if there is none standing. */
rt_status rt_store_identity_undo(rt_store *st, const char *id, const char *user_id, int64_t at);
/* Every decision about referral id, standing or undone, newest first:
 * an array of *n (free with rt_identity_list_free). */
rt_status rt_store_identity_list(rt_store *st, const char *referral_id, rt_identity **out,
                                 size_t *n);
void rt_identity_list_free(rt_identity *list, size_t n);

/* ---- referral drafts ------------------------------------------------- */

typedef enum rt_draft_format {
    RT_DRAFT_FORM,   /* a page's form fields, URL-encoded */
    RT_DRAFT_JSON    /* an API referral body */
} rt_draft_format;

/* A referral saved part-way. Only its owner reads it. */
typedef struct rt_draft {
    char id[RT_ID_HEX + 1];        /* "" until stored */
    char owner_id[RT_ID_HEX + 1];
    rt_draft_format format;
    char *label;                   /* owned: the person's name as typed, or "" */
    char *body;                    /* owned: what was typed; NULL in lists */
    int64_t created_at;
    int64_t updated_at;
} rt_draft;

/* Stores d: a new draft when d->id is "" (assigning id and created_at),
 * else replaces that draft's label, body and format, which must be
 * d->owner_id's (RT_ENOTFOUND otherwise). Sets updated_at to now. */
rt_status rt_store_draft_put(rt_store *st, rt_draft *d, int64_t now);
/* Reads draft id of owner_id into *out (clear with rt_draft_clear).
 * RT_ENOTFOUND if there is none of that owner's. */
rt_status rt_store_draft_get(rt_store *st, const char *id, const char *owner_id, rt_draft *out);
/* owner_id's drafts, last changed first, without bodies: an array of *n
 * (free with rt_draft_list_free). */
rt_status rt_store_draft_list(rt_store *st, const char *owner_id, rt_draft **out, size_t *n);
/* Deletes draft id of owner_id. RT_ENOTFOUND if there is none. */
rt_status rt_store_draft_delete(rt_store *st, const char *id, const char *owner_id);
/* Deletes every draft not changed since before (with count_only, only
 * counts them); *n gets how many. */
rt_status rt_store_draft_expire(rt_store *st, int64_t before, bool count_only, size_t *n);
void rt_draft_clear(rt_draft *d);
void rt_draft_list_free(rt_draft *list, size_t n);

/* ---- Idva casework ---------------------------------------------------- */

/* A case: a referral allocated to an Idva of a service. */
typedef struct rt_case {
    char id[RT_ID_HEX + 1];          /* "" until stored */
    char referral_id[RT_ID_HEX + 1];
    char service[65];                /* the Idva service's agency code */
    char idva_id[RT_ID_HEX + 1];
    rt_case_status status;
    char referred_on[11];            /* the referral's date, YYYY-MM-DD */
    int64_t allocated_at;
    int64_t first_contact_at;        /* 0 until first contact */
    int64_t closed_at;               /* 0 unless closed */
    char closure_reason[32];         /* "" unless closed */
    int64_t updated_at;
} rt_case;

/* One change to a case, kept for good. */
typedef struct rt_case_event {
    char id[RT_ID_HEX + 1];
    char case_id[RT_ID_HEX + 1];
    int64_t at;
    char by[RT_ID_HEX + 1];          /* the user who made it */
    char what[16];                   /* allocated, reallocated, first_contact, active,
                                        closed, reopened */
    char idva_id[RT_ID_HEX + 1];     /* the Idva holding the case after it */
    char *detail;                    /* owned: words said about it (sealed), or NULL */
} rt_case_event;

/* Something recorded on a case (core/casework.h kinds). */
typedef struct rt_case_item {
    char id[RT_ID_HEX + 1];          /* "" until stored */
    char case_id[RT_ID_HEX + 1];
    rt_item_kind kind;
    char status[17];                 /* a task's or plan item's status, or "" */
    char due[11];                    /* its due date, or "" */
    char *body;                      /* owned: the values, form-encoded; sealed at rest;
                                        NULL when read without bodies */
    int64_t created_at, updated_at;
    char created_by[RT_ID_HEX + 1], updated_by[RT_ID_HEX + 1];
} rt_case_item;

/* Opens case c (c->id assigned; status allocated) with its first event
 * ev (ev->id and case_id assigned), in one write. RT_EEXISTS if the
 * referral has a case already; RT_EINVAL if the referral, service or
 * Idva does not exist. */
rt_status rt_store_case_add(rt_store *st, rt_case *c, rt_case_event *ev);
/* Reads a case by its id, or by its referral's. RT_ENOTFOUND if none. */
rt_status rt_store_case_get(rt_store *st, const char *id, rt_case *out);
rt_status rt_store_case_by_referral(rt_store *st, const char *referral_id, rt_case *out);
/* Writes c's Idva, status, first contact, closure and updated_at, and
 * appends ev, in one write, provided the case still has status expected
 * (RT_EEXISTS otherwise: someone moved it first). */
rt_status rt_store_case_update(rt_store *st, const rt_case *c, rt_case_status expected,
                               rt_case_event *ev);
/* Cases of service (or of every service when NULL) held by idva_id (or
 * by anyone when NULL), open ones only when open_only; oldest referral
 * first: an array of *n (free with free()). */
rt_status rt_store_case_list(rt_store *st, const char *service, const char *idva_id,
                             bool open_only, rt_case **out, size_t *n);
/* The events of case_id, oldest first: an array of *n (free with
 * rt_case_events_free). */
rt_status rt_store_case_events(rt_store *st, const char *case_id, rt_case_event **out,
                               size_t *n);
void rt_case_events_free(rt_case_event *list, size_t n);

/* Stores it: a new item when it->id is "" (assigning id and created_*),
 * else replaces that item's body, status and due date, which must be of
 * it->case_id and of the same kind (RT_ENOTFOUND otherwise). A second
 * item of a kind a case holds once (rt_item_kind_single) is RT_EEXISTS.
 * updated_* become user_id and now. */
rt_status rt_store_case_item_put(rt_store *st, rt_case_item *it, const char *user_id,
                                 int64_t now);
/* Items of case_id of kind (or of every kind when kind is -1), oldest
 * first, with their bodies when with_body: an array of *n (free with
 * rt_case_items_free). */
rt_status rt_store_case_items(rt_store *st, const char *case_id, int kind, bool with_body,
                              rt_case_item **out, size_t *n);
/* Tasks and plan items not finished whose due date is before day, on
 * the open cases of service held by idva_id (NULL: anyone), without
 * bodies: an array of *n (free with rt_case_items_free). */
rt_status rt_store_case_items_overdue(rt_store *st, const char *service, const char *idva_id,
                                      const char *day, rt_case_item **out, size_t *n);
void rt_case_item_clear(rt_case_item *it);
void rt_case_items_free(rt_case_item *list, size_t n);

/* An Idva's hours and specialisms, for allocation. */
typedef struct rt_idva_profile {
    char user_id[RT_ID_HEX + 1];
    double fte;                      /* 0 < fte <= 1.5 */
    unsigned specialisms;            /* bit set of rt_specialism */
    char languages[201];             /* comma-separated */
    char areas[201];                 /* postcode areas or districts, comma-separated */
    char qualification[201];
    int64_t updated_at;
} rt_idva_profile;

/* Sets (or replaces) user_id's profile. RT_EINVAL if the user does not
 * exist or a value is out of range. */
rt_status rt_store_idva_profile_put(rt_store *st, const rt_idva_profile *p);
/* RT_ENOTFOUND if the user has no profile. */
rt_status rt_store_idva_profile_get(rt_store *st, const char *user_id, rt_idva_profile *out);

/* The service's caseload rules; the national defaults if it set none. */
rt_status rt_store_caseload_rules_get(rt_store *st, const char *service,
                                      rt_caseload_rules *out);
/* Sets the service's rules (checked with rt_caseload_rules_check). */
rt_status rt_store_caseload_rules_put(rt_store *st, const char *service,
                                      const rt_caseload_rules *r);
/* The postcode areas or districts the service covers (comma-separated;
 * "" when none are set) into out. */
rt_status rt_store_service_areas_get(rt_store *st, const char *service, char out[401]);
/* Sets the areas the service covers, keeping its rules (the national
 * defaults if it set none). RT_EINVAL if the service does not exist or
 * areas is longer than 400 bytes. */
rt_status rt_store_service_areas_put(rt_store *st, const char *service, const char *areas);

/* Per Idva of a service: open cases now and cases allocated since since. */
typedef struct rt_caseload_count {
    char idva_id[RT_ID_HEX + 1];
    int open;
    int since;
} rt_caseload_count;

/* The counts for every Idva holding a case of service: an array of *n
 * (free with free()). Idvas with no cases are not listed. */
rt_status rt_store_caseload_counts(rt_store *st, const char *service, int64_t since,
                                   rt_caseload_count **out, size_t *n);

/* ---- Maracs and meetings ---------------------------------------------- */

typedef struct rt_marac {
    char code[65];
    char name[201];
    char areas[401];             /* postcode areas or districts, comma-separated */
    long population;             /* adult (16+) female population; 0 when not set */
    rt_marac_rules rules;
    char sharing_protocol[201];  /* the Information Sharing Protocol it works to, or "" */
    char operating_protocol[201];
} rt_marac;

/* Adds or replaces a Marac. RT_EINVAL for values out of range. */
rt_status rt_store_marac_put(rt_store *st, const rt_marac *m);
rt_status rt_store_marac_get(rt_store *st, const char *code, rt_marac *out);
/* Every Marac, by code: an array of *n (free with free()). */
rt_status rt_store_marac_list(rt_store *st, rt_marac **out, size_t *n);
/* Makes agency a member of marac (again is not an error). */
rt_status rt_store_marac_member_add(rt_store *st, const char *marac, const char *agency);
/* The member agencies' codes: an array of *n (free with free()). */
rt_status rt_store_marac_members(rt_store *st, const char *marac, char (**out)[65], size_t *n);
/* Makes user_id one of marac's staff (its coordinators and chairs; again
 * is not an error). RT_EINVAL if the Marac or the user does not exist. */
rt_status rt_store_marac_staff_add(rt_store *st, const char *marac, const char *user_id);
/* Takes user_id off marac's staff. RT_ENOTFOUND if they were not on it. */
rt_status rt_store_marac_staff_remove(rt_store *st, const char *marac, const char *user_id);
/* The user ids of marac's staff, by name: an array of *n (free with
 * free()). */
rt_status rt_store_marac_staff(rt_store *st, const char *marac,
                               char (**out)[RT_ID_HEX + 1], size_t *n);
/* The codes of the Maracs user_id is staff of: an array of *n (free with
 * free()). */
rt_status rt_store_staff_maracs(rt_store *st, const char *user_id, char (**out)[65],
                                size_t *n);
/* The codes of the Maracs that have referral_id on a meeting's list or
 * had it transferred to them, each once: an array of *n (free with
 * free()). */
rt_status rt_store_referral_maracs(rt_store *st, const char *referral_id, char (**out)[65],
                                   size_t *n);

typedef struct rt_meeting {
    char id[RT_ID_HEX + 1];
    char marac[65];
    char held_on[11];
    char venue[201];
    rt_meeting_status status;
    int64_t released_at, held_at, approved_at;   /* 0 until then */
    char approved_by[RT_ID_HEX + 1];
    int64_t created_at;
    char created_by[RT_ID_HEX + 1];
} rt_meeting;

/* Schedules m (assigning id; status scheduled). */
rt_status rt_store_meeting_add(rt_store *st, rt_meeting *m);
rt_status rt_store_meeting_get(rt_store *st, const char *id, rt_meeting *out);
/* Meetings of marac (NULL: every Marac), latest first: an array of *n
 * (free with free()). */
rt_status rt_store_meeting_list(rt_store *st, const char *marac, rt_meeting **out, size_t *n);
/* Moves a meeting on from status expected (RT_EEXISTS if it has moved
 * meanwhile), stamping the time (and who approved). */
rt_status rt_store_meeting_move(rt_store *st, const char *id, rt_meeting_status expected,
                                rt_meeting_status to, const char *user_id, int64_t at);

/* A case on a meeting's list. */
typedef struct rt_meeting_case {
    char meeting_id[RT_ID_HEX + 1];
    char referral_id[RT_ID_HEX + 1];
    rt_listing listing;
    bool heard;
    char *hearing;               /* owned: what was said (rt_hearing_fields, form-encoded),
                                    sealed; NULL when none or read without */
} rt_meeting_case;

/* Lists a referral (or updates its listing, heard and hearing). */
rt_status rt_store_meeting_case_put(rt_store *st, const rt_meeting_case *c);
/* Takes a referral off a list. RT_ENOTFOUND if it is not on it. */
rt_status rt_store_meeting_case_remove(rt_store *st, const char *meeting_id,
                                       const char *referral_id);
/* The list of meeting_id (with what was said when with_hearing): an array
 * of *n (free with rt_meeting_cases_free). */
rt_status rt_store_meeting_cases(rt_store *st, const char *meeting_id, bool with_hearing,
                                 rt_meeting_case **out, size_t *n);
/* The listings of referral_id on any meeting, without hearings. */
rt_status rt_store_listings_of(rt_store *st, const char *referral_id, rt_meeting_case **out,
                               size_t *n);
void rt_meeting_cases_free(rt_meeting_case *list, size_t n);
/* Whether referral_id is on the list of a meeting whose list is out
 * (released, held or approved) at a Marac agency is a member of. */
rt_status rt_store_listed_for(rt_store *st, const char *referral_id, const char *agency,
                              bool *listed);

typedef struct rt_attendance {
    char id[RT_ID_HEX + 1];
    char meeting_id[RT_ID_HEX + 1];
    char agency[65];             /* "" for an observer of no agency */
    char name[201];
    bool observer;
    bool confidentiality;        /* confirmed the confidentiality statement */
    int64_t recorded_at;
} rt_attendance;

rt_status rt_store_attendance_add(rt_store *st, rt_attendance *a);
/* In the order recorded: an array of *n (free with free()). */
rt_status rt_store_attendance_list(rt_store *st, const char *meeting_id, rt_attendance **out,
                                   size_t *n);

typedef struct rt_research {
    char meeting_id[RT_ID_HEX + 1];
    char referral_id[RT_ID_HEX + 1];
    char agency[65];
    char *body;                  /* owned: rt_research_fields, form-encoded; sealed */
    bool flagged;
    int64_t updated_at;
    char updated_by[RT_ID_HEX + 1];
} rt_research;

/* Sets one agency's research on a listed case. */
rt_status rt_store_research_put(rt_store *st, const rt_research *r);
/* Research on meeting_id's case referral_id (NULL: every case) by agency
 * (NULL: every agency): an array of *n (free with rt_research_free). */
rt_status rt_store_research_list(rt_store *st, const char *meeting_id, const char *referral_id,
                                 const char *agency, rt_research **out, size_t *n);
void rt_research_free(rt_research *list, size_t n);

typedef struct rt_marac_action {
    char id[RT_ID_HEX + 1];
    char meeting_id[RT_ID_HEX + 1];
    char referral_id[RT_ID_HEX + 1];
    char agency[65];
    char due[11];
    char *body;                  /* owned: rt_action_fields, form-encoded; sealed */
    rt_action_status status;
    char *reason;                /* owned: why not possible or not done (sealed), or NULL */
    int64_t status_at;
    char status_by[RT_ID_HEX + 1];
    int64_t created_at;
    char created_by[RT_ID_HEX + 1];
} rt_marac_action;

/* Records an action (assigning id; status open). */
rt_status rt_store_action_add(rt_store *st, rt_marac_action *a);
rt_status rt_store_action_get(rt_store *st, const char *id, rt_marac_action *out);
/* Moves an action on from expected (RT_EEXISTS if it moved meanwhile). */
rt_status rt_store_action_move(rt_store *st, const char *id, rt_action_status expected,
                               rt_action_status to, const char *reason, const char *user_id,
                               int64_t at);
/* Actions by meeting, referral and agency (each NULL: any), by due date:
 * an array of *n (free with rt_actions_free). */
rt_status rt_store_action_list(rt_store *st, const char *meeting_id, const char *referral_id,
                               const char *agency, rt_marac_action **out, size_t *n);
void rt_marac_action_clear(rt_marac_action *a);
void rt_actions_free(rt_marac_action *list, size_t n);

typedef struct rt_transfer {
    char id[RT_ID_HEX + 1];
    char referral_id[RT_ID_HEX + 1];
    char from_marac[65], to_marac[65];
    char *note;                  /* owned: why, sealed */
    int64_t at;
    char by[RT_ID_HEX + 1];
} rt_transfer;

/* Records a transfer (assigning id). RT_EINVAL for an unknown Marac or the
 * same one at both ends. */
rt_status rt_store_transfer_add(rt_store *st, rt_transfer *t);
/* Transfers of referral_id (NULL: any) into to_marac (NULL: any), oldest
 * first: an array of *n (free with rt_transfers_free). */
rt_status rt_store_transfers(rt_store *st, const char *referral_id, const char *to_marac,
                             rt_transfer **out, size_t *n);
void rt_transfers_free(rt_transfer *list, size_t n);

/* ---- settings -------------------------------------------------------- */

/* A deployment setting's value into *out (the caller frees).
 * RT_ENOTFOUND if it was never set. */
rt_status rt_store_setting_get(rt_store *st, const char *key, char **out);
/* Sets (or replaces) a deployment setting. */
rt_status rt_store_setting_set(rt_store *st, const char *key, const char *value);

/* ---- referrals ------------------------------------------------------- */

/* Stores a validated referral, assigning r->id. Identifying fields are
 * sealed; the victim's names and date of birth also get blind indexes. */
rt_status rt_store_referral_add(rt_store *st, rt_referral *r);
/* Reads one referral into *out (zeroed first; clear with
 * rt_referral_clear). RT_ENOTFOUND if none. */
rt_status rt_store_referral_get(rt_store *st, const char *id, rt_referral *out);
/* All referrals, newest first: an array of *n (free with
 * rt_referral_list_free). */
rt_status rt_store_referral_list(rt_store *st, rt_referral **out, size_t *n);
rt_status rt_store_referral_count(rt_store *st, size_t *n);
/* Ids of referrals whose victim has exactly this family name and date of
 * birth (after case folding), found through the blind index: an array of
 * *n ids (free with free()). */
/* Adds a later assessment k of referral referral_id (an Idva assessing
 * again), assigning k->id and, when it is 0, k->assessed_at. Its free
 * text and per-answer notes are sealed. RT_ENOTFOUND if the referral does
 * not exist. */
rt_status rt_store_assessment_add(rt_store *st, const char *referral_id, rt_referral_risk *k);
/* Every assessment of referral referral_id, oldest first: an array of *n
 * (free with rt_assessment_list_free). Each holds its result, answers,
 * date, assessor and agency, not its sealed free text (a history, not a
 * record to read in full). */
rt_status rt_store_assessment_list(rt_store *st, const char *referral_id,
                                   rt_referral_risk **out, size_t *n);
void rt_assessment_list_free(rt_referral_risk *list, size_t n);
rt_status rt_store_referral_find_victim(rt_store *st, const char *family_name, const char *dob,
                                        char (**ids)[RT_ID_HEX + 1], size_t *n);
void rt_referral_list_free(rt_referral *list, size_t n);

/* ---- retention ------------------------------------------------------- */

typedef struct rt_retention_rule {
    char record_type[16];     /* "referral" */
    rt_retention_part part;
    int days;
} rt_retention_rule;

/* The retention rules, ordered by record type and part: an array of *n
 * (free with free()). */
rt_status rt_store_retention_rules(rt_store *st, rt_retention_rule **out, size_t *n);
/* Sets the period of a rule (days 1 to 36500), or removes it (days 0).
 * RT_EINVAL for an unknown record type or a period out of range. */
rt_status rt_store_retention_set(rt_store *st, const char *record_type, rt_retention_part part,
                                 int days);
/* Marks a referral closed at time at. RT_ENOTFOUND if none. */
rt_status rt_store_referral_close(rt_store *st, const char *id, int64_t at);
/* Ids of referrals closed before `before`; with notes_only, only those
 * that still hold narrative notes. An array of *n (free with free()). */
rt_status rt_store_referral_closed_before(rt_store *st, int64_t before, bool notes_only,
                                          char (**ids)[RT_ID_HEX + 1], size_t *n);
/* Removes a referral whole, with the grants and notices about it. The
 * audit log keeps its entries: they hold ids, not content. */
rt_status rt_store_referral_purge(rt_store *st, const char *id);
/* Removes only the narrative notes of a referral (the fields
 * rt_retention_referral_notes names). */
rt_status rt_store_referral_purge_notes(rt_store *st, const char *id);

/* ---- need-to-know: exclusions, break-glass, notices ------------------ */

typedef enum rt_grant_kind {
    RT_GRANT_EXCLUSION,    /* the user sees nothing of the case */
    RT_GRANT_BREAK_GLASS   /* an emergency read, until it expires */
} rt_grant_kind;

typedef struct rt_grant {
    char id[RT_ID_HEX + 1];   /* assigned by rt_store_grant_add */
    rt_grant_kind kind;
    const char *user_id;
    const char *referral_id;
    const char *reason;       /* sealed at rest */
    const char *by_user_id;   /* who made it; NULL for the user themself */
    int64_t created_at;
    int64_t expires_at;       /* 0: never */
    /* An exclusion only: the standing exclusion it follows from a
     * referral confirmed to be about the same person, or NULL for one
     * set by hand. */
    const char *origin_id;
} rt_grant;

/* Records a grant or exclusion, assigning g->id. RT_EINVAL if the user
 * or the referral does not exist. */
rt_status rt_store_grant_add(rt_store *st, rt_grant *g);
/* Sets *found to whether user_id holds a live grant of kind on
 * referral_id at time now (an exclusion lifted is not live). */
rt_status rt_store_grant_find(rt_store *st, rt_grant_kind kind, const char *user_id,
                              const char *referral_id, int64_t now, bool *found);

/* One exclusion as recorded: it is lifted, never deleted. */
typedef struct rt_exclusion {
    char id[RT_ID_HEX + 1];
    char user_id[RT_ID_HEX + 1];      /* who is excluded */
    char referral_id[RT_ID_HEX + 1];
    char by_user_id[RT_ID_HEX + 1];   /* who set it, or "" */
    int64_t created_at;
    int64_t lifted_at;                /* 0: standing */
    char lifted_by[RT_ID_HEX + 1];    /* "" while standing */
    char *reason;                     /* opened from its seal */
    char *lift_reason;                /* opened from its seal; NULL while standing */
    char origin_id[RT_ID_HEX + 1];    /* the exclusion it follows, or "" (set by hand) */
} rt_exclusion;

/* The exclusions of referral_id (NULL: of every referral), standing and
 * lifted, oldest first, reasons opened: an array of *n the caller frees
 * with rt_exclusion_list_free, which wipes the reasons (they may name
 * people). */
rt_status rt_store_exclusion_list(rt_store *st, const char *referral_id, rt_exclusion **out,
                                  size_t *n);
void rt_exclusion_list_free(rt_exclusion *list, size_t n);
/* Lifts the standing exclusion id of referral_id: when (at), by whom and
 * why (reason, sealed) are kept with it. RT_ENOTFOUND if referral_id has
 * no such exclusion standing. */
rt_status rt_store_exclusion_lift(rt_store *st, const char *id, const char *referral_id,
                                  const char *by_user_id, const char *reason, int64_t at);
/* The standing exclusions that follow exclusion origin_id (set with it
 * as their origin), oldest first, reasons opened: free with
 * rt_exclusion_list_free. */
rt_status rt_store_exclusions_following(rt_store *st, const char *origin_id, rt_exclusion **out,
                                        size_t *n);
/* The referrals user_id is excluded from (standing exclusions): an array
 * of *n ids the caller frees with free(). */
rt_status rt_store_excluded_referrals(rt_store *st, const char *user_id,
                                      char (**ids)[RT_ID_HEX + 1], size_t *n);

typedef struct rt_notice {
    char id[RT_ID_HEX + 1];
    char *kind;               /* "break_glass", "possible_match" */
    char *about_user_id;      /* who caused it, or NULL */
    char *record_id;          /* the record concerned, or NULL */
    int64_t created_at;
} rt_notice;

/* Leaves a notice for recipient_id. Notices carry no case content. */
rt_status rt_store_notice_add(rt_store *st, const char *recipient_id, const char *kind,
                              const char *about_user_id, const char *record_id, int64_t at);
/* The recipient's unread notices, newest first, at most 50 (free with
 * rt_notice_list_free). */
rt_status rt_store_notice_list(rt_store *st, const char *recipient_id, rt_notice **out,
                               size_t *n);
/* Marks one of the recipient's notices read. RT_ENOTFOUND if it is not
 * theirs or does not exist. */
rt_status rt_store_notice_read(rt_store *st, const char *recipient_id, const char *id,
                               int64_t at);
void rt_notice_list_free(rt_notice *list, size_t n);

/* ---- audit ----------------------------------------------------------- */

/* One entry of the audit log: who did what to which record, from where.
 * Never carries the content of a record, only its id and field names. */
typedef struct rt_audit_event {
    int64_t at;
    const char *user_id;      /* NULL for the system or an anonymous caller */
    const char *action;       /* "referral.read", "session.create", ... */
    const char *record_type;  /* "referral", or NULL */
    const char *record_id;    /* or NULL */
    const char *fields;       /* comma-separated field keys, or NULL */
    const char *address;      /* client address, or NULL */
    const char *outcome;      /* "ok", "denied", "failed" */
} rt_audit_event;

/* Appends to the audit log. The log is append-only and hash-chained: each
 * entry's hash covers the previous entry's hash and its own content. */
rt_status rt_store_audit_append(rt_store *st, const rt_audit_event *ev);
/* What rt_store_audit_verify found. */
typedef struct rt_audit_report {
    bool ok;                  /* the whole chain and its anchor check out */
    size_t checked;           /* entries read */
    int64_t bad_seq;          /* the first entry that does not check out, or 0 */
    const char *reason;       /* static; NULL when ok */
} rt_audit_report;

/* Walks the audit log from its first entry, recomputing each entry's
 * keyed hash and its link to the one before, and checks the last entry
 * against the anchor every append keeps (sealed with the same key), so
 * that an edited, deleted, reordered or cut-off entry is reported. A
 * broken chain is a finding, not an error: the status is RT_OK and
 * out->ok false. */
rt_status rt_store_audit_verify(rt_store *st, rt_audit_report *out);

/* Number of audit entries. */
rt_status rt_store_audit_count(rt_store *st, size_t *n);

/* One audit entry as read back; every string owned (NULL when the column
 * is empty). */
typedef struct rt_audit_entry {
    int64_t seq;              /* position in the chain */
    int64_t at;
    char *user_id;
    char *action;
    char *record_type;
    char *record_id;
    char *fields;
    char *address;
    char *outcome;
} rt_audit_entry;

/* Every audit entry about one record (record_type and record_id both
 * match), oldest first: an array of *n (free with
 * rt_audit_entry_list_free). A subject access export lists these. */
rt_status rt_store_audit_for_record(rt_store *st, const char *record_type, const char *record_id,
                                    rt_audit_entry **out, size_t *n);
void rt_audit_entry_list_free(rt_audit_entry *list, size_t n);

/* What an auditor searches the log by; NULL or 0 members do not filter. */
typedef struct rt_audit_filter {
    const char *user_id;
    const char *action;       /* exact, or a prefix ending in '.': "referral." */
    const char *record_id;
    int64_t from;             /* at >= from */
    int64_t to;               /* at < to */
    size_t limit;             /* 1 to 500; 0 means 100 */
    size_t offset;
} rt_audit_filter;

/* Audit entries matching f, newest first: an array of *n (free with
 * rt_audit_entry_list_free). RT_EINVAL for a limit over 500. */
rt_status rt_store_audit_search(rt_store *st, const rt_audit_filter *f, rt_audit_entry **out,
                                size_t *n);

#endif

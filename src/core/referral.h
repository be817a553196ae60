/* referral.h: a referral to the Marac and the Idva service.
 *
 * The foundation slice carries the victim's identity, safe-contact basics
 * and who referred; the risk issue adds the Dash, reasons and household.
 * Fields are described once, as data (rt_referral_fields), and every
 * layer works from that table. */
#ifndef RT_CORE_REFERRAL_H
#define RT_CORE_REFERRAL_H

#include <stddef.h>
#include <stdint.h>
#include "date.h"
#include "field.h"
#include "party.h"
#include "risk.h"
#include "status.h"

/* Indexes into rt_referral.field and into the table of specs. The order
 * is the order of the form. */
typedef enum rt_referral_field {
    RT_RF_VICTIM_GIVEN_NAME,
    RT_RF_VICTIM_FAMILY_NAME,
    RT_RF_VICTIM_ALIASES,
    RT_RF_VICTIM_DOB,
    RT_RF_VICTIM_GENDER,
    RT_RF_VICTIM_MINORITISED,     /* Black, Asian or racially minoritised */
    RT_RF_VICTIM_DISABILITY,      /* Equality Act 2010 */
    RT_RF_VICTIM_LGBT,
    RT_RF_VICTIM_ADDRESS,
    RT_RF_VICTIM_POSTCODE,
    RT_RF_VICTIM_PHONE,
    RT_RF_VICTIM_SAFE_TO_CALL,
    RT_RF_VICTIM_EMAIL,
    RT_RF_VICTIM_SAFE_TIMES,      /* safe contact (safety.md) */
    RT_RF_VICTIM_SAFE_VOICEMAIL,
    RT_RF_VICTIM_SAFE_TEXT,
    RT_RF_VICTIM_SAFE_ADDRESS,    /* safe to write to, if not the home address */
    RT_RF_VICTIM_CODE_WORD,
    RT_RF_VICTIM_FEARS,           /* who the person is afraid of */
    RT_RF_VICTIM_SAFE_PEOPLE,     /* who is safe to talk to */
    RT_RF_VICTIM_UNSAFE_PEOPLE,   /* who is not safe to talk to */
    RT_RF_REFERRER_NAME,
    RT_RF_REFERRER_PHONE,
    RT_RF_REFERRER_EMAIL,
    RT_RF_CONSENT_AWARE,          /* is the person aware of the referral */
    RT_RF_CONSENT_NOT_AWARE_WHY,  /* if not, why not */
    RT_RF_CONSENT_GIVEN,          /* consent to share: preferred, not required */
    RT_RF_CONSENT_LAWFUL_BASIS,   /* what the sharing relies on */
    RT_RF_CONSENT_PROTOCOL,       /* the protocol relied on when not consent */
    RT_RF_PREVIOUS_MARAC,         /* referred to another Marac before: where, when */
    RT_RF_WANTS_POLICE,           /* wants to speak to the police about offences disclosed */
    RT_RF_REFERRAL_DATE,
    RT_RF_COUNT
} rt_referral_field;

/* Room for a problem with every field, the assessment, and every field
 * of every party. */
#define RT_REFERRAL_MAX_ERRORS (RT_RF_COUNT + 1 + RT_PARTY_KINDS * RT_PARTY_SLOTS * RT_PARTY_FIELDS)

/* Record ids are 128 random bits written as 32 lower-case hex digits:
 * they do not reveal how many records exist or in what order. */
#define RT_ID_HEX 32

/* Limits on the free text that goes with an assessment. */
#define RT_RISK_COMMENT_MAX 1000
#define RT_RISK_SOURCE_MAX 200
#define RT_RISK_FEAR_MAX 2000
#define RT_RISK_CONCLUSION_MAX 4000

/* A risk assessment and its result as scored when it was recorded (with
 * the tool and version that scored it). A referral carries its latest;
 * a person may have many over time (rt_store_assessment_list). */
typedef struct rt_referral_risk {
    bool present;
    char id[RT_ID_HEX + 1];       /* "" until stored; a referral's first is the referral's id */
    int64_t assessed_at;          /* Unix seconds; 0 until stored */
    int64_t seq;                  /* store order: breaks ties within a second */
    char assessor_id[RT_ID_HEX + 1]; /* "" if not known */
    char agency[65];              /* the assessor's agency code; "" if not known */
    char tool[48];
    char version[48];
    char answers[RT_RISK_MAX_ITEMS + 1]; /* a letter per item: y, n, d; '-' unanswered */
    int police_incidents;
    bool judgement;
    char *rationale;              /* owned; sealed at rest */
    char incident_date[11];       /* "" if not known */
    char last_referral_date[11];  /* "" if never referred before */
    rt_risk_result result;
    /* Full detail, sealed at rest; all owned, NULL when not given. */
    char *comment[RT_RISK_MAX_ITEMS]; /* per item, by index */
    char *source[RT_RISK_MAX_ITEMS];  /* per item: who said so, when not the person */
    char *fear;                   /* what the person fears, in their own words (item 3) */
    char *conclusion;             /* the assessor's conclusion */
    char sdash[RT_RISK_MAX_ITEMS + 1]; /* S-DASH answers as letters; "" if not asked */
} rt_referral_risk;

/* Frees what k owns and zeroes it. Safe on a zeroed struct. */
void rt_referral_risk_clear(rt_referral_risk *k);

/* Which part of an assessment's notes rt_risk_notes_check blames. */
typedef enum rt_risk_note_part {
    RT_NOTE_COMMENT,     /* comments.<item id> */
    RT_NOTE_SOURCE,      /* sources.<item id> */
    RT_NOTE_FEAR,        /* fear */
    RT_NOTE_CONCLUSION,  /* conclusion */
    RT_NOTE_SDASH        /* sdash */
} rt_risk_note_part;

/* Key of a note part as forms and the API name it under "assessment."
 * ("comments", "sources", "fear", "conclusion", "sdash"); static. */
const char *rt_risk_note_part_key(rt_risk_note_part p);

/* Checks the notes of k, an assessment made with tool: each within its
 * limit and acceptable text (as rt_field_check), a comment or source only
 * for an item of the tool, and S-DASH answers only when the tool's
 * stalking item was answered yes (it is offered then, and only then).
 * RT_OK, or RT_EINVAL with *part, *item (the item's index for comments
 * and sources, else -1) and *problem (static) saying what is wrong. */
rt_status rt_risk_notes_check(const rt_referral_risk *k, const rt_risk_tool *tool, rt_date today,
                              rt_risk_note_part *part, int *item, const char **problem);

typedef struct rt_referral {
    char id[RT_ID_HEX + 1];       /* "" until stored */
    char *field[RT_RF_COUNT];     /* owned; NULL when absent */
    char *agency_code;            /* referring agency; owned */
    char *created_by;             /* user id; owned */
    int64_t created_at;           /* Unix seconds */
    rt_referral_risk risk;
    rt_party parties[RT_PARTY_KINDS][RT_PARTY_SLOTS];  /* perpetrators, children */
    size_t n_parties[RT_PARTY_KINDS];
    /* Record-linkage keys of the person, stored (as keyed hashes) with a
     * new referral so its other referrals can be found; borrowed, may be
     * NULL. Never read back. */
    const char *const *link_keys;
    size_t n_link_keys;
    /* Set by the triage queue, never stored: a person causing harm on this
     * referral appears on another referral about a different person. */
    bool serial_perpetrator;
} rt_referral;

/* Scores in with rt_risk_score and attaches the assessment and its
 * result to r (replacing any before). RT_EINVAL with *field naming the
 * problem (see rt_risk_score); RT_ENOMEM. */
rt_status rt_referral_assess(rt_referral *r, const rt_risk_input *in, const char **field);
/* The same for an assessment on its own (a later one): scores in into
 * *k, replacing what it held (its notes included). */
rt_status rt_risk_assess(rt_referral_risk *k, const rt_risk_input *in, const char **field);

/* How a later result compares with an earlier one, for the trend over a
 * person's assessments: 1 higher, -1 lower, 0 the same; by risk level
 * first, then by score. */
int rt_risk_compare(const rt_risk_result *earlier, const rt_risk_result *later);

/* Orders referrals for triage: help goes by risk, never first come first
 * served. Marac-eligible first, then by score (highest first), then by
 * how long they have waited (longest first), then by id so the order is
 * stable. A qsort comparator over rt_referral. */
int rt_triage_cmp(const void *a, const void *b);

/* The field table, RT_RF_COUNT entries in rt_referral_field order.
 * Static; never freed. */
const rt_field_spec *rt_referral_fields(void);

/* Finds a field by key ("victim.dob"); returns its index or -1. */
int rt_referral_field_by_key(const char *key);

/* Normalises every field (see rt_field_normalise). */
rt_status rt_referral_normalise(rt_referral *r);

/* Checks every field (and that a risk assessment is attached: key
 * "assessment"), then the rules between fields (a reason when the
 * person is not aware; a lawful basis other than consent, and its
 * protocol, when consent was not given). Writes at most RT_RF_COUNT
 * problems to errs, one per field, and their number to *n_errs. Returns
 * RT_OK when there are none, else RT_EINVAL. */
rt_status rt_referral_validate(const rt_referral *r, rt_date today,
                               rt_field_error errs[RT_REFERRAL_MAX_ERRORS], size_t *n_errs);

/* Removes (frees and NULLs) every field whose detail level is above
 * detail, so that what remains is what a reader at that level may see. */
void rt_referral_redact(rt_referral *r, rt_detail detail);

/* Removes (frees and NULLs) every field the table marks third_party, so
 * that what remains is about the person the referral is about: their
 * subject access export must not hand over other people's details. */
void rt_referral_withhold_third_parties(rt_referral *r);

/* Frees everything the referral owns and zeroes it; r itself is the
 * caller's. Safe on a zeroed struct. */
void rt_referral_clear(rt_referral *r);

/* Writes into out (size bytes) the keys of the referral fields shown at
 * detail, comma-separated, for the audit log (empty when none is).
 * RT_ETOOBIG, with out empty, when they do not fit: never a key cut in
 * half. */
rt_status rt_referral_visible_fields(rt_detail detail, char *out, size_t size);

#endif

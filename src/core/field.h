/* field.h: typed form fields, described as data.
 *
 * A record type (a referral today; assessments, cases and actions later)
 * is described once by a table of rt_field_spec. The same table drives
 * validation here, JSON decoding in http/, form rendering in web/ and the
 * choice of encrypted or clear columns in store/, so a rule about a field
 * is written in exactly one place.
 *
 * Values travel as NUL-terminated UTF-8 strings; NULL means absent. */
#ifndef RT_CORE_FIELD_H
#define RT_CORE_FIELD_H

#include <stdbool.h>
#include <stddef.h>
#include "access.h"
#include "date.h"
#include "status.h"

typedef enum rt_field_type {
    RT_FT_TEXT,      /* one line of text */
    RT_FT_LONGTEXT,  /* multi-line text */
    RT_FT_DATE,      /* YYYY-MM-DD, not after today */
    RT_FT_BIRTHDATE, /* YYYY-MM-DD, not after today, at most 120 years ago */
    RT_FT_EMAIL,
    RT_FT_PHONE,
    RT_FT_POSTCODE,  /* UK postcode; normalised to "AB1 2CD" */
    RT_FT_CHOICE,    /* one of `choices` */
    RT_FT_DUE_DATE,  /* YYYY-MM-DD, within ten years of today either way (a due date) */
    RT_FT_NUMBER     /* a whole number from 0 to max_value */
} rt_field_type;

typedef struct rt_choice {
    const char *value;  /* stored and sent over the API */
    const char *label;  /* shown on pages */
} rt_choice;

typedef struct rt_field_spec {
    const char *key;          /* "victim.given_name": JSON path and form name */
    const char *label;        /* shown on pages */
    const char *hint;         /* shown under the label, or NULL */
    rt_field_type type;
    bool required;
    bool identifying;         /* stored encrypted, never logged */
    size_t max_len;           /* in bytes, after normalisation */
    const rt_choice *choices; /* RT_FT_CHOICE: terminated by {NULL, NULL} */
    rt_detail detail;         /* the least detail level at which it is shown */
    /* About someone other than the person the record is about (the
     * referrer's contact details; later the perpetrator's and children's
     * details): withheld from that person's subject access export. */
    bool third_party;
    int max_value;            /* RT_FT_NUMBER: the largest value accepted */
} rt_field_spec;

/* Shown in place of a third_party field in a subject access export. */
#define RT_WITHHELD_THIRD_PARTY "[withheld: third party]"

/* One problem with one field; both strings are static. */
typedef struct rt_field_error {
    const char *key;
    const char *message;
} rt_field_error;

/* Normalises *value for its type: trims surrounding white space,
 * collapses a postcode to "AB1 2CD" (then *value is a new string), and
 * frees and NULLs a value that is empty after trimming. The caller owns
 * *value before and after. RT_ENOMEM leaves *value as it was. */
rt_status rt_field_normalise(const rt_field_spec *spec, char **value);

/* Checks one normalised value against its spec. today is the civil date
 * the check is made on. Returns NULL when valid, else a static message
 * ("is required", "must be a real date, written YYYY-MM-DD", ...). */
const char *rt_field_check(const rt_field_spec *spec, const char *value, rt_date today);

/* Finds the choice whose value is v, or NULL. */
const rt_choice *rt_field_choice(const rt_field_spec *spec, const char *v);

/* Returns true if s is valid UTF-8 with no control characters other than
 * tab and, when multiline, CR and LF. Input layers call this on every
 * string before it reaches a record. */
bool rt_text_acceptable(const char *s, bool multiline);

/* Written reasons: for breaking the glass, excluding someone from a
 * case, deciding that two referrals are (not) one person. */
#define RT_REASON_MAX 2000
#define RT_IDENTITY_MIN_REASON 10
/* True if reason is acceptable text (line breaks allowed) of at most
 * RT_REASON_MAX bytes with at least min between its first and last
 * visible characters (spaces alone are no reason); NULL is not. */
bool rt_reason_acceptable(const char *reason, size_t min);

/* Reads a postcode area ("WM") or district ("WM3", "EC1A") as typed, in
 * any case and with spaces around it, into out (upper case). RT_EINVAL if
 * it is neither. */
rt_status rt_postcode_area_parse(const char *s, char out[5]);
/* True if postcode (normalised, "WM3 2PQ") lies in area (as
 * rt_postcode_area_parse writes it): its district is area, or its
 * letters are. */
bool rt_postcode_in_area(const char *postcode, const char *area);

/* Lists of areas or districts, comma-separated as typed ("WM, WV3"): an
 * Idva's patch, a Marac's. RT_OK if every entry reads as one (an empty
 * list too), else RT_EINVAL with *bad (when not NULL) the offset of the
 * first that does not. */
rt_status rt_postcode_areas_check(const char *list, size_t *bad);
/* True if postcode lies in one of the areas or districts of list. */
bool rt_postcode_in_areas(const char *postcode, const char *list);

/* Normalises a name as the blind indexes compare names: trims ASCII white space and
 * lower-cases ASCII letters. Full Unicode case folding (utf8proc) comes
 * with record linkage and will need the indexes rebuilt. On success *out
 * is malloc'd (the caller frees, preferably after sodium_memzero). */
rt_status rt_name_normalise(const char *name, char **out);

#endif

/* party.h: the other people on a referral: the person or people causing
 * harm, and the children in the household (marac.md: the referral form).
 *
 * Each kind of party is described, like the referral, by a field table;
 * a referral holds up to RT_PARTY_SLOTS of each. Their details are about
 * third parties: sealed at rest, shown at summary detail (what Marac
 * research needs), withheld from the victim's subject access export. */
#ifndef RT_CORE_PARTY_H
#define RT_CORE_PARTY_H

#include <stdbool.h>
#include <stddef.h>
#include "date.h"
#include "field.h"
#include "status.h"

typedef enum rt_party_kind {
    RT_PARTY_PERPETRATOR,
    RT_PARTY_CHILD,
    RT_PARTY_KINDS
} rt_party_kind;

#define RT_PARTY_FIELDS 5   /* the most fields any kind has */
#define RT_PARTY_SLOTS 8    /* the most parties of one kind any kind allows */

typedef struct rt_party {
    char *field[RT_PARTY_FIELDS];  /* owned; NULL when absent */
} rt_party;

typedef struct rt_party_kind_info {
    const char *group;        /* "perpetrators", "children": JSON member and form prefix */
    const char *label;        /* "Person causing harm", "Child" */
    size_t max;               /* at most this many on one referral */
    const rt_field_spec *fields;  /* keys are short: "name", "dob", ... */
    size_t n_fields;
} rt_party_kind_info;

/* What kind k is; static. NULL for an unknown kind. */
const rt_party_kind_info *rt_party_info(rt_party_kind k);

/* The full key of field f of the party in slot ("perpetrators[1].name"),
 * for form names and error messages; static. NULL if out of range. */
const char *rt_party_key(rt_party_kind k, size_t slot, size_t f);

/* True if the party has no field at all. */
bool rt_party_empty(const rt_party *p);

/* Normalises every field (rt_field_normalise). */
rt_status rt_party_normalise(rt_party_kind k, rt_party *p);

/* Checks party p in slot of kind k, appending a problem per bad field to
 * errs (which must have room for n_fields more) and counting them in *n. */
void rt_party_validate(rt_party_kind k, size_t slot, const rt_party *p, rt_date today,
                       rt_field_error *errs, size_t *n);

/* Frees the fields and zeroes p. */
void rt_party_clear(rt_party *p);

#endif

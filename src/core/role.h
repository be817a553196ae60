/* role.h: the roles people hold in Roundtable, and agency kinds. */
#ifndef RT_CORE_ROLE_H
#define RT_CORE_ROLE_H

#include <stddef.h>
#include "status.h"

typedef enum rt_role {
    RT_ROLE_IDVA,
    RT_ROLE_IDVA_MANAGER,
    RT_ROLE_COORDINATOR,   /* Marac coordinator */
    RT_ROLE_CHAIR,         /* Marac chair */
    RT_ROLE_AGENCY_REP,    /* agency representative */
    RT_ROLE_ANALYST,       /* aggregates only */
    RT_ROLE_ADMIN,         /* accounts; no case access by default */
    RT_ROLE_AUDITOR,
    RT_ROLE_COUNT
} rt_role;

/* Stable machine name ("idva", "marac_coordinator", ...); static. */
const char *rt_role_name(rt_role r);
/* Label for pages ("Idva", "Marac coordinator", ...); static. */
const char *rt_role_label(rt_role r);
/* Parses a machine name. RT_EINVAL if unknown; *out untouched then. */
rt_status rt_role_parse(const char *name, rt_role *out);

/* A set of roles, one bit per rt_role (bit 1u << role). */
typedef unsigned rt_role_set;
#define RT_ROLE_SET_ALL ((1u << RT_ROLE_COUNT) - 1u)

/* Parses "all", "none" or a comma-separated list of machine names
 * ("idva,idva_manager"; spaces around names are ignored) into *out.
 * RT_EINVAL for an empty list, an unknown or repeated name; then *out is
 * untouched and *bad (when not NULL) points at the offending name in s. */
rt_status rt_role_set_parse(const char *s, rt_role_set *out, const char **bad);
/* Writes set as rt_role_set_parse reads it ("all", "none" or names in
 * role order) into out (n bytes). RT_ETOOBIG if it does not fit (out is
 * then empty). 128 bytes always suffice. */
rt_status rt_role_set_format(rt_role_set set, char *out, size_t n);

/* Agency kinds, as the Marac data return counts referrals. */
typedef enum rt_agency_kind {
    RT_AGENCY_POLICE,
    RT_AGENCY_IDVA_SERVICE,
    RT_AGENCY_HEALTH,
    RT_AGENCY_CHILDRENS_SOCIAL_CARE,
    RT_AGENCY_HOUSING,
    RT_AGENCY_PROBATION,
    RT_AGENCY_EDUCATION,
    RT_AGENCY_MENTAL_HEALTH,
    RT_AGENCY_DRUG_ALCOHOL,
    RT_AGENCY_ADULT_SOCIAL_CARE,
    RT_AGENCY_VOLUNTARY,
    RT_AGENCY_MARAC,        /* the Marac's own coordination team */
    RT_AGENCY_OTHER,
    RT_AGENCY_KIND_COUNT
} rt_agency_kind;

const char *rt_agency_kind_name(rt_agency_kind k);
const char *rt_agency_kind_label(rt_agency_kind k);
rt_status rt_agency_kind_parse(const char *name, rt_agency_kind *out);

#endif

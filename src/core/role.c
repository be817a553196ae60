/* role.c: role and agency-kind names; see role.h. */
#include "role.h"

#include <string.h>

static const struct {
    const char *name;
    const char *label;
} roles[RT_ROLE_COUNT] = {
    [RT_ROLE_IDVA] = {"idva", "Idva"},
    [RT_ROLE_IDVA_MANAGER] = {"idva_manager", "Idva manager"},
    [RT_ROLE_COORDINATOR] = {"marac_coordinator", "Marac coordinator"},
    [RT_ROLE_CHAIR] = {"marac_chair", "Marac chair"},
    [RT_ROLE_AGENCY_REP] = {"agency_rep", "Agency representative"},
    [RT_ROLE_ANALYST] = {"analyst", "Analyst"},
    [RT_ROLE_ADMIN] = {"admin", "Administrator"},
    [RT_ROLE_AUDITOR] = {"auditor", "Auditor"},
};

static const struct {
    const char *name;
    const char *label;
} kinds[RT_AGENCY_KIND_COUNT] = {
    [RT_AGENCY_POLICE] = {"police", "Police"},
    [RT_AGENCY_IDVA_SERVICE] = {"idva_service", "Idva service"},
    [RT_AGENCY_HEALTH] = {"health", "Health"},
    [RT_AGENCY_CHILDRENS_SOCIAL_CARE] = {"childrens_social_care", "Children's social care"},
    [RT_AGENCY_HOUSING] = {"housing", "Housing"},
    [RT_AGENCY_PROBATION] = {"probation", "Probation"},
    [RT_AGENCY_EDUCATION] = {"education", "Education"},
    [RT_AGENCY_MENTAL_HEALTH] = {"mental_health", "Mental health"},
    [RT_AGENCY_DRUG_ALCOHOL] = {"drug_alcohol", "Drug and alcohol"},
    [RT_AGENCY_ADULT_SOCIAL_CARE] = {"adult_social_care", "Adult social care"},
    [RT_AGENCY_VOLUNTARY] = {"voluntary", "Voluntary sector"},
    [RT_AGENCY_MARAC] = {"marac", "Marac coordination"},
    [RT_AGENCY_OTHER] = {"other", "Other"},
};

const char *rt_role_name(rt_role r)
{
    return (unsigned)r < RT_ROLE_COUNT ? roles[r].name : "unknown";
}

const char *rt_role_label(rt_role r)
{
    return (unsigned)r < RT_ROLE_COUNT ? roles[r].label : "Unknown";
}

rt_status rt_role_parse(const char *name, rt_role *out)
{
    for (int i = 0; name && i < RT_ROLE_COUNT; i++)
        if (strcmp(roles[i].name, name) == 0) {
            *out = (rt_role)i;
            return RT_OK;
        }
    return RT_EINVAL;
}

const char *rt_agency_kind_name(rt_agency_kind k)
{
    return (unsigned)k < RT_AGENCY_KIND_COUNT ? kinds[k].name : "unknown";
}

const char *rt_agency_kind_label(rt_agency_kind k)
{
    return (unsigned)k < RT_AGENCY_KIND_COUNT ? kinds[k].label : "Unknown";
}

rt_status rt_agency_kind_parse(const char *name, rt_agency_kind *out)
{
    for (int i = 0; name && i < RT_AGENCY_KIND_COUNT; i++)
        if (strcmp(kinds[i].name, name) == 0) {
            *out = (rt_agency_kind)i;
            return RT_OK;
        }
    return RT_EINVAL;
}

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

rt_status rt_role_set_parse(const char *s, rt_role_set *out, const char **bad)
{
    if (bad)
        *bad = s;
    if (!s)
        return RT_EINVAL;
    if (strcmp(s, "all") == 0) {
        *out = RT_ROLE_SET_ALL;
        return RT_OK;
    }
    if (strcmp(s, "none") == 0) {
        *out = 0;
        return RT_OK;
    }
    rt_role_set set = 0;
    const char *p = s;
    for (;;) {
        while (*p == ' ')
            p++;
        const char *start = p;
        size_t len = strcspn(p, ", ");
        const char *after = p + len;
        while (*after == ' ')
            after++;
        if (*after != ',' && *after != '\0') {
            if (bad)
                *bad = after;
            return RT_EINVAL;
        }
        int found = -1;
        for (int i = 0; i < RT_ROLE_COUNT; i++)
            if (strlen(roles[i].name) == len && strncmp(roles[i].name, start, len) == 0)
                found = i;
        if (found < 0 || (set & (1u << found))) {
            if (bad)
                *bad = start;
            return RT_EINVAL;
        }
        set |= 1u << found;
        if (*after == '\0')
            break;
        p = after + 1;
    }
    *out = set;
    return RT_OK;
}

rt_status rt_role_set_format(rt_role_set set, char *out, size_t n)
{
    if (n == 0)
        return RT_ETOOBIG;
    out[0] = '\0';
    const char *fixed = (set & RT_ROLE_SET_ALL) == RT_ROLE_SET_ALL ? "all"
                        : (set & RT_ROLE_SET_ALL) == 0             ? "none"
                                                                   : NULL;
    if (fixed) {
        if (strlen(fixed) >= n)
            return RT_ETOOBIG;
        strcpy(out, fixed);
        return RT_OK;
    }
    size_t len = 0;
    for (int i = 0; i < RT_ROLE_COUNT; i++) {
        if (!(set & (1u << i)))
            continue;
        size_t add = strlen(roles[i].name) + (len ? 1 : 0);
        if (len + add >= n) {
            out[0] = '\0';
            return RT_ETOOBIG;
        }
        if (len)
            out[len++] = ',';
        strcpy(out + len, roles[i].name);
        len += strlen(roles[i].name);
    }
    return RT_OK;
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

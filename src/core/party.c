/* party.c: people causing harm and children, as data; see party.h. */
#include "party.h"

#include <stdlib.h>
#include <string.h>

static const rt_field_spec perpetrator_fields[] = {
    {"name", "Name", "Full name, and any other names used", RT_FT_TEXT, true, true, 200, NULL,
     RT_DETAIL_SUMMARY, true, 0},
    {"dob", "Date of birth", NULL, RT_FT_BIRTHDATE, false, true, 10, NULL, RT_DETAIL_SUMMARY,
     true, 0},
    {"relationship", "Relationship to the person at risk", "For example ex-partner, son",
     RT_FT_TEXT, false, false, 100, NULL, RT_DETAIL_SUMMARY, true, 0},
    {"address", "Address, if known", NULL, RT_FT_LONGTEXT, false, true, 400, NULL,
     RT_DETAIL_SUMMARY, true, 0},
};

static const rt_field_spec child_fields[] = {
    {"name", "Name", NULL, RT_FT_TEXT, true, true, 200, NULL, RT_DETAIL_SUMMARY, true, 0},
    {"dob", "Date of birth", NULL, RT_FT_BIRTHDATE, false, true, 10, NULL, RT_DETAIL_SUMMARY,
     true, 0},
    {"relationship_to_victim", "Relationship to the person at risk", "For example daughter",
     RT_FT_TEXT, false, false, 100, NULL, RT_DETAIL_SUMMARY, true, 0},
    {"relationship_to_perpetrator", "Relationship to the person causing harm",
     "For example son, stepdaughter, none", RT_FT_TEXT, false, false, 100, NULL,
     RT_DETAIL_SUMMARY, true, 0},
    {"school", "School or nursery", NULL, RT_FT_TEXT, false, true, 200, NULL, RT_DETAIL_SUMMARY,
     true, 0},
};

static const rt_party_kind_info kinds[RT_PARTY_KINDS] = {
    [RT_PARTY_PERPETRATOR] = {"perpetrators", "Person causing harm", 4, perpetrator_fields,
                              sizeof perpetrator_fields / sizeof perpetrator_fields[0]},
    [RT_PARTY_CHILD] = {"children", "Child", RT_PARTY_SLOTS, child_fields,
                        sizeof child_fields / sizeof child_fields[0]},
};

/* Error messages and form names need keys that outlive any call, so the
 * full keys are written out here once, at compile time. */
#define PERP(i)                                                                         \
    {"perpetrators[" #i "].name", "perpetrators[" #i "].dob",                            \
     "perpetrators[" #i "].relationship", "perpetrators[" #i "].address", NULL}
#define CHILD(i)                                                                        \
    {"children[" #i "].name", "children[" #i "].dob",                                    \
     "children[" #i "].relationship_to_victim",                                         \
     "children[" #i "].relationship_to_perpetrator", "children[" #i "].school"}
static const char *const keys[RT_PARTY_KINDS][RT_PARTY_SLOTS][RT_PARTY_FIELDS] = {
    [RT_PARTY_PERPETRATOR] = {PERP(0), PERP(1), PERP(2), PERP(3)},
    [RT_PARTY_CHILD] = {CHILD(0), CHILD(1), CHILD(2), CHILD(3), CHILD(4), CHILD(5), CHILD(6),
                        CHILD(7)},
};
#undef PERP
#undef CHILD

const rt_party_kind_info *rt_party_info(rt_party_kind k)
{
    return (unsigned)k < RT_PARTY_KINDS ? &kinds[k] : NULL;
}

const char *rt_party_key(rt_party_kind k, size_t slot, size_t f)
{
    if ((unsigned)k >= RT_PARTY_KINDS || slot >= kinds[k].max || f >= kinds[k].n_fields)
        return NULL;
    return keys[k][slot][f];
}

bool rt_party_empty(const rt_party *p)
{
    for (int i = 0; i < RT_PARTY_FIELDS; i++)
        if (p->field[i])
            return false;
    return true;
}

rt_status rt_party_normalise(rt_party_kind k, rt_party *p)
{
    const rt_party_kind_info *info = rt_party_info(k);
    for (size_t i = 0; info && i < info->n_fields; i++) {
        rt_status st = rt_field_normalise(&info->fields[i], &p->field[i]);
        if (st != RT_OK)
            return st;
    }
    return RT_OK;
}

void rt_party_validate(rt_party_kind k, size_t slot, const rt_party *p, rt_date today,
                       rt_field_error *errs, size_t *n)
{
    const rt_party_kind_info *info = rt_party_info(k);
    for (size_t i = 0; info && i < info->n_fields; i++) {
        const char *msg = rt_field_check(&info->fields[i], p->field[i], today);
        if (msg) {
            errs[*n].key = rt_party_key(k, slot, i);
            errs[*n].message = msg;
            (*n)++;
        }
    }
}

void rt_party_clear(rt_party *p)
{
    for (int i = 0; i < RT_PARTY_FIELDS; i++)
        free(p->field[i]);
    memset(p, 0, sizeof *p);
}

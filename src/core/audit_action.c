/* audit_action.c: the table of audit actions; see audit_action.h. */
#include "audit_action.h"

#include <string.h>

static const struct {
    const char *name, *label;
} actions[RT_AUDIT_ACTION_COUNT] = {
#define RT_AUDIT_ROW_(id, name, label) [id] = {name, label},
    RT_AUDIT_ACTIONS(RT_AUDIT_ROW_)
#undef RT_AUDIT_ROW_
};

const char *rt_audit_action_name(rt_audit_action a)
{
    return (unsigned)a < RT_AUDIT_ACTION_COUNT ? actions[a].name : NULL;
}

const char *rt_audit_action_label(rt_audit_action a)
{
    return (unsigned)a < RT_AUDIT_ACTION_COUNT ? actions[a].label : NULL;
}

rt_status rt_audit_action_parse(const char *name, rt_audit_action *out)
{
    for (int i = 0; name && i < RT_AUDIT_ACTION_COUNT; i++)
        if (strcmp(actions[i].name, name) == 0) {
            *out = (rt_audit_action)i;
            return RT_OK;
        }
    return RT_EINVAL;
}

rt_status rt_audit_action_of_policy(rt_action act, rt_audit_action *out)
{
    if (act == RT_ACT_NONE || act == RT_ACT_SIGNED_IN || (unsigned)act >= RT_ACT_COUNT)
        return RT_EINVAL;
    return rt_audit_action_parse(rt_action_name(act), out);
}

bool rt_audit_action_filter_valid(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0)
        return false;
    for (int i = 0; i < RT_AUDIT_ACTION_COUNT; i++)
        if (s[n - 1] == '.' ? strncmp(actions[i].name, s, n) == 0
                            : strcmp(actions[i].name, s) == 0)
            return true;
    return false;
}

bool rt_audit_fields_valid(const char *fields)
{
    if (!fields)
        return true;
    size_t len = strlen(fields), key = 0;
    if (len == 0 || len > RT_AUDIT_FIELDS_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = fields[i];
        if (c == ',') {
            if (key == 0)
                return false;
            key = 0;
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.') {
            key++;
        } else {
            return false;
        }
    }
    return key > 0;
}

/* risk_json.c: the risk-scoring JSON contract; see risk_json.h. */
#include "risk_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static rt_status read_date(json_t *obj, const char *key, bool *has, rt_date *out,
                           rt_json_problem *p)
{
    json_t *v = json_object_get(obj, key);
    *has = false;
    if (!v || json_is_null(v))
        return RT_OK;
    if (!json_is_string(v) || rt_date_parse(json_string_value(v), out) != RT_OK)
        return rt_json_problem_set(p, key, "%s must be a real date, written YYYY-MM-DD", key);
    *has = true;
    return RT_OK;
}

rt_status rt_risk_input_from_json(json_t *obj, const rt_risk_tool *const *tools, size_t n_tools,
                                  rt_risk_input *in, rt_json_problem *p)
{
    static const char *const allowed[] = {"tool", "answers", "police_incidents_12m",
                                          "professional_judgement", "incident_date",
                                          "last_marac_referral_date", NULL};
    memset(in, 0, sizeof *in);
    rt_status st = rt_json_only(obj, allowed, p);
    if (st != RT_OK)
        return st;
    json_t *tool = json_object_get(obj, "tool");
    in->tool = n_tools ? tools[0] : NULL;
    if (tool) {
        if (!json_is_string(tool))
            return rt_json_problem_set(p, "tool", "tool must be a string");
        in->tool = NULL;
        for (size_t i = 0; i < n_tools; i++)
            if (strcmp(tools[i]->id, json_string_value(tool)) == 0)
                in->tool = tools[i];
        if (!in->tool)
            return rt_json_problem_set(p, "tool", "unknown tool %.100s", json_string_value(tool));
    }
    if (!in->tool)
        return rt_json_problem_set(p, "tool", "no risk tool is loaded");

    json_t *answers = json_object_get(obj, "answers");
    if (!answers)
        return rt_json_problem_set(p, "answers", "answers is required");
    if (!json_is_object(answers))
        return rt_json_problem_set(p, "answers", "answers must be an object of item id to answer");
    const char *id;
    json_t *v;
    json_object_foreach(answers, id, v) {
        char field[128];
        snprintf(field, sizeof field, "answers.%.100s", id);
        int idx = rt_risk_item_index(in->tool, id);
        if (idx < 0)
            return rt_json_problem_set(p, field, "%s is not an item of %s", field, in->tool->id);
        if (json_is_null(v))
            continue; /* unanswered, which is not "don't know" */
        if (!json_is_string(v) || rt_answer_parse(json_string_value(v), &in->answers[idx]) != RT_OK)
            return rt_json_problem_set(p, field, "%s must be yes, no or dont_know", field);
    }

    json_t *n = json_object_get(obj, "police_incidents_12m");
    if (n && !json_is_null(n)) {
        if (!json_is_integer(n) || json_integer_value(n) < 0 || json_integer_value(n) > 1000)
            return rt_json_problem_set(p, "police_incidents_12m",
                       "police_incidents_12m must be a whole number from 0 to 1000");
        in->police_incidents = (int)json_integer_value(n);
    }

    json_t *pj = json_object_get(obj, "professional_judgement");
    if (pj && !json_is_null(pj)) {
        static const char *const pj_allowed[] = {"applies", "rationale", NULL};
        if (!json_is_object(pj))
            return rt_json_problem_set(p, "professional_judgement", "professional_judgement must be an object");
        st = rt_json_only(pj, pj_allowed, p);
        if (st != RT_OK) {
            /* Name the member in full: professional_judgement.x. */
            char field[160];
            snprintf(field, sizeof field, "professional_judgement.%.100s", p->field);
            rt_json_problem_clear(p);
            return st == RT_EINVAL ? rt_json_problem_set(p, field, "unknown field %s", field) : st;
        }
        json_t *applies = json_object_get(pj, "applies");
        if (!json_is_boolean(applies))
            return rt_json_problem_set(p, "professional_judgement.applies",
                       "professional_judgement.applies must be true or false");
        in->judgement = json_is_true(applies);
        json_t *why = json_object_get(pj, "rationale");
        if (why && !json_is_null(why)) {
            if (!json_is_string(why))
                return rt_json_problem_set(p, "professional_judgement.rationale",
                           "professional_judgement.rationale must be a string");
            in->rationale = json_string_value(why);
        }
    }
    st = read_date(obj, "incident_date", &in->has_incident, &in->incident, p);
    if (st == RT_OK)
        st = read_date(obj, "last_marac_referral_date", &in->has_last_referral,
                       &in->last_referral, p);
    return st;
}

json_t *rt_risk_result_to_json(const rt_risk_tool *tool, const rt_risk_result *r)
{
    json_t *crit = json_array();
    for (int c = 0; crit && c < RT_CRIT_COUNT; c++)
        if (r->criteria & (1u << c) &&
            json_array_append_new(crit, json_string(rt_criterion_name((rt_criterion)c))) != 0) {
            json_decref(crit);
            crit = NULL;
        }
    if (!crit)
        return NULL;
    return json_pack("{s:i, s:s, s:b, s:o, s:b, s:s, s:s}", "score", r->score, "risk_level",
                     rt_risk_level_name(r->level), "marac_eligible", r->marac_eligible,
                     "criteria", crit, "offer_sdash", r->offer_sdash, "tool", tool->id,
                     "tool_version", tool->version);
}

rt_status rt_risk_score_json(const char *body, size_t len, const rt_risk_tool *const *tools,
                             size_t n_tools, json_t **result, rt_json_problem *p)
{
    json_t *obj;
    rt_status st = rt_json_parse_object(body, len, &obj, p);
    if (st != RT_OK)
        return st;
    rt_risk_input in;
    rt_risk_result r;
    const char *field = NULL;
    st = rt_risk_input_from_json(obj, tools, n_tools, &in, p);
    if (st == RT_OK) {
        st = rt_risk_score(&in, &r, &field);
        if (st == RT_EINVAL)
            st = rt_json_problem_set(p, field,
                     strcmp(field, "professional_judgement.rationale") == 0
                         ? "professional judgement needs a written rationale"
                         : "%s is not valid", field);
    }
    if (st == RT_OK) {
        *result = rt_risk_result_to_json(in.tool, &r);
        if (!*result)
            st = RT_ENOMEM;
    }
    json_decref(obj);
    return st;
}

/* Reads an optional positive integer member of obj into *out. */
static rt_status positive(json_t *obj, const char *key, const char *field, int *out,
                          rt_json_problem *p)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return RT_OK;
    if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000)
        return rt_json_problem_set(p, field, "%s must be a whole number from 1 to 1000", field);
    *out = (int)json_integer_value(v);
    return RT_OK;
}

void rt_risk_tool_free(rt_risk_tool *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->items && i < t->n_items; i++) {
        free((char *)t->items[i].id);
        free((char *)t->items[i].label);
        free((char *)t->items[i].section);
    }
    free((rt_risk_item *)t->items);
    free((char *)t->id);
    free((char *)t->version);
    free((char *)t->name);
    free((char *)t->stalking_item);
    free(t);
}

/* strdup of a required string member; RT_EINVAL naming field if absent. */
static rt_status need_string(json_t *obj, const char *key, const char *field, char **out,
                             rt_json_problem *p)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_string(v) || !*json_string_value(v))
        return rt_json_problem_set(p, field, "%s is required and must be a string", field);
    *out = strdup(json_string_value(v));
    return *out ? RT_OK : RT_ENOMEM;
}

rt_status rt_risk_tool_from_json(json_t *obj, rt_risk_tool **out, rt_json_problem *p)
{
    static const char *const allowed[] = {"id", "version", "name", "items", "bands",
                                          "criteria", "stalking_item", NULL};
    const rt_risk_tool *def = rt_risk_default_tool();
    rt_status st = rt_json_only(obj, allowed, p);
    if (st != RT_OK)
        return st;
    rt_risk_tool *t = calloc(1, sizeof *t);
    if (!t)
        return RT_ENOMEM;
    t->medium_from = def->medium_from;
    t->high_from = def->high_from;
    t->visible_high_from = def->visible_high_from;
    t->escalation_incidents = def->escalation_incidents;
    t->escalation_months = def->escalation_months;
    t->repeat_months = def->repeat_months;
    char *id = NULL, *version = NULL, *name = NULL;
    st = need_string(obj, "id", "id", &id, p);
    t->id = id;
    if (st == RT_OK)
        st = need_string(obj, "version", "version", &version, p);
    t->version = version;
    if (st == RT_OK)
        st = need_string(obj, "name", "name", &name, p);
    t->name = name;
    json_t *items = json_object_get(obj, "items");
    if (st == RT_OK && (!json_is_array(items) || json_array_size(items) == 0 ||
                        json_array_size(items) > RT_RISK_MAX_ITEMS))
        st = rt_json_problem_set(p, "items", "items must be a list of 1 to %d items", RT_RISK_MAX_ITEMS);
    rt_risk_item *list = NULL;
    if (st == RT_OK) {
        list = calloc(json_array_size(items), sizeof *list);
        t->items = list;
        if (!list)
            st = RT_ENOMEM;
    }
    for (size_t i = 0; st == RT_OK && i < json_array_size(items); i++) {
        json_t *it = json_array_get(items, i);
        char field[64];
        snprintf(field, sizeof field, "items[%zu]", i);
        if (!json_is_object(it)) {
            st = rt_json_problem_set(p, field, "%s must be an object", field);
            break;
        }
        char *s = NULL;
        st = need_string(it, "id", field, &s, p);
        list[i].id = s;
        t->n_items = i + 1;
        if (st == RT_OK && rt_risk_item_index(t, s) != (int)i)
            st = rt_json_problem_set(p, field, "%s repeats item id %.40s", field, s);
        if (st == RT_OK)
            st = need_string(it, "label", field, &s, p);
        if (st == RT_OK)
            list[i].label = s;
        if (st == RT_OK)
            st = need_string(it, "section", field, &s, p);
        if (st == RT_OK)
            list[i].section = s;
    }
    json_t *bands = json_object_get(obj, "bands");
    if (st == RT_OK && bands) {
        st = positive(bands, "medium_from", "bands.medium_from", &t->medium_from, p);
        if (st == RT_OK)
            st = positive(bands, "high_from", "bands.high_from", &t->high_from, p);
        if (st == RT_OK && t->medium_from > t->high_from)
            st = rt_json_problem_set(p, "bands.high_from", "bands.high_from must not be below medium_from");
    }
    json_t *crit = json_object_get(obj, "criteria");
    if (st == RT_OK && crit) {
        st = positive(crit, "visible_high_from", "criteria.visible_high_from",
                      &t->visible_high_from, p);
        if (st == RT_OK)
            st = positive(crit, "escalation_incidents", "criteria.escalation_incidents",
                          &t->escalation_incidents, p);
        if (st == RT_OK)
            st = positive(crit, "escalation_months", "criteria.escalation_months",
                          &t->escalation_months, p);
        if (st == RT_OK)
            st = positive(crit, "repeat_months", "criteria.repeat_months", &t->repeat_months, p);
    }
    json_t *stalk = json_object_get(obj, "stalking_item");
    if (st == RT_OK && stalk) {
        if (!json_is_string(stalk) || rt_risk_item_index(t, json_string_value(stalk)) < 0)
            st = rt_json_problem_set(p, "stalking_item", "stalking_item must be the id of one of the items");
        else if (!(t->stalking_item = strdup(json_string_value(stalk))))
            st = RT_ENOMEM;
    }
    if (st != RT_OK) {
        rt_risk_tool_free(t);
        return st;
    }
    *out = t;
    return RT_OK;
}

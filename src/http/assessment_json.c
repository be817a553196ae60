/* assessment_json.c: assessments with their notes as JSON; see
 * assessment_json.h. */
#include "assessment_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "risk_json.h"

/* Takes member key out of obj (a new reference the caller releases, or
 * NULL when absent). */
static json_t *take(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return NULL;
    json_incref(v);
    json_object_del(obj, key);
    return v;
}

/* Sets *p to "<prefix><field>: message" naming <prefix><field>. */
static rt_status blame(rt_json_problem *p, const char *prefix, const char *field,
                       const char *message)
{
    char full[160];
    snprintf(full, sizeof full, "%s%.100s", prefix, field);
    return rt_json_problem_set(p, full, "%s %s", full, message);
}

/* Reads an object of item id -> string for a tool into out[] (copies). */
static rt_status read_texts(json_t *obj, const char *member, const char *prefix,
                            const rt_risk_tool *tool, char **out, rt_json_problem *p)
{
    if (!obj || json_is_null(obj))
        return RT_OK;
    if (!json_is_object(obj))
        return blame(p, prefix, member, "must be an object of item id to text");
    const char *id;
    json_t *v;
    json_object_foreach(obj, id, v) {
        char field[128];
        snprintf(field, sizeof field, "%s.%.60s", member, id);
        int i = rt_risk_item_index(tool, id);
        if (i < 0)
            return blame(p, prefix, field, "is not an item of the checklist");
        if (json_is_null(v))
            continue;
        if (!json_is_string(v))
            return blame(p, prefix, field, "must be a string");
        const char *t = json_string_value(v);
        if (!*t)
            continue;
        free(out[i]);
        if (!(out[i] = strdup(t)))
            return RT_ENOMEM;
    }
    return RT_OK;
}

static rt_status read_text(json_t *v, const char *member, const char *prefix, char **out,
                           rt_json_problem *p)
{
    if (!v || json_is_null(v))
        return RT_OK;
    if (!json_is_string(v))
        return blame(p, prefix, member, "must be a string");
    if (!*json_string_value(v))
        return RT_OK;
    return (*out = strdup(json_string_value(v))) ? RT_OK : RT_ENOMEM;
}

static rt_status read_sdash(json_t *v, const char *prefix, char sdash[RT_RISK_MAX_ITEMS + 1],
                            rt_json_problem *p)
{
    if (!v || json_is_null(v))
        return RT_OK;
    if (!json_is_object(v))
        return blame(p, prefix, "sdash", "must be an object of item id to answer");
    const rt_risk_tool *t = rt_risk_sdash_tool();
    char letters[RT_RISK_MAX_ITEMS + 1];
    memset(letters, '-', t->n_items);
    letters[t->n_items] = '\0';
    bool any = false;
    const char *id;
    json_t *a;
    json_object_foreach(v, id, a) {
        char field[80];
        snprintf(field, sizeof field, "sdash.%.60s", id);
        int i = rt_risk_item_index(t, id);
        if (i < 0)
            return blame(p, prefix, field, "is not an item of the S-DASH");
        rt_answer ans;
        if (!json_is_string(a) || rt_answer_parse(json_string_value(a), &ans) != RT_OK)
            return blame(p, prefix, field, "must be \"yes\", \"no\" or \"dont_know\"");
        letters[i] = ans == RT_ANSWER_YES ? 'y' : ans == RT_ANSWER_NO ? 'n' : 'd';
        any = true;
    }
    if (any)
        memcpy(sdash, letters, t->n_items + 1);
    return RT_OK;
}

rt_status rt_assessment_from_json(json_t *obj, const char *prefix, rt_date today,
                                  rt_referral_risk *k, rt_json_problem *p)
{
    json_t *comments = take(obj, "comments"), *sources = take(obj, "sources"),
           *fear = take(obj, "fear"), *conclusion = take(obj, "conclusion"),
           *sdash = take(obj, "sdash");
    const rt_risk_tool *tools[] = {rt_risk_default_tool()};
    rt_risk_input in;
    const char *field = NULL;
    rt_status st = rt_risk_input_from_json(obj, tools, 1, &in, p);
    if (st == RT_EINVAL && p->field && *prefix) {
        char full[200];
        snprintf(full, sizeof full, "%s%.150s", prefix, p->field);
        char *f = strdup(full);
        if (!f)
            st = RT_ENOMEM;
        free(p->field);
        p->field = f;
    }
    if (st == RT_OK) {
        st = rt_risk_assess(k, &in, &field);
        if (st == RT_EINVAL)
            st = blame(p, prefix, field,
                       strcmp(field, "professional_judgement.rationale") == 0
                           ? "is required: professional judgement needs a written rationale"
                           : "is not valid");
    }
    const rt_risk_tool *tool = tools[0];
    if (st == RT_OK)
        st = read_texts(comments, "comments", prefix, tool, k->comment, p);
    if (st == RT_OK)
        st = read_texts(sources, "sources", prefix, tool, k->source, p);
    if (st == RT_OK)
        st = read_text(fear, "fear", prefix, &k->fear, p);
    if (st == RT_OK)
        st = read_text(conclusion, "conclusion", prefix, &k->conclusion, p);
    if (st == RT_OK)
        st = read_sdash(sdash, prefix, k->sdash, p);
    if (st == RT_OK) {
        rt_risk_note_part part;
        int item;
        const char *why;
        if (rt_risk_notes_check(k, tool, today, &part, &item, &why) != RT_OK) {
            char f[96];
            if (item >= 0)
                snprintf(f, sizeof f, "%s.%s", rt_risk_note_part_key(part), tool->items[item].id);
            else
                snprintf(f, sizeof f, "%s", rt_risk_note_part_key(part));
            st = blame(p, prefix, f, why);
        }
    }
    json_decref(comments);
    json_decref(sources);
    json_decref(fear);
    json_decref(conclusion);
    json_decref(sdash);
    if (st != RT_OK)
        rt_referral_risk_clear(k);
    return st;
}

/* An object of item id -> text for the items that have one; NULL if out
 * of memory. */
static json_t *texts_json(const rt_risk_tool *tool, char *const *texts)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < tool->n_items; i++)
        if (texts[i] && json_object_set_new(o, tool->items[i].id, json_string(texts[i])) != 0) {
            json_decref(o);
            o = NULL;
        }
    return o;
}

static json_t *answers_json(const rt_risk_tool *tool, const char *letters)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < tool->n_items && letters[i]; i++) {
        const char *a = letters[i] == 'y'   ? "yes"
                        : letters[i] == 'n' ? "no"
                        : letters[i] == 'd' ? "dont_know"
                                            : NULL;
        if (a && json_object_set_new(o, tool->items[i].id, json_string(a)) != 0) {
            json_decref(o);
            o = NULL;
        }
    }
    return o;
}

json_t *rt_assessment_to_json(const rt_referral_risk *k)
{
    if (!k->present)
        return json_null();
    json_t *o = rt_risk_result_to_json(&(rt_risk_tool){.id = k->tool, .version = k->version},
                                       &k->result);
    if (!o)
        return NULL;
    const rt_risk_tool *dash = rt_risk_default_tool();
    bool ok =
        json_object_set_new(o, "answers", answers_json(dash, k->answers)) == 0 &&
        json_object_set_new(o, "police_incidents_12m", json_integer(k->police_incidents)) == 0 &&
        json_object_set_new(o, "incident_date", k->incident_date[0] ? json_string(k->incident_date)
                                                                    : json_null()) == 0 &&
        json_object_set_new(o, "last_marac_referral_date",
                            k->last_referral_date[0] ? json_string(k->last_referral_date)
                                                     : json_null()) == 0 &&
        json_object_set_new(o, "professional_judgement",
                            json_pack("{s:b, s:s?}", "applies", k->judgement, "rationale",
                                      k->rationale)) == 0 &&
        json_object_set_new(o, "comments", texts_json(dash, k->comment)) == 0 &&
        json_object_set_new(o, "sources", texts_json(dash, k->source)) == 0 &&
        json_object_set_new(o, "fear", k->fear ? json_string(k->fear) : json_null()) == 0 &&
        json_object_set_new(o, "conclusion",
                            k->conclusion ? json_string(k->conclusion) : json_null()) == 0 &&
        json_object_set_new(o, "sdash",
                            k->sdash[0] ? answers_json(rt_risk_sdash_tool(), k->sdash)
                                        : json_null()) == 0 &&
        json_object_set_new(o, "sdash_yes", json_integer(rt_risk_count_yes(k->sdash))) == 0 &&
        json_object_set_new(o, "id", k->id[0] ? json_string(k->id) : json_null()) == 0 &&
        json_object_set_new(o, "assessed_at", json_integer(k->assessed_at)) == 0 &&
        json_object_set_new(o, "agency", k->agency[0] ? json_string(k->agency) : json_null()) == 0;
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

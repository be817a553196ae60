/* subject_access_json.c: the subject access export as JSON; see
 * subject_access_json.h. */
#include "subject_access_json.h"

#include <stdlib.h>
#include <string.h>
#include "../core/referral.h"
#include "../core/risk.h"

/* Sets key on o to v (stolen); false on failure, with v released. */
static bool put(json_t *o, const char *key, json_t *v)
{
    return v && json_object_set_new(o, key, v) == 0;
}

/* put, taking *v and leaving NULL there, so that the caller's clean-up
 * of *v never releases what put already consumed or released. */
static bool put_take(json_t *o, const char *key, json_t **v)
{
    json_t *x = *v;
    *v = NULL;
    return put(o, key, x);
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *time_json(int64_t t)
{
    char s[21];
    rt_subject_access_time(t, s);
    return json_string(s);
}

static json_t *fields_json(const rt_referral *r)
{
    const rt_field_spec *specs = rt_referral_fields();
    json_t *arr = json_array();
    for (int i = 0; arr && i < RT_RF_COUNT; i++) {
        const rt_field_spec *f = &specs[i];
        json_t *o = json_object();
        const char *v = f->third_party ? RT_WITHHELD_THIRD_PARTY : r->field[i];
        const rt_choice *c = f->third_party ? NULL : rt_field_choice(f, v);
        bool ok = o && put(o, "key", json_string(f->key)) && put(o, "label", json_string(f->label)) &&
                  put(o, "value", string_or_null(v)) &&
                  (!c || put(o, "value_label", json_string(c->label))) &&
                  put(o, "withheld", json_boolean(f->third_party));
        if (!ok || json_array_append_new(arr, o) != 0) {
            if (!ok)
                json_decref(o);
            json_decref(arr);
            arr = NULL;
        }
    }
    return arr;
}

static json_t *assessment_json(const rt_referral_risk *k)
{
    if (!k->present)
        return json_null();
    const rt_risk_tool *dash = rt_risk_default_tool();
    const rt_risk_tool *tool = strcmp(k->tool, dash->id) == 0 ? dash : NULL;
    json_t *o = json_object(), *criteria = json_array(), *answers = json_array();
    bool ok = o && criteria && answers;
    for (int c = 0; ok && c < RT_CRIT_COUNT; c++)
        if (k->result.criteria & (1u << c))
            ok = json_array_append_new(criteria, json_string(rt_criterion_name((rt_criterion)c))) == 0;
    for (size_t i = 0; ok && k->answers[i]; i++) {
        const char *a = k->answers[i] == 'y'   ? "yes"
                        : k->answers[i] == 'n' ? "no"
                        : k->answers[i] == 'd' ? "dont_know"
                                               : "not_answered";
        char num[24];
        snprintf(num, sizeof num, "%zu", i + 1);
        json_t *item = json_object();
        ok = item && put(item, "item", json_string(tool && i < tool->n_items ? tool->items[i].id : num)) &&
             (!tool || i >= tool->n_items ||
              put(item, "question", json_string(tool->items[i].label))) &&
             put(item, "answer", json_string(a));
        if (!ok || json_array_append_new(answers, item) != 0) {
            if (!ok)
                json_decref(item);
            ok = false;
        }
    }
    if (ok) {
        ok = put(o, "tool", json_string(k->tool)) && put(o, "version", json_string(k->version)) &&
             put(o, "score", json_integer(k->result.score)) &&
             put(o, "level", json_string(rt_risk_level_name(k->result.level))) &&
             put(o, "marac_eligible", json_boolean(k->result.marac_eligible)) &&
             put_take(o, "criteria", &criteria) && put_take(o, "answers", &answers) &&
             put(o, "police_incidents_12m", json_integer(k->police_incidents)) &&
             put(o, "incident_date", string_or_null(k->incident_date[0] ? k->incident_date : NULL)) &&
             put(o, "last_marac_referral_date",
                 string_or_null(k->last_referral_date[0] ? k->last_referral_date : NULL)) &&
             put(o, "professional_judgement",
                 json_pack("{s:b, s:s?}", "applies", k->judgement, "rationale", k->rationale));
    }
    json_decref(criteria);
    json_decref(answers);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *referral_json(const rt_sar_referral *s)
{
    json_t *o = json_object(), *agency = json_object();
    bool ok = o && agency && put(agency, "code", string_or_null(s->r.agency_code)) &&
              put(agency, "name", string_or_null(s->agency_name)) &&
              put(o, "id", json_string(s->r.id)) &&
              put(o, "recorded_at", time_json(s->r.created_at)) &&
              put_take(o, "referring_agency", &agency) &&
              put(o, "fields", fields_json(&s->r)) &&
              put(o, "assessment", assessment_json(&s->r.risk));
    json_decref(agency);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* A comma-separated list as a JSON array of strings ([] for NULL). */
static json_t *list_json(const char *csv)
{
    json_t *arr = json_array();
    for (const char *p = csv; arr && p && *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (json_array_append_new(arr, json_stringn(p, len)) != 0) {
            json_decref(arr);
            return NULL;
        }
        p = end ? end + 1 : p + len;
    }
    return arr;
}

static json_t *event_json(const rt_sar_event *e)
{
    json_t *o = json_object(), *by = json_object();
    const char *label = rt_subject_access_action_label(e->action);
    bool ok = o && by &&
              (e->system ? put(by, "system", json_true())
                         : put(by, "role", json_string(rt_role_name(e->role))) &&
                               put(by, "role_label", json_string(rt_role_label(e->role))) &&
                               put(by, "agency", string_or_null(e->agency_name))) &&
              put(o, "at", time_json(e->at)) && put(o, "referral_id", json_string(e->referral_id)) &&
              put(o, "action", json_string(e->action)) &&
              put(o, "description", string_or_null(label)) &&
              put(o, "outcome", json_string(e->outcome)) && put_take(o, "by", &by) &&
              put(o, "fields", list_json(e->fields));
    json_decref(by);
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *withheld_json(void)
{
    json_t *keys = json_array();
    const rt_field_spec *specs = rt_referral_fields();
    for (int i = 0; keys && i < RT_RF_COUNT; i++)
        if (specs[i].third_party && json_array_append_new(keys, json_string(specs[i].key)) != 0) {
            json_decref(keys);
            keys = NULL;
        }
    if (!keys)
        return NULL;
    return json_pack("{s:o, s:b, s:s}", "fields", keys, "staff_names", 1, "why",
                     rt_subject_access_withheld_note);
}

rt_status rt_subject_access_json(const rt_subject_access *sa, json_t **out)
{
    *out = NULL;
    const rt_referral *start = NULL;
    for (size_t i = 0; i < sa->n_referrals; i++)
        if (strcmp(sa->referrals[i].r.id, sa->referral_id) == 0)
            start = &sa->referrals[i].r;
    if (!start)
        return RT_EINVAL;
    json_t *o = json_object(), *person = json_object(), *refs = json_array(),
           *events = json_array();
    bool ok = o && person && refs && events;
    for (size_t i = 0; ok && i < sa->n_referrals; i++) {
        json_t *r = referral_json(&sa->referrals[i]);
        ok = r && json_array_append_new(refs, r) == 0;
    }
    for (size_t i = 0; ok && i < sa->n_events; i++) {
        json_t *e = event_json(&sa->events[i]);
        ok = e && json_array_append_new(events, e) == 0;
    }
    ok = ok && put(person, "given_name", string_or_null(start->field[RT_RF_VICTIM_GIVEN_NAME])) &&
         put(person, "family_name", string_or_null(start->field[RT_RF_VICTIM_FAMILY_NAME])) &&
         put(person, "date_of_birth", string_or_null(start->field[RT_RF_VICTIM_DOB])) &&
         put(o, "format", json_string("roundtable.subject_access")) &&
         put(o, "version", json_integer(RT_SUBJECT_ACCESS_VERSION)) &&
         put(o, "generated_at", time_json(sa->generated_at)) &&
         put(o, "requested_from_referral", json_string(sa->referral_id)) &&
         put_take(o, "person", &person) &&
         put(o, "matched_by",
             json_string(start->field[RT_RF_VICTIM_DOB]
                             ? "every referral whose person has the same given name, family "
                               "name and date of birth"
                             : "the one referral asked for: it has no date of birth to match "
                               "others by")) &&
         put_take(o, "referrals", &refs) && put_take(o, "access_history", &events) &&
         put(o, "withheld", withheld_json()) &&
         put(o, "contact", json_string(rt_subject_access_contact_note));
    json_decref(person);
    json_decref(refs);
    json_decref(events);
    if (!ok) {
        json_decref(o);
        return RT_ENOMEM;
    }
    *out = o;
    return RT_OK;
}

rt_status rt_subject_access_json_text(const rt_subject_access *sa, char **out)
{
    *out = NULL;
    json_t *o;
    rt_status st = rt_subject_access_json(sa, &o);
    if (st != RT_OK)
        return st;
    *out = json_dumps(o, JSON_INDENT(2));
    json_decref(o);
    return *out ? RT_OK : RT_ENOMEM;
}

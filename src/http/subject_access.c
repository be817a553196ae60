/* subject_access.c: a person's subject access export; see
 * subject_access.h. */
#include "subject_access.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../core/access.h"
#include "../core/buf.h"
#include "../core/policy.h"
#include "../core/risk.h"
#include "../store/seal.h"

#define EXPORT_ACTION "subject_access.export"

const char rt_subject_access_withheld_note[] =
    "Some information is withheld because it is about other people: the name, phone number "
    "and e-mail address of the person who made each referral. Data protection law lets us "
    "withhold information about someone else when giving it to you would disclose it without "
    "their agreement. The names of the staff who saw your records are withheld for the same "
    "reason; their role and organisation are shown.";

const char rt_subject_access_contact_note[] =
    "If you have questions about this document, think something in it is wrong, or want to ask "
    "for it to be corrected or for its use to be restricted, contact the Marac coordinator who "
    "gave it to you. If you are not happy with the answer, you can complain to the Information "
    "Commissioner's Office (ico.org.uk, 0303 123 1113).";

void rt_subject_access_time(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
        /* Only a time beyond year 9999 fails: write an obvious marker
         * rather than a wrong date. */
        memcpy(out, "0000-00-00T00:00:00Z", 21);
}

const char *rt_subject_access_action_label(const char *action)
{
    static const struct {
        const char *action, *label;
    } labels[] = {
        {"referral.create", "Recorded the referral"},
        {"referral.read", "Opened the referral"},
        {"referral.list", "Saw the referral in the list of referrals"},
        {"referral.break_glass", "Used emergency access to the referral"},
        {"referral.exclude", "Barred a user from seeing the referral"},
        {EXPORT_ACTION, "Exported the referral for a subject access request"},
        {"retention.purge_notes", "Deleted notes kept longer than the retention period"},
        {"retention.purge", "Deleted the referral at the end of its retention period"},
    };
    for (size_t i = 0; action && i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].action, action) == 0)
            return labels[i].label;
    return NULL;
}

void rt_subject_access_clear(rt_subject_access *sa)
{
    for (size_t i = 0; sa->referrals && i < sa->n_referrals; i++) {
        rt_referral_clear(&sa->referrals[i].r);
        free(sa->referrals[i].agency_name);
    }
    free(sa->referrals);
    for (size_t i = 0; sa->events && i < sa->n_events; i++) {
        free(sa->events[i].action);
        free(sa->events[i].outcome);
        free(sa->events[i].fields);
        free(sa->events[i].agency_name);
    }
    free(sa->events);
    memset(sa, 0, sizeof *sa);
}

/* ---- gathering -------------------------------------------------------- */

static rt_status audit(rt_app *app, const rt_principal *who, const char *id, const char *fields,
                       const char *address, int64_t now, const char *outcome)
{
    rt_audit_event ev = {.at = now, .user_id = who ? who->user.id : NULL,
                         .action = EXPORT_ACTION, .record_type = "referral", .record_id = id,
                         .fields = fields, .address = address, .outcome = outcome};
    return rt_store_audit_append(app->store, &ev);
}

/* Whether two given names are the same as the blind index sees names. */
static rt_status same_name(const char *a, const char *b, bool *same)
{
    *same = false;
    if (!a || !b)
        return RT_OK;
    char *na = NULL, *nb = NULL;
    rt_status st = rt_blind_normalise_name(a, &na);
    if (st == RT_OK)
        st = rt_blind_normalise_name(b, &nb);
    if (st == RT_OK)
        *same = strcmp(na, nb) == 0;
    if (na) {
        sodium_memzero(na, strlen(na));
        free(na);
    }
    if (nb) {
        sodium_memzero(nb, strlen(nb));
        free(nb);
    }
    return st;
}

/* The name of agency code, or NULL (RT_OK) if there is no such agency. */
static rt_status agency_name(rt_app *app, const char *code, char **out)
{
    *out = NULL;
    if (!code)
        return RT_OK;
    rt_agency a = {0};
    rt_status st = rt_store_agency_get(app->store, code, &a);
    if (st == RT_ENOTFOUND)
        return RT_OK;
    if (st != RT_OK)
        return st;
    *out = a.name;
    a.name = NULL;
    rt_agency_clear(&a);
    return RT_OK;
}

/* Newest first, then by id, so the order is stable. */
static int referral_cmp(const void *pa, const void *pb)
{
    const rt_sar_referral *a = pa, *b = pb;
    if (a->r.created_at != b->r.created_at)
        return a->r.created_at > b->r.created_at ? -1 : 1;
    return strcmp(a->r.id, b->r.id);
}

static int event_cmp(const void *pa, const void *pb)
{
    const rt_sar_event *a = pa, *b = pb;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Reads referral id, keeps it if it is about the person start is about
 * and who may see all of it, and appends it to sa (which has room).
 * Leaves out, silently to who but audited, one who is excluded from. */
static rt_status add_referral(rt_app *app, const rt_principal *who, const rt_referral *start,
                              const char *id, const char *address, int64_t now,
                              rt_subject_access *sa)
{
    rt_sar_referral *slot = &sa->referrals[sa->n_referrals];
    memset(slot, 0, sizeof *slot);
    rt_status st = rt_store_referral_get(app->store, id, &slot->r);
    if (st != RT_OK)
        return st;
    bool same = true;
    if (start) {
        st = same_name(start->field[RT_RF_VICTIM_GIVEN_NAME],
                       slot->r.field[RT_RF_VICTIM_GIVEN_NAME], &same);
        if (st != RT_OK || !same) {
            rt_referral_clear(&slot->r);
            return st;
        }
    }
    if (who) {
        rt_detail detail;
        st = rt_app_referral_decide(app, who, &slot->r, now, &detail);
        if (st == RT_OK && detail < RT_DETAIL_FULL) {
            rt_referral_clear(&slot->r);
            st = audit(app, who, id, NULL, address, now, "denied");
            /* The starting referral: as if it did not exist. */
            return st == RT_OK && !start ? RT_ENOTFOUND : st;
        }
    }
    if (st == RT_OK)
        st = agency_name(app, slot->r.agency_code, &slot->agency_name);
    if (st != RT_OK) {
        rt_referral_clear(&slot->r);
        return st;
    }
    rt_referral_withhold_third_parties(&slot->r);
    sa->n_referrals++;
    return RT_OK;
}

/* Finds every referral about the person referral_id is about. */
static rt_status gather_referrals(rt_app *app, const rt_principal *who, const char *referral_id,
                                  const char *address, int64_t now, rt_subject_access *sa)
{
    sa->referrals = calloc(1, sizeof *sa->referrals);
    if (!sa->referrals)
        return RT_ENOMEM;
    rt_status st = add_referral(app, who, NULL, referral_id, address, now, sa);
    if (st != RT_OK)
        return st;
    memcpy(sa->referral_id, sa->referrals[0].r.id, sizeof sa->referral_id);
    const char *dob = sa->referrals[0].r.field[RT_RF_VICTIM_DOB];
    const char *family = sa->referrals[0].r.field[RT_RF_VICTIM_FAMILY_NAME];
    if (!dob || !family)
        return RT_OK;
    char(*ids)[RT_ID_HEX + 1] = NULL;
    size_t n = 0;
    st = rt_store_referral_find_victim(app->store, family, dob, &ids, &n);
    if (st != RT_OK)
        return st;
    rt_sar_referral *grown = realloc(sa->referrals, (n + 1) * sizeof *grown);
    if (!grown) {
        free(ids);
        return RT_ENOMEM;
    }
    sa->referrals = grown;
    /* The array has room for every match and does not move again, so the
     * start stays at referrals[0] while the others are added. */
    for (size_t i = 0; st == RT_OK && i < n; i++)
        if (strcmp(ids[i], sa->referral_id) != 0)
            st = add_referral(app, who, &sa->referrals[0].r, ids[i], address, now, sa);
    free(ids);
    if (st == RT_OK)
        qsort(sa->referrals, sa->n_referrals, sizeof *sa->referrals, referral_cmp);
    return st;
}

/* Who an audit entry's user is, looked up once per user. */
typedef struct actor {
    char id[RT_ID_HEX + 1];
    rt_role role;
    char *agency_name;
} actor;

static rt_status find_actor(rt_app *app, const char *user_id, actor **cache, size_t *n,
                            const actor **out)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*cache)[i].id, user_id) == 0) {
            *out = &(*cache)[i];
            return RT_OK;
        }
    if (strlen(user_id) != RT_ID_HEX)
        return RT_ESTORE;
    rt_user u = {0};
    rt_status st = rt_store_user_by_id(app->store, user_id, &u);
    if (st == RT_ENOTFOUND)
        st = RT_ESTORE; /* users are never deleted: the log refers to one */
    if (st != RT_OK)
        return st;
    actor *grown = realloc(*cache, (*n + 1) * sizeof *grown);
    if (!grown) {
        rt_user_clear(&u);
        return RT_ENOMEM;
    }
    *cache = grown;
    actor *a = &grown[*n];
    memcpy(a->id, u.id, sizeof a->id);
    a->role = u.role;
    st = agency_name(app, u.agency_code, &a->agency_name);
    rt_user_clear(&u);
    if (st != RT_OK)
        return st;
    (*n)++;
    *out = a;
    return RT_OK;
}

static char *dup_or_null(const char *s, rt_status *st)
{
    if (!s || *st != RT_OK)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *st = RT_ENOMEM;
    return d;
}

/* Appends the audit entries about one referral to sa->events. */
static rt_status gather_events(rt_app *app, const char *referral_id, actor **cache,
                               size_t *n_cache, rt_subject_access *sa)
{
    rt_audit_entry *list;
    size_t n;
    rt_status st = rt_store_audit_for_record(app->store, "referral", referral_id, &list, &n);
    if (st != RT_OK)
        return st;
    if (n) {
        rt_sar_event *grown = realloc(sa->events, (sa->n_events + n) * sizeof *grown);
        if (!grown) {
            rt_audit_entry_list_free(list, n);
            return RT_ENOMEM;
        }
        sa->events = grown;
    }
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        rt_sar_event *e = &sa->events[sa->n_events];
        memset(e, 0, sizeof *e);
        e->at = list[i].at;
        e->seq = list[i].seq;
        memcpy(e->referral_id, referral_id, sizeof e->referral_id);
        e->system = list[i].user_id == NULL;
        if (!e->system) {
            const actor *a;
            st = find_actor(app, list[i].user_id, cache, n_cache, &a);
            if (st == RT_OK) {
                e->role = a->role;
                e->agency_name = dup_or_null(a->agency_name, &st);
            }
        }
        e->action = dup_or_null(list[i].action, &st);
        e->outcome = dup_or_null(list[i].outcome, &st);
        e->fields = dup_or_null(list[i].fields, &st);
        /* Counted even on failure, so the clear frees what it holds. */
        sa->n_events++;
    }
    rt_audit_entry_list_free(list, n);
    return st;
}

/* The field keys an export hands over, for its audit entries. */
static rt_status exported_fields(char **out)
{
    rt_buf b = RT_BUF_INIT;
    const rt_field_spec *f = rt_referral_fields();
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (!f[i].third_party) {
            if (b.len)
                rt_buf_putc(&b, ',');
            rt_buf_puts(&b, f[i].key);
        }
    rt_buf_puts(&b, ",assessment");
    rt_status st = rt_buf_status(&b);
    if (st != RT_OK) {
        rt_buf_free(&b);
        return st;
    }
    *out = b.data;
    return RT_OK;
}

rt_status rt_app_subject_access(rt_app *app, const rt_principal *who, const char *referral_id,
                                const char *address, int64_t now, rt_subject_access *out)
{
    memset(out, 0, sizeof *out);
    if (who && !rt_policy_may(who->user.role, RT_ACT_SUBJECT_ACCESS)) {
        rt_status st = audit(app, who, referral_id, NULL, address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (!referral_id)
        return RT_EINVAL;
    rt_subject_access sa = {.generated_at = now};
    rt_status st = gather_referrals(app, who, referral_id, address, now, &sa);
    actor *cache = NULL;
    size_t n_cache = 0;
    for (size_t i = 0; st == RT_OK && i < sa.n_referrals; i++)
        st = gather_events(app, sa.referrals[i].r.id, &cache, &n_cache, &sa);
    for (size_t i = 0; i < n_cache; i++)
        free(cache[i].agency_name);
    free(cache);
    if (st == RT_OK && sa.n_events)
        qsort(sa.events, sa.n_events, sizeof *sa.events, event_cmp);
    /* Audited after gathering, so the export does not list itself; a
     * failed audit entry fails the export. */
    char *fields = NULL;
    if (st == RT_OK)
        st = exported_fields(&fields);
    for (size_t i = 0; st == RT_OK && i < sa.n_referrals; i++)
        st = audit(app, who, sa.referrals[i].r.id, fields, address, now, "ok");
    free(fields);
    if (st != RT_OK) {
        rt_subject_access_clear(&sa);
        return st;
    }
    *out = sa;
    return RT_OK;
}

/* ---- JSON ------------------------------------------------------------- */

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

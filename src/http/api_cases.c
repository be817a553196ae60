/* api_cases.c: Idva casework over the API: allocation, the case and what
 * is recorded on it, caseloads and outcome reports. */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/casework.h"
#include "../core/form.h"
#include "json_io.h"
#include "../app/marac.h"

/* The values of an item as an object of the kind's keys. */
static json_t *values_json(rt_item_kind kind, char *const *values)
{
    size_t n;
    const rt_field_spec *specs = rt_item_fields(kind, &n);
    return rt_json_encode_fields(specs, n, values);
}

static json_t *case_json(const rt_case *c, const char *idva_name)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s?, s:s, s:s, s:I, s:o?, s:o?, s:s?}", "id", c->id,
                     "referral_id", c->referral_id, "service", c->service, "idva_id", c->idva_id,
                     "idva_name", idva_name, "status", rt_case_status_name(c->status),
                     "referred_on", c->referred_on, "allocated_at", (json_int_t)c->allocated_at,
                     "first_contact_at",
                     c->first_contact_at ? json_integer(c->first_contact_at) : NULL,
                     "closed_at", c->closed_at ? json_integer(c->closed_at) : NULL,
                     "closure_reason", c->closure_reason[0] ? c->closure_reason : NULL);
}

rt_status rt_api_case_get(rt_ctx *ctx)
{
    rt_case_view v;
    rt_status st = rt_app_case_view(ctx->app, ctx->who, ctx->req->params[0],
                                    ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    json_t *body = json_pack("{s:o, s:s, s:{s:s, s:b}}", "case", case_json(&v.c, v.idva_name),
                             "detail", rt_detail_name(v.detail), "first_contact", "due",
                             v.first_contact_due, "late", v.first_contact_late);
    if (body && v.detail >= RT_DETAIL_FULL) {
        json_t *items = json_array(), *events = json_array();
        for (size_t i = 0; items && i < v.n_entries; i++) {
            const rt_case_entry *e = &v.entries[i];
            if (json_array_append_new(
                    items, json_pack("{s:s, s:s, s:I, s:s, s:I, s:s, s:o}", "id", e->item.id,
                                     "kind", rt_item_kind_name(e->item.kind), "created_at",
                                     (json_int_t)e->item.created_at, "created_by",
                                     e->item.created_by, "updated_at",
                                     (json_int_t)e->item.updated_at, "updated_by",
                                     e->item.updated_by, "values",
                                     values_json(e->item.kind, e->values))) != 0) {
                json_decref(items);
                items = NULL;
            }
        }
        for (size_t i = 0; events && i < v.n_events; i++) {
            const rt_case_event *ev = &v.events[i];
            if (json_array_append_new(events,
                                      json_pack("{s:s, s:I, s:s, s:s, s:s?}", "what", ev->what,
                                                "at", (json_int_t)ev->at, "by", ev->by,
                                                "idva_id", ev->idva_id, "detail",
                                                ev->detail)) != 0) {
                json_decref(events);
                events = NULL;
            }
        }
        json_t *actions = json_array();
        size_t nf;
        const rt_field_spec *af = rt_action_fields(&nf);
        for (size_t i = 0; actions && i < v.n_actions; i++) {
            const rt_marac_action *a = &v.actions[i];
            char **av = NULL;
            int t = 0;
            if (rt_form_decode_fields(af, nf, a->body, &av) != RT_OK)
                t = -1;
            json_t *o = t < 0 ? NULL
                              : json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:s, s:s?}", "id", a->id,
                                          "agency", a->agency, "due", a->due, "text", av[0],
                                          "owner", av[2], "status",
                                          rt_action_status_name(a->status), "reason", a->reason);
            for (size_t k = 0; av && k < nf; k++)
                free(av[k]);
            free(av);
            if (json_array_append_new(actions, o) != 0) {
                json_decref(actions);
                actions = NULL;
            }
        }
        if (!items || !events || !actions || json_object_set_new(body, "items", items) != 0 ||
            json_object_set_new(body, "events", events) != 0 ||
            json_object_set_new(body, "marac_actions", actions) != 0) {
            json_decref(body);
            body = NULL;
        }
    }
    rt_case_view_clear(&v);
    if (!body)
        return RT_ENOMEM;
    return rt_json_respond(ctx->res, 200, body);
}

/* Reads the item named by the route's kind parameter. */
static rt_status kind_param(const char *name, rt_item_kind *kind)
{
    if (rt_item_kind_parse(name, kind) != RT_OK)
        return RT_ENOTFOUND;
    return RT_OK;
}

/* POST /api/v1/cases/{id}/items/{kind} and PUT .../{kind}/{item}. */
static rt_status item_save(rt_ctx *ctx, const char *item_id)
{
    rt_item_kind kind;
    rt_status st = kind_param(ctx->req->params[1], &kind);
    if (st != RT_OK)
        return st;
    json_t *body;
    rt_json_problem prob = {0};
    st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    if (st != RT_OK)
        return st;
    size_t n;
    const rt_field_spec *specs = rt_item_fields(kind, &n);
    char *values[RT_ITEM_MAX_FIELDS] = {0};
    st = rt_json_decode_fields(body, specs, n, values, &prob);
    json_decref(body);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    rt_field_error errs[RT_ITEM_MAX_FIELDS];
    size_t n_errs = 0;
    const char *refusal = NULL;
    char saved[RT_ID_HEX + 1];
    if (st == RT_OK)
        st = rt_app_case_item_save(ctx->app, ctx->who, ctx->req->params[0], kind, item_id,
                                   values, ctx->req->client_addr, ctx->now, errs, &n_errs,
                                   &refusal, saved);
    for (size_t i = 0; i < n; i++)
        free(values[i]);
    if (st == RT_EINVAL && n_errs)
        return rt_json_field_errors(ctx->res, errs, n_errs);
    if (st == RT_EDENIED && refusal)
        return rt_json_error(ctx->res, kind == RT_ITEM_CONTACT ? 422 : 409, refusal,
                             kind == RT_ITEM_CONTACT ? "channel" : NULL);
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, item_id ? 200 : 201,
                           json_pack("{s:s, s:s}", "id", saved, "kind", rt_item_kind_name(kind)));
}

rt_status rt_api_case_item_create(rt_ctx *ctx)
{
    return item_save(ctx, NULL);
}

rt_status rt_api_case_item_update(rt_ctx *ctx)
{
    return item_save(ctx, ctx->req->params[2]);
}

rt_status rt_api_case_status(rt_ctx *ctx)
{
    json_t *body;
    rt_json_problem prob = {0};
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    if (st != RT_OK)
        return st;
    static const char *const allowed[] = {"status", "reason", "closure", NULL};
    const char *to = NULL, *reason = NULL;
    st = rt_json_only(body, allowed, &prob);
    if (st == RT_OK)
        st = rt_json_get_string(body, "status", &to, &prob);
    json_t *r = json_object_get(body, "reason");
    if (st == RT_OK && r && !json_is_string(r))
        st = rt_json_problem_set(&prob, "reason", "reason must be a string");
    reason = r ? json_string_value(r) : NULL;
    size_t n;
    const rt_field_spec *specs = rt_closure_fields(&n);
    char *closure[RT_ITEM_MAX_FIELDS] = {0};
    json_t *cl = json_object_get(body, "closure");
    if (st == RT_OK && cl && !json_is_object(cl))
        st = rt_json_problem_set(&prob, "closure", "closure must be an object");
    if (st == RT_OK && cl)
        st = rt_json_decode_fields(cl, specs, n, closure, &prob);
    if (st == RT_EINVAL) {
        json_decref(body);
        return rt_json_problem_respond(ctx->res, &prob);
    }
    rt_field_error errs[RT_ITEM_MAX_FIELDS];
    size_t n_errs = 0;
    if (st == RT_OK)
        st = rt_app_case_move(ctx->app, ctx->who, ctx->req->params[0], to, closure, reason,
                              ctx->req->client_addr, ctx->now, errs, &n_errs);
    json_decref(body);
    for (size_t i = 0; i < n; i++)
        free(closure[i]);
    if (st == RT_EINVAL && n_errs)
        return rt_json_field_errors(ctx->res, errs, n_errs);
    if (st != RT_OK)
        return st;
    rt_case_view v;
    st = rt_app_case_view(ctx->app, ctx->who, ctx->req->params[0], ctx->req->client_addr,
                          ctx->now, &v);
    if (st != RT_OK)
        return st;
    json_t *out = json_pack("{s:o}", "case", case_json(&v.c, v.idva_name));
    rt_case_view_clear(&v);
    return out ? rt_json_respond(ctx->res, 200, out) : RT_ENOMEM;
}

static json_t *row_json(const rt_case_row *r)
{
    return json_pack("{s:o, s:s, s:s, s:s, s:i, s:{s:s, s:b}, s:i, s:i}", "case",
                     case_json(&r->c, r->idva_name), "person", r->person, "idva_name",
                     r->idva_name, "risk_level", rt_risk_level_name(r->level), "score", r->score,
                     "first_contact", "due", r->first_contact_due, "late", r->first_contact_late,
                     "overdue", r->overdue, "open_days", r->open_days);
}

static json_t *rows_json(const rt_case_row *rows, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        rt_json_array_push(&arr, row_json(&rows[i]));
    return arr;
}

rt_status rt_api_case_list(rt_ctx *ctx)
{
    rt_case_row *rows;
    size_t n;
    rt_status st = rt_app_my_cases(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &rows, &n);
    if (st != RT_OK)
        return st;
    json_t *arr = rows_json(rows, n);
    free(rows);
    return arr ? rt_json_respond(ctx->res, 200, json_pack("{s:o}", "cases", arr)) : RT_ENOMEM;
}

static json_t *option_json(const rt_idva_option *o)
{
    char warning[160], spec[96];
    rt_load_warning_text(o, warning, sizeof warning);
    if (rt_specialisms_format(o->matched, spec, sizeof spec) != RT_OK)
        spec[0] = '\0';
    static const char *const warn[] = {"none", "year", "over", "unsafe"};
    return json_pack("{s:s, s:s, s:f, s:i, s:i, s:i, s:i, s:i, s:s, s:s, s:s, s:b, s:b}",
                     "idva_id", o->user_id, "name", o->name, "fte", o->fte, "open", o->open,
                     "capacity", o->capacity, "unsafe_above", o->unsafe, "this_year",
                     o->this_year, "year_capacity", o->year_capacity, "warning",
                     warn[o->warning], "warning_text", warning, "matched_specialisms", spec,
                     "language_match", o->language_match, "area_match", o->area_match);
}

rt_status rt_api_allocation_get(rt_ctx *ctx)
{
    rt_suggestions s;
    rt_status st = rt_app_case_suggest(ctx->app, ctx->who, ctx->req->params[0],
                                       rt_req_query(ctx->req, "language"),
                                       ctx->req->client_addr, ctx->now, &s);
    if (st != RT_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < s.n; i++)
        rt_json_array_push(&arr, option_json(&s.options[i]));
    char needs[96];
    if (rt_specialisms_format(s.needs.specialisms, needs, sizeof needs) != RT_OK)
        needs[0] = '\0';
    json_t *body = arr ? json_pack("{s:s, s:o, s:o?}", "needs", needs, "suggestions", arr,
                                   "case", s.current.id[0] ? case_json(&s.current, NULL) : NULL)
                       : NULL;
    rt_suggestions_clear(&s);
    return body ? rt_json_respond(ctx->res, 200, body) : RT_ENOMEM;
}

rt_status rt_api_allocation_post(rt_ctx *ctx)
{
    static const char *const keys[] = {"idva", NULL};
    json_t *root;
    const char *vals[1];
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &root, vals, &st))
        return st;
    rt_case c;
    char warning[160];
    const char *field = NULL;
    st = rt_app_case_allocate(ctx->app, ctx->who, ctx->req->params[0], vals[0],
                              ctx->req->client_addr, ctx->now, &c, warning, &field);
    json_decref(root);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 400, "idva must be an active Idva of your service", field);
    if (st == RT_EEXISTS)
        return rt_json_error(ctx->res, 409,
                             "the case is closed (reopen it) or held by another service", NULL);
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, 200,
                           json_pack("{s:o, s:s?}", "case", case_json(&c, NULL), "warning",
                                     warning[0] ? warning : NULL));
}

rt_status rt_api_caseload(rt_ctx *ctx)
{
    rt_caseload_view v;
    rt_status st = rt_app_caseload(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    json_t *lines = json_array();
    for (size_t i = 0; lines && i < v.n_lines; i++) {
        rt_idva_option o = v.lines[i].load;
        o.user_id = v.lines[i].user_id;
        o.name = v.lines[i].name;
        json_t *l = option_json(&o);
        if (!l || json_object_set_new(l, "overdue", json_integer(v.lines[i].overdue)) != 0 ||
            json_array_append_new(lines, l) != 0) {
            json_decref(lines);
            lines = NULL;
        }
    }
    json_t *body = lines ? json_pack("{s:s, s:{s:i, s:i, s:i, s:i, s:i}, s:o, s:o, s:o}",
                                     "service", v.service, "rules", "open_per_fte",
                                     v.rules.open_per_fte, "unsafe_per_fte",
                                     v.rules.unsafe_per_fte, "year_per_fte", v.rules.year_per_fte,
                                     "first_contact_days", v.rules.first_contact_days,
                                     "long_open_days", v.rules.long_open_days, "idvas", lines,
                                     "first_contact_overdue", rows_json(v.late, v.n_late),
                                     "open_long", rows_json(v.long_open, v.n_long_open))
                         : NULL;
    rt_caseload_view_clear(&v);
    return body ? rt_json_respond(ctx->res, 200, body) : RT_ENOMEM;
}

/* One measure: the percentage and the number of cases behind it. */
static json_t *measure(int part, int whole)
{
    int p = rt_percent(part, whole);
    return json_pack("{s:o, s:i, s:i}", "percent", p < 0 ? json_null() : json_integer(p),
                     "count", part, "cases", whole);
}

rt_status rt_api_outcomes(rt_ctx *ctx)
{
    rt_outcome_tally t;
    const char *field = NULL;
    const char *from = rt_req_query(ctx->req, "from"), *to = rt_req_query(ctx->req, "to");
    rt_status st = rt_app_outcomes(ctx->app, ctx->who, rt_req_query(ctx->req, "service"),
                                   rt_req_query(ctx->req, "idva"), from, to,
                                   ctx->req->client_addr, ctx->now, &t, &field);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 400,
                             "from and to must be dates (YYYY-MM-DD), from not after to", field);
    if (st != RT_OK)
        return st;
    json_t *types = json_object();
    for (int a = 0; types && a < RT_ABUSE_COUNT; a++)
        if (json_object_set_new(types, rt_abuse_type_name((rt_abuse_type)a),
                                measure(t.type_stopped[a], t.type_cases[a])) != 0) {
            json_decref(types);
            types = NULL;
        }
    json_t *engagement = json_pack(
        "{s:o, s:o, s:o, s:o}", "support_accepted", measure(t.support_yes, t.cases),
        "first_contact_on_time", measure(t.on_time, t.timed), "mean_contacts",
        t.cases ? json_real((double)t.contacts / t.cases) : json_null(), "mean_days",
        t.cases ? json_real((double)t.days / t.cases) : json_null());
    if (!types || !engagement) {
        json_decref(types);
        json_decref(engagement);
        return RT_ENOMEM;
    }
    json_t *body = json_pack("{s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o}", "from", from, "to", to,
                             "cases", t.cases, "abuse_stopped",
                             measure(t.abuse_stopped, t.abuse_cases), "by_type", types,
                             "feels_safer", measure(t.safer_yes, t.safer_asked),
                             "quality_of_life_better", measure(t.life_yes, t.life_asked),
                             "engagement", engagement);
    return body ? rt_json_respond(ctx->res, 200, body) : RT_ENOMEM;
}

rt_status rt_api_idva_profile_put(rt_ctx *ctx)
{
    json_t *body;
    rt_json_problem prob = {0};
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    if (st != RT_OK)
        return st;
    static const char *const allowed[] = {"fte", "specialisms", "languages", "areas",
                                          "qualification", NULL};
    rt_idva_profile p = {0};
    snprintf(p.user_id, sizeof p.user_id, "%s", ctx->req->params[0]);
    st = rt_json_only(body, allowed, &prob);
    json_t *fte = json_object_get(body, "fte");
    if (st == RT_OK && !json_is_number(fte))
        st = rt_json_problem_set(&prob, "fte", "fte must be a number above 0, at most 1.5");
    p.fte = json_number_value(fte);
    const struct {
        const char *key;
        char *dst;
        size_t size;
    } texts[] = {{"languages", p.languages, sizeof p.languages},
                 {"areas", p.areas, sizeof p.areas},
                 {"qualification", p.qualification, sizeof p.qualification}};
    for (size_t i = 0; st == RT_OK && i < sizeof texts / sizeof texts[0]; i++) {
        json_t *v = json_object_get(body, texts[i].key);
        if (!v)
            continue;
        const char *s = json_string_value(v);
        if (!s || strlen(s) >= texts[i].size)
            st = rt_json_problem_set(&prob, texts[i].key, "%s must be text of at most 200 bytes",
                                     texts[i].key);
        else
            snprintf(texts[i].dst, texts[i].size, "%s", s);
    }
    json_t *spec = json_object_get(body, "specialisms");
    if (st == RT_OK && spec) {
        const char *bad = NULL;
        if (!json_is_string(spec) ||
            rt_specialisms_parse(json_string_value(spec), &p.specialisms, &bad) != RT_OK)
            st = rt_json_problem_set(&prob, "specialisms",
                                     "specialisms must be \"none\" or a list of young_people, "
                                     "hospital, male_victims, lgbt, minoritised");
    }
    json_decref(body);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    const char *field = NULL;
    if (st == RT_OK)
        st = rt_app_idva_profile_set(ctx->app, ctx->who, &p, ctx->req->client_addr, ctx->now,
                                     &field);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 400,
                             strcmp(field, "user") == 0 ? "not an Idva of your service"
                             : strcmp(field, "areas") == 0
                                 ? "areas must be postcode areas or districts, comma-separated"
                                 : "a value is out of range",
                             field);
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, 200, json_pack("{s:s, s:f}", "user_id", p.user_id, "fte",
                                                    p.fte));
}

/* api_marac.c: the Marac meeting cycle over the API. */
#include "api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/form.h"
#include "json_io.h"
#include "../app/marac.h"

static json_t *meeting_json(const rt_meeting *m)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s}", "id", m->id, "marac", m->marac, "held_on",
                     m->held_on, "venue", m->venue, "status", rt_meeting_status_name(m->status));
}

/* Values of a field table as an object, or null when not shown. */
static json_t *values_json(const rt_field_spec *specs, size_t n, char *const *values)
{
    return values ? rt_json_encode_fields(specs, n, values) : json_null();
}

static json_t *action_json(const rt_marac_action *a)
{
    size_t n;
    const rt_field_spec *specs = rt_action_fields(&n);
    char **v = NULL;
    json_t *values =
        rt_form_decode_fields(specs, n, a->body, &v) == RT_OK ? values_json(specs, n, v) : NULL;
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
    if (!values)
        return NULL;
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:o}", "id", a->id, "meeting_id",
                     a->meeting_id, "referral_id", a->referral_id, "agency", a->agency, "due",
                     a->due, "status", rt_action_status_name(a->status), "reason", a->reason,
                     "values", values);
}

static json_t *actions_json(const rt_marac_action *a, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        rt_json_array_push(&arr, action_json(&a[i]));
    return arr;
}

rt_status rt_api_meetings(rt_ctx *ctx)
{
    rt_meeting *m;
    size_t n;
    rt_status st = rt_app_meetings(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &m, &n);
    if (st != RT_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        rt_json_array_push(&arr, meeting_json(&m[i]));
    free(m);
    return arr ? rt_json_respond(ctx->res, 200, json_pack("{s:o}", "meetings", arr)) : RT_ENOMEM;
}

rt_status rt_api_meeting_create(rt_ctx *ctx)
{
    json_t *body;
    rt_json_problem prob = {0};
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    if (st != RT_OK)
        return st;
    static const char *const allowed[] = {"marac", "held_on", "venue", "every", "count", NULL};
    const char *marac = NULL, *held_on = NULL, *venue = NULL;
    json_t *every = json_object_get(body, "every"), *count = json_object_get(body, "count");
    st = rt_json_only(body, allowed, &prob);
    if (st == RT_OK)
        st = rt_json_get_string(body, "marac", &marac, &prob);
    if (st == RT_OK)
        st = rt_json_get_string(body, "held_on", &held_on, &prob);
    if (st == RT_OK)
        st = rt_json_get_string(body, "venue", &venue, &prob);
    if (st == RT_OK && every && !json_is_string(every))
        st = rt_json_problem_set(&prob, "every", "every must be once, fortnightly or monthly");
    if (st == RT_OK && count && !json_is_integer(count))
        st = rt_json_problem_set(&prob, "count", "count must be a whole number from 1 to 12");
    if (st == RT_EINVAL) {
        json_decref(body);
        return rt_json_problem_respond(ctx->res, &prob);
    }
    rt_meeting m;
    const char *field = NULL;
    json_int_t n = count ? json_integer_value(count) : 1;
    if (st == RT_OK)
        st = rt_app_meeting_schedule(ctx->app, ctx->who, marac, held_on, venue,
                                     every ? json_string_value(every) : NULL,
                                     n < 0 || n > 12 ? 0 : (int)n, ctx->req->client_addr,
                                     ctx->now, &m, &field);
    json_decref(body);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 400,
                             strcmp(field, "marac") == 0 ? "marac must be a Marac you belong to"
                             : strcmp(field, "held_on") == 0
                                 ? "held_on must be a date (YYYY-MM-DD), not in the past"
                             : strcmp(field, "venue") == 0
                                 ? "venue must be text of 1 to 200 characters"
                             : strcmp(field, "every") == 0
                                 ? "every must be once, fortnightly or monthly"
                                 : "count must be 1, or up to 12 with every",
                             field);
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, 201, meeting_json(&m));
}

rt_status rt_api_meeting_get(rt_ctx *ctx)
{
    rt_meeting_view v;
    rt_status st = rt_app_meeting_view(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    size_t nh, nr;
    const rt_field_spec *hs = rt_hearing_fields(&nh), *rs = rt_research_fields(&nr);
    json_t *cases = json_array();
    for (size_t i = 0; cases && i < v.n_cases; i++) {
        const rt_listed *c = &v.cases[i];
        const rt_referral *r = &c->referral;
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:i, s:b, s:s, s:{s:s?, s:s?, s:s?, s:s?}, s:i, s:b, s:o, s:o, "
            "s:o, s:i, s:i}",
            "referral_id", c->mc.referral_id, "listing", rt_listing_name(c->mc.listing),
            "section", rt_agenda_section_label(rt_agenda_section_of(&(rt_agenda_case){
                           c->mc.listing, c->children, 0, "", ""})),
            "children", c->children, "serial_perpetrator", c->serial_perpetrator, "detail",
            rt_detail_name(c->detail), "victim", "given_name", r->field[RT_RF_VICTIM_GIVEN_NAME],
            "family_name", r->field[RT_RF_VICTIM_FAMILY_NAME], "dob", r->field[RT_RF_VICTIM_DOB],
            "postcode", r->field[RT_RF_VICTIM_POSTCODE], "score", r->risk.result.score, "heard",
            c->mc.heard, "hearing", values_json(hs, nh, c->hearing), "research",
            values_json(rs, nr, c->research), "actions", actions_json(c->actions, c->n_actions),
            "agencies_researched", c->researched, "agencies_flagged", c->flagged);
        if (json_array_append_new(cases, o) != 0) {
            json_decref(cases);
            cases = NULL;
        }
    }
    json_t *att = json_array();
    for (size_t i = 0; att && i < v.n_attendance; i++) {
        const rt_attendance *a = &v.attendance[i];
        if (json_array_append_new(att, json_pack("{s:s, s:s, s:b, s:b}", "agency", a->agency,
                                                 "name", a->name, "observer", a->observer,
                                                 "confidentiality", a->confidentiality)) != 0) {
            json_decref(att);
            att = NULL;
        }
    }
    json_t *body = NULL;
    if (!cases || !att) {
        json_decref(cases);
        json_decref(att);
    } else {
        body = json_pack("{s:o, s:s, s:s, s:b, s:b, s:b, s:o, s:o, s:o}", "meeting",
                         meeting_json(&v.m), "cutoff", v.cutoff, "release", v.release,
                         "too_long", v.too_long, "manage", v.manage, "minutes", v.minutes,
                         "cases", cases, "attendance", att, "incomplete_actions",
                         actions_json(v.review, v.n_review));
    }
    rt_meeting_view_clear(&v);
    return body ? rt_json_respond(ctx->res, 200, body) : RT_ENOMEM;
}

rt_status rt_api_meeting_propose(rt_ctx *ctx)
{
    size_t added;
    rt_status st = rt_app_meeting_propose(ctx->app, ctx->who, ctx->req->params[0],
                                          ctx->req->client_addr, ctx->now, &added);
    if (st == RT_EEXISTS)
        return rt_json_error(ctx->res, 409, "the list has been released already", NULL);
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, 200, json_pack("{s:I}", "added", (json_int_t)added));
}

rt_status rt_api_meeting_case_add(rt_ctx *ctx)
{
    static const char *const keys[] = {"referral", NULL};
    json_t *root;
    const char *v[1];
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &root, v, &st))
        return st;
    st = rt_app_meeting_list(ctx->app, ctx->who, ctx->req->params[0], v[0], true,
                             ctx->req->client_addr, ctx->now);
    json_decref(root);
    if (st == RT_EEXISTS)
        return rt_json_error(ctx->res, 409, "the list has been released already", NULL);
    if (st == RT_ENOTFOUND)
        return rt_json_error(ctx->res, 404, "no such meeting or referral", "referral");
    if (st != RT_OK)
        return st;
    ctx->res->status = 204;
    return RT_OK;
}

rt_status rt_api_meeting_case_remove(rt_ctx *ctx)
{
    rt_status st = rt_app_meeting_list(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->params[1], false, ctx->req->client_addr,
                                       ctx->now);
    if (st == RT_EEXISTS)
        return rt_json_error(ctx->res, 409, "the list has been released already", NULL);
    if (st != RT_OK)
        return st;
    ctx->res->status = 204;
    return RT_OK;
}

rt_status rt_api_meeting_status(rt_ctx *ctx)
{
    static const char *const keys[] = {"status", NULL};
    json_t *root;
    const char *v[1];
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &root, v, &st))
        return st;
    const char *why = NULL;
    st = rt_app_meeting_move(ctx->app, ctx->who, ctx->req->params[0], v[0],
                             ctx->req->client_addr, ctx->now, &why);
    json_decref(root);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 422, why, "status");
    if (st != RT_OK)
        return st;
    ctx->res->status = 204;
    return RT_OK;
}

rt_status rt_api_meeting_attendance(rt_ctx *ctx)
{
    json_t *body;
    rt_json_problem prob = {0};
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    if (st != RT_OK)
        return st;
    static const char *const allowed[] = {"agency", "name", "observer", "confidentiality", NULL};
    const char *name = NULL;
    json_t *agency = json_object_get(body, "agency");
    json_t *observer = json_object_get(body, "observer");
    json_t *conf = json_object_get(body, "confidentiality");
    st = rt_json_only(body, allowed, &prob);
    if (st == RT_OK)
        st = rt_json_get_string(body, "name", &name, &prob);
    if (st == RT_OK && agency && !json_is_string(agency))
        st = rt_json_problem_set(&prob, "agency", "agency must be an agency code");
    if (st == RT_OK && observer && !json_is_boolean(observer))
        st = rt_json_problem_set(&prob, "observer", "observer must be true or false");
    if (st == RT_OK && !json_is_boolean(conf))
        st = rt_json_problem_set(&prob, "confidentiality", "confidentiality must be true or false");
    if (st == RT_EINVAL) {
        json_decref(body);
        return rt_json_problem_respond(ctx->res, &prob);
    }
    const char *field = NULL;
    if (st == RT_OK)
        st = rt_app_attendance(ctx->app, ctx->who, ctx->req->params[0],
                               agency ? json_string_value(agency) : NULL, name,
                               json_is_true(observer), json_is_true(conf), ctx->req->client_addr,
                               ctx->now, &field);
    json_decref(body);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 422,
                             strcmp(field, "confidentiality") == 0
                                 ? "everyone present must confirm the confidentiality statement"
                             : strcmp(field, "agency") == 0
                                 ? "agency must belong to this Marac (or attend as an observer)"
                                 : "name must be text of 1 to 200 characters",
                             field);
    if (st == RT_EEXISTS)
        return rt_json_error(ctx->res, 409, "the meeting is not being run", NULL);
    if (st != RT_OK)
        return st;
    ctx->res->status = 204;
    return RT_OK;
}

/* Reads a body of specs' fields into values (all NULL on failure). */
static rt_status read_fields(rt_ctx *ctx, const rt_field_spec *specs, size_t n, char **values,
                             bool *answered)
{
    json_t *body;
    rt_json_problem prob = {0};
    *answered = false;
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_OK) {
        st = rt_json_decode_fields(body, specs, n, values, &prob);
        json_decref(body);
    }
    if (st == RT_EINVAL) {
        *answered = true;
        return rt_json_problem_respond(ctx->res, &prob);
    }
    return st;
}

/* The answer to a write of specs' fields: errors, refusals, or status. */
static rt_status written(rt_ctx *ctx, rt_status st, const rt_field_error *errs, size_t n_errs,
                         int status, json_t *body)
{
    if (st == RT_EINVAL && n_errs) {
        json_decref(body);
        return rt_json_field_errors(ctx->res, errs, n_errs);
    }
    if (st == RT_EEXISTS) {
        json_decref(body);
        return rt_json_error(ctx->res, 409, "the meeting is not at that stage", NULL);
    }
    if (st != RT_OK) {
        json_decref(body);
        return st;
    }
    if (body)
        return rt_json_respond(ctx->res, status, body);
    ctx->res->status = status;
    return RT_OK;
}

rt_status rt_api_meeting_hearing(rt_ctx *ctx)
{
    size_t n;
    const rt_field_spec *specs = rt_hearing_fields(&n);
    char *v[8] = {0};
    bool answered;
    rt_status st = read_fields(ctx, specs, n, v, &answered);
    if (answered || st != RT_OK)
        return st;
    rt_field_error errs[8];
    size_t n_errs = 0;
    st = rt_app_hearing(ctx->app, ctx->who, ctx->req->params[0], ctx->req->params[1], v,
                        ctx->req->client_addr, ctx->now, errs, &n_errs);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    return written(ctx, st, errs, n_errs, 204, NULL);
}

rt_status rt_api_meeting_action(rt_ctx *ctx)
{
    size_t n;
    const rt_field_spec *specs = rt_action_fields(&n);
    char *v[8] = {0};
    bool answered;
    rt_status st = read_fields(ctx, specs, n, v, &answered);
    if (answered || st != RT_OK)
        return st;
    rt_field_error errs[8];
    size_t n_errs = 0;
    char saved[RT_ID_HEX + 1];
    st = rt_app_action_add(ctx->app, ctx->who, ctx->req->params[0], ctx->req->params[1], v,
                           ctx->req->client_addr, ctx->now, errs, &n_errs, saved);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    return written(ctx, st, errs, n_errs, 201,
                   st == RT_OK ? json_pack("{s:s}", "id", saved) : NULL);
}

rt_status rt_api_meeting_research(rt_ctx *ctx)
{
    size_t n;
    const rt_field_spec *specs = rt_research_fields(&n);
    char *v[8] = {0};
    bool answered;
    rt_status st = read_fields(ctx, specs, n, v, &answered);
    if (answered || st != RT_OK)
        return st;
    rt_field_error errs[8];
    size_t n_errs = 0;
    st = rt_app_research(ctx->app, ctx->who, ctx->req->params[0], ctx->req->params[1], v,
                         ctx->req->client_addr, ctx->now, errs, &n_errs);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    return written(ctx, st, errs, n_errs, 204, NULL);
}

rt_status rt_api_actions(rt_ctx *ctx)
{
    const char *agency = rt_req_query(ctx->req, "agency");
    const char *overdue = rt_req_query(ctx->req, "overdue");
    if (overdue && strcmp(overdue, "true") != 0 && strcmp(overdue, "false") != 0)
        return rt_json_error(ctx->res, 400, "overdue must be true or false", "overdue");
    rt_action_row *rows;
    size_t n;
    rt_status st = rt_app_actions(ctx->app, ctx->who, agency && *agency ? agency : NULL,
                                  overdue && strcmp(overdue, "true") == 0,
                                  ctx->req->client_addr, ctx->now, &rows, &n);
    if (st != RT_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        json_t *o = action_json(&rows[i].a);
        if (o && (json_object_set_new(o, "overdue", json_boolean(rows[i].overdue)) != 0 ||
                  json_object_set_new(o, "person", json_string(rows[i].person)) != 0 ||
                  json_object_set_new(o, "meeting_held_on", json_string(rows[i].held_on)) != 0)) {
            json_decref(o);
            o = NULL;
        }
        rt_json_array_push(&arr, o);
    }
    rt_action_rows_free(rows, n);
    return arr ? rt_json_respond(ctx->res, 200, json_pack("{s:o}", "actions", arr)) : RT_ENOMEM;
}

rt_status rt_api_action_status(rt_ctx *ctx)
{
    json_t *body;
    rt_json_problem prob = {0};
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    if (st != RT_OK)
        return st;
    static const char *const allowed[] = {"status", "reason", NULL};
    const char *to = NULL;
    json_t *reason = json_object_get(body, "reason");
    st = rt_json_only(body, allowed, &prob);
    if (st == RT_OK)
        st = rt_json_get_string(body, "status", &to, &prob);
    if (st == RT_OK && reason && !json_is_string(reason))
        st = rt_json_problem_set(&prob, "reason", "reason must be a string");
    if (st == RT_EINVAL) {
        json_decref(body);
        return rt_json_problem_respond(ctx->res, &prob);
    }
    const char *field = NULL, *why = NULL;
    if (st == RT_OK)
        st = rt_app_action_move(ctx->app, ctx->who, ctx->req->params[0], to,
                                reason ? json_string_value(reason) : NULL, ctx->req->client_addr,
                                ctx->now, &field, &why);
    json_decref(body);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 422, why, field);
    if (st != RT_OK)
        return st;
    ctx->res->status = 204;
    return RT_OK;
}

rt_status rt_api_transfer(rt_ctx *ctx)
{
    static const char *const keys[] = {"marac", "note", NULL};
    json_t *root;
    const char *v[2];
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &root, v, &st))
        return st;
    const char *field = NULL;
    st = rt_app_transfer(ctx->app, ctx->who, ctx->req->params[0], v[0], v[1],
                         ctx->req->client_addr, ctx->now, &field);
    json_decref(root);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 422,
                             strcmp(field, "marac") == 0
                                 ? "marac must be another Marac"
                                 : "note must say why, in 10 to 2000 characters",
                             field);
    if (st != RT_OK)
        return st;
    ctx->res->status = 204;
    return RT_OK;
}

/* Answers a refused change of a Marac's staff: 404 naming the Marac or
 * the user, 422 for a user who is neither coordinator nor chair. */
static rt_status staff_refused(rt_ctx *ctx, rt_status st, const char *field)
{
    if (st == RT_ENOTFOUND)
        return rt_json_error(ctx->res, 404,
                             strcmp(field, "marac") == 0 ? "no such Marac"
                                                         : "no such user on this Marac's staff",
                             field);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 422, "username must be a coordinator or chair", field);
    return st;
}

rt_status rt_api_marac_staff_add(rt_ctx *ctx)
{
    static const char *const keys[] = {"username", NULL};
    json_t *root;
    const char *v[1];
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &root, v, &st))
        return st;
    const char *field = NULL;
    st = rt_app_marac_staff_set(ctx->app, ctx->who, ctx->req->params[0], v[0], false,
                                ctx->req->client_addr, ctx->now, &field);
    if (st == RT_ENOTFOUND && strcmp(field, "username") == 0) {
        json_decref(root);
        return rt_json_error(ctx->res, 404, "no such user", field);
    }
    if (st != RT_OK) {
        json_decref(root);
        return staff_refused(ctx, st, field);
    }
    st = rt_json_respond(ctx->res, 201, json_pack("{s:s, s:s}", "marac", ctx->req->params[0],
                                                  "username", v[0]));
    json_decref(root);
    return st;
}

rt_status rt_api_marac_staff_remove(rt_ctx *ctx)
{
    const char *field = NULL;
    rt_status st = rt_app_marac_staff_set(ctx->app, ctx->who, ctx->req->params[0],
                                          ctx->req->params[1], true, ctx->req->client_addr,
                                          ctx->now, &field);
    if (st != RT_OK)
        return staff_refused(ctx, st, field);
    ctx->res->status = 204;
    return RT_OK;
}

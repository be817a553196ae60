/* api_referrals.c: referrals over the API. */
#include "api.h"

#include <stdio.h>
#include <string.h>
#include "../core/access.h"
#include "json_io.h"
#include "assessment_json.h"
#include "../app/drafts.h"
#include "../app/exclusions.h"
#include "../app/referrals.h"
#include "risk_json.h"

/* A referral as the API shows it: its fields nested as on the way in,
 * plus id, agency and when it was recorded. */
static json_t *referral_json(const rt_referral *r)
{
    json_t *o = rt_json_encode_fields(rt_referral_fields(), RT_RF_COUNT, r->field);
    if (!o)
        return NULL;
    if (json_object_set_new(o, "assessment", rt_assessment_to_json(&r->risk)) != 0) {
        json_decref(o);
        return NULL;
    }
    for (int k = 0; k < RT_PARTY_KINDS; k++) {
        const rt_party_kind_info *info = rt_party_info((rt_party_kind)k);
        json_t *arr = json_array();
        for (size_t i = 0; arr && i < r->n_parties[k]; i++)
            if (json_array_append_new(arr, rt_json_encode_fields(info->fields, info->n_fields,
                                                                 r->parties[k][i].field)) != 0) {
                json_decref(arr);
                arr = NULL;
            }
        if (!arr || json_object_set_new(o, info->group, arr) != 0) {
            json_decref(o);
            return NULL;
        }
    }
    if (json_object_set_new(o, "id", json_string(r->id)) != 0 ||
        json_object_set_new(o, "agency", json_string(r->agency_code)) != 0 ||
        json_object_set_new(o, "created_at", json_integer(r->created_at)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Reads the "assessment" member (taken out of body) into r, scoring it.
 * Problems are named "assessment.<member>". */
static rt_status read_assessment(json_t *assessment, rt_referral *r, rt_date today,
                                 rt_json_problem *prob)
{
    if (!assessment || json_is_null(assessment))
        return RT_OK; /* validation reports it missing, with the other fields */
    if (!json_is_object(assessment))
        return rt_json_problem_set(prob, "assessment", "assessment must be an object");
    return rt_assessment_from_json(assessment, "assessment.", today, &r->risk, prob);
}

/* Reads the array member of one party kind (taken out of body) into r.
 * Problems are named "perpetrators[1].dob" and the like. */
static rt_status read_parties(json_t *arr, rt_party_kind k, rt_referral *r, rt_json_problem *prob)
{
    const rt_party_kind_info *info = rt_party_info(k);
    if (!arr || json_is_null(arr))
        return RT_OK;
    if (!json_is_array(arr) || json_array_size(arr) > info->max)
        return rt_json_problem_set(prob, info->group, "%s must be a list of at most %zu",
                                   info->group, info->max);
    for (size_t i = 0; i < json_array_size(arr); i++) {
        json_t *item = json_array_get(arr, i);
        char where[64];
        snprintf(where, sizeof where, "%s[%zu]", info->group, i);
        if (!json_is_object(item))
            return rt_json_problem_set(prob, where, "%s must be an object", where);
        rt_status st = rt_json_decode_fields(item, info->fields, info->n_fields,
                                             r->parties[k][i].field, prob);
        if (st == RT_EINVAL && prob->field) {
            char full[160];
            snprintf(full, sizeof full, "%s.%.80s", where, prob->field);
            char *f = strdup(full);
            if (!f)
                return RT_ENOMEM;
            free(prob->field);
            prob->field = f;
        }
        if (st != RT_OK)
            return st;
        r->n_parties[k] = i + 1;
    }
    return RT_OK;
}

/* Takes member key out of obj, returning a reference the caller drops. */
static json_t *take(json_t *obj, const char *key)
{
    json_t *v = json_incref(json_object_get(obj, key));
    if (v)
        json_object_del(obj, key);
    return v;
}

rt_status rt_api_referral_create(rt_ctx *ctx)
{
    json_t *body;
    rt_json_problem prob = {0};
    rt_referral r = {0};
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_OK) {
        /* The members that are not fields of the table are read apart. */
        json_t *assessment = take(body, "assessment");
        json_t *parties[RT_PARTY_KINDS];
        for (int k = 0; k < RT_PARTY_KINDS; k++)
            parties[k] = take(body, rt_party_info((rt_party_kind)k)->group);
        st = rt_json_decode_fields(body, rt_referral_fields(), RT_RF_COUNT, r.field, &prob);
        if (st == RT_OK)
            st = read_assessment(assessment, &r, rt_date_from_unix(ctx->now), &prob);
        for (int k = 0; k < RT_PARTY_KINDS; k++) {
            if (st == RT_OK)
                st = read_parties(parties[k], (rt_party_kind)k, &r, &prob);
            json_decref(parties[k]);
        }
        json_decref(assessment);
        json_decref(body);
    }
    if (st == RT_EINVAL) {
        rt_referral_clear(&r);
        return rt_json_problem_respond(ctx->res, &prob);
    }
    if (st != RT_OK) {
        rt_referral_clear(&r);
        return st;
    }

    rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
    size_t n_errs;
    st = rt_app_referral_submit(ctx->app, ctx->who, &r, ctx->req->client_addr, ctx->now, errs,
                                &n_errs);
    if (st == RT_EINVAL)
        st = rt_json_field_errors(ctx->res, errs, n_errs);
    else if (st == RT_OK) {
        /* Submitted from a draft: the draft has served. One that is not
         * the caller's (or is gone) leaves the referral standing. */
        const char *draft = rt_req_query(ctx->req, "draft");
        if (draft) {
            st = rt_app_draft_delete(ctx->app, ctx->who, draft, ctx->req->client_addr, ctx->now);
            if (st == RT_ENOTFOUND)
                st = RT_OK;
        }
        if (st == RT_OK)
            st = rt_json_respond(ctx->res, 201, referral_json(&r));
    }
    rt_referral_clear(&r);
    return st;
}

rt_status rt_api_referral_list(rt_ctx *ctx)
{
    rt_referral *list;
    size_t n;
    rt_status st = rt_app_referral_list(ctx->app, ctx->who, ctx->req->client_addr, ctx->now,
                                        &list, &n);
    if (st != RT_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        rt_json_array_push(&arr, referral_json(&list[i]));
    rt_referral_list_free(list, n);
    if (!arr)
        return RT_ENOMEM;
    return rt_json_respond(ctx->res, 200, json_pack("{s:o}", "referrals", arr));
}

rt_status rt_api_referral_get(rt_ctx *ctx)
{
    rt_referral r;
    rt_detail detail;
    rt_status st = rt_app_referral_get(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now, &r, &detail);
    if (st != RT_OK)
        return st;
    json_t *o = referral_json(&r);
    if (o && json_object_set_new(o, "detail", json_string(rt_detail_name(detail))) != 0) {
        json_decref(o);
        o = NULL;
    }
    st = rt_json_respond(ctx->res, 200, o);
    rt_referral_clear(&r);
    return st;
}

rt_status rt_api_referral_break_glass(rt_ctx *ctx)
{
    static const char *const keys[] = {"reason", NULL};
    const char *v[1];
    json_t *body;
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &body, v, &st))
        return st;
    st = rt_app_break_glass(ctx->app, ctx->who, ctx->req->params[0], v[0],
                            ctx->req->client_addr, ctx->now);
    json_decref(body);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 422, "reason must say why, in at least 20 characters",
                             "reason");
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, 201,
                           json_pack("{s:s, s:I}", "access", "break_glass", "expires_in",
                                     (json_int_t)RT_BREAK_GLASS_SECONDS));
}

rt_status rt_api_referral_exclude(rt_ctx *ctx)
{
    static const char *const keys[] = {"username", "reason", NULL};
    const char *v[2];
    json_t *body;
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &body, v, &st))
        return st;
    char id[RT_ID_HEX + 1];
    const char *field;
    st = rt_app_exclude(ctx->app, ctx->who, ctx->req->params[0], v[0], v[1],
                        ctx->req->client_addr, ctx->now, id, &field);
    json_decref(body);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 422,
                             strcmp(field, "reason") == 0
                                 ? "reason must say why, in at least 20 characters"
                                 : "no active user with that username",
                             field);
    if (st == RT_EEXISTS)
        return rt_json_error(ctx->res, 409, "that user is excluded from this case already",
                             field);
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, 201, json_pack("{s:s}", "id", id));
}

/* An exclusion as JSON; its reasons only when the entry carries them
 * (the auditor's reading). */
static json_t *exclusion_json(const rt_exclusion_entry *e)
{
    json_t *o = json_pack("{s:s, s:s, s:s?, s:s?, s:I, s:b, s:b}", "id", e->x.id, "referral_id",
                          e->x.referral_id, "username", e->username, "by", e->by, "created_at",
                          (json_int_t)e->x.created_at, "lifted", e->x.lifted_at != 0, "follows",
                          e->x.origin_id[0] != '\0');
    if (o && e->x.lifted_at &&
        (json_object_set_new(o, "lifted_at", json_integer(e->x.lifted_at)) != 0 ||
         json_object_set_new(o, "lifted_by", e->lifted_by ? json_string(e->lifted_by)
                                                          : json_null()) != 0)) {
        json_decref(o);
        return NULL;
    }
    if (o && e->x.reason &&
        (json_object_set_new(o, "reason", json_string(e->x.reason)) != 0 ||
         json_object_set_new(o, "lift_reason", e->x.lift_reason ? json_string(e->x.lift_reason)
                                                                : json_null()) != 0)) {
        json_decref(o);
        return NULL;
    }
    return o;
}

rt_status rt_exclusions_respond(rt_ctx *ctx, const rt_exclusion_entry *list, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        json_t *o = exclusion_json(&list[i]);
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    if (!arr)
        return RT_ENOMEM;
    return rt_json_respond(ctx->res, 200, json_pack("{s:o}", "exclusions", arr));
}

rt_status rt_api_referral_exclusions(rt_ctx *ctx)
{
    rt_exclusion_entry *list;
    size_t n;
    rt_status st = rt_app_exclusions(ctx->app, ctx->who, ctx->req->params[0],
                                     ctx->req->client_addr, ctx->now, &list, &n);
    if (st != RT_OK)
        return st;
    st = rt_exclusions_respond(ctx, list, n);
    rt_exclusion_entries_free(list, n);
    return st;
}

rt_status rt_api_referral_exclusion_lift(rt_ctx *ctx)
{
    static const char *const keys[] = {"reason", NULL};
    const char *v[1];
    json_t *body;
    rt_status st;
    if (!rt_json_body_strings(ctx->req, ctx->res, keys, &body, v, &st))
        return st;
    const char *field;
    st = rt_app_exclusion_lift(ctx->app, ctx->who, ctx->req->params[0], ctx->req->params[1],
                               v[0], ctx->req->client_addr, ctx->now, &field);
    json_decref(body);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 422, "reason must say why, in at least 20 characters",
                             field);
    if (st != RT_OK)
        return st;
    ctx->res->status = 204;
    return RT_OK;
}

rt_status rt_api_triage(rt_ctx *ctx)
{
    const char *agency = rt_req_query(ctx->req, "agency");
    const char *area_q = rt_req_query(ctx->req, "area");
    char area[5] = "";
    if (area_q && *area_q && rt_postcode_area_parse(area_q, area) != RT_OK)
        return rt_json_error(ctx->res, 400, "area must be a postcode area or district, like WM or WM3",
                             "area");
    rt_referral *list;
    size_t n;
    const char *unalloc = rt_req_query(ctx->req, "unallocated");
    if (unalloc && strcmp(unalloc, "true") != 0 && strcmp(unalloc, "false") != 0)
        return rt_json_error(ctx->res, 400, "unallocated must be true or false", "unallocated");
    rt_status st = rt_app_triage(ctx->app, ctx->who, agency && *agency ? agency : NULL,
                                 area[0] ? area : NULL, unalloc && strcmp(unalloc, "true") == 0,
                                 ctx->req->client_addr, ctx->now, &list, &n);
    if (st != RT_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        const rt_referral *r = &list[i];
        json_t *risk = r->risk.present
                           ? rt_risk_result_to_json(&(rt_risk_tool){.id = r->risk.tool,
                                                                    .version = r->risk.version},
                                                    &r->risk.result)
                           : json_null();
        json_t *o = json_pack("{s:s, s:{s:s?, s:s?, s:s?}, s:s?, s:s?, s:o?, s:I, s:I, s:b}", "id",
                              r->id, "victim", "given_name", r->field[RT_RF_VICTIM_GIVEN_NAME],
                              "family_name", r->field[RT_RF_VICTIM_FAMILY_NAME], "postcode",
                              r->field[RT_RF_VICTIM_POSTCODE], "agency",
                              r->agency_code, "referral_date", r->field[RT_RF_REFERRAL_DATE],
                              "assessment", risk, "waited_seconds",
                              (json_int_t)(ctx->now - r->created_at), "children",
                              (json_int_t)r->n_parties[RT_PARTY_CHILD], "serial_perpetrator",
                              r->serial_perpetrator);
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(o);
            json_decref(arr);
            arr = NULL;
        }
    }
    rt_referral_list_free(list, n);
    if (!arr)
        return RT_ENOMEM;
    return rt_json_respond(ctx->res, 200, json_pack("{s:o}", "queue", arr));
}

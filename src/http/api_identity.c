/* api_identity.c: likely other referrals of a person, and the
 * coordinator's decisions, over the API. */
#include "api.h"

#include <stdlib.h>
#include <string.h>
#include "../app/identity.h"
#include "json_io.h"

static json_t *match_json(const rt_match *m)
{
    const rt_referral *o = &m->other;
    const rt_link_field_info *info = rt_link_field_infos();
    json_t *why = json_array();
    for (int f = 0; why && f < RT_LF_COUNT; f++) {
        if (m->levels[f] < 0)
            continue;
        if (json_array_append_new(why, json_pack("{s:s, s:s, s:f}", "field", info[f].name,
                                                 "level", info[f].level[m->levels[f]],
                                                 "weight", m->parts[f])) != 0) {
            json_decref(why);
            why = NULL;
        }
    }
    if (!why)
        return NULL;
    json_t *decision = m->decided ? json_pack("{s:s, s:b}", "id", m->decision_id, "same", m->same)
                                  : json_null();
    return json_pack("{s:s, s:f, s:f, s:{s:s?, s:s?, s:s?, s:s?}, s:s?, s:s?, s:o, s:o?}",
                     "referral_id", o->id, "probability", m->probability, "weight", m->weight,
                     "victim", "given_name", o->field[RT_RF_VICTIM_GIVEN_NAME], "family_name",
                     o->field[RT_RF_VICTIM_FAMILY_NAME], "dob", o->field[RT_RF_VICTIM_DOB],
                     "postcode", o->field[RT_RF_VICTIM_POSTCODE], "referral_date",
                     o->field[RT_RF_REFERRAL_DATE], "agency", o->agency_code, "explanation", why,
                     "decision", decision);
}

rt_status rt_api_identity_matches(rt_ctx *ctx)
{
    rt_match *m;
    size_t n;
    rt_status st = rt_app_identity_matches(ctx->app, ctx->who, ctx->req->params[0],
                                           ctx->req->client_addr, ctx->now, &m, &n);
    if (st != RT_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        rt_json_array_push(&arr, match_json(&m[i]));
    rt_matches_free(m, n);
    if (!arr)
        return RT_ENOMEM;
    return rt_json_respond(ctx->res, 200, json_pack("{s:o}", "matches", arr));
}

rt_status rt_api_identity_decide(rt_ctx *ctx)
{
    json_t *body;
    rt_json_problem prob = {0};
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    if (st != RT_OK)
        return st;
    static const char *const allowed[] = {"other", "same", "reason", NULL};
    const char *other = NULL, *reason = NULL;
    json_t *same = json_object_get(body, "same");
    st = rt_json_only(body, allowed, &prob);
    if (st == RT_OK)
        st = rt_json_get_string(body, "other", &other, &prob);
    if (st == RT_OK)
        st = rt_json_get_string(body, "reason", &reason, &prob);
    if (st == RT_OK && !json_is_boolean(same))
        st = rt_json_problem_set(&prob, "same", "same must be true or false");
    if (st == RT_EINVAL) {
        json_decref(body);
        return rt_json_problem_respond(ctx->res, &prob);
    }
    rt_identity d;
    const char *field = NULL;
    if (st == RT_OK)
        st = rt_app_identity_decide(ctx->app, ctx->who, ctx->req->params[0], other,
                                    json_is_true(same), reason, ctx->req->client_addr, ctx->now,
                                    &d, &field);
    json_decref(body);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 400,
                             strcmp(field, "other") == 0
                                 ? "other must be the id of another referral"
                                 : "reason must say why, in 10 to 2000 characters",
                             field);
    if (st == RT_EEXISTS)
        return rt_json_error(ctx->res, 409, "a decision about these referrals stands; undo it first",
                             "other");
    if (st != RT_OK)
        return st;
    st = rt_json_respond(ctx->res, 201, json_pack("{s:s, s:s, s:s, s:b}", "id", d.id, "a", d.a,
                                                   "b", d.b, "same", d.same));
    free(d.reason);
    return st;
}

rt_status rt_api_identity_undo(rt_ctx *ctx)
{
    rt_status st = rt_app_identity_undo(ctx->app, ctx->who, ctx->req->params[0],
                                        ctx->req->client_addr, ctx->now);
    if (st == RT_OK)
        ctx->res->status = 204;
    return st;
}

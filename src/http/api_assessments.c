/* api_assessments.c: a person's assessments over time, and assessing
 * them again, over the API. */
#include "api.h"

#include "../app/assessment.h"
#include "assessment_json.h"
#include "json_io.h"

static const char *trend_name(int t)
{
    return t > 0 ? "higher" : t < 0 ? "lower" : "same";
}

rt_status rt_api_assessment_list(rt_ctx *ctx)
{
    rt_assessment_entry *e;
    size_t n;
    rt_status st = rt_app_assessment_history(ctx->app, ctx->who, ctx->req->params[0],
                                             ctx->req->client_addr, ctx->now, &e, &n);
    if (st != RT_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        json_t *a = rt_assessment_to_json(&e[i].risk);
        if (!a || json_object_set_new(a, "referral_id", json_string(e[i].referral_id)) != 0 ||
            json_object_set_new(a, "trend", i ? json_string(trend_name(e[i].trend))
                                              : json_null()) != 0 ||
            json_array_append_new(arr, a) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    rt_assessment_entries_free(e, n);
    if (!arr)
        return RT_ENOMEM;
    return rt_json_respond(ctx->res, 200, json_pack("{s:o}", "assessments", arr));
}

rt_status rt_api_assessment_create(rt_ctx *ctx)
{
    json_t *body;
    rt_json_problem prob = {0};
    rt_referral_risk k = {0};
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_OK) {
        st = rt_assessment_from_json(body, "", rt_date_from_unix(ctx->now), &k, &prob);
        json_decref(body);
    }
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    if (st == RT_OK)
        st = rt_app_assessment_add(ctx->app, ctx->who, ctx->req->params[0], &k,
                                   ctx->req->client_addr, ctx->now);
    if (st == RT_OK)
        st = rt_json_respond(ctx->res, 201, rt_assessment_to_json(&k));
    rt_referral_risk_clear(&k);
    return st;
}

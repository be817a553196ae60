/* api_meta.c: health check, the API's own description, and risk scoring
 * (a computation over what the caller sends: nothing is stored or read). */
#include "api.h"

#include "../app/admin.h"
#include "../core/embed.h"
#include "json_io.h"
#include "risk_json.h"

extern const rt_embedded_file rt_api_docs[];

const char *rt_api_openapi_text(void)
{
    const rt_embedded_file *f = rt_embed_find(rt_api_docs, "openapi.json");
    return f ? (const char *)f->data : NULL;
}

rt_status rt_api_health(rt_ctx *ctx)
{
    int version;
    rt_status st = rt_app_schema_version(ctx->app, &version);
    if (st != RT_OK)
        return rt_json_error(ctx->res, 503, "the store is not available", NULL);
    return rt_json_respond(ctx->res, 200, json_pack("{s:s}", "status", "ok"));
}

rt_status rt_api_openapi(rt_ctx *ctx)
{
    const char *doc = rt_api_openapi_text();
    if (!doc)
        return RT_ENOTFOUND;
    rt_buf_puts(&ctx->res->body, doc);
    ctx->res->status = 200;
    ctx->res->content_type = "application/json";
    return rt_buf_status(&ctx->res->body);
}

rt_status rt_api_risk_score(rt_ctx *ctx)
{
    const rt_risk_tool *tools[] = {rt_risk_default_tool()};
    json_t *result = NULL;
    rt_json_problem p = {0};
    rt_status st = rt_risk_score_json(ctx->req->body, ctx->req->body_len, tools, 1, &result, &p);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &p);
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, 200, result);
}

/* api_subject_access.c: a person's subject access export over the API. */
#include "api.h"

#include "json_io.h"
#include "subject_access_json.h"

rt_status rt_api_subject_access(rt_ctx *ctx)
{
    rt_subject_access sa;
    rt_status st = rt_app_subject_access(ctx->app, ctx->who, ctx->req->params[0],
                                         ctx->req->client_addr, ctx->now, &sa);
    if (st != RT_OK)
        return st;
    json_t *o;
    st = rt_subject_access_json(&sa, &o);
    rt_subject_access_clear(&sa);
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, 200, o);
}

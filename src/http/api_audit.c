/* api_audit.c: the audit log for auditors over the API. */
#include "api.h"

#include "../app/exclusions.h"
#include "audit_query.h"
#include "json_io.h"

rt_status rt_api_audit_search(rt_ctx *ctx)
{
    rt_audit_filter f;
    char user_id[RT_ID_HEX + 1];
    const char *field;
    rt_status st = rt_audit_query_parse(ctx, &f, user_id, &field);
    if (st == RT_EINVAL)
        return rt_json_error(ctx->res, 400, "invalid search argument", field);
    if (st == RT_ENOTFOUND)
        return rt_json_error(ctx->res, 404, "no user with that username", field);
    if (st != RT_OK)
        return st;
    rt_audit_entry *list;
    size_t n;
    st = rt_app_audit_search(ctx->app, ctx->who, &f, ctx->req->client_addr, ctx->now, &list, &n);
    if (st != RT_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        const rt_audit_entry *e = &list[i];
        json_t *o = json_pack("{s:I, s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "seq",
                              (json_int_t)e->seq, "at", (json_int_t)e->at, "user_id", e->user_id,
                              "action", e->action, "record_type", e->record_type, "record_id",
                              e->record_id, "fields", e->fields, "address", e->address, "outcome",
                              e->outcome);
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            arr = NULL;
        }
    }
    rt_audit_entry_list_free(list, n);
    if (!arr)
        return RT_ENOMEM;
    return rt_json_respond(ctx->res, 200, json_pack("{s:o}", "entries", arr));
}

rt_status rt_api_audit_verify(rt_ctx *ctx)
{
    rt_audit_report r;
    rt_status st = rt_app_audit_verify(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &r);
    if (st != RT_OK)
        return st;
    return rt_json_respond(ctx->res, 200,
                           json_pack("{s:b, s:I, s:I, s:s?}", "ok", r.ok, "checked",
                                     (json_int_t)r.checked, "bad_seq", (json_int_t)r.bad_seq,
                                     "reason", r.reason));
}

rt_status rt_api_audit_exclusions(rt_ctx *ctx)
{
    rt_exclusion_entry *list;
    size_t n;
    rt_status st = rt_app_audit_exclusions(ctx->app, ctx->who, ctx->req->client_addr, ctx->now,
                                           &list, &n);
    if (st != RT_OK)
        return st;
    st = rt_exclusions_respond(ctx, list, n);
    rt_exclusion_entries_free(list, n);
    return st;
}

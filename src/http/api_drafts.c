/* api_drafts.c: referral drafts over the API. A draft made here holds
 * the JSON body of a referral as far as it got; nothing in it is checked
 * until it is submitted (POST /api/v1/referrals?draft=ID). */
#include "api.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/drafts.h"
#include "../core/form.h"
#include "json_io.h"

/* The person's name as typed so far, for the list of drafts. */
static rt_status label_of(json_t *body, char **out)
{
    json_t *victim = json_object_get(body, "victim");
    const char *given = json_string_value(json_object_get(victim, "given_name"));
    const char *family = json_string_value(json_object_get(victim, "family_name"));
    size_t n = (given ? strlen(given) : 0) + (family ? strlen(family) : 0) + 2;
    char *l = malloc(n);
    if (!l)
        return RT_ENOMEM;
    snprintf(l, n, "%s%s%s", given ? given : "", given && family ? " " : "", family ? family : "");
    *out = l;
    return RT_OK;
}

static json_t *draft_json(const rt_draft *d)
{
    return json_pack("{s:s, s:s, s:s, s:I, s:I}", "id", d->id, "label", d->label, "format",
                     d->format == RT_DRAFT_JSON ? "json" : "form", "created_at",
                     (json_int_t)d->created_at, "updated_at", (json_int_t)d->updated_at);
}

/* Saves the body as draft id ("" for a new one) and answers status. */
static rt_status save(rt_ctx *ctx, const char *id, int status)
{
    json_t *body;
    rt_json_problem prob = {0};
    rt_status st = rt_json_parse_object(ctx->req->body, ctx->req->body_len, &body, &prob);
    if (st == RT_EINVAL)
        return rt_json_problem_respond(ctx->res, &prob);
    if (st != RT_OK)
        return st;
    rt_draft d = {.format = RT_DRAFT_JSON};
    if (id)
        snprintf(d.id, sizeof d.id, "%s", id);
    st = label_of(body, &d.label);
    if (st == RT_OK && !(d.body = json_dumps(body, JSON_COMPACT)))
        st = RT_ENOMEM;
    json_decref(body);
    if (st == RT_OK)
        st = rt_app_draft_save(ctx->app, ctx->who, &d, ctx->req->client_addr, ctx->now);
    if (st == RT_OK)
        st = rt_json_respond(ctx->res, status, draft_json(&d));
    rt_draft_clear(&d);
    return st;
}

rt_status rt_api_draft_create(rt_ctx *ctx)
{
    return save(ctx, NULL, 201);
}

rt_status rt_api_draft_update(rt_ctx *ctx)
{
    if (strlen(ctx->req->params[0]) != RT_ID_HEX)
        return RT_ENOTFOUND;
    return save(ctx, ctx->req->params[0], 200);
}

rt_status rt_api_draft_list(rt_ctx *ctx)
{
    rt_draft *list;
    size_t n;
    rt_status st = rt_app_draft_list(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &list,
                                     &n);
    if (st != RT_OK)
        return st;
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++)
        rt_json_array_push(&arr, draft_json(&list[i]));
    rt_draft_list_free(list, n);
    if (!arr)
        return RT_ENOMEM;
    return rt_json_respond(ctx->res, 200, json_pack("{s:o}", "drafts", arr));
}

/* A page's draft as an object of field name to value. */
static json_t *form_json(const char *body)
{
    rt_form f;
    if (rt_form_parse(body, strlen(body), &f, NULL) != RT_OK)
        return NULL;
    json_t *o = json_object();
    for (size_t i = 0; o && i < f.n; i++)
        if (json_object_set_new(o, f.key[i], json_string(f.value[i])) != 0) {
            json_decref(o);
            o = NULL;
        }
    rt_form_clear(&f);
    return o;
}

rt_status rt_api_draft_get(rt_ctx *ctx)
{
    rt_draft d;
    rt_status st = rt_app_draft_get(ctx->app, ctx->who, ctx->req->params[0],
                                    ctx->req->client_addr, ctx->now, &d);
    if (st != RT_OK)
        return st;
    bool json = d.format == RT_DRAFT_JSON;
    json_t *o = draft_json(&d);
    json_t *content = json ? json_loads(d.body, JSON_REJECT_DUPLICATES, NULL) : form_json(d.body);
    rt_draft_clear(&d);
    if (!o || !content) {
        json_decref(o);
        json_decref(content);
        return RT_ESTORE;
    }
    if (json_object_set_new(o, json ? "referral" : "fields", content) != 0) {
        json_decref(o);
        return RT_ENOMEM;
    }
    return rt_json_respond(ctx->res, 200, o);
}

rt_status rt_api_draft_delete(rt_ctx *ctx)
{
    rt_status st = rt_app_draft_delete(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now);
    if (st == RT_OK)
        ctx->res->status = 204;
    return st;
}

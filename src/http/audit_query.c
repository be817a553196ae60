/* audit_query.c: audit search arguments; see audit_query.h. */
#include "audit_query.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "../app/admin.h"

/* A whole number in [0, max] from s, or -1. */
static long number(const char *s, long max)
{
    if (!s || !*s)
        return -1;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    return errno || *end || v < 0 || v > max ? -1 : v;
}

rt_status rt_audit_query_parse(rt_ctx *ctx, rt_audit_filter *f, char *user_id_buf,
                               const char **field)
{
    memset(f, 0, sizeof *f);
    *field = NULL;
    const char *user = rt_req_query(ctx->req, "user");
    if (user && *user) {
        rt_user u = {0};
        rt_status st = rt_app_user_by_username(ctx->app, user, &u);
        if (st != RT_OK) {
            *field = "user";
            return st;
        }
        memcpy(user_id_buf, u.id, RT_ID_HEX + 1);
        rt_user_clear(&u);
        f->user_id = user_id_buf;
    }
    const char *action = rt_req_query(ctx->req, "action");
    if (action && *action && !rt_audit_action_filter_valid(action)) {
        *field = "action";
        return RT_EINVAL;
    }
    f->action = action && *action ? action : NULL;
    const char *record = rt_req_query(ctx->req, "record");
    f->record_id = record && *record ? record : NULL;
    static const char *const dates[] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        const char *v = rt_req_query(ctx->req, dates[i]);
        if (!v || !*v)
            continue;
        rt_date d;
        if (rt_date_parse(v, &d) != RT_OK) {
            *field = dates[i];
            return RT_EINVAL;
        }
        /* "to" includes its whole day. */
        int64_t t = (rt_date_to_days(d) + i) * 86400;
        if (i == 0)
            f->from = t;
        else
            f->to = t;
    }
    const char *limit = rt_req_query(ctx->req, "limit");
    if (limit && *limit) {
        long v = number(limit, 500);
        if (v < 1) {
            *field = "limit";
            return RT_EINVAL;
        }
        f->limit = (size_t)v;
    }
    const char *offset = rt_req_query(ctx->req, "offset");
    if (offset && *offset) {
        long v = number(offset, 1000000000L);
        if (v < 0) {
            *field = "offset";
            return RT_EINVAL;
        }
        f->offset = (size_t)v;
    }
    return RT_OK;
}

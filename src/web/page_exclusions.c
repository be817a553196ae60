/* page_exclusions.c: the exclusions of one case, for those who hold it:
 * who is excluded, since when and by whom, lifted or not (never the
 * reasons: those are the auditor's), a form to exclude someone and one to
 * lift each standing exclusion. */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "../app/exclusions.h"
#include "html.h"

static void when(rt_buf *b, int64_t at)
{
    char s[32];
    time_t t = (time_t)at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(s, sizeof s, "%Y-%m-%d %H:%M", &tm);
    rt_html_text(b, s);
}

/* A reason field (id, label) with its error, if any. */
static void reason_field(rt_buf *b, const char *id, const char *label, const char *error)
{
    rt_html_raw(b, error ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    rt_html_raw(b, "<label for=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, "\">");
    rt_html_text(b, label);
    rt_html_raw(b, "</label>\n<p class=\"hint\">At least 20 characters. Only the auditor reads "
                   "it.</p>\n");
    if (error) {
        rt_html_raw(b, "<p class=\"error\"><span class=\"visually-hidden\">Error:</span> ");
        rt_html_text(b, error);
        rt_html_raw(b, "</p>\n");
    }
    rt_html_raw(b, "<textarea rows=\"2\" maxlength=\"2000\" name=\"reason\" id=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, error ? "\" aria-invalid=\"true\"></textarea></div>\n"
                         : "\"></textarea></div>\n");
}

static void add_form(rt_ctx *ctx, const char *id, const char *field, const char *error)
{
    rt_buf *b = &ctx->res->body;
    bool user_error = error && field && strcmp(field, "username") == 0;
    rt_html_raw(b, "<section>\n<h2>Exclude someone from this case</h2>\n"
                   "<p>For a worker who knows the person causing harm or the victim personally, "
                   "or has declared a conflict. They will find nothing of this case anywhere, "
                   "whatever their role, and are not told.</p>\n"
                   "<form method=\"post\" action=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/exclusions\" novalidate>\n");
    rt_html_csrf(ctx);
    rt_html_raw(b, user_error ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    rt_html_raw(b, "<label for=\"username\">Username</label>\n");
    if (user_error) {
        rt_html_raw(b, "<p class=\"error\"><span class=\"visually-hidden\">Error:</span> ");
        rt_html_text(b, error);
        rt_html_raw(b, "</p>\n");
    }
    rt_html_raw(b, "<input id=\"username\" name=\"username\" type=\"text\" autocomplete=\"off\"");
    rt_html_raw(b, user_error ? " aria-invalid=\"true\"></div>\n" : "></div>\n");
    reason_field(b, "ex-reason", "Why",
                 error && field && strcmp(field, "reason") == 0 ? error : NULL);
    rt_html_raw(b, "<button type=\"submit\">Exclude</button>\n</form>\n</section>\n");
}

static void lift_form(rt_ctx *ctx, const char *id, const rt_exclusion_entry *e,
                      const char *error)
{
    rt_buf *b = &ctx->res->body;
    char fid[64];
    snprintf(fid, sizeof fid, "lift-%s", e->x.id);
    rt_html_raw(b, "<form method=\"post\" action=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/exclusions/");
    rt_html_attr(b, e->x.id);
    rt_html_raw(b, "/lift\" novalidate>\n");
    rt_html_csrf(ctx);
    reason_field(b, fid, "Why lift it", error);
    rt_html_raw(b, "<button type=\"submit\">Lift the exclusion</button>\n</form>\n");
}

/* The page, with an error for the add form (field, error) or for the
 * lift form of exclusion lift_id. */
static rt_status render(rt_ctx *ctx, int status, const char *field, const char *error,
                        const char *lift_id)
{
    const char *id = ctx->req->params[0];
    rt_exclusion_entry *list;
    size_t n;
    rt_status st = rt_app_exclusions(ctx->app, ctx->who, id, ctx->req->client_addr, ctx->now,
                                     &list, &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, error ? "Error: Exclusions from this case" : "Exclusions from this case");
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "excluded") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">The user is excluded from this case."
                       "</p>\n");
    if (done && strcmp(done, "lifted") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">The exclusion is lifted.</p>\n");
    if (error) {
        char anchor[80];
        snprintf(anchor, sizeof anchor, "%s%s", lift_id ? "lift-" : "",
                 lift_id                                          ? lift_id
                 : field && strcmp(field, "username") == 0 ? "username"
                                                            : "ex-reason");
        rt_html_problem(b, error, anchor);
    }
    rt_html_raw(b, "<h1>Exclusions from this case</h1>\n");
    if (!n)
        rt_html_raw(b, "<p>Nobody is excluded from this case.</p>\n");
    for (size_t i = 0; i < n; i++) {
        const rt_exclusion_entry *e = &list[i];
        rt_html_raw(b, "<section class=\"exclusion\">\n<h2>");
        rt_html_text(b, e->username ? e->username : "(a user since removed)");
        rt_html_raw(b, e->x.lifted_at ? " (lifted)</h2>\n" : "</h2>\n");
        rt_html_raw(b, "<dl>\n<dt>Excluded</dt><dd>");
        when(b, e->x.created_at);
        rt_html_raw(b, " by ");
        rt_html_text(b, e->by ? e->by : "(unknown)");
        rt_html_raw(b, "</dd>\n");
        if (e->x.origin_id[0])
            rt_html_raw(b, "<dt>Set</dt><dd>on another referral of the same person; it "
                           "follows the person, and is lifted with the one set there</dd>\n");
        if (e->x.lifted_at) {
            rt_html_raw(b, "<dt>Lifted</dt><dd>");
            when(b, e->x.lifted_at);
            rt_html_raw(b, " by ");
            rt_html_text(b, e->lifted_by ? e->lifted_by : "(unknown)");
            rt_html_raw(b, "</dd>\n");
        }
        rt_html_raw(b, "</dl>\n");
        if (!e->x.lifted_at)
            lift_form(ctx, id, e, lift_id && strcmp(lift_id, e->x.id) == 0 ? error : NULL);
        rt_html_raw(b, "</section>\n");
    }
    rt_exclusion_entries_free(list, n);
    add_form(ctx, id, lift_id ? NULL : field, lift_id ? NULL : error);
    rt_html_raw(b, "<p><a href=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "\">Back to the referral</a></p>\n");
    return rt_page_end(ctx, status);
}

rt_status rt_page_exclusions(rt_ctx *ctx)
{
    return render(ctx, 200, NULL, NULL, NULL);
}

rt_status rt_page_exclusion_add(rt_ctx *ctx)
{
    char xid[RT_ID_HEX + 1];
    const char *field;
    rt_status st = rt_app_exclude(ctx->app, ctx->who, ctx->req->params[0],
                                  rt_form_get(ctx->form, "username"),
                                  rt_form_get(ctx->form, "reason"), ctx->req->client_addr,
                                  ctx->now, xid, &field);
    if (st == RT_EINVAL)
        return render(ctx, 422, field,
                      strcmp(field, "reason") == 0 ? "Say why, in at least 20 characters."
                                                   : "There is no active user with that "
                                                     "username.",
                      NULL);
    if (st == RT_EEXISTS)
        return render(ctx, 409, field, "That user is excluded from this case already.", NULL);
    if (st != RT_OK)
        return st;
    char loc[176];
    snprintf(loc, sizeof loc, "/referrals/%s/exclusions?done=excluded", ctx->req->params[0]);
    return rt_res_redirect(ctx->res, loc);
}

rt_status rt_page_exclusion_lift(rt_ctx *ctx)
{
    const char *field;
    rt_status st = rt_app_exclusion_lift(ctx->app, ctx->who, ctx->req->params[0],
                                         ctx->req->params[1], rt_form_get(ctx->form, "reason"),
                                         ctx->req->client_addr, ctx->now, &field);
    if (st == RT_EINVAL)
        return render(ctx, 422, field, "Say why, in at least 20 characters.",
                      ctx->req->params[1]);
    if (st != RT_OK)
        return st;
    char loc[176];
    snprintf(loc, sizeof loc, "/referrals/%s/exclusions?done=lifted", ctx->req->params[0]);
    return rt_res_redirect(ctx->res, loc);
}

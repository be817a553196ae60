/* page_drafts.c: the referrals a user saved part-way, to continue or
 * delete. Each user sees only their own. */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include "../app/drafts.h"
#include "html.h"

rt_status rt_page_drafts(rt_ctx *ctx)
{
    rt_draft *list;
    size_t n;
    rt_status st = rt_app_draft_list(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &list,
                                     &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Your draft referrals");
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "saved") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">Your draft is saved. Only you can "
                       "see it.</p>\n");
    if (done && strcmp(done, "deleted") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">The draft is deleted.</p>\n");
    rt_buf_printf(b, "<h1>Your draft referrals</h1>\n<p class=\"lead\">Referrals you saved "
                     "part-way. Only you can see them; nothing is checked until you submit. "
                     "A draft untouched for %d days is deleted.</p>\n",
                  RT_DRAFT_KEEP_DAYS);
    if (!n) {
        rt_html_raw(b, "<p>You have no drafts.</p>\n");
    } else {
        rt_html_raw(b, "<table class=\"drafts\">\n<caption>Drafts, last saved first</caption>\n"
                       "<thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Last saved"
                       "</th><th scope=\"col\">Made through</th><th scope=\"col\"><span "
                       "class=\"visually-hidden\">Actions</span></th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < n; i++) {
            const rt_draft *d = &list[i];
            char day[11];
            rt_date_format(rt_date_from_unix(d->updated_at), day);
            const char *who = *d->label ? d->label : "No name yet";
            rt_html_raw(b, "<tr><td>");
            rt_html_text(b, who);
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, day);
            rt_html_raw(b, "</td><td>");
            rt_html_raw(b, d->format == RT_DRAFT_FORM ? "This site" : "The API");
            rt_html_raw(b, "</td><td class=\"actions\">");
            if (d->format == RT_DRAFT_FORM) {
                rt_html_raw(b, "<a href=\"/referrals/new?draft=");
                rt_html_attr(b, d->id);
                rt_html_raw(b, "\">Continue<span class=\"visually-hidden\"> the referral for ");
                rt_html_text(b, who);
                rt_html_raw(b, "</span></a> ");
            }
            rt_html_raw(b, "<form method=\"post\" action=\"/referrals/drafts/");
            rt_html_attr(b, d->id);
            rt_html_raw(b, "/delete\" class=\"inline\">");
            rt_html_csrf(ctx);
            rt_html_raw(b, "<button type=\"submit\" class=\"link\">Delete<span "
                           "class=\"visually-hidden\"> the draft for ");
            rt_html_text(b, who);
            rt_html_raw(b, "</span></button></form></td></tr>\n");
        }
        rt_html_raw(b, "</tbody>\n</table>\n");
    }
    rt_draft_list_free(list, n);
    rt_html_raw(b, "<p><a href=\"/referrals/new\">Record a new referral</a></p>\n");
    return rt_page_end(ctx, 200);
}

rt_status rt_page_draft_delete(rt_ctx *ctx)
{
    rt_status st = rt_app_draft_delete(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now);
    if (st != RT_OK)
        return st;
    return rt_res_redirect(ctx->res, "/referrals/drafts?done=deleted");
}

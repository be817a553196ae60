/* page_subject_access.c: a subject access request for the person a
 * referral is about: the coordinator's page, and the two downloads (a
 * readable HTML document and structured JSON). */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../http/subject_access_json.h"
#include "html.h"
#include "subject_access_doc.h"

rt_status rt_page_subject_access(rt_ctx *ctx)
{
    /* Read through the audited operation: the page names the person, and
     * an unknown or excluded referral is 404 like anywhere else. */
    rt_referral r;
    rt_detail detail;
    rt_status st = rt_app_referral_get(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now, &r, &detail);
    if (st != RT_OK)
        return st;
    if (detail < RT_DETAIL_FULL) {
        rt_referral_clear(&r);
        return RT_ENOTFOUND;
    }
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Subject access request");
    rt_html_raw(b, "<h1>Subject access request</h1>\n<p>For ");
    rt_html_text(b, r.field[RT_RF_VICTIM_GIVEN_NAME]);
    rt_html_raw(b, " ");
    rt_html_text(b, r.field[RT_RF_VICTIM_FAMILY_NAME]);
    rt_html_raw(b, ", starting from referral <span class=\"ref\">");
    rt_html_text(b, r.id);
    rt_html_raw(b, "</span>.</p>\n"
                   "<p>The export holds every referral about this person (same given name, "
                   "family name and date of birth), their risk assessments, and who has seen or "
                   "changed those records, by role and agency. The referrer's name, phone "
                   "number and e-mail address are withheld as information about other "
                   "people.</p>\n"
                   "<h2>Before you hand it over</h2>\n<ul>\n"
                   "<li>Check that the person asking is the person it is about.</li>\n"
                   "<li>It holds their safe contact details: agree with them how to hand it "
                   "over so that nobody else finds it.</li>\n"
                   "<li>Read the free text (reasons and the assessor's rationale): it may name "
                   "other people, which Roundtable cannot find by itself.</li>\n"
                   "<li>Ask whether they have used other names: referrals under those are not "
                   "found by this search.</li>\n</ul>\n"
                   "<p>Each download is recorded in the audit log.</p>\n"
                   "<ul class=\"downloads\">\n<li><a class=\"button\" download href=\"/referrals/");
    rt_html_attr(b, r.id);
    rt_html_raw(b, "/subject-access.html\">Download the readable document (HTML)</a></li>\n"
                   "<li><a class=\"button\" download href=\"/referrals/");
    rt_html_attr(b, r.id);
    rt_html_raw(b, "/subject-access.json\">Download the structured data (JSON)</a></li>\n</ul>\n"
                   "<p><a href=\"/referrals/");
    rt_html_attr(b, r.id);
    rt_html_raw(b, "\">Back to the referral</a></p>\n");
    rt_referral_clear(&r);
    return rt_page_end(ctx, 200);
}

/* Answers with body (taken) as a file download named after the starting
 * referral's id, which the store wrote: never the raw path segment. */
static rt_status attach(rt_ctx *ctx, const rt_subject_access *sa, const char *type,
                        const char *ext)
{
    char disposition[96];
    int n = snprintf(disposition, sizeof disposition,
                     "attachment; filename=\"subject-access-%s.%s\"", sa->referral_id, ext);
    if (n < 0 || (size_t)n >= sizeof disposition)
        return RT_ETOOBIG;
    rt_status st = rt_res_header(ctx->res, "Content-Disposition", disposition);
    if (st != RT_OK)
        return st;
    ctx->res->status = 200;
    ctx->res->content_type = type;
    return RT_OK;
}

rt_status rt_page_subject_access_html(rt_ctx *ctx)
{
    rt_subject_access sa;
    rt_status st = rt_app_subject_access(ctx->app, ctx->who, ctx->req->params[0],
                                         ctx->req->client_addr, ctx->now, &sa);
    if (st != RT_OK)
        return st;
    rt_subject_access_html(&sa, &ctx->res->body);
    st = rt_buf_status(&ctx->res->body);
    if (st == RT_OK)
        st = attach(ctx, &sa, "text/html; charset=utf-8", "html");
    rt_subject_access_clear(&sa);
    return st;
}

rt_status rt_page_subject_access_json(rt_ctx *ctx)
{
    rt_subject_access sa;
    rt_status st = rt_app_subject_access(ctx->app, ctx->who, ctx->req->params[0],
                                         ctx->req->client_addr, ctx->now, &sa);
    if (st != RT_OK)
        return st;
    char *text = NULL;
    st = rt_subject_access_json_text(&sa, &text);
    if (st == RT_OK) {
        rt_buf_puts(&ctx->res->body, text);
        rt_buf_putc(&ctx->res->body, '\n');
        st = rt_buf_status(&ctx->res->body);
    }
    free(text);
    if (st == RT_OK)
        st = attach(ctx, &sa, "application/json", "json");
    rt_subject_access_clear(&sa);
    return st;
}

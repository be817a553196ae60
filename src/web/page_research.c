/* page_research.c: an agency's research on one listed case: what it holds,
 * facts apart from opinion, anything it will not share and why, and that
 * it has flagged its own records. Seen by that agency only. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/marac.h"
#include "html.h"

static rt_status render(rt_ctx *ctx, char **values, const rt_field_error *errs, size_t n_errs,
                        int status)
{
    rt_meeting_view v;
    rt_status st = rt_app_meeting_view(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    const rt_listed *c = NULL;
    for (size_t i = 0; i < v.n_cases; i++)
        if (strcmp(v.cases[i].mc.referral_id, ctx->req->params[1]) == 0)
            c = &v.cases[i];
    if (!c || v.m.status != RT_MEETING_RELEASED) {
        rt_meeting_view_clear(&v);
        return RT_ENOTFOUND;
    }
    size_t n;
    const rt_field_spec *specs = rt_research_fields(&n);
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, n_errs ? "Error: Research" : "Research");
    rt_html_error_summary(b, errs, n_errs, specs, n);
    rt_html_raw(b, "<h1>Research: ");
    rt_html_text(b, c->referral.field[RT_RF_VICTIM_GIVEN_NAME]);
    rt_html_raw(b, " ");
    rt_html_text(b, c->referral.field[RT_RF_VICTIM_FAMILY_NAME]);
    rt_html_raw(b, "</h1>\n<p class=\"lead\">What your agency holds that is relevant and "
                   "proportionate to the risk, for the meeting on ");
    rt_html_text(b, v.m.held_on);
    rt_html_raw(b, ". Only your agency sees this.</p>\n<dl class=\"summary\">\n<div><dt>Born"
                   "</dt><dd>");
    rt_html_text(b, c->referral.field[RT_RF_VICTIM_DOB]);
    rt_html_raw(b, "</dd></div>\n<div><dt>Address</dt><dd>");
    rt_html_text(b, c->referral.field[RT_RF_VICTIM_ADDRESS]);
    rt_html_raw(b, " ");
    rt_html_text(b, c->referral.field[RT_RF_VICTIM_POSTCODE]);
    rt_buf_printf(b, "</dd></div>\n<div><dt>Children</dt><dd>%d</dd></div>\n</dl>\n",
                  c->children);
    rt_html_raw(b, "<form method=\"post\" novalidate action=\"/meetings/");
    rt_html_attr(b, v.m.id);
    rt_html_raw(b, "/cases/");
    rt_html_attr(b, c->mc.referral_id);
    rt_html_raw(b, "/research\">\n");
    rt_html_csrf(ctx);
    for (size_t k = 0; k < n; k++)
        rt_html_field(b, &specs[k], values ? values[k] : c->research ? c->research[k] : NULL,
                      rt_html_error_for(specs[k].key, errs, n_errs));
    rt_html_raw(b, "<button type=\"submit\">Save</button>\n</form>\n<p><a href=\"/meetings/");
    rt_html_attr(b, v.m.id);
    rt_html_raw(b, "\">Back to the meeting</a></p>\n");
    rt_meeting_view_clear(&v);
    return rt_page_end(ctx, status);
}

rt_status rt_page_research(rt_ctx *ctx)
{
    return render(ctx, NULL, NULL, 0, 200);
}

rt_status rt_page_research_post(rt_ctx *ctx)
{
    size_t n;
    const rt_field_spec *specs = rt_research_fields(&n);
    char *values[8] = {0};
    for (size_t k = 0; k < n; k++)
        values[k] = rt_form_take(ctx->form, specs[k].key);
    rt_field_error errs[8];
    size_t n_errs = 0;
    rt_status st = rt_app_research(ctx->app, ctx->who, ctx->req->params[0], ctx->req->params[1],
                                   values, ctx->req->client_addr, ctx->now, errs, &n_errs);
    if (st == RT_EINVAL && n_errs)
        st = render(ctx, values, errs, n_errs, 422);
    for (size_t k = 0; k < n; k++)
        free(values[k]);
    if (st == RT_EEXISTS)
        return RT_ENOTFOUND;
    if (st != RT_OK || n_errs)
        return st;
    char loc[96];
    snprintf(loc, sizeof loc, "/meetings/%s?done=saved", ctx->req->params[0]);
    return rt_res_redirect(ctx->res, loc);
}

/* page_referral.c: one referral, as the coordinator reads it. */
#include "pages.h"

#include "html.h"

rt_status rt_page_referral_view(rt_ctx *ctx)
{
    rt_referral r;
    rt_status st = rt_app_referral_get(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now, &r);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    const rt_field_spec *specs = rt_referral_fields();
    rt_page_begin(ctx, "Referral");
    rt_html_raw(b, "<h1>");
    rt_html_text(b, r.field[RT_RF_VICTIM_GIVEN_NAME]);
    rt_html_raw(b, " ");
    rt_html_text(b, r.field[RT_RF_VICTIM_FAMILY_NAME]);
    rt_html_raw(b, "</h1>\n<p>Referred by ");
    rt_html_text(b, r.agency_code);
    rt_html_raw(b, " on ");
    rt_html_text(b, r.field[RT_RF_REFERRAL_DATE]);
    rt_html_raw(b, ". Reference <span class=\"ref\">");
    rt_html_text(b, r.id);
    rt_html_raw(b, "</span>.</p>\n<dl class=\"summary\">\n");
    for (int i = 0; i < RT_RF_COUNT; i++) {
        rt_html_raw(b, "<div><dt>");
        rt_html_text(b, specs[i].label);
        rt_html_raw(b, "</dt><dd>");
        const char *v = r.field[i];
        const rt_choice *c = rt_field_choice(&specs[i], v);
        rt_html_text(b, c ? c->label : v ? v : "Not given");
        rt_html_raw(b, "</dd></div>\n");
    }
    rt_html_raw(b, "</dl>\n<p><a href=\"/referrals\">Back to referrals</a></p>\n");
    rt_referral_clear(&r);
    return rt_page_end(ctx, 200);
}

/* page_referrals.c: the coordinator's list of referrals received. */
#include "pages.h"

#include <time.h>
#include "../app/referrals.h"
#include "html.h"

rt_status rt_page_referral_list(rt_ctx *ctx)
{
    rt_referral *list;
    size_t n;
    rt_status st = rt_app_referral_list(ctx->app, ctx->who, ctx->req->client_addr, ctx->now,
                                        &list, &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Referrals");
    rt_buf_printf(b, "<h1>Referrals</h1>\n<p>%zu referral%s, newest first.</p>\n", n,
                  n == 1 ? "" : "s");
    if (n) {
        rt_html_raw(b, "<table>\n<caption class=\"visually-hidden\">Referrals received</caption>\n"
                       "<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Date of birth</th>"
                       "<th scope=\"col\">Referred by</th><th scope=\"col\">Referral date</th>"
                       "</tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < n; i++) {
            const rt_referral *r = &list[i];
            rt_html_raw(b, "<tr><th scope=\"row\"><a href=\"/referrals/");
            rt_html_attr(b, r->id);
            rt_html_raw(b, "\">");
            rt_html_text(b, r->field[RT_RF_VICTIM_FAMILY_NAME]);
            rt_html_raw(b, ", ");
            rt_html_text(b, r->field[RT_RF_VICTIM_GIVEN_NAME]);
            rt_html_raw(b, "</a></th><td>");
            rt_html_text(b, r->field[RT_RF_VICTIM_DOB] ? r->field[RT_RF_VICTIM_DOB] : "not known");
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, r->agency_code);
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, r->field[RT_RF_REFERRAL_DATE]);
            rt_html_raw(b, "</td></tr>\n");
        }
        rt_html_raw(b, "</tbody>\n</table>\n");
    }
    rt_referral_list_free(list, n);
    return rt_page_end(ctx, 200);
}

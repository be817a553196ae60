/* page_triage.c: the triage queue. Help goes by risk, never first come
 * first served: Marac-eligible referrals first, then by score, then by
 * how long they have waited. */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include "../app/admin.h"
#include "../core/risk.h"
#include "../app/casework.h"
#include "../app/referrals.h"
#include "html.h"

static const char *criterion_label(rt_criterion c)
{
    static const char *const labels[RT_CRIT_COUNT] = {
        "Visible high risk", "Professional judgement", "Potential escalation", "Repeat"};
    return (unsigned)c < RT_CRIT_COUNT ? labels[c] : "Unknown";
}

/* "3 days", "5 hours": how long a referral has waited. */
static void waited(rt_buf *b, int64_t seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds >= 2 * 86400)
        rt_buf_printf(b, "%lld days", (long long)(seconds / 86400));
    else if (seconds >= 7200)
        rt_buf_printf(b, "%lld hours", (long long)(seconds / 3600));
    else
        rt_buf_printf(b, "%lld minutes", (long long)(seconds / 60));
}

/* Who holds the referral's case, or for an Idva manager a link to
 * allocate it. */
static void idva_cell(rt_ctx *ctx, const char *id)
{
    rt_buf *b = &ctx->res->body;
    rt_case c;
    if (rt_app_case_of_referral(ctx->app, ctx->who, id, ctx->now, &c) == RT_OK) {
        rt_html_text(b, rt_case_status_label(c.status));
    } else if (rt_policy_may(ctx->who->user.role, RT_ACT_CASE_ALLOCATE)) {
        rt_html_raw(b, "<a href=\"/referrals/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/allocate\">Allocate</a>");
    } else {
        rt_html_raw(b, "Not allocated");
    }
}

static void filters(rt_ctx *ctx, const char *chosen, const char *area, const char *area_error,
                    bool unallocated)
{
    rt_buf *b = &ctx->res->body;
    rt_agency *list;
    size_t n;
    if (rt_app_agencies(ctx->app, &list, &n) != RT_OK) {
        b->status = b->status ? b->status : RT_ESTORE;
        return;
    }
    rt_html_raw(b, "<form method=\"get\" action=\"/triage\" class=\"filter\">\n"
                   "<div class=\"field\"><label for=\"agency\">Referring agency</label>\n"
                   "<select id=\"agency\" name=\"agency\"><option value=\"\">All agencies</option>");
    for (size_t i = 0; i < n; i++) {
        rt_html_raw(b, "<option value=\"");
        rt_html_attr(b, list[i].code);
        rt_html_raw(b, chosen && strcmp(chosen, list[i].code) == 0 ? "\" selected>" : "\">");
        rt_html_text(b, list[i].name);
        rt_html_raw(b, "</option>");
    }
    rt_html_raw(b, "</select></div>\n");
    rt_html_raw(b, area_error ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    rt_html_raw(b, "<label for=\"area\">Postcode area or district</label>\n"
                   "<p class=\"hint\" id=\"area-hint\">Where the person lives, like WM or WM3"
                   "</p>\n");
    if (area_error) {
        rt_html_raw(b, "<p class=\"error\" id=\"area-error\"><span class=\"visually-hidden\">"
                       "Error:</span> ");
        rt_html_text(b, area_error);
        rt_html_raw(b, "</p>\n");
    }
    rt_html_raw(b, "<input type=\"text\" id=\"area\" name=\"area\" class=\"short\" "
                   "autocomplete=\"off\" spellcheck=\"false\" value=\"");
    rt_html_attr(b, area);
    rt_html_raw(b, area_error ? "\" aria-invalid=\"true\" aria-describedby=\"area-hint area-error\">"
                              : "\" aria-describedby=\"area-hint\">");
    rt_html_raw(b, "</div>\n<div class=\"checkbox\"><input type=\"checkbox\" id=\"unallocated\" "
                   "name=\"unallocated\" value=\"1\"");
    rt_html_raw(b, unallocated ? " checked>" : ">");
    rt_html_raw(b, "<label for=\"unallocated\">Only those not yet allocated to an Idva</label>"
                   "</div>\n<button type=\"submit\">Filter</button>\n</form>\n");
    rt_agency_list_free(list, n);
}

rt_status rt_page_triage(rt_ctx *ctx)
{
    const char *agency = rt_req_query(ctx->req, "agency");
    if (agency && !*agency)
        agency = NULL;
    const char *area_q = rt_req_query(ctx->req, "area");
    const char *unalloc = rt_req_query(ctx->req, "unallocated");
    bool unallocated = unalloc && strcmp(unalloc, "1") == 0;
    char area[5] = "";
    const char *area_error = NULL;
    if (area_q && *area_q && rt_postcode_area_parse(area_q, area) != RT_OK)
        area_error = "Enter a postcode area or district, like WM or WM3";
    rt_referral *list = NULL;
    size_t n = 0;
    /* A filter that does not read lists nothing rather than everything. */
    rt_status st = area_error ? RT_OK
                              : rt_app_triage(ctx->app, ctx->who, agency, area[0] ? area : NULL,
                                              unallocated,
                                              ctx->req->client_addr, ctx->now, &list, &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, area_error ? "Error: Triage" : "Triage");
    rt_buf_printf(b, "<h1>Triage</h1>\n<p>%zu referral%s, highest risk first: Marac-eligible, "
                     "then by score, then longest waiting.</p>\n",
                  n, n == 1 ? "" : "s");
    filters(ctx, agency, area_error ? area_q : area, area_error, unallocated);
    if (n) {
        rt_html_raw(b, "<table class=\"triage\">\n<caption class=\"visually-hidden\">Referrals "
                       "in order of risk</caption>\n<thead><tr><th scope=\"col\">Name</th>"
                       "<th scope=\"col\">Risk</th><th scope=\"col\">Why Marac</th>"
                       "<th scope=\"col\">Children</th>"
                       "<th scope=\"col\">Waiting</th><th scope=\"col\">Referred by</th>"
                       "<th scope=\"col\">Idva</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < n; i++) {
            const rt_referral *r = &list[i];
            const rt_risk_result *k = &r->risk.result;
            rt_html_raw(b, "<tr><th scope=\"row\"><a href=\"/referrals/");
            rt_html_attr(b, r->id);
            rt_html_raw(b, "\">");
            rt_html_text(b, r->field[RT_RF_VICTIM_FAMILY_NAME]);
            rt_html_raw(b, ", ");
            rt_html_text(b, r->field[RT_RF_VICTIM_GIVEN_NAME]);
            rt_html_raw(b, "</a></th><td>");
            if (r->risk.present) {
                rt_html_raw(b, "<span class=\"level level-");
                rt_html_attr(b, rt_risk_level_name(k->level));
                rt_html_raw(b, "\">");
                rt_html_text(b, rt_risk_level_name(k->level));
                rt_buf_printf(b, "</span> (score %d)", k->score);
            } else {
                rt_html_raw(b, "Not assessed");
            }
            rt_html_raw(b, "</td><td>");
            if (!k->marac_eligible)
                rt_html_raw(b, "Not eligible");
            for (int c = 0, first = 1; c < RT_CRIT_COUNT; c++)
                if (k->criteria & (1u << c)) {
                    rt_html_raw(b, first ? "" : ", ");
                    if (c == RT_CRIT_REPEAT)
                        rt_html_raw(b, "<strong class=\"flag\">");
                    rt_html_text(b, criterion_label((rt_criterion)c));
                    if (c == RT_CRIT_REPEAT)
                        rt_html_raw(b, "</strong>");
                    first = 0;
                }
            if (r->serial_perpetrator)
                rt_html_raw(b, "<br><strong class=\"flag\">Person causing harm also on another "
                               "person's referral</strong>");
            rt_html_raw(b, "</td><td>");
            if (r->n_parties[RT_PARTY_CHILD])
                rt_buf_printf(b, "<strong class=\"flag\">%zu</strong>",
                              r->n_parties[RT_PARTY_CHILD]);
            else
                rt_html_raw(b, "None recorded");
            rt_html_raw(b, "</td><td>");
            waited(b, ctx->now - r->created_at);
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, r->agency_code);
            rt_html_raw(b, "</td><td>");
            idva_cell(ctx, r->id);
            rt_html_raw(b, "</td></tr>\n");
        }
        rt_html_raw(b, "</tbody>\n</table>\n");
    }
    rt_referral_list_free(list, n);
    return rt_page_end(ctx, area_error ? 400 : 200);
}

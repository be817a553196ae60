/* page_caseload.c: a manager's view of their service's load: open cases
 * per Idva against a safe caseload for their hours, new cases in twelve
 * months, overdue work, first contacts overdue and cases open long. */
#include "pages.h"

#include <stdio.h>
#include "../app/casework.h"
#include "case_html.h"
#include "html.h"

rt_status rt_page_caseload(rt_ctx *ctx)
{
    rt_caseload_view v;
    rt_status st = rt_app_caseload(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Service caseload");
    rt_html_raw(b, "<h1>Service caseload</h1>\n");
    rt_buf_printf(b, "<p>A safe caseload is %d open cases and %d new cases a year per full-time "
                     "Idva; over %d open is not safe. First contact is due within %d working "
                     "days of referral.</p>\n",
                  v.rules.open_per_fte, v.rules.year_per_fte, v.rules.unsafe_per_fte,
                  v.rules.first_contact_days);
    rt_html_raw(b, "<p>Areas covered: ");
    rt_html_text(b, v.areas[0] ? v.areas : "none set (you triage only referrals offered to your "
                                           "service)");
    rt_html_raw(b, "</p>\n");
    if (!v.n_lines) {
        rt_html_raw(b, "<p>Your service has no active Idvas.</p>\n");
    } else {
        rt_html_raw(b, "<table class=\"caseload\">\n<caption>Idvas</caption>\n<thead><tr>"
                       "<th scope=\"col\">Idva</th><th scope=\"col\">Hours (FTE)</th>"
                       "<th scope=\"col\">Open cases</th><th scope=\"col\">Safe caseload</th>"
                       "<th scope=\"col\">New in 12 months</th><th scope=\"col\">Overdue "
                       "tasks</th><th scope=\"col\">Load</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < v.n_lines; i++) {
            const rt_caseload_line *l = &v.lines[i];
            const rt_idva_option *o = &l->load;
            rt_html_raw(b, "<tr><th scope=\"row\">");
            rt_html_text(b, l->name);
            rt_buf_printf(b, "</th><td>%.1f%s</td><td>%d</td><td>%d</td><td>%d of %d</td>"
                             "<td>%d</td><td>",
                          o->fte, l->profile ? "" : " (assumed)", o->open, o->capacity,
                          o->this_year, o->year_capacity, l->overdue);
            bool unsafe = o->open > o->unsafe, over = o->open > o->capacity;
            rt_html_raw(b, unsafe ? "<strong class=\"flag\">Not safe</strong>"
                           : over ? "<strong class=\"flag\">Over</strong>"
                           : o->open == o->capacity ? "Full"
                                                    : "Room");
            rt_html_raw(b, "</td></tr>\n");
        }
        rt_html_raw(b, "</tbody>\n</table>\n");
    }
    rt_html_raw(b, "<h2>First contact overdue</h2>\n");
    rt_case_html_rows(b, v.late, v.n_late, true, "Open cases with first contact overdue");
    rt_buf_printf(b, "<h2>Open longer than %d days</h2>\n", v.rules.long_open_days);
    rt_case_html_rows(b, v.long_open, v.n_long_open, true, "Cases open a long time");
    rt_html_raw(b, "<p><a href=\"/reports/outcomes\">Outcomes report</a></p>\n");
    rt_caseload_view_clear(&v);
    return rt_page_end(ctx, 200);
}

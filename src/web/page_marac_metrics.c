/* page_marac_metrics.c: a Marac's meeting metrics over a period, as a page
 * and as CSV: cases per meeting, the repeat rate, each member agency's
 * attendance, actions done on time, and cases per 10,000 adult women a
 * year against the expected 40 (marac.md). Counts only. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/admin.h"
#include "../core/casework.h"
#include "../app/marac.h"
#include "html.h"

typedef struct query {
    char from[11], to[11];
    const char *marac;
} query;

static void query_of(const rt_ctx *ctx, query *q)
{
    const char *from = rt_req_query(ctx->req, "from"), *to = rt_req_query(ctx->req, "to");
    rt_date today = rt_date_from_unix(ctx->now);
    snprintf(q->to, sizeof q->to, "%s", to && *to ? to : "");
    snprintf(q->from, sizeof q->from, "%s", from && *from ? from : "");
    if (!q->to[0])
        rt_date_format(today, q->to);
    if (!q->from[0])
        rt_date_format(rt_date_add_months(today, -12), q->from);
    q->marac = rt_req_query(ctx->req, "marac");
}

/* The first Marac the user may report on, when none was asked for. */
static void default_marac(rt_ctx *ctx, query *q, char code[65])
{
    code[0] = '\0';
    if (q->marac && *q->marac)
        return;
    /* A coordinator's or chair's own Marac first; for an analyst, the
     * first of all. */
    if (ctx->who->scope.n_maracs) {
        memcpy(code, ctx->who->scope.maracs[0], 65);
        q->marac = code;
        return;
    }
    rt_marac *m;
    size_t n;
    if (rt_app_marac_all(ctx->app, &m, &n) != RT_OK)
        return;
    if (n)
        memcpy(code, m[0].code, 65);
    free(m);
    q->marac = code;
}

static void pct(rt_buf *b, int part, int whole)
{
    int p = rt_percent(part, whole);
    if (p < 0)
        rt_html_raw(b, "no cases");
    else
        rt_buf_printf(b, "%d%% (%d of %d)", p, part, whole);
}

/* The metrics the request asks for (code holds a default Marac's). */
static rt_status load(rt_ctx *ctx, query *q, char code[65], rt_marac_metrics *m)
{
    query_of(ctx, q);
    default_marac(ctx, q, code);
    const char *field = NULL;
    return rt_app_marac_metrics(ctx->app, ctx->who, q->marac, q->from, q->to,
                                ctx->req->client_addr, ctx->now, m, &field);
}

rt_status rt_page_marac_metrics(rt_ctx *ctx)
{
    query q;
    char code[65];
    rt_marac_metrics m;
    rt_status st = load(ctx, &q, code, &m);
    if (st != RT_OK && st != RT_EINVAL)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, st == RT_EINVAL ? "Error: Marac metrics" : "Marac metrics");
    if (st == RT_EINVAL)
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p>Choose a Marac of yours and real dates, "
                       "the start not after the end.</p></div>\n");
    rt_html_raw(b, "<h1>Marac metrics</h1>\n<form method=\"get\" class=\"filter\" "
                   "action=\"/reports/marac\">\n<div class=\"field\"><label for=\"marac\">Marac"
                   "</label><input type=\"text\" id=\"marac\" name=\"marac\" maxlength=\"64\" "
                   "value=\"");
    rt_html_attr(b, q.marac);
    rt_html_raw(b, "\"></div>\n<div class=\"field\"><label for=\"from\">From</label><input "
                   "type=\"date\" id=\"from\" name=\"from\" value=\"");
    rt_html_attr(b, q.from);
    rt_html_raw(b, "\"></div>\n<div class=\"field\"><label for=\"to\">To</label><input "
                   "type=\"date\" id=\"to\" name=\"to\" value=\"");
    rt_html_attr(b, q.to);
    rt_html_raw(b, "\"></div>\n<button type=\"submit\">Show</button>\n</form>\n");
    if (st == RT_OK) {
        rt_html_raw(b, "<table class=\"outcomes\">\n<caption>");
        rt_html_text(b, m.marac.name);
        rt_html_raw(b, "</caption>\n<tbody>\n");
        rt_buf_printf(b, "<tr><th scope=\"row\">Meetings held</th><td>%d</td></tr>\n",
                      m.meetings);
        rt_buf_printf(b, "<tr><th scope=\"row\">Cases heard</th><td>%d</td></tr>\n", m.cases);
        if (m.meetings)
            rt_buf_printf(b, "<tr><th scope=\"row\">Cases per meeting</th><td>%.1f</td></tr>\n",
                          (double)m.cases / m.meetings);
        rt_html_raw(b, "<tr><th scope=\"row\">Repeats</th><td>");
        pct(b, m.repeats, m.cases);
        rt_html_raw(b, " <span class=\"meta\">(about 30% nationally)</span></td></tr>\n"
                       "<tr><th scope=\"row\">Cases with children</th><td>");
        pct(b, m.with_children, m.cases);
        rt_html_raw(b, "</td></tr>\n<tr><th scope=\"row\">Actions done by their due date</th>"
                       "<td>");
        pct(b, m.actions_on_time, m.actions_due);
        rt_html_raw(b, "</td></tr>\n<tr><th scope=\"row\">Cases a year per 10,000 adult "
                       "women</th><td>");
        if (m.per_10k < 0)
            rt_html_raw(b, "population not set");
        else
            rt_buf_printf(b, "%.1f <span class=\"meta\">(expected 40)</span>", m.per_10k);
        rt_html_raw(b, "</td></tr>\n</tbody>\n</table>\n<table>\n<caption>Attendance by "
                       "agency</caption>\n<thead><tr><th scope=\"col\">Agency</th><th "
                       "scope=\"col\">Meetings attended</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < m.n_agencies; i++) {
            rt_html_raw(b, "<tr><th scope=\"row\">");
            rt_html_text(b, m.agencies[i].agency);
            rt_html_raw(b, "</th><td>");
            pct(b, m.agencies[i].attended, m.meetings);
            rt_html_raw(b, "</td></tr>\n");
        }
        rt_html_raw(b, "</tbody>\n</table>\n<p><a download href=\"/reports/marac.csv?marac=");
        rt_html_query_value(b, q.marac);
        rt_html_raw(b, "&amp;from=");
        rt_html_query_value(b, q.from);
        rt_html_raw(b, "&amp;to=");
        rt_html_query_value(b, q.to);
        rt_html_raw(b, "\">Download as CSV</a></p>\n");
        rt_marac_metrics_clear(&m);
    }
    return rt_page_end(ctx, st == RT_EINVAL ? 400 : 200);
}

rt_status rt_page_marac_metrics_csv(rt_ctx *ctx)
{
    query q;
    char code[65];
    rt_marac_metrics m;
    rt_status st = load(ctx, &q, code, &m);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    /* Codes and numbers only; agency codes cannot start a formula. */
    rt_buf_printf(b, "measure,value,out_of\r\nmeetings,%d,\r\ncases,%d,\r\nrepeats,%d,%d\r\n"
                     "twelve_months_passed,%d,%d\r\ncases_with_children,%d,%d\r\n"
                     "actions_done_on_time,%d,%d\r\n",
                  m.meetings, m.cases, m.repeats, m.cases, m.twelve_months, m.cases,
                  m.with_children, m.cases, m.actions_on_time, m.actions_due);
    if (m.per_10k >= 0)
        rt_buf_printf(b, "cases_per_10000_women_a_year,%.1f,40\r\n", m.per_10k);
    for (size_t i = 0; i < m.n_agencies; i++)
        rt_buf_printf(b, "attendance:%s,%d,%d\r\n", m.agencies[i].agency,
                      m.agencies[i].attended, m.meetings);
    rt_marac_metrics_clear(&m);
    ctx->res->status = 200;
    ctx->res->content_type = "text/csv; charset=utf-8";
    rt_status h = rt_res_header(ctx->res, "Content-Disposition",
                                "attachment; filename=\"marac-metrics.csv\"");
    return h != RT_OK ? h : rt_buf_status(b);
}

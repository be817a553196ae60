/* page_outcomes.c: the outcomes report for a service (or, for analysts,
 * any or all), an Idva and a period, as a page and as CSV. Every
 * percentage shows the number of cases behind it; only closed cases with
 * both intake and exit measures count (idva.md). */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include "../app/admin.h"
#include "../app/casework.h"
#include "html.h"

typedef struct period {
    char from[11], to[11];
    const char *idva, *service;
} period;

/* The period asked for, or the last twelve months to today. */
static void period_of(const rt_ctx *ctx, period *p)
{
    const char *from = rt_req_query(ctx->req, "from"), *to = rt_req_query(ctx->req, "to");
    rt_date today = rt_date_from_unix(ctx->now);
    snprintf(p->to, sizeof p->to, "%s", to && *to ? to : "");
    snprintf(p->from, sizeof p->from, "%s", from && *from ? from : "");
    if (!p->to[0])
        rt_date_format(today, p->to);
    if (!p->from[0])
        rt_date_format(rt_date_add_months(today, -12), p->from);
    p->idva = rt_req_query(ctx->req, "idva");
    p->service = rt_req_query(ctx->req, "service");
    if (p->idva && !*p->idva)
        p->idva = NULL;
    if (p->service && !*p->service)
        p->service = NULL;
}

static void row(rt_buf *b, const char *label, int part, int whole)
{
    int p = rt_percent(part, whole);
    rt_html_raw(b, "<tr><th scope=\"row\">");
    rt_html_text(b, label);
    if (p < 0)
        rt_html_raw(b, "</th><td>No cases</td>");
    else
        rt_buf_printf(b, "</th><td>%d%%</td>", p);
    rt_buf_printf(b, "<td>%d</td><td>%d</td></tr>\n", part, whole);
}

static void date_field(rt_buf *b, const char *name, const char *label, const char *value)
{
    rt_html_raw(b, "<div class=\"field\"><label for=\"");
    rt_html_attr(b, name);
    rt_html_raw(b, "\">");
    rt_html_text(b, label);
    rt_html_raw(b, "</label><input type=\"date\" id=\"");
    rt_html_attr(b, name);
    rt_html_raw(b, "\" name=\"");
    rt_html_attr(b, name);
    rt_html_raw(b, "\" value=\"");
    rt_html_attr(b, value);
    rt_html_raw(b, "\"></div>\n");
}

/* For a manager, a choice of their service's Idvas (staff names, not
 * anyone's case). */
static void idva_field(rt_ctx *ctx, const char *chosen)
{
    rt_buf *b = &ctx->res->body;
    const char *agency = ctx->who->user.agency_code;
    if (ctx->who->user.role != RT_ROLE_IDVA_MANAGER || !agency)
        return;
    rt_user *users;
    size_t n;
    if (rt_app_users(ctx->app, &users, &n) != RT_OK) {
        b->status = b->status ? b->status : RT_ESTORE;
        return;
    }
    rt_html_raw(b, "<div class=\"field\"><label for=\"idva\">Idva</label>\n<select id=\"idva\" "
                   "name=\"idva\"><option value=\"\">All Idvas</option>");
    for (size_t i = 0; i < n; i++) {
        if (users[i].role != RT_ROLE_IDVA || !users[i].agency_code ||
            strcmp(users[i].agency_code, agency) != 0)
            continue;
        rt_html_raw(b, "<option value=\"");
        rt_html_attr(b, users[i].id);
        rt_html_raw(b, chosen && strcmp(chosen, users[i].id) == 0 ? "\" selected>" : "\">");
        rt_html_text(b, users[i].display_name);
        rt_html_raw(b, "</option>");
    }
    rt_html_raw(b, "</select></div>\n");
    rt_user_list_free(users, n);
}

rt_status rt_page_outcomes(rt_ctx *ctx)
{
    period p;
    period_of(ctx, &p);
    rt_outcome_tally t;
    const char *field = NULL;
    rt_status st = rt_app_outcomes(ctx->app, ctx->who, p.service, p.idva, p.from, p.to,
                                   ctx->req->client_addr, ctx->now, &t, &field);
    if (st != RT_OK && st != RT_EINVAL)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, st == RT_EINVAL ? "Error: Outcomes" : "Outcomes");
    if (st == RT_EINVAL)
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p>Enter real dates, the start not after "
                       "the end.</p></div>\n");
    rt_html_raw(b, "<h1>Outcomes</h1>\n<form method=\"get\" class=\"filter\" "
                   "action=\"/reports/outcomes\">\n");
    date_field(b, "from", "Closed from", p.from);
    date_field(b, "to", "Closed to", p.to);
    idva_field(ctx, p.idva);
    rt_html_raw(b, "<button type=\"submit\">Show</button>\n</form>\n");
    if (st == RT_OK) {
        rt_buf_printf(b, "<p>%d closed case%s with measures at intake and exit.</p>\n",
                      t.cases, t.cases == 1 ? "" : "s");
        rt_html_raw(b, "<table class=\"outcomes\">\n<caption>Outcomes, with the cases behind "
                       "each</caption>\n<thead><tr><th scope=\"col\">Measure</th><th "
                       "scope=\"col\">Share</th><th scope=\"col\">Cases</th><th scope=\"col\">"
                       "Out of</th></tr></thead>\n<tbody>\n");
        row(b, "All abuse stopped", t.abuse_stopped, t.abuse_cases);
        for (int a = 0; a < RT_ABUSE_COUNT; a++) {
            char label[80];
            snprintf(label, sizeof label, "%s stopped", rt_abuse_type_label((rt_abuse_type)a));
            row(b, label, t.type_stopped[a], t.type_cases[a]);
        }
        row(b, "Feels safer", t.safer_yes, t.safer_asked);
        row(b, "Quality of life better", t.life_yes, t.life_asked);
        row(b, "Support accepted", t.support_yes, t.cases);
        row(b, "First contact within the target", t.on_time, t.timed);
        rt_html_raw(b, "</tbody>\n</table>\n");
        if (t.cases)
            rt_buf_printf(b, "<p>On average %.1f contacts made and %.0f days from allocation to "
                             "closure per case.</p>\n",
                          (double)t.contacts / t.cases, (double)t.days / t.cases);
        rt_html_raw(b, "<p><a href=\"/reports/outcomes.csv?from=");
        rt_html_query_value(b, p.from);
        rt_html_raw(b, "&amp;to=");
        rt_html_query_value(b, p.to);
        if (p.idva) {
            rt_html_raw(b, "&amp;idva=");
            rt_html_query_value(b, p.idva);
        }
        if (p.service) {
            rt_html_raw(b, "&amp;service=");
            rt_html_query_value(b, p.service);
        }
        rt_html_raw(b, "\" download>Download as CSV</a></p>\n");
    }
    return rt_page_end(ctx, st == RT_EINVAL ? 400 : 200);
}

static void csv_row(rt_buf *b, const char *measure, int part, int whole)
{
    int p = rt_percent(part, whole);
    /* Measure names are ours: no quoting needed, none starts a formula. */
    rt_buf_printf(b, "%s,", measure);
    if (p >= 0)
        rt_buf_printf(b, "%d", p);
    rt_buf_printf(b, ",%d,%d\r\n", part, whole);
}

rt_status rt_page_outcomes_csv(rt_ctx *ctx)
{
    period p;
    period_of(ctx, &p);
    rt_outcome_tally t;
    const char *field = NULL;
    rt_status st = rt_app_outcomes(ctx->app, ctx->who, p.service, p.idva, p.from, p.to,
                                   ctx->req->client_addr, ctx->now, &t, &field);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_buf_printf(b, "measure,percent,cases,out_of\r\n");
    csv_row(b, "abuse_stopped", t.abuse_stopped, t.abuse_cases);
    for (int a = 0; a < RT_ABUSE_COUNT; a++) {
        char name[48];
        snprintf(name, sizeof name, "%s_stopped", rt_abuse_type_name((rt_abuse_type)a));
        csv_row(b, name, t.type_stopped[a], t.type_cases[a]);
    }
    csv_row(b, "feels_safer", t.safer_yes, t.safer_asked);
    csv_row(b, "quality_of_life_better", t.life_yes, t.life_asked);
    csv_row(b, "support_accepted", t.support_yes, t.cases);
    csv_row(b, "first_contact_on_time", t.on_time, t.timed);
    csv_row(b, "closed_cases_measured", t.cases, t.cases);
    ctx->res->status = 200;
    ctx->res->content_type = "text/csv; charset=utf-8";
    rt_status h = rt_res_header(ctx->res, "Content-Disposition",
                                "attachment; filename=\"outcomes.csv\"");
    return h != RT_OK ? h : rt_buf_status(b);
}

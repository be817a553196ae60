/* page_audit.c: the auditor's view of the audit log: whether the chain is
 * whole, and a search by user, action, record and dates. */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "../app/admin.h"
#include "../app/exclusions.h"
#include "../http/audit_query.h"
#include "html.h"

/* The actions the log records, by label, from the one table in core. */
static void action_select(rt_ctx *ctx)
{
    rt_buf *b = &ctx->res->body;
    const char *chosen = rt_req_query(ctx->req, "action");
    rt_html_raw(b, "<div class=\"field\"><label for=\"a-action\">Action</label>"
                   "<select id=\"a-action\" name=\"action\">\n<option value=\"\">Any</option>\n");
    for (int i = 0; i < RT_AUDIT_ACTION_COUNT; i++) {
        const char *name = rt_audit_action_name((rt_audit_action)i);
        rt_html_raw(b, "<option value=\"");
        rt_html_attr(b, name);
        rt_html_raw(b, chosen && strcmp(chosen, name) == 0 ? "\" selected>" : "\">");
        rt_html_text(b, rt_audit_action_label((rt_audit_action)i));
        rt_html_raw(b, " (");
        rt_html_text(b, name);
        rt_html_raw(b, ")</option>\n");
    }
    rt_html_raw(b, "</select></div>\n");
}

static void when_utc(rt_buf *b, int64_t at)
{
    char when[32];
    time_t t = (time_t)at;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    rt_html_text(b, when);
}

/* Every exclusion (n of list) with the reasons it was set and lifted
 * for: only the auditor reads them. */
static void exclusions(rt_ctx *ctx, const rt_exclusion_entry *list, size_t n)
{
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<section>\n<h2>Exclusions from cases</h2>\n");
    if (!n)
        rt_html_raw(b, "<p>Nobody is excluded from any case.</p>\n");
    else
        rt_html_raw(b, "<table>\n<thead><tr><th scope=\"col\">Referral</th><th scope=\"col\">"
                       "Excluded</th><th scope=\"col\">Set (UTC)</th><th scope=\"col\">By</th>"
                       "<th scope=\"col\">Why</th><th scope=\"col\">Lifted (UTC)</th>"
                       "<th scope=\"col\">By</th><th scope=\"col\">Why lifted</th></tr></thead>"
                       "\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const rt_exclusion_entry *e = &list[i];
        rt_html_raw(b, "<tr><td class=\"ref\">");
        rt_html_text(b, e->x.referral_id);
        rt_html_raw(b, "</td><td>");
        rt_html_text(b, e->username);
        rt_html_raw(b, "</td><td>");
        when_utc(b, e->x.created_at);
        rt_html_raw(b, "</td><td>");
        rt_html_text(b, e->by);
        rt_html_raw(b, "</td><td>");
        rt_html_text(b, e->x.reason);
        rt_html_raw(b, "</td><td>");
        if (e->x.lifted_at)
            when_utc(b, e->x.lifted_at);
        rt_html_raw(b, "</td><td>");
        rt_html_text(b, e->lifted_by);
        rt_html_raw(b, "</td><td>");
        rt_html_text(b, e->x.lift_reason);
        rt_html_raw(b, "</td></tr>\n");
    }
    if (n)
        rt_html_raw(b, "</tbody>\n</table>\n");
    rt_html_raw(b, "</section>\n");
}

static void search_form(rt_ctx *ctx)
{
    static const struct {
        const char *name, *label, *type;
    } inputs[] = {
        {"user", "Username", "text"},
        {"action", "Action", NULL}, /* a select of the actions the log records */
        {"record", "Record reference", "text"},
        {"from", "From", "date"},
        {"to", "To", "date"},
    };
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<form method=\"get\" action=\"/audit\" class=\"filter\">\n");
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        if (!inputs[i].type) {
            action_select(ctx);
            continue;
        }
        rt_html_raw(b, "<div class=\"field\"><label for=\"a-");
        rt_html_attr(b, inputs[i].name);
        rt_html_raw(b, "\">");
        rt_html_text(b, inputs[i].label);
        rt_html_raw(b, "</label><input id=\"a-");
        rt_html_attr(b, inputs[i].name);
        rt_html_raw(b, "\" name=\"");
        rt_html_attr(b, inputs[i].name);
        rt_html_raw(b, "\" type=\"");
        rt_html_attr(b, inputs[i].type);
        rt_html_raw(b, "\" value=\"");
        rt_html_attr(b, rt_req_query(ctx->req, inputs[i].name));
        rt_html_raw(b, "\"></div>\n");
    }
    rt_html_raw(b, "<button type=\"submit\">Search</button>\n</form>\n");
}

/* "user (role)" for an entry's user id; the system when NULL. */
static void who_did_it(rt_ctx *ctx, const char *user_id)
{
    rt_buf *b = &ctx->res->body;
    if (!user_id) {
        rt_html_raw(b, "System");
        return;
    }
    rt_user u = {0};
    if (rt_app_user_by_id(ctx->app, user_id, &u) != RT_OK) {
        rt_html_text(b, user_id);
        return;
    }
    rt_html_text(b, u.username);
    rt_html_raw(b, " (");
    rt_html_text(b, rt_role_label(u.role));
    rt_html_raw(b, ")");
    rt_user_clear(&u);
}

rt_status rt_page_audit(rt_ctx *ctx)
{
    rt_audit_filter f;
    char user_id[RT_ID_HEX + 1];
    const char *field;
    rt_status st = rt_audit_query_parse(ctx, &f, user_id, &field);
    const char *problem = NULL;
    if (st == RT_EINVAL && strcmp(field, "action") == 0)
        problem = "The action is not one the audit log records.";
    else if (st == RT_EINVAL)
        problem = "A search field is not valid: dates are YYYY-MM-DD.";
    else if (st == RT_ENOTFOUND)
        problem = "There is no user with that username.";
    else if (st != RT_OK)
        return st;
    rt_audit_report report;
    st = rt_app_audit_verify(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &report);
    if (st != RT_OK)
        return st;
    /* The reading of the exclusions' reasons is audited. */
    rt_exclusion_entry *excl;
    size_t n_excl;
    st = rt_app_audit_exclusions(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &excl,
                                 &n_excl);
    if (st != RT_OK)
        return st;
    rt_audit_entry *list = NULL;
    size_t n = 0;
    if (!problem) {
        st = rt_app_audit_search(ctx->app, ctx->who, &f, ctx->req->client_addr, ctx->now,
                                 &list, &n);
        if (st != RT_OK) {
            rt_exclusion_entries_free(excl, n_excl);
            return st;
        }
    }
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Audit log");
    rt_html_raw(b, "<h1>Audit log</h1>\n");
    if (report.ok)
        rt_buf_printf(b, "<p class=\"notice\" role=\"status\">The chain is whole: %zu entries "
                         "verified.</p>\n", report.checked);
    else
        rt_buf_printf(b, "<div class=\"error-summary\" role=\"alert\"><h2>The audit log has been "
                         "tampered with</h2><p>Entry %lld: %s.</p></div>\n",
                      (long long)report.bad_seq, report.reason);
    search_form(ctx);
    if (problem) {
        rt_html_raw(b, "<p class=\"error\" role=\"alert\">");
        rt_html_text(b, problem);
        rt_html_raw(b, "</p>\n");
    }
    rt_buf_printf(b, "<p>%zu entr%s, newest first.</p>\n", n, n == 1 ? "y" : "ies");
    if (n) {
        rt_html_raw(b, "<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">When "
                       "(UTC)</th><th scope=\"col\">Who</th><th scope=\"col\">Action</th>"
                       "<th scope=\"col\">Record</th><th scope=\"col\">Fields</th>"
                       "<th scope=\"col\">From</th><th scope=\"col\">Outcome</th></tr></thead>\n"
                       "<tbody>\n");
        for (size_t i = 0; i < n; i++) {
            const rt_audit_entry *e = &list[i];
            rt_buf_printf(b, "<tr><td>%lld</td><td>", (long long)e->seq);
            when_utc(b, e->at);
            rt_html_raw(b, "</td><td>");
            who_did_it(ctx, e->user_id);
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, e->action);
            rt_html_raw(b, "</td><td class=\"ref\">");
            rt_html_text(b, e->record_id);
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, e->fields);
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, e->address);
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, e->outcome);
            rt_html_raw(b, "</td></tr>\n");
        }
        rt_html_raw(b, "</tbody>\n</table>\n");
    }
    rt_audit_entry_list_free(list, n);
    size_t limit = f.limit ? f.limit : 100;
    if (n == limit) {
        rt_html_raw(b, "<p><a href=\"/audit?");
        static const char *const keep[] = {"user", "action", "record", "from", "to"};
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
            const char *v = rt_req_query(ctx->req, keep[i]);
            if (!v || !*v)
                continue;
            rt_html_raw(b, keep[i]);
            rt_html_raw(b, "=");
            rt_html_query_value(b, v);
            rt_html_raw(b, "&amp;");
        }
        rt_buf_printf(b, "offset=%zu\">Older entries</a></p>\n", f.offset + limit);
    }
    exclusions(ctx, excl, n_excl);
    rt_exclusion_entries_free(excl, n_excl);
    return rt_page_end(ctx, problem ? 400 : 200);
}

/* page_actions.c: the action tracker: actions agreed at the Marac, by due
 * date, overdue ones marked; the coordinator and chair see every agency's
 * (filtered by agency), everyone else their own agency's, and records
 * progress: done, not possible (what changed) or not done (why). */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/marac.h"
#include "html.h"

static void status_form(rt_ctx *ctx, const rt_action_row *r, const char *error)
{
    rt_buf *b = &ctx->res->body;
    char id[64];
    snprintf(id, sizeof id, "s-%s", r->a.id);
    rt_html_raw(b, "<form method=\"post\" novalidate class=\"filter\" action=\"/actions/");
    rt_html_attr(b, r->a.id);
    rt_html_raw(b, "/status\">");
    rt_html_csrf(ctx);
    rt_html_raw(b, "<div class=\"field\"><label for=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, "\">Progress</label><select name=\"status\" id=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, "\"><option value=\"done\">Done</option><option value=\"not_possible\">Not "
                   "possible</option>");
    if (r->a.status == RT_ACTION_OPEN)
        rt_html_raw(b, "<option value=\"not_done\">Not done</option>");
    rt_html_raw(b, "</select></div>");
    snprintf(id, sizeof id, "r-%s", r->a.id);
    rt_html_raw(b, error ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    rt_html_raw(b, "<label for=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, "\">Why (if not done or not possible)</label>");
    if (error) {
        rt_html_raw(b, "<p class=\"error\"><span class=\"visually-hidden\">Error:</span> ");
        rt_html_text(b, error);
        rt_html_raw(b, "</p>");
    }
    rt_html_raw(b, "<input type=\"text\" name=\"reason\" maxlength=\"2000\" id=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, error ? "\" aria-invalid=\"true\"></div>" : "\"></div>");
    rt_html_raw(b, "<button type=\"submit\" class=\"secondary\">Record</button></form>\n");
}

static rt_status render(rt_ctx *ctx, const char *error_for, const char *error, int status)
{
    const char *agency = rt_req_query(ctx->req, "agency");
    const char *overdue = rt_req_query(ctx->req, "overdue");
    bool only_overdue = overdue && strcmp(overdue, "1") == 0;
    rt_action_row *rows;
    size_t n;
    rt_status st = rt_app_actions(ctx->app, ctx->who, agency && *agency ? agency : NULL,
                                  only_overdue, ctx->req->client_addr, ctx->now, &rows, &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, error ? "Error: Marac actions" : "Marac actions");
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "saved") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">Progress recorded.</p>\n");
    if (error) {
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p><a href=\"#r-");
        rt_html_attr(b, error_for);
        rt_html_raw(b, "\">");
        rt_html_text(b, error);
        rt_html_raw(b, "</a></p></div>\n");
    }
    rt_html_raw(b, "<h1>Marac actions</h1>\n<form method=\"get\" class=\"filter\" "
                   "action=\"/actions\">\n<div class=\"field\"><label for=\"agency\">Agency"
                   "</label><input type=\"text\" id=\"agency\" name=\"agency\" maxlength=\"64\" "
                   "value=\"");
    rt_html_attr(b, agency);
    rt_html_raw(b, "\"></div>\n<div class=\"checkbox\"><input type=\"checkbox\" id=\"overdue\" "
                   "name=\"overdue\" value=\"1\"");
    rt_html_raw(b, only_overdue ? " checked>" : ">");
    rt_html_raw(b, "<label for=\"overdue\">Only overdue</label></div>\n<button "
                   "type=\"submit\">Show</button>\n</form>\n");
    rt_buf_printf(b, "<p>%zu action%s.</p>\n", n, n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const rt_action_row *r = &rows[i];
        rt_html_raw(b, r->overdue ? "<article class=\"entry overdue\">\n"
                                  : "<article class=\"entry\">\n");
        if (r->overdue)
            rt_html_raw(b, "<p class=\"flag\">Overdue</p>\n");
        rt_html_raw(b, "<dl class=\"item\"><div><dt>Action</dt><dd>");
        rt_html_text(b, r->values[0]);
        rt_html_raw(b, "</dd></div><div><dt>Person</dt><dd>");
        rt_html_text(b, r->person[0] ? r->person : "(not shown)");
        rt_html_raw(b, "</dd></div><div><dt>Agency</dt><dd>");
        rt_html_text(b, r->a.agency);
        rt_html_raw(b, " (");
        rt_html_text(b, r->values[2]);
        rt_html_raw(b, ")</dd></div><div><dt>Due</dt><dd>");
        rt_html_text(b, r->a.due);
        rt_html_raw(b, "</dd></div><div><dt>Agreed</dt><dd>");
        rt_html_text(b, r->held_on);
        rt_html_raw(b, "</dd></div><div><dt>Status</dt><dd>");
        rt_html_text(b, rt_action_status_label(r->a.status));
        if (r->a.reason) {
            rt_html_raw(b, ": ");
            rt_html_text(b, r->a.reason);
        }
        rt_html_raw(b, "</dd></div></dl>\n");
        if (r->a.status == RT_ACTION_OPEN || r->a.status == RT_ACTION_NOT_DONE)
            status_form(ctx, r,
                        error_for && strcmp(error_for, r->a.id) == 0 ? error : NULL);
        rt_html_raw(b, "</article>\n");
    }
    rt_action_rows_free(rows, n);
    return rt_page_end(ctx, status);
}

rt_status rt_page_actions(rt_ctx *ctx)
{
    return render(ctx, NULL, NULL, 200);
}

rt_status rt_page_action_status(rt_ctx *ctx)
{
    const char *field = NULL, *why = NULL;
    const char *to = rt_form_get(ctx->form, "status");
    const char *reason = rt_form_get(ctx->form, "reason");
    rt_status st = rt_app_action_move(ctx->app, ctx->who, ctx->req->params[0], to ? to : "",
                                      reason && *reason ? reason : NULL, ctx->req->client_addr,
                                      ctx->now, &field, &why);
    if (st == RT_EINVAL) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s %s.", strcmp(field, "reason") == 0 ? "Why" : "Progress",
                 why);
        return render(ctx, ctx->req->params[0], msg, 422);
    }
    if (st != RT_OK)
        return st;
    return rt_res_redirect(ctx->res, "/actions?done=saved");
}

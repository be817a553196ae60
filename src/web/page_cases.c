/* page_cases.c: an Idva's own caseload (a manager's: their service's):
 * open cases, oldest referral first, with what needs doing (first
 * contact due, overdue tasks). */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include "../app/casework.h"
#include "case_html.h"
#include "html.h"

rt_status rt_page_cases(rt_ctx *ctx)
{
    rt_case_row *rows;
    size_t n;
    rt_status st = rt_app_my_cases(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &rows,
                                   &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    bool manager = ctx->who->user.role == RT_ROLE_IDVA_MANAGER;
    const char *title = manager ? "Cases of my service" : "My cases";
    rt_page_begin(ctx, title);
    rt_html_raw(b, "<h1>");
    rt_html_text(b, title);
    rt_buf_printf(b, "</h1>\n<p>%zu open case%s.</p>\n", n, n == 1 ? "" : "s");
    rt_case_html_rows(b, rows, n, manager, "Open cases");
    free(rows);
    return rt_page_end(ctx, 200);
}

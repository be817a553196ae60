/* page_case_close.c: closing a case. Closing needs a reason, and the exit
 * measures or why they could not be taken (idva.md). */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/casework.h"
#include "html.h"

static rt_status render(rt_ctx *ctx, char **values, const rt_field_error *errs, size_t n_errs,
                        int status)
{
    rt_case_view v;
    rt_status st = rt_app_case_view(ctx->app, ctx->who, ctx->req->params[0],
                                    ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    if (v.detail < RT_DETAIL_FULL) {
        rt_case_view_clear(&v);
        return RT_ENOTFOUND;
    }
    size_t n;
    const rt_field_spec *specs = rt_closure_fields(&n);
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, n_errs ? "Error: Close the case" : "Close the case");
    rt_html_error_summary(b, errs, n_errs, specs, n);
    rt_html_raw(b, "<h1>Close the case</h1>\n<p class=\"lead\">Of ");
    rt_html_text(b, v.referral.field[RT_RF_VICTIM_GIVEN_NAME]);
    rt_html_raw(b, " ");
    rt_html_text(b, v.referral.field[RT_RF_VICTIM_FAMILY_NAME]);
    rt_html_raw(b, ".</p>\n");
    bool has_exit = rt_case_view_single(&v, RT_ITEM_EXIT) != NULL;
    if (!has_exit) {
        rt_html_raw(b, "<div class=\"notice\"><p>No exit measures are recorded. <a href=\""
                       "/cases/");
        rt_html_attr(b, v.c.id);
        rt_html_raw(b, "/items/exit/new\">Record them first</a>, or say below why they could "
                       "not be taken.</p></div>\n");
    }
    if (v.c.status == RT_CASE_CLOSED)
        rt_html_raw(b, "<p>This case is closed already.</p>\n");
    rt_html_raw(b, "<form method=\"post\" novalidate action=\"/cases/");
    rt_html_attr(b, v.c.id);
    rt_html_raw(b, "/close\">\n");
    rt_html_csrf(ctx);
    for (size_t i = 0; i < n; i++) {
        if (has_exit && strcmp(specs[i].key, "exit_not_taken") == 0)
            continue;
        rt_html_field(b, &specs[i], values ? values[i] : NULL,
                      rt_html_error_for(specs[i].key, errs, n_errs));
    }
    rt_html_raw(b, "<button type=\"submit\">Close the case</button>\n</form>\n"
                   "<p><a href=\"/cases/");
    rt_html_attr(b, v.c.id);
    rt_html_raw(b, "\">Back to the case</a></p>\n");
    rt_case_view_clear(&v);
    return rt_page_end(ctx, status);
}

rt_status rt_page_case_close(rt_ctx *ctx)
{
    return render(ctx, NULL, NULL, 0, 200);
}

rt_status rt_page_case_close_post(rt_ctx *ctx)
{
    size_t n;
    const rt_field_spec *specs = rt_closure_fields(&n);
    char *values[RT_ITEM_MAX_FIELDS] = {0};
    for (size_t i = 0; i < n; i++)
        values[i] = rt_form_take(ctx->form, specs[i].key);
    rt_field_error errs[RT_ITEM_MAX_FIELDS];
    size_t n_errs = 0;
    rt_status st = rt_app_case_move(ctx->app, ctx->who, ctx->req->params[0], "closed", values,
                                    NULL, ctx->req->client_addr, ctx->now, errs, &n_errs);
    bool refused = st == RT_EINVAL && n_errs;
    if (refused)
        st = render(ctx, values, errs, n_errs, 422);
    for (size_t i = 0; i < n; i++)
        free(values[i]);
    if (st != RT_OK || refused)
        return st;
    char loc[96];
    snprintf(loc, sizeof loc, "/cases/%s?done=moved", ctx->req->params[0]);
    return rt_res_redirect(ctx->res, loc);
}

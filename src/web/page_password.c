/* page_password.c: choosing a new password (required after a one-time
 * password handed out by an administrator). */
#include "pages.h"

#include <string.h>
#include "../app/signin.h"
#include "html.h"

static void password_input(rt_buf *b, const char *id, const char *label, const char *auto_,
                           const char *field, const char *error)
{
    int bad = error && field && strcmp(field, id) == 0;
    rt_html_raw(b, bad ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    rt_html_raw(b, "<label for=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, "\">");
    rt_html_text(b, label);
    rt_html_raw(b, "</label>\n");
    if (bad) {
        rt_html_raw(b, "<p class=\"error\" id=\"");
        rt_html_attr(b, id);
        rt_html_raw(b, "-error\"><span class=\"visually-hidden\">Error:</span> ");
        rt_html_text(b, label);
        rt_html_raw(b, " ");
        rt_html_text(b, error);
        rt_html_raw(b, "</p>\n");
    }
    rt_html_raw(b, "<input type=\"password\" id=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, "\" name=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, "\" autocomplete=\"");
    rt_html_attr(b, auto_);
    rt_html_raw(b, "\"");
    if (bad) {
        rt_html_raw(b, " aria-invalid=\"true\" aria-describedby=\"");
        rt_html_attr(b, id);
        rt_html_raw(b, "-error\"");
    }
    rt_html_raw(b, "></div>\n");
}

static rt_status render(rt_ctx *ctx, int status, const char *field, const char *error)
{
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, error ? "Error: Choose a new password" : "Choose a new password");
    rt_html_raw(b, "<h1>Choose a new password</h1>\n");
    if (ctx->who->user.must_change_password)
        rt_html_raw(b, "<p class=\"lead\">The password you were given works once. Choose your "
                       "own before you continue.</p>\n");
    if (error) {
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><ul><li><a href=\"#");
        rt_html_attr(b, field);
        rt_html_raw(b, "\">");
        rt_html_text(b, strcmp(field, "current_password") == 0 ? "Current password"
                        : strcmp(field, "confirm_password") == 0 ? "Confirmation"
                                                                 : "New password");
        rt_html_raw(b, " ");
        rt_html_text(b, error);
        rt_html_raw(b, "</a></li></ul></div>\n");
    }
    rt_html_raw(b, "<form method=\"post\" action=\"/account/password\" novalidate>\n");
    rt_html_csrf(ctx);
    password_input(b, "current_password", "Current password", "current-password", field, error);
    rt_html_raw(b, "<p class=\"hint\">At least 12 characters. A few unrelated words make a "
                   "strong password that is easy to remember.</p>\n");
    password_input(b, "new_password", "New password", "new-password", field, error);
    password_input(b, "confirm_password", "Confirm new password", "new-password", field, error);
    rt_html_raw(b, "<button type=\"submit\">Save password</button>\n</form>\n");
    return rt_page_end(ctx, status);
}

rt_status rt_page_password(rt_ctx *ctx)
{
    return render(ctx, 200, NULL, NULL);
}

rt_status rt_page_password_post(rt_ctx *ctx)
{
    const char *current = rt_form_get(ctx->form, "current_password");
    const char *fresh = rt_form_get(ctx->form, "new_password");
    const char *confirm = rt_form_get(ctx->form, "confirm_password");
    if (!fresh || !confirm || strcmp(fresh, confirm) != 0)
        return render(ctx, 422, "confirm_password", "does not match the new password");
    const char *field, *problem;
    rt_status st = rt_app_change_password(ctx->app, ctx->who, current, fresh,
                                          ctx->req->client_addr, ctx->now, &field, &problem);
    if (st == RT_EINVAL)
        return render(ctx, 422, field, problem);
    if (st == RT_EDENIED)
        return render(ctx, 429, "current_password",
                      "was wrong too many times; wait 15 minutes and try again");
    if (st != RT_OK)
        return st;
    return rt_res_redirect(ctx->res, "/");
}

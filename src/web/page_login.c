/* page_login.c: signing in and out with the browser. */
#include "pages.h"

#include <sodium.h>
#include "../app/signin.h"
#include "html.h"

static rt_status render(rt_ctx *ctx, int status, const char *username, const char *problem)
{
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Sign in");
    rt_html_raw(b, "<h1>Sign in</h1>\n");
    if (problem) {
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p>");
        rt_html_text(b, problem);
        rt_html_raw(b, "</p></div>\n");
    }
    rt_html_raw(b, "<form method=\"post\" action=\"/login\" novalidate>\n");
    rt_html_csrf(ctx);
    rt_html_raw(b, "<div class=\"field\"><label for=\"username\">Username</label>\n"
                   "<input id=\"username\" name=\"username\" type=\"text\" "
                   "autocomplete=\"username\" autocapitalize=\"none\" spellcheck=\"false\" value=\"");
    rt_html_attr(b, username);
    rt_html_raw(b, "\"></div>\n<div class=\"field\"><label for=\"password\">Password</label>\n"
                   "<input id=\"password\" name=\"password\" type=\"password\" "
                   "autocomplete=\"current-password\"></div>\n"
                   "<button type=\"submit\">Sign in</button>\n</form>\n");
    return rt_page_end(ctx, status);
}

rt_status rt_page_login(rt_ctx *ctx)
{
    if (ctx->who)
        return rt_res_redirect(ctx->res, "/");
    return render(ctx, 200, NULL, NULL);
}

rt_status rt_page_login_post(rt_ctx *ctx)
{
    const char *username = rt_form_get(ctx->form, "username");
    const char *password = rt_form_get(ctx->form, "password");
    if (!username || !*username || !password || !*password)
        return render(ctx, 400, username, "Enter your username and password.");
    rt_principal who;
    rt_login_outcome outcome;
    char token[RT_TOKEN_CHARS + 1];
    rt_status st = rt_app_login(ctx->app, username, password, ctx->req->client_addr, ctx->now,
                                &outcome, &who, token);
    if (st != RT_OK)
        return st;
    if (outcome == RT_LOGIN_THROTTLED)
        return render(ctx, 429, username,
                      "Too many failed attempts to sign in. Wait 15 minutes, or ask your "
                      "administrator to help.");
    if (outcome == RT_LOGIN_REFUSED)
        return render(ctx, 401, username, "The username or password is not right.");
    st = rt_set_session_cookie(ctx, token);
    sodium_memzero(token, sizeof token);
    rt_principal_clear(&who);
    if (st == RT_OK)
        st = rt_res_redirect(ctx->res, "/");
    return st;
}

rt_status rt_page_logout(rt_ctx *ctx)
{
    rt_status st = rt_app_logout(ctx->app, ctx->who, ctx->req->client_addr, ctx->now);
    if (st == RT_OK)
        st = rt_set_session_cookie(ctx, NULL);
    if (st == RT_OK)
        st = rt_res_redirect(ctx->res, "/login");
    return st;
}

/* page_account.c: your own account: who you are here, your password, and
 * signing out on every device. */
#include "pages.h"

#include <string.h>
#include "../app/signin.h"
#include "html.h"

rt_status rt_page_account(rt_ctx *ctx)
{
    rt_buf *b = &ctx->res->body;
    const rt_user *u = &ctx->who->user;
    const char *done = rt_req_query(ctx->req, "done");
    rt_page_begin(ctx, "Your account");
    rt_html_raw(b, "<h1>Your account</h1>\n");
    if (done && strcmp(done, "password") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">Your password is changed.</p>\n");
    if (done && strcmp(done, "second-factor") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">Your second factor is set up. "
                       "From now on you give a code from your app each time you sign in.</p>\n");
    rt_html_raw(b, "<dl class=\"summary\">\n<div><dt>Name</dt><dd>");
    rt_html_text(b, u->display_name);
    rt_html_raw(b, "</dd></div>\n<div><dt>Username</dt><dd>");
    rt_html_text(b, u->username);
    rt_html_raw(b, "</dd></div>\n<div><dt>Role</dt><dd>");
    rt_html_text(b, rt_role_label(u->role));
    rt_html_raw(b, "</dd></div>\n<div><dt>Agency</dt><dd>");
    rt_html_text(b, u->agency_code ? u->agency_code : "None");
    rt_html_raw(b, "</dd></div>\n<div><dt>Second factor</dt><dd>");
    rt_html_raw(b, u->second_factor ? "Authenticator app (set up)" : "None");
    rt_html_raw(b, "</dd></div>\n</dl>\n<p><a href=\"/account/password\">Change your password</a>"
                   "</p>\n");
    if (!u->second_factor)
        rt_html_raw(b, "<p><a href=\"/account/second-factor\">Set up a second factor</a>: a "
                       "code from an app on your phone, so that your password alone cannot "
                       "sign anyone in as you.</p>\n");
    rt_html_raw(b, "<h2>Signed in somewhere else?</h2>\n<p>If you left yourself signed in "
                   "on another computer, or think someone may know your password, end every "
                   "session of your account, here and on every other device.</p>\n"
                   "<form method=\"post\" action=\"/account/sessions/delete\">");
    rt_html_csrf(ctx);
    rt_html_raw(b, "<button type=\"submit\" class=\"warning\">Sign out everywhere</button></form>\n");
    return rt_page_end(ctx, 200);
}

rt_status rt_page_account_sessions_delete(rt_ctx *ctx)
{
    rt_status st = rt_app_logout_everywhere(ctx->app, ctx->who, ctx->req->client_addr, ctx->now);
    if (st == RT_OK)
        st = rt_set_session_cookie(ctx, NULL);
    if (st == RT_OK)
        st = rt_res_redirect(ctx->res, "/login");
    return st;
}

/* page_home.c: the start page: what this user can do from here. */
#include "pages.h"

#include "../core/policy.h"
#include "html.h"

static const struct {
    rt_action action;
    const char *href;
    const char *label;
    const char *about;
} tasks[] = {
    {RT_ACT_REFERRAL_CREATE, "/referrals/new", "Record a referral",
     "Refer a person at high risk to the Marac and the Idva service."},
    {RT_ACT_REFERRAL_LIST, "/referrals", "Referrals",
     "Referrals received, newest first, for the Marac list."},
};

rt_status rt_page_home(rt_ctx *ctx)
{
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Start");
    rt_html_raw(b, "<h1>Roundtable</h1>\n<p>Signed in as ");
    rt_html_text(b, ctx->who->user.display_name);
    rt_html_raw(b, " (");
    rt_html_text(b, rt_role_label(ctx->who->user.role));
    rt_html_raw(b, ").</p>\n");
    int shown = 0;
    for (size_t i = 0; i < sizeof tasks / sizeof tasks[0]; i++) {
        if (!rt_policy_may(ctx->who->user.role, tasks[i].action))
            continue;
        if (!shown++)
            rt_html_raw(b, "<ul class=\"tasks\">\n");
        rt_html_raw(b, "<li><a href=\"");
        rt_html_attr(b, tasks[i].href);
        rt_html_raw(b, "\">");
        rt_html_text(b, tasks[i].label);
        rt_html_raw(b, "</a><p>");
        rt_html_text(b, tasks[i].about);
        rt_html_raw(b, "</p></li>\n");
    }
    if (shown)
        rt_html_raw(b, "</ul>\n");
    else
        rt_html_raw(b, "<p>Your role has nothing to do on these pages yet.</p>\n");
    return rt_page_end(ctx, 200);
}

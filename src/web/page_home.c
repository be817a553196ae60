/* page_home.c: the start page: what this user can do from here. */
#include "pages.h"

#include <string.h>

#include "../app/admin.h"
#include "../app/exclusions.h"
#include "../core/policy.h"
#include <time.h>
#include "html.h"

static const struct {
    rt_action action;
    const char *href;
    const char *label;
    const char *about;
} tasks[] = {
    {RT_ACT_REFERRAL_CREATE, "/referrals/new", "Record a referral",
     "Refer a person at high risk to the Marac and the Idva service."},
    {RT_ACT_AUDIT_READ, "/audit", "Audit log",
     "Who read, changed or exported what, and whether the log is whole."},
    {RT_ACT_REFERRAL_LIST, "/triage", "Triage",
     "New referrals in order of risk: Marac-eligible first, then by score."},
    {RT_ACT_REFERRAL_LIST, "/referrals", "Referrals",
     "Referrals received, newest first, for the Marac list."},
    {RT_ACT_MEETING_READ, "/meetings", "Marac meetings",
     "Case lists, agendas, the meeting itself and its minutes."},
    {RT_ACT_ACTION_UPDATE, "/actions", "Marac actions",
     "Actions agreed at the Marac, what is overdue, and progress."},
    {RT_ACT_MARAC_METRICS, "/reports/marac", "Marac metrics",
     "Cases per meeting, repeats, attendance, actions on time, cases against the expected."},
    {RT_ACT_MARAC_STAFF, "/admin/maracs", "Marac staff",
     "Which coordinators and chairs act for which Marac."},
};

/* Notices for this user: what happened and who did it, never case
 * content, each with a button to dismiss it. */
static rt_status notices(rt_ctx *ctx)
{
    rt_notice *list;
    size_t n;
    rt_status st = rt_app_notices(ctx->app, ctx->who, &list, &n);
    if (st != RT_OK || n == 0)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<h2>Needs your attention</h2>\n<ul class=\"notices\">\n");
    for (size_t i = 0; i < n && st == RT_OK; i++) {
        rt_user about = {0};
        if (list[i].about_user_id)
            st = rt_app_user_by_id(ctx->app, list[i].about_user_id, &about);
        if (st != RT_OK)
            break;
        char when[32];
        time_t t = (time_t)list[i].created_at;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
        if (strcmp(list[i].kind, "possible_match") == 0) {
            rt_html_raw(b, "<li><strong>Possibly someone referred before.</strong> Referral "
                           "<span class=\"ref\">");
            rt_html_text(b, list[i].record_id);
            rt_html_raw(b, "</span>, recorded ");
            rt_html_text(b, when);
            rt_html_raw(b, ", may be about a person with earlier referrals. <a href=\"/referrals/");
            rt_html_attr(b, list[i].record_id);
            rt_html_raw(b, "/matches\">Check and decide</a>.");
        } else if (strcmp(list[i].kind, "transfer_in") == 0) {
            rt_html_raw(b, "<li><strong>A case has been transferred to your Marac.</strong> "
                           "Referral <span class=\"ref\">");
            rt_html_text(b, list[i].record_id);
            rt_html_raw(b, "</span>, ");
            rt_html_text(b, when);
            rt_html_raw(b, ". It will be listed at your next meeting with its open actions. "
                           "<a href=\"/referrals/");
            rt_html_attr(b, list[i].record_id);
            rt_html_raw(b, "\">Open it</a>.");
        } else if (strcmp(list[i].kind, "exclusion") == 0 ||
                   strcmp(list[i].kind, "exclusion_lifted") == 0) {
            bool lifted = strcmp(list[i].kind, "exclusion_lifted") == 0;
            rt_html_raw(b, lifted ? "<li><strong>An exclusion has been lifted</strong> "
                                    "from a case you hold: referral "
                                  : "<li><strong>Someone has been excluded</strong> "
                                    "from a case you hold: referral ");
            rt_html_raw(b, "<span class=\"ref\">");
            rt_html_text(b, list[i].record_id);
            rt_html_raw(b, "</span>, ");
            rt_html_text(b, when);
            rt_html_raw(b, ". <a href=\"/referrals/");
            rt_html_attr(b, list[i].record_id);
            rt_html_raw(b, "/exclusions\">See who</a>.");
        } else if (strcmp(list[i].kind, "list_released") == 0 ||
                   strcmp(list[i].kind, "minutes_released") == 0) {
            bool list_out = list[i].kind[0] == 'l';
            rt_html_raw(b, list_out ? "<li><strong>A Marac case list has been released.</strong> "
                                      "Research your agency's records and flag them, "
                                      "released "
                                    : "<li><strong>Minutes have been released.</strong> "
                                      "Restricted: for your agency only, released ");
            rt_html_text(b, when);
            rt_html_raw(b, ". <a href=\"/meetings/");
            rt_html_attr(b, list[i].record_id);
            rt_html_raw(b, list_out ? "\">Open the meeting</a>." : "/minutes\">Read them</a>.");
        } else {
            rt_html_raw(b, "<li><strong>Emergency access used.</strong> ");
            rt_html_text(b, about.display_name ? about.display_name : "Someone");
            rt_html_raw(b, " broke the glass on referral <span class=\"ref\">");
            rt_html_text(b, list[i].record_id);
            rt_html_raw(b, "</span> at ");
            rt_html_text(b, when);
            rt_html_raw(b, ". The reason is in the audit trail.");
        }
        rt_html_raw(b, "<form method=\"post\" action=\"/notices/");
        rt_html_attr(b, list[i].id);
        rt_html_raw(b, "/read\">");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<button type=\"submit\" class=\"link\">Dismiss</button></form></li>\n");
        rt_user_clear(&about);
    }
    rt_html_raw(b, "</ul>\n");
    rt_notice_list_free(list, n);
    return st;
}

rt_status rt_page_notice_read(rt_ctx *ctx)
{
    rt_status st = rt_app_notice_read(ctx->app, ctx->who, ctx->req->params[0],
                                        ctx->now);
    if (st != RT_OK)
        return st;
    return rt_res_redirect(ctx->res, "/");
}

rt_status rt_page_home(rt_ctx *ctx)
{
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Start");
    rt_html_raw(b, "<h1>Roundtable</h1>\n<p>Signed in as ");
    rt_html_text(b, ctx->who->user.display_name);
    rt_html_raw(b, " (");
    rt_html_text(b, rt_role_label(ctx->who->user.role));
    rt_html_raw(b, ").</p>\n");
    rt_status st = notices(ctx);
    if (st != RT_OK)
        return st;
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

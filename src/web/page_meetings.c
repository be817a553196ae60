/* page_meetings.c: the meetings of one's Maracs, latest first, and for
 * the coordinator and chair the form that schedules the next. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/admin.h"
#include "../core/policy.h"
#include "../app/marac.h"
#include "html.h"

static rt_status render(rt_ctx *ctx, const char *field, const char *message, int status)
{
    rt_meeting *m;
    size_t n;
    rt_status st = rt_app_meetings(ctx->app, ctx->who, ctx->req->client_addr, ctx->now, &m, &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, message ? "Error: Marac meetings" : "Marac meetings");
    if (message) {
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p><a href=\"#f-");
        rt_html_attr(b, field);
        rt_html_raw(b, "\">");
        rt_html_text(b, message);
        rt_html_raw(b, "</a></p></div>\n");
    }
    rt_html_raw(b, "<h1>Marac meetings</h1>\n");
    if (!n) {
        rt_html_raw(b, "<p>No meetings yet.</p>\n");
    } else {
        rt_html_raw(b, "<table>\n<caption class=\"visually-hidden\">Meetings, latest first"
                       "</caption>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Marac"
                       "</th><th scope=\"col\">Venue</th><th scope=\"col\">Stage</th></tr>"
                       "</thead>\n<tbody>\n");
        for (size_t i = 0; i < n; i++) {
            rt_html_raw(b, "<tr><th scope=\"row\"><a href=\"/meetings/");
            rt_html_attr(b, m[i].id);
            rt_html_raw(b, "\">");
            rt_html_text(b, m[i].held_on);
            rt_html_raw(b, "</a></th><td>");
            rt_html_text(b, m[i].marac);
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, m[i].venue);
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, rt_meeting_status_label(m[i].status));
            rt_html_raw(b, "</td></tr>\n");
        }
        rt_html_raw(b, "</tbody>\n</table>\n");
    }
    free(m);
    rt_marac_view *mv;
    size_t nmv;
    st = rt_app_maracs(ctx->app, ctx->who, &mv, &nmv);
    if (st != RT_OK)
        return st;
    for (size_t i = 0; i < nmv; i++) {
        rt_html_raw(b, "<h2>");
        rt_html_text(b, mv[i].marac.name);
        rt_html_raw(b, "</h2>\n<dl class=\"summary\">\n<div><dt>Areas</dt><dd>");
        rt_html_text(b, mv[i].marac.areas);
        rt_html_raw(b, "</dd></div>\n<div><dt>Information sharing protocol</dt><dd>");
        rt_html_text(b, mv[i].marac.sharing_protocol[0] ? mv[i].marac.sharing_protocol
                                                        : "Not recorded");
        rt_html_raw(b, "</dd></div>\n<div><dt>Operating protocol</dt><dd>");
        rt_html_text(b, mv[i].marac.operating_protocol[0] ? mv[i].marac.operating_protocol
                                                          : "Not recorded");
        rt_html_raw(b, "</dd></div>\n<div><dt>Member agencies</dt><dd>");
        for (size_t k = 0; k < mv[i].n_members; k++) {
            rt_html_raw(b, k ? ", " : "");
            rt_html_text(b, mv[i].members[k]);
        }
        rt_html_raw(b, "</dd></div>\n<div><dt>Representatives</dt><dd>");
        for (size_t k = 0; k < mv[i].n_reps; k++) {
            rt_html_raw(b, k ? ", " : "");
            rt_html_text(b, mv[i].reps[k].display_name);
            rt_html_raw(b, " (");
            rt_html_text(b, mv[i].reps[k].agency_code);
            rt_html_raw(b, ")");
        }
        rt_html_raw(b, mv[i].n_reps ? "" : "None recorded");
        rt_html_raw(b, "</dd></div>\n</dl>\n");
    }
    rt_marac_views_free(mv, nmv);
    if (rt_policy_may(ctx->who->user.role, RT_ACT_MARAC_MANAGE)) {
        rt_marac *mk;
        size_t nm;
        st = rt_app_marac_all(ctx->app, &mk, &nm);
        if (st != RT_OK)
            return st;
        rt_html_raw(b, "<h2>Schedule a meeting</h2>\n<form method=\"post\" novalidate "
                       "action=\"/meetings\">\n");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<div class=\"field\"><label for=\"f-marac\">Marac</label>\n<select "
                       "id=\"f-marac\" name=\"marac\">");
        for (size_t i = 0; i < nm; i++) {
            rt_html_raw(b, "<option value=\"");
            rt_html_attr(b, mk[i].code);
            rt_html_raw(b, "\">");
            rt_html_text(b, mk[i].name);
            rt_html_raw(b, "</option>");
        }
        free(mk);
        rt_html_raw(b, "</select></div>\n<div class=\"field\"><label for=\"f-held_on\">Date"
                       "</label>\n<input type=\"date\" id=\"f-held_on\" name=\"held_on\"></div>\n"
                       "<div class=\"field\"><label for=\"f-venue\">Venue</label>\n<input "
                       "type=\"text\" id=\"f-venue\" name=\"venue\" maxlength=\"200\"></div>\n"
                       "<div class=\"field\"><label for=\"f-every\">Then</label>\n<select "
                       "id=\"f-every\" name=\"every\"><option value=\"once\">Just this one"
                       "</option><option value=\"fortnightly\">Every fortnight</option><option "
                       "value=\"monthly\">Every month</option></select></div>\n<div "
                       "class=\"field\"><label for=\"f-count\">Meetings in all</label>\n<p "
                       "class=\"hint\" id=\"f-count-hint\">1 to 12</p>\n<input type=\"text\" "
                       "inputmode=\"numeric\" id=\"f-count\" name=\"count\" value=\"1\" "
                       "class=\"short\" maxlength=\"2\" aria-describedby=\"f-count-hint\">"
                       "</div>\n<button type=\"submit\">Schedule</button>\n</form>\n");
    }
    return rt_page_end(ctx, status);
}

rt_status rt_page_meetings(rt_ctx *ctx)
{
    return render(ctx, NULL, NULL, 200);
}

rt_status rt_page_meeting_create(rt_ctx *ctx)
{
    rt_meeting m;
    const char *field = NULL;
    const char *count = rt_form_get(ctx->form, "count");
    int n = count && strlen(count) <= 2 ? atoi(count) : 1;
    rt_status st = rt_app_meeting_schedule(
        ctx->app, ctx->who, rt_form_get(ctx->form, "marac"), rt_form_get(ctx->form, "held_on"),
        rt_form_get(ctx->form, "venue"), rt_form_get(ctx->form, "every"), n,
        ctx->req->client_addr, ctx->now, &m, &field);
    if (st == RT_EINVAL)
        return render(ctx, field,
                      strcmp(field, "held_on") == 0 ? "Enter the meeting's date, not in the past"
                      : strcmp(field, "venue") == 0 ? "Enter the venue"
                      : strcmp(field, "count") == 0 || strcmp(field, "every") == 0
                          ? "Schedule 1 meeting, or up to 12 fortnightly or monthly"
                          : "Choose a Marac you belong to",
                      422);
    if (st != RT_OK)
        return st;
    char loc[64];
    snprintf(loc, sizeof loc, "/meetings/%s", m.id);
    return rt_res_redirect(ctx->res, loc);
}

/* page_minutes.c: the minutes, generated from the meeting: restricted,
 * with date, venue, who attended by agency and the observers (each having
 * confirmed the confidentiality statement), and per case what was said,
 * the crimes disclosed and the actions. Approved by the chair; then
 * released only to the agencies present. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/marac.h"
#include "../core/form.h"
#include "html.h"

rt_status rt_page_minutes(rt_ctx *ctx)
{
    rt_meeting_view v;
    rt_status st = rt_app_meeting_view(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    if (!v.minutes) {
        rt_meeting_view_clear(&v);
        return RT_ENOTFOUND;
    }
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Minutes");
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "approved") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">The minutes are approved and "
                       "released to the agencies present.</p>\n");
    rt_html_raw(b, "<p class=\"marking\"><strong>RESTRICTED</strong>: for the agencies present "
                   "only. Do not copy or share further without the Marac's agreement.</p>\n"
                   "<h1>Minutes: ");
    rt_html_text(b, v.marac.name);
    rt_html_raw(b, ", ");
    rt_html_text(b, v.m.held_on);
    rt_html_raw(b, "</h1>\n<dl class=\"summary\">\n<div><dt>Venue</dt><dd>");
    rt_html_text(b, v.m.venue);
    rt_html_raw(b, "</dd></div>\n<div><dt>Status</dt><dd>");
    if (v.m.status == RT_MEETING_APPROVED) {
        rt_html_raw(b, "Approved by ");
        rt_html_text(b, v.chair_name);
    } else {
        rt_html_raw(b, "Draft, awaiting the chair's approval");
    }
    if (v.minutes_due[0]) {
        rt_html_raw(b, "</dd></div>\n<div><dt>Due to the agencies by</dt><dd>");
        rt_html_text(b, v.minutes_due);
        if (v.minutes_late)
            rt_html_raw(b, v.m.status == RT_MEETING_APPROVED
                               ? " <strong class=\"flag\">(sent late)</strong>"
                               : " <strong class=\"flag\">(overdue)</strong>");
    }
    rt_html_raw(b, "</dd></div>\n</dl>\n<h2>Present</h2>\n<ul>\n");
    for (size_t i = 0; i < v.n_attendance; i++) {
        const rt_attendance *a = &v.attendance[i];
        rt_html_raw(b, "<li>");
        rt_html_text(b, a->name);
        if (a->agency[0]) {
            rt_html_raw(b, ", ");
            rt_html_text(b, a->agency);
        }
        rt_html_raw(b, a->observer ? " (observer)" : "");
        rt_html_raw(b, ": confidentiality statement confirmed</li>\n");
    }
    rt_html_raw(b, "</ul>\n");
    size_t nh, nf;
    const rt_field_spec *hs = rt_hearing_fields(&nh), *af = rt_action_fields(&nf);
    for (size_t i = 0; i < v.n_cases; i++) {
        const rt_listed *c = &v.cases[i];
        rt_buf_printf(b, "<section class=\"case\">\n<h2>%zu. ", i + 1);
        rt_html_text(b, c->referral.field[RT_RF_VICTIM_GIVEN_NAME]);
        rt_html_raw(b, " ");
        rt_html_text(b, c->referral.field[RT_RF_VICTIM_FAMILY_NAME]);
        rt_html_raw(b, c->mc.listing == RT_LIST_REPEAT ? " (repeat)</h2>\n" : "</h2>\n");
        if (!c->mc.heard)
            rt_html_raw(b, "<p>Not heard.</p>\n");
        if (c->hearing) {
            rt_html_raw(b, "<dl class=\"item\">\n");
            for (size_t k = 0; k < nh; k++) {
                if (!c->hearing[k])
                    continue;
                rt_html_raw(b, "<div><dt>");
                rt_html_text(b, hs[k].label);
                rt_html_raw(b, "</dt><dd>");
                rt_html_text(b, c->hearing[k]);
                rt_html_raw(b, "</dd></div>\n");
            }
            rt_html_raw(b, "</dl>\n");
        }
        if (c->n_actions) {
            rt_html_raw(b, "<table>\n<caption>Actions</caption>\n<thead><tr><th scope=\"col\">"
                           "Action</th><th scope=\"col\">Agency</th><th scope=\"col\">Person"
                           "</th><th scope=\"col\">Due</th></tr></thead>\n<tbody>\n");
            for (size_t k = 0; k < c->n_actions; k++) {
                char **av = NULL;
                if (rt_form_decode_fields(af, nf, c->actions[k].body, &av) != RT_OK)
                    continue;
                rt_html_raw(b, "<tr><td>");
                rt_html_text(b, av[0]);
                rt_html_raw(b, "</td><td>");
                rt_html_text(b, c->actions[k].agency);
                rt_html_raw(b, "</td><td>");
                rt_html_text(b, av[2]);
                rt_html_raw(b, "</td><td>");
                rt_html_text(b, c->actions[k].due);
                rt_html_raw(b, "</td></tr>\n");
                for (size_t x = 0; x < nf; x++)
                    free(av[x]);
                free(av);
            }
            rt_html_raw(b, "</tbody>\n</table>\n");
        }
        rt_html_raw(b, "</section>\n");
    }
    if (v.approve) {
        rt_html_raw(b, "<form method=\"post\" class=\"no-print\" action=\"/meetings/");
        rt_html_attr(b, v.m.id);
        rt_html_raw(b, "/status\">");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<input type=\"hidden\" name=\"status\" value=\"approved\"><button "
                       "type=\"submit\">Approve and release to the agencies present</button>"
                       "</form>\n");
    }
    rt_html_raw(b, "<p class=\"no-print\"><a href=\"/meetings/");
    rt_html_attr(b, v.m.id);
    rt_html_raw(b, "\">Back to the meeting</a></p>\n");
    rt_meeting_view_clear(&v);
    return rt_page_end(ctx, 200);
}

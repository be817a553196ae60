/* page_meeting.c: one Marac meeting: where it stands, its list in agenda
 * order with repeats, children and the serial-perpetrator flag marked,
 * and what each user may do next (list, release, run, approve, research). */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include "../core/policy.h"
#include "../app/marac.h"
#include "html.h"

/* A button that posts to /meetings/{id}{path} with a hidden field. */
static void button(rt_ctx *ctx, const char *id, const char *path, const char *name,
                   const char *value, const char *label, bool secondary)
{
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<form method=\"post\" class=\"inline\" action=\"/meetings/");
    rt_html_attr(b, id);
    rt_html_raw(b, path);
    rt_html_raw(b, "\">");
    rt_html_csrf(ctx);
    if (name) {
        rt_html_raw(b, "<input type=\"hidden\" name=\"");
        rt_html_attr(b, name);
        rt_html_raw(b, "\" value=\"");
        rt_html_attr(b, value);
        rt_html_raw(b, "\">");
    }
    rt_html_raw(b, secondary ? "<button type=\"submit\" class=\"secondary\">"
                             : "<button type=\"submit\">");
    rt_html_text(b, label);
    rt_html_raw(b, "</button></form>\n");
}

static rt_status render(rt_ctx *ctx, const char *error, int status)
{
    const char *id = ctx->req->params[0];
    rt_meeting_view v;
    rt_status st = rt_app_meeting_view(ctx->app, ctx->who, id, ctx->req->client_addr, ctx->now,
                                       &v);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    char title[300];
    snprintf(title, sizeof title, "%s, %s", v.marac.name, v.m.held_on);
    rt_page_begin(ctx, title);
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "saved") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">Saved.</p>\n");
    if (error) {
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p>");
        rt_html_text(b, error);
        rt_html_raw(b, "</p></div>\n");
    }
    rt_html_raw(b, "<h1>");
    rt_html_text(b, title);
    rt_html_raw(b, "</h1>\n<dl class=\"summary\">\n<div><dt>Stage</dt><dd>");
    rt_html_text(b, rt_meeting_status_label(v.m.status));
    rt_html_raw(b, "</dd></div>\n<div><dt>Venue</dt><dd>");
    rt_html_text(b, v.m.venue);
    rt_html_raw(b, "</dd></div>\n<div><dt>Referrals close</dt><dd>");
    rt_html_text(b, v.cutoff);
    rt_html_raw(b, "</dd></div>\n<div><dt>List goes out</dt><dd>");
    rt_html_text(b, v.release);
    rt_html_raw(b, "</dd></div>\n</dl>\n");
    char today[11];
    rt_html_today(ctx, today);
    if (v.manage && v.m.status == RT_MEETING_SCHEDULED && strcmp(today, v.release) >= 0) {
        rt_html_raw(b, "<p class=\"notice\"><strong>The list is due out");
        rt_html_raw(b, strcmp(today, v.release) > 0 ? " (it was due on " : " today (");
        rt_html_text(b, v.release);
        rt_html_raw(b, ").</strong> Agencies need the working days before the meeting to "
                       "research.</p>\n");
    }
    if (v.too_long)
        rt_buf_printf(b, "<p class=\"notice\"><strong>The list is long:</strong> %zu cases at "
                         "%d minutes each will not fit in %d minutes.</p>\n",
                      v.n_cases, v.marac.rules.minutes_per_case, v.marac.rules.meeting_minutes);
    rt_html_raw(b, "<div class=\"moves\">\n<p><a href=\"/meetings/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/agenda\">Agenda</a></p>\n");
    if (v.manage && v.m.status == RT_MEETING_SCHEDULED) {
        button(ctx, id, "/propose", NULL, NULL, "List every eligible referral", true);
        button(ctx, id, "/status", "status", "released", "Release the list", false);
    }
    if (v.manage && (v.m.status == RT_MEETING_RELEASED || v.m.status == RT_MEETING_HELD)) {
        rt_html_raw(b, "<p><a class=\"button\" href=\"/meetings/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/run\">Run the meeting</a></p>\n");
    }
    if (v.minutes) {
        rt_html_raw(b, "<p><a href=\"/meetings/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/minutes\">Minutes</a></p>\n");
    }
    rt_html_raw(b, "</div>\n");
    rt_buf_printf(b, "<h2>The list</h2>\n<p>%zu case%s, in agenda order.</p>\n", v.n_cases,
                  v.n_cases == 1 ? "" : "s");
    if (v.n_cases) {
        rt_html_raw(b, "<table>\n<caption class=\"visually-hidden\">Cases on the list</caption>\n"
                       "<thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Listed as</th>"
                       "<th scope=\"col\">Children</th><th scope=\"col\">Risk</th>"
                       "<th scope=\"col\">Research</th><th scope=\"col\"><span "
                       "class=\"visually-hidden\">Actions</span></th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < v.n_cases; i++) {
            const rt_listed *c = &v.cases[i];
            const rt_referral *r = &c->referral;
            rt_html_raw(b, "<tr><th scope=\"row\"><a href=\"/referrals/");
            rt_html_attr(b, c->mc.referral_id);
            rt_html_raw(b, "\">");
            rt_html_text(b, r->field[RT_RF_VICTIM_GIVEN_NAME] ? r->field[RT_RF_VICTIM_GIVEN_NAME]
                                                               : "(not shown)");
            rt_html_raw(b, " ");
            rt_html_text(b, r->field[RT_RF_VICTIM_FAMILY_NAME]);
            rt_html_raw(b, "</a>");
            if (c->serial_perpetrator)
                rt_html_raw(b, "<br><strong class=\"flag\">Person causing harm also on another "
                               "person's referral</strong>");
            rt_html_raw(b, "</th><td>");
            if (c->mc.listing == RT_LIST_REPEAT)
                rt_html_raw(b, "<strong class=\"flag\">Repeat</strong>");
            else
                rt_html_text(b, rt_listing_label(c->mc.listing));
            rt_buf_printf(b, "</td><td>%d</td><td>", c->children);
            if (r->risk.present)
                rt_buf_printf(b, "%s (%d)", rt_risk_level_name(r->risk.result.level),
                              r->risk.result.score);
            rt_buf_printf(b, "</td><td>%d agenc%s, %d flagged", c->researched,
                          c->researched == 1 ? "y" : "ies", c->flagged);
            rt_html_raw(b, "</td><td>");
            if (v.manage && v.m.status == RT_MEETING_SCHEDULED) {
                rt_html_raw(b, "<form method=\"post\" class=\"inline\" action=\"/meetings/");
                rt_html_attr(b, id);
                rt_html_raw(b, "/cases/");
                rt_html_attr(b, c->mc.referral_id);
                rt_html_raw(b, "/remove\">");
                rt_html_csrf(ctx);
                rt_html_raw(b, "<button type=\"submit\" class=\"secondary\">Take off<span "
                               "class=\"visually-hidden\"> ");
                rt_html_text(b, r->field[RT_RF_VICTIM_FAMILY_NAME]);
                rt_html_raw(b, "</span></button></form>");
            }
            if (!v.manage && v.m.status == RT_MEETING_RELEASED &&
                rt_policy_may(ctx->who->user.role, RT_ACT_RESEARCH)) {
                rt_html_raw(b, "<a href=\"/meetings/");
                rt_html_attr(b, id);
                rt_html_raw(b, "/cases/");
                rt_html_attr(b, c->mc.referral_id);
                rt_html_raw(b, c->research ? "/research\">Change your research" 
                                           : "/research\">Record your research");
                rt_html_raw(b, "<span class=\"visually-hidden\"> on ");
                rt_html_text(b, r->field[RT_RF_VICTIM_FAMILY_NAME]);
                rt_html_raw(b, "</span></a>");
            }
            rt_html_raw(b, "</td></tr>\n");
        }
        rt_html_raw(b, "</tbody>\n</table>\n");
    }
    if (v.manage && v.m.status == RT_MEETING_SCHEDULED) {
        rt_html_raw(b, "<form method=\"post\" novalidate action=\"/meetings/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/cases\">\n");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<div class=\"field\"><label for=\"f-referral\">Add a referral by its "
                       "reference</label>\n<p class=\"hint\" id=\"f-referral-hint\">The "
                       "reference is at the end of the referral's address</p>\n<input "
                       "type=\"text\" id=\"f-referral\" name=\"referral\" class=\"ref\" "
                       "aria-describedby=\"f-referral-hint\" maxlength=\"32\" "
                       "spellcheck=\"false\"></div>\n<button type=\"submit\" "
                       "class=\"secondary\">Add to the list</button>\n</form>\n");
    }
    rt_html_raw(b, "<p><a href=\"/meetings\">All meetings</a></p>\n");
    rt_meeting_view_clear(&v);
    return rt_page_end(ctx, status);
}

rt_status rt_page_meeting(rt_ctx *ctx)
{
    return render(ctx, NULL, 200);
}

static rt_status back(rt_ctx *ctx)
{
    char loc[96];
    snprintf(loc, sizeof loc, "/meetings/%s?done=saved", ctx->req->params[0]);
    return rt_res_redirect(ctx->res, loc);
}

rt_status rt_page_meeting_propose(rt_ctx *ctx)
{
    size_t added;
    rt_status st = rt_app_meeting_propose(ctx->app, ctx->who, ctx->req->params[0],
                                          ctx->req->client_addr, ctx->now, &added);
    if (st == RT_EEXISTS)
        return render(ctx, "The list has been released already.", 409);
    return st == RT_OK ? back(ctx) : st;
}

rt_status rt_page_meeting_case_add(rt_ctx *ctx)
{
    const char *ref = rt_form_get(ctx->form, "referral");
    rt_status st = rt_app_meeting_list(ctx->app, ctx->who, ctx->req->params[0], ref ? ref : "",
                                       true, ctx->req->client_addr, ctx->now);
    if (st == RT_ENOTFOUND)
        return render(ctx, "There is no referral with that reference.", 422);
    if (st == RT_EEXISTS)
        return render(ctx, "The list has been released already.", 409);
    return st == RT_OK ? back(ctx) : st;
}

rt_status rt_page_meeting_case_remove(rt_ctx *ctx)
{
    rt_status st = rt_app_meeting_list(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->params[1], false, ctx->req->client_addr,
                                       ctx->now);
    if (st == RT_EEXISTS)
        return render(ctx, "The list has been released already.", 409);
    return st == RT_OK ? back(ctx) : st;
}

rt_status rt_page_meeting_status(rt_ctx *ctx)
{
    const char *to = rt_form_get(ctx->form, "status");
    const char *why = NULL;
    rt_status st = rt_app_meeting_move(ctx->app, ctx->who, ctx->req->params[0], to ? to : "",
                                       ctx->req->client_addr, ctx->now, &why);
    if (st == RT_EINVAL)
        return render(ctx, why, 422);
    if (st != RT_OK)
        return st;
    if (to && strcmp(to, "approved") == 0) {
        char loc[96];
        snprintf(loc, sizeof loc, "/meetings/%s/minutes?done=approved", ctx->req->params[0]);
        return rt_res_redirect(ctx->res, loc);
    }
    return back(ctx);
}

/* page_meeting_run.c: meeting mode, for a laptop projected to the room:
 * attendance (everyone confirms the confidentiality statement), then each
 * case in agenda order with what the Idva says of the person's views,
 * what agencies share, risk to children, crimes disclosed, and actions
 * typed straight in: text, owning agency, person, due date. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/admin.h"
#include "../app/marac.h"
#include "../core/form.h"
#include "html.h"

/* A select of the Marac's member agencies named name (with a "none"
 * first when none is given). */
static void agency_select(rt_ctx *ctx, const char *marac, const char *id, const char *name,
                          const char *none)
{
    rt_buf *b = &ctx->res->body;
    char(*codes)[65];
    size_t n;
    if (rt_app_marac_members(ctx->app, marac, &codes, &n) != RT_OK) {
        b->status = b->status ? b->status : RT_ESTORE;
        return;
    }
    rt_html_raw(b, "<select id=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, "\" name=\"");
    rt_html_attr(b, name);
    rt_html_raw(b, "\">");
    if (none) {
        rt_html_raw(b, "<option value=\"\">");
        rt_html_text(b, none);
        rt_html_raw(b, "</option>");
    }
    for (size_t i = 0; i < n; i++) {
        rt_agency a = {0};
        rt_html_raw(b, "<option value=\"");
        rt_html_attr(b, codes[i]);
        rt_html_raw(b, "\">");
        if (rt_app_agency(ctx->app, codes[i], &a) == RT_OK)
            rt_html_text(b, a.name);
        else
            rt_html_text(b, codes[i]);
        rt_agency_clear(&a);
        rt_html_raw(b, "</option>");
    }
    rt_html_raw(b, "</select>");
    free(codes);
}

static void attendance(rt_ctx *ctx, const rt_meeting_view *v)
{
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<section aria-labelledby=\"h-attendance\">\n<h2 id=\"h-attendance\">"
                   "Attendance</h2>\n");
    if (v->n_attendance) {
        rt_html_raw(b, "<ul>\n");
        for (size_t i = 0; i < v->n_attendance; i++) {
            rt_html_raw(b, "<li>");
            rt_html_text(b, v->attendance[i].name);
            rt_html_raw(b, v->attendance[i].agency[0] ? " (" : "");
            rt_html_text(b, v->attendance[i].agency);
            rt_html_raw(b, v->attendance[i].agency[0] ? ")" : "");
            rt_html_raw(b, v->attendance[i].observer ? ", observer" : "");
            rt_html_raw(b, ": confidentiality statement confirmed</li>\n");
        }
        rt_html_raw(b, "</ul>\n");
    }
    rt_html_raw(b, "<form method=\"post\" novalidate class=\"filter\" action=\"/meetings/");
    rt_html_attr(b, v->m.id);
    rt_html_raw(b, "/attendance\">\n");
    rt_html_csrf(ctx);
    rt_html_raw(b, "<div class=\"field\"><label for=\"a-name\">Name</label>\n<input type=\"text\" "
                   "id=\"a-name\" name=\"name\" maxlength=\"200\"></div>\n<div class=\"field\">"
                   "<label for=\"a-agency\">Agency</label>\n");
    agency_select(ctx, v->m.marac, "a-agency", "agency", "No agency (observer)");
    rt_html_raw(b, "</div>\n<div class=\"checkbox\"><input type=\"checkbox\" id=\"a-observer\" "
                   "name=\"observer\" value=\"1\"><label for=\"a-observer\">Observer</label>"
                   "</div>\n<div class=\"checkbox\"><input type=\"checkbox\" id=\"a-conf\" "
                   "name=\"confidentiality\" value=\"1\"><label for=\"a-conf\">Has confirmed "
                   "the confidentiality statement</label></div>\n<button type=\"submit\">Add"
                   "</button>\n</form>\n</section>\n");
}

static void case_block(rt_ctx *ctx, const rt_meeting_view *v, const rt_listed *c, size_t i)
{
    rt_buf *b = &ctx->res->body;
    const rt_referral *r = &c->referral;
    char hid[32];
    snprintf(hid, sizeof hid, "case-%zu", i + 1);
    rt_html_raw(b, "<section class=\"case\" aria-labelledby=\"");
    rt_html_attr(b, hid);
    rt_html_raw(b, "\">\n<h2 id=\"");
    rt_html_attr(b, hid);
    rt_buf_printf(b, "\">%zu. ", i + 1);
    rt_html_text(b, r->field[RT_RF_VICTIM_GIVEN_NAME]);
    rt_html_raw(b, " ");
    rt_html_text(b, r->field[RT_RF_VICTIM_FAMILY_NAME]);
    rt_html_raw(b, "</h2>\n<p>");
    rt_html_text(b, rt_listing_label(c->mc.listing));
    rt_buf_printf(b, "; %d child%s", c->children, c->children == 1 ? "" : "ren");
    if (r->risk.present)
        rt_buf_printf(b, "; risk %s (%d)", rt_risk_level_name(r->risk.result.level),
                      r->risk.result.score);
    if (c->serial_perpetrator)
        rt_html_raw(b, "; <strong class=\"flag\">person causing harm also on another "
                       "person's referral</strong>");
    rt_html_raw(b, c->mc.heard ? ". <strong>Heard.</strong></p>\n" : ".</p>\n");
    /* What was said. */
    size_t nh;
    const rt_field_spec *hs = rt_hearing_fields(&nh);
    rt_html_raw(b, "<form method=\"post\" novalidate action=\"/meetings/");
    rt_html_attr(b, v->m.id);
    rt_html_raw(b, "/cases/");
    rt_html_attr(b, c->mc.referral_id);
    rt_html_raw(b, "/hearing\">\n");
    rt_html_csrf(ctx);
    for (size_t k = 0; k < nh; k++) {
        /* Each case's fields need their own names and ids on one page. */
        char key[80];
        snprintf(key, sizeof key, "c%zu-%s", i + 1, hs[k].key);
        rt_field_spec s = hs[k];
        s.key = key;
        rt_html_field(b, &s, c->hearing ? c->hearing[k] : NULL, NULL);
    }
    rt_html_raw(b, "<button type=\"submit\">Save what was said</button>\n</form>\n");
    /* Actions. */
    size_t nf;
    const rt_field_spec *af = rt_action_fields(&nf);
    rt_html_raw(b, "<h3>Actions</h3>\n");
    if (c->n_actions) {
        rt_html_raw(b, "<ul class=\"actions\">\n");
        for (size_t k = 0; k < c->n_actions; k++) {
            char **av = NULL;
            if (rt_form_decode_fields(af, nf, c->actions[k].body, &av) != RT_OK)
                continue;
            rt_html_raw(b, "<li>");
            rt_html_text(b, av[0]);
            rt_html_raw(b, " <span class=\"meta\">(");
            rt_html_text(b, c->actions[k].agency);
            rt_html_raw(b, ", ");
            rt_html_text(b, av[2]);
            rt_html_raw(b, ", due ");
            rt_html_text(b, c->actions[k].due);
            rt_html_raw(b, ")</span></li>\n");
            for (size_t x = 0; x < nf; x++)
                free(av[x]);
            free(av);
        }
        rt_html_raw(b, "</ul>\n");
    }
    rt_html_raw(b, "<form method=\"post\" novalidate class=\"action-form\" action=\"/meetings/");
    rt_html_attr(b, v->m.id);
    rt_html_raw(b, "/cases/");
    rt_html_attr(b, c->mc.referral_id);
    rt_html_raw(b, "/actions\">\n");
    rt_html_csrf(ctx);
    char fid[48];
    snprintf(fid, sizeof fid, "c%zu-text", i + 1);
    rt_html_raw(b, "<div class=\"field\"><label for=\"");
    rt_html_attr(b, fid);
    rt_html_raw(b, "\">Action</label>\n<textarea rows=\"2\" name=\"text\" id=\"");
    rt_html_attr(b, fid);
    rt_html_raw(b, "\" maxlength=\"2000\"></textarea></div>\n<div class=\"field\"><label for=\"");
    snprintf(fid, sizeof fid, "c%zu-agency", i + 1);
    rt_html_attr(b, fid);
    rt_html_raw(b, "\">Owning agency</label>\n");
    agency_select(ctx, v->m.marac, fid, "agency", NULL);
    snprintf(fid, sizeof fid, "c%zu-owner", i + 1);
    rt_html_raw(b, "</div>\n<div class=\"field\"><label for=\"");
    rt_html_attr(b, fid);
    rt_html_raw(b, "\">Person responsible</label>\n<input type=\"text\" name=\"owner\" id=\"");
    rt_html_attr(b, fid);
    snprintf(fid, sizeof fid, "c%zu-due", i + 1);
    rt_html_raw(b, "\" maxlength=\"200\"></div>\n<div class=\"field\"><label for=\"");
    rt_html_attr(b, fid);
    rt_html_raw(b, "\">Due</label>\n<input type=\"date\" name=\"due\" id=\"");
    rt_html_attr(b, fid);
    rt_html_raw(b, "\"></div>\n<button type=\"submit\" class=\"secondary\">Add the action"
                   "</button>\n</form>\n</section>\n");
}

static rt_status render(rt_ctx *ctx, const char *error, int status)
{
    rt_meeting_view v;
    rt_status st = rt_app_meeting_view(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    if (!v.manage || (v.m.status != RT_MEETING_RELEASED && v.m.status != RT_MEETING_HELD)) {
        rt_meeting_view_clear(&v);
        return RT_ENOTFOUND;
    }
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, error ? "Error: Meeting" : "Meeting");
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "saved") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">Saved.</p>\n");
    if (error) {
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p>");
        rt_html_text(b, error);
        rt_html_raw(b, "</p></div>\n");
    }
    rt_html_raw(b, "<h1>Meeting: ");
    rt_html_text(b, v.marac.name);
    rt_html_raw(b, ", ");
    rt_html_text(b, v.m.held_on);
    rt_html_raw(b, "</h1>\n<p class=\"marking\"><strong>OFFICIAL-SENSITIVE</strong>: what is "
                   "shared here stays in this room.</p>\n");
    attendance(ctx, &v);
    for (size_t i = 0; i < v.n_cases; i++)
        case_block(ctx, &v, &v.cases[i], i);
    if (v.m.status == RT_MEETING_RELEASED) {
        rt_html_raw(b, "<form method=\"post\" action=\"/meetings/");
        rt_html_attr(b, v.m.id);
        rt_html_raw(b, "/status\">");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<input type=\"hidden\" name=\"status\" value=\"held\"><button "
                       "type=\"submit\">The meeting is over: draft the minutes</button>"
                       "</form>\n");
    } else {
        rt_html_raw(b, "<p><a href=\"/meetings/");
        rt_html_attr(b, v.m.id);
        rt_html_raw(b, "/minutes\">The draft minutes</a></p>\n");
    }
    rt_meeting_view_clear(&v);
    return rt_page_end(ctx, status);
}

rt_status rt_page_meeting_run(rt_ctx *ctx)
{
    return render(ctx, NULL, 200);
}

static rt_status back(rt_ctx *ctx, const char *anchor)
{
    char loc[128];
    snprintf(loc, sizeof loc, "/meetings/%s/run?done=saved%s", ctx->req->params[0], anchor);
    return rt_res_redirect(ctx->res, loc);
}

rt_status rt_page_meeting_attendance(rt_ctx *ctx)
{
    const char *field = NULL;
    const char *agency = rt_form_get(ctx->form, "agency");
    rt_status st = rt_app_attendance(ctx->app, ctx->who, ctx->req->params[0], agency,
                                     rt_form_get(ctx->form, "name"),
                                     rt_form_get(ctx->form, "observer") != NULL,
                                     rt_form_get(ctx->form, "confidentiality") != NULL,
                                     ctx->req->client_addr, ctx->now, &field);
    if (st == RT_EINVAL)
        return render(ctx,
                      strcmp(field, "confidentiality") == 0
                          ? "Everyone present must confirm the confidentiality statement."
                      : strcmp(field, "agency") == 0 ? "Choose an agency of this Marac."
                                                     : "Enter the person's name.",
                      422);
    if (st == RT_EEXISTS)
        return RT_ENOTFOUND;
    return st == RT_OK ? back(ctx, "#h-attendance") : st;
}

rt_status rt_page_meeting_hearing(rt_ctx *ctx)
{
    size_t n;
    const rt_field_spec *hs = rt_hearing_fields(&n);
    char *values[8] = {0};
    /* The fields carry the case's prefix on the page: take any prefix. */
    for (size_t k = 0; k < n; k++)
        for (size_t f = 0; f < ctx->form->n && !values[k]; f++) {
            const char *key = ctx->form->key[f];
            const char *dash = strchr(key, '-');
            if (dash && strcmp(dash + 1, hs[k].key) == 0)
                values[k] = rt_form_take(ctx->form, key);
        }
    rt_field_error errs[8];
    size_t n_errs = 0;
    rt_status st = rt_app_hearing(ctx->app, ctx->who, ctx->req->params[0], ctx->req->params[1],
                                  values, ctx->req->client_addr, ctx->now, errs, &n_errs);
    for (size_t k = 0; k < n; k++)
        free(values[k]);
    if (st == RT_EINVAL && n_errs)
        return render(ctx, "What was said is too long or has characters that are not allowed.",
                      422);
    if (st == RT_EEXISTS)
        return RT_ENOTFOUND;
    return st == RT_OK ? back(ctx, "") : st;
}

rt_status rt_page_meeting_action(rt_ctx *ctx)
{
    size_t n;
    const rt_field_spec *af = rt_action_fields(&n);
    char *values[8] = {0};
    for (size_t k = 0; k < n; k++)
        values[k] = rt_form_take(ctx->form, af[k].key);
    rt_field_error errs[8];
    size_t n_errs = 0;
    char saved[RT_ID_HEX + 1];
    rt_status st = rt_app_action_add(ctx->app, ctx->who, ctx->req->params[0],
                                     ctx->req->params[1], values, ctx->req->client_addr,
                                     ctx->now, errs, &n_errs, saved);
    for (size_t k = 0; k < n; k++)
        free(values[k]);
    if (st == RT_EINVAL && n_errs) {
        char msg[200];
        const char *label = errs[0].key;
        for (size_t k = 0; k < n; k++)
            if (strcmp(af[k].key, errs[0].key) == 0)
                label = af[k].label;
        snprintf(msg, sizeof msg, "The action's %s %s.", label, errs[0].message);
        return render(ctx, msg, 422);
    }
    if (st == RT_EEXISTS)
        return RT_ENOTFOUND;
    return st == RT_OK ? back(ctx, "") : st;
}

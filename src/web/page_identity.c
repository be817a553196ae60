/* page_identity.c: the Marac coordinator's view of a person's likely
 * other referrals, with why the engine thinks so, and their decisions. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/identity.h"
#include "html.h"

static void explanation(rt_buf *b, const rt_match *m)
{
    const rt_link_field_info *info = rt_link_field_infos();
    rt_html_raw(b, "<details><summary>Why</summary>\n<table class=\"why\"><caption "
                   "class=\"visually-hidden\">What each detail added</caption><thead><tr><th "
                   "scope=\"col\">Detail</th><th scope=\"col\">Compared</th><th scope=\"col\">"
                   "Weight</th></tr></thead><tbody>\n");
    for (int f = 0; f < RT_LF_COUNT; f++) {
        if (m->levels[f] < 0)
            continue;
        rt_html_raw(b, "<tr><td>");
        rt_html_text(b, info[f].name);
        rt_html_raw(b, "</td><td>");
        rt_html_text(b, info[f].level[m->levels[f]]);
        rt_buf_printf(b, "</td><td>%+.1f</td></tr>\n", m->parts[f]);
    }
    rt_html_raw(b, "</tbody></table>\n<p class=\"hint\">Weights are evidence in bits: above 0 "
                   "for, below 0 against. Details missing on either side count for nothing."
                   "</p></details>\n");
}

static void decision_form(rt_ctx *ctx, const char *id, const rt_match *m, const char *error)
{
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<form method=\"post\" action=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/matches\" novalidate>\n");
    rt_html_csrf(ctx);
    rt_html_raw(b, "<input type=\"hidden\" name=\"other\" value=\"");
    rt_html_attr(b, m->other.id);
    rt_html_raw(b, "\">\n<fieldset><legend>Is this the same person?</legend>\n"
                   "<div class=\"radios\"><label><input type=\"radio\" name=\"decision\" "
                   "value=\"same\"> Yes, the same person</label>\n<label><input type=\"radio\" "
                   "name=\"decision\" value=\"different\"> No, a different person</label></div>"
                   "</fieldset>\n");
    char rid[80];
    snprintf(rid, sizeof rid, "reason-%s", m->other.id);
    rt_html_raw(b, error ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    rt_html_raw(b, "<label for=\"");
    rt_html_attr(b, rid);
    rt_html_raw(b, "\">Why (what you checked)</label>\n");
    if (error) {
        rt_html_raw(b, "<p class=\"error\"><span class=\"visually-hidden\">Error:</span> ");
        rt_html_text(b, error);
        rt_html_raw(b, "</p>\n");
    }
    rt_html_raw(b, "<textarea rows=\"2\" name=\"reason\" id=\"");
    rt_html_attr(b, rid);
    rt_html_raw(b, error ? "\" aria-invalid=\"true\"></textarea></div>\n"
                         : "\"></textarea></div>\n");
    rt_html_raw(b, "<button type=\"submit\">Record the decision</button>\n</form>\n");
}

static rt_status render(rt_ctx *ctx, int status, const char *error_for, const char *error)
{
    const char *id = ctx->req->params[0];
    rt_match *m;
    size_t n;
    rt_status st = rt_app_identity_matches(ctx->app, ctx->who, id, ctx->req->client_addr,
                                           ctx->now, &m, &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, error ? "Error: Other referrals of this person"
                             : "Other referrals of this person");
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "decided") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">The decision is recorded.</p>\n");
    if (done && strcmp(done, "undone") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">The decision is undone.</p>\n");
    rt_html_raw(b, "<h1>Other referrals of this person</h1>\n<p class=\"lead\">Earlier "
                   "referrals that may be about the same person, most likely first. Check "
                   "before you decide: a wrong join shares one person's information with "
                   "another's case.</p>\n");
    if (error) {
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p>");
        rt_html_text(b, error);
        rt_html_raw(b, "</p></div>\n");
    }
    if (!n)
        rt_html_raw(b, "<p>No likely match was found.</p>\n");
    for (size_t i = 0; i < n; i++) {
        const rt_referral *o = &m[i].other;
        rt_html_raw(b, "<section class=\"match\">\n<h2>");
        rt_html_text(b, o->field[RT_RF_VICTIM_GIVEN_NAME]);
        rt_html_raw(b, " ");
        rt_html_text(b, o->field[RT_RF_VICTIM_FAMILY_NAME]);
        rt_buf_printf(b, " <span class=\"score\">%.0f%% likely</span></h2>\n<p>Born ",
                      100.0 * m[i].probability);
        rt_html_text(b, o->field[RT_RF_VICTIM_DOB] ? o->field[RT_RF_VICTIM_DOB] : "(not given)");
        rt_html_raw(b, "; referred ");
        rt_html_text(b, o->field[RT_RF_REFERRAL_DATE]);
        rt_html_raw(b, " by ");
        rt_html_text(b, o->agency_code);
        rt_html_raw(b, ". <a href=\"/referrals/");
        rt_html_attr(b, o->id);
        rt_html_raw(b, "\">Open that referral</a></p>\n");
        explanation(b, &m[i]);
        if (m[i].decided) {
            rt_html_raw(b, "<p><strong>");
            rt_html_raw(b, m[i].same ? "Decided: the same person." : "Decided: a different person.");
            rt_html_raw(b, "</strong></p>\n<form method=\"post\" action=\"/identity/");
            rt_html_attr(b, m[i].decision_id);
            rt_html_raw(b, "/undo\">");
            rt_html_csrf(ctx);
            rt_html_raw(b, "<input type=\"hidden\" name=\"referral\" value=\"");
            rt_html_attr(b, id);
            rt_html_raw(b, "\"><button type=\"submit\" class=\"secondary\">Undo the decision"
                           "</button></form>\n");
        } else {
            bool here = error_for && strcmp(error_for, o->id) == 0;
            decision_form(ctx, id, &m[i], here ? error : NULL);
        }
        rt_html_raw(b, "</section>\n");
    }
    rt_matches_free(m, n);
    rt_html_raw(b, "<p><a href=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "\">Back to the referral</a></p>\n");
    return rt_page_end(ctx, status);
}

rt_status rt_page_identity(rt_ctx *ctx)
{
    return render(ctx, 200, NULL, NULL);
}

rt_status rt_page_identity_post(rt_ctx *ctx)
{
    const char *other = rt_form_get(ctx->form, "other");
    const char *decision = rt_form_get(ctx->form, "decision");
    const char *reason = rt_form_get(ctx->form, "reason");
    if (!decision || (strcmp(decision, "same") != 0 && strcmp(decision, "different") != 0))
        return render(ctx, 422, other, "Choose whether it is the same person.");
    rt_identity d;
    const char *field;
    rt_status st = rt_app_identity_decide(ctx->app, ctx->who, ctx->req->params[0], other,
                                          strcmp(decision, "same") == 0, reason,
                                          ctx->req->client_addr, ctx->now, &d, &field);
    if (st == RT_EINVAL)
        return render(ctx, 422, other,
                      strcmp(field, "other") == 0 ? "That is not another referral."
                                                  : "Say why, in at least 10 characters.");
    if (st == RT_EEXISTS)
        return render(ctx, 409, other, "A decision about these referrals stands; undo it first.");
    if (st != RT_OK)
        return st;
    free(d.reason);
    char loc[96];
    snprintf(loc, sizeof loc, "/referrals/%s/matches?done=decided", ctx->req->params[0]);
    return rt_res_redirect(ctx->res, loc);
}

rt_status rt_page_identity_undo(rt_ctx *ctx)
{
    rt_status st = rt_app_identity_undo(ctx->app, ctx->who, ctx->req->params[0],
                                        ctx->req->client_addr, ctx->now);
    if (st != RT_OK)
        return st;
    const char *back = rt_form_get(ctx->form, "referral");
    char loc[96];
    if (back && strlen(back) == RT_ID_HEX && strspn(back, "0123456789abcdef") == RT_ID_HEX)
        snprintf(loc, sizeof loc, "/referrals/%s/matches?done=undone", back);
    else
        snprintf(loc, sizeof loc, "/referrals");
    return rt_res_redirect(ctx->res, loc);
}

/* page_allocate.c: a manager allocates a referral to an Idva of their
 * service. Suggestions come first who can take it safely, then who meets
 * its needs, then who has most room; a caseload warning is shown, never
 * a refusal: a high-risk victim is never turned away (idva.md). */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include "../app/casework.h"
#include "html.h"

static void needs_text(rt_buf *b, unsigned needs)
{
    bool any = false;
    for (int s = 0; s < RT_SPEC_COUNT; s++)
        if (needs >> s & 1u) {
            rt_html_raw(b, any ? ", " : "");
            rt_html_text(b, rt_specialism_label((rt_specialism)s));
            any = true;
        }
    if (!any)
        rt_html_raw(b, "none shown on the referral");
}

static rt_status render(rt_ctx *ctx, const char *error, int status)
{
    const char *id = ctx->req->params[0];
    const char *language = rt_req_query(ctx->req, "language");
    if (language && !*language)
        language = NULL;
    if (language && !rt_text_acceptable(language, false))
        return RT_EINVAL;
    rt_suggestions s;
    rt_status st = rt_app_case_suggest(ctx->app, ctx->who, id, language, ctx->req->client_addr,
                                       ctx->now, &s);
    if (st != RT_OK)
        return st;
    rt_referral r;
    rt_detail detail;
    st = rt_app_referral_get(ctx->app, ctx->who, id, ctx->req->client_addr, ctx->now, &r,
                             &detail);
    if (st != RT_OK) {
        rt_suggestions_clear(&s);
        return st;
    }
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, error ? "Error: Allocate to an Idva" : "Allocate to an Idva");
    if (error) {
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p><a href=\"#idva-0\">");
        rt_html_text(b, error);
        rt_html_raw(b, "</a></p></div>\n");
    }
    rt_html_raw(b, "<h1>Allocate to an Idva</h1>\n<dl class=\"summary\">\n<div><dt>Person</dt>"
                   "<dd><a href=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "\">");
    rt_html_text(b, r.field[RT_RF_VICTIM_GIVEN_NAME]);
    rt_html_raw(b, " ");
    rt_html_text(b, r.field[RT_RF_VICTIM_FAMILY_NAME]);
    rt_html_raw(b, "</a></dd></div>\n<div><dt>Risk</dt><dd>");
    if (r.risk.present) {
        rt_html_text(b, rt_risk_level_name(r.risk.result.level));
        rt_buf_printf(b, " (score %d)", r.risk.result.score);
    } else {
        rt_html_raw(b, "Not assessed");
    }
    rt_html_raw(b, "</dd></div>\n<div><dt>Needs</dt><dd>");
    needs_text(b, s.needs.specialisms);
    rt_html_raw(b, "</dd></div>\n</dl>\n");
    if (s.current.id[0]) {
        rt_html_raw(b, "<p class=\"notice\">This referral is already allocated. Choosing "
                       "another Idva hands the case over. <a href=\"/cases/");
        rt_html_attr(b, s.current.id);
        rt_html_raw(b, "\">Open the case</a></p>\n");
    }
    rt_html_raw(b, "<form method=\"get\" class=\"filter\" action=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/allocate\">\n<div class=\"field\"><label for=\"language\">Language the "
                   "person needs</label>\n<p class=\"hint\" id=\"language-hint\">Leave empty "
                   "for English</p>\n<input type=\"text\" id=\"language\" name=\"language\" "
                   "aria-describedby=\"language-hint\" maxlength=\"64\" value=\"");
    rt_html_attr(b, language);
    rt_html_raw(b, "\"></div>\n<button type=\"submit\" class=\"secondary\">Suggest again</button>"
                   "\n</form>\n");
    if (!s.n) {
        rt_html_raw(b, "<p>Your service has no active Idvas to allocate to.</p>\n");
    } else {
        rt_html_raw(b, "<form method=\"post\" novalidate action=\"/referrals/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/allocate\">\n");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<fieldset><legend>Suggested Idvas, best first</legend>\n");
        for (size_t i = 0; i < s.n; i++) {
            const rt_idva_option *o = &s.options[i];
            char warning[160], rid[32];
            rt_load_warning_text(o, warning, sizeof warning);
            snprintf(rid, sizeof rid, "idva-%zu", i);
            rt_html_raw(b, "<div class=\"radio option\"><input type=\"radio\" name=\"idva\" id=\"");
            rt_html_attr(b, rid);
            rt_html_raw(b, "\" value=\"");
            rt_html_attr(b, o->user_id);
            rt_html_raw(b, "\"><label for=\"");
            rt_html_attr(b, rid);
            rt_html_raw(b, "\"><strong>");
            rt_html_text(b, o->name);
            rt_buf_printf(b, "</strong>: %d open of a safe %d (%.1f FTE); %d new in 12 months "
                             "of %d",
                          o->open, o->capacity, o->fte, o->this_year, o->year_capacity);
            if (o->matched) {
                rt_html_raw(b, "; meets needs: ");
                needs_text(b, o->matched);
            }
            if (o->language_match)
                rt_html_raw(b, "; speaks the language");
            if (o->area_match)
                rt_html_raw(b, "; covers the area");
            rt_html_raw(b, "</label>");
            if (warning[0]) {
                rt_html_raw(b, o->warning == RT_LOAD_UNSAFE ? "<p class=\"flag\">Warning: "
                                                            : "<p class=\"hint\">Note: ");
                rt_html_text(b, warning);
                rt_html_raw(b, ". You can still allocate.</p>");
            }
            rt_html_raw(b, "</div>\n");
        }
        rt_html_raw(b, "</fieldset>\n<button type=\"submit\">Allocate</button>\n</form>\n");
    }
    rt_referral_clear(&r);
    rt_suggestions_clear(&s);
    return rt_page_end(ctx, status);
}

rt_status rt_page_allocate(rt_ctx *ctx)
{
    return render(ctx, NULL, 200);
}

rt_status rt_page_allocate_post(rt_ctx *ctx)
{
    const char *idva = rt_form_get(ctx->form, "idva");
    rt_case c;
    char warning[160];
    const char *field = NULL;
    rt_status st = rt_app_case_allocate(ctx->app, ctx->who, ctx->req->params[0], idva,
                                        ctx->req->client_addr, ctx->now, &c, warning, &field);
    if (st == RT_EINVAL)
        return render(ctx, "Choose an Idva of your service.", 422);
    if (st == RT_EEXISTS)
        return render(ctx, "The case is closed (reopen it from the case) or held by another "
                           "service.",
                      409);
    if (st != RT_OK)
        return st;
    char loc[96];
    snprintf(loc, sizeof loc, "/cases/%s?done=allocated", c.id);
    return rt_res_redirect(ctx->res, loc);
}

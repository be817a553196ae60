/* page_assessments.c: a person's risk assessments over time, with the
 * trend, and the form for assessing them again. */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include "../core/policy.h"
#include "../app/assessment.h"
#include "assessment_form.h"
#include "html.h"

static const char *level_label(rt_risk_level l)
{
    return l == RT_RISK_HIGH ? "High" : l == RT_RISK_MEDIUM ? "Medium" : "Standard";
}

static const char *trend_label(int trend)
{
    return trend > 0 ? "Higher than before" : trend < 0 ? "Lower than before" : "The same";
}

static void date_of(int64_t t, char out[11])
{
    rt_date_format(rt_date_from_unix(t), out);
}

/* The scores as a line over the assessments in order, on bands for the
 * levels. Decorative: the table beside it carries the same figures. */
static void chart(rt_buf *b, const rt_assessment_entry *e, size_t n)
{
    if (n < 2)
        return;
    const int w = 600, h = 160, pad = 10;
    const rt_risk_tool *t = rt_risk_default_tool();
    int max = (int)t->n_items;
    rt_buf_printf(b, "<svg class=\"trend\" viewBox=\"0 0 %d %d\" aria-hidden=\"true\" "
                     "focusable=\"false\">",
                  w, h);
    /* Bands: high from high_from, medium from medium_from. */
    int y_high = pad + (h - 2 * pad) * (max - t->high_from) / max;
    int y_medium = pad + (h - 2 * pad) * (max - t->medium_from) / max;
    rt_buf_printf(b, "<rect class=\"band-high\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
                  pad, w, y_high - pad);
    rt_buf_printf(b, "<rect class=\"band-medium\" x=\"0\" y=\"%d\" width=\"%d\" height=\"%d\"/>",
                  y_high, w, y_medium - y_high);
    rt_html_raw(b, "<polyline class=\"line\" points=\"");
    for (size_t i = 0; i < n; i++) {
        int x = pad + (int)((w - 2 * pad) * i / (n - 1));
        int score = e[i].risk.result.score > max ? max : e[i].risk.result.score;
        int y = pad + (h - 2 * pad) * (max - score) / max;
        rt_buf_printf(b, "%d,%d ", x, y);
    }
    rt_html_raw(b, "\"/>");
    for (size_t i = 0; i < n; i++) {
        int x = pad + (int)((w - 2 * pad) * i / (n - 1));
        int score = e[i].risk.result.score > max ? max : e[i].risk.result.score;
        int y = pad + (h - 2 * pad) * (max - score) / max;
        rt_buf_printf(b, "<circle class=\"%s\" cx=\"%d\" cy=\"%d\" r=\"5\"/>",
                      e[i].risk.result.level == RT_RISK_HIGH ? "dot-high" : "dot", x, y);
    }
    rt_html_raw(b, "</svg>\n");
}

static void criteria_text(rt_buf *b, unsigned criteria)
{
    static const char *const labels[RT_CRIT_COUNT] = {
        [RT_CRIT_VISIBLE_HIGH_RISK] = "Visible high risk",
        [RT_CRIT_PROFESSIONAL_JUDGEMENT] = "Professional judgement",
        [RT_CRIT_POTENTIAL_ESCALATION] = "Potential escalation",
        [RT_CRIT_REPEAT] = "Repeat",
    };
    bool any = false;
    for (int c = 0; c < RT_CRIT_COUNT; c++)
        if (criteria & (1u << c)) {
            if (any)
                rt_html_raw(b, ", ");
            rt_html_text(b, labels[c]);
            any = true;
        }
    if (!any)
        rt_html_raw(b, "None");
}

rt_status rt_page_assessments(rt_ctx *ctx)
{
    const char *id = ctx->req->params[0];
    rt_assessment_entry *e;
    size_t n;
    rt_status st = rt_app_assessment_history(ctx->app, ctx->who, id, ctx->req->client_addr,
                                             ctx->now, &e, &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Risk assessments over time");
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "added") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">The assessment is saved.</p>\n");
    rt_html_raw(b, "<h1>Risk assessments over time</h1>\n<p class=\"lead\">Every assessment "
                   "of this person you may see, across their referrals, oldest first.</p>\n");
    if (n) {
        const rt_assessment_entry *last = &e[n - 1];
        char d[11];
        date_of(last->risk.assessed_at, d);
        rt_html_raw(b, "<p class=\"trend-summary\">Latest, on ");
        rt_html_text(b, d);
        rt_html_raw(b, ": <strong>");
        rt_html_text(b, level_label(last->risk.result.level));
        rt_buf_printf(b, " risk, score %d</strong>", last->risk.result.score);
        if (n > 1) {
            rt_html_raw(b, " (");
            rt_html_text(b, trend_label(last->trend));
            rt_html_raw(b, ")");
        }
        rt_html_raw(b, ".</p>\n");
        chart(b, e, n);
        rt_html_raw(b, "<table class=\"assessments\">\n<caption>Assessments, oldest first"
                       "</caption>\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">"
                       "Score</th><th scope=\"col\">Risk</th><th scope=\"col\">Marac criteria"
                       "</th><th scope=\"col\">S-DASH yes</th><th scope=\"col\">Agency</th>"
                       "<th scope=\"col\">Change</th><th scope=\"col\">Referral</th></tr>"
                       "</thead>\n<tbody>\n");
        for (size_t i = 0; i < n; i++) {
            const rt_referral_risk *k = &e[i].risk;
            char d2[11];
            date_of(k->assessed_at, d2);
            rt_html_raw(b, "<tr><td>");
            rt_html_text(b, d2);
            rt_buf_printf(b, "</td><td>%d</td><td>", k->result.score);
            rt_html_text(b, level_label(k->result.level));
            rt_html_raw(b, "</td><td>");
            criteria_text(b, k->result.criteria);
            rt_html_raw(b, "</td><td>");
            if (k->sdash[0])
                rt_buf_printf(b, "%d of %zu", rt_risk_count_yes(k->sdash),
                              rt_risk_sdash_tool()->n_items);
            else
                rt_html_raw(b, "Not asked");
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, k->agency[0] ? k->agency : "Not recorded");
            rt_html_raw(b, "</td><td>");
            rt_html_text(b, i ? trend_label(e[i].trend) : "First");
            rt_html_raw(b, "</td><td><a href=\"/referrals/");
            rt_html_attr(b, e[i].referral_id);
            rt_html_raw(b, "\">");
            rt_html_raw(b, strcmp(e[i].referral_id, id) == 0 ? "This referral" : "Another referral");
            rt_html_raw(b, "</a></td></tr>\n");
        }
        rt_html_raw(b, "</tbody>\n</table>\n");
    } else {
        rt_html_raw(b, "<p>No assessment is recorded.</p>\n");
    }
    rt_assessment_entries_free(e, n);
    if (rt_policy_may(ctx->who->user.role, RT_ACT_ASSESSMENT_CREATE)) {
        rt_html_raw(b, "<p><a class=\"button\" href=\"/referrals/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/assessments/new\">Record a new assessment</a></p>\n");
    }
    rt_html_raw(b, "<p><a href=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "\">Back to the referral</a></p>\n");
    return rt_page_end(ctx, 200);
}

static rt_status render_new(rt_ctx *ctx, int status, const rt_form *form,
                            const rt_field_error *errs, size_t n_errs)
{
    const char *id = ctx->req->params[0];
    rt_buf *b = &ctx->res->body;
    size_t n_specs;
    const rt_field_spec *specs = rt_assessment_form_specs(&n_specs);
    rt_page_begin(ctx, n_errs ? "Error: Assess the risk again" : "Assess the risk again");
    rt_html_raw(b, "<h1>Assess the risk again</h1>\n<p class=\"lead\">Ask the checklist again "
                   "when things change: a new incident, separation, a court date, or on "
                   "closing the case. The earlier assessments are kept.</p>\n");
    rt_html_error_summary(b, errs, n_errs, specs, n_specs);
    rt_html_raw(b, "<form method=\"post\" action=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/assessments/new\" novalidate>\n");
    rt_html_csrf(ctx);
    rt_assessment_form_section(b, form, errs, n_errs);
    rt_html_raw(b, "<button type=\"submit\">Save assessment</button>\n</form>\n");
    return rt_page_end(ctx, status);
}

rt_status rt_page_assessment_new(rt_ctx *ctx)
{
    /* Only for a case the user may assess: the test the save makes (a
     * form for a case one cannot see would tell that it exists). */
    rt_status st = rt_app_assessment_may(ctx->app, ctx->who, ctx->req->params[0], ctx->now);
    if (st != RT_OK)
        return st;
    return render_new(ctx, 200, NULL, NULL, 0);
}

rt_status rt_page_assessment_new_post(rt_ctx *ctx)
{
    for (size_t i = 0; i < ctx->form->n; i++) {
        const char *k = ctx->form->key[i];
        if (strcmp(k, RT_CSRF_FIELD) != 0 && strncmp(k, "assessment.", 11) != 0)
            return rt_page_error(ctx, 400, "The form has a field this page does not know.");
    }
    rt_referral_risk k = {0};
    rt_field_error errs[RT_ASSESSMENT_FORM_MAX_ERRORS + 1];
    size_t n_errs = 0;
    bool answered;
    rt_status st = rt_assessment_form_read(ctx->form, rt_date_from_unix(ctx->now), &k, &answered,
                                           errs, &n_errs);
    if (st != RT_OK)
        return st;
    if (!answered)
        errs[n_errs++] = (rt_field_error){"assessment", "needs at least one question answered"};
    if (n_errs) {
        rt_referral_risk_clear(&k);
        return render_new(ctx, 422, ctx->form, errs, n_errs);
    }
    st = rt_app_assessment_add(ctx->app, ctx->who, ctx->req->params[0], &k,
                               ctx->req->client_addr, ctx->now);
    rt_referral_risk_clear(&k);
    if (st != RT_OK)
        return st;
    char loc[96];
    snprintf(loc, sizeof loc, "/referrals/%s/assessments?done=added", ctx->req->params[0]);
    return rt_res_redirect(ctx->res, loc);
}

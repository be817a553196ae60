/* page_referral.c: one referral, shown at the detail the reader may see;
 * breaking the glass; the way to its exclusions. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/admin.h"
#include "../core/access.h"
#include "../core/risk.h"
#include "../core/policy.h"
#include "../app/casework.h"
#include "../app/marac.h"
#include "html.h"

static const char *detail_note(rt_detail d)
{
    switch (d) {
    case RT_DETAIL_PRESENCE:
        return "A referral exists for this reference. You have no part in this case, so you "
               "see only that it exists and who holds it: ask the Marac coordinator.";
    case RT_DETAIL_SUMMARY:
        return "You see the summary your part needs. Contact details and notes are held back.";
    default:
        return NULL;
    }
}

/* The Idva case of the referral: who holds it, with a link for those
 * who may open it, or for an Idva manager the way to allocate it. */
static void case_link(rt_ctx *ctx, const char *id, rt_detail detail)
{
    rt_buf *b = &ctx->res->body;
    rt_case c;
    if (rt_app_case_of_referral(ctx->app, ctx->who, id, ctx->now, &c) == RT_OK) {
        rt_html_raw(b, "<p>Idva case: ");
        rt_html_text(b, rt_case_status_label(c.status));
        rt_html_raw(b, ". <a href=\"/cases/");
        rt_html_attr(b, c.id);
        rt_html_raw(b, "\">Open the case</a>");
        if (c.status != RT_CASE_CLOSED &&
            rt_policy_may(ctx->who->user.role, RT_ACT_CASE_ALLOCATE)) {
            rt_html_raw(b, " or <a href=\"/referrals/");
            rt_html_attr(b, id);
            rt_html_raw(b, "/allocate\">hand it to another Idva</a>");
        }
        rt_html_raw(b, "</p>\n");
    } else if (detail >= RT_DETAIL_SUMMARY &&
               rt_policy_may(ctx->who->user.role, RT_ACT_CASE_ALLOCATE)) {
        rt_html_raw(b, "<p><a class=\"button\" href=\"/referrals/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/allocate\">Allocate to an Idva</a></p>\n");
    }
}

/* For the Marac's staff: send the case to the Marac where the person now
 * lives, with its risk information and open actions. */
static void transfer_form(rt_ctx *ctx, const char *id)
{
    rt_buf *b = &ctx->res->body;
    rt_marac *m;
    size_t n;
    if (rt_app_marac_all(ctx->app, &m, &n) != RT_OK) {
        b->status = b->status ? b->status : RT_ESTORE;
        return;
    }
    if (n < 2) {
        free(m);
        return;
    }
    rt_html_raw(b, "<details class=\"no-print\"><summary>Transfer to another Marac</summary>\n"
                   "<form method=\"post\" novalidate action=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/transfer\">\n");
    rt_html_csrf(ctx);
    rt_html_raw(b, "<div class=\"field\"><label for=\"t-marac\">The Marac where the person now "
                   "lives</label>\n<select id=\"t-marac\" name=\"marac\">");
    for (size_t i = 0; i < n; i++) {
        rt_html_raw(b, "<option value=\"");
        rt_html_attr(b, m[i].code);
        rt_html_raw(b, "\">");
        rt_html_text(b, m[i].name);
        rt_html_raw(b, "</option>");
    }
    free(m);
    rt_html_raw(b, "</select></div>\n<div class=\"field\"><label for=\"t-note\">Why</label>\n"
                   "<textarea id=\"t-note\" name=\"note\" rows=\"2\"></textarea></div>\n"
                   "<button type=\"submit\" class=\"secondary\">Transfer</button>\n</form>"
                   "</details>\n");
}

static void break_glass_form(rt_ctx *ctx, const char *id, const char *error)
{
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<section class=\"break-glass\">\n<h2>Emergency access</h2>\n"
                   "<p>Only if someone is at immediate risk and you cannot reach the people "
                   "holding this case. Managers are told at once and the access is audited. "
                   "It lasts 4 hours.</p>\n<form method=\"post\" action=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/break-glass\" novalidate>\n");
    rt_html_csrf(ctx);
    rt_html_raw(b, error ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    rt_html_raw(b, "<label for=\"reason\">Why you need access now</label>\n"
                   "<p class=\"hint\" id=\"reason-hint\">At least 20 characters</p>\n");
    if (error) {
        rt_html_raw(b, "<p class=\"error\" id=\"reason-error\"><span class=\"visually-hidden\">"
                       "Error:</span> ");
        rt_html_text(b, error);
        rt_html_raw(b, "</p>\n");
    }
    rt_html_raw(b, "<textarea id=\"reason\" name=\"reason\" rows=\"3\" maxlength=\"2000\" "
                   "aria-describedby=\"reason-hint");
    rt_html_raw(b, error ? " reason-error\" aria-invalid=\"true\">" : "\">");
    rt_html_raw(b, "</textarea></div>\n<button type=\"submit\" class=\"warning\">"
                   "Break the glass</button>\n</form>\n</section>\n");
}

/* A link to the case's exclusions, for those who may hold it (the page
 * itself decides whether who does). */
static void exclusions_link(rt_ctx *ctx, const char *id)
{
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<p><a href=\"/referrals/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/exclusions\">Exclusions from this case</a></p>\n");
}

/* The people causing harm and the children (summary detail and above). */
static void parties_section(rt_buf *b, const rt_referral *r)
{
    static const char *const headings[RT_PARTY_KINDS] = {
        [RT_PARTY_PERPETRATOR] = "The person or people causing harm",
        [RT_PARTY_CHILD] = "Children in the household",
    };
    for (int k = 0; k < RT_PARTY_KINDS; k++) {
        const rt_party_kind_info *info = rt_party_info((rt_party_kind)k);
        rt_html_raw(b, "<h2>");
        rt_html_text(b, headings[k]);
        rt_html_raw(b, "</h2>\n");
        if (!r->n_parties[k]) {
            rt_html_raw(b, "<p>None recorded.</p>\n");
            continue;
        }
        for (size_t i = 0; i < r->n_parties[k]; i++) {
            rt_html_raw(b, "<dl class=\"summary\">\n");
            for (size_t f = 0; f < info->n_fields; f++) {
                rt_html_raw(b, "<div><dt>");
                rt_html_text(b, info->fields[f].label);
                rt_html_raw(b, "</dt><dd>");
                const char *v = r->parties[k][i].field[f];
                rt_html_text(b, v ? v : "Not given");
                rt_html_raw(b, "</dd></div>\n");
            }
            rt_html_raw(b, "</dl>\n");
        }
    }
}

/* The assessment: its result at summary detail, the answers and the
 * assessor's reasoning at full detail (already removed below that). */
static void risk_section(rt_buf *b, const char *id, const rt_referral_risk *k, rt_detail detail)
{
    rt_html_raw(b, "<h2>Risk assessment</h2>\n");
    if (k->present && k->assessed_at) {
        char d[11];
        rt_date_format(rt_date_from_unix(k->assessed_at), d);
        rt_html_raw(b, "<p>The latest, on ");
        rt_html_text(b, d);
        rt_html_raw(b, ". <a href=\"/referrals/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/assessments\">All assessments of this person, with the trend</a></p>\n");
    }
    if (!k->present) {
        rt_html_raw(b, "<p>No risk assessment is attached.</p>\n");
        return;
    }
    static const char *const crit[RT_CRIT_COUNT] = {"visible high risk", "professional judgement",
                                                    "potential escalation", "repeat"};
    rt_html_raw(b, "<p><span class=\"level level-");
    rt_html_attr(b, rt_risk_level_name(k->result.level));
    rt_html_raw(b, "\">");
    rt_html_text(b, rt_risk_level_name(k->result.level));
    rt_buf_printf(b, "</span> risk, score %d (", k->result.score);
    rt_html_text(b, k->tool);
    rt_html_raw(b, " ");
    rt_html_text(b, k->version);
    rt_html_raw(b, "). ");
    if (!k->result.marac_eligible)
        rt_html_raw(b, "Not eligible for Marac.");
    else
        rt_html_raw(b, "Eligible for Marac: ");
    for (int c = 0, first = 1; c < RT_CRIT_COUNT; c++)
        if (k->result.criteria & (1u << c)) {
            rt_html_raw(b, first ? "" : ", ");
            rt_html_text(b, crit[c]);
            first = 0;
        }
    rt_html_raw(b, k->result.marac_eligible ? ".</p>\n" : "</p>\n");
    if (detail < RT_DETAIL_FULL)
        return;
    if (k->rationale) {
        rt_html_raw(b, "<p><strong>Why the assessor judged the risk high:</strong> ");
        rt_html_text(b, k->rationale);
        rt_html_raw(b, "</p>\n");
    }
    if (k->fear) {
        rt_html_raw(b, "<p><strong>What the person fears, in their words:</strong> ");
        rt_html_text(b, k->fear);
        rt_html_raw(b, "</p>\n");
    }
    if (k->conclusion) {
        rt_html_raw(b, "<p><strong>The assessor's conclusion:</strong> ");
        rt_html_text(b, k->conclusion);
        rt_html_raw(b, "</p>\n");
    }
    const rt_risk_tool *t = rt_risk_default_tool();
    if (strcmp(k->tool, t->id) != 0)
        return;
    rt_html_raw(b, "<details><summary>Answers</summary>\n<dl class=\"summary\">\n");
    for (size_t i = 0; i < t->n_items && k->answers[i]; i++) {
        const char *a = k->answers[i] == 'y'   ? "Yes"
                        : k->answers[i] == 'n' ? "No"
                        : k->answers[i] == 'd' ? "Don't know"
                                               : "Not asked";
        rt_html_raw(b, "<div><dt>");
        rt_html_text(b, t->items[i].id);
        rt_html_raw(b, ". ");
        rt_html_text(b, t->items[i].label);
        rt_html_raw(b, "</dt><dd>");
        rt_html_text(b, a);
        if (k->comment[i]) {
            rt_html_raw(b, "<br>");
            rt_html_text(b, k->comment[i]);
        }
        if (k->source[i]) {
            rt_html_raw(b, "<br><em>Source: ");
            rt_html_text(b, k->source[i]);
            rt_html_raw(b, "</em>");
        }
        rt_html_raw(b, "</dd></div>\n");
    }
    rt_html_raw(b, "</dl>\n</details>\n");
    if (k->sdash[0]) {
        const rt_risk_tool *sd = rt_risk_sdash_tool();
        rt_buf_printf(b, "<details><summary>S-DASH: %d of %zu yes</summary>\n<dl class=\"summary\">\n",
                      rt_risk_count_yes(k->sdash), sd->n_items);
        for (size_t i = 0; i < sd->n_items && k->sdash[i]; i++) {
            const char *a = k->sdash[i] == 'y'   ? "Yes"
                            : k->sdash[i] == 'n' ? "No"
                            : k->sdash[i] == 'd' ? "Don't know"
                                                 : "Not asked";
            rt_html_raw(b, "<div><dt>");
            rt_html_text(b, sd->items[i].id);
            rt_html_raw(b, ". ");
            rt_html_text(b, sd->items[i].label);
            rt_html_raw(b, "</dt><dd>");
            rt_html_text(b, a);
            rt_html_raw(b, "</dd></div>\n");
        }
        rt_html_raw(b, "</dl>\n</details>\n");
    }
}

/* The protective marking a printed copy carries top and bottom: paper
 * outlives the session, so it says whose it is and what to do with it. */
static void marking(rt_ctx *ctx)
{
    rt_buf *b = &ctx->res->body;
    char today[11];
    rt_html_today(ctx, today);
    rt_html_raw(b, "<p class=\"marking\"><strong>OFFICIAL-SENSITIVE</strong>. Printed by ");
    rt_html_text(b, ctx->who->user.display_name);
    rt_html_raw(b, " on ");
    rt_html_text(b, today);
    rt_html_raw(b, ". Keep it locked away, share it only with those who need it, and shred it "
                   "when it is no longer needed.</p>\n");
}

static rt_status render(rt_ctx *ctx, const rt_referral *r, rt_detail detail,
                        const char *glass_error, const char *notice, bool print)
{
    rt_buf *b = &ctx->res->body;
    const rt_field_spec *specs = rt_referral_fields();
    rt_page_begin(ctx, print ? "Referral (printable copy)" : "Referral");
    if (print) {
        rt_html_raw(b, "<p class=\"no-print\"><a href=\"/referrals/");
        rt_html_attr(b, r->id);
        rt_html_raw(b, "\">Back to the referral</a>. Use your browser's Print command; this "
                       "copy is recorded in the audit log.</p>\n");
        marking(ctx);
    }
    if (notice) {
        rt_html_raw(b, "<div class=\"notice\" role=\"status\"><p>");
        rt_html_text(b, notice);
        rt_html_raw(b, "</p></div>\n");
    }
    rt_html_raw(b, "<h1>");
    if (detail >= RT_DETAIL_SUMMARY) {
        rt_html_text(b, r->field[RT_RF_VICTIM_GIVEN_NAME]);
        rt_html_raw(b, " ");
        rt_html_text(b, r->field[RT_RF_VICTIM_FAMILY_NAME]);
    } else {
        rt_html_raw(b, "Referral");
    }
    rt_html_raw(b, "</h1>\n<p>Referred by ");
    rt_html_text(b, r->agency_code);
    rt_html_raw(b, " on ");
    rt_html_text(b, r->field[RT_RF_REFERRAL_DATE]);
    rt_html_raw(b, ". Reference <span class=\"ref\">");
    rt_html_text(b, r->id);
    rt_html_raw(b, "</span>.</p>\n");
    const char *note = detail_note(detail);
    if (note) {
        rt_html_raw(b, "<p class=\"detail-note\">");
        rt_html_text(b, note);
        rt_html_raw(b, "</p>\n");
    }
    if (detail >= RT_DETAIL_SUMMARY) {
        rt_html_raw(b, "<dl class=\"summary\">\n");
        for (int i = 0; i < RT_RF_COUNT; i++) {
            if (specs[i].detail > detail)
                continue;
            rt_html_raw(b, "<div><dt>");
            rt_html_text(b, specs[i].label);
            rt_html_raw(b, "</dt><dd>");
            const char *v = r->field[i];
            const rt_choice *c = rt_field_choice(&specs[i], v);
            rt_html_text(b, c ? c->label : v ? v : "Not given");
            rt_html_raw(b, "</dd></div>\n");
        }
        rt_html_raw(b, "</dl>\n");
        parties_section(b, r);
        risk_section(b, r->id, &r->risk, detail);
    }
    if (print) {
        marking(ctx);
        return rt_page_end(ctx, 200);
    }
    if (detail >= RT_DETAIL_SUMMARY) {
        rt_html_raw(b, "<p><a href=\"/referrals/");
        rt_html_attr(b, r->id);
        rt_html_raw(b, "/print\">Printable copy</a></p>\n");
    }
    if (detail < RT_DETAIL_FULL && rt_policy_may(ctx->who->user.role, RT_ACT_REFERRAL_BREAK_GLASS))
        break_glass_form(ctx, r->id, glass_error);
    if (detail >= RT_DETAIL_SUMMARY && rt_policy_may(ctx->who->user.role, RT_ACT_REFERRAL_EXCLUDE))
        exclusions_link(ctx, r->id);
    case_link(ctx, r->id, detail);
    if (detail >= RT_DETAIL_SUMMARY && rt_policy_may(ctx->who->user.role, RT_ACT_MARAC_MANAGE))
        transfer_form(ctx, r->id);
    if (detail >= RT_DETAIL_SUMMARY && rt_policy_may(ctx->who->user.role, RT_ACT_IDENTITY)) {
        rt_html_raw(b, "<p><a href=\"/referrals/");
        rt_html_attr(b, r->id);
        rt_html_raw(b, "/matches\">Other referrals of this person</a></p>\n");
    }
    if (detail == RT_DETAIL_FULL && rt_policy_may(ctx->who->user.role, RT_ACT_SUBJECT_ACCESS)) {
        rt_html_raw(b, "<p><a href=\"/referrals/");
        rt_html_attr(b, r->id);
        rt_html_raw(b, "/subject-access\">Subject access request</a></p>\n");
    }
    if (rt_policy_may(ctx->who->user.role, RT_ACT_REFERRAL_LIST))
        rt_html_raw(b, "<p><a href=\"/referrals\">Back to referrals</a></p>\n");
    return rt_page_end(ctx, glass_error ? 422 : 200);
}

/* Reads the referral for the page; NULL notice and error unless given. */
static rt_status show(rt_ctx *ctx, const char *glass_error, const char *notice)
{
    rt_referral r;
    rt_detail detail;
    rt_status st = rt_app_referral_get(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now, &r, &detail);
    if (st != RT_OK)
        return st;
    st = render(ctx, &r, detail, glass_error, notice, false);
    rt_referral_clear(&r);
    return st;
}

rt_status rt_page_referral_view(rt_ctx *ctx)
{
    return show(ctx, NULL, NULL);
}

rt_status rt_page_referral_print(rt_ctx *ctx)
{
    rt_referral r;
    rt_detail detail;
    rt_status st = rt_app_referral_print(ctx->app, ctx->who, ctx->req->params[0],
                                         ctx->req->client_addr, ctx->now, &r, &detail);
    if (st != RT_OK)
        return st;
    st = render(ctx, &r, detail, NULL, NULL, true);
    rt_referral_clear(&r);
    return st;
}

rt_status rt_page_referral_break_glass(rt_ctx *ctx)
{
    rt_status st = rt_app_break_glass(ctx->app, ctx->who, ctx->req->params[0],
                                      rt_form_get(ctx->form, "reason"), ctx->req->client_addr,
                                      ctx->now);
    if (st == RT_EINVAL)
        return show(ctx, "Say why you need access now, in at least 20 characters.", NULL);
    if (st != RT_OK)
        return st;
    char loc[160];
    snprintf(loc, sizeof loc, "/referrals/%s", ctx->req->params[0]);
    return rt_res_redirect(ctx->res, loc);
}

rt_status rt_page_referral_transfer(rt_ctx *ctx)
{
    const char *field = NULL;
    rt_status st = rt_app_transfer(ctx->app, ctx->who, ctx->req->params[0],
                                   rt_form_get(ctx->form, "marac"), rt_form_get(ctx->form, "note"),
                                   ctx->req->client_addr, ctx->now, &field);
    if (st == RT_EINVAL)
        return show(ctx, NULL,
                    strcmp(field, "marac") == 0
                        ? "Not transferred: choose another Marac."
                        : "Not transferred: say why, in at least 10 characters.");
    if (st != RT_OK)
        return st;
    return show(ctx, NULL, "The case is transferred. The receiving Marac has been told.");
}

/* page_referral_new.c: the referral form, and its receipt.
 *
 * The form is drawn from the referral's field table, so a field added in
 * core/referral.c appears here, in the API and in the store together. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "html.h"

/* Headings for the parts of the form, by the first part of each key. */
static const struct {
    const char *prefix;
    const char *heading;
} parts[] = {
    {"victim.", "The person at risk"},
    {"referrer.", "About you"},
    {"consent.", "Awareness, consent and information sharing"},
    {"", "The referral"},
};

static const char *heading_for(const char *key)
{
    size_t i = 0;
    while (strncmp(key, parts[i].prefix, strlen(parts[i].prefix)) != 0)
        i++; /* the last prefix, "", matches every key */
    return parts[i].heading;
}

static const rt_choice answer_choices[] = {
    {"yes", "Yes"},
    {"no", "No"},
    {"dont_know", "Don't know"},
    {NULL, NULL},
};

static const rt_choice yes_no[] = {
    {"yes", "Yes"},
    {"no", "No"},
    {NULL, NULL},
};

/* The questions around the checklist. Their checks are core's typed-field
 * checks; how they are scored is core/risk.c. */
enum { A_INCIDENTS, A_JUDGEMENT, A_RATIONALE, A_INCIDENT_DATE, A_LAST_REFERRAL, A_COUNT };
static const rt_field_spec assessment_specs[A_COUNT] = {
    [A_INCIDENTS] = {"assessment.police_incidents_12m",
                     "Domestic abuse incidents reported to the police in the past 12 months",
                     "A whole number; 0 if none are known", RT_FT_TEXT, false, false, 4, NULL,
                     RT_DETAIL_SUMMARY, false},
    [A_JUDGEMENT] = {"assessment.judgement",
                     "In your professional judgement, is the risk high whatever the score?",
                     "For example extreme fear, strangulation, threats to kill, stalking",
                     RT_FT_CHOICE, true, false, 3, yes_no, RT_DETAIL_SUMMARY, false},
    [A_RATIONALE] = {"assessment.rationale", "Why you judge the risk high",
                     "Required when you judge the risk high", RT_FT_LONGTEXT, false, true, 2000,
                     NULL, RT_DETAIL_FULL, false},
    [A_INCIDENT_DATE] = {"assessment.incident_date", "Date of the latest incident", NULL,
                         RT_FT_DATE, false, false, 10, NULL, RT_DETAIL_SUMMARY, false},
    [A_LAST_REFERRAL] = {"assessment.last_marac_referral_date",
                         "Date of the last Marac referral (same person causing harm)",
                         "Leave empty if never referred before", RT_FT_DATE, false, false, 10,
                         NULL, RT_DETAIL_SUMMARY, false},
};

/* Every spec an error on this form may name, for the error summary. */
static const rt_field_spec *all_specs(size_t *n)
{
    static rt_field_spec all[RT_RF_COUNT + A_COUNT];
    static int ready;
    if (!ready) {
        memcpy(all, rt_referral_fields(), RT_RF_COUNT * sizeof all[0]);
        memcpy(all + RT_RF_COUNT, assessment_specs, sizeof assessment_specs);
        ready = 1;
    }
    *n = RT_RF_COUNT + A_COUNT;
    return all;
}

static const char *error_for(const char *key, const rt_field_error *errs, size_t n)
{
    for (size_t e = 0; e < n; e++)
        if (strcmp(errs[e].key, key) == 0)
            return errs[e].message;
    return NULL;
}

/* The risk checklist and the questions around it, as radio groups and
 * inputs named "assessment.*", filled from form (NULL on a fresh form). */
static void assessment_section(rt_buf *b, const rt_form *form, const rt_field_error *errs,
                               size_t n_errs)
{
    const rt_risk_tool *t = rt_risk_default_tool();
    rt_html_raw(b, "<section>\n<h2>Risk assessment: ");
    rt_html_text(b, t->name);
    rt_html_raw(b, "</h2>\n<p class=\"hint\">Ask each question as the checklist guides. Only "
                   "&ldquo;yes&rdquo; counts towards the score; leave a question unanswered "
                   "if it was not asked.</p>\n");
    const char *general = error_for("assessment", errs, n_errs);
    if (general) {
        rt_html_raw(b, "<p class=\"error\" id=\"f-assessment\">");
        rt_html_text(b, general);
        rt_html_raw(b, "</p>\n");
    }
    for (size_t i = 0; i < t->n_items; i++) {
        char key[64], label[200];
        snprintf(key, sizeof key, "assessment.answers.%s", t->items[i].id);
        snprintf(label, sizeof label, "%s. %s", t->items[i].id, t->items[i].label);
        rt_field_spec item = {key, label, NULL, RT_FT_CHOICE, false, false, 16, answer_choices,
                              RT_DETAIL_FULL, false};
        rt_html_field(b, &item, form ? rt_form_get(form, key) : NULL, error_for(key, errs, n_errs));
    }
    for (int a = 0; a < A_COUNT; a++) {
        const char *v = form ? rt_form_get(form, assessment_specs[a].key) : NULL;
        if (!form && a == A_JUDGEMENT)
            v = "no";
        rt_html_field(b, &assessment_specs[a], v,
                      error_for(assessment_specs[a].key, errs, n_errs));
    }
    rt_html_raw(b, "</section>\n");
}

/* Slots the form offers for each kind of party; the API takes up to the
 * kind's maximum. Without JavaScript the form cannot grow, so it offers
 * enough for most households, and empty slots are ignored. */
static const size_t form_slots[RT_PARTY_KINDS] = {[RT_PARTY_PERPETRATOR] = 2,
                                                  [RT_PARTY_CHILD] = 4};

/* The people causing harm and the children, a fieldset per slot. */
static void parties_section(rt_buf *b, const rt_form *form, const rt_field_error *errs,
                            size_t n_errs)
{
    static const char *const headings[RT_PARTY_KINDS] = {
        [RT_PARTY_PERPETRATOR] = "The person or people causing harm",
        [RT_PARTY_CHILD] = "Children in the household",
    };
    for (int k = 0; k < RT_PARTY_KINDS; k++) {
        const rt_party_kind_info *info = rt_party_info((rt_party_kind)k);
        rt_html_raw(b, "<section>\n<h2>");
        rt_html_text(b, headings[k]);
        rt_html_raw(b, "</h2>\n<p class=\"hint\">Leave a part empty if it does not apply.</p>\n");
        for (size_t i = 0; i < form_slots[k]; i++) {
            rt_html_raw(b, "<fieldset class=\"party\">\n<legend>");
            rt_html_text(b, info->label);
            rt_buf_printf(b, " %zu</legend>\n", i + 1);
            for (size_t f = 0; f < info->n_fields; f++) {
                rt_field_spec spec = info->fields[f];
                spec.key = rt_party_key((rt_party_kind)k, i, f);
                /* A name is needed only once the slot is used. */
                spec.required = false;
                rt_html_field(b, &spec, form ? rt_form_get(form, spec.key) : NULL,
                              error_for(spec.key, errs, n_errs));
            }
            rt_html_raw(b, "</fieldset>\n");
        }
        rt_html_raw(b, "</section>\n");
    }
}

/* Reads the party slots of the form into r (copies: the form keeps its
 * values to be shown again after an error). A slot with nothing filled
 * in is skipped, and the slots used are packed in order, so a problem is
 * reported against the slot the party is stored in. */
static rt_status parties_from_form(const rt_form *f, rt_referral *r)
{
    for (int k = 0; k < RT_PARTY_KINDS; k++) {
        const rt_party_kind_info *info = rt_party_info((rt_party_kind)k);
        for (size_t i = 0; i < form_slots[k]; i++) {
            rt_party *p = &r->parties[k][r->n_parties[k]];
            for (size_t fld = 0; fld < info->n_fields; fld++) {
                const char *raw = rt_form_get(f, rt_party_key((rt_party_kind)k, i, fld));
                char *v = raw ? strdup(raw) : NULL;
                if (raw && !v)
                    return RT_ENOMEM;
                rt_status st = rt_field_normalise(&info->fields[fld], &v);
                if (st != RT_OK) {
                    free(v);
                    return st;
                }
                p->field[fld] = v;
            }
            if (!rt_party_empty(p))
                r->n_parties[k]++;
        }
    }
    return RT_OK;
}

static rt_status render(rt_ctx *ctx, int status, char *const *values, const rt_form *form,
                        const rt_field_error *errs, size_t n_errs)
{
    rt_buf *b = &ctx->res->body;
    const rt_field_spec *specs = rt_referral_fields();
    size_t n_all;
    const rt_field_spec *all = all_specs(&n_all);
    rt_page_begin(ctx, n_errs ? "Error: Record a referral" : "Record a referral");
    rt_html_raw(b, "<h1>Record a referral</h1>\n<p class=\"lead\">Refer a person at high risk to "
                   "the Marac and the Idva service. Do not tell the person causing harm.</p>\n");
    rt_html_error_summary(b, errs, n_errs, all, n_all);
    rt_html_raw(b, "<form method=\"post\" action=\"/referrals/new\" novalidate>\n");
    rt_html_csrf(ctx);
    const char *group = NULL;
    for (int i = 0; i < RT_RF_COUNT; i++) {
        /* A heading each time the first part of the key changes. */
        const char *g = heading_for(specs[i].key);
        if (g != group) {
            if (group)
                rt_html_raw(b, "</section>\n");
            rt_html_raw(b, "<section>\n<h2>");
            rt_html_text(b, g);
            rt_html_raw(b, "</h2>\n");
            group = g;
        }
        rt_html_field(b, &specs[i], values ? values[i] : NULL, error_for(specs[i].key, errs, n_errs));
    }
    rt_html_raw(b, "</section>\n");
    parties_section(b, form, errs, n_errs);
    assessment_section(b, form, errs, n_errs);
    rt_html_raw(b, "<button type=\"submit\">Submit referral</button>\n</form>\n");
    return rt_page_end(ctx, status);
}

rt_status rt_page_referral_new(rt_ctx *ctx)
{
    char today[11];
    rt_html_today(ctx, today);
    char *values[RT_RF_COUNT] = {0};
    values[RT_RF_REFERRAL_DATE] = today;
    values[RT_RF_REFERRER_NAME] = ctx->who->user.display_name;
    return render(ctx, 200, values, NULL, NULL, 0);
}

/* Reads the assessment part of the form and attaches it, scored, to r.
 * Problems go to errs (appending to *n); a form without any answer is
 * left without an assessment, which validation then reports. */
static rt_status assessment_from_form(const rt_form *f, rt_referral *r, rt_date today,
                                      rt_field_error *errs, size_t *n)
{
    const rt_risk_tool *t = rt_risk_default_tool();
    rt_risk_input in = {.tool = t};
    bool any = false;
    for (size_t i = 0; i < t->n_items; i++) {
        char key[64];
        snprintf(key, sizeof key, "assessment.answers.%s", t->items[i].id);
        const char *v = rt_form_get(f, key);
        if (!v || !*v)
            continue;
        if (rt_answer_parse(v, &in.answers[i]) != RT_OK) {
            errs[(*n)++] = (rt_field_error){"assessment", "has an answer that is not yes, no or don't know"};
            return RT_OK;
        }
        any = true;
    }
    if (!any)
        return RT_OK;
    size_t before = *n;
    for (int a = 0; a < A_COUNT; a++) {
        char *v = NULL;
        const char *raw = rt_form_get(f, assessment_specs[a].key);
        if (raw && !(v = strdup(raw)))
            return RT_ENOMEM;
        rt_status st = rt_field_normalise(&assessment_specs[a], &v);
        if (st != RT_OK) {
            free(v);
            return st;
        }
        const char *msg = rt_field_check(&assessment_specs[a], v, today);
        if (!msg && a == A_INCIDENTS && v) {
            char *end;
            long k = strtol(v, &end, 10);
            if (*end || k < 0 || k > 1000)
                msg = "must be a whole number from 0 to 1000";
            else
                in.police_incidents = (int)k;
        }
        if (!msg && v && a == A_INCIDENT_DATE)
            in.has_incident = rt_date_parse(v, &in.incident) == RT_OK;
        if (!msg && v && a == A_LAST_REFERRAL)
            in.has_last_referral = rt_date_parse(v, &in.last_referral) == RT_OK;
        if (!msg && a == A_JUDGEMENT)
            in.judgement = v && strcmp(v, "yes") == 0;
        free(v);
        if (msg && *n < RT_REFERRAL_MAX_ERRORS)
            errs[(*n)++] = (rt_field_error){assessment_specs[a].key, msg};
    }
    if (*n != before)
        return RT_OK;
    in.rationale = rt_form_get(f, assessment_specs[A_RATIONALE].key);
    const char *field = NULL;
    rt_status st = rt_referral_assess(r, &in, &field);
    if (st == RT_EINVAL) {
        errs[(*n)++] = (rt_field_error){assessment_specs[A_RATIONALE].key,
                                        "is required when you judge the risk high"};
        return RT_OK;
    }
    return st;
}

rt_status rt_page_referral_new_post(rt_ctx *ctx)
{
    const rt_field_spec *specs = rt_referral_fields();
    rt_referral r = {0};
    /* Every form key must be a field of the referral or the CSRF token:
     * a stray key means the form and the server disagree. */
    for (size_t i = 0; i < ctx->form->n; i++) {
        const char *k = ctx->form->key[i];
        if (strcmp(k, RT_CSRF_FIELD) != 0 && rt_referral_field_by_key(k) < 0 &&
            strncmp(k, "assessment.", 11) != 0 && strncmp(k, "perpetrators[", 13) != 0 &&
            strncmp(k, "children[", 9) != 0)
            return rt_page_error(ctx, 400, "The form has a field this page does not know.");
    }
    for (int i = 0; i < RT_RF_COUNT; i++)
        r.field[i] = rt_form_take(ctx->form, specs[i].key);
    /* Room for every referral problem and every assessment problem. */
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS + A_COUNT];
    size_t n_errs = 0, n_assess = 0;
    rt_field_error assess_errs[A_COUNT + 1];
    rt_status st = assessment_from_form(ctx->form, &r, rt_date_from_unix(ctx->now), assess_errs,
                                        &n_assess);
    if (st == RT_OK)
        st = parties_from_form(ctx->form, &r);
    if (st == RT_OK)
        st = rt_app_referral_submit(ctx->app, ctx->who, &r, ctx->req->client_addr, ctx->now,
                                    errs, &n_errs);
    if (st == RT_OK && n_assess) {
        /* Only reachable if the checklist was answered but a question
         * around it was not valid: nothing was stored. */
        st = RT_EINVAL;
    }
    if (st == RT_EINVAL) {
        /* An assessment that did not read leaves "assessment is required"
         * standing; the precise problems say more. */
        if (n_assess) {
            size_t k = 0;
            for (size_t e = 0; e < n_errs; e++)
                if (strcmp(errs[e].key, "assessment") != 0)
                    errs[k++] = errs[e];
            n_errs = k;
        }
        for (size_t e = 0; e < n_assess; e++)
            errs[n_errs++] = assess_errs[e];
        st = render(ctx, 422, r.field, ctx->form, errs, n_errs);
    }
    else if (st == RT_OK) {
        char loc[64];
        snprintf(loc, sizeof loc, "/referrals/received?ref=%s", r.id);
        st = rt_res_redirect(ctx->res, loc);
    }
    rt_referral_clear(&r);
    return st;
}

static bool is_id(const char *s)
{
    if (!s || strlen(s) != RT_ID_HEX)
        return false;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
            return false;
    return true;
}

rt_status rt_page_referral_received(rt_ctx *ctx)
{
    const char *ref = rt_req_query(ctx->req, "ref");
    if (!is_id(ref))
        return RT_ENOTFOUND;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Referral received");
    rt_html_raw(b, "<div class=\"panel\" role=\"status\"><h1>Referral received</h1>\n"
                   "<p>Reference <strong class=\"ref\">");
    rt_html_text(b, ref);
    rt_html_raw(b, "</strong></p></div>\n<h2>What happens next</h2>\n"
                   "<p>The Marac coordinator will check the referral and list it for the next "
                   "meeting. An Idva will contact the person by a safe means, usually within "
                   "2 working days.</p>\n<p>Flag your own agency's records for this person.</p>\n"
                   "<p><a href=\"/referrals/new\">Record another referral</a></p>\n");
    return rt_page_end(ctx, 200);
}

/* assessment_form.c: the assessment as a form; see assessment_form.h. */
#include "assessment_form.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* The questions around the checklist. How they are scored is core/risk.c. */
enum { A_INCIDENTS, A_JUDGEMENT, A_RATIONALE, A_INCIDENT_DATE, A_LAST_REFERRAL, A_COUNT };
static const rt_field_spec around[A_COUNT] = {
    [A_INCIDENTS] = {"assessment.police_incidents_12m",
                     "Domestic abuse incidents reported to the police in the past 12 months",
                     "A whole number; 0 if none are known", RT_FT_TEXT, false, false, 4, NULL,
                     RT_DETAIL_SUMMARY, false, 0},
    [A_JUDGEMENT] = {"assessment.judgement",
                     "In your professional judgement, is the risk high whatever the score?",
                     "For example extreme fear, strangulation, threats to kill, stalking",
                     RT_FT_CHOICE, true, false, 3, yes_no, RT_DETAIL_SUMMARY, false, 0},
    [A_RATIONALE] = {"assessment.rationale", "Why you judge the risk high",
                     "Required when you judge the risk high", RT_FT_LONGTEXT, false, true, 2000,
                     NULL, RT_DETAIL_FULL, false, 0},
    [A_INCIDENT_DATE] = {"assessment.incident_date", "Date of the latest incident", NULL,
                         RT_FT_DATE, false, false, 10, NULL, RT_DETAIL_SUMMARY, false, 0},
    [A_LAST_REFERRAL] = {"assessment.last_marac_referral_date",
                         "Date of the last Marac referral (same person causing harm)",
                         "Leave empty if never referred before", RT_FT_DATE, false, false, 10,
                         NULL, RT_DETAIL_SUMMARY, false, 0},
};

static const rt_field_spec fear_spec = {
    "assessment.fear", "What the person fears, in their own words",
    "Write down what they said, as they said it", RT_FT_LONGTEXT, false, true, RT_RISK_FEAR_MAX,
    NULL, RT_DETAIL_FULL, false, 0};
static const rt_field_spec conclusion_spec = {
    "assessment.conclusion", "Your conclusion",
    "What you make of the risk, and what you have done or will do about it", RT_FT_LONGTEXT,
    false, true, RT_RISK_CONCLUSION_MAX, NULL, RT_DETAIL_FULL, false, 0};

/* Per-item controls, made once from the tools' item tables. */
#define PER_ITEM 3 /* answer, comment, source */
typedef struct item_controls {
    char key[PER_ITEM][48];
    char label[PER_ITEM][240];
} item_controls;

static item_controls dash_controls[RT_RISK_MAX_ITEMS];
static item_controls sdash_controls[RT_RISK_MAX_ITEMS];
static rt_field_spec specs[RT_ASSESSMENT_FORM_MAX_SPECS];
_Static_assert(A_COUNT + 3 <= 8, "room for the specs around the checklist");
static size_t n_specs;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void build(void)
{
    const rt_risk_tool *dash = rt_risk_default_tool(), *sdash = rt_risk_sdash_tool();
    for (int a = 0; a < A_COUNT; a++)
        specs[n_specs++] = around[a];
    specs[n_specs++] = fear_spec;
    specs[n_specs++] = conclusion_spec;
    /* Not a control: names the S-DASH as a whole in an error summary. */
    specs[n_specs++] = (rt_field_spec){"assessment.sdash", "S-DASH", NULL, RT_FT_TEXT, false,
                                       false, 0, NULL, RT_DETAIL_FULL, false, 0};
    for (size_t i = 0; i < dash->n_items; i++) {
        item_controls *c = &dash_controls[i];
        const char *id = dash->items[i].id, *label = dash->items[i].label;
        snprintf(c->key[0], sizeof c->key[0], "assessment.answers.%s", id);
        snprintf(c->key[1], sizeof c->key[1], "assessment.comments.%s", id);
        snprintf(c->key[2], sizeof c->key[2], "assessment.sources.%s", id);
        snprintf(c->label[0], sizeof c->label[0], "%s. %s", id, label);
        snprintf(c->label[1], sizeof c->label[1], "Comment on question %s", id);
        snprintf(c->label[2], sizeof c->label[2],
                 "Source for question %s, if not the person themselves", id);
        specs[n_specs++] = (rt_field_spec){c->key[0], c->label[0], NULL, RT_FT_CHOICE, false,
                                           false, 16, answer_choices, RT_DETAIL_FULL, false, 0};
        specs[n_specs++] = (rt_field_spec){c->key[1], c->label[1], NULL, RT_FT_LONGTEXT, false,
                                           true, RT_RISK_COMMENT_MAX, NULL, RT_DETAIL_FULL,
                                           false, 0};
        specs[n_specs++] = (rt_field_spec){c->key[2], c->label[2],
                                           "For example police records, a health visitor",
                                           RT_FT_TEXT, false, true, RT_RISK_SOURCE_MAX, NULL,
                                           RT_DETAIL_FULL, false, 0};
    }
    for (size_t i = 0; i < sdash->n_items; i++) {
        item_controls *c = &sdash_controls[i];
        snprintf(c->key[0], sizeof c->key[0], "assessment.sdash.%s", sdash->items[i].id);
        snprintf(c->label[0], sizeof c->label[0], "S-DASH %s. %s", sdash->items[i].id,
                 sdash->items[i].label);
        specs[n_specs++] = (rt_field_spec){c->key[0], c->label[0], NULL, RT_FT_CHOICE, false,
                                           false, 16, answer_choices, RT_DETAIL_FULL, false, 0};
    }
}

const rt_field_spec *rt_assessment_form_specs(size_t *n)
{
    pthread_once(&once, build);
    *n = n_specs;
    return specs;
}

static const rt_field_spec *spec_for(const char *key)
{
    size_t n;
    const rt_field_spec *all = rt_assessment_form_specs(&n);
    for (size_t i = 0; i < n; i++)
        if (strcmp(all[i].key, key) == 0)
            return &all[i];
    return NULL;
}

static void field(rt_buf *b, const rt_field_spec *s, const rt_form *form,
                  const rt_field_error *errs, size_t n_errs, const char *fresh)
{
    const char *v = form ? rt_form_get(form, s->key) : fresh;
    rt_html_field(b, s, v, rt_html_error_for(s->key, errs, n_errs));
}

void rt_assessment_form_section(rt_buf *b, const rt_form *form, const rt_field_error *errs,
                                size_t n_errs)
{
    const rt_risk_tool *t = rt_risk_default_tool(), *sdash = rt_risk_sdash_tool();
    (void)rt_assessment_form_specs(&(size_t){0});
    rt_html_raw(b, "<section>\n<h2>Risk assessment: ");
    rt_html_text(b, t->name);
    rt_html_raw(b, "</h2>\n<p class=\"hint\">Ask each question as the checklist guides. Only "
                   "&ldquo;yes&rdquo; counts towards the score; leave a question unanswered "
                   "if it was not asked. Add a comment, or where the information came from, "
                   "under any answer.</p>\n");
    const char *general = rt_html_error_for("assessment", errs, n_errs);
    if (general) {
        rt_html_raw(b, "<p class=\"error\" id=\"f-assessment\">");
        rt_html_text(b, general);
        rt_html_raw(b, "</p>\n");
    }
    int fear_after = rt_risk_item_index(t, "3");
    for (size_t i = 0; i < t->n_items; i++) {
        const item_controls *c = &dash_controls[i];
        field(b, spec_for(c->key[0]), form, errs, n_errs, NULL);
        /* The notes fold away, but open when they hold something or are wrong. */
        bool open = false;
        for (int k = 1; k < PER_ITEM; k++) {
            const char *v = form ? rt_form_get(form, c->key[k]) : NULL;
            open |= (v && *v) || rt_html_error_for(c->key[k], errs, n_errs);
        }
        rt_html_raw(b, open ? "<details class=\"notes\" open><summary>"
                            : "<details class=\"notes\"><summary>");
        rt_html_text(b, c->label[1]);
        rt_html_raw(b, " or its source</summary>\n");
        field(b, spec_for(c->key[1]), form, errs, n_errs, NULL);
        field(b, spec_for(c->key[2]), form, errs, n_errs, NULL);
        rt_html_raw(b, "</details>\n");
        if ((int)i == fear_after)
            field(b, &fear_spec, form, errs, n_errs, NULL);
    }
    bool sdash_open = rt_html_error_for("assessment.sdash", errs, n_errs) != NULL;
    for (size_t i = 0; form && i < sdash->n_items; i++) {
        const char *v = rt_form_get(form, sdash_controls[i].key[0]);
        sdash_open |= v && *v;
    }
    rt_html_raw(b, sdash_open ? "<details class=\"sdash\" open>" : "<details class=\"sdash\">");
    rt_html_raw(b, "<summary>S-DASH: stalking and harassment questions (ask them when question "
                   "8 is yes)</summary>\n");
    const char *sdash_error = rt_html_error_for("assessment.sdash", errs, n_errs);
    if (sdash_error) {
        rt_html_raw(b, "<p class=\"error\" id=\"f-assessment-sdash\">S-DASH ");
        rt_html_text(b, sdash_error);
        rt_html_raw(b, "</p>\n");
    }
    for (size_t i = 0; i < sdash->n_items; i++)
        field(b, spec_for(sdash_controls[i].key[0]), form, errs, n_errs, NULL);
    rt_html_raw(b, "</details>\n");
    for (int a = 0; a < A_COUNT; a++)
        field(b, &around[a], form, errs, n_errs, a == A_JUDGEMENT ? "no" : NULL);
    field(b, &conclusion_spec, form, errs, n_errs, NULL);
    rt_html_raw(b, "</section>\n");
}

/* Copies a form value, normalised as its spec says; NULL for empty. */
static rt_status take_value(const rt_form *f, const rt_field_spec *s, char **out)
{
    *out = NULL;
    const char *raw = rt_form_get(f, s->key);
    if (!raw || !*raw)
        return RT_OK;
    char *v = strdup(raw);
    if (!v)
        return RT_ENOMEM;
    rt_status st = rt_field_normalise(s, &v);
    if (st != RT_OK) {
        free(v);
        return st;
    }
    *out = v;
    return RT_OK;
}

static void add_error(rt_field_error *errs, size_t *n, const char *key, const char *message)
{
    if (*n < RT_ASSESSMENT_FORM_MAX_ERRORS)
        errs[(*n)++] = (rt_field_error){key, message};
}

rt_status rt_assessment_form_read(const rt_form *f, rt_date today, rt_referral_risk *k,
                                  bool *answered, rt_field_error *errs, size_t *n)
{
    const rt_risk_tool *t = rt_risk_default_tool(), *sdash = rt_risk_sdash_tool();
    (void)rt_assessment_form_specs(&(size_t){0});
    rt_risk_input in = {.tool = t};
    *answered = false;
    size_t before = *n;
    for (size_t i = 0; i < t->n_items; i++) {
        const char *v = rt_form_get(f, dash_controls[i].key[0]);
        if (!v || !*v)
            continue;
        if (rt_answer_parse(v, &in.answers[i]) != RT_OK)
            add_error(errs, n, dash_controls[i].key[0], "must be yes, no or don't know");
        *answered = true;
    }
    if (!*answered)
        return RT_OK;
    for (int a = 0; a < A_COUNT; a++) {
        char *v = NULL;
        rt_status st = take_value(f, &around[a], &v);
        if (st != RT_OK)
            return st;
        const char *msg = rt_field_check(&around[a], v, today);
        if (!msg && a == A_INCIDENTS && v) {
            char *end;
            long count = strtol(v, &end, 10);
            if (*end || count < 0 || count > 1000)
                msg = "must be a whole number from 0 to 1000";
            else
                in.police_incidents = (int)count;
        }
        if (!msg && v && a == A_INCIDENT_DATE)
            in.has_incident = rt_date_parse(v, &in.incident) == RT_OK;
        if (!msg && v && a == A_LAST_REFERRAL)
            in.has_last_referral = rt_date_parse(v, &in.last_referral) == RT_OK;
        if (!msg && a == A_JUDGEMENT)
            in.judgement = v && strcmp(v, "yes") == 0;
        free(v);
        if (msg)
            add_error(errs, n, around[a].key, msg);
    }
    if (*n != before)
        return RT_OK;
    in.rationale = rt_form_get(f, around[A_RATIONALE].key);
    const char *bad = NULL;
    rt_referral_risk fresh = {0};
    rt_status st = rt_risk_assess(&fresh, &in, &bad);
    if (st == RT_EINVAL) {
        add_error(errs, n, around[A_RATIONALE].key, "is required when you judge the risk high");
        return RT_OK;
    }
    for (size_t i = 0; st == RT_OK && i < t->n_items; i++) {
        st = take_value(f, spec_for(dash_controls[i].key[1]), &fresh.comment[i]);
        if (st == RT_OK)
            st = take_value(f, spec_for(dash_controls[i].key[2]), &fresh.source[i]);
    }
    if (st == RT_OK)
        st = take_value(f, &fear_spec, &fresh.fear);
    if (st == RT_OK)
        st = take_value(f, &conclusion_spec, &fresh.conclusion);
    if (st == RT_OK) {
        bool any = false;
        for (size_t i = 0; i < sdash->n_items; i++) {
            const char *v = rt_form_get(f, sdash_controls[i].key[0]);
            rt_answer a = RT_ANSWER_NONE;
            if (v && *v && rt_answer_parse(v, &a) != RT_OK)
                add_error(errs, n, sdash_controls[i].key[0], "must be yes, no or don't know");
            fresh.sdash[i] = a == RT_ANSWER_YES ? 'y' : a == RT_ANSWER_NO ? 'n'
                             : a == RT_ANSWER_DONT_KNOW ? 'd' : '-';
            any |= a != RT_ANSWER_NONE;
        }
        if (!any)
            fresh.sdash[0] = '\0';
        else
            fresh.sdash[sdash->n_items] = '\0';
    }
    if (st == RT_OK && *n == before) {
        rt_risk_note_part part;
        int item;
        const char *why;
        if (rt_risk_notes_check(&fresh, t, today, &part, &item, &why) != RT_OK) {
            const char *key = part == RT_NOTE_COMMENT  ? dash_controls[item].key[1]
                              : part == RT_NOTE_SOURCE ? dash_controls[item].key[2]
                              : part == RT_NOTE_FEAR   ? fear_spec.key
                              : part == RT_NOTE_CONCLUSION ? conclusion_spec.key
                                                           : "assessment.sdash";
            add_error(errs, n, key, why);
        }
    }
    if (st != RT_OK || *n != before) {
        rt_referral_risk_clear(&fresh);
        return st;
    }
    rt_referral_risk_clear(k);
    *k = fresh;
    return RT_OK;
}

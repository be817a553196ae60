/* page_referral_new.c: the referral form, and its receipt.
 *
 * The form is drawn from the referral's field table, so a field added in
 * core/referral.c appears here, in the API and in the store together. */
#include "pages.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assessment_form.h"
#include "html.h"
#include "../app/drafts.h"
#include "../app/referrals.h"

/* The form's own controls beside the referral's fields: which button was
 * pressed, and the draft it continues. */
#define ACTION_FIELD "action"
#define DRAFT_FIELD "draft"

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

/* Every spec an error on this form may name, for the error summary:
 * the referral's fields and the assessment's controls. Built once. */
static rt_field_spec form_specs[RT_RF_COUNT + RT_ASSESSMENT_FORM_MAX_SPECS];
static size_t all_n;
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static void build_all(void)
{
    size_t n;
    const rt_field_spec *a = rt_assessment_form_specs(&n);
    memcpy(form_specs, rt_referral_fields(), RT_RF_COUNT * sizeof form_specs[0]);
    memcpy(form_specs + RT_RF_COUNT, a, n * sizeof form_specs[0]);
    all_n = RT_RF_COUNT + n;
}

static const rt_field_spec *all_specs(size_t *n)
{
    pthread_once(&all_once, build_all);
    *n = all_n;
    return form_specs;
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
                              rt_html_error_for(spec.key, errs, n_errs));
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
                   "the Marac and the Idva service. Do not tell the person causing harm.</p>\n"
                   "<p>Interrupted? <strong>Save as draft</strong> at the foot of the form and "
                   "finish it later from <a href=\"/referrals/drafts\">your drafts</a>.</p>\n");
    rt_html_error_summary(b, errs, n_errs, all, n_all);
    rt_html_raw(b, "<form method=\"post\" action=\"/referrals/new\" novalidate>\n");
    rt_html_csrf(ctx);
    const char *draft = form ? rt_form_get(form, DRAFT_FIELD) : NULL;
    if (draft && *draft) {
        rt_html_raw(b, "<input type=\"hidden\" name=\"" DRAFT_FIELD "\" value=\"");
        rt_html_attr(b, draft);
        rt_html_raw(b, "\">\n");
    }
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
        rt_html_field(b, &specs[i], values ? values[i] : NULL,
                      rt_html_error_for(specs[i].key, errs, n_errs));
    }
    rt_html_raw(b, "</section>\n");
    parties_section(b, form, errs, n_errs);
    rt_assessment_form_section(b, form, errs, n_errs);
    rt_html_raw(b, "<div class=\"buttons\"><button type=\"submit\" name=\"" ACTION_FIELD
                   "\" value=\"submit\">Submit referral</button>\n<button type=\"submit\" "
                   "name=\"" ACTION_FIELD "\" value=\"draft\" class=\"secondary\">Save as draft"
                   "</button></div>\n</form>\n");
    return rt_page_end(ctx, status);
}

/* Continues draft id: the form as it was saved. A draft made through
 * the API holds JSON, which this form cannot show. */
static rt_status resume(rt_ctx *ctx, const char *id)
{
    rt_draft d;
    rt_status st = rt_app_draft_get(ctx->app, ctx->who, id, ctx->req->client_addr, ctx->now, &d);
    if (st != RT_OK)
        return st;
    if (d.format != RT_DRAFT_FORM) {
        rt_draft_clear(&d);
        return rt_page_error(ctx, 409, "This draft was made through the API; finish it there.");
    }
    rt_form f;
    st = rt_form_parse(d.body, strlen(d.body), &f, NULL);
    rt_draft_clear(&d);
    if (st != RT_OK)
        return st == RT_ENOMEM ? st : RT_ESTORE;
    /* The id goes back into the form, so saving again replaces it. */
    char *k = strdup(DRAFT_FIELD), *v = strdup(id);
    if (!k || !v || f.n == RT_FORM_MAX_FIELDS) {
        free(k);
        free(v);
        rt_form_clear(&f);
        return RT_ENOMEM;
    }
    f.key[f.n] = k;
    f.value[f.n++] = v;
    char *values[RT_RF_COUNT];
    const rt_field_spec *specs = rt_referral_fields();
    for (int i = 0; i < RT_RF_COUNT; i++)
        values[i] = (char *)rt_form_get(&f, specs[i].key);
    st = render(ctx, 200, values, &f, NULL, 0);
    rt_form_clear(&f);
    return st;
}

rt_status rt_page_referral_new(rt_ctx *ctx)
{
    const char *draft = rt_req_query(ctx->req, "draft");
    if (draft)
        return resume(ctx, draft);
    char today[11];
    rt_html_today(ctx, today);
    char *values[RT_RF_COUNT] = {0};
    values[RT_RF_REFERRAL_DATE] = today;
    values[RT_RF_REFERRER_NAME] = ctx->who->user.display_name;
    return render(ctx, 200, values, NULL, NULL, 0);
}

/* Saves the form as it stands as a draft (new, or the one it came from). */
static rt_status save_draft(rt_ctx *ctx)
{
    static const char *const skip[] = {RT_CSRF_FIELD, ACTION_FIELD, DRAFT_FIELD, NULL};
    const char *given = rt_form_get(ctx->form, "victim.given_name");
    const char *family = rt_form_get(ctx->form, "victim.family_name");
    rt_draft d = {.format = RT_DRAFT_FORM};
    const char *id = rt_form_get(ctx->form, DRAFT_FIELD);
    if (id && *id)
        snprintf(d.id, sizeof d.id, "%s", id);
    size_t n = (given ? strlen(given) : 0) + (family ? strlen(family) : 0) + 2;
    rt_status st = (d.label = malloc(n)) ? RT_OK : RT_ENOMEM;
    if (st == RT_OK) {
        snprintf(d.label, n, "%s%s%s", given ? given : "", given && *given && family ? " " : "",
                 family ? family : "");
        st = rt_form_encode(ctx->form, skip, &d.body);
    }
    if (st == RT_OK)
        st = rt_app_draft_save(ctx->app, ctx->who, &d, ctx->req->client_addr, ctx->now);
    rt_draft_clear(&d);
    if (st != RT_OK)
        return st;
    return rt_res_redirect(ctx->res, "/referrals/drafts?done=saved");
}

rt_status rt_page_referral_new_post(rt_ctx *ctx)
{
    const rt_field_spec *specs = rt_referral_fields();
    rt_referral r = {0};
    /* Every form key must be a field of the referral or the CSRF token:
     * a stray key means the form and the server disagree. */
    for (size_t i = 0; i < ctx->form->n; i++) {
        const char *k = ctx->form->key[i];
        if (strcmp(k, RT_CSRF_FIELD) != 0 && strcmp(k, ACTION_FIELD) != 0 &&
            strcmp(k, DRAFT_FIELD) != 0 && rt_referral_field_by_key(k) < 0 &&
            strncmp(k, "assessment.", 11) != 0 && strncmp(k, "perpetrators[", 13) != 0 &&
            strncmp(k, "children[", 9) != 0)
            return rt_page_error(ctx, 400, "The form has a field this page does not know.");
    }
    const char *action = rt_form_get(ctx->form, ACTION_FIELD);
    if (action && strcmp(action, "draft") == 0)
        return save_draft(ctx);
    for (int i = 0; i < RT_RF_COUNT; i++)
        r.field[i] = rt_form_take(ctx->form, specs[i].key);
    /* Room for every referral problem and every assessment problem. */
    rt_field_error errs[RT_REFERRAL_MAX_ERRORS + RT_ASSESSMENT_FORM_MAX_ERRORS];
    size_t n_errs = 0, n_assess = 0;
    rt_field_error assess_errs[RT_ASSESSMENT_FORM_MAX_ERRORS];
    bool answered;
    rt_status st = rt_assessment_form_read(ctx->form, rt_date_from_unix(ctx->now), &r.risk,
                                           &answered, assess_errs, &n_assess);
    if (st == RT_OK)
        st = parties_from_form(ctx->form, &r);
    if (st == RT_OK && !n_assess)
        st = rt_app_referral_submit(ctx->app, ctx->who, &r, ctx->req->client_addr, ctx->now,
                                    errs, &n_errs);
    if (st == RT_OK && n_assess) {
        /* The checklist was answered but did not read: nothing is stored.
         * Validation still runs, so every other problem is shown too. */
        rt_date today = rt_date_from_unix(ctx->now);
        (void)rt_referral_normalise(&r);
        (void)rt_referral_validate(&r, today, errs, &n_errs);
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
        /* Submitted from a draft: the draft has served its purpose. */
        const char *draft = rt_form_get(ctx->form, DRAFT_FIELD);
        if (draft && *draft) {
            st = rt_app_draft_delete(ctx->app, ctx->who, draft, ctx->req->client_addr, ctx->now);
            if (st == RT_ENOTFOUND)
                st = RT_OK;
        }
    }
    if (st == RT_OK && r.id[0]) {
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

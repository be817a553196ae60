/* page_case_item.c: the form for recording something on a case, for
 * every kind of item (core/casework.h says what each holds), new or
 * changed. A contact's form stands beside the safe-contact panel, and a
 * contact through a channel not marked safe is refused with the reason. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/casework.h"
#include "case_html.h"
#include "html.h"

/* What a new item's form starts with: today for dates recorded now, the
 * open or planned status, the referral's score for the intake, and the
 * referral's safe-contact answers for a first safe-contact record. */
static rt_status defaults(const rt_ctx *ctx, const rt_case_view *v, rt_item_kind kind,
                          char **values)
{
    char today[11];
    rt_html_today(ctx, today);
    const rt_referral *r = &v->referral;
    char score[8];
    snprintf(score, sizeof score, "%d", r->risk.result.score);
    const struct {
        rt_item_kind kind;
        const char *key;
        const char *value;
    } fixed[] = {
        {RT_ITEM_CONTACT, "date", today},     {RT_ITEM_TASK, "status", "open"},
        {RT_ITEM_PLAN, "status", "planned"},  {RT_ITEM_INTAKE, "date", today},
        {RT_ITEM_INTAKE, "risk_score", r->risk.present ? score : NULL},
        {RT_ITEM_EXIT, "date", today},
        {RT_ITEM_SAFE_CONTACT, "phone", r->field[RT_RF_VICTIM_PHONE]},
        {RT_ITEM_SAFE_CONTACT, "phone_safe", r->field[RT_RF_VICTIM_SAFE_TO_CALL]},
        {RT_ITEM_SAFE_CONTACT, "safe_times", r->field[RT_RF_VICTIM_SAFE_TIMES]},
        {RT_ITEM_SAFE_CONTACT, "voicemail_safe", r->field[RT_RF_VICTIM_SAFE_VOICEMAIL]},
        {RT_ITEM_SAFE_CONTACT, "text_safe", r->field[RT_RF_VICTIM_SAFE_TEXT]},
        {RT_ITEM_SAFE_CONTACT, "safe_address", r->field[RT_RF_VICTIM_SAFE_ADDRESS]},
        {RT_ITEM_SAFE_CONTACT, "email", r->field[RT_RF_VICTIM_EMAIL]},
        {RT_ITEM_SAFE_CONTACT, "safe_people", r->field[RT_RF_VICTIM_SAFE_PEOPLE]},
        {RT_ITEM_SAFE_CONTACT, "unsafe_people", r->field[RT_RF_VICTIM_UNSAFE_PEOPLE]},
        {RT_ITEM_SAFE_CONTACT, "code_word", r->field[RT_RF_VICTIM_CODE_WORD]},
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        if (fixed[i].kind != kind || !fixed[i].value)
            continue;
        int k = rt_item_field_index(kind, fixed[i].key);
        if (k >= 0 && !(values[k] = strdup(fixed[i].value)))
            return RT_ENOMEM;
    }
    return RT_OK;
}

static void values_free(char **values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(values[i]);
}

/* The entry being changed: item_id's, or for a kind a case holds once,
 * the one it has. NULL for a new one. */
static const rt_case_entry *existing(const rt_case_view *v, rt_item_kind kind,
                                     const char *item_id)
{
    for (size_t i = 0; i < v->n_entries; i++) {
        const rt_case_entry *e = &v->entries[i];
        if (e->item.kind == kind &&
            ((item_id && strcmp(e->item.id, item_id) == 0) ||
             (!item_id && rt_item_kind_single(kind))))
            return e;
    }
    return NULL;
}

static const char *const intro[RT_ITEM_KIND_COUNT] = {
    [RT_ITEM_SAFE_CONTACT] = "How the person can be reached without putting them at risk. "
                             "Only channels marked safe can be used.",
    [RT_ITEM_CONTACT] = "Record every attempt, including those that failed, and why.",
    [RT_ITEM_NOTE] = "Notes are seen only by the Idva and their manager.",
    [RT_ITEM_TASK] = "A reminder with a due date; it shows as overdue once the date passes.",
    [RT_ITEM_PLAN] = "One step of the safety plan, with who will take it.",
    [RT_ITEM_CHILD] = "A child in the household or affected by the abuse.",
    [RT_ITEM_DEPENDANT] = "Another adult who depends on the person.",
    [RT_ITEM_PERPETRATOR] = "A person causing harm who is not on the referral.",
    [RT_ITEM_INTAKE] = "Which kinds of abuse were present when support began, and the risk.",
    [RT_ITEM_EXIT] = "How each kind of abuse present at intake has changed, and how the person "
                     "feels now.",
};

/* Renders the form: values as given, errs against fields, refusal (a
 * channel not safe) as the channel's error. item_id NULL for a new one. */
static rt_status render(rt_ctx *ctx, rt_item_kind kind, const char *item_id, char **values,
                        const rt_field_error *errs, size_t n_errs, int status)
{
    rt_case_view v;
    rt_status st = rt_app_case_view(ctx->app, ctx->who, ctx->req->params[0],
                                    ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    if (v.detail < RT_DETAIL_FULL || (kind == RT_ITEM_NOTE && !v.notes)) {
        rt_case_view_clear(&v);
        return RT_ENOTFOUND;
    }
    size_t n;
    const rt_field_spec *specs = rt_item_fields(kind, &n);
    char *mine[RT_ITEM_MAX_FIELDS] = {0};
    const rt_case_entry *e = existing(&v, kind, item_id);
    if (item_id && !e) {
        rt_case_view_clear(&v);
        return RT_ENOTFOUND;
    }
    if (!values) {
        values = mine;
        for (size_t i = 0; e && st == RT_OK && i < n; i++)
            if (e->values[i] && !(mine[i] = strdup(e->values[i])))
                st = RT_ENOMEM;
        if (!e && st == RT_OK)
            st = defaults(ctx, &v, kind, mine);
    }
    if (st != RT_OK) {
        values_free(mine, n);
        rt_case_view_clear(&v);
        return st;
    }
    rt_buf *b = &ctx->res->body;
    char title[160];
    snprintf(title, sizeof title, "%s%s%s", n_errs ? "Error: " : "", e ? "Change: " : "",
             rt_item_kind_label(kind));
    rt_page_begin(ctx, title);
    rt_html_error_summary(b, errs, n_errs, specs, n);
    rt_html_raw(b, "<h1>");
    rt_html_text(b, title + (n_errs ? 7 : 0));
    rt_html_raw(b, "</h1>\n<p class=\"lead\">For ");
    rt_html_text(b, v.referral.field[RT_RF_VICTIM_GIVEN_NAME]);
    rt_html_raw(b, " ");
    rt_html_text(b, v.referral.field[RT_RF_VICTIM_FAMILY_NAME]);
    rt_html_raw(b, ". ");
    rt_html_text(b, intro[kind]);
    rt_html_raw(b, "</p>\n");
    if (kind == RT_ITEM_CONTACT)
        rt_case_html_safe_contact(b, v.c.id, rt_case_view_single(&v, RT_ITEM_SAFE_CONTACT));
    if (kind == RT_ITEM_EXIT) {
        char **intake = rt_case_view_single(&v, RT_ITEM_INTAKE);
        rt_html_raw(b, "<div class=\"notice\"><p>At intake: ");
        bool any = false;
        for (int a = 0; intake && a < RT_ABUSE_COUNT; a++)
            if (intake[a] && strcmp(intake[a], "yes") == 0) {
                rt_html_raw(b, any ? ", " : "");
                rt_html_text(b, rt_abuse_type_label((rt_abuse_type)a));
                any = true;
            }
        rt_html_raw(b, intake ? (any ? ". Answer each of these; leave the others." : "no abuse "
                                                                                    "recorded.")
                              : "no intake measures are recorded.");
        rt_html_raw(b, "</p></div>\n");
    }
    rt_html_raw(b, "<form method=\"post\" novalidate action=\"/cases/");
    rt_html_attr(b, v.c.id);
    rt_html_raw(b, "/items/");
    rt_html_attr(b, rt_item_kind_name(kind));
    rt_html_raw(b, "/");
    rt_html_attr(b, item_id ? item_id : "new");
    rt_html_raw(b, "\">\n");
    rt_html_csrf(ctx);
    for (size_t i = 0; i < n; i++)
        rt_html_field(b, &specs[i], values[i], rt_html_error_for(specs[i].key, errs, n_errs));
    rt_html_raw(b, "<button type=\"submit\">Save</button>\n</form>\n<p><a href=\"/cases/");
    rt_html_attr(b, v.c.id);
    rt_html_raw(b, "\">Back to the case</a></p>\n");
    values_free(mine, n);
    rt_case_view_clear(&v);
    return rt_page_end(ctx, status);
}

static rt_status kind_of(rt_ctx *ctx, rt_item_kind *kind)
{
    return rt_item_kind_parse(ctx->req->params[1], kind) == RT_OK ? RT_OK : RT_ENOTFOUND;
}

rt_status rt_page_case_item_new(rt_ctx *ctx)
{
    rt_item_kind kind;
    rt_status st = kind_of(ctx, &kind);
    return st == RT_OK ? render(ctx, kind, NULL, NULL, NULL, 0, 200) : st;
}

rt_status rt_page_case_item_edit(rt_ctx *ctx)
{
    rt_item_kind kind;
    rt_status st = kind_of(ctx, &kind);
    return st == RT_OK ? render(ctx, kind, ctx->req->params[2], NULL, NULL, 0, 200) : st;
}

static rt_status save(rt_ctx *ctx, const char *item_id)
{
    rt_item_kind kind;
    rt_status st = kind_of(ctx, &kind);
    if (st != RT_OK)
        return st;
    size_t n;
    const rt_field_spec *specs = rt_item_fields(kind, &n);
    char *values[RT_ITEM_MAX_FIELDS] = {0};
    for (size_t i = 0; i < n; i++)
        values[i] = rt_form_take(ctx->form, specs[i].key);
    rt_field_error errs[RT_ITEM_MAX_FIELDS];
    size_t n_errs = 0;
    const char *refusal = NULL;
    char saved[RT_ID_HEX + 1];
    st = rt_app_case_item_save(ctx->app, ctx->who, ctx->req->params[0], kind, item_id, values,
                               ctx->req->client_addr, ctx->now, errs, &n_errs, &refusal, saved);
    if (st == RT_EDENIED && refusal) {
        errs[0] = (rt_field_error){kind == RT_ITEM_CONTACT ? "channel" : specs[0].key, refusal};
        n_errs = 1;
        st = RT_EINVAL;
    }
    if (st == RT_EINVAL && n_errs) {
        st = render(ctx, kind, item_id, values, errs, n_errs, 422);
        values_free(values, n);
        return st;
    }
    values_free(values, n);
    if (st != RT_OK)
        return st;
    char loc[128];
    snprintf(loc, sizeof loc, "/cases/%s?done=saved#h-%s", ctx->req->params[0],
             rt_item_kind_name(kind));
    return rt_res_redirect(ctx->res, loc);
}

rt_status rt_page_case_item_new_post(rt_ctx *ctx)
{
    return save(ctx, NULL);
}

rt_status rt_page_case_item_edit_post(rt_ctx *ctx)
{
    return save(ctx, ctx->req->params[2]);
}

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

static rt_status render(rt_ctx *ctx, int status, char *const *values,
                        const rt_field_error *errs, size_t n_errs)
{
    rt_buf *b = &ctx->res->body;
    const rt_field_spec *specs = rt_referral_fields();
    rt_page_begin(ctx, n_errs ? "Error: Record a referral" : "Record a referral");
    rt_html_raw(b, "<h1>Record a referral</h1>\n<p class=\"lead\">Refer a person at high risk to "
                   "the Marac and the Idva service. Do not tell the person causing harm.</p>\n");
    rt_html_error_summary(b, errs, n_errs, specs, RT_RF_COUNT);
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
        const char *error = NULL;
        for (size_t e = 0; e < n_errs; e++)
            if (strcmp(errs[e].key, specs[i].key) == 0)
                error = errs[e].message;
        rt_html_field(b, &specs[i], values ? values[i] : NULL, error);
    }
    rt_html_raw(b, "</section>\n<button type=\"submit\">Submit referral</button>\n</form>\n");
    return rt_page_end(ctx, status);
}

rt_status rt_page_referral_new(rt_ctx *ctx)
{
    char today[11];
    rt_html_today(ctx, today);
    char *values[RT_RF_COUNT] = {0};
    values[RT_RF_REFERRAL_DATE] = today;
    values[RT_RF_REFERRER_NAME] = ctx->who->user.display_name;
    return render(ctx, 200, values, NULL, 0);
}

rt_status rt_page_referral_new_post(rt_ctx *ctx)
{
    const rt_field_spec *specs = rt_referral_fields();
    rt_referral r = {0};
    /* Every form key must be a field of the referral or the CSRF token:
     * a stray key means the form and the server disagree. */
    for (size_t i = 0; i < ctx->form->n; i++) {
        const char *k = ctx->form->key[i];
        if (strcmp(k, RT_CSRF_FIELD) != 0 && rt_referral_field_by_key(k) < 0)
            return rt_page_error(ctx, 400, "The form has a field this page does not know.");
    }
    for (int i = 0; i < RT_RF_COUNT; i++)
        r.field[i] = rt_form_take(ctx->form, specs[i].key);
    rt_field_error errs[RT_RF_COUNT];
    size_t n_errs;
    rt_status st = rt_app_referral_submit(ctx->app, ctx->who, &r, ctx->req->client_addr,
                                          ctx->now, errs, &n_errs);
    if (st == RT_EINVAL)
        st = render(ctx, 422, r.field, errs, n_errs);
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

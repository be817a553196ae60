/* html.c: escaping writers and the shared page frame; see html.h. */
#include "html.h"

#include <stdio.h>
#include <string.h>
#include "../core/date.h"
#include "../core/policy.h"

static void escape(rt_buf *b, const char *s, bool attr)
{
    if (!s)
        return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = attr ? "&quot;" : NULL; break;
        case '\'': rep = attr ? "&#39;" : NULL; break;
        default: break;
        }
        if (rep) {
            rt_buf_append(b, run, (size_t)(p - run));
            rt_buf_puts(b, rep);
            run = p + 1;
        }
    }
    rt_buf_puts(b, run);
}

void rt_html_text(rt_buf *b, const char *s)
{
    escape(b, s, false);
}

void rt_html_attr(rt_buf *b, const char *s)
{
    escape(b, s, true);
}

void rt_html_query_value(rt_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            rt_buf_putc(b, (char)*p);
        } else {
            char enc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            rt_buf_append(b, enc, 3);
        }
    }
}

void rt_html_raw(rt_buf *b, const char *literal)
{
    rt_buf_puts(b, literal);
}

void rt_html_csrf(rt_ctx *ctx)
{
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<input type=\"hidden\" name=\"" RT_CSRF_FIELD "\" value=\"");
    rt_html_attr(b, ctx->who ? ctx->who->session.csrf : ctx->pre_csrf);
    rt_html_raw(b, "\">");
}

/* Navigation links, each shown only to roles the policy lets through. */
static const struct {
    const char *href;
    const char *label;
    rt_action action;
} nav[] = {
    {"/referrals/new", "Record a referral", RT_ACT_REFERRAL_CREATE},
    {"/triage", "Triage", RT_ACT_REFERRAL_LIST},
    {"/cases", "Cases", RT_ACT_CASE_WRITE},
    {"/caseload", "Caseload", RT_ACT_CASELOAD},
    {"/reports/outcomes", "Outcomes", RT_ACT_OUTCOMES},
    {"/meetings", "Meetings", RT_ACT_MEETING_READ},
    {"/actions", "Actions", RT_ACT_ACTION_UPDATE},
    {"/audit", "Audit log", RT_ACT_AUDIT_READ},
    {"/account", "Your account", RT_ACT_SIGNED_IN},
    {"/referrals", "Referrals", RT_ACT_REFERRAL_LIST},
};

void rt_page_begin(rt_ctx *ctx, const char *title)
{
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    rt_html_text(b, title);
    rt_html_raw(b, " – Roundtable</title>\n<link rel=\"stylesheet\" href=\"/assets/app.css\">\n"
                   "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
                   "<header class=\"top\">\n<a class=\"brand\" href=\"/\">Roundtable</a>\n");
    if (ctx->who) {
        /* Part-way through signing in, the only way on is the page shown. */
        bool partway =
            ctx->who->session.second_factor_pending || ctx->who->user.must_change_password;
        rt_html_raw(b, "<nav aria-label=\"Main\"><ul>");
        for (size_t i = 0; i < sizeof nav / sizeof nav[0] && !partway; i++) {
            if (!rt_policy_may(ctx->who->user.role, nav[i].action))
                continue;
            rt_html_raw(b, "<li><a href=\"");
            rt_html_attr(b, nav[i].href);
            rt_html_raw(b, "\">");
            rt_html_text(b, nav[i].label);
            rt_html_raw(b, "</a></li>");
        }
        rt_html_raw(b, "</ul></nav>\n<div class=\"who\"><span>");
        rt_html_text(b, ctx->who->user.display_name);
        rt_html_raw(b, " · ");
        rt_html_text(b, rt_role_label(ctx->who->user.role));
        rt_html_raw(b, "</span>\n<form method=\"post\" action=\"/logout\">");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<button type=\"submit\" class=\"link\">Sign out</button></form></div>\n");
    }
    rt_html_raw(b, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

rt_status rt_page_end(rt_ctx *ctx, int status)
{
    rt_html_raw(&ctx->res->body,
                "</main>\n<footer class=\"foot\"><p>Roundtable holds confidential information "
                "about people at risk. Share only what is necessary and proportionate.</p>"
                "</footer>\n</body>\n</html>\n");
    ctx->res->status = status;
    ctx->res->content_type = "text/html; charset=utf-8";
    return rt_buf_status(&ctx->res->body);
}

bool rt_html_field_id(const char *key, char out[80])
{
    size_t n = strlen(key);
    if (n + 3 > 80)
        return false;
    out[0] = 'f';
    out[1] = '-';
    for (size_t i = 0; i <= n; i++)
        out[i + 2] = key[i] == '.' ? '-' : key[i];
    return true;
}

static const rt_field_spec *find_spec(const rt_field_spec *specs, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(specs[i].key, key) == 0)
            return &specs[i];
    return NULL;
}

const char *rt_html_error_for(const char *key, const rt_field_error *errs, size_t n)
{
    for (size_t e = 0; e < n; e++)
        if (strcmp(errs[e].key, key) == 0)
            return errs[e].message;
    return NULL;
}

void rt_html_error_summary(rt_buf *b, const rt_field_error *errs, size_t n,
                           const rt_field_spec *specs, size_t n_specs)
{
    if (!n)
        return;
    rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>\n"
                   "<h2>There is a problem</h2>\n<ul>\n");
    for (size_t i = 0; i < n; i++) {
        const rt_field_spec *s = find_spec(specs, n_specs, errs[i].key);
        char id[80];
        rt_html_raw(b, "<li>");
        if (s && rt_html_field_id(s->key, id)) {
            rt_html_raw(b, "<a href=\"#");
            rt_html_attr(b, id);
            rt_html_raw(b, "\">");
        }
        rt_html_text(b, s ? s->label : errs[i].key);
        rt_html_raw(b, " ");
        rt_html_text(b, errs[i].message);
        if (s)
            rt_html_raw(b, "</a>");
        rt_html_raw(b, "</li>\n");
    }
    rt_html_raw(b, "</ul>\n</div>\n");
}

void rt_html_problem(rt_buf *b, const char *message, const char *anchor)
{
    rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                   "<h2>There is a problem</h2><p>");
    if (anchor) {
        rt_html_raw(b, "<a href=\"#");
        rt_html_attr(b, anchor);
        rt_html_raw(b, "\">");
    }
    rt_html_text(b, message);
    rt_html_raw(b, anchor ? "</a></p></div>\n" : "</p></div>\n");
}

static void label_hint_error(rt_buf *b, const rt_field_spec *spec, const char *id,
                             const char *error, bool legend)
{
    rt_html_raw(b, legend ? "<legend>" : "<label for=\"");
    if (!legend) {
        rt_html_attr(b, id);
        rt_html_raw(b, "\">");
    }
    rt_html_text(b, spec->label);
    if (!spec->required)
        rt_html_raw(b, " <span class=\"optional\">(optional)</span>");
    rt_html_raw(b, legend ? "</legend>\n" : "</label>\n");
    if (spec->hint) {
        rt_html_raw(b, "<p class=\"hint\" id=\"");
        rt_html_attr(b, id);
        rt_html_raw(b, "-hint\">");
        rt_html_text(b, spec->hint);
        rt_html_raw(b, "</p>\n");
    }
    if (error) {
        rt_html_raw(b, "<p class=\"error\" id=\"");
        rt_html_attr(b, id);
        rt_html_raw(b, "-error\"><span class=\"visually-hidden\">Error:</span> ");
        rt_html_text(b, spec->label);
        rt_html_raw(b, " ");
        rt_html_text(b, error);
        rt_html_raw(b, "</p>\n");
    }
}

static void described_by(rt_buf *b, const rt_field_spec *spec, const char *id, const char *error)
{
    if (!spec->hint && !error)
        return;
    rt_html_raw(b, " aria-describedby=\"");
    if (spec->hint) {
        rt_html_attr(b, id);
        rt_html_raw(b, "-hint");
    }
    if (error) {
        rt_html_raw(b, spec->hint ? " " : "");
        rt_html_attr(b, id);
        rt_html_raw(b, "-error");
    }
    rt_html_raw(b, "\"");
}

void rt_html_field(rt_buf *b, const rt_field_spec *spec, const char *value, const char *error)
{
    char id[80];
    if (!rt_html_field_id(spec->key, id)) {
        b->status = b->status ? b->status : RT_ETOOBIG;
        return;
    }
    rt_html_raw(b, error ? "<div class=\"field has-error\">\n" : "<div class=\"field\">\n");
    if (spec->type == RT_FT_CHOICE) {
        rt_html_raw(b, "<fieldset id=\"");
        rt_html_attr(b, id);
        rt_html_raw(b, "\"");
        described_by(b, spec, id, error);
        rt_html_raw(b, ">\n");
        label_hint_error(b, spec, id, error, true);
        int i = 0;
        for (const rt_choice *c = spec->choices; c->value; c++, i++) {
            char cid[96];
            snprintf(cid, sizeof cid, "%s-%d", id, i);
            rt_html_raw(b, "<div class=\"radio\"><input type=\"radio\" id=\"");
            rt_html_attr(b, cid);
            rt_html_raw(b, "\" name=\"");
            rt_html_attr(b, spec->key);
            rt_html_raw(b, "\" value=\"");
            rt_html_attr(b, c->value);
            rt_html_raw(b, "\"");
            if (value && strcmp(value, c->value) == 0)
                rt_html_raw(b, " checked");
            rt_html_raw(b, "><label for=\"");
            rt_html_attr(b, cid);
            rt_html_raw(b, "\">");
            rt_html_text(b, c->label);
            rt_html_raw(b, "</label></div>\n");
        }
        rt_html_raw(b, "</fieldset>\n</div>\n");
        return;
    }
    label_hint_error(b, spec, id, error, false);
    bool area = spec->type == RT_FT_LONGTEXT;
    rt_html_raw(b, area ? "<textarea rows=\"3\"" : "<input");
    rt_html_raw(b, " id=\"");
    rt_html_attr(b, id);
    rt_html_raw(b, "\" name=\"");
    rt_html_attr(b, spec->key);
    rt_html_raw(b, "\"");
    if (!area) {
        const char *type = "text";
        if (spec->type == RT_FT_DATE || spec->type == RT_FT_BIRTHDATE ||
            spec->type == RT_FT_DUE_DATE)
            type = "date";
        else if (spec->type == RT_FT_EMAIL)
            type = "email";
        else if (spec->type == RT_FT_PHONE)
            type = "tel";
        rt_html_raw(b, " type=\"");
        rt_html_raw(b, type);
        rt_html_raw(b, "\"");
        if (spec->type == RT_FT_NUMBER)
            rt_html_raw(b, " inputmode=\"numeric\"");
    }
    /* Browsers must not remember victims' details on a shared computer. */
    rt_html_raw(b, spec->identifying ? " autocomplete=\"off\"" : "");
    if (spec->required)
        rt_html_raw(b, " aria-required=\"true\"");
    if (error)
        rt_html_raw(b, " aria-invalid=\"true\"");
    described_by(b, spec, id, error);
    rt_buf_printf(b, " maxlength=\"%zu\"", spec->max_len);
    if (area) {
        rt_html_raw(b, ">");
        rt_html_text(b, value);
        rt_html_raw(b, "</textarea>\n");
    } else {
        rt_html_raw(b, " value=\"");
        rt_html_attr(b, value);
        rt_html_raw(b, "\">\n");
    }
    rt_html_raw(b, "</div>\n");
}

void rt_html_today(const rt_ctx *ctx, char out[11])
{
    rt_date_format(rt_date_from_unix(ctx->now), out);
}

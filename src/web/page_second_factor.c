/* page_second_factor.c: setting up and giving the second factor (a code
 * from an authenticator app, RFC 6238).
 *
 * One page serves three moments: enrolment (a secret is shown once, as a
 * QR code and as text, and confirmed with a code), signing in (a code is
 * asked for), and afterwards (it says the factor is set up). */
#include "pages.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "../app/totp.h"
#include "../app/signin.h"
#include "html.h"
#include "qr.h"

static void code_input(rt_buf *b, const char *error)
{
    rt_html_raw(b, error ? "<div class=\"field has-error\">" : "<div class=\"field\">");
    rt_html_raw(b, "<label for=\"code\">Code from your authenticator app</label>\n"
                   "<p class=\"hint\" id=\"code-hint\">6 digits. A new code appears every 30 "
                   "seconds.</p>\n");
    if (error) {
        rt_html_raw(b, "<p class=\"error\" id=\"code-error\"><span class=\"visually-hidden\">"
                       "Error:</span> ");
        rt_html_text(b, error);
        rt_html_raw(b, "</p>\n");
    }
    rt_html_raw(b, "<input type=\"text\" id=\"code\" name=\"code\" inputmode=\"numeric\" "
                   "autocomplete=\"one-time-code\" spellcheck=\"false\" class=\"code\" "
                   "maxlength=\"9\"");
    rt_html_raw(b, error ? " aria-invalid=\"true\" aria-describedby=\"code-hint code-error\">"
                         : " aria-describedby=\"code-hint\">");
    rt_html_raw(b, "</div>\n");
}

static void error_summary(rt_buf *b, const char *error)
{
    if (!error)
        return;
    rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                   "<h2>There is a problem</h2><ul><li><a href=\"#code\">");
    rt_html_text(b, error);
    rt_html_raw(b, "</a></li></ul></div>\n");
}

/* The key typed by hand, in groups of four so it can be read aloud and
 * checked. */
static void grouped_secret(rt_buf *b, const char *secret)
{
    char grouped[RT_TOTP_SECRET_CHARS + RT_TOTP_SECRET_CHARS / 4];
    size_t n = 0;
    for (size_t i = 0; secret[i]; i++) {
        if (i && i % 4 == 0)
            grouped[n++] = ' ';
        grouped[n++] = secret[i];
    }
    grouped[n] = '\0';
    rt_html_raw(b, "<p><code class=\"secret\" id=\"secret\">");
    rt_html_text(b, grouped);
    rt_html_raw(b, "</code></p>\n");
    sodium_memzero(grouped, sizeof grouped);
}

static rt_status enrol(rt_ctx *ctx, int status, const char *error)
{
    char *secret = NULL, *uri = NULL;
    rt_status st = rt_app_second_factor_begin(ctx->app, ctx->who, ctx->req->client_addr,
                                              ctx->now, &secret, &uri);
    rt_buf *b = &ctx->res->body;
    if (st == RT_OK) {
        rt_page_begin(ctx, error ? "Error: Set up your second factor" : "Set up your second factor");
        rt_html_raw(b, "<h1>Set up your second factor</h1>\n");
        error_summary(b, error);
        if (ctx->who->session.second_factor_pending)
            rt_html_raw(b, "<p class=\"lead\">Your role signs in with a password and a code "
                           "from an authenticator app on your phone. Set it up once; after "
                           "that you give a code each time you sign in.</p>\n");
        rt_html_raw(b, "<ol class=\"steps\">\n<li><p>Open an authenticator app on your work "
                       "phone and choose to add an account.</p></li>\n"
                       "<li><p>Scan this code with it:</p>\n");
        st = rt_html_qr_svg(b, uri, "QR code holding your Roundtable key");
    }
    if (st == RT_OK) {
        rt_html_raw(b, "<p>Or, if you cannot scan, choose to enter a key and type this one "
                       "(time-based, 6 digits):</p>\n");
        grouped_secret(b, secret);
        rt_html_raw(b, "</li>\n<li><p>Type the code the app now shows.</p></li>\n</ol>\n"
                       "<form method=\"post\" action=\"/account/second-factor\" novalidate>\n");
        rt_html_csrf(ctx);
        code_input(b, error);
        rt_html_raw(b, "<button type=\"submit\">Confirm</button>\n</form>\n"
                       "<p>Keep the key to yourself: anyone who has it can make your codes. "
                       "If you lose your phone, ask an administrator to reset your second "
                       "factor.</p>\n");
        st = rt_page_end(ctx, status);
    }
    rt_totp_free(uri);
    rt_totp_free(secret);
    return st;
}

static rt_status ask(rt_ctx *ctx, int status, const char *error)
{
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, error ? "Error: Enter your code" : "Enter your code");
    rt_html_raw(b, "<h1>Enter your code</h1>\n");
    error_summary(b, error);
    rt_html_raw(b, "<p class=\"lead\">Open the authenticator app on your phone and type the "
                   "code it shows for Roundtable.</p>\n"
                   "<form method=\"post\" action=\"/account/second-factor\" novalidate>\n");
    rt_html_csrf(ctx);
    code_input(b, error);
    rt_html_raw(b, "<button type=\"submit\">Continue</button>\n</form>\n"
                   "<p>Lost your phone? Ask an administrator to reset your second factor, "
                   "and sign out everywhere once you are back in.</p>\n");
    return rt_page_end(ctx, status);
}

static rt_status render(rt_ctx *ctx, int status, const char *error)
{
    if (!ctx->who->user.second_factor)
        return enrol(ctx, status, error);
    if (ctx->who->session.second_factor_pending)
        return ask(ctx, status, error);
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Your second factor");
    rt_html_raw(b, "<h1>Your second factor</h1>\n<p>Your second factor is set up: you give a "
                   "code from your authenticator app each time you sign in.</p>\n"
                   "<p>If you lose your phone or get a new one, ask an administrator to reset "
                   "it; you will set it up again at your next sign-in.</p>\n"
                   "<p><a href=\"/account\">Back to your account</a></p>\n");
    return rt_page_end(ctx, status);
}

rt_status rt_page_second_factor(rt_ctx *ctx)
{
    return render(ctx, 200, NULL);
}

rt_status rt_page_second_factor_post(rt_ctx *ctx)
{
    if (ctx->who->user.second_factor && !ctx->who->session.second_factor_pending)
        return rt_res_redirect(ctx->res, "/account/second-factor");
    rt_second_factor_outcome outcome;
    rt_status st = rt_app_second_factor_verify(ctx->app, ctx->who,
                                               rt_form_get(ctx->form, "code"),
                                               ctx->req->client_addr, ctx->now, &outcome);
    if (st != RT_OK)
        return st;
    switch (outcome) {
    case RT_SECOND_FACTOR_OK:
        return rt_res_redirect(ctx->res, ctx->who->session.second_factor_pending
                                             ? "/"
                                             : "/account?done=second-factor");
    case RT_SECOND_FACTOR_MALFORMED:
        return render(ctx, 422, "Enter the 6 digits your app shows");
    case RT_SECOND_FACTOR_WRONG:
        return render(ctx, 422, "That code is not right, or was used already. Wait for the "
                                "next code and type it");
    case RT_SECOND_FACTOR_THROTTLED:
        return render(ctx, 429, "Too many wrong codes. Wait 15 minutes and try again");
    case RT_SECOND_FACTOR_NO_SECRET:
        return render(ctx, 200, NULL);
    }
    return RT_ESTORE;
}

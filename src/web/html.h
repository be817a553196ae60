/* html.h: writing HTML safely, and the parts every page shares.
 *
 * Escaping belongs to the function that writes: rt_html_text for element
 * content and rt_html_attr for attribute values. Page code never appends
 * an untrusted string to a buffer any other way. Literal markup goes
 * through rt_html_raw, which takes only string literals by convention.
 *
 * All writers append to ctx->res->body, whose sticky error the router
 * checks after the handler returns. */
#ifndef RT_WEB_HTML_H
#define RT_WEB_HTML_H

#include <stdbool.h>
#include "../core/field.h"
#include "../http/router.h"

/* Appends s with & < > escaped (for text between tags). NULL: nothing. */
void rt_html_text(rt_buf *b, const char *s);
/* Appends s with & < > " ' escaped (for a quoted attribute value). */
void rt_html_attr(rt_buf *b, const char *s);
/* Appends s percent-encoded for a URL's query string (everything but
 * A-Z a-z 0-9 - . _ ~), which is also safe inside a quoted attribute. */
void rt_html_query_value(rt_buf *b, const char *s);
/* Appends markup written by us (a literal), unescaped. */
void rt_html_raw(rt_buf *b, const char *literal);

/* Starts a page: doctype, head, skip link, header with the signed-in
 * user's navigation and sign-out button, and the opening of <main>. */
void rt_page_begin(rt_ctx *ctx, const char *title);
/* Closes <main> and the document, and sets status and content type. */
rt_status rt_page_end(rt_ctx *ctx, int status);

/* The hidden CSRF field every form carries. */
void rt_html_csrf(rt_ctx *ctx);

/* The id of the input for a field key: "f-" then the key with dots as
 * dashes. out must hold 80 bytes; longer keys are refused (false). */
bool rt_html_field_id(const char *key, char out[80]);

/* The message errs gives for key, or NULL. Static strings, borrowed. */
const char *rt_html_error_for(const char *key, const rt_field_error *errs, size_t n);

/* An error summary (role="alert", focused on load) linking to each field
 * in errs. Nothing when n is 0. */
void rt_html_error_summary(rt_buf *b, const rt_field_error *errs, size_t n,
                           const rt_field_spec *specs, size_t n_specs);

/* The error summary of a page with one problem (role="alert", focused on
 * load): message, linking to the control whose id is anchor (NULL: no
 * link). */
void rt_html_problem(rt_buf *b, const char *message, const char *anchor);

/* One form control for spec with its label, hint and error: text, date,
 * email, tel, textarea or a radio group, filled with value. */
void rt_html_field(rt_buf *b, const rt_field_spec *spec, const char *value, const char *error);

/* Today's date as YYYY-MM-DD for ctx->now. */
void rt_html_today(const rt_ctx *ctx, char out[11]);

#endif

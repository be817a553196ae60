/* page_error.c: the page shown when something is refused or missing. */
#include "pages.h"

#include "html.h"

static const char *title_for(int status)
{
    switch (status) {
    case 400: return "The request could not be read";
    case 403: return "You cannot see this";
    case 404: return "Page not found";
    case 405: return "Not allowed here";
    case 413: return "Too much was sent";
    case 415: return "The form was sent in the wrong format";
    default: return status >= 500 ? "Something went wrong" : "The request was refused";
    }
}

rt_status rt_page_error(rt_ctx *ctx, int status, const char *message)
{
    const char *title = title_for(status);
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, title);
    rt_html_raw(b, "<h1>");
    rt_html_text(b, title);
    rt_html_raw(b, "</h1>\n<p>");
    rt_html_text(b, status >= 500 ? "The error has been logged. Try again, and if it happens "
                                    "again tell your administrator."
                                  : message);
    rt_html_raw(b, "</p>\n<p><a href=\"/\">Go to the start page</a></p>\n");
    return rt_page_end(ctx, status);
}

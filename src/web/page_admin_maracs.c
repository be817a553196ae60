/* page_admin_maracs.c: the administrator names each Marac's staff, the
 * coordinators and chairs who act for it and see the cases it hears
 * (safety.md, "Jurisdiction"). Accounts only: no case appears here. */
#include "pages.h"

#include <stdio.h>
#include <string.h>
#include "../app/marac.h"
#include "html.h"

/* The page: status 200, or the 4xx of a refused change with error (about
 * the add form of Marac code, or NULL: the whole page) in its summary. */
static rt_status show(rt_ctx *ctx, int status, const char *error, const char *code)
{
    rt_marac_staffing *v;
    size_t n;
    rt_status st = rt_app_marac_staffing(ctx->app, ctx->who, &v, &n);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, error ? "Error: Marac staff" : "Marac staff");
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "added") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">Added to the Marac's staff.</p>\n");
    if (done && strcmp(done, "removed") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">Removed from the Marac's staff."
                       "</p>\n");
    if (error) {
        char anchor[80];
        snprintf(anchor, sizeof anchor, "u-%s", code ? code : "");
        rt_html_problem(b, error, code ? anchor : NULL);
    }
    rt_html_raw(b, "<h1>Marac staff</h1>\n<p>A Marac's coordinators and chairs run its meetings "
                   "and see the cases it hears: those of people living in its areas, or listed "
                   "at or transferred to it. Someone on no Marac's staff sees no case.</p>\n");
    if (!n)
        rt_html_raw(b, "<p>There are no Maracs yet: add one with <code>roundtable marac "
                       "add</code>.</p>\n");
    for (size_t i = 0; i < n; i++) {
        const rt_marac *m = &v[i].marac;
        rt_html_raw(b, "<section class=\"marac\">\n<h2>");
        rt_html_text(b, m->name);
        rt_html_raw(b, "</h2>\n<p>Areas: ");
        rt_html_text(b, m->areas);
        rt_html_raw(b, "</p>\n");
        if (!v[i].n_staff)
            rt_html_raw(b, "<p>No staff yet.</p>\n");
        else
            rt_html_raw(b, "<ul class=\"staff\">\n");
        for (size_t k = 0; k < v[i].n_staff; k++) {
            const rt_user *u = &v[i].staff[k];
            rt_html_raw(b, "<li>");
            rt_html_text(b, u->display_name);
            rt_html_raw(b, " (");
            rt_html_text(b, u->username);
            rt_html_raw(b, ", ");
            rt_html_text(b, rt_role_label(u->role));
            rt_html_raw(b, ") <form method=\"post\" class=\"inline\" action=\"/admin/maracs/");
            rt_html_attr(b, m->code);
            rt_html_raw(b, "/staff/");
            rt_html_attr(b, u->username);
            rt_html_raw(b, "/remove\">");
            rt_html_csrf(ctx);
            rt_html_raw(b, "<button type=\"submit\" class=\"secondary\">Remove ");
            rt_html_text(b, u->username);
            rt_html_raw(b, "</button></form></li>\n");
        }
        if (v[i].n_staff)
            rt_html_raw(b, "</ul>\n");
        rt_html_raw(b, "<form method=\"post\" novalidate action=\"/admin/maracs/");
        rt_html_attr(b, m->code);
        rt_html_raw(b, "/staff\">\n");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<div class=\"field\"><label for=\"u-");
        rt_html_attr(b, m->code);
        rt_html_raw(b, "\">Username of a coordinator or chair</label>\n<input id=\"u-");
        rt_html_attr(b, m->code);
        rt_html_raw(b, "\" name=\"username\" autocomplete=\"off\"></div>\n<button "
                       "type=\"submit\">Add to ");
        rt_html_text(b, m->name);
        rt_html_raw(b, "</button>\n</form>\n</section>\n");
    }
    rt_marac_staffing_free(v, n);
    return rt_page_end(ctx, status);
}

rt_status rt_page_admin_maracs(rt_ctx *ctx)
{
    return show(ctx, 200, NULL, NULL);
}

/* Adds or removes username, then shows the page with what happened: a
 * refusal at once, a change after a redirect (so a reload repeats
 * nothing). */
static rt_status change(rt_ctx *ctx, const char *username, bool remove)
{
    const char *code = ctx->req->params[0];
    const char *field = NULL;
    rt_status st = rt_app_marac_staff_set(ctx->app, ctx->who, code, username, remove,
                                          ctx->req->client_addr, ctx->now, &field);
    if (st == RT_ENOTFOUND && field && strcmp(field, "marac") == 0)
        return show(ctx, 404, "There is no such Marac.", NULL);
    if (st == RT_ENOTFOUND)
        return show(ctx, 404,
                    remove ? "That user is not on this Marac's staff."
                           : "There is no user with that username.",
                    remove ? NULL : code);
    if (st == RT_EINVAL)
        return show(ctx, 422, "Only a coordinator or a chair can be a Marac's staff.",
                    remove ? NULL : code);
    if (st != RT_OK)
        return st;
    return rt_res_redirect(ctx->res, remove ? "/admin/maracs?done=removed"
                                            : "/admin/maracs?done=added");
}

rt_status rt_page_admin_marac_staff_add(rt_ctx *ctx)
{
    return change(ctx, rt_form_get(ctx->form, "username"), false);
}

rt_status rt_page_admin_marac_staff_remove(rt_ctx *ctx)
{
    return change(ctx, ctx->req->params[1], true);
}

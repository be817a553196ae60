/* page_agenda.c: the agenda in the national order (marac.md):
 * introductions and the confidentiality statement; incomplete actions
 * from earlier meetings, not possible apart from not done; new cases and
 * repeats with children first, then adult-only; cases where twelve months
 * have passed; any other business. Printable. */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include "../app/marac.h"
#include "../core/form.h"
#include "html.h"

static void review(rt_buf *b, const rt_meeting_view *v, rt_action_status s, const char *heading)
{
    size_t nf;
    const rt_field_spec *af = rt_action_fields(&nf);
    size_t shown = 0;
    for (size_t i = 0; i < v->n_review; i++) {
        const rt_marac_action *a = &v->review[i];
        if (a->status != s)
            continue;
        char **av = NULL;
        if (rt_form_decode_fields(af, nf, a->body, &av) != RT_OK)
            continue;
        if (!shown++) {
            rt_html_raw(b, "<h3>");
            rt_html_text(b, heading);
            rt_html_raw(b, "</h3>\n<ul>\n");
        }
        rt_html_raw(b, "<li>");
        rt_html_text(b, av[0]);
        rt_html_raw(b, " <span class=\"meta\">(");
        rt_html_text(b, a->agency);
        rt_html_raw(b, ", due ");
        rt_html_text(b, a->due);
        if (a->reason) {
            rt_html_raw(b, "; ");
            rt_html_text(b, a->reason);
        }
        rt_html_raw(b, ")</span></li>\n");
        for (size_t k = 0; k < nf; k++)
            free(av[k]);
        free(av);
    }
    if (shown)
        rt_html_raw(b, "</ul>\n");
}

rt_status rt_page_agenda(rt_ctx *ctx)
{
    rt_meeting_view v;
    rt_status st = rt_app_meeting_view(ctx->app, ctx->who, ctx->req->params[0],
                                       ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    rt_page_begin(ctx, "Agenda");
    rt_html_raw(b, "<p class=\"marking\"><strong>OFFICIAL-SENSITIVE</strong>: restricted to "
                   "the Marac's agencies.</p>\n<h1>Agenda: ");
    rt_html_text(b, v.marac.name);
    rt_html_raw(b, ", ");
    rt_html_text(b, v.m.held_on);
    rt_html_raw(b, "</h1>\n<p>");
    rt_html_text(b, v.m.venue);
    rt_html_raw(b, "</p>\n<ol class=\"agenda\">\n<li><h2>Introductions and the "
                   "confidentiality statement</h2>\n<p>Everyone present, observers included, "
                   "confirms the statement before any case is discussed.</p></li>\n"
                   "<li><h2>Incomplete actions from earlier meetings</h2>\n");
    if (!v.n_review)
        rt_html_raw(b, "<p>None.</p>\n");
    review(b, &v, RT_ACTION_NOT_DONE, "Not done: the agency did not act");
    review(b, &v, RT_ACTION_NOT_POSSIBLE, "Not possible: circumstances changed");
    review(b, &v, RT_ACTION_OPEN, "Still open");
    rt_html_raw(b, "</li>\n");
    for (int s = 0; s < RT_AGENDA_SECTION_COUNT; s++) {
        rt_html_raw(b, "<li><h2>");
        rt_html_text(b, rt_agenda_section_label((rt_agenda_section)s));
        rt_html_raw(b, "</h2>\n");
        size_t shown = 0;
        for (size_t i = 0; i < v.n_cases; i++) {
            const rt_listed *c = &v.cases[i];
            rt_agenda_case ac = {c->mc.listing, c->children, 0, "", ""};
            if ((int)rt_agenda_section_of(&ac) != s)
                continue;
            if (!shown++)
                rt_html_raw(b, "<ol class=\"cases\">\n");
            rt_html_raw(b, "<li>");
            rt_html_text(b, c->referral.field[RT_RF_VICTIM_GIVEN_NAME]);
            rt_html_raw(b, " ");
            rt_html_text(b, c->referral.field[RT_RF_VICTIM_FAMILY_NAME]);
            if (c->mc.listing == RT_LIST_REPEAT)
                rt_html_raw(b, " <strong class=\"flag\">Repeat</strong>");
            if (c->serial_perpetrator)
                rt_html_raw(b, " <strong class=\"flag\">Person causing harm also on another "
                               "person's referral</strong>");
            if (c->children)
                rt_buf_printf(b, " <span class=\"meta\">(%d child%s)</span>", c->children,
                              c->children == 1 ? "" : "ren");
            rt_html_raw(b, "</li>\n");
        }
        rt_html_raw(b, shown ? "</ol>\n" : "<p>None.</p>\n");
        rt_html_raw(b, "</li>\n");
    }
    rt_html_raw(b, "<li><h2>Any other business</h2></li>\n</ol>\n<p class=\"no-print\"><a "
                   "href=\"/meetings/");
    rt_html_attr(b, v.m.id);
    rt_html_raw(b, "\">Back to the meeting</a></p>\n");
    rt_meeting_view_clear(&v);
    return rt_page_end(ctx, 200);
}

/* page_case.c: one Idva case: who holds it and where it stands, safe
 * contact beside everything, the contact log, the safety plan, tasks,
 * the household, notes, outcome measures and the history; and the forms
 * that move it (active support, reopening). */
#include "pages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../app/admin.h"
#include "../app/casework.h"
#include "../app/marac.h"
#include "case_html.h"
#include "../core/form.h"
#include "html.h"

static void date_of(int64_t t, char out[11])
{
    rt_date_format(rt_date_from_unix(t), out);
}

/* A link to record an item of kind. */
static void add_link(rt_buf *b, const char *id, rt_item_kind kind, const char *label)
{
    rt_html_raw(b, "<p><a class=\"button secondary\" href=\"/cases/");
    rt_html_attr(b, id);
    rt_html_raw(b, "/items/");
    rt_html_attr(b, rt_item_kind_name(kind));
    rt_html_raw(b, "/new\">");
    rt_html_text(b, label);
    rt_html_raw(b, "</a></p>\n");
}

/* Every entry of kind, newest first, each with a link to change it. */
static size_t entries(rt_buf *b, const rt_case_view *v, rt_item_kind kind, const char *area,
                      const char *today)
{
    size_t shown = 0;
    for (size_t k = v->n_entries; k-- > 0;) {
        const rt_case_entry *e = &v->entries[k];
        if (e->item.kind != kind)
            continue;
        if (area) {
            int a = rt_item_field_index(RT_ITEM_PLAN, "area");
            if (!e->values[a] || strcmp(e->values[a], area) != 0)
                continue;
        }
        bool overdue = e->item.due[0] && strcmp(e->item.due, today) < 0 &&
                       !rt_item_finished(kind, e->item.status);
        char when[11];
        date_of(e->item.created_at, when);
        rt_html_raw(b, overdue ? "<article class=\"entry overdue\">\n"
                               : "<article class=\"entry\">\n");
        if (overdue)
            rt_html_raw(b, "<p class=\"flag\">Overdue</p>\n");
        rt_case_html_values(b, kind, e->values);
        rt_html_raw(b, "<p class=\"meta\">Recorded ");
        rt_html_text(b, when);
        rt_html_raw(b, ". <a href=\"/cases/");
        rt_html_attr(b, v->c.id);
        rt_html_raw(b, "/items/");
        rt_html_attr(b, rt_item_kind_name(kind));
        rt_html_raw(b, "/");
        rt_html_attr(b, e->item.id);
        rt_html_raw(b, "\">Change<span class=\"visually-hidden\"> this ");
        rt_html_text(b, rt_item_kind_label(kind));
        rt_html_raw(b, "</span></a></p>\n</article>\n");
        shown++;
    }
    return shown;
}

static void section(rt_buf *b, const rt_case_view *v, rt_item_kind kind, const char *title,
                    const char *add, const char *empty, const char *today, bool open)
{
    rt_html_raw(b, "<section aria-labelledby=\"h-");
    rt_html_attr(b, rt_item_kind_name(kind));
    rt_html_raw(b, "\">\n<h2 id=\"h-");
    rt_html_attr(b, rt_item_kind_name(kind));
    rt_html_raw(b, "\">");
    rt_html_text(b, title);
    rt_html_raw(b, "</h2>\n");
    if (!entries(b, v, kind, NULL, today))
        rt_html_text(b, empty);
    if (open && add)
        add_link(b, v->c.id, kind, add);
    rt_html_raw(b, "</section>\n");
}

/* The safety plan, by area in the order of the form. */
static void plan(rt_buf *b, const rt_case_view *v, const char *today, bool open)
{
    size_t n;
    const rt_field_spec *specs = rt_item_fields(RT_ITEM_PLAN, &n);
    const rt_field_spec *area = &specs[rt_item_field_index(RT_ITEM_PLAN, "area")];
    rt_html_raw(b, "<section aria-labelledby=\"h-plan\">\n<h2 id=\"h-plan\">Safety plan</h2>\n");
    size_t shown = 0;
    for (const rt_choice *c = area->choices; c->value; c++) {
        bool any = false;
        for (size_t k = 0; k < v->n_entries && !any; k++) {
            int a = rt_item_field_index(RT_ITEM_PLAN, "area");
            any = v->entries[k].item.kind == RT_ITEM_PLAN && v->entries[k].values[a] &&
                  strcmp(v->entries[k].values[a], c->value) == 0;
        }
        if (!any)
            continue;
        rt_html_raw(b, "<h3>");
        rt_html_text(b, c->label);
        rt_html_raw(b, "</h3>\n");
        shown += entries(b, v, RT_ITEM_PLAN, c->value, today);
    }
    if (!shown && !v->n_actions)
        rt_html_raw(b, "<p>No safety plan items yet.</p>\n");
    if (v->n_actions) {
        /* The Marac's actions are part of the same plan; each agency
         * records its own progress on the action tracker. */
        size_t nf;
        const rt_field_spec *af = rt_action_fields(&nf);
        rt_html_raw(b, "<h3>Marac actions</h3>\n");
        for (size_t i = 0; i < v->n_actions; i++) {
            const rt_marac_action *a = &v->actions[i];
            char **av = NULL;
            if (rt_form_decode_fields(af, nf, a->body, &av) != RT_OK)
                continue;
            rt_date td;
            bool overdue = rt_date_parse(today, &td) == RT_OK &&
                           rt_action_overdue(a->status, a->due, td);
            rt_html_raw(b, overdue ? "<article class=\"entry overdue\">\n"
                                   : "<article class=\"entry\">\n");
            rt_html_raw(b, "<dl class=\"item\"><div><dt>Action</dt><dd>");
            rt_html_text(b, av[0]);
            rt_html_raw(b, "</dd></div><div><dt>Agency</dt><dd>");
            rt_html_text(b, a->agency);
            rt_html_raw(b, " (");
            rt_html_text(b, av[2]);
            rt_html_raw(b, ")</dd></div><div><dt>Due</dt><dd>");
            rt_html_text(b, a->due);
            rt_html_raw(b, "</dd></div><div><dt>Status</dt><dd>");
            rt_html_text(b, rt_action_status_label(a->status));
            if (a->reason) {
                rt_html_raw(b, ": ");
                rt_html_text(b, a->reason);
            }
            rt_html_raw(b, "</dd></div></dl>\n</article>\n");
            for (size_t k = 0; k < nf; k++)
                free(av[k]);
            free(av);
        }
    }
    if (open)
        add_link(b, v->c.id, RT_ITEM_PLAN, "Add a safety plan item");
    rt_html_raw(b, "</section>\n");
}

static const char *event_label(const char *what)
{
    static const struct {
        const char *what, *label;
    } labels[] = {{"allocated", "Allocated"},       {"reallocated", "Handed to another Idva"},
                  {"first_contact", "First contact"}, {"active", "Active support began"},
                  {"closed", "Closed"},             {"reopened", "Reopened"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(labels[i].what, what) == 0)
            return labels[i].label;
    return what;
}

static void history(rt_ctx *ctx, const rt_case_view *v)
{
    rt_buf *b = &ctx->res->body;
    rt_html_raw(b, "<section aria-labelledby=\"h-history\">\n<h2 id=\"h-history\">History</h2>\n"
                   "<ol class=\"history\">\n");
    for (size_t i = 0; i < v->n_events; i++) {
        const rt_case_event *ev = &v->events[i];
        char when[11], by[201], idva[201];
        date_of(ev->at, when);
        rt_user u = {0};
        snprintf(by, sizeof by, "%s", "(unknown)");
        if (rt_app_user_by_id(ctx->app, ev->by, &u) == RT_OK)
            snprintf(by, sizeof by, "%s", u.display_name);
        rt_user_clear(&u);
        snprintf(idva, sizeof idva, "%s", "(unknown)");
        if (rt_app_user_by_id(ctx->app, ev->idva_id, &u) == RT_OK)
            snprintf(idva, sizeof idva, "%s", u.display_name);
        rt_user_clear(&u);
        rt_html_raw(b, "<li><strong>");
        rt_html_text(b, event_label(ev->what));
        rt_html_raw(b, "</strong> on ");
        rt_html_text(b, when);
        rt_html_raw(b, " by ");
        rt_html_text(b, by);
        if (strcmp(ev->what, "allocated") == 0 || strcmp(ev->what, "reallocated") == 0) {
            rt_html_raw(b, ", to ");
            rt_html_text(b, idva);
        }
        if (ev->detail) {
            rt_html_raw(b, ": ");
            rt_html_text(b, ev->detail);
        }
        rt_html_raw(b, "</li>\n");
    }
    rt_html_raw(b, "</ol>\n</section>\n");
}

/* The forms that move the case on, as its status allows. */
static void moves(rt_ctx *ctx, const rt_case_view *v, const char *error)
{
    rt_buf *b = &ctx->res->body;
    const char *id = v->c.id;
    rt_html_raw(b, "<div class=\"moves\">\n");
    if (v->c.status == RT_CASE_ALLOCATED)
        add_link(b, id, RT_ITEM_CONTACT, "Record a contact");
    if (v->c.status == RT_CASE_CONTACTED) {
        rt_html_raw(b, "<form method=\"post\" action=\"/cases/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/status\">");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<input type=\"hidden\" name=\"status\" value=\"active\">"
                       "<button type=\"submit\">Start active support</button></form>\n");
    }
    if (v->c.status != RT_CASE_CLOSED) {
        rt_html_raw(b, "<p><a class=\"button secondary\" href=\"/cases/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/close\">Close the case</a></p>\n");
    } else {
        rt_html_raw(b, "<form method=\"post\" action=\"/cases/");
        rt_html_attr(b, id);
        rt_html_raw(b, "/status\" novalidate>");
        rt_html_csrf(ctx);
        rt_html_raw(b, "<input type=\"hidden\" name=\"status\" value=\"active\">\n");
        rt_html_raw(b, error ? "<div class=\"field has-error\">" : "<div class=\"field\">");
        rt_html_raw(b, "<label for=\"f-reason\">Why the case is reopened</label>\n"
                       "<p class=\"hint\" id=\"f-reason-hint\">For example: the abuse has "
                       "begun again</p>\n");
        if (error) {
            rt_html_raw(b, "<p class=\"error\" id=\"f-reason-error\"><span "
                           "class=\"visually-hidden\">Error:</span> ");
            rt_html_text(b, error);
            rt_html_raw(b, "</p>\n");
        }
        rt_html_raw(b, error ? "<textarea id=\"f-reason\" name=\"reason\" rows=\"2\" "
                               "aria-invalid=\"true\" aria-describedby=\"f-reason-hint "
                               "f-reason-error\"></textarea></div>\n"
                             : "<textarea id=\"f-reason\" name=\"reason\" rows=\"2\" "
                               "aria-describedby=\"f-reason-hint\"></textarea></div>\n");
        rt_html_raw(b, "<button type=\"submit\">Reopen the case</button></form>\n");
    }
    rt_html_raw(b, "</div>\n");
}

static rt_status render(rt_ctx *ctx, int status, const char *error)
{
    rt_case_view v;
    rt_status st = rt_app_case_view(ctx->app, ctx->who, ctx->req->params[0],
                                    ctx->req->client_addr, ctx->now, &v);
    if (st != RT_OK)
        return st;
    rt_buf *b = &ctx->res->body;
    const rt_referral *r = &v.referral;
    char title[240];
    snprintf(title, sizeof title, "%sCase of %s %s", error ? "Error: " : "",
             r->field[RT_RF_VICTIM_GIVEN_NAME] ? r->field[RT_RF_VICTIM_GIVEN_NAME] : "",
             r->field[RT_RF_VICTIM_FAMILY_NAME] ? r->field[RT_RF_VICTIM_FAMILY_NAME] : "");
    rt_page_begin(ctx, title);
    const char *done = rt_req_query(ctx->req, "done");
    if (done && strcmp(done, "saved") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">Saved.</p>\n");
    else if (done && strcmp(done, "allocated") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">The case is allocated.</p>\n");
    else if (done && strcmp(done, "moved") == 0)
        rt_html_raw(b, "<p class=\"notice\" role=\"status\">The case has moved on.</p>\n");
    if (error) {
        rt_html_raw(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus>"
                       "<h2>There is a problem</h2><p>");
        rt_html_text(b, error);
        rt_html_raw(b, "</p></div>\n");
    }
    rt_html_raw(b, "<h1>");
    rt_html_text(b, title + (error ? 7 : 0));
    rt_html_raw(b, "</h1>\n<dl class=\"summary\">\n<div><dt>Status</dt><dd>");
    rt_html_text(b, rt_case_status_label(v.c.status));
    if (v.c.closure_reason[0]) {
        size_t n;
        const rt_field_spec *cf = rt_closure_fields(&n);
        rt_html_raw(b, " (");
        rt_html_text(b, rt_case_html_label(&cf[0], v.c.closure_reason));
        rt_html_raw(b, ")");
    }
    rt_html_raw(b, "</dd></div>\n<div><dt>Idva</dt><dd>");
    rt_html_text(b, v.idva_name);
    rt_html_raw(b, "</dd></div>\n<div><dt>Referred on</dt><dd>");
    rt_html_text(b, v.c.referred_on);
    rt_html_raw(b, "</dd></div>\n<div><dt>First contact</dt><dd>");
    if (v.c.first_contact_at) {
        char when[11];
        date_of(v.c.first_contact_at, when);
        rt_html_text(b, when);
        rt_html_raw(b, v.first_contact_late ? " <strong class=\"flag\">(after the target of "
                                            : " (target ");
        rt_html_text(b, v.first_contact_due);
        rt_html_raw(b, v.first_contact_late ? ")</strong>" : ")");
    } else {
        rt_html_raw(b, v.first_contact_late ? "<strong class=\"flag\">Overdue: due " : "Due ");
        rt_html_text(b, v.first_contact_due);
        rt_html_raw(b, v.first_contact_late ? "</strong>" : "");
    }
    rt_html_raw(b, "</dd></div>\n</dl>\n<p><a href=\"/referrals/");
    rt_html_attr(b, v.c.referral_id);
    rt_html_raw(b, "\">The referral</a></p>\n");
    if (v.detail < RT_DETAIL_FULL) {
        rt_html_raw(b, "<p>Ask the Idva or their manager for more.</p>\n");
        rt_case_view_clear(&v);
        return rt_page_end(ctx, status);
    }
    char today[11];
    rt_html_today(ctx, today);
    bool open = v.c.status != RT_CASE_CLOSED;
    if (v.marac_heard[0] && v.c.status != RT_CASE_CLOSED) {
        rt_html_raw(b, "<p class=\"notice\">The Marac heard this case on ");
        rt_html_text(b, v.marac_heard);
        rt_html_raw(b, ". Tell the person what was agreed by ");
        rt_html_text(b, v.feedback_due);
        rt_html_raw(b, ", and record the contact.</p>\n");
    }
    rt_case_html_safe_contact(b, v.c.id, rt_case_view_single(&v, RT_ITEM_SAFE_CONTACT));
    moves(ctx, &v, error);
    section(b, &v, RT_ITEM_CONTACT, "Contacts", "Record a contact",
            "No contact is recorded yet.", today, open);
    plan(b, &v, today, open);
    section(b, &v, RT_ITEM_TASK, "Tasks and reminders", "Add a task", "No tasks.", today, open);
    section(b, &v, RT_ITEM_CHILD, "Children", "Add a child", "No children recorded.", today, open);
    section(b, &v, RT_ITEM_DEPENDANT, "Other dependants", "Add a dependant",
            "No other dependants recorded.", today, open);
    section(b, &v, RT_ITEM_PERPETRATOR, "People causing harm", "Link a person causing harm",
            "None linked beyond the referral.", today, open);
    if (v.notes)
        section(b, &v, RT_ITEM_NOTE, "Notes", "Write a note", "No notes.", today, open);
    section(b, &v, RT_ITEM_INTAKE, "Measures at intake",
            rt_case_view_single(&v, RT_ITEM_INTAKE) ? NULL : "Record the intake measures",
            "Not recorded yet.", today, open);
    section(b, &v, RT_ITEM_EXIT, "Measures at exit",
            rt_case_view_single(&v, RT_ITEM_EXIT) ? NULL : "Record the exit measures",
            "Not recorded yet.", today, open);
    history(ctx, &v);
    rt_case_view_clear(&v);
    return rt_page_end(ctx, status);
}

rt_status rt_page_case(rt_ctx *ctx)
{
    return render(ctx, 200, NULL);
}

rt_status rt_page_case_status(rt_ctx *ctx)
{
    const char *to = rt_form_get(ctx->form, "status");
    const char *reason = rt_form_get(ctx->form, "reason");
    rt_field_error errs[RT_ITEM_MAX_FIELDS];
    size_t n_errs = 0;
    rt_status st = rt_app_case_move(ctx->app, ctx->who, ctx->req->params[0], to ? to : "", NULL,
                                    reason, ctx->req->client_addr, ctx->now, errs, &n_errs);
    if (st == RT_EINVAL && n_errs)
        return render(ctx, 422, errs[0].message);
    if (st != RT_OK)
        return st;
    char loc[96];
    snprintf(loc, sizeof loc, "/cases/%s?done=moved", ctx->req->params[0]);
    return rt_res_redirect(ctx->res, loc);
}

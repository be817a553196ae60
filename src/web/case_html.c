/* case_html.c: parts of an Idva case several pages show; see case_html.h. */
#include "case_html.h"

#include <string.h>
#include "../app/casework.h"
#include "html.h"

const char *rt_case_html_label(const rt_field_spec *spec, const char *value)
{
    if (spec->type == RT_FT_CHOICE && value) {
        const rt_choice *c = rt_field_choice(spec, value);
        if (c)
            return c->label;
    }
    return value;
}

void rt_case_html_values(rt_buf *b, rt_item_kind kind, char *const *values)
{
    size_t n;
    const rt_field_spec *specs = rt_item_fields(kind, &n);
    rt_html_raw(b, "<dl class=\"item\">\n");
    for (size_t i = 0; i < n; i++) {
        if (!values[i])
            continue;
        rt_html_raw(b, "<div><dt>");
        rt_html_text(b, specs[i].label);
        rt_html_raw(b, "</dt><dd>");
        rt_html_text(b, rt_case_html_label(&specs[i], values[i]));
        rt_html_raw(b, "</dd></div>\n");
    }
    rt_html_raw(b, "</dl>\n");
}

/* One line of the panel: a channel and whether it is safe. */
static void channel(rt_buf *b, const char *label, char *const *safe, const char *field,
                    const char *detail_field)
{
    int i = rt_item_field_index(RT_ITEM_SAFE_CONTACT, field);
    const char *v = safe && i >= 0 ? safe[i] : NULL;
    bool ok = v && strcmp(v, "yes") == 0;
    rt_html_raw(b, ok ? "<li class=\"safe\">" : "<li class=\"unsafe\">");
    rt_html_text(b, label);
    rt_html_raw(b, ok ? ": <strong>safe</strong>" : ": <strong>not safe</strong>");
    int d = detail_field ? rt_item_field_index(RT_ITEM_SAFE_CONTACT, detail_field) : -1;
    if (ok && d >= 0 && safe[d]) {
        rt_html_raw(b, " (");
        rt_html_text(b, safe[d]);
        rt_html_raw(b, ")");
    }
    rt_html_raw(b, "</li>\n");
}

void rt_case_html_safe_contact(rt_buf *b, const char *case_id, char *const *safe)
{
    rt_html_raw(b, "<aside class=\"safe-contact\" aria-labelledby=\"safe-contact-h\">\n"
                   "<h2 id=\"safe-contact-h\">Safe contact</h2>\n");
    if (!safe) {
        rt_html_raw(b, "<p><strong>Nothing is recorded yet.</strong> Until it is, no contact "
                       "can be logged except in person.</p>\n");
    } else {
        rt_html_raw(b, "<ul>\n");
        channel(b, "Phone call", safe, "phone_safe", "phone");
        channel(b, "Voicemail", safe, "voicemail_safe", NULL);
        channel(b, "Text message", safe, "text_safe", "phone");
        channel(b, "Letter", safe, "post_safe", "safe_address");
        channel(b, "E-mail", safe, "email_safe", "email");
        rt_html_raw(b, "</ul>\n");
        static const char *const extra[] = {"safe_times", "safe_people", "unsafe_people",
                                            "code_word"};
        size_t n;
        const rt_field_spec *specs = rt_item_fields(RT_ITEM_SAFE_CONTACT, &n);
        rt_html_raw(b, "<dl class=\"item\">\n");
        for (size_t k = 0; k < sizeof extra / sizeof extra[0]; k++) {
            int i = rt_item_field_index(RT_ITEM_SAFE_CONTACT, extra[k]);
            if (i < 0 || !safe[i])
                continue;
            rt_html_raw(b, "<div><dt>");
            rt_html_text(b, specs[i].label);
            rt_html_raw(b, "</dt><dd>");
            rt_html_text(b, safe[i]);
            rt_html_raw(b, "</dd></div>\n");
        }
        rt_html_raw(b, "</dl>\n");
    }
    rt_html_raw(b, "<p>Ask whether it is safe to talk now, at every contact.</p>\n"
                   "<p><a href=\"/cases/");
    rt_html_attr(b, case_id);
    rt_html_raw(b, safe ? "/items/safe_contact/new\">Change safe contact</a></p>\n</aside>\n"
                        : "/items/safe_contact/new\">Record safe contact</a></p>\n</aside>\n");
}

void rt_case_html_rows(rt_buf *b, const rt_case_row *rows, size_t n, bool with_idva,
                       const char *caption)
{
    if (!n) {
        rt_html_raw(b, "<p>None.</p>\n");
        return;
    }
    rt_html_raw(b, "<table class=\"cases\">\n<caption>");
    rt_html_text(b, caption);
    rt_html_raw(b, "</caption>\n<thead><tr><th scope=\"col\">Person</th>");
    if (with_idva)
        rt_html_raw(b, "<th scope=\"col\">Idva</th>");
    rt_html_raw(b, "<th scope=\"col\">Risk</th><th scope=\"col\">Status</th>"
                   "<th scope=\"col\">First contact</th><th scope=\"col\">Overdue</th>"
                   "<th scope=\"col\">Days open</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++) {
        const rt_case_row *r = &rows[i];
        rt_html_raw(b, "<tr><th scope=\"row\"><a href=\"/cases/");
        rt_html_attr(b, r->c.id);
        rt_html_raw(b, "\">");
        rt_html_text(b, r->person);
        rt_html_raw(b, "</a></th>");
        if (with_idva) {
            rt_html_raw(b, "<td>");
            rt_html_text(b, r->idva_name);
            rt_html_raw(b, "</td>");
        }
        rt_html_raw(b, "<td><span class=\"level level-");
        rt_html_attr(b, rt_risk_level_name(r->level));
        rt_html_raw(b, "\">");
        rt_html_text(b, rt_risk_level_name(r->level));
        rt_buf_printf(b, "</span> (%d)</td><td>", r->score);
        rt_html_text(b, rt_case_status_label(r->c.status));
        rt_html_raw(b, "</td><td>");
        if (r->c.first_contact_at)
            rt_html_raw(b, r->first_contact_late ? "Made, late" : "Made");
        else {
            rt_html_raw(b, r->first_contact_late ? "<strong class=\"flag\">Overdue: due "
                                                 : "Due ");
            rt_html_text(b, r->first_contact_due);
            rt_html_raw(b, r->first_contact_late ? "</strong>" : "");
        }
        rt_html_raw(b, "</td><td>");
        if (r->overdue)
            rt_buf_printf(b, "<strong class=\"flag\">%d</strong>", r->overdue);
        else
            rt_html_raw(b, "0");
        rt_buf_printf(b, "</td><td>%d</td></tr>\n", r->open_days);
    }
    rt_html_raw(b, "</tbody>\n</table>\n");
}

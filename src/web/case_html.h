/* case_html.h: the parts of an Idva case that several pages show: an
 * item's values as a description list, and the safe-contact panel that
 * stands wherever a contact is made (safety.md). Output escaped here. */
#ifndef RT_WEB_CASE_HTML_H
#define RT_WEB_CASE_HTML_H

#include "../core/casework.h"
#include "../http/router.h"

/* The label of value in a choice field, or value itself. */
const char *rt_case_html_label(const rt_field_spec *spec, const char *value);

/* The values of an item of kind as <dl>: each field given, by its label,
 * choices by their labels. */
void rt_case_html_values(rt_buf *b, rt_item_kind kind, char *const *values);

/* How the person may be reached safely, from the safe-contact record safe
 * (NULL when none is recorded: then only meeting in person is allowed),
 * with a link to change it on case case_id. */
void rt_case_html_safe_contact(rt_buf *b, const char *case_id, char *const *safe);

/* A table of cases (person, risk, status, first contact, overdue work,
 * days open; the Idva too when with_idva), captioned caption. */
struct rt_case_row;
void rt_case_html_rows(rt_buf *b, const struct rt_case_row *rows, size_t n, bool with_idva,
                       const char *caption);

#endif

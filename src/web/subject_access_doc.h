/* subject_access_doc.h: the subject access export as a readable,
 * printable HTML document for the person it is about.
 *
 * The document stands alone (it is downloaded and opened from a file, or
 * printed): one embedded <style> element, no script, no external
 * resources. Every value from a record goes through rt_html_text. */
#ifndef RT_WEB_SUBJECT_ACCESS_DOC_H
#define RT_WEB_SUBJECT_ACCESS_DOC_H

#include "../core/buf.h"
#include "../app/subject_access.h"

/* Appends the whole document for sa to b. Like every writer, it relies
 * on b's sticky error: check rt_buf_status(b) afterwards. */
void rt_subject_access_html(const rt_subject_access *sa, rt_buf *b);

#endif

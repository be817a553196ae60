/* assessment_form.h: the risk assessment as a form, shared by the
 * referral form and the page for assessing a person again.
 *
 * Controls are named "assessment.*": answers.<id>, comments.<id>,
 * sources.<id>, fear, sdash.<id>, conclusion, and the questions around
 * the checklist. Reading goes through core: rt_risk_assess scores, and
 * rt_risk_notes_check checks the notes; nothing here repeats a rule. */
#ifndef RT_WEB_ASSESSMENT_FORM_H
#define RT_WEB_ASSESSMENT_FORM_H

#include "../core/referral.h"
#include "../core/form.h"
#include "html.h"

/* Most specs rt_assessment_form_specs gives. */
#define RT_ASSESSMENT_FORM_MAX_SPECS (8 + RT_RISK_MAX_ITEMS * 4)
/* Most problems one assessment form can have at once. */
#define RT_ASSESSMENT_FORM_MAX_ERRORS 8

/* Every control's spec (label, limits), so that an error summary can name
 * and link each problem. Static, built once; *n gets the count. */
const rt_field_spec *rt_assessment_form_specs(size_t *n);

/* Writes the assessment section, filled from form (NULL on a fresh form)
 * and showing errs. */
void rt_assessment_form_section(rt_buf *b, const rt_form *form, const rt_field_error *errs,
                                size_t n_errs);

/* Reads the assessment part of f into *k, scored, with its notes checked.
 * *answered says whether any checklist question was answered; when none
 * was, k is left as it was and nothing is reported (a referral form then
 * reports the assessment missing). Problems are appended to errs (at most
 * RT_ASSESSMENT_FORM_MAX_ERRORS; keys are the static spec keys) and k is
 * then cleared. Returns a status for internal failures only. */
rt_status rt_assessment_form_read(const rt_form *f, rt_date today, rt_referral_risk *k,
                                  bool *answered, rt_field_error *errs, size_t *n);

#endif

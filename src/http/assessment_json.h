/* assessment_json.h: a risk assessment with its notes, as the API reads
 * and writes it.
 *
 * In: the scoring contract of risk_json.h plus the notes:
 *   {"answers":{...}, ..., "comments":{"2":"..."}, "sources":{"2":"police"},
 *    "fear":"...", "conclusion":"...", "sdash":{"1":"yes",...}}
 * (the S-DASH only when the stalking item is yes). Out: the same, with
 * the result, id, date, assessor and agency, at the detail the reader
 * has (the notes and answers are full detail). */
#ifndef RT_HTTP_ASSESSMENT_JSON_H
#define RT_HTTP_ASSESSMENT_JSON_H

#include <jansson.h>
#include "../core/referral.h"
#include "json_io.h"

/* Reads and scores the assessment in obj (which it changes: the notes
 * members are taken out) into *k, replacing what k held. RT_EINVAL with
 * *problem naming the member, prefixed with prefix ("assessment." for a
 * referral's, "" for one on its own). */
rt_status rt_assessment_from_json(json_t *obj, const char *prefix, rt_date today,
                                  rt_referral_risk *k, rt_json_problem *problem);

/* The assessment as JSON (a new reference; json null when absent), or
 * NULL if out of memory. */
json_t *rt_assessment_to_json(const rt_referral_risk *k);

#endif

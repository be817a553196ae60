/* risk_json.h: risk assessments and checklists as JSON.
 *
 * The contract shared by `roundtable dash score` and POST
 * /api/v1/risk/score. In:
 *   {"tool":"safelives-dash","answers":{"1":"yes","2":"no","3":"dont_know",...},
 *    "police_incidents_12m":2,
 *    "professional_judgement":{"applies":true,"rationale":"..."},
 *    "incident_date":"2026-03-01","last_marac_referral_date":"2025-06-01"}
 * Out:
 *   {"score":N,"risk_level":"standard|medium|high","marac_eligible":bool,
 *    "criteria":["visible_high_risk",...],"offer_sdash":bool,
 *    "tool":"safelives-dash","tool_version":"..."}
 * Every member but "answers" is optional. Unknown members, unknown item
 * ids, answers other than yes/no/dont_know, wrong types, judgement without
 * a rationale and impossible dates are refused, naming the member. */
#ifndef RT_HTTP_RISK_JSON_H
#define RT_HTTP_RISK_JSON_H

#include <jansson.h>
#include "../core/risk.h"
#include "json_io.h"

/* Reads an assessment from obj into *in, for one of the tools in
 * tools[0..n_tools) (the first is the default when "tool" is absent).
 * Strings in *in (the rationale) borrow from obj. RT_EINVAL with
 * *problem naming the member otherwise. */
rt_status rt_risk_input_from_json(json_t *obj, const rt_risk_tool *const *tools, size_t n_tools,
                                  rt_risk_input *in, rt_json_problem *problem);

/* The result as JSON (a new reference), or NULL if out of memory. */
json_t *rt_risk_result_to_json(const rt_risk_tool *tool, const rt_risk_result *r);

/* Scores a JSON body end to end: parse, read, score. On RT_OK *result is
 * the caller's (json_decref); on RT_EINVAL *problem says what is wrong. */
rt_status rt_risk_score_json(const char *body, size_t len, const rt_risk_tool *const *tools,
                             size_t n_tools, json_t **result, rt_json_problem *problem);

/* A checklist defined in JSON (for a local variant or the official
 * wording held under licence):
 *   {"id":"...","version":"...","name":"...",
 *    "items":[{"id":"1","label":"...","section":"..."},...],
 *    "bands":{"medium_from":10,"high_from":14},
 *    "criteria":{"visible_high_from":14,"escalation_incidents":3,
 *                "escalation_months":12,"repeat_months":12},
 *    "stalking_item":"8"}
 * Item ids must be unique; thresholds positive and ordered. On RT_OK
 * *out is the caller's (free with rt_risk_tool_free). */
rt_status rt_risk_tool_from_json(json_t *obj, rt_risk_tool **out, rt_json_problem *problem);
void rt_risk_tool_free(rt_risk_tool *t);

#endif

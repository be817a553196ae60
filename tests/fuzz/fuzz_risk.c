/* libFuzzer target: risk assessments and checklist definitions as JSON.
 * Any input is scored or refused with a named problem; nothing crashes
 * or leaks. */
#include <stdint.h>
#include <stdlib.h>
#include "../../src/http/risk_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const rt_risk_tool *tools[] = {rt_risk_default_tool()};
    json_t *result = NULL;
    rt_json_problem p = {0};
    rt_status st = rt_risk_score_json((const char *)data, size, tools, 1, &result, &p);
    if (st == RT_EINVAL && !p.message)
        abort();
    json_decref(result);
    rt_json_problem_clear(&p);
    json_t *obj = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
    if (json_is_object(obj)) {
        rt_risk_tool *t = NULL;
        if (rt_risk_tool_from_json(obj, &t, &p) == RT_OK)
            rt_risk_tool_free(t);
        rt_json_problem_clear(&p);
    }
    json_decref(obj);
    return 0;
}

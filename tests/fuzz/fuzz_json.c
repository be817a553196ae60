/* libFuzzer target: a referral as a JSON body, through strict parsing,
 * decoding against the field table, normalisation and validation. */
#include <stdint.h>
#include <stdlib.h>
#include "../../src/core/referral.h"
#include "../../src/http/json_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *o;
    rt_json_problem p = {0};
    if (rt_json_parse_object((const char *)data, size, &o, &p) != RT_OK) {
        if (!p.message)
            abort();
        rt_json_problem_clear(&p);
        return 0;
    }
    rt_referral r = {0};
    if (rt_json_decode_fields(o, rt_referral_fields(), RT_RF_COUNT, r.field, &p) == RT_OK) {
        rt_date today = {2026, 11, 22};
        rt_field_error errs[RT_REFERRAL_MAX_ERRORS];
        size_t n;
        if (rt_referral_normalise(&r) == RT_OK &&
            rt_referral_validate(&r, today, errs, &n) == RT_OK) {
            for (int i = 0; i < RT_RF_COUNT; i++)
                if (r.field[i] && !rt_text_acceptable(r.field[i], true))
                    abort();
        }
        rt_referral_clear(&r);
    }
    rt_json_problem_clear(&p);
    json_decref(o);
    return 0;
}

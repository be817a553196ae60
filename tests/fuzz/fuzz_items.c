/* libFuzzer target: stored bodies decoded for every kind of case item
 * and every Marac record (what was said, research, actions), the decoded
 * values checked, and the specialisms list parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/core/casework.h"
#include "../../src/app/casework.h"
#include "../../src/core/form.h"
#include "../../src/app/marac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    unsigned set;
    const char *bad;
    if (rt_specialisms_parse(s, &set, &bad) == RT_OK) {
        char back[96];
        unsigned again;
        if (rt_specialisms_format(set, back, sizeof back) != RT_OK ||
            (set && (rt_specialisms_parse(back, &again, &bad) != RT_OK || again != set)))
            abort();
    }
    rt_date today = {2026, 11, 22};
    for (int k = 0; k < RT_ITEM_KIND_COUNT; k++) {
        char **values;
        if (rt_case_item_decode((rt_item_kind)k, s, &values) != RT_OK)
            continue;
        size_t n;
        rt_item_fields((rt_item_kind)k, &n);
        rt_field_error errs[RT_ITEM_MAX_FIELDS];
        size_t n_errs;
        (void)rt_item_check((rt_item_kind)k, values, NULL, today, errs, &n_errs);
        const char *channel = values[0];
        const char *why;
        (void)rt_safe_contact_permits(k == RT_ITEM_SAFE_CONTACT ? values : NULL, channel, &why);
        for (size_t i = 0; i < n; i++)
            free(values[i]);
        free(values);
    }
    for (int t = 0; t < 3; t++) {
        size_t nt;
        const rt_field_spec *specs = t == 0   ? rt_hearing_fields(&nt)
                                     : t == 1 ? rt_research_fields(&nt)
                                              : rt_action_fields(&nt);
        char **values;
        if (rt_form_decode_fields(specs, nt, s, &values) != RT_OK)
            continue;
        rt_field_error errs[8];
        size_t n_errs;
        if (t == 1)
            (void)rt_research_check(values, today, errs, &n_errs);
        for (size_t i = 0; i < nt; i++)
            free(values[i]);
        free(values);
    }
    free(s);
    return 0;
}

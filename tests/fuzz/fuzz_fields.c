/* libFuzzer target: every field check (dates, postcodes, phones, e-mails,
 * UTF-8) on arbitrary text, and date parsing round trips. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/core/date.h"
#include "../../src/core/referral.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    rt_date d;
    if (rt_date_parse(s, &d) == RT_OK) {
        char back[11];
        rt_date_format(d, back);
        if (strcmp(back, s) != 0)
            abort();
        if (rt_date_cmp(rt_date_from_unix(rt_date_to_days(d) * 86400), d) != 0)
            abort();
    }
    const rt_field_spec *specs = rt_referral_fields();
    rt_date today = {2026, 11, 22};
    for (int i = 0; i < RT_RF_COUNT; i++) {
        char *v = strdup(s);
        if (!v)
            break;
        if (rt_field_normalise(&specs[i], &v) == RT_OK)
            (void)rt_field_check(&specs[i], v, today);
        free(v);
    }
    free(s);
    return 0;
}

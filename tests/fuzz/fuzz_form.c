/* libFuzzer target: urlencoded form bodies. Any input must parse or be
 * refused cleanly; a parsed form must hold only acceptable text; and
 * encoding it again (a saved draft) must read back to the same pairs,
 * less the empty ones. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/core/field.h"
#include "../../src/core/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_form f;
    const char *problem = NULL;
    rt_status st = rt_form_parse((const char *)data, size, &f, &problem);
    if (st == RT_OK) {
        for (size_t i = 0; i < f.n; i++)
            if (!rt_text_acceptable(f.key[i], true) || !rt_text_acceptable(f.value[i], true))
                abort();
        char *enc = NULL;
        if (rt_form_encode(&f, NULL, &enc) == RT_OK) {
            rt_form g;
            if (rt_form_parse(enc, strlen(enc), &g, &problem) != RT_OK)
                abort();
            size_t j = 0;
            for (size_t i = 0; i < f.n; i++) {
                if (!*f.value[i])
                    continue;
                if (j >= g.n || strcmp(f.key[i], g.key[j]) != 0 ||
                    strcmp(f.value[i], g.value[j]) != 0)
                    abort();
                j++;
            }
            if (j != g.n)
                abort();
            rt_form_clear(&g);
            free(enc);
        }
        rt_form_clear(&f);
    } else if (!problem && st != RT_ENOMEM) {
        abort();
    }
    return 0;
}

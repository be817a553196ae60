/* libFuzzer target: urlencoded form bodies. Any input must parse or be
 * refused cleanly; a parsed form must hold only acceptable text. */
#include <stdint.h>
#include <stdlib.h>
#include "../../src/core/field.h"
#include "../../src/http/form.h"

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
        rt_form_clear(&f);
    } else if (!problem && st != RT_ENOMEM) {
        abort();
    }
    return 0;
}

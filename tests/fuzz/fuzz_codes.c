/* libFuzzer target: short codes people and administrators type: role
 * sets (`roundtable security second-factor --roles`) and second-factor
 * codes. Properties: a parsed role set prints back to itself; a code
 * accepted is exactly six digits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/core/role.h"
#include "../../src/app/totp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    rt_role_set set;
    const char *bad = NULL;
    if (rt_role_set_parse(s, &set, &bad) == RT_OK) {
        char out[128];
        rt_role_set back;
        if (set & ~RT_ROLE_SET_ALL || rt_role_set_format(set, out, sizeof out) != RT_OK ||
            rt_role_set_parse(out, &back, NULL) != RT_OK || back != set)
            abort();
    } else if (!bad || bad < s || bad > s + strlen(s)) {
        abort();
    }
    char code[RT_TOTP_DIGITS + 1];
    if (rt_totp_normalise(s, code) == RT_OK &&
        (strlen(code) != RT_TOTP_DIGITS || strspn(code, "0123456789") != RT_TOTP_DIGITS))
        abort();
    free(s);
    return 0;
}

/* libFuzzer target: the linkage CSV reader, and the engine's reading of
 * what it yields. Any input must read or be refused with a line and
 * column inside the input; fields read are UTF-8 without NUL; a record
 * added to the engine either goes in or names its bad field. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/link/csv.h"
#include "../../src/link/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rt_csv c;
    rt_csv_init(&c, (const char *)data, size);
    rt_link_engine *e = NULL;
    if (rt_link_engine_new(&e) != RT_OK)
        return 0;
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    for (;;) {
        rt_status st = rt_csv_next(&c);
        if (st == RT_ENOTFOUND || st == RT_ENOMEM)
            break;
        if (st == RT_EINVAL) {
            if (!c.error || c.err_line < 1 || c.err_line > lines || c.err_col < 1)
                abort();
            break;
        }
        for (size_t i = 0; i < c.n; i++)
            if (c.field_col[i] < 1)
                abort();
        const char *f[9] = {0};
        for (size_t i = 0; i < c.n && i < 9; i++)
            f[i] = c.field[i];
        rt_link_input in = {f[0] ? f[0] : "", f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]};
        const char *bad = NULL;
        st = rt_link_engine_add(e, &in, &bad);
        if (st == RT_EINVAL && !bad)
            abort();
    }
    rt_csv_free(&c);
    rt_link_engine_free(e);
    return 0;
}

/* embed.c: look-up in embedded file tables; see embed.h. */
#include "embed.h"

#include <string.h>

const rt_embedded_file *rt_embed_find(const rt_embedded_file *table, const char *name)
{
    for (; table->name; table++)
        if (strcmp(table->name, name) == 0)
            return table;
    return NULL;
}

/* person.c: the referrals of one person; see person.h. */
#include "person.h"

#include <stdlib.h>
#include <string.h>

rt_status rt_id_list_add(char (**ids)[RT_ID_HEX + 1], size_t *n, const char *id)
{
    for (size_t k = 0; k < *n; k++)
        if (strcmp((*ids)[k], id) == 0)
            return RT_OK;
    char(*grown)[RT_ID_HEX + 1] = realloc(*ids, (*n + 1) * sizeof *grown);
    if (!grown)
        return RT_ENOMEM;
    *ids = grown;
    memcpy((*ids)[(*n)++], id, RT_ID_HEX + 1);
    return RT_OK;
}

rt_status rt_person_referrals(rt_app *app, const char *id, char (**ids)[RT_ID_HEX + 1],
                              size_t *n)
{
    *ids = NULL;
    *n = 0;
    char(*list)[RT_ID_HEX + 1] = malloc(sizeof *list);
    if (!list)
        return RT_ENOMEM;
    memcpy(list[0], id, RT_ID_HEX + 1);
    size_t count = 1;
    rt_status st = RT_OK;
    /* Breadth first over standing "same" decisions. */
    for (size_t at = 0; st == RT_OK && at < count; at++) {
        rt_identity *d;
        size_t nd;
        st = rt_store_identity_list(app->store, list[at], &d, &nd);
        if (st != RT_OK)
            break;
        for (size_t k = 0; st == RT_OK && k < nd; k++)
            if (!d[k].undone_at && d[k].same) {
                /* list moves as it grows: copy the id it is compared with. */
                char self[RT_ID_HEX + 1];
                memcpy(self, list[at], sizeof self);
                st = rt_id_list_add(&list, &count, strcmp(d[k].a, self) == 0 ? d[k].b : d[k].a);
            }
        rt_identity_list_free(d, nd);
    }
    if (st != RT_OK || count == 1) {
        free(list);
        return st;
    }
    memmove(list[0], list[1], (count - 1) * sizeof *list);
    *ids = list;
    *n = count - 1;
    return RT_OK;
}

/* audit_query.h: reading an audit search from query-string arguments,
 * shared by the auditor's page and the API. */
#ifndef RT_HTTP_AUDIT_QUERY_H
#define RT_HTTP_AUDIT_QUERY_H

#include "router.h"

/* Fills *f from the request's query (user: a username, resolved to its
 * id; action: a name in the table of audit actions, or a group of them
 * ending in '.'; record; from and to: YYYY-MM-DD, to inclusive; limit;
 * offset). On RT_EINVAL *field names the bad argument (static). A
 * username that does not exist gives RT_ENOTFOUND with *field "user".
 * user_id_buf holds the resolved id (RT_ID_HEX + 1 bytes). */
rt_status rt_audit_query_parse(rt_ctx *ctx, rt_audit_filter *f, char *user_id_buf,
                               const char **field);

#endif

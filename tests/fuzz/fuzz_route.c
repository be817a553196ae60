/* libFuzzer target: request paths against every route pattern, and the
 * listen-address parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/http/server.h"
#include "../../src/web/pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    const rt_router *r = rt_web_router();
    char params[RT_MAX_PATH_PARAMS][RT_PARAM_MAX + 1];
    for (size_t i = 0; i < r->n_routes; i++)
        if (rt_route_match(r->routes[i].pattern, s, params) && !strchr(r->routes[i].pattern, '{') &&
            strcmp(r->routes[i].pattern, s) != 0)
            abort();
    char *host;
    unsigned port;
    if (rt_server_parse_listen(s, &host, &port) == RT_OK) {
        if (port > 65535 || !*host)
            abort();
        free(host);
    }
    free(s);
    return 0;
}

/* server.h: the HTTP server (libmicrohttpd underneath, hidden here).
 *
 * A pool of threads serves requests; each request's body is read whole
 * (up to the configured limit) before its route runs. SIGTERM or SIGINT
 * stops the server gracefully: it stops accepting, lets requests in
 * flight finish (up to 10 seconds), then returns. */
#ifndef RT_HTTP_SERVER_H
#define RT_HTTP_SERVER_H

#include <stdio.h>
#include "../core/status.h"
#include "../app/app.h"
#include "router.h"

/* Serves app through router on listen ("127.0.0.1:8080", "[::1]:8080";
 * port 0 picks a free one) until SIGTERM or SIGINT. Prints
 * "listening on http://ADDRESS:PORT" to stderr once it accepts
 * connections, and one access-log line per request to access_log (no
 * personal data: method, route pattern, status, size, duration).
 * Returns RT_OK after a clean shutdown; RT_EINVAL for a bad listen
 * address, RT_EIO if it cannot listen. */
rt_status rt_server_run(rt_app *app, const rt_router *router, const char *listen,
                        FILE *access_log);

/* Splits "host:port" or "[v6]:port" into host (caller frees) and port.
 * RT_EINVAL if malformed. */
rt_status rt_server_parse_listen(const char *listen, char **host, unsigned *port);

#endif

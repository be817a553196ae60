/* server.c: libmicrohttpd glue; see server.h.
 *
 * libmicrohttpd calls the access handler several times per request. We
 * answer only from the second call on: answering on the first makes
 * libmicrohttpd close every connection after its response (it has not
 * yet seen whether a body follows), which costs a new TCP connection per
 * request, about four times slower. */
#include "server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct server {
    rt_app *app;
    const rt_router *router;
    FILE *log;
    pthread_mutex_t log_mu;
    atomic_int in_flight;
} server;

/* Per-request state, from the first call of the handler to completion. */
typedef struct exchange {
    rt_buf body;
    int too_big;
    struct timespec start;
    int status;
    size_t bytes;
    const char *pattern;
    char method[16];
} exchange;

static const char *mhd_lookup(void *conn, rt_req_part part, const char *name)
{
    enum MHD_ValueKind kind = part == RT_REQ_HEADER   ? MHD_HEADER_KIND
                              : part == RT_REQ_COOKIE ? MHD_COOKIE_KIND
                                                      : MHD_GET_ARGUMENT_KIND;
    return MHD_lookup_connection_value(conn, kind, name);
}

static void client_address(struct MHD_Connection *conn, char *out, size_t n)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, n, "unknown");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
}

/* Headers every response carries: no caching of personal data, no
 * framing, no sniffing, no referrer leaking a record's address, and a
 * policy that allows only this site's own scripts and styles. */
static int add_standard_headers(struct MHD_Response *mr, const rt_response *res)
{
    static const char *const pairs[][2] = {
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
         "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"X-Frame-Options", "DENY"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        if (MHD_add_response_header(mr, pairs[i][0], pairs[i][1]) != MHD_YES)
            return 0;
    if (MHD_add_response_header(mr, "Cache-Control",
                                res->cacheable ? "public, max-age=3600" : "no-store") != MHD_YES)
        return 0;
    if (MHD_add_response_header(mr, "Content-Type", res->content_type ? res->content_type
                                                                       : "text/plain; charset=utf-8") != MHD_YES)
        return 0;
    for (size_t i = 0; i < res->n_headers; i++)
        if (MHD_add_response_header(mr, res->headers[i].name, res->headers[i].value) != MHD_YES)
            return 0;
    return 1;
}

static enum MHD_Result queue(struct MHD_Connection *conn, exchange *ex, const rt_response *res)
{
    struct MHD_Response *mr = MHD_create_response_from_buffer(
        res->body.len, res->body.data ? res->body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!mr)
        return MHD_NO;
    if (!add_standard_headers(mr, res)) {
        MHD_destroy_response(mr);
        return MHD_NO;
    }
    enum MHD_Result r = MHD_queue_response(conn, (unsigned)res->status, mr);
    MHD_destroy_response(mr);
    ex->status = res->status;
    ex->bytes = res->body.len;
    return r;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    server *srv = cls;
    exchange *ex = *con_cls;
    if (!ex) {
        ex = calloc(1, sizeof *ex);
        if (!ex)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &ex->start);
        snprintf(ex->method, sizeof ex->method, "%s", method);
        ex->pattern = "-";
        ex->body.limit = srv->app->cfg.body_limit;
        atomic_fetch_add(&srv->in_flight, 1);
        *con_cls = ex;
        return MHD_YES;
    }
    if (*upload_data_size) {
        if (!ex->too_big) {
            rt_buf_append(&ex->body, upload_data, *upload_data_size);
            if (rt_buf_status(&ex->body) == RT_ETOOBIG) {
                ex->too_big = 1;
                rt_buf_free(&ex->body);
            } else if (rt_buf_status(&ex->body) != RT_OK) {
                return MHD_NO;
            }
        }
        *upload_data_size = 0;
        return MHD_YES;
    }

    rt_response res = {.status = 200};
    char addr[INET6_ADDRSTRLEN];
    client_address(conn, addr, sizeof addr);
    enum MHD_Result r;
    if (ex->too_big) {
        char msg[96];
        snprintf(msg, sizeof msg, "the request body is larger than %zu bytes",
                 srv->app->cfg.body_limit);
        res.status = 413;
        res.content_type = "application/json";
        rt_buf_printf(&res.body, "{\"error\":\"%s\",\"field\":null}", msg);
    } else {
        rt_request req = {
            .method = method,
            .path = url,
            .body = ex->body.data ? ex->body.data : "",
            .body_len = ex->body.len,
            .client_addr = addr,
            .lookup = mhd_lookup,
            .conn = conn,
        };
        rt_router_dispatch(srv->router, srv->app, &req, &res, (int64_t)time(NULL), &ex->pattern);
    }
    r = queue(conn, ex, &res);
    rt_res_clear(&res);
    return r;
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    server *srv = cls;
    exchange *ex = *con_cls;
    if (!ex)
        return;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    double ms = (double)(end.tv_sec - ex->start.tv_sec) * 1e3 +
                (double)(end.tv_nsec - ex->start.tv_nsec) / 1e6;
    if (srv->log) {
        time_t now = time(NULL);
        struct tm tm;
        char ts[32];
        gmtime_r(&now, &tm);
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
        pthread_mutex_lock(&srv->log_mu);
        fprintf(srv->log, "%s %s %s %d %zu %.1fms%s\n", ts, ex->method, ex->pattern,
                ex->status, ex->bytes, ms,
                toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " aborted");
        fflush(srv->log);
        pthread_mutex_unlock(&srv->log_mu);
    }
    rt_buf_free(&ex->body);
    free(ex);
    *con_cls = NULL;
    atomic_fetch_sub(&srv->in_flight, 1);
}

rt_status rt_server_parse_listen(const char *listen, char **host, unsigned *port)
{
    const char *colon;
    const char *h = listen;
    size_t hlen;
    if (!listen)
        return RT_EINVAL;
    if (listen[0] == '[') {
        const char *close = strchr(listen, ']');
        if (!close || close[1] != ':')
            return RT_EINVAL;
        h = listen + 1;
        hlen = (size_t)(close - h);
        colon = close + 1;
    } else {
        colon = strrchr(listen, ':');
        if (!colon)
            return RT_EINVAL;
        hlen = (size_t)(colon - listen);
    }
    char *end;
    errno = 0;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (errno || *end || end == colon + 1 || p > 65535 || hlen == 0)
        return RT_EINVAL;
    *host = strndup(h, hlen);
    if (!*host)
        return RT_ENOMEM;
    *port = (unsigned)p;
    return RT_OK;
}

rt_status rt_server_run(rt_app *app, const rt_router *router, const char *listen,
                        FILE *access_log)
{
    char *host;
    unsigned port;
    rt_status st = rt_server_parse_listen(listen, &host, &port);
    if (st != RT_OK)
        return st;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    if (inet_pton(AF_INET, host, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)port);
    } else if (inet_pton(AF_INET6, host, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        flags |= MHD_USE_IPv6;
    } else {
        free(host);
        return RT_EINVAL;
    }

    /* Signals are taken by this thread alone, with sigwait: the pool's
     * threads inherit the blocked mask, so a SIGTERM never interrupts a
     * request half-way. */
    sigset_t sigs, old;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, &old);
    signal(SIGPIPE, SIG_IGN);

    server srv = {.app = app, .router = router, .log = access_log};
    pthread_mutex_init(&srv.log_mu, NULL);
    atomic_init(&srv.in_flight, 0);
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, &handle, &srv,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)4,
        MHD_OPTION_CONNECTION_TIMEOUT, app->cfg.request_timeout,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_NOTIFY_COMPLETED, &completed, &srv,
        MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "roundtable: cannot listen on %s\n", listen);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        pthread_mutex_destroy(&srv.log_mu);
        free(host);
        return RT_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : port;
    if (strchr(host, ':'))
        fprintf(stderr, "listening on http://[%s]:%u\n", host, bound);
    else
        fprintf(stderr, "listening on http://%s:%u\n", host, bound);
    fflush(stderr);
    free(host);

    int sig = 0;
    while (sigwait(&sigs, &sig) != 0)
        ;
    fprintf(stderr, "roundtable: signal %d, shutting down\n", sig);

    /* Stop accepting, let requests in flight finish (bounded), then stop:
     * MHD_stop_daemon closes idle keep-alive connections. */
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    for (int i = 0; i < 1000 && atomic_load(&srv.in_flight) > 0; i++) {
        struct timespec ten_ms = {0, 10 * 1000 * 1000};
        nanosleep(&ten_ms, NULL);
    }
    MHD_stop_daemon(d);
    pthread_mutex_destroy(&srv.log_mu);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return RT_OK;
}

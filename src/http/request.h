/* request.h: one HTTP exchange as handlers see it.
 *
 * Handlers never touch libmicrohttpd: server.c fills an rt_request and
 * turns the rt_response into a reply. A handler writes its body into
 * res->body and sets status and content type; headers it adds are copied.
 *
 * Ownership: everything in rt_request belongs to the server and lives
 * until the handler returns. The rt_response and what it holds belong to
 * the server too; handlers fill it through the functions below. */
#ifndef RT_HTTP_REQUEST_H
#define RT_HTTP_REQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/buf.h"
#include "../core/status.h"

#define RT_MAX_PATH_PARAMS 4
#define RT_MAX_RESPONSE_HEADERS 8

typedef enum rt_req_part {
    RT_REQ_HEADER,
    RT_REQ_COOKIE,
    RT_REQ_QUERY
} rt_req_part;

typedef struct rt_request {
    const char *method;     /* "GET", "POST", ... */
    const char *path;       /* without the query string */
    const char *body;       /* NUL-terminated copy of the body, or "" */
    size_t body_len;
    const char *client_addr;
    const char *params[RT_MAX_PATH_PARAMS]; /* {name} segments of the route */
    /* How to read headers, cookies and query arguments: the server
     * supplies libmicrohttpd's; tests supply their own. */
    const char *(*lookup)(void *conn, rt_req_part part, const char *name);
    void *conn;             /* the server's connection; opaque here */
} rt_request;

typedef struct rt_header {
    char *name;
    char *value;
} rt_header;

typedef struct rt_response {
    int status;
    const char *content_type;  /* static string */
    rt_buf body;
    rt_header headers[RT_MAX_RESPONSE_HEADERS];
    size_t n_headers;
    bool cacheable;            /* false: Cache-Control: no-store */
} rt_response;

/* Looks up a request header (case-insensitive); NULL if absent. The
 * string is the server's, valid until the handler returns. */
const char *rt_req_header(const rt_request *req, const char *name);
/* Looks up a cookie; NULL if absent. */
const char *rt_req_cookie(const rt_request *req, const char *name);
/* Looks up a query-string argument, already percent-decoded; NULL if
 * absent. */
const char *rt_req_query(const rt_request *req, const char *name);

/* Adds a response header (copied). RT_ETOOBIG past
 * RT_MAX_RESPONSE_HEADERS, RT_ENOMEM on allocation failure. */
rt_status rt_res_header(rt_response *res, const char *name, const char *value);
/* Sets a 303 redirect to location (a path on this site). */
rt_status rt_res_redirect(rt_response *res, const char *location);
/* Frees what the response holds; the struct itself is the caller's. */
void rt_res_clear(rt_response *res);

#endif

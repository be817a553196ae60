/* request.c: reading requests and building responses; see request.h. */
#include "request.h"

#include <stdlib.h>
#include <string.h>

const char *rt_req_header(const rt_request *req, const char *name)
{
    return req->lookup(req->conn, RT_REQ_HEADER, name);
}

const char *rt_req_cookie(const rt_request *req, const char *name)
{
    return req->lookup(req->conn, RT_REQ_COOKIE, name);
}

const char *rt_req_query(const rt_request *req, const char *name)
{
    return req->lookup(req->conn, RT_REQ_QUERY, name);
}

rt_status rt_res_header(rt_response *res, const char *name, const char *value)
{
    if (res->n_headers >= RT_MAX_RESPONSE_HEADERS)
        return RT_ETOOBIG;
    char *n = strdup(name), *v = strdup(value);
    if (!n || !v) {
        free(n);
        free(v);
        return RT_ENOMEM;
    }
    res->headers[res->n_headers].name = n;
    res->headers[res->n_headers].value = v;
    res->n_headers++;
    return RT_OK;
}

rt_status rt_res_redirect(rt_response *res, const char *location)
{
    res->status = 303;
    res->content_type = "text/plain; charset=utf-8";
    return rt_res_header(res, "Location", location);
}

void rt_res_clear(rt_response *res)
{
    for (size_t i = 0; i < res->n_headers; i++) {
        free(res->headers[i].name);
        free(res->headers[i].value);
    }
    res->n_headers = 0;
    rt_buf_free(&res->body);
}

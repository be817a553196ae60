/* assets.c: the stylesheet and any other static file, compiled in. */
#include "pages.h"

#include <string.h>
#include "../core/embed.h"

extern const rt_embedded_file rt_assets[];

static const char *type_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot && strcmp(dot, ".css") == 0)
        return "text/css; charset=utf-8";
    if (dot && strcmp(dot, ".js") == 0)
        return "text/javascript; charset=utf-8";
    if (dot && strcmp(dot, ".svg") == 0)
        return "image/svg+xml";
    return "application/octet-stream";
}

rt_status rt_page_asset(rt_ctx *ctx)
{
    const rt_embedded_file *f = rt_embed_find(rt_assets, ctx->req->params[0]);
    if (!f)
        return RT_ENOTFOUND;
    rt_buf_append(&ctx->res->body, f->data, f->size);
    ctx->res->status = 200;
    ctx->res->content_type = type_of(f->name);
    ctx->res->cacheable = true;
    return rt_buf_status(&ctx->res->body);
}

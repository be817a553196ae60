/* qr.c: QR codes as inline SVG; see qr.h. */
#include "qr.h"

#include <errno.h>
#include <qrencode.h>
#include "html.h"

#define QUIET 4

rt_status rt_html_qr_svg(rt_buf *b, const char *text, const char *label)
{
    errno = 0;
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr)
        return errno == ERANGE ? RT_ETOOBIG : RT_ENOMEM;
    rt_buf svg = RT_BUF_INIT;
    int size = qr->width + 2 * QUIET;
    rt_buf_printf(&svg,
                  "<svg class=\"qr\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" "
                  "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" shape-rendering=\"crispEdges\" "
                  "aria-label=\"",
                  size, size, size * 5, size * 5);
    rt_html_attr(&svg, label);
    rt_buf_printf(&svg, "\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
                  size, size);
    /* Bit 0 of each module is "dark"; the other bits say what part of
     * the symbol it is, which a drawing does not need. */
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1)
                rt_buf_printf(&svg, "M%d %dh1v1h-1z", x + QUIET, y + QUIET);
    rt_buf_puts(&svg, "\"/></svg>\n");
    QRcode_free(qr);
    rt_status st = rt_buf_status(&svg);
    if (st == RT_OK)
        rt_buf_append(b, svg.data, svg.len);
    rt_buf_free(&svg);
    return st;
}

/* qr.h: QR codes drawn as inline SVG, for authenticator set-up.
 *
 * libqrencode makes the symbol; this draws it as one SVG path, so the
 * page needs no image request and the secret never leaves the page it
 * is shown on. */
#ifndef RT_WEB_QR_H
#define RT_WEB_QR_H

#include "../core/buf.h"

/* Appends an <svg role="img"> drawing text as a QR code (error
 * correction level M, 4-module quiet zone), labelled for screen readers
 * by label. RT_ENOMEM or RT_ETOOBIG (text too long for a QR code) on
 * failure, when nothing is appended. */
rt_status rt_html_qr_svg(rt_buf *b, const char *text, const char *label);

#endif

/* totp.c: RFC 6238 codes through liboath; see totp.h. */
#include "totp.h"

#include <liboath/oath.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include "../core/buf.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_rc = OATH_OK;

static void init(void)
{
    init_rc = oath_init();
}

/* liboath wants oath_init once per process before anything else. */
static rt_status ready(void)
{
    return pthread_once(&once, init) == 0 && init_rc == OATH_OK ? RT_OK : RT_ECRYPTO;
}

/* Decodes a base32 secret into *raw (the caller wipes and frees it). */
static rt_status decode(const char *secret, char **raw, size_t *raw_len)
{
    *raw = NULL;
    if (!secret || strlen(secret) != RT_TOTP_SECRET_CHARS)
        return RT_EINVAL;
    rt_status st = ready();
    if (st != RT_OK)
        return st;
    int rc = oath_base32_decode(secret, RT_TOTP_SECRET_CHARS, raw, raw_len);
    if (rc == OATH_MALLOC_ERROR)
        return RT_ENOMEM;
    return rc == OATH_OK ? RT_OK : RT_EINVAL;
}

static void wipe_free(char *p, size_t n)
{
    if (p) {
        sodium_memzero(p, n);
        free(p);
    }
}

rt_status rt_totp_new_secret(char out[RT_TOTP_SECRET_CHARS + 1])
{
    rt_status st = ready();
    if (st != RT_OK)
        return st;
    unsigned char raw[20];
    randombytes_buf(raw, sizeof raw);
    char *enc = NULL;
    size_t enc_len = 0;
    int rc = oath_base32_encode((const char *)raw, sizeof raw, &enc, &enc_len);
    sodium_memzero(raw, sizeof raw);
    if (rc != OATH_OK) {
        wipe_free(enc, enc_len);
        return rc == OATH_MALLOC_ERROR ? RT_ENOMEM : RT_ECRYPTO;
    }
    /* 20 bytes are exactly 32 base32 characters: no padding to strip. */
    if (enc_len != RT_TOTP_SECRET_CHARS) {
        wipe_free(enc, enc_len);
        return RT_ECRYPTO;
    }
    memcpy(out, enc, RT_TOTP_SECRET_CHARS + 1);
    out[RT_TOTP_SECRET_CHARS] = '\0';
    wipe_free(enc, enc_len);
    return RT_OK;
}

rt_status rt_totp_normalise(const char *typed, char out[RT_TOTP_DIGITS + 1])
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = typed; p && *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (*p < '0' || *p > '9' || n == RT_TOTP_DIGITS) {
            out[0] = '\0';
            return RT_EINVAL;
        }
        out[n++] = *p;
    }
    if (n != RT_TOTP_DIGITS) {
        out[0] = '\0';
        return RT_EINVAL;
    }
    out[n] = '\0';
    return RT_OK;
}

rt_status rt_totp_check(const char *secret, const char *code, int64_t now, int64_t *step)
{
    *step = 0;
    char norm[RT_TOTP_DIGITS + 1];
    if (!code || rt_totp_normalise(code, norm) != RT_OK || strcmp(norm, code) != 0)
        return RT_EINVAL;
    char *raw = NULL;
    size_t raw_len = 0;
    rt_status st = decode(secret, &raw, &raw_len);
    if (st != RT_OK)
        return st;
    int pos = 0;
    uint64_t counter = 0;
    int rc = oath_totp_validate4(raw, raw_len, (time_t)now, RT_TOTP_STEP, 0, 1, &pos, &counter,
                                 0, code);
    wipe_free(raw, raw_len);
    if (rc == OATH_INVALID_OTP)
        return RT_EDENIED;
    if (rc < 0 || counter == 0 || counter > INT64_MAX)
        return RT_ECRYPTO;
    *step = (int64_t)counter;
    return RT_OK;
}

rt_status rt_totp_code(const char *secret, int64_t now, char out[RT_TOTP_DIGITS + 1])
{
    out[0] = '\0';
    char *raw = NULL;
    size_t raw_len = 0;
    rt_status st = decode(secret, &raw, &raw_len);
    if (st != RT_OK)
        return st;
    int rc = oath_totp_generate2(raw, raw_len, (time_t)now, RT_TOTP_STEP, 0, RT_TOTP_DIGITS, 0,
                                 out);
    wipe_free(raw, raw_len);
    if (rc != OATH_OK) {
        out[0] = '\0';
        return RT_ECRYPTO;
    }
    return RT_OK;
}

void rt_totp_free(char *s)
{
    if (s)
        wipe_free(s, strlen(s));
}

/* Percent-encodes everything but RFC 3986's unreserved characters. */
static void put_encoded(rt_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            rt_buf_putc(b, (char)*p);
        } else {
            rt_buf_putc(b, '%');
            rt_buf_putc(b, hex[*p >> 4]);
            rt_buf_putc(b, hex[*p & 15]);
        }
    }
}

rt_status rt_totp_uri(const char *secret, const char *issuer, const char *account, char **out)
{
    *out = NULL;
    if (!secret || strlen(secret) != RT_TOTP_SECRET_CHARS || !issuer || !account)
        return RT_EINVAL;
    rt_buf b = RT_BUF_INIT;
    rt_buf_puts(&b, "otpauth://totp/");
    put_encoded(&b, issuer);
    rt_buf_putc(&b, ':');
    put_encoded(&b, account);
    rt_buf_puts(&b, "?secret=");
    rt_buf_puts(&b, secret);
    rt_buf_puts(&b, "&issuer=");
    put_encoded(&b, issuer);
    rt_buf_puts(&b, "&algorithm=SHA1&digits=6&period=30");
    rt_status st = rt_buf_status(&b);
    if (st != RT_OK) {
        rt_buf_free(&b);
        return st;
    }
    *out = rt_buf_take(&b);
    return *out ? RT_OK : RT_ENOMEM;
}

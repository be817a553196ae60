/* auth.c: password hashing and tokens; see auth.h. */
#include "auth.h"

#include <sodium.h>
#include <string.h>

rt_status rt_auth_hash_password(const char *password, char **out)
{
    char tmp[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(tmp, password, strlen(password),
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return RT_ENOMEM; /* libsodium fails here only when memory runs out */
    *out = strdup(tmp);
    return *out ? RT_OK : RT_ENOMEM;
}

bool rt_auth_check_password(const char *password, const char *hash)
{
    if (!password || !hash)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void rt_auth_dummy_check(void)
{
    /* Computed once per process: a real hash of nothing in particular. */
    static char dummy[crypto_pwhash_STRBYTES];
    static int ready;
    if (!ready) {
        if (crypto_pwhash_str_alg(dummy, "roundtable", 10, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                  crypto_pwhash_MEMLIMIT_INTERACTIVE,
                                  crypto_pwhash_ALG_ARGON2ID13) != 0)
            return;
        ready = 1;
    }
    if (crypto_pwhash_str_verify(dummy, "x", 1) == 0)
        return; /* never matches; only the time spent matters */
}

void rt_auth_new_token(char token[RT_TOKEN_CHARS + 1])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(token, RT_TOKEN_CHARS + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void rt_auth_token_hash(const char *token, unsigned char out[32])
{
    crypto_generichash(out, 32, (const unsigned char *)token, strlen(token), NULL, 0);
}

void rt_auth_new_csrf(char csrf[RT_CSRF_HEX + 1])
{
    unsigned char raw[RT_CSRF_HEX / 2];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(csrf, RT_CSRF_HEX + 1, raw, sizeof raw);
}

bool rt_auth_equal(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    size_t la = strlen(a), lb = strlen(b);
    if (la != lb || la == 0)
        return false;
    return sodium_memcmp(a, b, la) == 0;
}

rt_status rt_auth_new_password(char *out, size_t n)
{
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    if (n < 16)
        return RT_EINVAL;
    for (size_t i = 0; i < n; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[n] = '\0';
    return RT_OK;
}

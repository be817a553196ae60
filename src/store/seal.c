/* seal.c: field encryption, blind indexes and keyed hashes; see seal.h. */
#include "seal.h"

#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* KDF contexts are exactly crypto_kdf_CONTEXTBYTES (8) characters. Each
 * subkey has its own context and id, so no two purposes share key bytes
 * even if one of the two were changed by mistake. */
static const struct {
    const char *context;
    uint64_t id;
    size_t offset;
} subkeys[] = {
    {"rtfields", 1, offsetof(rt_seal_keys, field)},
    {"rtblindx", 2, offsetof(rt_seal_keys, blind)},
    {"rtkcheck", 3, offsetof(rt_seal_keys, check)},
    {"rtauditc", 4, offsetof(rt_seal_keys, audit)},
};

_Static_assert(RT_KEY_BYTES == crypto_kdf_KEYBYTES, "data key size is the KDF key size");
_Static_assert(RT_SEAL_SUBKEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
               "field subkey size is the AEAD key size");
_Static_assert(RT_SEAL_SUBKEY_BYTES >= crypto_generichash_KEYBYTES_MIN &&
               RT_SEAL_SUBKEY_BYTES <= crypto_generichash_KEYBYTES_MAX,
               "hash subkeys fit BLAKE2b");
_Static_assert(RT_HASH_BYTES >= crypto_generichash_BYTES_MIN &&
               RT_HASH_BYTES <= crypto_generichash_BYTES_MAX, "hash size fits BLAKE2b");

#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

rt_status rt_seal_keys_derive(const rt_data_key *key, rt_seal_keys *out)
{
    if (!key || !out)
        return RT_EINVAL;
    if (sodium_init() < 0) {
        rt_seal_keys_wipe(out);
        return RT_ECRYPTO;
    }
    for (size_t i = 0; i < sizeof subkeys / sizeof subkeys[0]; i++) {
        unsigned char *sk = (unsigned char *)out + subkeys[i].offset;
        if (crypto_kdf_derive_from_key(sk, RT_SEAL_SUBKEY_BYTES, subkeys[i].id,
                                       subkeys[i].context, key->bytes) != 0) {
            rt_seal_keys_wipe(out);
            return RT_ECRYPTO;
        }
    }
    return RT_OK;
}

void rt_seal_keys_wipe(rt_seal_keys *keys)
{
    if (keys)
        sodium_memzero(keys, sizeof *keys);
}

/* Builds the associated data "table\0column\0row_id". Names cannot hold
 * a NUL, so the encoding is unambiguous: no other cell yields the same
 * bytes. On success *out is malloc'd. */
static rt_status make_ad(const char *table, const char *column, const char *row_id,
                         unsigned char **out, size_t *out_len)
{
    size_t lt = strlen(table), lc = strlen(column), lr = strlen(row_id);
    if (lt > SIZE_MAX / 4 || lc > SIZE_MAX / 4 || lr > SIZE_MAX / 4)
        return RT_ETOOBIG;
    size_t n = lt + 1 + lc + 1 + lr;
    unsigned char *ad = malloc(n);
    if (!ad)
        return RT_ENOMEM;
    memcpy(ad, table, lt + 1);
    memcpy(ad + lt + 1, column, lc + 1);
    memcpy(ad + lt + 1 + lc + 1, row_id, lr);
    *out = ad;
    *out_len = n;
    return RT_OK;
}

rt_status rt_seal(const rt_seal_keys *keys, const char *table, const char *column,
                  const char *row_id, const char *plaintext, unsigned char **out,
                  size_t *out_len)
{
    if (!out || !out_len)
        return RT_EINVAL;
    *out = NULL;
    *out_len = 0;
    if (!keys || !table || !column || !row_id || !plaintext)
        return RT_EINVAL;
    size_t len = strlen(plaintext);
    if (len > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX ||
        len > SIZE_MAX - NONCE_BYTES - TAG_BYTES)
        return RT_ETOOBIG;
    unsigned char *ad = NULL;
    size_t ad_len = 0;
    rt_status st = make_ad(table, column, row_id, &ad, &ad_len);
    if (st != RT_OK)
        return st;
    size_t n = NONCE_BYTES + len + TAG_BYTES;
    unsigned char *buf = malloc(n);
    if (!buf) {
        free(ad);
        return RT_ENOMEM;
    }
    /* A random 192-bit nonce per seal: collisions are negligible however
     * many values are sealed, so no counter has to be kept. */
    randombytes_buf(buf, NONCE_BYTES);
    unsigned long long clen = 0;
    int rc = crypto_aead_xchacha20poly1305_ietf_encrypt(
        buf + NONCE_BYTES, &clen, (const unsigned char *)plaintext, len, ad, ad_len, NULL,
        buf, keys->field);
    free(ad);
    if (rc != 0 || clen != len + TAG_BYTES) {
        free(buf);
        return RT_ECRYPTO;
    }
    *out = buf;
    *out_len = n;
    return RT_OK;
}

rt_status rt_unseal(const rt_seal_keys *keys, const char *table, const char *column,
                    const char *row_id, const unsigned char *in, size_t in_len, char **out)
{
    if (!out)
        return RT_EINVAL;
    *out = NULL;
    if (!keys || !table || !column || !row_id || (!in && in_len))
        return RT_EINVAL;
    if (in_len < NONCE_BYTES + TAG_BYTES)
        return RT_ECRYPTO;
    size_t len = in_len - NONCE_BYTES - TAG_BYTES;
    unsigned char *ad = NULL;
    size_t ad_len = 0;
    rt_status st = make_ad(table, column, row_id, &ad, &ad_len);
    if (st != RT_OK)
        return st;
    unsigned char *pt = malloc(len + 1);
    if (!pt) {
        free(ad);
        return RT_ENOMEM;
    }
    unsigned long long plen = 0;
    int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &plen, NULL, in + NONCE_BYTES,
                                                        in_len - NONCE_BYTES, ad, ad_len, in,
                                                        keys->field);
    free(ad);
    /* Sealed values came from C strings; an embedded NUL would truncate
     * the value without anyone noticing, so it is refused. */
    if (rc != 0 || plen != len || memchr(pt, '\0', len)) {
        sodium_memzero(pt, len + 1);
        free(pt);
        return RT_ECRYPTO;
    }
    pt[len] = '\0';
    *out = (char *)pt;
    return RT_OK;
}

rt_status rt_blind_index(const rt_seal_keys *keys, const char *purpose,
                         const char *normalised_value, unsigned char out[RT_BLIND_BYTES])
{
    if (!keys || !purpose || !normalised_value || !out)
        return RT_EINVAL;
    crypto_generichash_state h;
    if (crypto_generichash_init(&h, keys->blind, RT_SEAL_SUBKEY_BYTES, RT_BLIND_BYTES) != 0 ||
        crypto_generichash_update(&h, (const unsigned char *)purpose, strlen(purpose) + 1) != 0 ||
        crypto_generichash_update(&h, (const unsigned char *)normalised_value,
                                  strlen(normalised_value)) != 0 ||
        crypto_generichash_final(&h, out, RT_BLIND_BYTES) != 0) {
        sodium_memzero(&h, sizeof h);
        return RT_ECRYPTO;
    }
    sodium_memzero(&h, sizeof h);
    return RT_OK;
}

rt_status rt_key_check_value(const rt_seal_keys *keys, unsigned char out[RT_HASH_BYTES])
{
    static const char label[] = "roundtable key check v1";
    if (!keys || !out)
        return RT_EINVAL;
    if (crypto_generichash(out, RT_HASH_BYTES, (const unsigned char *)label, sizeof label - 1,
                           keys->check, RT_SEAL_SUBKEY_BYTES) != 0)
        return RT_ECRYPTO;
    return RT_OK;
}

rt_status rt_audit_hash(const rt_seal_keys *keys, const unsigned char *msg, size_t len,
                        unsigned char out[RT_HASH_BYTES])
{
    if (!keys || (!msg && len) || !out)
        return RT_EINVAL;
    if (crypto_generichash(out, RT_HASH_BYTES, msg, len, keys->audit, RT_SEAL_SUBKEY_BYTES) != 0)
        return RT_ECRYPTO;
    return RT_OK;
}

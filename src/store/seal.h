/* seal.h: field encryption, blind indexes and keyed hashes (internal to
 * src/store/).
 *
 * Every identifying value is sealed with XChaCha20-Poly1305 under a
 * subkey of the data key. The associated data names the table, column and
 * row the value belongs to, so a ciphertext copied into another row or
 * column fails to open instead of silently showing one person's address
 * on another person's record. Equality look-ups go through blind
 * indexes: keyed BLAKE2b hashes of a normalised value, useless to anyone
 * without the key. */
#ifndef RT_STORE_SEAL_H
#define RT_STORE_SEAL_H

#include <stddef.h>
#include "../core/status.h"
#include "key.h"

#define RT_SEAL_SUBKEY_BYTES 32
#define RT_BLIND_BYTES 32
#define RT_HASH_BYTES 32

/* The subkeys derived from one data key. Wipe with rt_seal_keys_wipe. */
typedef struct rt_seal_keys {
    unsigned char field[RT_SEAL_SUBKEY_BYTES];  /* seals identifying fields */
    unsigned char blind[RT_SEAL_SUBKEY_BYTES];  /* blind indexes */
    unsigned char check[RT_SEAL_SUBKEY_BYTES];  /* the key check value */
    unsigned char audit[RT_SEAL_SUBKEY_BYTES];  /* the audit hash chain */
} rt_seal_keys;

/* Derives every subkey from key into *out. RT_ECRYPTO if libsodium cannot
 * start; *out is wiped then. */
rt_status rt_seal_keys_derive(const rt_data_key *key, rt_seal_keys *out);

/* Overwrites the subkeys with zeros in a way the compiler keeps. NULL is
 * ignored. */
void rt_seal_keys_wipe(rt_seal_keys *keys);

/* Seals plaintext for the cell (table, column, row_id). On success *out
 * is a malloc'd buffer (the caller frees) of *out_len bytes: a random
 * 24-byte nonce followed by the ciphertext and its tag. On failure *out
 * is NULL and *out_len 0. RT_EINVAL for NULL arguments, RT_ETOOBIG if
 * the plaintext is too long to seal, RT_ENOMEM. */
rt_status rt_seal(const rt_seal_keys *keys, const char *table, const char *column,
                  const char *row_id, const char *plaintext, unsigned char **out,
                  size_t *out_len);

/* Opens what rt_seal made for the same cell. On success *out is a
 * malloc'd NUL-terminated string (the caller frees). RT_ECRYPTO if the
 * ciphertext is malformed, was tampered with, belongs to another cell or
 * was sealed under another key; *out is NULL then. */
rt_status rt_unseal(const rt_seal_keys *keys, const char *table, const char *column,
                    const char *row_id, const unsigned char *in, size_t in_len, char **out);

/* Writes the blind index of normalised_value for purpose (a field key,
 * "victim.family_name"): keyed BLAKE2b over purpose, a NUL and the value,
 * so equal values under different purposes do not match. */
rt_status rt_blind_index(const rt_seal_keys *keys, const char *purpose,
                         const char *normalised_value, unsigned char out[RT_BLIND_BYTES]);

/* Writes the key check value: a keyed hash of a fixed label under the
 * check subkey. Stored once in the database, it tells a wrong key from a
 * damaged record at open. */
rt_status rt_key_check_value(const rt_seal_keys *keys, unsigned char out[RT_HASH_BYTES]);

/* Writes the keyed BLAKE2b (audit subkey) of msg[0..len) to out. */
rt_status rt_audit_hash(const rt_seal_keys *keys, const unsigned char *msg, size_t len,
                        unsigned char out[RT_HASH_BYTES]);

#endif

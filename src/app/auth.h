/* auth.h: passwords and session tokens.
 *
 * Passwords are hashed with argon2id (libsodium's interactive limits:
 * a login should take a fraction of a second, an offline guess as long).
 * Session tokens are 256 random bits sent to the browser in base64url;
 * only their BLAKE2b hash is stored, so a copy of the database signs no
 * one in. */
#ifndef RT_APP_AUTH_H
#define RT_APP_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include "../core/status.h"

#define RT_TOKEN_CHARS 43   /* base64url of 32 bytes, unpadded */
#define RT_CSRF_HEX 64

/* Hashes password into an encoded argon2id string the caller frees. */
rt_status rt_auth_hash_password(const char *password, char **out);
/* True if password matches the encoded hash. Constant time for a given
 * hash; false for a malformed hash. */
bool rt_auth_check_password(const char *password, const char *hash);
/* Spends the time a check would, for an unknown user, so that timing
 * does not reveal which usernames exist. */
void rt_auth_dummy_check(void);
/* Makes a new token: token gets RT_TOKEN_CHARS characters and a NUL.
 * Cannot fail: libsodium's generator blocks rather than fail. */
void rt_auth_new_token(char token[RT_TOKEN_CHARS + 1]);
/* Hashes a token for storage and look-up. */
void rt_auth_token_hash(const char *token, unsigned char out[32]);
/* Makes RT_CSRF_HEX random hex digits and a NUL. */
void rt_auth_new_csrf(char csrf[RT_CSRF_HEX + 1]);
/* Compares two strings in time independent of where they differ. */
bool rt_auth_equal(const char *a, const char *b);
/* Makes a random readable password of n characters (n >= 16) into out
 * (n + 1 bytes), from an alphabet without look-alike characters. */
rt_status rt_auth_new_password(char *out, size_t n);

#endif

/* totp.h: time-based one-time passwords (RFC 6238), the second factor.
 *
 * A thin layer over liboath: SHA-1, 6 digits, 30-second steps, which is
 * what every authenticator app reads from an otpauth:// URI. Secrets are
 * 20 random bytes (RFC 4226's recommended length) carried as 32 base32
 * characters, the form people type when they cannot scan. */
#ifndef RT_APP_TOTP_H
#define RT_APP_TOTP_H

#include <stdint.h>
#include "../core/status.h"

#define RT_TOTP_SECRET_CHARS 32
#define RT_TOTP_DIGITS 6
#define RT_TOTP_STEP 30

/* Makes a new random secret: RT_TOTP_SECRET_CHARS base32 characters and
 * a NUL into out. */
rt_status rt_totp_new_secret(char out[RT_TOTP_SECRET_CHARS + 1]);

/* Reads a code as a person types it: spaces and hyphens are dropped and
 * exactly RT_TOTP_DIGITS digits must remain, written with a NUL to out.
 * RT_EINVAL otherwise (out is then empty). */
rt_status rt_totp_normalise(const char *typed, char out[RT_TOTP_DIGITS + 1]);

/* Checks a normalised code against secret at Unix time now, accepting
 * the step before and after for clocks that drift. On a match returns
 * RT_OK and *step is the matched time step (> 0), which the caller must
 * record so the code cannot be used again; RT_EDENIED if it does not
 * match; RT_EINVAL for a malformed secret or code. */
rt_status rt_totp_check(const char *secret, const char *code, int64_t now, int64_t *step);

/* Writes the code for secret at Unix time now (for tests and tools). */
rt_status rt_totp_code(const char *secret, int64_t now, char out[RT_TOTP_DIGITS + 1]);

/* Wipes and frees a secret or URI this module or the store handed out
 * (NULL is fine). */
void rt_totp_free(char *s);

/* Makes the otpauth://totp/ URI an authenticator app reads, labelled
 * "issuer:account". *out is the caller's to free (wipe it first: it holds
 * the secret). */
rt_status rt_totp_uri(const char *secret, const char *issuer, const char *account, char **out);

#endif

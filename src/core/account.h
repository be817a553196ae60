/* account.h: the rules for usernames and passwords.
 *
 * Passwords:
 * Length matters more than composition rules (NIST SP 800-63B): at least
 * 12 characters, at most 256 bytes, not all one character, and not on the
 * shipped list of common passwords (common_passwords.txt, compiled in). */
#ifndef RT_CORE_ACCOUNT_H
#define RT_CORE_ACCOUNT_H

#define RT_PASSWORD_MIN_CHARS 12
#define RT_PASSWORD_MAX_BYTES 256

/* Returns NULL if pw is acceptable, else a static reason. */
const char *rt_password_problem(const char *pw);

/* Usernames: 2 to 64 characters of a-z, 0-9, '.', '_' and '-', starting
 * with a letter (upper case is folded before the check). Returns NULL if
 * acceptable, else a static reason. */
const char *rt_username_problem(const char *name);

#endif

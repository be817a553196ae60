/* password.h: the rule a new password must meet.
 *
 * Length matters more than composition rules (NIST SP 800-63B): at least
 * 12 characters, at most 256 bytes, not all one character. The shipped
 * list of common passwords arrives with the account-security issue. */
#ifndef RT_CORE_PASSWORD_H
#define RT_CORE_PASSWORD_H

#define RT_PASSWORD_MIN_CHARS 12
#define RT_PASSWORD_MAX_BYTES 256

/* Returns NULL if pw is acceptable, else a static reason. */
const char *rt_password_problem(const char *pw);

#endif

/* signin.h: signing in and out, sessions, passwords and the second
 * factor. Every attempt is audited, refusals included. */
#ifndef RT_APP_SIGNIN_H
#define RT_APP_SIGNIN_H

#include "app.h"

typedef enum rt_login_outcome {
    RT_LOGIN_OK,
    RT_LOGIN_REFUSED,    /* unknown user, wrong password or disabled account */
    RT_LOGIN_THROTTLED   /* too many recent failures for the account or address */
} rt_login_outcome;

/* Signs a user in. On RT_LOGIN_OK, *who is filled (clear it with
 * rt_principal_clear) and token holds the new session token for the
 * cookie. Returns a status for internal failures only; a refusal is an
 * outcome, not an error. Every attempt is audited. */
rt_status rt_app_login(rt_app *app, const char *username, const char *password,
                       const char *address, int64_t now, rt_login_outcome *outcome,
                       rt_principal *who, char token[RT_TOKEN_CHARS + 1]);

/* Finds the live session for a cookie token and touches it. RT_ENOTFOUND
 * if there is none, it has expired (then it is deleted) or its user is
 * disabled. On RT_OK *who is the caller's to clear. */
rt_status rt_app_session(rt_app *app, const char *token, int64_t now, rt_principal *who);

/* Replaces who's password with new_password after checking current. On
 * RT_EINVAL *field ("current_password" or "new_password") and *problem
 * (static) say what is wrong and nothing changed. Wrong current passwords
 * count towards the sign-in throttle; when it is exceeded the result is
 * RT_EDENIED. Audited. */
rt_status rt_app_change_password(rt_app *app, const rt_principal *who, const char *current,
                                 const char *new_password, const char *address, int64_t now,
                                 const char **field, const char **problem);

/* Ends every session of who's account, on every device (for a lost
 * phone or a password that may be known). Audited. */
rt_status rt_app_logout_everywhere(rt_app *app, const rt_principal *who, const char *address,
                                   int64_t now);

/* ---- second factor (TOTP) ----------------------------------------------- */

#define RT_SETTING_SECOND_FACTOR_ROLES "second_factor.roles"

/* The roles that must give a second factor at sign-in, from the
 * deployment setting; every role when it was never set or cannot be read
 * as a role set (safe by default). Fails only if the store does. */
rt_status rt_app_second_factor_roles(rt_app *app, rt_role_set *out);
/* Changes that setting. It applies from each user's next sign-in.
 * Audited as the system, from address ("setting.second_factor_roles"). */
rt_status rt_app_set_second_factor_roles(rt_app *app, rt_role_set set, const char *address,
                                         int64_t now);

/* Starts (or resumes) enrolment: *secret gets who's unconfirmed TOTP
 * secret, made now if there is none, and *uri the otpauth:// URI an
 * authenticator app reads (the caller frees both with rt_totp_free).
 * RT_EEXISTS if who is enrolled already (a secret is shown only once).
 * Audited when a secret is made. */
rt_status rt_app_second_factor_begin(rt_app *app, const rt_principal *who, const char *address,
                                     int64_t now, char **secret, char **uri);

typedef enum rt_second_factor_outcome {
    RT_SECOND_FACTOR_OK,          /* accepted: enrolment confirmed, session complete */
    RT_SECOND_FACTOR_MALFORMED,   /* not 6 digits: nothing counted */
    RT_SECOND_FACTOR_WRONG,       /* wrong, or used already: counts towards the throttle */
    RT_SECOND_FACTOR_THROTTLED,   /* too many recent failures for the account */
    RT_SECOND_FACTOR_NO_SECRET    /* enrolment has not begun */
} rt_second_factor_outcome;

/* Checks a code typed by who. On RT_SECOND_FACTOR_OK the code's time step
 * is spent (it will not work again), an unconfirmed secret becomes who's
 * second factor, and who's session no longer waits for it. Returns a
 * status for internal failures only. Audited, refusals included. */
rt_status rt_app_second_factor_verify(rt_app *app, const rt_principal *who, const char *code,
                                      const char *address, int64_t now,
                                      rt_second_factor_outcome *outcome);

/* Removes username's second factor (a lost or replaced phone) and ends
 * their sessions: at next sign-in they enrol again if their role requires
 * it. RT_ENOTFOUND for an unknown user. Audited as the system, from
 * address ("cli:" and the operator). */
rt_status rt_app_second_factor_reset(rt_app *app, const char *username, const char *address,
                                     int64_t now);

/* Ends the principal's session. */
rt_status rt_app_logout(rt_app *app, const rt_principal *who, const char *address, int64_t now);

#endif

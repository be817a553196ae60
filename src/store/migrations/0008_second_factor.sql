-- 0008_second_factor.sql: a time-based one-time password (RFC 6238) as
-- each user's second factor, and deployment settings.
--
-- totp_secret is the user's base32 secret sealed to (app_user,
-- totp_secret, id): a copy of the database gives no one the codes.
-- totp_enrolled_at stays NULL until the user has proved, with a code,
-- that their authenticator holds the secret. totp_last_step is the time
-- step of the last code accepted: a code is good once, so one overheard
-- or shoulder-surfed cannot be replayed.
ALTER TABLE app_user ADD COLUMN totp_secret BLOB;
ALTER TABLE app_user ADD COLUMN totp_enrolled_at INTEGER;
ALTER TABLE app_user ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

-- A session signed in with a password alone, whose user must still give
-- the second factor before reaching anything else.
ALTER TABLE session ADD COLUMN second_factor_pending INTEGER NOT NULL DEFAULT 0
    CHECK (second_factor_pending IN (0, 1));

-- Deployment settings an administrator changes with the CLI
-- ("second_factor.roles": which roles must use a second factor; absent
-- means every role).
CREATE TABLE setting (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

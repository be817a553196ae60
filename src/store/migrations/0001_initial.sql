-- 0001_initial.sql: the foundation schema.
--
-- Applied inside the store's migration transaction: no BEGIN or COMMIT
-- here. Every table is STRICT, so a value of the wrong type is refused
-- instead of converted. Columns holding identifying data are BLOBs of
-- sealed ciphertext (see src/store/seal.h); clear TEXT columns hold only
-- what may be read by anyone holding the file.

-- Store-wide facts, such as the key check value.
CREATE TABLE meta (
    name  TEXT PRIMARY KEY NOT NULL,
    value BLOB NOT NULL
) STRICT;

CREATE TABLE agency (
    code TEXT PRIMARY KEY NOT NULL
         CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9_-]*'),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind TEXT NOT NULL CHECK (kind IN ('police', 'idva_service', 'health',
                                       'childrens_social_care', 'housing', 'probation',
                                       'education', 'mental_health', 'drug_alcohol',
                                       'adult_social_care', 'voluntary', 'marac', 'other'))
) STRICT;

-- Staff accounts. Never deleted (disabled instead), so the audit log's
-- user ids keep their meaning. agency_code may be NULL for an account
-- that belongs to no agency, such as the first administrator.
CREATE TABLE app_user (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    username      TEXT NOT NULL UNIQUE
                  CHECK (length(username) BETWEEN 1 AND 254 AND username = lower(username)),
    display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
    agency_code   TEXT REFERENCES agency (code),
    role          TEXT NOT NULL CHECK (role IN ('idva', 'idva_manager', 'marac_coordinator',
                                                'marac_chair', 'agency_rep', 'analyst',
                                                'admin', 'auditor')),
    password_hash TEXT NOT NULL CHECK (length(password_hash) BETWEEN 1 AND 512),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    INTEGER NOT NULL
) STRICT;

-- Only a hash of each token is kept: a copy of the file signs no one in.
CREATE TABLE session (
    token_hash BLOB PRIMARY KEY NOT NULL CHECK (length(token_hash) = 32),
    user_id    TEXT NOT NULL REFERENCES app_user (id),
    csrf       TEXT NOT NULL CHECK (length(csrf) = 64 AND csrf NOT GLOB '*[^0-9a-f]*'),
    created_at INTEGER NOT NULL,
    last_seen  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX session_user ON session (user_id);

-- One column per referral field (named after its key with '.' as '_').
-- BLOB columns are sealed to (referral, column, id); *_bidx columns are
-- keyed blind indexes for look-ups by the victim's names and birth date.
CREATE TABLE referral (
    id                      TEXT PRIMARY KEY NOT NULL
                            CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    victim_given_name       BLOB NOT NULL,
    victim_family_name      BLOB NOT NULL,
    victim_aliases          BLOB,
    victim_dob              BLOB,
    victim_gender           TEXT NOT NULL CHECK (victim_gender IN ('female', 'male', 'non_binary',
                                                                   'other', 'not_known')),
    victim_address          BLOB,
    victim_postcode         BLOB,
    victim_phone            BLOB,
    victim_safe_to_call     TEXT NOT NULL CHECK (victim_safe_to_call IN ('yes', 'no',
                                                                         'not_known')),
    victim_email            BLOB,
    referrer_name           BLOB NOT NULL,
    referrer_phone          BLOB NOT NULL,
    referrer_email          BLOB,
    referral_date           TEXT NOT NULL
                            CHECK (referral_date GLOB
                                   '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    victim_given_name_bidx  BLOB NOT NULL CHECK (length(victim_given_name_bidx) = 32),
    victim_family_name_bidx BLOB NOT NULL CHECK (length(victim_family_name_bidx) = 32),
    victim_dob_bidx         BLOB CHECK (victim_dob_bidx IS NULL OR length(victim_dob_bidx) = 32),
    agency_code             TEXT NOT NULL REFERENCES agency (code),
    created_by              TEXT REFERENCES app_user (id),
    created_at              INTEGER NOT NULL
) STRICT;

CREATE INDEX referral_victim_family_name_bidx ON referral (victim_family_name_bidx);
CREATE INDEX referral_victim_given_name_bidx ON referral (victim_given_name_bidx);
CREATE INDEX referral_victim_dob_bidx ON referral (victim_dob_bidx);
CREATE INDEX referral_created ON referral (created_at);

-- Append-only and hash-chained: hash is a keyed BLAKE2b over prev_hash
-- and a canonical encoding of the row, so an edit, a removal or a
-- reordering breaks the chain. The triggers refuse changes through SQL;
-- the chain exposes changes made by rewriting the file.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    user_id     TEXT,
    action      TEXT NOT NULL CHECK (length(action) BETWEEN 1 AND 64),
    record_type TEXT,
    record_id   TEXT,
    fields      TEXT,
    address     TEXT,
    -- "ok", "denied", "failed", "throttled", ...: a short machine word.
    outcome     TEXT NOT NULL
                CHECK (length(outcome) BETWEEN 1 AND 32 AND outcome NOT GLOB '*[^a-z_]*'),
    prev_hash   BLOB NOT NULL CHECK (length(prev_hash) = 32),
    hash        BLOB NOT NULL UNIQUE CHECK (length(hash) = 32)
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

-- 0011_identity.sql: knowing every person once.
--
-- referral_link_key holds each referral's blocking keys for record
-- linkage (link/engine.h) as keyed hashes: a look-up finds earlier
-- referrals that may be the same person, and a copy of the database
-- says nothing about names or dates.
--
-- identity_decision records a person's decision that two referrals are
-- (same = 1) or are not (same = 0) about one person, with who decided,
-- when and why (sealed to (identity_decision, reason, id)). Decisions are
-- undone, never deleted, so the history of who merged and unmerged stays.
-- One live decision per pair.
CREATE TABLE referral_link_key (
    referral_id TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    key         BLOB NOT NULL CHECK (length(key) = 32),
    PRIMARY KEY (key, referral_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX referral_link_key_referral ON referral_link_key (referral_id);

CREATE TABLE identity_decision (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    referral_a  TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    referral_b  TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    same        INTEGER NOT NULL CHECK (same IN (0, 1)),
    decided_by  TEXT REFERENCES app_user (id),
    reason      BLOB NOT NULL,
    decided_at  INTEGER NOT NULL,
    undone_by   TEXT REFERENCES app_user (id),
    undone_at   INTEGER,
    CHECK (referral_a < referral_b)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX identity_live ON identity_decision (referral_a, referral_b)
    WHERE undone_at IS NULL;
CREATE INDEX identity_b ON identity_decision (referral_b);

-- 0015_transfer.sql: Marac-to-Marac transfers. When the victim moves, the
-- case goes to the Marac where they now live, with its risk information
-- (the referral and its assessments) and its open actions. Why, in the
-- sending coordinator's words, is sealed to (marac_transfer, note, id).
CREATE TABLE marac_transfer (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    referral_id TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    from_marac  TEXT NOT NULL REFERENCES marac (code),
    to_marac    TEXT NOT NULL REFERENCES marac (code),
    note        BLOB NOT NULL,
    at          INTEGER NOT NULL,
    by_user     TEXT NOT NULL REFERENCES app_user (id),
    CHECK (from_marac <> to_marac)
) STRICT;

CREATE INDEX marac_transfer_to ON marac_transfer (to_marac, at);
CREATE INDEX marac_transfer_referral ON marac_transfer (referral_id, at);

-- A new notice kind, "transfer_in": a case has come from another Marac.
CREATE TABLE notice_new (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    recipient_id  TEXT NOT NULL REFERENCES app_user (id),
    kind          TEXT NOT NULL CHECK (kind IN ('break_glass', 'possible_match',
                                                'list_released', 'minutes_released',
                                                'transfer_in')),
    about_user_id TEXT REFERENCES app_user (id),
    record_id     TEXT,
    created_at    INTEGER NOT NULL,
    read_at       INTEGER
) STRICT;

INSERT INTO notice_new (id, recipient_id, kind, about_user_id, record_id, created_at, read_at)
SELECT id, recipient_id, kind, about_user_id, record_id, created_at, read_at FROM notice;

DROP TABLE notice;
ALTER TABLE notice_new RENAME TO notice;
CREATE INDEX notice_recipient ON notice (recipient_id, read_at, created_at);

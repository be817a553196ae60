-- 0018_exclusion_lift.sql: an exclusion is lifted, never deleted
-- (safety.md, "Jurisdiction"): when, by whom and why stay with the row,
-- the reason sealed like the reason it was set for (it may name people).
-- A lifted exclusion no longer excludes.
ALTER TABLE access_grant ADD COLUMN lifted_at INTEGER;
ALTER TABLE access_grant ADD COLUMN lifted_by TEXT REFERENCES app_user (id);
ALTER TABLE access_grant ADD COLUMN lift_reason BLOB;

-- New notice kinds: an exclusion set on, or lifted from, a case the
-- recipient holds. Like every notice they carry no case content (and the
-- excluded worker never gets one).
CREATE TABLE notice_new (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    recipient_id  TEXT NOT NULL REFERENCES app_user (id),
    kind          TEXT NOT NULL CHECK (kind IN ('break_glass', 'possible_match',
                                                'list_released', 'minutes_released',
                                                'transfer_in', 'exclusion',
                                                'exclusion_lifted')),
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

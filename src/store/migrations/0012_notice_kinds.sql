-- 0012_notice_kinds.sql: a new kind of notice, "possible_match": a new
-- referral may be about a person referred before (identity.h). Like every
-- notice it carries no case content, only which referral to look at.
-- SQLite cannot change a CHECK in place, so the table is rebuilt whole.
CREATE TABLE notice_new (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    recipient_id  TEXT NOT NULL REFERENCES app_user (id),
    kind          TEXT NOT NULL CHECK (kind IN ('break_glass', 'possible_match')),
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

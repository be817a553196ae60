-- 0010_drafts.sql: referrals saved part-way, to finish later. A draft
-- belongs to the user who saved it and nobody else reads it. What was
-- typed is sealed whole to (referral_draft, body, id), and a short label
-- (the person's name, for the list of drafts) to (referral_draft, label,
-- id). format says how body is written: "form" (a page's form fields,
-- URL-encoded) or "json" (an API referral body).
CREATE TABLE referral_draft (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    owner_id    TEXT NOT NULL REFERENCES app_user (id),
    format      TEXT NOT NULL CHECK (format IN ('form', 'json')),
    label       BLOB NOT NULL,
    body        BLOB NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX referral_draft_owner ON referral_draft (owner_id, updated_at);

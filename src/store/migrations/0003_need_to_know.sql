-- 0003_need_to_know.sql: awareness, consent and the lawful basis of each
-- referral (safety.md: each share records its lawful basis and whether
-- the person knows and consented). Nullable only because referrals made
-- before this migration did not record them; the referral rules in
-- core/referral.c require them of every new referral.
ALTER TABLE referral ADD COLUMN consent_victim_aware TEXT
    CHECK (consent_victim_aware IN ('yes', 'no'));
-- Free text about the person: sealed like every identifying field.
ALTER TABLE referral ADD COLUMN consent_not_aware_reason BLOB;
ALTER TABLE referral ADD COLUMN consent_given TEXT
    CHECK (consent_given IN ('yes', 'no', 'not_asked'));
ALTER TABLE referral ADD COLUMN consent_lawful_basis TEXT
    CHECK (consent_lawful_basis IN ('consent', 'prevent_crime', 'protect_safety', 'safeguarding'));
ALTER TABLE referral ADD COLUMN consent_protocol TEXT
    CHECK (consent_protocol IS NULL OR length(consent_protocol) BETWEEN 1 AND 200);

-- Grants and exclusions on one referral for one user. 'exclusion': the
-- user is the perpetrator or associated with them, and sees nothing of
-- the case, whatever else applies. 'break_glass': an emergency read with
-- a written reason, until expires_at. Reasons are sealed: they may name
-- people.
CREATE TABLE access_grant (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    kind        TEXT NOT NULL CHECK (kind IN ('exclusion', 'break_glass')),
    user_id     TEXT NOT NULL REFERENCES app_user (id),
    referral_id TEXT NOT NULL REFERENCES referral (id),
    reason      BLOB NOT NULL,
    by_user_id  TEXT REFERENCES app_user (id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER
) STRICT;

CREATE INDEX access_grant_lookup ON access_grant (user_id, referral_id, kind);

-- Notices to users. They never carry case content: a kind, who caused
-- it, and the id of the record concerned.
CREATE TABLE notice (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    recipient_id  TEXT NOT NULL REFERENCES app_user (id),
    kind          TEXT NOT NULL CHECK (kind IN ('break_glass')),
    about_user_id TEXT REFERENCES app_user (id),
    record_id     TEXT,
    created_at    INTEGER NOT NULL,
    read_at       INTEGER
) STRICT;

CREATE INDEX notice_recipient ON notice (recipient_id, read_at, created_at);

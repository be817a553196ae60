-- 0004_retention.sql: how long closed records are kept.
--
-- A rule keeps a record type's closed records for `days` after closing,
-- then removes them whole ('whole') or removes only their narrative free
-- text ('notes'). Organisations set their own periods (safety.md); the
-- default keeps closed referrals six years and their narrative notes two.
ALTER TABLE referral ADD COLUMN closed_at INTEGER;
CREATE INDEX referral_closed ON referral (closed_at);

CREATE TABLE retention_rule (
    record_type TEXT NOT NULL CHECK (record_type IN ('referral')),
    part        TEXT NOT NULL CHECK (part IN ('whole', 'notes')),
    days        INTEGER NOT NULL CHECK (days BETWEEN 1 AND 36500),
    PRIMARY KEY (record_type, part)
) STRICT, WITHOUT ROWID;

INSERT INTO retention_rule (record_type, part, days) VALUES
    ('referral', 'whole', 2190),
    ('referral', 'notes', 730);

-- 0005_assessment.sql: the risk assessment attached to each referral,
-- with its result as scored when it was recorded. The answers, score,
-- level and criteria are what statistics and triage need and stay in the
-- clear; the assessor's rationale is free text about the person and is
-- sealed.
CREATE TABLE assessment (
    referral_id        TEXT PRIMARY KEY NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    tool               TEXT NOT NULL CHECK (length(tool) BETWEEN 1 AND 47),
    tool_version       TEXT NOT NULL CHECK (length(tool_version) BETWEEN 1 AND 47),
    answers            TEXT NOT NULL CHECK (answers NOT GLOB '*[^ynd-]*'),
    police_incidents   INTEGER NOT NULL CHECK (police_incidents BETWEEN 0 AND 1000),
    judgement          INTEGER NOT NULL CHECK (judgement IN (0, 1)),
    rationale          BLOB,
    incident_date      TEXT CHECK (incident_date IS NULL OR incident_date GLOB
                                   '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    last_referral_date TEXT CHECK (last_referral_date IS NULL OR last_referral_date GLOB
                                   '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    score              INTEGER NOT NULL CHECK (score >= 0),
    risk_level         TEXT NOT NULL CHECK (risk_level IN ('standard', 'medium', 'high')),
    criteria           INTEGER NOT NULL CHECK (criteria BETWEEN 0 AND 15),
    marac_eligible     INTEGER NOT NULL CHECK (marac_eligible IN (0, 1))
) STRICT, WITHOUT ROWID;

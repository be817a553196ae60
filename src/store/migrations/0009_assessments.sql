-- 0009_assessments.sql: a person may be assessed many times, so risk
-- assessments become records of their own, each with its date, assessor
-- and agency; a referral shows its latest. The answers, score, level and
-- criteria stay in the clear for statistics and triage; everything said in
-- words (the rationale, the person's fear, the conclusion, the comment and
-- source of each answer) is sealed.
--
-- A referral's first assessment keeps the referral's id as its own, so the
-- rationale sealed to (assessment, rationale, <referral id>) by 0005 opens
-- unchanged: the sealing coordinates name the logical table "assessment".
CREATE TABLE risk_assessment (
    id                 TEXT PRIMARY KEY NOT NULL
                       CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    referral_id        TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    assessed_at        INTEGER NOT NULL,
    assessor_id        TEXT REFERENCES app_user (id),
    agency_code        TEXT REFERENCES agency (code),
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
    marac_eligible     INTEGER NOT NULL CHECK (marac_eligible IN (0, 1)),
    sdash_answers      TEXT CHECK (sdash_answers IS NULL OR sdash_answers NOT GLOB '*[^ynd-]*'),
    fear               BLOB,
    conclusion         BLOB
) STRICT;

CREATE INDEX risk_assessment_referral ON risk_assessment (referral_id, assessed_at);

INSERT INTO risk_assessment (id, referral_id, assessed_at, assessor_id, agency_code, tool,
                             tool_version, answers, police_incidents, judgement, rationale,
                             incident_date, last_referral_date, score, risk_level, criteria,
                             marac_eligible)
SELECT a.referral_id, a.referral_id, r.created_at, r.created_by, r.agency_code, a.tool,
       a.tool_version, a.answers, a.police_incidents, a.judgement, a.rationale,
       a.incident_date, a.last_referral_date, a.score, a.risk_level, a.criteria,
       a.marac_eligible
FROM assessment a JOIN referral r ON r.id = a.referral_id;

DROP TABLE assessment;

-- The comment and source of each answer, sealed to
-- (assessment_note, comment|source, "<assessment id>/<item index>").
CREATE TABLE assessment_note (
    assessment_id TEXT NOT NULL REFERENCES risk_assessment (id) ON DELETE CASCADE,
    item          INTEGER NOT NULL CHECK (item BETWEEN 0 AND 63),
    comment       BLOB,
    source        BLOB,
    PRIMARY KEY (assessment_id, item)
) STRICT, WITHOUT ROWID;

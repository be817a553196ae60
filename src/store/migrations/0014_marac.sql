-- 0014_marac.sql: Maracs, their meetings, the cases heard, attendance,
-- research and actions (marac.md).
--
-- A Marac covers postcode areas or districts (where the victim lives
-- decides which Marac hears the case) and has member agencies. What is
-- said about a person (the victim's views, what agencies shared, research,
-- actions) is sealed; lists, statuses and dates are clear so the agenda,
-- the action tracker and the metrics are counted in SQL.
CREATE TABLE marac (
    code             TEXT PRIMARY KEY NOT NULL
                     CHECK (length(code) BETWEEN 1 AND 64 AND code NOT GLOB '*[^a-z0-9_-]*'),
    name             TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    areas            TEXT NOT NULL CHECK (length(areas) BETWEEN 1 AND 400),
    population       INTEGER CHECK (population IS NULL OR population > 0),
    minutes_per_case INTEGER NOT NULL DEFAULT 15 CHECK (minutes_per_case BETWEEN 1 AND 240),
    meeting_minutes  INTEGER NOT NULL DEFAULT 240 CHECK (meeting_minutes BETWEEN 15 AND 1440),
    release_days     INTEGER NOT NULL DEFAULT 8 CHECK (release_days BETWEEN 0 AND 60),
    cutoff_days      INTEGER NOT NULL DEFAULT 10 CHECK (cutoff_days BETWEEN 0 AND 60)
) STRICT;

CREATE TABLE marac_member (
    marac  TEXT NOT NULL REFERENCES marac (code),
    agency TEXT NOT NULL REFERENCES agency (code),
    PRIMARY KEY (marac, agency)
) STRICT, WITHOUT ROWID;

CREATE TABLE meeting (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    marac       TEXT NOT NULL REFERENCES marac (code),
    held_on     TEXT NOT NULL
                CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    venue       TEXT NOT NULL CHECK (length(venue) BETWEEN 1 AND 200),
    status      TEXT NOT NULL CHECK (status IN ('scheduled', 'released', 'held', 'approved')),
    released_at INTEGER,
    held_at     INTEGER,
    approved_at INTEGER,
    approved_by TEXT REFERENCES app_user (id),
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id)
) STRICT;

CREATE INDEX meeting_marac ON meeting (marac, held_on);

-- A referral on a meeting's list; hearing is sealed to
-- (meeting_case, hearing, meeting_id/referral_id).
CREATE TABLE meeting_case (
    meeting_id  TEXT NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    referral_id TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    listing     TEXT NOT NULL CHECK (listing IN ('new', 'repeat', 'twelve_months')),
    heard       INTEGER NOT NULL DEFAULT 0 CHECK (heard IN (0, 1)),
    hearing     BLOB,
    PRIMARY KEY (meeting_id, referral_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX meeting_case_referral ON meeting_case (referral_id);

CREATE TABLE attendance (
    id                TEXT PRIMARY KEY NOT NULL
                      CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    meeting_id        TEXT NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    agency            TEXT REFERENCES agency (code),
    name              TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    observer          INTEGER NOT NULL CHECK (observer IN (0, 1)),
    confidentiality   INTEGER NOT NULL CHECK (confidentiality IN (0, 1)),
    recorded_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX attendance_meeting ON attendance (meeting_id);

-- One agency's research on one listed case, sealed whole.
CREATE TABLE research (
    meeting_id  TEXT NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    referral_id TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    agency      TEXT NOT NULL REFERENCES agency (code),
    body        BLOB NOT NULL,
    flagged     INTEGER NOT NULL CHECK (flagged IN (0, 1)),
    updated_at  INTEGER NOT NULL,
    updated_by  TEXT NOT NULL REFERENCES app_user (id),
    PRIMARY KEY (meeting_id, referral_id, agency)
) STRICT, WITHOUT ROWID;

CREATE TABLE marac_action (
    id          TEXT PRIMARY KEY NOT NULL
                CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    meeting_id  TEXT NOT NULL REFERENCES meeting (id) ON DELETE CASCADE,
    referral_id TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    agency      TEXT NOT NULL REFERENCES agency (code),
    due_on      TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    body        BLOB NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('open', 'done', 'not_possible', 'not_done')),
    reason      BLOB,
    status_at   INTEGER NOT NULL,
    status_by   TEXT NOT NULL REFERENCES app_user (id),
    created_at  INTEGER NOT NULL,
    created_by  TEXT NOT NULL REFERENCES app_user (id)
) STRICT;

CREATE INDEX marac_action_referral ON marac_action (referral_id);
CREATE INDEX marac_action_agency ON marac_action (agency, status, due_on);
CREATE INDEX marac_action_meeting ON marac_action (meeting_id);

-- New notice kinds: a list released for research, minutes released. Like
-- every notice they carry no case content. SQLite cannot change a CHECK in
-- place, so the table is rebuilt whole.
CREATE TABLE notice_new (
    id            TEXT PRIMARY KEY NOT NULL
                  CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    recipient_id  TEXT NOT NULL REFERENCES app_user (id),
    kind          TEXT NOT NULL CHECK (kind IN ('break_glass', 'possible_match',
                                                'list_released', 'minutes_released')),
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

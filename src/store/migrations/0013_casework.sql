-- 0013_casework.sql: the Idva's cases.
--
-- A case opens when a referral is allocated to an Idva of a service (an
-- agency of kind idva_service); one case per referral, reopened rather
-- than opened again. Its lifecycle columns are clear, so caseloads and
-- overdue lists are counted in SQL; every change is kept in case_event,
-- with any words said about it sealed to (case_event, detail, id). A
-- referral purged by retention takes its case with it.
CREATE TABLE idva_case (
    id               TEXT PRIMARY KEY NOT NULL
                     CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    referral_id      TEXT NOT NULL UNIQUE REFERENCES referral (id) ON DELETE CASCADE,
    service          TEXT NOT NULL REFERENCES agency (code),
    idva_id          TEXT NOT NULL REFERENCES app_user (id),
    status           TEXT NOT NULL
                     CHECK (status IN ('allocated', 'first_contact', 'active', 'closed')),
    referred_on      TEXT NOT NULL
                     CHECK (referred_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    allocated_at     INTEGER NOT NULL,
    first_contact_at INTEGER,
    closed_at        INTEGER,
    closure_reason   TEXT CHECK (closure_reason IS NULL OR closure_reason IN
                                 ('safety_achieved', 'moved_area', 'transferred',
                                  'declined_disengaged', 'other')),
    updated_at       INTEGER NOT NULL
) STRICT;

CREATE INDEX idva_case_idva ON idva_case (idva_id, status);
CREATE INDEX idva_case_service ON idva_case (service, status);

CREATE TABLE case_event (
    id       TEXT PRIMARY KEY NOT NULL
             CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    case_id  TEXT NOT NULL REFERENCES idva_case (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    at       INTEGER NOT NULL,
    by_user  TEXT NOT NULL REFERENCES app_user (id),
    what     TEXT NOT NULL CHECK (what IN ('allocated', 'reallocated', 'first_contact',
                                           'active', 'closed', 'reopened')),
    idva_id  TEXT NOT NULL REFERENCES app_user (id),
    detail   BLOB,
    UNIQUE (case_id, seq)
) STRICT;

-- What the Idva records on a case. Each item's values are sealed whole to
-- (case_item, body, id); the kind, a task's or plan item's status and due
-- date are clear, to count what is overdue. A case holds one safe-contact
-- record and one set of measures at intake and at exit.
CREATE TABLE case_item (
    id         TEXT PRIMARY KEY NOT NULL
               CHECK (length(id) = 32 AND id NOT GLOB '*[^0-9a-f]*'),
    case_id    TEXT NOT NULL REFERENCES idva_case (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('safe_contact', 'contact', 'note', 'task', 'plan',
                                             'child', 'dependant', 'perpetrator', 'intake',
                                             'exit')),
    status     TEXT CHECK (status IS NULL OR length(status) BETWEEN 1 AND 16),
    due_on     TEXT CHECK (due_on IS NULL OR
                           due_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    body       BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    created_by TEXT NOT NULL REFERENCES app_user (id),
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL REFERENCES app_user (id)
) STRICT;

CREATE INDEX case_item_case ON case_item (case_id, kind, created_at);
CREATE UNIQUE INDEX case_item_single ON case_item (case_id, kind)
    WHERE kind IN ('safe_contact', 'intake', 'exit');

-- An Idva's hours and what they specialise in, for allocation. areas and
-- languages are comma-separated lists as typed.
CREATE TABLE idva_profile (
    user_id       TEXT PRIMARY KEY NOT NULL REFERENCES app_user (id),
    fte           REAL NOT NULL CHECK (fte > 0 AND fte <= 1.5),
    specialisms   TEXT NOT NULL DEFAULT '' CHECK (length(specialisms) <= 200),
    languages     TEXT NOT NULL DEFAULT '' CHECK (length(languages) <= 200),
    areas         TEXT NOT NULL DEFAULT '' CHECK (length(areas) <= 200),
    qualification TEXT NOT NULL DEFAULT '' CHECK (length(qualification) <= 200),
    updated_at    INTEGER NOT NULL
) STRICT;

-- A service's own caseload rules; a service without a row uses the
-- national defaults (core/casework.h).
CREATE TABLE caseload_rules (
    service            TEXT PRIMARY KEY NOT NULL REFERENCES agency (code),
    open_per_fte       INTEGER NOT NULL CHECK (open_per_fte BETWEEN 1 AND 1000),
    unsafe_per_fte     INTEGER NOT NULL CHECK (unsafe_per_fte BETWEEN 1 AND 1000),
    year_per_fte       INTEGER NOT NULL CHECK (year_per_fte BETWEEN 1 AND 1000),
    first_contact_days INTEGER NOT NULL CHECK (first_contact_days BETWEEN 1 AND 1000),
    long_open_days     INTEGER NOT NULL CHECK (long_open_days BETWEEN 1 AND 3650)
) STRICT;

-- 0017_jurisdiction.sql: every grant that comes from a relationship holds
-- only inside its own patch (safety.md, "Jurisdiction").
--
-- A Marac's coordinators and chairs are named here: they act for the
-- Maracs they belong to, whatever agency employs them. Who added them and
-- when is in the audit log.
CREATE TABLE marac_staff (
    marac   TEXT NOT NULL REFERENCES marac (code),
    user_id TEXT NOT NULL REFERENCES app_user (id),
    PRIMARY KEY (marac, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX marac_staff_user ON marac_staff (user_id);

-- The postcode areas or districts an Idva service covers, comma-separated
-- as typed, kept with the service's rules; '' covers nothing.
ALTER TABLE caseload_rules ADD COLUMN areas TEXT NOT NULL DEFAULT ''
    CHECK (length(areas) <= 400);

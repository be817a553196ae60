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

-- A deployment upgraded to this keeps working: each coordinator and chair
-- becomes staff of the Maracs their agency belongs to (who ran those
-- meetings before), and each Idva service covers the areas of the Maracs
-- it belongs to. The administrator reviews both (/admin/maracs, roundtable
-- caseload rules) and narrows them; until then nobody sees more than the
-- Maracs their agency already took part in.
INSERT INTO marac_staff (marac, user_id)
SELECT mm.marac, u.id FROM app_user u JOIN marac_member mm ON mm.agency = u.agency_code
WHERE u.role IN ('marac_coordinator', 'marac_chair');

INSERT INTO caseload_rules (service, open_per_fte, unsafe_per_fte, year_per_fte,
                            first_contact_days, long_open_days, areas)
SELECT a.code, 25, 30, 80, 2, 180, substr(group_concat(m.areas, ','), 1, 400)
FROM agency a JOIN marac_member mm ON mm.agency = a.code JOIN marac m ON m.code = mm.marac
WHERE a.kind = 'idva_service' GROUP BY a.code
ON CONFLICT (service) DO UPDATE SET areas = excluded.areas;

-- 0019_exclusion_follows.sql: an exclusion follows the person
-- (safety.md, "Jurisdiction": exclusions win "everywhere the person
-- appears"). When referrals are confirmed to be about one person, a
-- standing exclusion from one is set on the others too; origin_id names
-- the exclusion it follows (NULL for one set by hand), so that lifting
-- that one lifts those that followed it.
ALTER TABLE access_grant ADD COLUMN origin_id TEXT;
CREATE INDEX access_grant_origin ON access_grant (origin_id) WHERE origin_id IS NOT NULL;

-- 0006_referral_form.sql: the rest of the national Marac referral form's
-- single answers: diversity (counted in the data return), safe contact
-- (safety.md), whom the person fears and whom it is (not) safe to talk
-- to, an earlier Marac, and whether the person wants to speak to the
-- police. Free text about people is sealed (BLOB); choices stay clear.
ALTER TABLE referral ADD COLUMN victim_minoritised TEXT
    CHECK (victim_minoritised IN ('yes', 'no', 'not_known'));
ALTER TABLE referral ADD COLUMN victim_disability TEXT
    CHECK (victim_disability IN ('yes', 'no', 'not_known'));
ALTER TABLE referral ADD COLUMN victim_lgbt TEXT
    CHECK (victim_lgbt IN ('yes', 'no', 'not_known'));
ALTER TABLE referral ADD COLUMN victim_safe_times BLOB;
ALTER TABLE referral ADD COLUMN victim_safe_voicemail TEXT
    CHECK (victim_safe_voicemail IN ('yes', 'no', 'not_known'));
ALTER TABLE referral ADD COLUMN victim_safe_text TEXT
    CHECK (victim_safe_text IN ('yes', 'no', 'not_known'));
ALTER TABLE referral ADD COLUMN victim_safe_address BLOB;
ALTER TABLE referral ADD COLUMN victim_code_word BLOB;
ALTER TABLE referral ADD COLUMN victim_fears BLOB;
ALTER TABLE referral ADD COLUMN victim_safe_people BLOB;
ALTER TABLE referral ADD COLUMN victim_unsafe_people BLOB;
ALTER TABLE referral ADD COLUMN previous_marac TEXT
    CHECK (previous_marac IS NULL OR length(previous_marac) BETWEEN 1 AND 200);
ALTER TABLE referral ADD COLUMN wants_police TEXT
    CHECK (wants_police IN ('yes', 'no', 'not_known'));

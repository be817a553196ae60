-- 0002_password_change.sql: passwords handed out by an administrator
-- (the first administrator's, those `roundtable user add` makes) work once:
-- the user must choose a new one before doing anything else.
ALTER TABLE app_user ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
    CHECK (must_change_password IN (0, 1));

-- 0016_marac_protocols.sql: the protocols every member agency signs (an
-- Information Sharing Protocol and an Operating Protocol, marac.md): which
-- versions a Marac works to, as text a coordinator keeps up to date.
ALTER TABLE marac ADD COLUMN sharing_protocol TEXT NOT NULL DEFAULT ''
    CHECK (length(sharing_protocol) <= 200);
ALTER TABLE marac ADD COLUMN operating_protocol TEXT NOT NULL DEFAULT ''
    CHECK (length(operating_protocol) <= 200);

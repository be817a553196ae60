-- 0007_parties.sql: the people causing harm and the children on each
-- referral. Every detail is about a third party and is sealed, bound to
-- (referral_party, "<kind>.<field>", "<referral id>/<slot>"); kind and
-- slot stay clear so the data return can count children.
CREATE TABLE referral_party (
    referral_id TEXT NOT NULL REFERENCES referral (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('perpetrators', 'children')),
    slot        INTEGER NOT NULL CHECK (slot BETWEEN 0 AND 7),
    f0          BLOB,
    f1          BLOB,
    f2          BLOB,
    f3          BLOB,
    f4          BLOB,
    PRIMARY KEY (referral_id, kind, slot)
) STRICT, WITHOUT ROWID;

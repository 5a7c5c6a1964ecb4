-- The hash (SHA-256, hex) of the board's facilitator key. Empty for boards made before
-- facilitation existed: on those, everyone with the edit link may facilitate.
ALTER TABLE boards ADD COLUMN facilitator_key_hash TEXT NOT NULL DEFAULT '';

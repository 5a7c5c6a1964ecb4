-- Sign-in sessions (only used when the instance has a password). The cookie carries a random
-- id; only its SHA-256 is stored, so a copy of this table cannot be used to sign in.
CREATE TABLE signin_sessions (
    id_hash TEXT PRIMARY KEY,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX signin_sessions_expiry ON signin_sessions (expires_at_ms);

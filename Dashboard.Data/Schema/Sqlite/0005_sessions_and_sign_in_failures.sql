-- A sign-in is a session. The cookie names its session; signing out ends it, so the cookie is worth nothing afterwards,
-- and every session ends at the latest at expires_at (Security:AbsoluteSessionLifetime after signing in), however
-- busy its user. Every write checks the session it comes from.
CREATE TABLE sessions (
    id          TEXT PRIMARY KEY,                       -- random, 128 bits, in the sign-in cookie
    user_id     INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    ended_at    TEXT                                    -- signed out; NULL while open
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_ended ON sessions (ended_at) WHERE ended_at IS NOT NULL;

-- Failed sign-ins by the typed user name and the client address, and by the address alone (name_hash '*'). They slow
-- further attempts down (progressively) instead of locking an account: someone elsewhere guessing an administrator's
-- password cannot keep the administrator out. The name is kept as a hash: a name that matches no user is often a
-- password typed into the wrong box. A row is forgotten once its last failure is older than the window.
CREATE TABLE sign_in_failures (
    name_hash       TEXT NOT NULL,
    address         TEXT NOT NULL,
    failures        INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL,
    PRIMARY KEY (name_hash, address)
);

-- Replaced by sign_in_failures: a lock per account was a lock anyone could set.
ALTER TABLE users DROP COLUMN failed_attempts;
ALTER TABLE users DROP COLUMN locked_until;

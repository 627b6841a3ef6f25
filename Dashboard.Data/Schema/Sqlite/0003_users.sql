-- Accounts. Users are never deleted (figure history names them); they are disabled instead.

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    user_name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role            TEXT NOT NULL CHECK (role IN ('Viewer', 'Editor', 'Admin')),
    password_hash   TEXT NOT NULL,                      -- ASP.NET Core Identity's PasswordHasher format
    security_stamp  TEXT NOT NULL,                      -- replaced on password change, role change, disable: ends other sessions
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

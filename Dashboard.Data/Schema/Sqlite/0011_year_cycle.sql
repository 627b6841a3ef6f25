-- The year's cycle: a district opens a collection round, an organization submits its year, a reviewer returns it
-- with reasons or approves it, and the year is published. A new role 审核人 (Reviewer) sits between 编辑者 and 管理员.
-- SQLite cannot change a CHECK in place, so users is rebuilt (the migrator turns foreign keys off around migrations
-- and checks them before committing). Every existing user keeps their row, id and role.

CREATE TABLE users_new (
    id              INTEGER PRIMARY KEY,
    user_name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role            TEXT NOT NULL CHECK (role IN ('Viewer', 'Editor', 'Reviewer', 'Admin')),
    password_hash   TEXT NOT NULL,                      -- ASP.NET Core Identity's PasswordHasher format
    security_stamp  TEXT NOT NULL,                      -- replaced on password change, role change, disable: ends other sessions
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations (id),
    email           TEXT NOT NULL DEFAULT ''            -- where notifications are mailed too; empty: in the app only
);
INSERT INTO users_new (id, user_name, role, password_hash, security_stamp, disabled, created_at, updated_at, organization_id)
SELECT id, user_name, role, password_hash, security_stamp, disabled, created_at, updated_at, organization_id FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- Who approves the organization's year: its own reviewer, or the reviewers of the district above it.
ALTER TABLE organizations ADD COLUMN approval TEXT NOT NULL DEFAULT 'Own' CHECK (approval IN ('Own', 'District'));

-- Where each organization's year stands. No row: 填报中 (Open).
CREATE TABLE year_states (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    year            INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('Open', 'Submitted', 'Returned', 'Published')),
    submissions     INTEGER NOT NULL DEFAULT 0,         -- how many times it was submitted
    submitted_by    TEXT,                               -- the last submission's author: nobody approves their own
    submitted_at    TEXT,
    gap_reason      TEXT NOT NULL DEFAULT '',           -- why it went with indicators missing
    published_at    TEXT,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    PRIMARY KEY (organization_id, year)
);

-- Every step of the cycle, with who, when and why: the year's own history.
CREATE TABLE year_events (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    year            INTEGER NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('Submit', 'Return', 'Approve', 'Publish')),
    old_state       TEXT NOT NULL,
    new_state       TEXT NOT NULL,
    at              TEXT NOT NULL,
    by_user         TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX year_events_by_year ON year_events (organization_id, year, id);

-- A return's reasons: one per figure (indicator_id) or per sentence of the report (sentence), or for the whole year.
CREATE TABLE review_notes (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES year_events (id),
    indicator_id    INTEGER REFERENCES indicators (id),
    sentence        TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL
);
CREATE INDEX review_notes_by_event ON review_notes (event_id);

-- A district's collection of one year from the organizations under it: one open round per district and year.
CREATE TABLE collection_rounds (
    id              INTEGER PRIMARY KEY,
    district_id     INTEGER NOT NULL REFERENCES organizations (id),
    year            INTEGER NOT NULL,
    due_on          TEXT NOT NULL,                      -- yyyy-MM-dd
    message         TEXT NOT NULL DEFAULT '',
    opened_at       TEXT NOT NULL,
    opened_by       TEXT NOT NULL,
    closed_at       TEXT,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
);
CREATE UNIQUE INDEX collection_rounds_one_open ON collection_rounds (district_id, year) WHERE closed_at IS NULL;

-- A user's inbox; read_at is set when they have seen it.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY,
    user_id         INTEGER NOT NULL REFERENCES users (id),
    kind            TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations (id),
    year            INTEGER,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    link            TEXT NOT NULL DEFAULT '',
    dedupe_key      TEXT,                               -- a reminder sent once: the same key is not sent again
    created_at      TEXT NOT NULL,
    read_at         TEXT
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;

-- Mail waiting to be sent through the office's own server: tried again later when it fails, never lost.
CREATE TABLE mail_outbox (
    id              INTEGER PRIMARY KEY,
    notification_id INTEGER NOT NULL REFERENCES notifications (id),
    to_address      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    sent_at         TEXT,
    last_error      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);

-- A year whose figures were all published before the cycle existed is published: changing it is a correction.
INSERT INTO year_states (organization_id, year, state, published_at, updated_at, updated_by)
SELECT f.organization_id, f.year, 'Published', max(f.updated_at), max(f.updated_at), ''
FROM figures f
GROUP BY f.organization_id, f.year
HAVING sum(CASE WHEN f.status = 'Published' THEN 1 ELSE 0 END) > 0
   AND sum(CASE WHEN f.status <> 'Published' THEN 1 ELSE 0 END) = 0;

-- The initial schema. Codes are the names of the C# enums (Dapper reads them back by name); the UI shows them in Chinese.
-- Timestamps are ISO 8601 UTC text ('2025-02-01T08:00:00.0000000+00:00').

CREATE TABLE organizations (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    kind    TEXT NOT NULL                       -- 街道, 镇, 乡 …
);

CREATE TABLE categories (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    display_order INTEGER NOT NULL
);

CREATE TABLE indicators (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    category_id   INTEGER NOT NULL REFERENCES categories (id),
    parent_id     INTEGER REFERENCES indicators (id),   -- a breakdown of its parent (一审 under 行政诉讼)
    name          TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    unit          TEXT NOT NULL,                         -- 件, 次, 场, 份, 条, 人, 名, %, or '' for yes/no
    kind          TEXT NOT NULL CHECK (kind IN ('Count', 'Rate', 'Stock', 'Flag')),
    direction     TEXT NOT NULL CHECK (direction IN ('HigherBetter', 'LowerBetter', 'Neutral', 'TargetZero', 'TargetFull')),
    display_order INTEGER NOT NULL,
    description   TEXT NOT NULL DEFAULT '',
    CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE TABLE figures (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    indicator_id    INTEGER NOT NULL REFERENCES indicators (id),
    year            INTEGER NOT NULL CHECK (year BETWEEN 1949 AND 2200),
    value           REAL NOT NULL CHECK (value >= 0),
    qualifier       TEXT NOT NULL CHECK (qualifier IN ('Exact', 'MoreThan', 'AtLeast', 'About', 'JustUnder')),
    status          TEXT NOT NULL CHECK (status IN ('Published', 'Provisional', 'Sample')),
    source_text     TEXT NOT NULL DEFAULT '',           -- the exact words of the report it came from
    note            TEXT NOT NULL DEFAULT '',
    version         INTEGER NOT NULL DEFAULT 1,         -- optimistic concurrency: bumped by every update
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    UNIQUE (organization_id, indicator_id, year)
);

-- Every insert, update and delete of a figure, written in the same transaction as the change.
-- No foreign key to figures: the history of a deleted figure stays.
CREATE TABLE figure_history (
    id              INTEGER PRIMARY KEY,
    figure_id       INTEGER NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    indicator_id    INTEGER NOT NULL REFERENCES indicators (id),
    year            INTEGER NOT NULL,
    action          TEXT NOT NULL CHECK (action IN ('Insert', 'Update', 'Delete')),
    old_value       REAL,
    new_value       REAL,
    old_qualifier   TEXT,
    new_qualifier   TEXT,
    old_status      TEXT,
    new_status      TEXT,
    version         INTEGER NOT NULL,                   -- the figure's version after the change (before it, for a delete)
    changed_at      TEXT NOT NULL,
    changed_by      TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX figure_history_by_figure ON figure_history (figure_id, id);
CREATE INDEX figure_history_by_organization ON figure_history (organization_id, id);

CREATE TABLE reports (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    year            INTEGER NOT NULL,
    title           TEXT NOT NULL,
    published       TEXT,                               -- '2025-02' or '2025-02-14'; NULL while a draft
    body            TEXT NOT NULL,                      -- Markdown
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    UNIQUE (organization_id, year)
);

CREATE TABLE targets (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    indicator_id    INTEGER NOT NULL REFERENCES indicators (id),
    year            INTEGER NOT NULL,
    comparator      TEXT NOT NULL CHECK (comparator IN ('GreaterOrEqual', 'LessOrEqual', 'Equal')),
    value           REAL NOT NULL,
    UNIQUE (organization_id, indicator_id, year)
);

-- Report text and targets keep their history as figures do: who changed what, when and why, and every earlier
-- state can be brought back. A report's history holds the whole report as each save left it.
CREATE TABLE report_history (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    year            INTEGER NOT NULL,
    title           TEXT NOT NULL,
    published       TEXT,
    body            TEXT NOT NULL,
    personal_names  TEXT NOT NULL,
    changed_at      TEXT NOT NULL,
    changed_by      TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX report_history_by_report ON report_history (organization_id, year, id);

-- The reports as they stand are their first known version.
INSERT INTO report_history (organization_id, year, title, published, body, personal_names, changed_at, changed_by)
SELECT organization_id, year, title, published, body, personal_names, updated_at, updated_by FROM reports ORDER BY id;

-- Every target set, changed or removed: before and after (NULL comparator and value: no target).
CREATE TABLE target_history (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    indicator_id    INTEGER NOT NULL REFERENCES indicators (id),
    year            INTEGER NOT NULL,
    old_comparator  TEXT,
    old_value       REAL,
    new_comparator  TEXT,
    new_value       REAL,
    changed_at      TEXT NOT NULL,
    changed_by      TEXT NOT NULL
);
CREATE INDEX target_history_by_year ON target_history (organization_id, year, id);

-- The indicator catalog, managed by administrators in the product instead of seed files.

-- Other words reports use for an indicator (调处矛盾纠纷、化解矛盾纠纷 …), separated by 、; the report import reads them.
ALTER TABLE indicators ADD COLUMN aliases TEXT NOT NULL DEFAULT '';
-- A retired indicator keeps its figures and history but is no longer entered or shown on the dashboard.
ALTER TABLE indicators ADD COLUMN retired_at TEXT;
-- Optimistic concurrency for catalog edits, as for figures.
ALTER TABLE indicators ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- What an organization does not report (a township may have no 吸毒 figures): absent means reported, so a new
-- indicator or a new organization starts with everything and leaves out what does not apply.
CREATE TABLE indicators_not_reported (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    indicator_id    INTEGER NOT NULL REFERENCES indicators (id),
    PRIMARY KEY (organization_id, indicator_id)
);

-- Every change of the catalog and of an organization's choice, with who and when, written with the change.
CREATE TABLE catalog_history (
    id              INTEGER PRIMARY KEY,
    indicator_id    INTEGER NOT NULL REFERENCES indicators (id),
    organization_id INTEGER REFERENCES organizations (id),   -- set for an organization's choice
    action          TEXT NOT NULL CHECK (action IN ('Add', 'Update', 'Retire', 'Restore', 'Report', 'NotReport')),
    description     TEXT NOT NULL,                           -- what changed, in Chinese ("单位：件 → 次")
    changed_at      TEXT NOT NULL,
    changed_by      TEXT NOT NULL
);
CREATE INDEX catalog_history_by_indicator ON catalog_history (indicator_id, id);

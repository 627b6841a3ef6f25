-- Many organizations on one install: a street office, town or township (街道, 镇, 乡) may belong to a district (区),
-- and an organization that stops reporting is archived (it keeps its figures, reports and history, and leaves the
-- pickers). A user's role now holds for one organization and everything under it; NULL means for every organization
-- (what every existing user had, so nobody loses anything by the upgrade).

ALTER TABLE organizations ADD COLUMN parent_id INTEGER REFERENCES organizations (id);
ALTER TABLE organizations ADD COLUMN archived_at TEXT;
ALTER TABLE organizations ADD COLUMN updated_at TEXT;
ALTER TABLE organizations ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';

ALTER TABLE users ADD COLUMN organization_id INTEGER REFERENCES organizations (id);

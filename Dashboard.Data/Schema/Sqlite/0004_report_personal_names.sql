-- Personal names that occur in a report's text (applicants for reconsideration, for example). The dashboard keeps
-- counts, never people: where the text is shown to an audience (the presentation screen) these names are masked
-- (任建新 → 任某某). Names are separated by 、 or commas; empty when the report names nobody.

ALTER TABLE reports ADD COLUMN personal_names TEXT NOT NULL DEFAULT '';

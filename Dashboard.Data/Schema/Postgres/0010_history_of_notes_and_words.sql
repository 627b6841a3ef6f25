-- A figure's history keeps every field a user can change: before and after of its note and of the report's words
-- that state it, not only of value, qualifier and status (a note changed — even to a formula — left only "2 → 2").
-- Rows written before this have them empty (NULL): not known.
ALTER TABLE figure_history ADD COLUMN old_note TEXT;
ALTER TABLE figure_history ADD COLUMN new_note TEXT;
ALTER TABLE figure_history ADD COLUMN old_source_text TEXT;
ALTER TABLE figure_history ADD COLUMN new_source_text TEXT;

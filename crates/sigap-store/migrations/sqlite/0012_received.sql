-- The dashboard's period figures (cases per day by group, per channel) read one covering index
-- over the time of receipt instead of the table and its join with `case_categories`: each case
-- carries its groups as one column, `categories` (sorted slugs joined by commas, '' for none).
-- The intake writes the column with the case; the triggers below keep it equal to
-- `case_categories` after any other write. The PostgreSQL twin of this file has the same name,
-- column, triggers and index.

ALTER TABLE cases ADD COLUMN categories TEXT NOT NULL DEFAULT '';

UPDATE cases SET categories = COALESCE((SELECT group_concat(category, ',') FROM
    (SELECT category FROM case_categories WHERE case_id = cases.id ORDER BY category)), '');

-- A group added that the column does not hold yet (the intake's own rows are already there).
CREATE TRIGGER case_categories_keep_added AFTER INSERT ON case_categories
WHEN NOT EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id
    AND instr(',' || categories || ',', ',' || NEW.category || ',') > 0)
BEGIN
    UPDATE cases SET categories = COALESCE((SELECT group_concat(category, ',') FROM
        (SELECT category FROM case_categories WHERE case_id = NEW.case_id ORDER BY category)), '')
    WHERE id = NEW.case_id;
END;

CREATE TRIGGER case_categories_keep_removed AFTER DELETE ON case_categories
BEGIN
    UPDATE cases SET categories = COALESCE((SELECT group_concat(category, ',') FROM
        (SELECT category FROM case_categories WHERE case_id = OLD.case_id ORDER BY category)), '')
    WHERE id = OLD.case_id;
END;

CREATE TRIGGER case_categories_keep_changed AFTER UPDATE ON case_categories
BEGIN
    UPDATE cases SET categories = COALESCE((SELECT group_concat(category, ',') FROM
        (SELECT category FROM case_categories WHERE case_id = cases.id ORDER BY category)), '')
    WHERE id IN (OLD.case_id, NEW.case_id);
END;

CREATE INDEX cases_received_idx ON cases (created_at, sentra_id, channel, categories);

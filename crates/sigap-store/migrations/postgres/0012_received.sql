-- The dashboard's period figures (cases per day by group, per channel) read one covering index
-- over the time of receipt instead of the table and its join with `case_categories`: each case
-- carries its groups as one column, `categories` (sorted slugs joined by commas, '' for none).
-- The intake writes the column with the case; the trigger below keeps it equal to
-- `case_categories` after any other write. The SQLite twin of this file has the same name,
-- column, triggers and index.

ALTER TABLE cases ADD COLUMN categories TEXT NOT NULL DEFAULT '';

UPDATE cases SET categories = COALESCE((SELECT string_agg(category, ',' ORDER BY category COLLATE "C")
    FROM case_categories WHERE case_id = cases.id), '');

CREATE FUNCTION case_categories_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        -- A group the column already holds (the intake writes its own with the case): no write.
        IF NOT EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id
            AND position(',' || NEW.category || ',' IN ',' || categories || ',') > 0) THEN
            UPDATE cases c SET categories = COALESCE((SELECT string_agg(category, ','
                ORDER BY category COLLATE "C") FROM case_categories WHERE case_id = c.id), '')
            WHERE c.id = NEW.case_id;
        END IF;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        UPDATE cases c SET categories = COALESCE((SELECT string_agg(category, ','
            ORDER BY category COLLATE "C") FROM case_categories WHERE case_id = c.id), '')
        WHERE c.id = OLD.case_id;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER case_categories_keep AFTER INSERT OR UPDATE OR DELETE ON case_categories
    FOR EACH ROW EXECUTE FUNCTION case_categories_keep();

CREATE INDEX cases_received_idx ON cases (created_at, sentra_id, channel, categories);

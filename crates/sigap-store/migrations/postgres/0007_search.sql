-- Full-text search over cases: the ticket, the description, the address and the names of the
-- reporter and the beneficiary, kept in step with `cases` and `case_people` by triggers.
-- The SQLite twin of this file has the same name; its index is an FTS5 table (see there).
--
-- One `tsvector` per case with a GIN index: the words stemmed by the built-in `indonesian`
-- configuration (Snowball: "bantuannya" finds "bantuan") and, from the `simple` one, as
-- written, so that the start of a word typed so far finds it ("terlan" finds "terlantar",
-- whose stem is "lantar"). Punctuation becomes spaces first, as in a search and in SQLite's
-- tokenizer: a ticket `SGP-2611-00042` is the words `sgp 2611 00042` (the parser would read
-- `-2611` as a negative number), and `<b>`, `a@b.id` or `x/y` are words, not tags, e-mail
-- addresses or paths (the parser would drop a tag's text). The ticket has weight A and
-- the rest, which is personal data, weight B: a search by a role that may not see personal
-- data looks at weight A only (`'word':A`).

CREATE TABLE case_search (
    case_id  UUID PRIMARY KEY NOT NULL REFERENCES cases (id),
    document TSVECTOR NOT NULL
);
CREATE INDEX case_search_document_idx ON case_search USING GIN (document);

-- Recomputes the document of one case.
CREATE FUNCTION case_search_refresh(target UUID) RETURNS void LANGUAGE sql AS $$
    INSERT INTO case_search (case_id, document)
    SELECT d.id, setweight(to_tsvector('simple', d.ticket), 'A')
                 || setweight(to_tsvector('indonesian', d.body) || to_tsvector('simple', d.body), 'B')
    FROM (SELECT c.id, regexp_replace(c.ticket, '[[:punct:]]+', ' ', 'g') AS ticket,
                 regexp_replace(concat_ws(' ', c.description, c.address,
                     (SELECT string_agg(p.name, ' ') FROM case_people p WHERE p.case_id = c.id)),
                     '[[:punct:]]+', ' ', 'g') AS body
          FROM cases c WHERE c.id = target) d
    ON CONFLICT (case_id) DO UPDATE SET document = EXCLUDED.document;
$$;

CREATE FUNCTION cases_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM case_search_refresh(NEW.id);
    RETURN NULL;
END;
$$;
CREATE TRIGGER cases_search_sync AFTER INSERT OR UPDATE OF ticket, description, address ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_search_sync();

CREATE FUNCTION case_people_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM case_search_refresh(OLD.case_id);
    ELSE
        PERFORM case_search_refresh(NEW.case_id);
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER case_people_search_sync AFTER INSERT OR UPDATE OF name OR DELETE ON case_people
    FOR EACH ROW EXECUTE FUNCTION case_people_search_sync();

-- The cases filed before this migration.
SELECT case_search_refresh(id) FROM cases;

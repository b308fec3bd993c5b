-- Full-text search over cases: the ticket, the description, the address and the names of the
-- reporter and the beneficiary, kept in step with `cases` and `case_people` by triggers.
-- The PostgreSQL twin of this file has the same name; its index is a `tsvector` (see there).
--
-- The index is an FTS5 *contentless-delete* table: it keeps the tokens, not a second copy of
-- the personal data, and a row is replaced whole when its case or people change. FTS5 finds
-- rows by an integer rowid; `cases` has no stable integer key (its implicit rowid may be
-- renumbered by VACUUM), so `case_search` gives each case one. A search by a role that may not
-- see personal data looks at the `ticket` column only.

CREATE TABLE case_search (
    row_id  INTEGER PRIMARY KEY,
    case_id BLOB NOT NULL,
    CONSTRAINT case_search_case_key UNIQUE (case_id)
);

CREATE VIRTUAL TABLE case_search_fts USING fts5 (
    ticket, description, address, names,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- What is indexed for each case.
CREATE VIEW case_search_documents AS
SELECT s.row_id, c.id AS case_id, c.ticket, c.description, coalesce(c.address, '') AS address,
       coalesce((SELECT group_concat(p.name, ' ') FROM case_people p WHERE p.case_id = c.id), '') AS names
FROM cases c JOIN case_search s ON s.case_id = c.id;

CREATE TRIGGER cases_search_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO case_search (case_id) VALUES (NEW.id);
    INSERT OR REPLACE INTO case_search_fts (rowid, ticket, description, address, names)
        SELECT row_id, ticket, description, address, names FROM case_search_documents WHERE case_id = NEW.id;
END;

CREATE TRIGGER cases_search_update AFTER UPDATE OF ticket, description, address ON cases
BEGIN
    INSERT OR REPLACE INTO case_search_fts (rowid, ticket, description, address, names)
        SELECT row_id, ticket, description, address, names FROM case_search_documents WHERE case_id = NEW.id;
END;

CREATE TRIGGER case_people_search_insert AFTER INSERT ON case_people
BEGIN
    INSERT OR REPLACE INTO case_search_fts (rowid, ticket, description, address, names)
        SELECT row_id, ticket, description, address, names FROM case_search_documents WHERE case_id = NEW.case_id;
END;

CREATE TRIGGER case_people_search_update AFTER UPDATE OF name ON case_people
BEGIN
    INSERT OR REPLACE INTO case_search_fts (rowid, ticket, description, address, names)
        SELECT row_id, ticket, description, address, names FROM case_search_documents WHERE case_id = NEW.case_id;
END;

CREATE TRIGGER case_people_search_delete AFTER DELETE ON case_people
BEGIN
    INSERT OR REPLACE INTO case_search_fts (rowid, ticket, description, address, names)
        SELECT row_id, ticket, description, address, names FROM case_search_documents WHERE case_id = OLD.case_id;
END;

-- The cases filed before this migration.
INSERT INTO case_search (case_id) SELECT id FROM cases ORDER BY created_at, id;
INSERT INTO case_search_fts (rowid, ticket, description, address, names)
    SELECT row_id, ticket, description, address, names FROM case_search_documents;

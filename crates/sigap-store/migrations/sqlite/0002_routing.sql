-- The Sentra network, its coverage with history, surges, and the routing decision on each case.
-- The PostgreSQL twin of this file has the same name, tables, columns and constraints.

CREATE TABLE sentra (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    -- The whole unit as JSON, in the schema of data/sentra/sentra.toml.
    data       TEXT NOT NULL,
    version    BIGINT NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
);

-- Every change to a unit, with the unit as it became.
CREATE TABLE sentra_changes (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    sentra_id TEXT NOT NULL REFERENCES sentra (id),
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    reason    TEXT,
    data      TEXT NOT NULL
);

-- A rule is never edited: a change ends the old row (valid_to) and adds a new one, so the
-- coverage at any past moment can be read back.
CREATE TABLE coverage_rules (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    sentra_id   TEXT NOT NULL REFERENCES sentra (id),
    region_code TEXT NOT NULL,
    priority    INTEGER NOT NULL DEFAULT 0,
    confidence  TEXT NOT NULL,
    source      TEXT NOT NULL,
    as_of       TEXT NOT NULL,
    note        TEXT,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    created_by  TEXT NOT NULL,
    ended_by    TEXT,
    end_reason  TEXT,
    CONSTRAINT coverage_rules_confidence_check CHECK (confidence IN ('documented', 'inferred'))
);
CREATE INDEX coverage_rules_active_idx ON coverage_rules (region_code) WHERE valid_to IS NULL;
CREATE INDEX coverage_rules_sentra_idx ON coverage_rules (sentra_id, valid_from);

CREATE TABLE surges (
    id          BLOB PRIMARY KEY NOT NULL,
    region_code TEXT NOT NULL,
    -- JSON array of Sentra ids, in the order that new cases rotate over them.
    sentra_ids  TEXT NOT NULL,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    routed      BIGINT NOT NULL DEFAULT 0
);

ALTER TABLE cases ADD COLUMN sentra_id TEXT;
-- The routing decision as JSON (sigap_core::case::Assignment).
ALTER TABLE cases ADD COLUMN routing TEXT;
CREATE INDEX cases_sentra_idx ON cases (sentra_id, created_at);

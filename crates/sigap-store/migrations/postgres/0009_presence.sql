-- Who has a case open right now: the case page writes a row when shown and while open, so
-- that two people working on one case see each other (on every instance).
-- The SQLite twin of this file has the same name, tables, columns and constraints.
CREATE TABLE case_presence (
    case_id  UUID NOT NULL REFERENCES cases (id),
    user_id  BIGINT NOT NULL REFERENCES users (id),
    username TEXT NOT NULL,
    role     TEXT NOT NULL,
    seen_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (case_id, user_id)
);

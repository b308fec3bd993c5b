-- The supervisor dashboard reads the open cases only: a partial covering index over them (the
-- backlog by place and Sentra, the at-risk list by SLA state), so its cost follows the backlog
-- rather than the archive; and closures by time, for "closed in the period".
-- The PostgreSQL twin of this file has the same name and indexes.

-- Every column those queries read is in the index (status too: SQLite reads a partial index's
-- predicate columns from the index when it has them, else from the table).
CREATE INDEX cases_open_idx ON cases (sla_state, region_code, sentra_id, status, verified_at,
    responded_at, assessed_at, closed_at, due_verifikasi, due_respons, due_asesmen,
    due_penyelesaian, ticket, id)
    WHERE status NOT IN ('selesai', 'ditolak', 'duplikat');
CREATE INDEX cases_closed_idx ON cases (closed_at) WHERE closed_at IS NOT NULL;

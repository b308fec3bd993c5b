-- The KPI report reads one covering index instead of the table: the standing of each case as
-- bits (sigap_core::sla::Evaluation::kpi_flags) beside its status, channel, place and the
-- three durations. The SQLite twin of this file has the same name, columns and index.

ALTER TABLE cases ADD COLUMN sla_flags BIGINT;
CREATE INDEX cases_kpi_idx ON cases (sentra_id, created_at, status, channel, region_code, sla_flags,
    verification_secs, response_secs, closure_secs);
-- It starts with (sentra_id, created_at), so the older index on exactly those goes.
DROP INDEX cases_sentra_idx;
-- Existing cases get their flags from the next sweep.
UPDATE cases SET sla_check_at = created_at WHERE sla_flags IS NULL AND sla_check_at IS NULL;

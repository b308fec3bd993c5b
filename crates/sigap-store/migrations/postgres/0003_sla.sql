-- The response record and the SLA clock: stage times, deadlines, pauses, assessments,
-- interventions, referrals, the holiday calendar, SLA policies and satisfaction surveys.
-- The SQLite twin of this file has the same name, tables, columns and constraints.

ALTER TABLE cases DROP CONSTRAINT cases_status_check;
ALTER TABLE cases ADD CONSTRAINT cases_status_check CHECK (status IN ('baru', 'terverifikasi', 'ditugaskan', 'ditangani', 'selesai', 'ditolak', 'duplikat', 'dirujuk'));
ALTER TABLE cases ADD COLUMN verified_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN assigned_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN responded_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN assessed_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN closed_at TIMESTAMPTZ;
-- Set while the case waits for the complainant (the clock is paused).
ALTER TABLE cases ADD COLUMN waiting_since TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN outcome TEXT;
-- Seconds from receipt to verification, first response and closure, for the KPI percentiles.
ALTER TABLE cases ADD COLUMN verification_secs BIGINT;
ALTER TABLE cases ADD COLUMN response_secs BIGINT;
ALTER TABLE cases ADD COLUMN closure_secs BIGINT;
-- What the SLA policy last said about the case (sigap_core::sla::Evaluation as JSON), its
-- overall state, each stage's deadline, and when the sweep must look again.
ALTER TABLE cases ADD COLUMN sla TEXT;
ALTER TABLE cases ADD COLUMN sla_state TEXT;
ALTER TABLE cases ADD COLUMN sla_check_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN due_verifikasi TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN due_respons TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN due_asesmen TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN due_penyelesaian TIMESTAMPTZ;
-- The stages already escalated to supervisors, comma-separated (each escalates once).
ALTER TABLE cases ADD COLUMN sla_escalated TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_sla_check_idx ON cases (sla_check_at) WHERE sla_check_at IS NOT NULL;
-- Existing open cases get their clock on the first sweep.
UPDATE cases SET sla_check_at = created_at WHERE status NOT IN ('selesai', 'ditolak', 'duplikat');

CREATE TABLE case_pauses (
    case_id    UUID NOT NULL REFERENCES cases (id),
    started_at TIMESTAMPTZ NOT NULL,
    ended_at   TIMESTAMPTZ,
    reason     TEXT NOT NULL,
    PRIMARY KEY (case_id, started_at)
);

CREATE TABLE assessments (
    id          BIGSERIAL PRIMARY KEY,
    case_id     UUID NOT NULL REFERENCES cases (id),
    findings    TEXT NOT NULL,
    needs       TEXT NOT NULL,
    -- JSON array of intervention types.
    recommended TEXT NOT NULL,
    assessed_by TEXT NOT NULL,
    assessed_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX assessments_case_idx ON assessments (case_id, id);

CREATE TABLE interventions (
    id          BIGSERIAL PRIMARY KEY,
    case_id     UUID NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    quantity    BIGINT NOT NULL,
    unit        TEXT,
    given_on    DATE NOT NULL,
    given_by    TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT interventions_kind_check CHECK (kind IN ('dukungan_hidup_layak', 'perawatan_pengasuhan', 'dukungan_keluarga', 'terapi_fisik', 'terapi_psikososial', 'terapi_mental_spiritual', 'pelatihan_vokasional', 'pembinaan_kewirausahaan', 'bantuan_sosial', 'dukungan_aksesibilitas', 'rujukan')),
    CONSTRAINT interventions_quantity_check CHECK (quantity >= 1)
);
CREATE INDEX interventions_case_idx ON interventions (case_id, id);

-- A hand-off to another agency: waiting (menunggu) until the agency accepts it (diterima) or
-- sends it back (dikembalikan).
CREATE TABLE referrals (
    id          BIGSERIAL PRIMARY KEY,
    case_id     UUID NOT NULL REFERENCES cases (id),
    agency_kind TEXT NOT NULL,
    agency_name TEXT NOT NULL,
    contact     TEXT,
    reason      TEXT,
    referred_at TIMESTAMPTZ NOT NULL,
    referred_by TEXT NOT NULL,
    state       TEXT NOT NULL,
    due_at      TIMESTAMPTZ,
    settled_at  TIMESTAMPTZ,
    settled_by  TEXT,
    CONSTRAINT referrals_state_check CHECK (state IN ('menunggu', 'diterima', 'dikembalikan'))
);
CREATE INDEX referrals_case_idx ON referrals (case_id, id);

-- Holidays and collective leave days added by an administrator, on top of data/calendar/.
CREATE TABLE holidays (
    date       DATE PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    CONSTRAINT holidays_kind_check CHECK (kind IN ('libur_nasional', 'cuti_bersama'))
);

-- Every SLA policy ever set; the newest row is in force (none: data/sla/policy.toml).
CREATE TABLE sla_policies (
    id         BIGSERIAL PRIMARY KEY,
    data       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- One satisfaction survey (SKM) per closed case; the link's token is kept only as a hash.
CREATE TABLE surveys (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    case_id     UUID NOT NULL REFERENCES cases (id),
    sentra_id   TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    answered_at TIMESTAMPTZ,
    u1 SMALLINT, u2 SMALLINT, u3 SMALLINT, u4 SMALLINT, u5 SMALLINT,
    u6 SMALLINT, u7 SMALLINT, u8 SMALLINT, u9 SMALLINT,
    comment     TEXT,
    CONSTRAINT surveys_case_key UNIQUE (case_id)
);
CREATE INDEX surveys_answered_idx ON surveys (sentra_id, answered_at);

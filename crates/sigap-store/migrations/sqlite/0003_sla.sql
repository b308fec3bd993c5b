-- The response record and the SLA clock: stage times, deadlines, pauses, assessments,
-- interventions, referrals, the holiday calendar, SLA policies and satisfaction surveys.
-- The PostgreSQL twin of this file has the same name, tables, columns and constraints.

-- SQLite cannot widen a CHECK constraint in place, so `cases` is rebuilt with the new status
-- `dirujuk` and the new columns, as https://www.sqlite.org/lang_altertable.html#otheralter
-- describes. `Store::migrate` runs SQLite migrations with foreign keys off (they can only be
-- switched outside a transaction) and checks them afterwards.
CREATE TABLE cases_new (
    id             BLOB PRIMARY KEY NOT NULL,
    ticket         TEXT NOT NULL,
    status         TEXT NOT NULL,
    channel        TEXT NOT NULL,
    complaint_type TEXT NOT NULL,
    description    TEXT NOT NULL,
    urgency        TEXT,
    confidential   BOOLEAN NOT NULL DEFAULT FALSE,
    address        TEXT,
    region_code    TEXT,
    latitude       DOUBLE PRECISION,
    longitude      DOUBLE PRECISION,
    duplicate_of   BLOB REFERENCES cases_new (id),
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    sentra_id      TEXT,
    routing        TEXT,
    verified_at        TEXT,
    assigned_at        TEXT,
    responded_at       TEXT,
    assessed_at        TEXT,
    closed_at          TEXT,
    -- Set while the case waits for the complainant (the clock is paused).
    waiting_since      TEXT,
    outcome            TEXT,
    -- Seconds from receipt to verification, first response and closure (KPI percentiles).
    verification_secs  BIGINT,
    response_secs      BIGINT,
    closure_secs       BIGINT,
    -- What the SLA policy last said (sigap_core::sla::Evaluation as JSON), the overall state,
    -- each stage's deadline, and when the sweep must look again.
    sla                TEXT,
    sla_state          TEXT,
    sla_check_at       TEXT,
    due_verifikasi     TEXT,
    due_respons        TEXT,
    due_asesmen        TEXT,
    due_penyelesaian   TEXT,
    -- The stages already escalated to supervisors, comma-separated (each escalates once).
    sla_escalated      TEXT NOT NULL DEFAULT '',
    CONSTRAINT cases_ticket_key UNIQUE (ticket),
    CONSTRAINT cases_status_check CHECK (status IN ('baru', 'terverifikasi', 'ditugaskan', 'ditangani', 'selesai', 'ditolak', 'duplikat', 'dirujuk')),
    CONSTRAINT cases_channel_check CHECK (channel IN ('web', 'operator', 'whatsapp', 'sms', 'email', 'api')),
    CONSTRAINT cases_type_check CHECK (complaint_type IN ('orang_rentan', 'bansos', 'layanan', 'lainnya')),
    CONSTRAINT cases_urgency_check CHECK (urgency IN ('high', 'normal'))
);
INSERT INTO cases_new (id, ticket, status, channel, complaint_type, description, urgency, confidential, address, region_code, latitude, longitude, duplicate_of, version, created_at, updated_at, sentra_id, routing)
    SELECT id, ticket, status, channel, complaint_type, description, urgency, confidential, address, region_code, latitude, longitude, duplicate_of, version, created_at, updated_at, sentra_id, routing FROM cases;
DROP TABLE cases;
ALTER TABLE cases_new RENAME TO cases;
CREATE INDEX cases_created_idx ON cases (created_at, id);
CREATE INDEX cases_status_created_idx ON cases (status, created_at);
CREATE INDEX cases_region_idx ON cases (region_code);
CREATE INDEX cases_sentra_idx ON cases (sentra_id, created_at);
CREATE INDEX cases_sla_check_idx ON cases (sla_check_at) WHERE sla_check_at IS NOT NULL;
-- Existing open cases get their clock on the first sweep.
UPDATE cases SET sla_check_at = created_at WHERE status NOT IN ('selesai', 'ditolak', 'duplikat');

CREATE TABLE case_pauses (
    case_id    BLOB NOT NULL REFERENCES cases (id),
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    reason     TEXT NOT NULL,
    PRIMARY KEY (case_id, started_at)
);

CREATE TABLE assessments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BLOB NOT NULL REFERENCES cases (id),
    findings    TEXT NOT NULL,
    needs       TEXT NOT NULL,
    -- JSON array of intervention types.
    recommended TEXT NOT NULL,
    assessed_by TEXT NOT NULL,
    assessed_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX assessments_case_idx ON assessments (case_id, id);

CREATE TABLE interventions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BLOB NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    description TEXT NOT NULL,
    quantity    BIGINT NOT NULL,
    unit        TEXT,
    given_on    TEXT NOT NULL,
    given_by    TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    CONSTRAINT interventions_kind_check CHECK (kind IN ('dukungan_hidup_layak', 'perawatan_pengasuhan', 'dukungan_keluarga', 'terapi_fisik', 'terapi_psikososial', 'terapi_mental_spiritual', 'pelatihan_vokasional', 'pembinaan_kewirausahaan', 'bantuan_sosial', 'dukungan_aksesibilitas', 'rujukan')),
    CONSTRAINT interventions_quantity_check CHECK (quantity >= 1)
);
CREATE INDEX interventions_case_idx ON interventions (case_id, id);

-- A hand-off to another agency: waiting (menunggu) until the agency accepts it (diterima) or
-- sends it back (dikembalikan).
CREATE TABLE referrals (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id     BLOB NOT NULL REFERENCES cases (id),
    agency_kind TEXT NOT NULL,
    agency_name TEXT NOT NULL,
    contact     TEXT,
    reason      TEXT,
    referred_at TEXT NOT NULL,
    referred_by TEXT NOT NULL,
    state       TEXT NOT NULL,
    due_at      TEXT,
    settled_at  TEXT,
    settled_by  TEXT,
    CONSTRAINT referrals_state_check CHECK (state IN ('menunggu', 'diterima', 'dikembalikan'))
);
CREATE INDEX referrals_case_idx ON referrals (case_id, id);

-- Holidays and collective leave days added by an administrator, on top of data/calendar/.
CREATE TABLE holidays (
    date       TEXT PRIMARY KEY NOT NULL,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT holidays_kind_check CHECK (kind IN ('libur_nasional', 'cuti_bersama'))
);

-- Every SLA policy ever set; the newest row is in force (none: data/sla/policy.toml).
CREATE TABLE sla_policies (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    data       TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- One satisfaction survey (SKM) per closed case; the link's token is kept only as a hash.
CREATE TABLE surveys (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    case_id     BLOB NOT NULL REFERENCES cases (id),
    sentra_id   TEXT,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    answered_at TEXT,
    u1 SMALLINT, u2 SMALLINT, u3 SMALLINT, u4 SMALLINT, u5 SMALLINT,
    u6 SMALLINT, u7 SMALLINT, u8 SMALLINT, u9 SMALLINT,
    comment     TEXT,
    CONSTRAINT surveys_case_key UNIQUE (case_id)
);
CREATE INDEX surveys_answered_idx ON surveys (sentra_id, answered_at);


-- Cases, the people in them, their labels and their append-only history.
-- The SQLite twin of this file has the same name, tables, columns and constraints.

CREATE TABLE cases (
    id             UUID PRIMARY KEY NOT NULL,
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
    duplicate_of   UUID REFERENCES cases (id),
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    CONSTRAINT cases_ticket_key UNIQUE (ticket),
    CONSTRAINT cases_status_check CHECK (status IN ('baru', 'terverifikasi', 'ditugaskan', 'ditangani', 'selesai', 'ditolak', 'duplikat')),
    CONSTRAINT cases_channel_check CHECK (channel IN ('web', 'operator', 'whatsapp', 'sms', 'email', 'api')),
    CONSTRAINT cases_type_check CHECK (complaint_type IN ('orang_rentan', 'bansos', 'layanan', 'lainnya')),
    CONSTRAINT cases_urgency_check CHECK (urgency IN ('high', 'normal'))
);
CREATE INDEX cases_created_idx ON cases (created_at, id);
CREATE INDEX cases_status_created_idx ON cases (status, created_at);
CREATE INDEX cases_region_idx ON cases (region_code text_pattern_ops);

CREATE TABLE case_categories (
    case_id  UUID NOT NULL REFERENCES cases (id),
    category TEXT NOT NULL,
    PRIMARY KEY (case_id, category)
);
CREATE INDEX case_categories_category_idx ON case_categories (category, case_id);

-- Personal data lives apart from the case so that it can be protected, shown by role and purged.
CREATE TABLE case_people (
    case_id         UUID NOT NULL REFERENCES cases (id),
    role            TEXT NOT NULL,
    name            TEXT,
    phone           TEXT,
    email           TEXT,
    nik             TEXT,
    age             INTEGER,
    sex             TEXT,
    anonymous       BOOLEAN NOT NULL DEFAULT FALSE,
    consent_contact BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (case_id, role),
    CONSTRAINT case_people_role_check CHECK (role IN ('reporter', 'beneficiary'))
);

CREATE TABLE case_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     UUID NOT NULL REFERENCES cases (id),
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    action      TEXT,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT
);
CREATE INDEX case_events_case_idx ON case_events (case_id, id);

CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'case_events is append-only';
END;
$$;
CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

CREATE TABLE idempotency_keys (
    key          TEXT PRIMARY KEY NOT NULL,
    request_hash TEXT NOT NULL,
    case_id      UUID NOT NULL REFERENCES cases (id),
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE ticket_counters (
    period      TEXT PRIMARY KEY NOT NULL,
    last_serial BIGINT NOT NULL
);

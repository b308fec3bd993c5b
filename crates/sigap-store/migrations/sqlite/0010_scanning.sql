-- The media scanner: sources with their health and claims, the items they yield (articles and
-- posts, analysed), and the candidates of the triage queue that items are grouped into.
-- The PostgreSQL twin of this file has the same name, tables, columns and constraints.

-- Cases found by the scanner come through a new channel, `media`. SQLite cannot widen a CHECK
-- constraint in place, so `cases` is rebuilt (as in 0003; foreign keys are off during
-- migrations and checked afterwards), with its indexes and search triggers.
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
    duplicate_of   BLOB REFERENCES cases (id),
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
    sla_flags          INTEGER,
    CONSTRAINT cases_ticket_key UNIQUE (ticket),
    CONSTRAINT cases_status_check CHECK (status IN ('baru', 'terverifikasi', 'ditugaskan', 'ditangani', 'selesai', 'ditolak', 'duplikat', 'dirujuk')),
    CONSTRAINT cases_channel_check CHECK (channel IN ('web', 'operator', 'whatsapp', 'sms', 'email', 'api', 'media')),
    CONSTRAINT cases_type_check CHECK (complaint_type IN ('orang_rentan', 'bansos', 'layanan', 'lainnya')),
    CONSTRAINT cases_urgency_check CHECK (urgency IN ('high', 'normal'))
);
INSERT INTO cases_new (id, ticket, status, channel, complaint_type, description, urgency, confidential, address, region_code, latitude, longitude, duplicate_of, version, created_at, updated_at, sentra_id, routing, verified_at, assigned_at, responded_at, assessed_at, closed_at, waiting_since, outcome, verification_secs, response_secs, closure_secs, sla, sla_state, sla_check_at, due_verifikasi, due_respons, due_asesmen, due_penyelesaian, sla_escalated, sla_flags)
    SELECT id, ticket, status, channel, complaint_type, description, urgency, confidential, address, region_code, latitude, longitude, duplicate_of, version, created_at, updated_at, sentra_id, routing, verified_at, assigned_at, responded_at, assessed_at, closed_at, waiting_since, outcome, verification_secs, response_secs, closure_secs, sla, sla_state, sla_check_at, due_verifikasi, due_respons, due_asesmen, due_penyelesaian, sla_escalated, sla_flags FROM cases;
-- The search view reads `cases`, and the triggers on `case_people` read the view: they go while
-- the table is swapped and come back unchanged (as 0007 made them).
DROP TRIGGER case_people_search_insert;
DROP TRIGGER case_people_search_update;
DROP TRIGGER case_people_search_delete;
DROP VIEW case_search_documents;
DROP TABLE cases;
ALTER TABLE cases_new RENAME TO cases;
CREATE VIEW case_search_documents AS
SELECT s.row_id, c.id AS case_id, c.ticket, c.description, coalesce(c.address, '') AS address,
       coalesce((SELECT group_concat(p.name, ' ') FROM case_people p WHERE p.case_id = c.id), '') AS names
FROM cases c JOIN case_search s ON s.case_id = c.id;
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
CREATE INDEX cases_created_idx ON cases (created_at, id);
CREATE INDEX cases_status_created_idx ON cases (status, created_at);
CREATE INDEX cases_region_idx ON cases (region_code);
CREATE INDEX cases_sla_check_idx ON cases (sla_check_at) WHERE sla_check_at IS NOT NULL;
CREATE INDEX cases_kpi_idx ON cases (sentra_id, created_at, status, channel, region_code, sla_flags,
    verification_secs, response_secs, closure_secs);
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
CREATE INDEX cases_open_idx ON cases (sla_state, region_code, sentra_id, status, verified_at,
    responded_at, assessed_at, closed_at, due_verifikasi, due_respons, due_asesmen,
    due_penyelesaian, ticket, id)
    WHERE status NOT IN ('selesai', 'ditolak', 'duplikat');
CREATE INDEX cases_closed_idx ON cases (closed_at) WHERE closed_at IS NOT NULL;

-- What the scanner reads: a feed, a news sitemap, a single page, a feed of social-media posts
-- (`social_feed`: its entries are posts, read from the feed alone), or a social-media source
-- (whose posts arrive through the signed webhook with `secret`, or a file import). Sources
-- start disabled. `failures` counts failed scans in a row; at the limit the source is paused
-- with `paused_reason` until an administrator enables it again.
CREATE TABLE sources (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    name            TEXT NOT NULL,
    url             TEXT NOT NULL,
    kind            TEXT NOT NULL,
    every_secs      BIGINT NOT NULL,
    enabled         BOOLEAN NOT NULL DEFAULT FALSE,
    -- HMAC-SHA256 key of a social source's webhook (hex); never shown after creation.
    secret          TEXT,
    -- Conditional GET: what the last successful fetch returned.
    etag            TEXT,
    last_modified   TEXT,
    body_hash       TEXT,
    next_scan_at    TEXT NOT NULL,
    -- The worker scanning it now, until when (a crashed worker's claim runs out).
    claimed_by      TEXT,
    claim_expires   TEXT,
    last_scan_at    TEXT,
    last_success_at TEXT,
    last_error      TEXT,
    last_error_at   TEXT,
    failures        INTEGER NOT NULL DEFAULT 0,
    paused_reason   TEXT,
    items_seen      BIGINT NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    CONSTRAINT sources_url_key UNIQUE (url),
    CONSTRAINT sources_kind_check CHECK (kind IN ('feed', 'sitemap', 'page', 'social', 'social_feed')),
    CONSTRAINT sources_every_check CHECK (every_secs >= 60)
);
CREATE INDEX sources_due_idx ON sources (next_scan_at) WHERE enabled;

-- A candidate case in the triage queue: one incident, with the items that report it. An
-- operator accepts it (a case is made: `case_id`), merges it into an existing case
-- (`case_id`), or dismisses it with a reason. The decision is labelled feedback for training.
CREATE TABLE candidates (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    status       TEXT NOT NULL DEFAULT 'baru',
    title        TEXT NOT NULL,
    excerpt      TEXT NOT NULL,
    -- Comma-separated category slugs, as the analyser read the items.
    categories   TEXT NOT NULL,
    urgency      TEXT,
    score        DOUBLE PRECISION NOT NULL,
    -- The analyser's place (its JSON), the most precise code, and the Sentra routing chose.
    location     TEXT,
    region_code  TEXT,
    sentra_id    TEXT,
    sentra_name  TEXT,
    case_id      BLOB REFERENCES cases (id),
    decided_by   TEXT,
    decided_at   TEXT,
    reason       TEXT,
    auto         BOOLEAN NOT NULL DEFAULT FALSE,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CONSTRAINT candidates_status_check CHECK (status IN ('baru', 'diterima', 'digabung', 'ditolak')),
    CONSTRAINT candidates_urgency_check CHECK (urgency IN ('high', 'normal'))
);
CREATE INDEX candidates_queue_idx ON candidates (status, updated_at);

-- Every article or post the scanner kept, once (`key`: the canonical address, or
-- `platform:post_id` for a post), with what the analyser read in it.
CREATE TABLE media_items (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    key              TEXT NOT NULL,
    source_id        BIGINT REFERENCES sources (id),
    kind             TEXT NOT NULL,
    url              TEXT,
    title            TEXT,
    body             TEXT NOT NULL,
    author           TEXT,
    platform         TEXT,
    place            TEXT,
    latitude         DOUBLE PRECISION,
    longitude        DOUBLE PRECISION,
    published_at     TEXT,
    fetched_at       TEXT NOT NULL,
    actionable       BOOLEAN NOT NULL,
    actionable_score DOUBLE PRECISION NOT NULL,
    categories       TEXT NOT NULL,
    urgency          TEXT,
    location         TEXT,
    candidate_id     BIGINT REFERENCES candidates (id),
    case_id          BLOB REFERENCES cases (id),
    CONSTRAINT media_items_key_key UNIQUE (key),
    CONSTRAINT media_items_kind_check CHECK (kind IN ('article', 'post'))
);
CREATE INDEX media_items_fetched_idx ON media_items (fetched_at);
CREATE INDEX media_items_candidate_idx ON media_items (candidate_id) WHERE candidate_id IS NOT NULL;
CREATE INDEX media_items_case_idx ON media_items (case_id) WHERE case_id IS NOT NULL;

-- Inbound webhook deliveries already taken (replay protection), kept for a day.
CREATE TABLE webhook_nonces (
    source_id   BIGINT NOT NULL REFERENCES sources (id),
    nonce       TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (source_id, nonce)
);

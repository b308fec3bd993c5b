-- Notifications: the addresses they go to, the outbox filled from the case history, every
-- delivery attempt, and the notifier's place in the history.
-- The PostgreSQL twin of this file has the same name, tables, columns and constraints.

-- PostgreSQL records the transaction that wrote each history entry (see its twin). SQLite has
-- one writer at a time, so ids are handed out in commit order and the column stays empty.
ALTER TABLE case_events ADD COLUMN tx_id BIGINT;

-- Where a background job stands in an ordered log (the notifier in case_events).
CREATE TABLE job_cursors (
    name          TEXT PRIMARY KEY NOT NULL,
    last_tx       BIGINT NOT NULL DEFAULT 0,
    last_event_id BIGINT NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL
);
-- History written before notifications existed is not announced.
INSERT INTO job_cursors (name, last_tx, last_event_id, updated_at)
SELECT 'notifier', 0, COALESCE(MAX(id), 0), strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now') FROM case_events;

-- Addresses kept by the administrator: a Sentra's, the supervisors', and the WhatsApp/SMS
-- gateways that message complainants. Removed targets stay (outbox rows name them).
CREATE TABLE notification_targets (
    id         BLOB PRIMARY KEY NOT NULL,
    audience   TEXT NOT NULL,
    sentra_id  TEXT REFERENCES sentra (id),
    channel    TEXT NOT NULL,
    -- An e-mail address, or the webhook's URL.
    address    TEXT NOT NULL,
    -- The webhook's signing secret (HMAC-SHA256); none for e-mail.
    secret     TEXT,
    label      TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    removed_at TEXT,
    removed_by TEXT,
    CONSTRAINT notification_targets_audience_check CHECK (audience IN ('sentra', 'supervisors', 'complainant_phone')),
    CONSTRAINT notification_targets_channel_check CHECK (channel IN ('email', 'webhook')),
    CONSTRAINT notification_targets_sentra_check CHECK ((audience = 'sentra') = (sentra_id IS NOT NULL)),
    CONSTRAINT notification_targets_secret_check CHECK ((channel = 'webhook') = (secret IS NOT NULL)),
    CONSTRAINT notification_targets_phone_check CHECK (audience <> 'complainant_phone' OR channel = 'webhook')
);
CREATE UNIQUE INDEX notification_targets_active_key
    ON notification_targets (audience, COALESCE(sentra_id, ''), channel, address) WHERE removed_at IS NULL;

-- The outbox: one row per message and address, written in the same transaction that moves
-- the notifier's cursor (or by a direct enqueue), delivered by the workers.
CREATE TABLE notifications (
    id              BLOB PRIMARY KEY NOT NULL,
    -- Makes filling idempotent: `e<event>:<kind>:<audience>:<address>`, or the caller's key.
    dedupe_key      TEXT NOT NULL,
    case_id         BLOB REFERENCES cases (id),
    event_id        BIGINT,
    kind            TEXT NOT NULL,
    audience        TEXT NOT NULL,
    sentra_id       TEXT,
    channel         TEXT NOT NULL,
    target_id       BLOB REFERENCES notification_targets (id),
    -- The e-mail address or the webhook URL, as it was when the message was queued.
    recipient       TEXT NOT NULL,
    -- For a WhatsApp/SMS gateway: the complainant's number.
    phone           TEXT,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    link            TEXT,
    -- The ticket and status as the webhook body carries them (JSON).
    data            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    -- A worker's lease: until then no other worker takes the row.
    claimed_until   TEXT,
    claim_token     BLOB,
    created_at      TEXT NOT NULL,
    finished_at     TEXT,
    last_error      TEXT,
    CONSTRAINT notifications_dedupe_key UNIQUE (dedupe_key),
    CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
    CONSTRAINT notifications_channel_check CHECK (channel IN ('email', 'webhook')),
    CONSTRAINT notifications_audience_check CHECK (audience IN ('sentra', 'supervisors', 'complainant'))
);
CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_case_idx ON notifications (case_id, created_at);
CREATE INDEX notifications_created_idx ON notifications (created_at, id);

-- Every delivery attempt, kept.
CREATE TABLE notification_attempts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    notification_id BLOB NOT NULL REFERENCES notifications (id),
    attempt         INTEGER NOT NULL,
    started_at      TEXT NOT NULL,
    duration_ms     BIGINT NOT NULL,
    outcome         TEXT NOT NULL,
    http_status     INTEGER,
    smtp_reply      TEXT,
    error           TEXT,
    worker          TEXT NOT NULL,
    CONSTRAINT notification_attempts_outcome_check CHECK (outcome IN ('sent', 'retry', 'failed'))
);
CREATE INDEX notification_attempts_notification_idx ON notification_attempts (notification_id, id);

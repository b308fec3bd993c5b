-- Inbound channels (WhatsApp, SMS, e-mail): the messages taken (for idempotency, joining
-- consecutive messages and e-mail threads to one case), what they carried (attachments, by
-- reference or content), and each channel's health for administrators.
-- The PostgreSQL twin of this file has the same name, tables, columns and constraints.

-- One row per provider message. The sender is kept only as a keyed hash (enough to find the
-- sender's open conversation); the case holds the contact the complainant gave.
CREATE TABLE channel_messages (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    channel      TEXT NOT NULL,
    -- The provider's id of the message (WhatsApp `wamid…`, the SMS gateway's id, the
    -- e-mail's Message-ID): the same id twice has one effect.
    provider_id  TEXT NOT NULL,
    sender_hash  TEXT NOT NULL,
    -- An e-mail's own Message-ID (normalised, without <>), matched by later replies.
    thread_ref   TEXT,
    kind         TEXT NOT NULL,
    case_id      BLOB REFERENCES cases (id),
    -- True when the message joined an open case rather than opening one.
    joined       BOOLEAN NOT NULL DEFAULT FALSE,
    received_at  TEXT NOT NULL,
    CONSTRAINT channel_messages_provider_key UNIQUE (channel, provider_id),
    CONSTRAINT channel_messages_channel_check CHECK (channel IN ('whatsapp', 'sms', 'email'))
);
CREATE INDEX channel_messages_sender_idx ON channel_messages (channel, sender_hash, received_at);
CREATE INDEX channel_messages_thread_idx ON channel_messages (thread_ref) WHERE thread_ref IS NOT NULL;
CREATE INDEX channel_messages_case_idx ON channel_messages (case_id) WHERE case_id IS NOT NULL;

-- What a message carried besides text: a WhatsApp image by its media id (never downloaded),
-- an e-mail attachment with its content (capped in size by the server).
CREATE TABLE channel_attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id   BIGINT NOT NULL REFERENCES channel_messages (id),
    case_id      BLOB NOT NULL REFERENCES cases (id),
    media_ref    TEXT,
    filename     TEXT,
    content_type TEXT,
    caption      TEXT,
    size_bytes   BIGINT NOT NULL DEFAULT 0,
    content      BLOB,
    created_at   TEXT NOT NULL
);
CREATE INDEX channel_attachments_case_idx ON channel_attachments (case_id);

-- Each channel's counters and last message and error.
CREATE TABLE channel_health (
    channel         TEXT PRIMARY KEY NOT NULL,
    received        BIGINT NOT NULL DEFAULT 0,
    cases_created   BIGINT NOT NULL DEFAULT 0,
    joined          BIGINT NOT NULL DEFAULT 0,
    duplicates      BIGINT NOT NULL DEFAULT 0,
    rejected        BIGINT NOT NULL DEFAULT 0,
    last_message_at TEXT,
    last_error      TEXT,
    last_error_at   TEXT,
    CONSTRAINT channel_health_channel_check CHECK (channel IN ('whatsapp', 'sms', 'email'))
);
INSERT INTO channel_health (channel) VALUES ('whatsapp'), ('sms'), ('email');

-- Signed gateway deliveries already taken (SMS, e-mail; replay protection), kept for a day.
CREATE TABLE channel_nonces (
    channel     TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (channel, nonce)
);

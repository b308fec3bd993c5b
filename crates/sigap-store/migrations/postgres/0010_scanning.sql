-- The media scanner: sources with their health and claims, the items they yield (articles and
-- posts, analysed), and the candidates of the triage queue that items are grouped into.
-- The SQLite twin of this file has the same name, tables, columns and constraints.

-- Cases found by the scanner come through a new channel, `media`.
ALTER TABLE cases DROP CONSTRAINT cases_channel_check;
ALTER TABLE cases ADD CONSTRAINT cases_channel_check
    CHECK (channel IN ('web', 'operator', 'whatsapp', 'sms', 'email', 'api', 'media'));

-- What the scanner reads: a feed, a news sitemap, a single page, a feed of social-media posts
-- (`social_feed`: its entries are posts, read from the feed alone), or a social-media source
-- (whose posts arrive through the signed webhook with `secret`, or a file import). Sources
-- start disabled. `failures` counts failed scans in a row; at the limit the source is paused
-- with `paused_reason` until an administrator enables it again.
CREATE TABLE sources (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    next_scan_at    TIMESTAMPTZ NOT NULL,
    -- The worker scanning it now, until when (a crashed worker's claim runs out).
    claimed_by      TEXT,
    claim_expires   TIMESTAMPTZ,
    last_scan_at    TIMESTAMPTZ,
    last_success_at TIMESTAMPTZ,
    last_error      TEXT,
    last_error_at   TIMESTAMPTZ,
    failures        INTEGER NOT NULL DEFAULT 0,
    paused_reason   TEXT,
    items_seen      BIGINT NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL,
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
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    case_id      UUID REFERENCES cases (id),
    decided_by   TEXT,
    decided_at   TIMESTAMPTZ,
    reason       TEXT,
    auto         BOOLEAN NOT NULL DEFAULT FALSE,
    version      BIGINT NOT NULL DEFAULT 1,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    CONSTRAINT candidates_status_check CHECK (status IN ('baru', 'diterima', 'digabung', 'ditolak')),
    CONSTRAINT candidates_urgency_check CHECK (urgency IN ('high', 'normal'))
);
CREATE INDEX candidates_queue_idx ON candidates (status, updated_at);

-- Every article or post the scanner kept, once (`key`: the canonical address, or
-- `platform:post_id` for a post), with what the analyser read in it.
CREATE TABLE media_items (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    published_at     TIMESTAMPTZ,
    fetched_at       TIMESTAMPTZ NOT NULL,
    actionable       BOOLEAN NOT NULL,
    actionable_score DOUBLE PRECISION NOT NULL,
    categories       TEXT NOT NULL,
    urgency          TEXT,
    location         TEXT,
    candidate_id     BIGINT REFERENCES candidates (id),
    case_id          UUID REFERENCES cases (id),
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
    received_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (source_id, nonce)
);

-- Accounts: users with roles, the Sentra a `sentra` user works for, browser sessions, API tokens
-- for integrations, and the audit log of who read whose personal data.
-- The SQLite twin of this file has the same name, tables, columns and constraints.

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    -- An argon2id PHC string (`$argon2id$v=19$m=…`).
    password_hash TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    -- Login throttling: failures since the last success, and the lock they earned.
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  TIMESTAMPTZ,
    created_at    TIMESTAMPTZ NOT NULL,
    created_by    TEXT NOT NULL,
    last_login_at TIMESTAMPTZ,
    CONSTRAINT users_username_key UNIQUE (username),
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'supervisor', 'operator', 'sentra', 'viewer'))
);

CREATE TABLE user_sentra (
    user_id   BIGINT NOT NULL REFERENCES users (id),
    sentra_id TEXT NOT NULL REFERENCES sentra (id),
    PRIMARY KEY (user_id, sentra_id)
);

-- A browser session. The cookie holds a random secret; only its SHA-256 is kept.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY NOT NULL,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    -- The form token that proves a request came from Sigap's own pages.
    csrf_token   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- A bearer token for an integration, acting as its user. Only its SHA-256 is kept.
CREATE TABLE api_tokens (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Who read or changed what: every view of a case's personal data, sign-ins, account changes.
CREATE TABLE audit_log (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at       TIMESTAMPTZ NOT NULL,
    user_id  BIGINT REFERENCES users (id),
    -- Kept as written, so the log reads the same after a user is renamed.
    username TEXT NOT NULL,
    action   TEXT NOT NULL,
    case_id  UUID,
    detail   TEXT
);
CREATE INDEX audit_log_case_idx ON audit_log (case_id, at);
CREATE INDEX audit_log_at_idx ON audit_log (at);

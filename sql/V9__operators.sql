-- Operators of the web console and their sign-in sessions. Kept in PostgreSQL so every instance
-- behind one load balancer knows the same people and sessions.

CREATE TABLE operator (
    id              BIGSERIAL PRIMARY KEY,
    name            VARCHAR(100) NOT NULL,
    -- Argon2id in the PHC string format ($argon2id$v=19$m=...,t=...,p=...$salt$hash): the
    -- parameters travel with the hash, so they can be raised later without a migration.
    password_hash   VARCHAR(255) NOT NULL,
    active          BOOLEAN      NOT NULL DEFAULT TRUE,
    -- Wrong passwords in a row; past a few, sign-ins wait until throttled_until.
    failed_sign_ins INTEGER      NOT NULL DEFAULT 0,
    throttled_until TIMESTAMP WITH TIME ZONE,
    last_sign_in_at TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT operator_name_key UNIQUE (name)
);

CREATE TABLE console_session (
    -- SHA-256 of the cookie's token, hex: a copy of this table signs nobody in.
    token_hash   VARCHAR(64)  PRIMARY KEY,
    operator_id  BIGINT       NOT NULL REFERENCES operator (id) ON DELETE CASCADE,
    -- Sent back in every form of this session; a request without it changes nothing.
    csrf_token   VARCHAR(64)  NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
-- Expired sessions are swept by their last activity.
CREATE INDEX console_session_last_seen_idx ON console_session (last_seen_at);
CREATE INDEX console_session_operator_idx ON console_session (operator_id);

-- The console's chart counts failures of the last 24 hours by the time of their last attempt.
CREATE INDEX message_failed_send_at_idx ON message_queue (send_at) WHERE status = 'failed';

-- The single source of the schema: Flyway applies it at start-up, jOOQ generates classes from it.

CREATE TABLE client (
    id            BIGSERIAL PRIMARY KEY,
    client_name   VARCHAR(100) NOT NULL,
    -- SHA-256 of the key, hex; the key itself is shown once and never stored.
    api_key_hash  VARCHAR(64)  NOT NULL,
    -- First characters of the key, so an operator can tell keys apart without knowing them.
    api_key_prefix VARCHAR(12) NOT NULL,
    active        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT client_name_key UNIQUE (client_name),
    CONSTRAINT client_api_key_hash_key UNIQUE (api_key_hash)
);

CREATE TABLE contact (
    id         BIGSERIAL PRIMARY KEY,
    client_id  BIGINT       NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    name       VARCHAR(200) NOT NULL,
    -- E.164, e.g. +972501234567
    phone      VARCHAR(16)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT contact_client_phone_key UNIQUE (client_id, phone)
);

CREATE TABLE message_queue (
    id              BIGSERIAL PRIMARY KEY,
    client_id       BIGINT       NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    contact_id      BIGINT       NOT NULL REFERENCES contact (id),
    text            TEXT         NOT NULL,
    status          VARCHAR(10)  NOT NULL DEFAULT 'pending',
    error_reason    TEXT,
    attempts        INTEGER      NOT NULL DEFAULT 0,
    -- When the message is due: the scheduled time, or the next retry.
    send_at         TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    claimed_by      VARCHAR(100),
    lease_until     TIMESTAMP WITH TIME ZONE,
    -- How often a dead instance's lease expired on this message: each one means the
    -- message may have reached the phone twice, which a person will notice.
    rescued         INTEGER      NOT NULL DEFAULT 0,
    idempotency_key VARCHAR(255),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    sent_at         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT message_status_check
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
    CONSTRAINT message_client_idempotency_key UNIQUE (client_id, idempotency_key)
);

-- The claim reads only due pending rows; a partial index keeps it cheap however many
-- sent rows pile up.
CREATE INDEX message_due_idx ON message_queue (send_at, id) WHERE status = 'pending';
-- The rescuer looks for expired leases among the few rows in flight.
CREATE INDEX message_sending_lease_idx ON message_queue (lease_until) WHERE status = 'sending';
CREATE INDEX message_client_created_idx ON message_queue (client_id, id);
CREATE INDEX message_contact_idx ON message_queue (contact_id);

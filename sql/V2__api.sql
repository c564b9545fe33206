-- The integration API: per-client quotas, idempotency keys, indexes for listing and counting.

-- NULL means the service-wide default (WA_QUOTA_PER_MINUTE / WA_QUOTA_PER_DAY); 0 means no limit.
ALTER TABLE client ADD COLUMN quota_per_minute INTEGER;
ALTER TABLE client ADD COLUMN quota_per_day INTEGER;
ALTER TABLE client ADD CONSTRAINT client_quota_per_minute_check CHECK (quota_per_minute >= 0);
ALTER TABLE client ADD CONSTRAINT client_quota_per_day_check CHECK (quota_per_day >= 0);

-- One row per Idempotency-Key a client has used on a POST that creates messages. The row is
-- inserted in the same transaction as the messages, so a concurrent request with the same key
-- waits on the primary key until the first commits (then replays its answer) or rolls back
-- (then does the work itself): exactly one of them creates anything.
CREATE TABLE idempotency_key (
    client_id     BIGINT       NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    idem_key      VARCHAR(255) NOT NULL,
    -- SHA-256 of method, path and the request body as parsed, to tell "the same request again"
    -- from "another request reusing a key".
    request_hash  VARCHAR(64)  NOT NULL,
    -- Filled in before the same transaction commits; a committed row always has them.
    response_status INTEGER,
    response_body TEXT,
    response_location VARCHAR(255),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_key_pkey PRIMARY KEY (client_id, idem_key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);

-- Quotas count a client's messages created in the last minute and day.
CREATE INDEX message_client_created_at_idx ON message_queue (client_id, created_at);
-- Listing contacts of a client in id order (the unique key covers phone lookups).
CREATE INDEX contact_client_id_idx ON contact (client_id, id);
-- The admin statistics count sends of the last hour.
CREATE INDEX message_sent_at_idx ON message_queue (sent_at) WHERE status = 'sent';

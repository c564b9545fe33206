-- Webhooks (issue 13): endpoints per client, an outbox of events written in the same transaction as
-- the status change they tell of, and one delivery per event and target with its attempts.

-- Where a client wants to be told. The secret signs by the Standard Webhooks rules, so it is kept
-- as it is (an HMAC key cannot be hashed); it is shown once, in the answer that made it.
CREATE TABLE webhook_endpoint (
    id                    BIGSERIAL PRIMARY KEY,
    client_id             BIGINT        NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    url                   VARCHAR(2000) NOT NULL,
    -- The event types it wants; empty means all of them.
    events                TEXT ARRAY    NOT NULL DEFAULT ARRAY[]::TEXT[],
    -- whsec_ + base64 of 24 random bytes.
    secret                VARCHAR(100)  NOT NULL,
    -- After a rotation the old secret also signs until previous_secret_until, so receivers can
    -- switch without losing an event.
    previous_secret       VARCHAR(100),
    previous_secret_until TIMESTAMP WITH TIME ZONE,
    enabled               BOOLEAN       NOT NULL DEFAULT TRUE,
    -- Why it was disabled (by an operator, or by the dispatcher after failing for too long).
    disabled_reason       TEXT,
    -- Since when every attempt failed; null after a 2xx. Past WA_WEBHOOK_DISABLE_AFTER it is
    -- disabled.
    failing_since         TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
-- Listing a client's endpoints, and finding them when its message changes status (each status
-- change of a message with webhooks reads them).
CREATE INDEX webhook_endpoint_client_idx ON webhook_endpoint (client_id, id);

-- The secret that signs deliveries to a message's own callback_url: one per client, made on the
-- first event that needs it or by POST /admin/clients/{name}/callback-secret (which shows it).
CREATE TABLE webhook_callback_secret (
    client_id             BIGINT       NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    secret                VARCHAR(100) NOT NULL,
    previous_secret       VARCHAR(100),
    previous_secret_until TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT webhook_callback_secret_pkey PRIMARY KEY (client_id)
);

-- A message may carry its own URL to be told at (signed with its client's callback secret).
ALTER TABLE message_queue ADD COLUMN callback_url VARCHAR(2000);

-- The outbox: one row per thing that happened, written in the transaction that made it happen.
CREATE TABLE webhook_event (
    -- evt_ + a random UUID: the webhook-id header, by which receivers deduplicate.
    id           VARCHAR(40)  PRIMARY KEY,
    type         VARCHAR(40)  NOT NULL,
    -- Null for the service's own events (session.state_changed).
    client_id    BIGINT       REFERENCES client (id) ON DELETE CASCADE,
    message_id   BIGINT       REFERENCES message_queue (id) ON DELETE CASCADE,
    session_name VARCHAR(100),
    -- The body as sent, byte for byte: text rather than jsonb, which would reorder its keys and
    -- re-space it, so every retry carries the bytes the first attempt did.
    payload      TEXT         NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()
);
-- The hourly purge of events older than WA_WEBHOOK_KEEP.
CREATE INDEX webhook_event_created_idx ON webhook_event (created_at);
-- GET /messages/{id} lists the message's events (only rows of messages, hence partial).
CREATE INDEX webhook_event_message_idx ON webhook_event (message_id) WHERE message_id IS NOT NULL;

-- One event to one target: an endpoint (endpoint_id), or a URL of its own (url: a message's
-- callback_url, or WA_SESSION_WEBHOOK_URL). Claimed with FOR UPDATE SKIP LOCKED as the queue
-- claims messages; every write after the claim is fenced on claim_token.
CREATE TABLE webhook_delivery (
    id              BIGSERIAL    PRIMARY KEY,
    event_id        VARCHAR(40)  NOT NULL REFERENCES webhook_event (id) ON DELETE CASCADE,
    endpoint_id     BIGINT       REFERENCES webhook_endpoint (id) ON DELETE CASCADE,
    url             VARCHAR(2000),
    -- Copied from the event: the events of one message go to one target in order, so a delivery
    -- waits while an earlier one of the same message and target is undelivered.
    message_id      BIGINT,
    state           VARCHAR(12)  NOT NULL DEFAULT 'pending',
    attempts        INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- No attempt after this: the delivery is dead (WA_WEBHOOK_MAX_AGE after it was made, or after
    -- an operator redelivered it).
    give_up_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by      VARCHAR(100),
    claim_token     BIGINT,
    lease_until     TIMESTAMP WITH TIME ZONE,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    TIMESTAMP WITH TIME ZONE,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT webhook_delivery_state_check
        CHECK (state IN ('pending', 'delivering', 'delivered', 'dead')),
    CONSTRAINT webhook_delivery_target_check CHECK (endpoint_id IS NOT NULL OR url IS NOT NULL)
);
CREATE SEQUENCE webhook_claim_token_seq;
-- The dispatcher's claim reads only due pending rows, as message_due_idx does for the queue.
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at, id)
    WHERE state = 'pending';
-- The rescuer looks for expired leases among the few rows in flight.
CREATE INDEX webhook_delivery_lease_idx ON webhook_delivery (lease_until)
    WHERE state = 'delivering';
-- "Is an earlier event of this message to this target still undelivered?", asked for every
-- candidate of a claim, among the undelivered rows only.
CREATE INDEX webhook_delivery_message_idx ON webhook_delivery (message_id, id)
    WHERE state IN ('pending', 'delivering');
-- The metric of the oldest undelivered event: the first undelivered row by id, among those only.
CREATE INDEX webhook_delivery_undelivered_idx ON webhook_delivery (id)
    WHERE state IN ('pending', 'delivering');
-- The operator's list of an endpoint's deliveries by state, newest first, and redelivering its
-- dead ones; also the foreign key when an endpoint is deleted.
CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, state, id);
-- GET /messages/{id}: the deliveries of the message's events; also the foreign key.
CREATE INDEX webhook_delivery_event_idx ON webhook_delivery (event_id);

-- Every attempt of a delivery: when, what came back, how long it took.
CREATE TABLE webhook_attempt (
    id           BIGSERIAL PRIMARY KEY,
    delivery_id  BIGINT    NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempted_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- Null when no answer came (refused, timed out).
    status_code  INTEGER,
    error        TEXT,
    duration_ms  INTEGER   NOT NULL
);
-- A delivery's attempts in order (the operator's view); also the foreign key.
CREATE INDEX webhook_attempt_delivery_idx ON webhook_attempt (delivery_id, id);

-- Quotas decided at constant cost, and fewer writes per message (issue 15).

-- One row per client with a quota: for each window, the moment the client's allowance is whole
-- again (the generic cell rate algorithm: a token bucket kept as one timestamp). Each message
-- pushes it window/limit later, starting from now when it lies in the past; a request fits while
-- it stays within one window of now. Deciding a quota reads and writes this one row, locked in the
-- transaction that stores the messages, however many messages the client has sent.
CREATE TABLE quota_bucket (
    client_id      BIGINT NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    minute_full_at TIMESTAMP WITH TIME ZONE NOT NULL,
    day_full_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT quota_bucket_pkey PRIMARY KEY (client_id)
);

-- Quotas no longer count messages, so nothing reads this index; every message wrote it three
-- times (insert, claim, sent: each update of a row whose status is in a partial index's predicate
-- writes a new entry in every index).
DROP INDEX message_client_created_at_idx;

-- A key's row is now written once, with its answer, in the transaction that stores the messages.
ALTER TABLE idempotency_key ALTER COLUMN response_status SET NOT NULL;
ALTER TABLE idempotency_key ALTER COLUMN response_body SET NOT NULL;

-- The indexes that stay, and the query each one serves (V3 dropped the unique index of the
-- never-written message_queue.idempotency_key; later migrations justify their own):
--   message_queue_pkey (id)                       every read and update of one message
--   message_due_idx (send_at, id) pending         the worker's claim
--   message_sending_lease_idx (lease_until)       the rescuer: expired leases among rows in flight
--   message_client_created_idx (client_id, id)    GET /messages: a client's messages, newest first
--   message_contact_idx (contact_id)              deleting a contact (its messages, the foreign key)
--   message_sent_at_idx (sent_at) sent            admin statistics: sends of the last hour
--   contact_pkey (id), contact_client_phone_key   a contact by id; by phone when a message names one
--   contact_client_id_idx (client_id, id)         GET /contacts in id order
--   idempotency_key_pkey (client_id, idem_key)    a key's stored answer
--   idempotency_key_created_idx (created_at)      the hourly purge of expired keys
--   quota_bucket_pkey (client_id)                 a client's quota

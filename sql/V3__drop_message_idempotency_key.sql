-- Idempotency keys live in their own table (idempotency_key, V2), which stores the answer to
-- replay; the column on message_queue was never written. Dropping it drops its unique
-- constraint too; named here so the intent is plain.
ALTER TABLE message_queue DROP CONSTRAINT message_client_idempotency_key;
ALTER TABLE message_queue DROP COLUMN idempotency_key;

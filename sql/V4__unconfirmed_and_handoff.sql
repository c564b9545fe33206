-- Never send a message twice (issue 8).

-- 'unconfirmed': Enter was pressed (the page has the message) but no tick was seen. Terminal:
-- never sent again by itself; an operator may retry it on purpose. Eleven characters, so the
-- column grows.
ALTER TABLE message_queue DROP CONSTRAINT message_status_check;
ALTER TABLE message_queue ALTER COLUMN status TYPE VARCHAR(12);
ALTER TABLE message_queue ADD CONSTRAINT message_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'unconfirmed'));

-- A fencing token per claim, as db-scheduler's version: every write after the claim names it,
-- so a late writer (an instance whose lease expired, or another process that was given the
-- same WA_INSTANCE_ID) changes nothing.
CREATE SEQUENCE message_claim_token_seq;
ALTER TABLE message_queue ADD COLUMN claim_token BIGINT;

-- Written, and committed, just before the sender presses Enter: from then on the message may be
-- on the phone. A rescuer that finds it set on an abandoned claim ends the message 'unconfirmed'
-- instead of sending it again; without it the claim never got that far and goes back to pending.
ALTER TABLE message_queue ADD COLUMN handoff_at TIMESTAMP WITH TIME ZONE;

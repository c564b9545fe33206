-- Receipts (issue 22): after its single tick a message of ours goes on to two ticks (delivered to
-- the phone) and " Read " (the recipient opened the chat), as WhatsApp Web shows them. The status
-- only moves forward: sent -> delivered -> read (a read seen first sets both times).

ALTER TABLE message_queue DROP CONSTRAINT message_status_check;
ALTER TABLE message_queue ADD CONSTRAINT message_status_check
    CHECK (status IN ('pending', 'sending', 'sent', 'delivered', 'read', 'failed', 'cancelled',
                      'unconfirmed'));

-- The message's key in WhatsApp, as its bubble's data-id gives it at the confirmation: a bare id
-- ("2A327AC82CD56D95E087") on 2026 pages, "true_<chat>_<id>" on older ones. Every receipt is
-- matched on it, never on the text. Null for senders without a page (WA_SENDER=log) and for
-- messages sent before this column existed.
ALTER TABLE message_queue ADD COLUMN wa_message_id VARCHAR(200);
-- When two ticks, and " Read ", were first seen for it (database clock), or, for "read implies
-- earlier read", when a later message of the same chat was seen read.
ALTER TABLE message_queue ADD COLUMN delivered_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE message_queue ADD COLUMN read_at TIMESTAMP WITH TIME ZONE;

-- A tick seen in a session's page is matched to its message by (session, wa_message_id): one
-- index lookup per observation. Partial: messages without a key are never looked up this way.
CREATE INDEX message_wa_id_idx ON message_queue (session_name, wa_message_id)
    WHERE wa_message_id IS NOT NULL;

-- A session's recent messages short of read, newest first: the chat-list pass matches each row to
-- the newest such message of its chat, "read implies earlier read" marks the older ones of a chat,
-- and the revisits pick chats whose messages sent within WA_RECEIPTS_WINDOW still wait. Partial on
-- the two statuses that can still move, so it holds only the few messages in flight, not the
-- history piling up as read (each receipt takes its row out of it).
CREATE INDEX message_unread_idx ON message_queue (session_name, sent_at)
    WHERE status IN ('sent', 'delivered');

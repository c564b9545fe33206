-- Whether a phone number is on WhatsApp, as WhatsApp Web answered (a number check, or a send that
-- opened the chat or met the "not on WhatsApp" popup). Answers are trusted for WA_NUMBER_CHECK_TTL
-- after checked_at; an older row counts as unknown and is overwritten by the next check.
-- A number's presence on WhatsApp is the same for every client and every linked account, so it is
-- kept once per number.

CREATE TABLE number_check (
    -- E.164 ("+972501234567"), as contacts and messages hold it. The primary key's index is the
    -- one lookup the worker makes before each send, and the cache lookup of the check routes.
    phone       VARCHAR(32) PRIMARY KEY,
    on_whatsapp BOOLEAN     NOT NULL,
    checked_at  TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- Which linked account's page answered ('default' until several sessions run).
    checked_by  VARCHAR(100) NOT NULL DEFAULT 'default'
);

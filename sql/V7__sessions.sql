-- Several WhatsApp accounts (issue 11): each linked account is a session with a name, run by at
-- most one instance at a time under a lease, as the worker holds messages.

CREATE TABLE wa_session (
    name             VARCHAR(64)  NOT NULL,
    -- As the running instance last reported it (ready, qr_required, logged_out, ...); 'stopped'
    -- while no instance runs it.
    state            VARCHAR(20)  NOT NULL DEFAULT 'stopped',
    -- The linked account's number, once the page has told it.
    phone            VARCHAR(32),
    -- The instance running it (WA_INSTANCE_ID with its random suffix) and until when; another
    -- instance with room takes it over once lease_until has passed.
    instance_id      VARCHAR(100),
    lease_until      TIMESTAMP WITH TIME ZONE,
    heartbeat_at     TIMESTAMP WITH TIME ZONE,
    last_error       TEXT,
    -- The QR payload showing now, so any instance can draw it for the operator.
    qr               TEXT,
    -- restart, logout or resume, asked by an operator on any instance; the running instance takes
    -- it on its next heartbeat.
    command          VARCHAR(20),
    -- The login parts of the browser profile (IndexedDB and Local Storage of the WhatsApp origin),
    -- zipped, so the instance that takes the session over needs no new scan.
    profile          BYTEA,
    profile_saved_at TIMESTAMP WITH TIME ZONE,
    profile_size     INTEGER,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT wa_session_pkey PRIMARY KEY (name)
);

/* [jooq ignore start] */
INSERT INTO wa_session (name) VALUES ('default');
/* [jooq ignore stop] */

-- Every client sends from one session; existing clients from 'default', so a set-up that never
-- mentions sessions works as before.
ALTER TABLE client ADD COLUMN session_name VARCHAR(64) NOT NULL DEFAULT 'default';
ALTER TABLE client ADD CONSTRAINT client_session_fkey
    FOREIGN KEY (session_name) REFERENCES wa_session (name);

-- The other sessions a client may name on a message, set by the operator.
CREATE TABLE client_allowed_session (
    client_id    BIGINT      NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    session_name VARCHAR(64) NOT NULL,
    CONSTRAINT client_allowed_session_pkey PRIMARY KEY (client_id, session_name),
    CONSTRAINT client_allowed_session_session_fkey
        FOREIGN KEY (session_name) REFERENCES wa_session (name)
);
-- Deleting a session asks which clients may still use it.
CREATE INDEX client_allowed_session_session_idx ON client_allowed_session (session_name);

-- The session a message leaves from. No foreign key: a session's old messages must not keep an
-- operator from deleting it (deleting is refused while messages wait for it).
ALTER TABLE message_queue ADD COLUMN session_name VARCHAR(64) NOT NULL DEFAULT 'default';

-- The worker of a WhatsApp Web instance claims only the due messages of the sessions it runs and
-- that are ready. Walking message_due_idx in send_at order would step over every due message of a
-- session held back (logged out, run elsewhere) on each claim; this index goes straight to the
-- sessions asked for. message_due_idx stays for the claim of any session (WA_SENDER=log).
CREATE INDEX message_session_due_idx ON message_queue (session_name, send_at, id)
    WHERE status = 'pending';

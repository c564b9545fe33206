-- Files a client uploads once and sends many times (issue 23). A media belongs to one client and
-- is identified by its SHA-256 within that client: the same bytes uploaded again answer the same
-- row, stored once.
--
-- The bytes live in media_chunk rows (bytea, 512 KiB each) rather than in large objects:
-- - a chunk row goes with its media through ON DELETE CASCADE (and so with its client); a large
--   object outlives the row that points at it until someone runs lo_unlink or vacuumlo;
-- - an upload is one transaction: killed half way, PostgreSQL rolls every chunk back, and no
--   half media is ever visible;
-- - chunks are plain rows, read and written with the same jOOQ DSL and pool as the rest, copied
--   by pg_dump and streaming replication without --large-objects or per-object permissions;
-- - each chunk is read with its own small query, so a download holds neither a transaction nor
--   more than one chunk in the heap.

CREATE TABLE media (
    id           BIGSERIAL PRIMARY KEY,
    client_id    BIGINT       NOT NULL REFERENCES client (id) ON DELETE CASCADE,
    -- Hex SHA-256 of the bytes. NULL inside the uploading transaction, which sets it before it
    -- commits (the digest is known only once the last byte has arrived), and again once retention
    -- has purged the bytes (so the same bytes can be uploaded anew).
    sha256       VARCHAR(64),
    -- image, video, audio or document: which size limit applies and how the page sends it.
    kind         VARCHAR(10)  NOT NULL,
    content_type VARCHAR(127) NOT NULL,
    file_name    VARCHAR(255) NOT NULL,
    size_bytes   BIGINT       NOT NULL DEFAULT 0,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- When retention deleted the bytes (WA_MEDIA_RETENTION). The row stays while messages name it,
    -- so their history keeps its media_id; the media no longer exists for the API.
    purged_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT media_client_sha256_key UNIQUE (client_id, sha256),
    CONSTRAINT media_kind_check CHECK (kind IN ('image', 'video', 'audio', 'document'))
);

CREATE TABLE media_chunk (
    media_id BIGINT  NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    data     BYTEA   NOT NULL,
    CONSTRAINT media_chunk_pkey PRIMARY KEY (media_id, seq)
);
-- Photos, videos, audio and most documents are compressed already: storing chunks out of line
-- without trying to compress them again saves the CPU of a compression attempt per chunk.
/* [jooq ignore start] */
ALTER TABLE media_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
/* [jooq ignore stop] */

-- A message that sends a file: the media (the text is its caption) and whether a photo or video
-- goes as a document. A media still named by a message is never deleted (no ON DELETE).
ALTER TABLE message_queue ADD COLUMN media_id BIGINT REFERENCES media (id);
ALTER TABLE message_queue ADD COLUMN as_document BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX message_media_idx ON message_queue (media_id) WHERE media_id IS NOT NULL;

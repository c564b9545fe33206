package com.wagateway.media;

import static com.wagateway.db.schema.Tables.MEDIA;
import static com.wagateway.db.schema.Tables.MEDIA_CHUNK;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;

import com.wagateway.db.schema.tables.records.MediaRecord;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The media tables: rows and their chunks. Every read is scoped to the owning client. */
final class MediaStore {

  /** Starts a media inside the upload's transaction; its digest and size come at the end. */
  long insert(DSLContext tx, long clientId, String kind, String contentType, String fileName) {
    return tx.insertInto(MEDIA)
        .set(MEDIA.CLIENT_ID, clientId)
        .set(MEDIA.KIND, kind)
        .set(MEDIA.CONTENT_TYPE, contentType)
        .set(MEDIA.FILE_NAME, fileName)
        .returningResult(MEDIA.ID)
        .fetchOne()
        .value1();
  }

  void chunk(DSLContext tx, long mediaId, int seq, byte[] data) {
    tx.insertInto(MEDIA_CHUNK)
        .set(MEDIA_CHUNK.MEDIA_ID, mediaId)
        .set(MEDIA_CHUNK.SEQ, seq)
        .set(MEDIA_CHUNK.DATA, data)
        .execute();
  }

  void complete(DSLContext tx, long mediaId, String sha256, long size) {
    tx.update(MEDIA)
        .set(MEDIA.SHA256, sha256)
        .set(MEDIA.SIZE_BYTES, size)
        .where(MEDIA.ID.eq(mediaId))
        .execute();
  }

  /** The client's media with these bytes, other than {@code exceptId} (0: none). */
  Optional<MediaView> bySha(DSLContext db, long clientId, String sha256, long exceptId) {
    return db.selectFrom(MEDIA)
        .where(MEDIA.CLIENT_ID.eq(clientId))
        .and(MEDIA.SHA256.eq(sha256))
        .and(MEDIA.ID.ne(exceptId))
        .fetchOptional()
        .map(MediaStore::view);
  }

  Optional<MediaView> get(DSLContext db, long clientId, long id) {
    return db.selectFrom(MEDIA)
        .where(MEDIA.ID.eq(id))
        .and(MEDIA.CLIENT_ID.eq(clientId))
        .and(MEDIA.SHA256.isNotNull())
        .fetchOptional()
        .map(MediaStore::view);
  }

  /** A media by id alone: for the sender, whose message was checked against its owner. */
  Optional<MediaView> find(DSLContext db, long id) {
    return db.selectFrom(MEDIA)
        .where(MEDIA.ID.eq(id))
        .and(MEDIA.SHA256.isNotNull())
        .fetchOptional()
        .map(MediaStore::view);
  }

  /** Which of {@code ids} are media of {@code clientId}. */
  Set<Long> owned(DSLContext db, long clientId, Collection<Long> ids) {
    return db.select(MEDIA.ID)
        .from(MEDIA)
        .where(MEDIA.CLIENT_ID.eq(clientId))
        .and(MEDIA.ID.in(ids))
        .and(MEDIA.SHA256.isNotNull())
        .fetchSet(MEDIA.ID);
  }

  /** The {@code seq}th chunk of a media, or null past the last one. */
  byte[] chunk(DSLContext db, long mediaId, int seq) {
    return db.select(MEDIA_CHUNK.DATA)
        .from(MEDIA_CHUNK)
        .where(MEDIA_CHUNK.MEDIA_ID.eq(mediaId))
        .and(MEDIA_CHUNK.SEQ.eq(seq))
        .fetchOne(MEDIA_CHUNK.DATA);
  }

  /** Whether any message names the media (then it must stay). */
  boolean inUse(DSLContext db, long mediaId) {
    return db.fetchExists(MESSAGE_QUEUE, MESSAGE_QUEUE.MEDIA_ID.eq(mediaId));
  }

  /** Deletes the media (its chunks go with it); false when it is not the client's. */
  boolean delete(DSLContext db, long clientId, long id) {
    return db.deleteFrom(MEDIA)
            .where(MEDIA.ID.eq(id))
            .and(MEDIA.CLIENT_ID.eq(clientId))
            .and(
                DSL.notExists(
                    DSL.selectOne().from(MESSAGE_QUEUE).where(MESSAGE_QUEUE.MEDIA_ID.eq(id))))
            .execute()
        == 1;
  }

  /** Bytes stored in all media, for the metrics and the console. */
  long bytesStored(DSLContext db) {
    Long total = db.select(DSL.sum(MEDIA.SIZE_BYTES)).from(MEDIA).fetchOne(0, Long.class);
    return total == null ? 0 : total;
  }

  static MediaView view(MediaRecord r) {
    return new MediaView(
        r.getId(),
        r.getKind(),
        r.getContentType(),
        r.getFileName(),
        r.getSizeBytes(),
        r.getSha256(),
        r.getCreatedAt());
  }
}

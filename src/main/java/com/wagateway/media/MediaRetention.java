package com.wagateway.media;

import static com.wagateway.db.schema.Tables.MEDIA;
import static com.wagateway.db.schema.Tables.MEDIA_CHUNK;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

import com.wagateway.message.MessageStatus;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * Deletes the bytes of media no message needs any more (WA_MEDIA_RETENTION): a media is purged once
 * it is older than the retention and every message naming it ended at least that long ago (a
 * message ends when it is sent, or at its last due time when it failed or was cancelled). A pending
 * or sending message keeps its media whatever its age. A purged media that messages still name
 * keeps its row (without bytes or digest), so their history keeps its media_id; one no message
 * names is deleted outright.
 */
public final class MediaRetention {
  private static final int BATCH = 100;

  private final DSLContext db;
  private final Duration retention;

  public MediaRetention(DSLContext db, Duration retention) {
    this.db = db;
    this.retention = retention;
  }

  public Duration retention() {
    return retention;
  }

  /** One round: purges up to a batch of media; answers how many. */
  public int purge() {
    return db.transactionResult(
        cfg -> {
          DSLContext tx = cfg.dsl();
          OffsetDateTime now = OffsetDateTime.now();
          OffsetDateTime cutoff = now.minus(retention);
          Condition unneeded = MEDIA.CREATED_AT.lt(cutoff).and(notExists(needing(cutoff)));
          // Locked first, then checked again by a new statement: a retry or a new message that
          // named the media and committed meanwhile (they lock it FOR SHARE) is seen.
          List<Long> candidates =
              tx.select(MEDIA.ID)
                  .from(MEDIA)
                  .where(MEDIA.SHA256.isNotNull())
                  .and(unneeded)
                  .orderBy(MEDIA.ID)
                  .limit(BATCH)
                  .forUpdate()
                  .skipLocked()
                  .fetch(MEDIA.ID);
          if (candidates.isEmpty()) return 0;
          List<Long> purged =
              tx.update(MEDIA)
                  .set(MEDIA.SHA256, (String) null)
                  .set(MEDIA.PURGED_AT, now)
                  .where(MEDIA.ID.in(candidates))
                  .and(unneeded)
                  .returningResult(MEDIA.ID)
                  .fetch(MEDIA.ID);
          tx.deleteFrom(MEDIA_CHUNK).where(MEDIA_CHUNK.MEDIA_ID.in(purged)).execute();
          tx.deleteFrom(MEDIA)
              .where(MEDIA.ID.in(purged))
              .and(
                  notExists(
                      selectOne().from(MESSAGE_QUEUE).where(MESSAGE_QUEUE.MEDIA_ID.eq(MEDIA.ID))))
              .execute();
          return purged.size();
        });
  }

  /** Messages that still need the media: live ones, and those that ended after the cutoff. */
  private static org.jooq.Select<?> needing(OffsetDateTime cutoff) {
    return selectOne()
        .from(MESSAGE_QUEUE)
        .where(MESSAGE_QUEUE.MEDIA_ID.eq(MEDIA.ID))
        .and(
            MESSAGE_QUEUE
                .STATUS
                .in(MessageStatus.PENDING.value(), MessageStatus.SENDING.value())
                .or(coalesce(MESSAGE_QUEUE.SENT_AT, MESSAGE_QUEUE.SEND_AT).gt(cutoff)));
  }
}

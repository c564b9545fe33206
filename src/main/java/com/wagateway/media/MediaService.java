package com.wagateway.media;

import com.wagateway.client.Client;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.NotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/**
 * Files a client uploads and sends: stored once per client and content (SHA-256), streamed in and
 * out in chunks, seen only by their owner.
 */
public final class MediaService {
  private final DSLContext db;
  private final MediaLimits limits;
  private final MediaStore store = new MediaStore();

  /** {@code db}: the media pool, whose connections an upload holds for its whole transaction. */
  public MediaService(DSLContext db, MediaLimits limits) {
    this.db = db;
    this.limits = limits;
  }

  public MediaLimits limits() {
    return limits;
  }

  /** Where an upload's bytes come from: it calls {@code start} once, then writes the file. */
  @FunctionalInterface
  public interface Source {
    void pump(Sink sink) throws IOException;
  }

  /** What a {@link Source} writes into. */
  public interface Sink {
    void start(String declaredType, String fileName);

    void write(byte[] bytes, int offset, int length);
  }

  /** An upload's outcome: the media, and whether these bytes were new for the client. */
  public record Uploaded(MediaView media, boolean created) {}

  /**
   * Stores the file {@code source} delivers, all of it or nothing: one transaction, rolled back on
   * any failure (a broken connection, a limit, a refused type). The same bytes again answer the
   * media already stored, and keep nothing of the second copy.
   */
  public Uploaded upload(Client client, Source source) throws IOException {
    String[] sha = new String[1];
    try {
      return db.transactionResult(
          cfg -> {
            DSLContext tx = cfg.dsl();
            UploadWriter writer = new UploadWriter(store, tx, client.id(), limits);
            try {
              source.pump(
                  new Sink() {
                    @Override
                    public void start(String declaredType, String fileName) {
                      writer.start(declaredType, fileName);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) {
                      writer.write(bytes, offset, length);
                    }
                  });
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            UploadWriter.Written written = writer.finish();
            sha[0] = written.sha256();
            Optional<MediaView> earlier =
                store.bySha(tx, client.id(), written.sha256(), written.mediaId());
            if (earlier.isPresent()) throw new AlreadyStored(earlier.get());
            store.complete(tx, written.mediaId(), written.sha256(), written.size());
            return new Uploaded(store.get(tx, client.id(), written.mediaId()).orElseThrow(), true);
          });
    } catch (AlreadyStored e) {
      return new Uploaded(e.media, false);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (IntegrityConstraintViolationException e) {
      // The same bytes were uploaded by the same client at the same time, and the other upload
      // committed first: its media is this one's.
      if (sha[0] == null) throw e;
      return new Uploaded(store.bySha(db, client.id(), sha[0], 0).orElseThrow(() -> e), false);
    }
  }

  /** Rolls back the duplicate upload's transaction and carries the media stored before. */
  private static final class AlreadyStored extends RuntimeException {
    private final transient MediaView media;

    AlreadyStored(MediaView media) {
      super(null, null, false, false);
      this.media = media;
    }
  }

  public MediaView get(Client client, long id) {
    return store.get(db, client.id(), id).orElseThrow(() -> notFound(id));
  }

  /** A media by id, for sending it (the message naming it was checked against its owner). */
  public Optional<MediaView> find(long id) {
    return store.find(db, id);
  }

  /** Which of {@code ids} the client owns; the rest do not exist for it. */
  public Set<Long> owned(long clientId, Collection<Long> ids) {
    return ids.isEmpty() ? Set.of() : store.owned(db, clientId, ids);
  }

  /** Writes the media's bytes to {@code out}, one chunk at a time. */
  public void copyTo(MediaView media, OutputStream out) throws IOException {
    for (int seq = 0; ; seq++) {
      byte[] chunk = store.chunk(db, media.id(), seq);
      if (chunk == null) return;
      out.write(chunk);
    }
  }

  /** Deletes a media no message names. */
  public void delete(Client client, long id) {
    get(client, id);
    if (!store.delete(db, client.id(), id)) {
      throw new ConflictException(
          "Media " + id + " is named by messages; it is deleted with them (WA_MEDIA_RETENTION)");
    }
  }

  /** Bytes held by every client's media. */
  public long bytesStored() {
    return store.bytesStored(db);
  }

  private static NotFoundException notFound(long id) {
    return new NotFoundException("No media " + id);
  }
}

package com.wagateway.webhook;

import com.google.gson.JsonObject;
import com.wagateway.json.Json;
import com.wagateway.maintenance.DaemonThreads;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@code session.state_changed} events for {@code WA_SESSION_WEBHOOK_URL}. A session tells
 * of its changes while it holds its lock, so {@link #changed} only hands the write to one thread of
 * its own and returns; it never throws. A write that fails (the database away) is logged and
 * counted, not retried: the next change tells the current state anyway.
 */
public final class SessionEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionEvents.class);
  private static final int BACKLOG = 1000;

  private final Outbox outbox;
  private final DSLContext db;
  private final String url;
  private final WebhookEvents events;
  private final ThreadPoolExecutor writer;

  public SessionEvents(Outbox outbox, DSLContext db, String url, WebhookEvents events) {
    this.outbox = outbox;
    this.db = db;
    this.url = url;
    this.events = events;
    this.writer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(BACKLOG),
            DaemonThreads.named("wa-session-events"));
  }

  /** {@code from} and {@code to} as the API names states ({@code qr_required}). */
  public void changed(String session, String from, String to, String detail, Instant at) {
    try {
      writer.execute(() -> write(session, from, to, detail, at));
    } catch (RejectedExecutionException e) {
      lost(session, to, "too many changes waiting to be written, or the service is stopping");
    } catch (RuntimeException e) {
      lost(session, to, e.toString());
    }
  }

  private void write(String session, String from, String to, String detail, Instant at) {
    try {
      JsonObject data = new JsonObject();
      data.addProperty("session", session);
      data.addProperty("previous_state", from);
      data.addProperty("state", to);
      data.addProperty("detail", detail);
      data.addProperty("changed_at", Json.timestamp(OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
      outbox.sessionChanged(db, url, session, data);
    } catch (RuntimeException e) {
      lost(session, to, e.getMessage());
    }
  }

  private void lost(String session, String to, String why) {
    events.sessionEventLost();
    log.warn(
        "Could not write the session.state_changed event of session {} (now {}) for"
            + " WA_SESSION_WEBHOOK_URL: {}",
        session,
        to,
        why);
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

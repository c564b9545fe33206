package com.wagateway.message;

import com.google.gson.JsonObject;
import com.wagateway.client.Caller;
import com.wagateway.client.Client;
import com.wagateway.client.Quotas;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jooq.DSLContext;

/**
 * Where new messages come in, from every route that creates them: once per {@code Idempotency-Key}
 * (the same key and request again answer what the first answered), quota-checked, all of a request
 * or none, committed before the answer exists. Requests that arrive together are stored together
 * ({@link GroupCommit}); the answer completes when its group has committed.
 */
public final class MessageIntake implements AutoCloseable {
  private final GroupCommit commits;

  /**
   * How requests are grouped: the gather window, messages per commit, writer threads; and how long
   * a request may wait for its group before it is answered 503 unstored (its caller may have given
   * up by then, and would send it again).
   */
  public record Settings(Duration gather, int maxMessages, int writers, Duration maxWait) {}

  /** {@code onEnqueued} runs after each commit that stored messages, to wake the local worker. */
  public MessageIntake(
      DSLContext db,
      Quotas quotas,
      Idempotency idempotency,
      Runnable onEnqueued,
      Settings settings) {
    this.commits =
        new GroupCommit(
            new BatchWriter(db, quotas, idempotency, onEnqueued),
            settings.gather(),
            settings.maxMessages(),
            settings.writers(),
            settings.maxWait());
  }

  /**
   * One message. {@code key} null means no idempotency; {@code route} and {@code body} identify the
   * request for a key's replay.
   */
  public CompletableFuture<Outcome> one(
      Caller caller, String key, String route, JsonObject body, MessageDraft draft) {
    return submit(caller, key, route, body, List.of(draft), false);
  }

  /** A batch: all its messages are stored or none; answered as {@code data}, in their order. */
  public CompletableFuture<Outcome> batch(
      Caller caller, String key, String route, JsonObject body, List<MessageDraft> drafts) {
    return submit(caller, key, route, body, drafts, true);
  }

  /**
   * One message an operator sends as {@code client} (the console's send page), by the same path and
   * rules as the API's, waited for: the client must be active, its quota applies. Refusals are
   * thrown as the domain's exceptions.
   */
  public MessageView sendAs(Client client, MessageDraft draft) {
    try {
      return submit(Caller.operatorFor(client), null, null, null, List.of(draft), false)
          .join()
          .created()
          .get(0);
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException refused) throw refused;
      throw e;
    }
  }

  private CompletableFuture<Outcome> submit(
      Caller caller,
      String key,
      String route,
      JsonObject body,
      List<MessageDraft> drafts,
      boolean batch) {
    String fingerprint = key == null ? null : Idempotency.fingerprint(route, body);
    return commits.submit(
        new Submission(
            caller, drafts, batch, key, fingerprint, new CompletableFuture<>(), System.nanoTime()));
  }

  /** Stores what is waiting; later requests are refused. */
  @Override
  public void close() {
    commits.close();
  }
}

package com.wagateway.message;

import com.google.gson.JsonObject;
import com.wagateway.client.Caller;
import com.wagateway.client.Client;
import com.wagateway.client.Quotas;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.UnprocessableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
  private final SessionAccess sessions;

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
    this(db, quotas, idempotency, onEnqueued, settings, SessionAccess.ANY);
  }

  /** {@code sessions}: which sessions a client may name on a message besides its own. */
  public MessageIntake(
      DSLContext db,
      Quotas quotas,
      Idempotency idempotency,
      Runnable onEnqueued,
      Settings settings,
      SessionAccess sessions) {
    this.sessions = sessions;
    this.commits =
        new GroupCommit(
            new GroupCommitWriter(db, quotas, idempotency, onEnqueued),
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
    checkSessions(caller, drafts, batch);
    String fingerprint = key == null ? null : Idempotency.fingerprint(route, body);
    return commits.submit(
        new Submission(
            caller, drafts, batch, key, fingerprint, new CompletableFuture<>(), System.nanoTime()));
  }

  /**
   * A message may name a session other than its client's own only if the operator allowed it;
   * refused before the request joins a group, naming the field.
   */
  private void checkSessions(Caller caller, List<MessageDraft> drafts, boolean batch) {
    Set<String> named = new LinkedHashSet<>();
    for (MessageDraft d : drafts) {
      if (d.session() != null && !d.session().equals(caller.client().session()))
        named.add(d.session());
    }
    if (named.isEmpty()) return;
    Set<String> allowed = sessions.allowed(caller.clientId(), named);
    List<BatchErrors.ItemError> refused = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      String s = drafts.get(i).session();
      if (s == null || s.equals(caller.client().session()) || allowed.contains(s)) continue;
      refused.add(
          new BatchErrors.ItemError(
              i,
              new FieldError(
                  "session",
                  "this client may not send from session '"
                      + s
                      + "' (its own is '"
                      + caller.client().session()
                      + "'); an operator allows more with PATCH /admin/clients/{name}"
                      + " allowed_sessions")));
    }
    if (refused.isEmpty()) return;
    if (batch) throw BatchErrors.unprocessable(refused);
    FieldError e = refused.get(0).error();
    throw new UnprocessableException(e.field() + ": " + e.message(), List.of(e));
  }

  /** Stores what is waiting; later requests are refused. */
  @Override
  public void close() {
    commits.close();
  }
}

package com.wagateway.queue;

import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static com.wagateway.db.schema.Tables.WA_SESSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.Messages;
import com.wagateway.support.TestDatabase;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A claim takes the earliest due messages of the sessions it may send for, in send order across
 * those sessions, each message once; what the planner's statistics say about the table does not
 * change which messages come or in what order.
 */
class ClaimOrderTest {
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final OffsetDateTime HOUR_AGO = OffsetDateTime.now().minusHours(1);

  static TestDatabase db;
  Messages messages;
  MessageQueue queue;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(ClaimOrderTest.class);
    for (String session : List.of("sales", "support")) {
      db.dsl().insertInto(WA_SESSION).set(WA_SESSION.NAME, session).execute();
    }
  }

  @AfterAll
  static void dropPool() {
    db.close();
  }

  @BeforeEach
  void emptyQueue() {
    db.dsl().deleteFrom(MESSAGE_QUEUE).execute();
    messages = new Messages(db, "client-" + System.nanoTime());
    queue = new MessageQueue(db.dsl(), "worker");
  }

  /** A due message of {@code session}, due since {@code minutes} after an hour ago. */
  private long due(String session, int minutes) {
    long id = messages.enqueue("+97250123" + (4000 + minutes), "m" + minutes);
    // As if a client allowed that session had sent it, scheduled for that time.
    db.dsl()
        .update(MESSAGE_QUEUE)
        .set(MESSAGE_QUEUE.SESSION_NAME, session)
        .set(MESSAGE_QUEUE.SEND_AT, HOUR_AGO.plusMinutes(minutes))
        .where(MESSAGE_QUEUE.ID.eq(id))
        .execute();
    return id;
  }

  private static List<Long> ids(List<OutgoingMessage> claimed) {
    return claimed.stream().map(OutgoingMessage::id).toList();
  }

  @Test
  void anySessionsClaimTakesTheEarliestDueMessagesOfAllSessionsInSendOrder() {
    long a = due("sales", 1);
    long b = due("default", 2);
    long c = due("support", 3);
    long d = due("sales", 4);
    due("default", 5);

    assertEquals(List.of(a, b, c, d), ids(queue.claim(4, LEASE, SessionScope.ANY)));
  }

  @Test
  void aScopedClaimTakesOnlyItsSessionsInSendOrderAndLeavesTheOthersDue() {
    long a = due("support", 1);
    long held = due("sales", 2);
    long b = due("default", 3);
    long c = due("support", 4);

    assertEquals(
        List.of(a, b, c),
        ids(queue.claim(10, LEASE, SessionScope.only(Set.of("default", "support")))));
    assertEquals("pending", messages.status(held));
  }

  @Test
  void aMessageNotYetDueIsNotClaimed() {
    long now = due("default", 1);
    long later = messages.enqueue("+972501239999", "later", OffsetDateTime.now().plusHours(1));

    assertEquals(List.of(now), ids(queue.claim(10, LEASE, SessionScope.ANY)));
    assertEquals("pending", messages.status(later));
  }

  @Test
  void aBurstAfterStatisticsThatSawNothingPendingIsClaimedWholeInSendOrder() {
    // The planner's statistics say nothing is pending, as after a quiet night; then a campaign.
    db.dsl().execute("ANALYZE message_queue");
    List<Long> burst = new ArrayList<>();
    for (int i = 0; i < 50; i++) burst.add(due(i % 2 == 0 ? "default" : "sales", i));

    List<Long> claimed = new ArrayList<>();
    for (List<OutgoingMessage> batch;
        !(batch = queue.claim(10, LEASE, SessionScope.ANY)).isEmpty(); ) {
      assertTrue(batch.size() <= 10, "a claim takes at most its limit");
      claimed.addAll(ids(batch));
    }

    assertEquals(burst, claimed);
    assertEquals(50, new HashSet<>(claimed).size());
  }
}

package com.wagateway.receipt;

import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static com.wagateway.db.schema.Tables.WEBHOOK_EVENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.db.Database;
import com.wagateway.db.schema.tables.records.MessageQueueRecord;
import com.wagateway.metrics.ReceiptMetrics;
import com.wagateway.queue.MessageQueue;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.support.Messages;
import com.wagateway.support.TestDatabase;
import com.wagateway.support.WebhookReceiver;
import com.wagateway.webhook.Outbox;
import com.wagateway.webhook.WebhookService;
import com.zaxxer.hikari.HikariDataSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Receipts against a real database: the status moves forward only, each change once, with its
 * events in the message's order, and a read reads the chat's earlier messages too.
 */
class ReceiptStoreTest {
  private static final String SESSION = "default";

  private TestDatabase db;
  private WebhookReceiver receiver;
  private Messages messages;
  private MessageQueue queue;
  private PrometheusRegistry registry;
  private ReceiptStore store;

  @BeforeEach
  void setUp() {
    db = TestDatabase.create(ReceiptStoreTest.class);
    receiver = WebhookReceiver.start();
    messages = new Messages(db, "receipts");
    new WebhookService(db.dsl(), Duration.ofHours(1), Duration.ofMinutes(5))
        .create("receipts", receiver.url(), List.of());
    Outbox outbox = new Outbox(Duration.ofMinutes(5));
    queue = new MessageQueue(db.dsl(), "sender", outbox);
    registry = new PrometheusRegistry();
    store = new ReceiptStore(db.dsl(), outbox, new ReceiptMetrics(registry));
  }

  @AfterEach
  void tearDown() {
    receiver.close();
    db.close();
  }

  /** Enqueues, claims and records the message sent with its bubble's key, as the worker does. */
  private long sent(String phone, String text, String waMessageId) {
    long id = messages.enqueue(phone, text);
    OutgoingMessage m = queue.claim(1, Duration.ofMinutes(1)).get(0);
    assertEquals(id, m.id());
    assertTrue(queue.markSent(m, waMessageId));
    return id;
  }

  /** The event types of a message, in the order its receivers get them. */
  private List<String> events(long id) {
    return db.dsl()
        .select(WEBHOOK_EVENT.TYPE)
        .from(WEBHOOK_DELIVERY)
        .join(WEBHOOK_EVENT)
        .on(WEBHOOK_EVENT.ID.eq(WEBHOOK_DELIVERY.EVENT_ID))
        .where(WEBHOOK_DELIVERY.MESSAGE_ID.eq(id))
        .orderBy(WEBHOOK_DELIVERY.ID)
        .fetch(WEBHOOK_EVENT.TYPE);
  }

  private double counter(String name) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .map(s -> ((CounterSnapshot) s).getDataPoints().get(0).getValue())
        .findFirst()
        .orElseThrow();
  }

  private long histogramCount(String name) {
    return registry.scrape().stream()
        .filter(s -> s.getMetadata().getPrometheusName().equals(name))
        .map(s -> ((HistogramSnapshot) s).getDataPoints().get(0).getCount())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theWorkerStoresTheBubbleKeyWithTheTick() {
    long id = sent("+972501234567", "hello", "2A327AC82CD56D95E087");
    MessageQueueRecord row = messages.row(id);
    assertEquals("sent", row.getStatus());
    assertEquals("2A327AC82CD56D95E087", row.getWaMessageId());
  }

  @Test
  void deliveredThenReadMovesTheMessageForwardWithEachTime() {
    long id = sent("+972501234567", "hello", "AAA1");

    assertEquals(1, store.seen(SESSION, "AAA1", Receipt.DELIVERED).size());
    MessageQueueRecord delivered = messages.row(id);
    assertEquals("delivered", delivered.getStatus());
    assertNotNull(delivered.getDeliveredAt());
    assertNull(delivered.getReadAt());
    assertTrue(!delivered.getDeliveredAt().isBefore(delivered.getSentAt()));

    assertEquals(1, store.seen(SESSION, "AAA1", Receipt.READ).size());
    MessageQueueRecord read = messages.row(id);
    assertEquals("read", read.getStatus());
    assertEquals(delivered.getDeliveredAt(), read.getDeliveredAt(), "delivered_at is kept");
    assertTrue(read.getReadAt().isAfter(read.getDeliveredAt()));
    assertEquals(List.of("message.sent", "message.delivered", "message.read"), events(id));
  }

  @Test
  void aReadSeenFirstSetsBothTimesAndTellsDeliveredBeforeRead() {
    long id = sent("+972501234567", "hello", "AAA2");

    List<ReceiptChange> changes = store.seen(SESSION, "AAA2", Receipt.READ);

    assertEquals(1, changes.size());
    assertTrue(changes.get(0).delivered() && changes.get(0).read());
    MessageQueueRecord row = messages.row(id);
    assertEquals("read", row.getStatus());
    assertEquals(row.getDeliveredAt(), row.getReadAt());
    assertEquals(List.of("message.sent", "message.delivered", "message.read"), events(id));
  }

  @Test
  void aReceiptNeverMovesAMessageBackwardsNorWritesAChangeTwice() {
    long id = sent("+972501234567", "hello", "AAA3");
    store.seen(SESSION, "AAA3", Receipt.READ);
    MessageQueueRecord read = messages.row(id);

    assertTrue(store.seen(SESSION, "AAA3", Receipt.DELIVERED).isEmpty(), "late two ticks");
    assertTrue(store.seen(SESSION, "AAA3", Receipt.READ).isEmpty(), "read seen again");

    MessageQueueRecord after = messages.row(id);
    assertEquals("read", after.getStatus());
    assertEquals(read.getDeliveredAt(), after.getDeliveredAt());
    assertEquals(read.getReadAt(), after.getReadAt());
    assertEquals(List.of("message.sent", "message.delivered", "message.read"), events(id));
  }

  @Test
  void aReadReadsTheEarlierMessagesOfItsChatOnly() {
    long first = sent("+972501234567", "first", "C1");
    long second = sent("+972501234567", "second", "C2");
    long otherChat = sent("+972509999999", "elsewhere", "D1");
    long third = sent("+972501234567", "third", "C3");
    store.seen(SESSION, "C1", Receipt.DELIVERED);

    List<ReceiptChange> changes = store.seen(SESSION, "C2", Receipt.READ);

    assertEquals(2, changes.size());
    assertEquals("read", messages.status(first));
    assertEquals("read", messages.status(second));
    assertEquals("sent", messages.status(otherChat), "another chat");
    assertEquals("sent", messages.status(third), "a later message of the chat");
    assertEquals(List.of("message.sent", "message.delivered", "message.read"), events(first));
    assertEquals(List.of("message.sent", "message.delivered", "message.read"), events(second));
  }

  @Test
  void aReceiptMatchesOnlyTheKeyInItsOwnSession() {
    long id = sent("+972501234567", "same text", "E1");

    assertTrue(store.seen("another-session", "E1", Receipt.READ).isEmpty());
    assertTrue(store.seen(SESSION, "E2", Receipt.READ).isEmpty());

    assertEquals("sent", messages.status(id));
    assertEquals(List.of("message.sent"), events(id));
  }

  @Test
  void twoInstancesSeeingTheSameReceiptAtOnceWriteItOnce() throws Exception {
    long id = sent("+972501234567", "hello", "F1");
    List<Integer> moved = new ArrayList<>();
    try (HikariDataSource a = db.newPool("instance-a", 2);
        HikariDataSource b = db.newPool("instance-b", 2)) {
      Outbox outbox = new Outbox(Duration.ofMinutes(5));
      ReceiptStore storeA = new ReceiptStore(Database.dsl(a), outbox, ReceiptEvents.NONE);
      ReceiptStore storeB = new ReceiptStore(Database.dsl(b), outbox, ReceiptEvents.NONE);
      CyclicBarrier together = new CyclicBarrier(2);
      CompletableFuture<Integer> fromA =
          CompletableFuture.supplyAsync(() -> seenTogether(together, storeA));
      CompletableFuture<Integer> fromB =
          CompletableFuture.supplyAsync(() -> seenTogether(together, storeB));
      moved.add(fromA.get());
      moved.add(fromB.get());
    }
    assertEquals(1, moved.stream().mapToInt(Integer::intValue).sum());
    assertEquals("delivered", messages.status(id));
    assertEquals(List.of("message.sent", "message.delivered"), events(id));
  }

  private static int seenTogether(CyclicBarrier together, ReceiptStore store) {
    try {
      together.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return store.seen(SESSION, "F1", Receipt.DELIVERED).size();
  }

  @Test
  void metricsCountEachMessageDeliveredAndReadWithTheTimeSinceItsTick() {
    sent("+972501234567", "one", "G1");
    sent("+972501234567", "two", "G2");
    store.seen(SESSION, "G1", Receipt.DELIVERED);
    store.seen(SESSION, "G2", Receipt.READ);

    assertEquals(2.0, counter("wa_messages_delivered"));
    assertEquals(2.0, counter("wa_messages_read"));
    assertEquals(2, histogramCount("wa_sent_to_delivered_seconds"));
    assertEquals(2, histogramCount("wa_sent_to_read_seconds"));
  }

  @Test
  void aChatListRowIsMatchedToTheNewestMessageOfItsChatWhenThePreviewAgrees() {
    long older = sent("+972501234567", "first of the chat", "H1");
    long newest = sent("+972501234567", "Your order\nhas shipped", "H2");

    assertTrue(
        store.seenLast(SESSION, "972501234567", "first of the chat", Receipt.READ).isEmpty());
    assertEquals("sent", messages.status(newest), "a preview of another text matches nothing");

    assertEquals(
        1, store.seenLast(SESSION, "972501234567", "Your order has sh…", Receipt.DELIVERED).size());
    assertEquals("delivered", messages.status(newest));
    assertEquals("sent", messages.status(older), "two ticks on the last say nothing of the others");
  }

  @Test
  void chatsWaitingForReceiptsAreThoseShortOfReadWithinTheWindow() {
    sent("+972501234567", "waits", "W1");
    long read = sent("+972509999999", "done", "W2");
    store.seen(SESSION, "W2", Receipt.READ);

    assertEquals(List.of("+972501234567"), store.waitingChats(SESSION, Duration.ofDays(1), 10));
    assertEquals("read", messages.status(read));
    assertTrue(store.waitingChats("another-session", Duration.ofDays(1), 10).isEmpty());
  }

  @Test
  void aSendIsDueOnlyWhileAPendingMessageOfTheSessionIsDue() {
    assertFalse(store.sendDue(SESSION));
    messages.enqueue("+972501234567", "later", java.time.OffsetDateTime.now().plusHours(1));
    assertFalse(store.sendDue(SESSION), "scheduled for later");
    messages.enqueue("+972501234567", "now");
    assertTrue(store.sendDue(SESSION));
  }
}

package com.wagateway.queue;

import static com.wagateway.db.schema.Tables.CLIENT;
import static com.wagateway.db.schema.Tables.CONTACT;
import static com.wagateway.db.schema.Tables.MESSAGE_QUEUE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.db.Database;
import com.wagateway.support.ScriptedSender;
import com.wagateway.support.TestDatabase;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;

/** Several instances on one database: SKIP LOCKED hands each message to exactly one of them. */
class TwoWorkersTest {

  @Test
  void twoWorkersWithSeparatePoolsSendEachOf2000MessagesExactlyOnce() throws Exception {
    try (TestDatabase db = TestDatabase.create(TwoWorkersTest.class);
        HikariDataSource poolA = db.newPool("instance-a", 3);
        HikariDataSource poolB = db.newPool("instance-b", 3)) {
      DSLContext dsl = db.dsl();
      long clientId =
          dsl.insertInto(CLIENT)
              .set(CLIENT.CLIENT_NAME, "bulk")
              .set(CLIENT.API_KEY_HASH, "h")
              .set(CLIENT.API_KEY_PREFIX, "p")
              .returning(CLIENT.ID)
              .fetchOne(CLIENT.ID);
      long contactId =
          dsl.insertInto(CONTACT)
              .set(CONTACT.CLIENT_ID, clientId)
              .set(CONTACT.NAME, "c")
              .set(CONTACT.PHONE, "+972501234567")
              .returning(CONTACT.ID)
              .fetchOne(CONTACT.ID);
      var insert =
          dsl.insertInto(
              MESSAGE_QUEUE, MESSAGE_QUEUE.CLIENT_ID, MESSAGE_QUEUE.CONTACT_ID, MESSAGE_QUEUE.TEXT);
      for (int i = 0; i < 2000; i++) insert = insert.values(clientId, contactId, "message " + i);
      insert.execute();
      Set<Long> ids =
          Set.copyOf(dsl.select(MESSAGE_QUEUE.ID).from(MESSAGE_QUEUE).fetch(MESSAGE_QUEUE.ID));

      ScriptedSender senderA = ScriptedSender.alwaysSent();
      ScriptedSender senderB = ScriptedSender.alwaysSent();
      WorkerSettings settings =
          new WorkerSettings(
              Duration.ofMillis(20),
              25,
              Duration.ofSeconds(30),
              5,
              new Backoff(Duration.ZERO, Duration.ZERO));
      try (QueueWorker a =
              new QueueWorker(
                  new MessageQueue(Database.dsl(poolA), "instance-a"), senderA, settings);
          QueueWorker b =
              new QueueWorker(
                  new MessageQueue(Database.dsl(poolB), "instance-b"), senderB, settings)) {
        a.start();
        b.start();
        await("every message sent")
            .atMost(Duration.ofMinutes(2))
            .until(() -> dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq("sent")) == 2000);
      }

      assertEquals(2000, dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.STATUS.eq("sent")));
      assertEquals(2000, senderA.calls().size() + senderB.calls().size(), "no message sent twice");
      Set<Long> sentIds =
          IntStream.range(0, 2)
              .boxed()
              .flatMap(i -> (i == 0 ? senderA : senderB).calls().stream().map(OutgoingMessage::id))
              .collect(Collectors.toSet());
      assertEquals(ids, sentIds, "every message sent");
      assertTrue(
          senderA.calls().size() > 0 && senderB.calls().size() > 0,
          "both instances took part: " + senderA.calls().size() + " / " + senderB.calls().size());
      assertEquals(0, dsl.fetchCount(MESSAGE_QUEUE, MESSAGE_QUEUE.ATTEMPTS.ne(1)));
    }
  }
}

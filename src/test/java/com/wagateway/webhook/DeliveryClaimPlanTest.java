package com.wagateway.webhook;

import static com.wagateway.db.schema.Tables.WEBHOOK_DELIVERY;
import static com.wagateway.db.schema.Tables.WEBHOOK_ENDPOINT;
import static com.wagateway.db.schema.Tables.WEBHOOK_EVENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.client.ClientService;
import com.wagateway.support.TestDatabase;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;

/**
 * After a burst that the table's statistics have not seen yet (they were taken when nothing was
 * waiting), a claim still finds each candidate's earlier events through the (message, id) index,
 * not by reading every earlier undelivered delivery: with 20,000 waiting, the second plan took
 * minutes for one claim (docs/benchmarks.md). The plan is asserted, not a time.
 */
class DeliveryClaimPlanTest {
  private static final int DELIVERED = 300;
  private static final int WAITING = 3_000;

  @Test
  void aClaimOnStaleStatisticsLooksEarlierEventsUpByMessage() {
    try (TestDatabase db = TestDatabase.create(DeliveryClaimPlanTest.class)) {
      DSLContext sql = db.dsl();
      sql.execute("alter table webhook_delivery set (autovacuum_enabled = false)");
      long endpoint = endpoint(sql);
      String event = event(sql);
      deliveries(sql, endpoint, event, 0, DELIVERED, DeliveryStore.DELIVERED);
      sql.execute("analyze webhook_delivery");
      deliveries(sql, endpoint, event, DELIVERED, WAITING, DeliveryStore.PENDING);

      AtomicReference<Query> claim = new AtomicReference<>();
      DSLContext recording =
          sql.configuration()
              .derive(
                  new ExecuteListener() {
                    @Override
                    public void executeStart(ExecuteContext ctx) {
                      if (ctx.sql() != null && ctx.sql().startsWith("with")) claim.set(ctx.query());
                    }
                  })
              .dsl();
      List<Claimed> claimed =
          new DeliveryStore(recording, "plan-test").claim(50, Duration.ofMinutes(1), Set.of());

      // Three events per message: only each message's first may go.
      assertEquals(50, claimed.size());
      assertNotNull(claim.get(), "the claim's statement was seen");
      String plan = sql.explain(claim.get()).plan();
      assertTrue(plan.contains("webhook_delivery_message_idx"), plan);
      assertFalse(
          plan.contains(
              "Index Scan using webhook_delivery_undelivered_idx on webhook_delivery" + " earlier"),
          plan);
    }
  }

  private static long endpoint(DSLContext sql) {
    long client = new ClientService(sql).create("plan", null, null, null).client().id();
    return sql.insertInto(WEBHOOK_ENDPOINT)
        .set(WEBHOOK_ENDPOINT.CLIENT_ID, client)
        .set(WEBHOOK_ENDPOINT.URL, "http://127.0.0.1:9/hook")
        .set(WEBHOOK_ENDPOINT.SECRET, "whsec_plan")
        .returning(WEBHOOK_ENDPOINT.ID)
        .fetchOne()
        .getId();
  }

  private static String event(DSLContext sql) {
    sql.insertInto(WEBHOOK_EVENT)
        .set(WEBHOOK_EVENT.ID, "evt_plan")
        .set(WEBHOOK_EVENT.TYPE, "message.sent")
        .set(WEBHOOK_EVENT.PAYLOAD, "{}")
        .execute();
    return "evt_plan";
  }

  /** {@code count} deliveries from number {@code from}, three events per message. */
  private static void deliveries(
      DSLContext sql, long endpoint, String event, int from, int count, String state) {
    var n = DSL.field("n", Integer.class);
    sql.insertInto(
            WEBHOOK_DELIVERY,
            WEBHOOK_DELIVERY.EVENT_ID,
            WEBHOOK_DELIVERY.ENDPOINT_ID,
            WEBHOOK_DELIVERY.MESSAGE_ID,
            WEBHOOK_DELIVERY.STATE,
            WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT,
            WEBHOOK_DELIVERY.GIVE_UP_AT)
        .select(
            DSL.select(
                    DSL.val(event),
                    DSL.val(endpoint),
                    n.div(3).cast(Long.class),
                    DSL.val(state),
                    DSL.val(OffsetDateTime.now().minusMinutes(30)),
                    DSL.val(OffsetDateTime.now().plusDays(1)))
                .from(DSL.generateSeries(from, from + count - 1).as("s", "n")))
        .execute();
  }
}

package com.wagateway.whatsapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Number checks take the browser only between sends: a due send waits for one check at most. */
class BrowserTurnsTest {

  private static Thread run(String name, List<String> order, BrowserTurns turns, boolean send) {
    Thread t =
        new Thread(
            () -> {
              try {
                if (send) turns.awaitSendTurn();
                else turns.awaitCheckTurn();
                order.add(name);
                turns.done();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            name);
    t.start();
    return t;
  }

  @Test
  void aWaitingSendGoesBeforeEveryQueuedCheckButTheOneUnderWay() throws Exception {
    BrowserTurns turns = new BrowserTurns(new Pacing(Duration.ZERO, Duration.ZERO));
    List<String> order = new CopyOnWriteArrayList<>();
    turns.awaitCheckTurn(); // a check under way holds the browser
    Thread c2 = run("check 2", order, turns, false);
    Thread c3 = run("check 3", order, turns, false);
    Awaitility.await().until(() -> c2.getState() == Thread.State.WAITING);
    Awaitility.await().until(() -> c3.getState() == Thread.State.WAITING);
    Thread send = run("send", order, turns, true);
    Awaitility.await().until(() -> send.getState() == Thread.State.WAITING);
    order.add("check 1");
    turns.done();
    for (Thread t : List.of(send, c2, c3)) t.join(5000);
    assertEquals("check 1", order.get(0));
    assertEquals("send", order.get(1), "the send went right after the check under way: " + order);
  }

  @Test
  void checksArePacedLikeSends() throws Exception {
    BrowserTurns turns = new BrowserTurns(new Pacing(Duration.ofMillis(300), Duration.ZERO));
    turns.awaitSendTurn();
    turns.done();
    long start = System.nanoTime();
    CountDownLatch checked = new CountDownLatch(1);
    new Thread(
            () -> {
              try {
                turns.awaitCheckTurn();
                turns.done();
                checked.countDown();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })
        .start();
    assertTrue(checked.await(5, TimeUnit.SECONDS));
    long waited = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waited >= 250, "the check waited its turn of the pacing: " + waited + " ms");
  }

  @Test
  void receiptWorkTakesTheBrowserOnlyWhenNobodyWaitsForIt() throws Exception {
    BrowserTurns turns = new BrowserTurns(new Pacing(Duration.ZERO, Duration.ZERO));
    List<String> order = new CopyOnWriteArrayList<>();
    turns.awaitSendTurn(); // a send holds the browser
    assertFalse(turns.tryReceiptTurn(), "not while a send holds it");
    Thread check = run("check", order, turns, false);
    Awaitility.await().until(() -> check.getState() == Thread.State.WAITING);
    turns.done();
    check.join(5000);
    assertTrue(turns.tryReceiptTurn(), "free, nobody waiting");
    Thread send = run("send", order, turns, true);
    Awaitility.await().until(() -> send.getState() == Thread.State.WAITING);
    assertFalse(turns.tryReceiptTurn(), "one receipt action at a time");
    order.add("receipt");
    turns.receiptDone();
    send.join(5000);
    assertEquals(List.of("check", "receipt", "send"), order);
  }
}

package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import com.wagateway.maintenance.DaemonThreads;
import com.wagateway.receipt.ReceiptLedger;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one account's sent messages to two ticks and " Read " without slowing its sends, in this
 * order of cost: the open chat's ticks right after a send; the chat list rows on a timer (the only
 * place where many chats can be read without opening each); and, for chats whose messages sent
 * within {@code WA_RECEIPTS_WINDOW} are still short of read, a revisit of the chat, only while no
 * send is due and at most {@code WA_RECEIPTS_REVISITS} a minute. Each is one page action in a turn
 * of its own, taken only when the browser is free and nobody waits for it ({@link BrowserTurns}): a
 * due send waits at most for the one action under way. What was seen is written after the turn.
 */
final class ReceiptWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReceiptWatch.class);
  private static final long TICK_MS = 100;

  /** After a send, its outcome is written first (the receipt matches only a sent message). */
  private static final long AFTER_SEND_NANOS = Duration.ofMillis(300).toNanos();

  /** A revisit put off because a send was due is tried again this much later. */
  private static final long DUE_RETRY_NANOS = Duration.ofSeconds(1).toNanos();

  /** How many waiting chats one revisit chooses among. */
  private static final int CANDIDATES = 50;

  private final String session;
  private final Config.Receipts settings;
  private final BrowserTurns turns;
  private final AccountBrowser browser;
  private final SessionTracker tracker;
  private final ReceiptReader reader;
  private final ChatOpener opener;
  private final ReceiptLedger ledger;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long openChatDueAt = Long.MAX_VALUE;
  private long nextListAt = System.nanoTime();
  private long nextRevisitAt = System.nanoTime();
  // Touched only by the watch's thread: when each chat was last revisited, so revisits go round.
  private final Map<String, Long> revisitedAt = new HashMap<>();
  // Also the thread's own: each chat list row as it was last recorded, by its title.
  private final Map<String, ReceiptReader.Row> rowsSeen = new HashMap<>();

  ReceiptWatch(
      String session,
      Config.Receipts settings,
      BrowserTurns turns,
      AccountBrowser browser,
      SessionTracker tracker,
      ReceiptReader reader,
      ChatOpener opener,
      ReceiptLedger ledger) {
    this.session = session;
    this.settings = settings;
    this.turns = turns;
    this.browser = browser;
    this.tracker = tracker;
    this.reader = reader;
    this.opener = opener;
    this.ledger = ledger;
    this.thread = DaemonThreads.thread(this::run, "wa-receipts-" + session);
  }

  void start() {
    thread.start();
  }

  /** A message was just sent: read the open chat's ticks once its outcome is written. */
  void afterSend() {
    openChatDueAt = System.nanoTime() + AFTER_SEND_NANOS;
  }

  private void run() {
    while (running) {
      try {
        Thread.sleep(TICK_MS);
        if (tracker.ready()) step();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The database or the page failed this once; the next pass tries again.
        log.warn("Session {}: reading receipts failed: {}", session, BrowserErrors.brief(e));
      }
    }
  }

  private void step() {
    long now = System.nanoTime();
    if (now - openChatDueAt >= 0) {
      List<ReceiptReader.Tick> ticks = inTurn(reader::openChat);
      if (ticks == null) return;
      openChatDueAt = Long.MAX_VALUE;
      record(ticks);
    } else if (now - nextListAt >= 0) {
      List<ReceiptReader.Row> rows = inTurn(reader::chatList);
      if (rows == null) return;
      nextListAt = now + settings.listInterval().toNanos();
      for (ReceiptReader.Row row : rows) {
        String digits = phoneDigits(row.title());
        // A row as it was at the last pass told everything it can already.
        if (digits == null || row.equals(rowsSeen.get(row.title()))) continue;
        ledger.seenLast(session, digits, row.preview(), row.receipt());
        rowsSeen.put(row.title(), row);
      }
    } else if (settings.revisitsPerMinute() > 0 && now - nextRevisitAt >= 0) {
      revisit(now);
    }
  }

  private void revisit(long now) {
    if (ledger.sendDue(session)) {
      nextRevisitAt = now + DUE_RETRY_NANOS;
      return;
    }
    nextRevisitAt = now + Duration.ofMinutes(1).toNanos() / settings.revisitsPerMinute();
    String phone =
        leastRecentlyRevisited(ledger.waitingChats(session, settings.window(), CANDIDATES));
    if (phone == null) return;
    List<ReceiptReader.Tick> ticks =
        inTurn(
            driver ->
                opener.open(driver, phone, "", "Receipts of the chat with " + phone)
                        instanceof OpeningResult.Opened
                    ? reader.openChat(driver)
                    : List.of());
    if (ticks == null) {
      nextRevisitAt = now;
      return;
    }
    revisitedAt.put(phone, now);
    record(ticks);
  }

  private String leastRecentlyRevisited(List<String> waiting) {
    String best = null;
    long bestAt = Long.MAX_VALUE;
    for (String phone : waiting) {
      Long at = revisitedAt.get(phone);
      if (at == null) return phone;
      if (best == null || at - bestAt < 0) {
        best = phone;
        bestAt = at;
      }
    }
    return best;
  }

  private void record(List<ReceiptReader.Tick> ticks) {
    for (ReceiptReader.Tick t : ticks) ledger.seen(session, t.waMessageId(), t.receipt());
  }

  /** One page action in a receipt turn; null when the browser was not free. */
  private <T> List<T> inTurn(Function<WebDriver, List<T>> work) {
    if (!turns.tryReceiptTurn()) return null;
    try {
      return browser.withDriver(work);
    } catch (WebDriverException | AccountBrowser.BrowserDownException e) {
      log.debug("Session {}: no receipts read: {}", session, BrowserErrors.brief(e));
      return List.of();
    } finally {
      turns.receiptDone();
    }
  }

  /**
   * The digits of a chat list title that shows a number ("+972 50-123-4567"); null for a contact's
   * name, which the session's records cannot tell apart.
   */
  static String phoneDigits(String title) {
    if (!title.matches("\\+?[0-9 ()\\-\\u2010-\\u2015.\\u00a0\\u202a-\\u202e]+")) return null;
    String digits = title.replaceAll("[^0-9]", "");
    return digits.length() >= 6 ? digits : null;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}

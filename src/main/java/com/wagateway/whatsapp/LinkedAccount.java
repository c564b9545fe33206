package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import com.wagateway.queue.Handoff;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.receipt.ReceiptLedger;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One linked WhatsApp account: its browser, its session state, its pacing, and its run of sends
 * that ended unconfirmed. After {@code WA_SEND_UNCONFIRMED_LIMIT} of those in a row the page has
 * probably changed under the selectors, and the account stops ({@code degraded}) until an operator
 * resumes it: drift costs a few unconfirmed messages, not a stream of duplicates.
 *
 * <p>Everything that belongs to one account lives here, so running several accounts in one process
 * is several of these.
 */
final class LinkedAccount implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LinkedAccount.class);

  /** How long a selector report waits for a send in progress to let go of the browser. */
  private static final Duration REPORT_WAIT = Duration.ofSeconds(10);

  /** After a send, only a page probe can hold the browser, for a moment. */
  private static final Duration REPORT_AFTER_SEND_WAIT = Duration.ofSeconds(2);

  private final Config.WhatsApp config;
  private final SelectorTable selectors;
  private final PageScripts scripts;
  private final SessionTracker tracker;
  private final AccountBrowser browser;
  private final ChatPage chat;
  private final Pacing pacing;
  private final BrowserTurns turns;
  private final NumberCheckPage numberPage;
  private final NumberChecks checks;
  private final PairingCodeFlow pairing;
  private final ReceiptWatch receipts;
  private int unconfirmedInARow;
  private final AtomicLong pacingWaitNanos = new AtomicLong();

  LinkedAccount(
      Config.WhatsApp config,
      String session,
      SessionStateListener listener,
      Config.Receipts receiptSettings,
      ReceiptLedger ledger) {
    this.config = config;
    this.tracker = new SessionTracker(session, listener);
    this.selectors = new SelectorTable(config.selectorsFile());
    this.scripts = new PageScripts();
    this.browser =
        new AccountBrowser(config, new BrowserLauncher(config), scripts, selectors, tracker);
    ChatOpener opener = new ChatOpener(config, selectors, scripts);
    this.chat = new ChatPage(config, selectors, scripts, opener);
    this.pacing = new Pacing(config.sendInterval(), config.sendJitter());
    this.turns = new BrowserTurns(pacing);
    this.numberPage = new NumberCheckPage(opener, selectors, scripts);
    this.checks = new NumberChecks(session, this::checkNow);
    this.pairing = new PairingCodeFlow(config, selectors, scripts);
    this.receipts =
        receiptSettings.enabled() && ledger != ReceiptLedger.NONE
            ? new ReceiptWatch(
                session,
                receiptSettings,
                turns,
                browser,
                tracker,
                new ReceiptReader(scripts),
                opener,
                ledger)
            : null;
  }

  void start() {
    browser.start();
    checks.start();
    if (receipts != null) receipts.start();
  }

  SendResult send(OutgoingMessage message, Handoff handoff) {
    if (!tracker.ready()) {
      return SendResult.transientFailure(
          "WhatsApp Web is not ready: " + tracker.status().state().wireName());
    }
    long waitStarted = System.nanoTime();
    try {
      turns.awaitSendTurn();
      pacingWaitNanos.addAndGet(System.nanoTime() - waitStarted);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.transientFailure("Interrupted while pacing sends");
    }
    TrackedHandoff tracked = new TrackedHandoff(handoff);
    SendResult result;
    try {
      result =
          browser.withDriver(
              driver -> {
                try {
                  return chat.send(driver, message, tracked);
                } catch (ChatPage.SessionLostException e) {
                  // Only raised before Enter: the chat never opened.
                  browser.observeNow();
                  return SendResult.transientFailure(e.getMessage());
                }
              });
    } catch (AccountBrowser.BrowserDownException e) {
      result = afterFailure(tracked, "Browser not running: " + e.getMessage());
    } catch (JavascriptException e) {
      result = afterFailure(tracked, "Page error while sending: " + BrowserErrors.brief(e));
    } catch (WebDriverException e) {
      result = browserFailed(message, tracked, e);
    } finally {
      turns.done();
    }
    account(message, result);
    if (receipts != null && result instanceof SendResult.Sent) receipts.afterSend();
    return result;
  }

  private SendResult browserFailed(
      OutgoingMessage message, TrackedHandoff tracked, WebDriverException e) {
    String net = BrowserErrors.netError(e);
    if (net != null && !tracked.begun) {
      safely(
          () ->
              browser.withDriver(
                  driver -> {
                    browser.observeNow();
                    return null;
                  }));
      return SendResult.transientFailure("WhatsApp Web cannot be reached: " + net);
    }
    log.warn("Browser failed while sending message {}: {}", message.id(), BrowserErrors.brief(e));
    return afterFailure(tracked, "Browser failed while sending: " + BrowserErrors.brief(e));
  }

  /** Before the point of no return a failure is retried; after it the page may have the message. */
  private static SendResult afterFailure(TrackedHandoff tracked, String what) {
    return tracked.begun
        ? SendResult.unconfirmed(what + ", after the message was handed to WhatsApp")
        : SendResult.transientFailure(what);
  }

  /** Counts the run of unconfirmed sends, names what the page lacked, and stops on drift. */
  private void account(OutgoingMessage message, SendResult result) {
    if (result instanceof SendResult.Sent sent) {
      streak(false);
      log.debug("Message {} confirmed; WhatsApp's id for it: {}", message.id(), sent.waMessageId());
      return;
    }
    if (result instanceof SendResult.PermanentFailure) return;
    List<String> missing =
        report(REPORT_AFTER_SEND_WAIT).map(SelectorReport::missingInChat).orElse(null);
    if (missing != null && !missing.isEmpty()) {
      log.warn(
          "Message {} {}; on the page now these found nothing: {}",
          message.id(),
          result instanceof SendResult.Unconfirmed ? "was not confirmed" : "was not sent",
          describe(missing));
    }
    if (!(result instanceof SendResult.Unconfirmed u)) return;
    int inARow = streak(true);
    if (inARow >= config.unconfirmedLimit()) {
      tracker.degrade(
          inARow
              + " sends in a row ended unconfirmed (the last: "
              + u.reason()
              + ")"
              + (missing == null || missing.isEmpty()
                  ? ""
                  : "; on the page now these found nothing: " + describe(missing)),
          missing == null ? List.of() : missing);
    }
  }

  /** The run of unconfirmed sends, one longer or back to none; the sender and resume share it. */
  private synchronized int streak(boolean unconfirmed) {
    unconfirmedInARow = unconfirmed ? unconfirmedInARow + 1 : 0;
    return unconfirmedInARow;
  }

  private String describe(List<String> names) {
    Selectors table = selectors.selectors();
    return String.join(
        ", ", names.stream().map(n -> n.contains("/") ? n : table.describe(n)).toList());
  }

  /**
   * Which generation of each element matches on the page now; empty when the browser is down or a
   * send held it for longer than {@code wait}.
   */
  Optional<SelectorReport> report(Duration wait) {
    try {
      return browser.withDriverWithin(
          wait,
          driver ->
              SelectorReport.from(
                  ((JavascriptExecutor) driver)
                      .executeScript(scripts.report, selectors.forScript()),
                  selectors.selectors()));
    } catch (RuntimeException e) {
      log.debug("No selector report: {}", BrowserErrors.brief(e));
      return Optional.empty();
    }
  }

  /** For the admin route: waits a little for a send in progress. */
  Optional<SelectorReport> report() {
    return report(REPORT_WAIT);
  }

  /**
   * The operator fixed the cause: reads {@code WA_SELECTORS_FILE} again (a bad file throws and
   * changes nothing), forgets the run of unconfirmed sends, and sends again if the page allows.
   */
  synchronized void resume() {
    selectors.reload();
    unconfirmedInARow = 0;
    tracker.resume();
  }

  SessionStatus status() {
    return tracker.status();
  }

  /**
   * Whether {@code phone} (E.164) is on WhatsApp, asked of the page in a turn of its own: behind
   * any waiting send, paced like one (see {@link BrowserTurns}).
   */
  CompletableFuture<NumberCheckResult> checkNumber(String phone) {
    return checks.check(phone);
  }

  private NumberCheckResult checkNow(String phone) {
    if (!tracker.ready()) return notReady();
    try {
      turns.awaitCheckTurn();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NumberCheckResult.unknown("interrupted");
    }
    try {
      if (!tracker.ready()) return notReady();
      return browser.withDriver(
          driver -> {
            try {
              return numberPage.check(driver, phone);
            } catch (ChatPage.SessionLostException e) {
              browser.observeNow();
              return NumberCheckResult.unknown(e.getMessage());
            }
          });
    } catch (WebDriverException | AccountBrowser.BrowserDownException e) {
      return NumberCheckResult.unknown("the browser failed: " + BrowserErrors.brief(e));
    } finally {
      turns.done();
    }
  }

  private NumberCheckResult notReady() {
    return NumberCheckResult.unknown(
        "WhatsApp Web is not ready (" + tracker.status().state().wireName() + ")");
  }

  /**
   * Asks the landing screen for a pairing code for {@code phone} (E.164); waits a little for the
   * browser if something else holds it.
   */
  PairingResult pairingCode(String phone) {
    SessionState state = tracker.status().state();
    if (state == SessionState.READY
        || state == SessionState.DEGRADED
        || state == SessionState.TAKEN_OVER) {
      return new PairingResult.AlreadyLinked(state.wireName());
    }
    try {
      return browser
          .withDriverWithin(REPORT_WAIT, driver -> pairing.request(driver, phone))
          .orElseGet(() -> new PairingResult.NotNow("the browser is busy; try again shortly"));
    } catch (AccountBrowser.BrowserDownException e) {
      return new PairingResult.NotNow("the browser is not running; try again shortly");
    } catch (WebDriverException e) {
      return new PairingResult.NotNow("the browser failed: " + BrowserErrors.brief(e));
    }
  }

  /** Time sends of this account spent waiting for their turn (WA_SEND_INTERVAL), in all. */
  long pacingWaitNanos() {
    return pacingWaitNanos.get();
  }

  /**
   * The linked account's number as the page keeps it ({@code last-wid-md} in local storage, a wid
   * like {@code "972501234567:7@c.us"}), with a leading +; empty while not linked or while a send
   * holds the browser.
   */
  Optional<String> linkedPhone() {
    try {
      return browser
          .withDriverWithin(
              Duration.ofMillis(500),
              driver ->
                  ((JavascriptExecutor) driver)
                      .executeScript("return window.localStorage.getItem('last-wid-md');"))
          .map(String::valueOf)
          .map(wid -> wid.replaceAll("^\"|\"$", ""))
          .filter(wid -> wid.matches("\\d{6,15}[:@].*"))
          .map(wid -> "+" + wid.replaceAll("[:@].*", ""));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  SessionStatus freshStatus() {
    return browser.freshStatus();
  }

  /** Quits the browser and starts a new one at once on the same profile (the login survives). */
  void restartBrowser(String reason) {
    browser.restart(reason);
  }

  boolean ready() {
    return tracker.ready();
  }

  Selectors selectors() {
    return selectors.selectors();
  }

  private static void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      log.debug("Looking at the page after a failed send: {}", BrowserErrors.brief(e));
    }
  }

  @Override
  public void close() {
    if (receipts != null) receipts.close();
    checks.close();
    browser.close();
  }

  /** Remembers whether the point of no return was recorded. */
  private static final class TrackedHandoff implements Handoff {
    private final Handoff handoff;
    private boolean begun;

    TrackedHandoff(Handoff handoff) {
      this.handoff = handoff;
    }

    @Override
    public boolean begin() {
      if (begun) return true;
      begun = handoff.begin();
      return begun;
    }
  }
}

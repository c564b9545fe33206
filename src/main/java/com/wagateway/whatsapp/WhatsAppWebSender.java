package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import com.wagateway.queue.Handoff;
import com.wagateway.queue.NumberChecker;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.queue.Sender;
import com.wagateway.queue.SessionScope;
import com.wagateway.receipt.ReceiptLedger;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Sends through WhatsApp Web in a Chromium that stays logged in ({@code WA_SENDER=whatsapp-web}),
 * one {@link LinkedAccount}. The worker claims messages only while {@link #ready()}: a QR to scan,
 * a restarting browser or a degraded session leaves them pending instead of burning their attempts.
 */
public final class WhatsAppWebSender implements Sender {
  private final LinkedAccount account;
  private final String session;

  public WhatsAppWebSender(Config.WhatsApp config) {
    this(config, SessionStateListener.NONE);
  }

  public WhatsAppWebSender(Config.WhatsApp config, SessionStateListener listener) {
    this(config, "default", listener);
  }

  /**
   * The browser of one named session, on that session's profile ({@link
   * Config.WhatsApp#forSession}).
   */
  public WhatsAppWebSender(Config.WhatsApp config, String session, SessionStateListener listener) {
    this(config, session, listener, Config.Receipts.OFF, ReceiptLedger.NONE);
  }

  /**
   * As above, following its sent messages to delivered and read as {@code receipts} says, written
   * to {@code ledger}.
   */
  public WhatsAppWebSender(
      Config.WhatsApp config,
      String session,
      SessionStateListener listener,
      Config.Receipts receipts,
      ReceiptLedger ledger) {
    this.session = session;
    this.account =
        new LinkedAccount(config.forSession(session), session, listener, receipts, ledger);
    account.start();
  }

  /** Time this account's sends waited for their turn (pacing), in all, in nanoseconds. */
  public long pacingWaitNanos() {
    return account.pacingWaitNanos();
  }

  /** The linked account's number (+972...), when the page tells it. */
  public Optional<String> linkedPhone() {
    return account.linkedPhone();
  }

  @Override
  public SendResult send(OutgoingMessage message, Handoff handoff) {
    if (message.mediaId() != null && message.file() == null) {
      // Never the caption alone in place of the file; the queue puts the file on disk first.
      return SendResult.transientFailure(
          "The file of this message (media "
              + message.mediaId()
              + ") was not put on disk for the browser");
    }
    return account.send(message, handoff);
  }

  @Override
  public boolean ready() {
    return account.ready();
  }

  /** Only its own session's messages: another session's must leave from another account. */
  @Override
  public SessionScope scope() {
    return account.ready() ? SessionScope.only(Set.of(session)) : SessionScope.NONE;
  }

  @Override
  public boolean ready(String session) {
    return this.session.equals(session) && account.ready();
  }

  @Override
  public String state() {
    return account.status().state().wireName();
  }

  @Override
  public String detail() {
    SessionStatus s = account.status();
    if (s.state() == SessionState.READY) return null;
    return s.state() == SessionState.DEGRADED || s.state() == SessionState.SITE_UNREACHABLE
        ? s.lastError() + ". " + s.state().description()
        : s.state().description();
  }

  /** The session for the admin routes: state, QR, browser facts. */
  public SessionStatus status() {
    return account.status();
  }

  /**
   * The session after a fresh look at the page (unless a send is under way): for serving the
   * current QR.
   */
  public SessionStatus freshStatus() {
    return account.freshStatus();
  }

  /**
   * Whether {@code phone} (E.164) is on WhatsApp, asked of the page between sends: a check waits
   * behind every due message and is paced like a send. Completes when its turn came.
   */
  public CompletableFuture<NumberCheckResult> checkNumber(String phone) {
    return account.checkNumber(phone);
  }

  @Override
  public boolean answersForWhatsApp() {
    return true;
  }

  @Override
  public Optional<NumberChecker> numberChecker() {
    return Optional.of(
        phone ->
            checkNumber(phone)
                .thenApply(r -> new NumberChecker.Answer(r.onWhatsApp(), r.detail())));
  }

  /**
   * Drives the landing screen's "Link with phone number instead" flow for {@code phone} (E.164) and
   * answers the code it shows (also logged).
   */
  public PairingResult pairingCode(String phone) {
    return account.pairingCode(phone);
  }

  /** Which generation of each selector matches on the page now; empty while the browser is busy. */
  public Optional<SelectorReport> selectorReport() {
    return account.report();
  }

  /**
   * Resumes a degraded session after re-reading {@code WA_SELECTORS_FILE}; throws {@link
   * com.wagateway.config.ConfigException} (and changes nothing) when the file is wrong.
   */
  public void resume() {
    account.resume();
  }

  /**
   * Quits the browser and starts a fresh one on the same profile, so no new QR scan is needed;
   * {@code reason} goes into the log and the session's last error.
   */
  public void restartBrowser(String reason) {
    account.restartBrowser(reason);
  }

  /**
   * Waits until the session leaves STARTING (for one-shot runs such as process-queue); false on
   * timeout.
   */
  public boolean awaitSettled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      SessionState s = account.status().state();
      if (s != SessionState.STARTING && s != SessionState.BROWSER_DOWN) return true;
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public void close() {
    account.close();
  }
}

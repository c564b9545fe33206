package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.queue.Sender;
import java.time.Duration;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.WebDriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends through WhatsApp Web in one Chromium that stays logged in ({@code WA_SENDER=whatsapp-web}).
 * The worker claims messages only while {@link #ready()}: a QR to scan or a restarting browser
 * leaves them pending instead of burning their attempts.
 */
public final class WhatsAppWebSender implements Sender {
  private static final Logger log = LoggerFactory.getLogger(WhatsAppWebSender.class);

  private final BrowserSession session;
  private final ChatPage chat;
  private final Pacing pacing;

  public WhatsAppWebSender(Config.WhatsApp config) {
    Selectors selectors = Selectors.load(config.selectorsFile());
    PageScripts scripts = new PageScripts();
    this.session = new BrowserSession(config, new BrowserLauncher(config), selectors, scripts);
    this.chat = new ChatPage(config, selectors, scripts);
    this.pacing = new Pacing(config.sendInterval(), config.sendJitter());
    session.start();
  }

  @Override
  public SendResult send(OutgoingMessage message) {
    if (!session.ready()) {
      return SendResult.transientFailure(
          "WhatsApp Web is not ready: " + session.status().state().wireName());
    }
    try {
      pacing.awaitTurn();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.transientFailure("Interrupted while pacing sends");
    }
    try {
      return session.withDriver(
          driver -> {
            try {
              return chat.send(driver, message);
            } catch (ChatPage.SessionLostException e) {
              session.observeNow();
              return SendResult.transientFailure(e.getMessage());
            }
          });
    } catch (BrowserSession.BrowserDownException e) {
      return SendResult.transientFailure("Browser not running: " + e.getMessage());
    } catch (JavascriptException e) {
      return SendResult.transientFailure("Page error while sending: " + BrowserSession.brief(e));
    } catch (WebDriverException e) {
      log.warn(
          "Browser failed while sending message {}: {}", message.id(), BrowserSession.brief(e));
      return SendResult.transientFailure(
          "Browser failed while sending: " + BrowserSession.brief(e));
    } finally {
      pacing.sent();
    }
  }

  @Override
  public boolean ready() {
    return session.ready();
  }

  @Override
  public String state() {
    return session.status().state().wireName();
  }

  /** The session for the admin routes: state, QR, browser facts. */
  public SessionStatus status() {
    return session.status();
  }

  /**
   * The session after a fresh look at the page (unless a send is under way): for serving the
   * current QR.
   */
  public SessionStatus freshStatus() {
    return session.freshStatus();
  }

  /**
   * Quits the browser and starts a fresh one on the same profile, so no new QR scan is needed;
   * {@code reason} goes into the log and the session's last error.
   */
  public void restartBrowser(String reason) {
    session.restart(reason);
  }

  /**
   * Waits until the session leaves STARTING (for one-shot runs such as process-queue); false on
   * timeout.
   */
  public boolean awaitSettled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      SessionState s = session.status().state();
      if (s != SessionState.STARTING && s != SessionState.BROWSER_DOWN) return true;
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public void close() {
    session.close();
  }
}

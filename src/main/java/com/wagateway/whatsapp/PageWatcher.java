package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import java.time.Duration;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the page shows into the session state: the one place a look at the page (probe.js)
 * becomes {@code ready}, {@code qr_required}, {@code site_unreachable}, ... Also does what a state
 * asks for: read the QR, click "Use here" when allowed, reload a page that never loaded, and try an
 * unreachable site again with backoff. Called with the browser's lock held.
 */
final class PageWatcher {
  private static final Logger log = LoggerFactory.getLogger(PageWatcher.class);

  private final Config.WhatsApp config;
  private final PageScripts scripts;
  private final SelectorTable selectors;
  private final SessionTracker tracker;
  private final QrReader qrReader = new QrReader();
  private final RestartPolicy siteRetry = new RestartPolicy();
  private long navigatedAt = System.nanoTime();
  private boolean everReady;

  PageWatcher(
      Config.WhatsApp config,
      PageScripts scripts,
      SelectorTable selectors,
      SessionTracker tracker) {
    this.config = config;
    this.scripts = scripts;
    this.selectors = selectors;
    this.tracker = tracker;
  }

  /** A new browser: it has not been logged in yet. */
  void newBrowser() {
    everReady = false;
  }

  /** Opens WhatsApp Web. A site that cannot be reached is a state of the session, not a failure. */
  void openApp(WebDriver driver) {
    navigatedAt = System.nanoTime();
    try {
      driver.get(config.webUrl() + "/");
    } catch (WebDriverException e) {
      String net = BrowserErrors.netError(e);
      if (net == null) throw e;
      sawUnreachable(net);
    }
  }

  /** What one look at the page found, made into the session state. */
  void interpret(WebDriver driver, PageProbe page) {
    SessionState state =
        switch (page.screen()) {
          case "logged_in" -> SessionState.READY;
          case "qr", "pairing" ->
              everReady || page.loggedOutBefore()
                  ? SessionState.LOGGED_OUT
                  : SessionState.QR_REQUIRED;
          case "taken_over" -> SessionState.TAKEN_OVER;
          case "unreachable" -> SessionState.SITE_UNREACHABLE;
          default -> SessionState.STARTING;
        };
    if (state != SessionState.SITE_UNREACHABLE && state != SessionState.STARTING) {
      siteRetry.succeeded();
    }
    if (state == SessionState.READY) {
      everReady = true;
      qrReader.forget();
    }
    if (state.showsQr()) {
      QrReader.Qr qr = qrReader.read(page);
      tracker.qr(qr.payload(), qr.image());
    }
    if (state == SessionState.TAKEN_OVER && config.takeOverSession()) {
      Object clicked =
          ((JavascriptExecutor) driver).executeScript(scripts.useHere, selectors.forScript());
      if (Boolean.TRUE.equals(clicked))
        log.warn(
            "WhatsApp was open in another browser; clicked \"Use here\""
                + " (WA_WHATSAPP_TAKE_OVER=true)");
    }
    if (state == SessionState.SITE_UNREACHABLE) {
      if (tracker.pageState() == SessionState.SITE_UNREACHABLE && siteRetry.due()) {
        siteRetry.failed(Duration.ZERO);
        log.debug("Trying WhatsApp Web again; next try in {} ms", siteRetry.lastDelay().toMillis());
        openApp(driver);
      } else {
        sawUnreachable(page.error());
      }
      return;
    }
    if (state == SessionState.STARTING && loadingFor().compareTo(config.pageLoadTimeout()) > 0) {
      String what =
          "rate_limited".equals(page.screen())
              ? "WhatsApp answered HTTP 429 (too many requests)"
              : "none of loading, qr_canvas, logged_in or use_here_button appeared (page '"
                  + page.title()
                  + "'); if WhatsApp changed its page, fix the selectors with WA_SELECTORS_FILE";
      log.warn(
          "WhatsApp Web did not load within {} s: {}; reloading",
          config.pageLoadTimeout().toSeconds(),
          what);
      tracker.error(what);
      openApp(driver);
    }
    tracker.pageShows(state);
  }

  /** Chromium shows its error page (or refused the navigation): the network, not the browser. */
  private void sawUnreachable(String error) {
    boolean first = tracker.pageState() != SessionState.SITE_UNREACHABLE;
    String what =
        "WhatsApp Web at "
            + config.webUrl()
            + " cannot be reached: "
            + (error == null ? "Chromium shows its error page" : error);
    if (first) {
      siteRetry.failed(Duration.ZERO);
      log.warn(
          "{} (DNS, connection refused or proxy; check the network and WA_WHATSAPP_WEB_URL);"
              + " trying again with backoff, first in {} ms",
          what,
          siteRetry.lastDelay().toMillis());
    }
    tracker.error(what);
    tracker.pageShows(SessionState.SITE_UNREACHABLE);
  }

  private Duration loadingFor() {
    return Duration.ofNanos(System.nanoTime() - navigatedAt);
  }
}

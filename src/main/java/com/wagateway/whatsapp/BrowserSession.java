package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchSessionException;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one logged-in browser: starts it, watches the page to know the session state, restarts it
 * with backoff when it crashes or hangs.
 *
 * <p>Selenium drivers are not thread-safe, so every use of the driver goes through one lock. A
 * monitor thread looks at the page about once a second, but only when nobody holds the lock: a send
 * in progress is never interrupted by a probe.
 */
public final class BrowserSession implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrowserSession.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration STARTING_POLL = Duration.ofMillis(200);
  private static final Duration FIRST_RESTART_DELAY = Duration.ofMillis(500);
  private static final Duration MAX_RESTART_DELAY = Duration.ofMinutes(1);

  /** A browser that lived this long before failing is not in a crash loop: restart it at once. */
  private static final Duration STABLE_UPTIME = Duration.ofMinutes(1);

  private static final int FAILED_PROBES_BEFORE_RESTART = 3;

  /** A probe is a few DOM queries; a browser that cannot answer one in this time is hung. */
  private static final Duration PROBE_BUDGET = Duration.ofSeconds(15);

  private final Config.WhatsApp config;
  private final BrowserLauncher launcher;
  private final PageScripts scripts;
  private final Map<String, Object> selectorTable;
  private final ReentrantLock lock = new ReentrantLock();
  private final Object wakeUp = new Object();
  private final Thread monitor;

  // Runs probes so the monitor can give up on one that hangs; a hung call keeps its thread.
  private final ExecutorService probes =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "whatsapp-probe");
            t.setDaemon(true);
            return t;
          });

  // Guarded by lock.
  private BrowserLauncher.Browser browser;
  private WebDriver driver;
  private long navigatedAt;
  private long startedAt;
  private boolean everReady;
  private int failedProbes;

  // Written under lock, read anywhere.
  private volatile SessionStatus status =
      new SessionStatus(SessionState.STARTING, Instant.now(), null, null, null, null, 0, null);
  private volatile boolean closed;
  private volatile long nextStartAt;
  private Duration restartDelay = FIRST_RESTART_DELAY;
  private int restarts = -1;
  private final QrReader qrReader = new QrReader();

  BrowserSession(
      Config.WhatsApp config, BrowserLauncher launcher, Selectors selectors, PageScripts scripts) {
    this.config = config;
    this.launcher = launcher;
    this.scripts = scripts;
    this.selectorTable = selectors.forScript();
    this.monitor = new Thread(this::monitorLoop, "whatsapp-session");
    this.monitor.setDaemon(true);
  }

  /** Starts the browser in the background; the state says when it is ready. */
  void start() {
    monitor.start();
  }

  SessionStatus status() {
    return status;
  }

  boolean ready() {
    return status.state() == SessionState.READY;
  }

  Map<String, Object> selectorTable() {
    return selectorTable;
  }

  /**
   * Runs work with the driver, holding the lock. A driver failure other than a page script error is
   * checked: when the browser is gone it is marked down (and restarted by the monitor) before the
   * exception goes on to the caller.
   */
  <T> T withDriver(Function<WebDriver, T> work) {
    lock.lock();
    try {
      if (driver == null)
        throw new BrowserDownException(
            "the browser is not running (" + status.state().wireName() + ")");
      try {
        return work.apply(driver);
      } catch (JavascriptException e) {
        throw e;
      } catch (WebDriverException e) {
        checkAlive(e);
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Looks at the page now (e.g. a send found a QR where the chat should be). Call with the lock
   * held.
   */
  void observeNow() {
    if (lock.isHeldByCurrentThread() && driver != null) {
      try {
        observe();
      } catch (WebDriverException e) {
        checkAlive(e);
      }
    }
  }

  /**
   * Looks at the page now unless a send holds the browser (then the last look stands). The QR
   * rotates every few tens of seconds, so the admin route asks for a fresh look before serving it.
   */
  SessionStatus freshStatus() {
    try {
      if (lock.tryLock(200, TimeUnit.MILLISECONDS)) {
        try {
          if (driver != null) probe();
        } finally {
          lock.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return status;
  }

  /**
   * Quits the browser and starts a new one at once on the same profile (the login survives), for an
   * operator who sees it stuck. Waits for a send in progress to finish first.
   */
  void restart(String reason) {
    lock.lock();
    try {
      if (closed) return;
      log.warn("Restarting the browser: {}", reason);
      quitDriver();
      restartDelay = FIRST_RESTART_DELAY;
      nextStartAt = System.nanoTime();
      status = status.withError(reason);
      setState(SessionState.BROWSER_DOWN);
    } finally {
      lock.unlock();
    }
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  private void monitorLoop() {
    while (!closed) {
      try {
        if (driver == null) {
          if (System.nanoTime() >= nextStartAt) startBrowser();
        } else if (lock.tryLock()) {
          try {
            if (driver != null) probe();
          } finally {
            lock.unlock();
          }
        }
      } catch (RuntimeException | LinkageError e) {
        // The monitor is the only thing that restarts the browser: it must outlive any failure.
        log.error("WhatsApp session monitor failed; carrying on", e);
      }
      synchronized (wakeUp) {
        if (closed) break;
        try {
          // While the app loads, look more often: the worker waits for READY.
          long wait =
              status.state() == SessionState.STARTING ? STARTING_POLL.toMillis() : POLL.toMillis();
          if (driver == null)
            wait = Math.max(10, Math.min(wait, (nextStartAt - System.nanoTime()) / 1_000_000));
          wakeUp.wait(wait);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void startBrowser() {
    lock.lock();
    try {
      if (closed || driver != null) return;
      restarts++;
      setState(SessionState.STARTING);
      long t0 = System.nanoTime();
      browser = launcher.launch();
      driver = browser.driver();
      startedAt = System.nanoTime();
      everReady = false;
      failedProbes = 0;
      long startup = (startedAt - t0) / 1_000_000;
      status = status.withBrowser(Instant.now(), startup, Math.max(0, restarts));
      log.info(
          "Chromium started in {} ms{}; opening {}",
          startup,
          restarts > 0 ? " (restart " + restarts + ")" : "",
          config.webUrl());
      openApp();
      probe();
    } catch (RuntimeException | LinkageError e) {
      String reason = brief(e);
      log.warn(
          "Could not start the browser: {}; retrying in {} ms", reason, restartDelay.toMillis());
      if (e instanceof LinkageError) log.error("The build is missing part of Selenium", e);
      browserDown(reason);
    } finally {
      lock.unlock();
    }
  }

  private void openApp() {
    driver.get(config.webUrl() + "/");
    navigatedAt = System.nanoTime();
  }

  private void probe() {
    try {
      observe();
      failedProbes = 0;
    } catch (JavascriptException e) {
      // The page was between two documents; look again next time.
      failedProbes++;
      log.debug("Page probe failed: {}", brief(e));
    } catch (HungException e) {
      log.warn("The browser hung: {}; restarting it", e.getMessage());
      abandon("browser hung: " + e.getMessage());
    } catch (WebDriverException e) {
      failedProbes++;
      if (isDead(e) || failedProbes >= FAILED_PROBES_BEFORE_RESTART) {
        log.warn("The browser stopped answering ({}); restarting it", brief(e));
        browserDown("browser stopped answering: " + brief(e));
      }
    }
  }

  private void observe() {
    WebDriver d = driver;
    PageProbe page =
        PageProbe.from(
            bounded(
                () -> ((JavascriptExecutor) d).executeScript(scripts.probe, selectorTable, true)));
    SessionState state =
        switch (page.screen()) {
          case "logged_in" -> SessionState.READY;
          case "qr" ->
              everReady || page.loggedOutBefore()
                  ? SessionState.LOGGED_OUT
                  : SessionState.QR_REQUIRED;
          case "taken_over" -> SessionState.TAKEN_OVER;
          default -> SessionState.STARTING;
        };
    if (state == SessionState.READY) everReady = true;
    if (state.showsQr()) {
      QrReader.Qr qr = qrReader.read(page);
      status = status.withQr(qr.payload(), qr.image());
    }
    if (state == SessionState.TAKEN_OVER && config.takeOverSession()) {
      Object clicked = ((JavascriptExecutor) driver).executeScript(scripts.useHere, selectorTable);
      if (Boolean.TRUE.equals(clicked))
        log.warn(
            "WhatsApp was open in another browser; clicked \"Use here\""
                + " (WA_WHATSAPP_TAKE_OVER=true)");
    }
    if (state == SessionState.STARTING
        && elapsedSince(navigatedAt).compareTo(config.pageLoadTimeout()) > 0) {
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
      status = status.withError(what);
      openApp();
    }
    setState(state);
  }

  private void setState(SessionState state) {
    SessionStatus before = status;
    if (before.state() == state) return;
    status = before.withState(state, Instant.now());
    if (state == SessionState.READY) {
      log.info("WhatsApp session {} -> ready", before.state().wireName());
      qrReader.forget();
    } else {
      log.warn(
          "WhatsApp session {} -> {}: {}",
          before.state().wireName(),
          state.wireName(),
          state.description());
    }
  }

  private void checkAlive(WebDriverException e) {
    if (driver == null) return;
    if (isDead(e)) {
      browserDown("browser crashed: " + brief(e));
      return;
    }
    WebDriver d = driver;
    try {
      bounded(() -> ((JavascriptExecutor) d).executeScript("return 1"));
    } catch (HungException hung) {
      abandon("browser hung: " + hung.getMessage());
    } catch (WebDriverException again) {
      browserDown("browser stopped answering: " + brief(again));
    }
  }

  /** Runs one driver call, giving up after {@link #PROBE_BUDGET}. */
  private Object bounded(Callable<Object> call) {
    Future<Object> result = probes.submit(call);
    try {
      return result.get(PROBE_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      result.cancel(true);
      throw new HungException(
          "no answer to a page probe within " + PROBE_BUDGET.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new WebDriverException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WebDriverException("interrupted while probing the page");
    }
  }

  /** Marks the browser down without asking it anything more: quitting a hung browser hangs too. */
  private void abandon(String reason) {
    BrowserLauncher.Browser hung = browser;
    browser = null;
    driver = null;
    if (hung != null) hung.abandon();
    browserDown(reason);
  }

  private void browserDown(String reason) {
    boolean wasStable = driver != null && elapsedSince(startedAt).compareTo(STABLE_UPTIME) > 0;
    quitDriver();
    if (wasStable) restartDelay = FIRST_RESTART_DELAY;
    nextStartAt = System.nanoTime() + restartDelay.toNanos();
    restartDelay =
        restartDelay.multipliedBy(2).compareTo(MAX_RESTART_DELAY) > 0
            ? MAX_RESTART_DELAY
            : restartDelay.multipliedBy(2);
    status = status.withError(reason);
    setState(SessionState.BROWSER_DOWN);
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  private void quitDriver() {
    WebDriver d = driver;
    driver = null;
    browser = null;
    if (d == null) return;
    try {
      d.quit();
    } catch (RuntimeException e) {
      log.debug("Quitting the old browser: {}", brief(e));
    }
  }

  /** Driver errors that mean the browser or its session is gone for good. */
  private static boolean isDead(WebDriverException e) {
    if (e instanceof NoSuchSessionException || e instanceof SessionNotCreatedException) return true;
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("not reachable")
        || m.contains("disconnected")
        || m.contains("crash")
        || m.contains("invalid session id")
        || m.contains("no such window")
        || m.contains("target window already closed")
        || m.contains("connection refused")
        || m.contains("session deleted");
  }

  static String brief(Throwable e) {
    String m = e.getMessage();
    if (m == null) return e.getClass().getSimpleName();
    int end = m.indexOf('\n');
    return (end < 0 ? m : m.substring(0, end)).strip();
  }

  private static Duration elapsedSince(long nanoTime) {
    return Duration.ofNanos(System.nanoTime() - nanoTime);
  }

  @Override
  public void close() {
    closed = true;
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
    monitor.interrupt();
    try {
      monitor.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      quitDriver();
    } finally {
      lock.unlock();
    }
    probes.shutdownNow();
  }

  private static final class HungException extends RuntimeException {
    HungException(String message) {
      super(message, null, false, false);
    }
  }

  /** The browser is not running; the message in hand is retried later. */
  static final class BrowserDownException extends RuntimeException {
    BrowserDownException(String message) {
      super(message, null, false, false);
    }
  }
}

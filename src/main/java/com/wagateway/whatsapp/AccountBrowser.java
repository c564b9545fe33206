package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import com.wagateway.maintenance.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one browser of a linked account: starts it, lends it out, looks at its page about once a
 * second, and restarts it (after {@link RestartPolicy}) when it crashes or hangs. What the page
 * means is {@link PageWatcher}'s business; the state lives in {@link SessionTracker}.
 *
 * <p>Selenium drivers are not thread-safe, so every use of the driver goes through one lock. The
 * monitor looks at the page only when nobody holds the lock: a send in progress is never
 * interrupted by a probe.
 */
final class AccountBrowser implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AccountBrowser.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration STARTING_POLL = Duration.ofMillis(200);
  private static final int FAILED_PROBES_BEFORE_RESTART = 3;

  /** A probe is a few DOM queries; a browser that cannot answer one in this time is hung. */
  private static final Duration PROBE_BUDGET = Duration.ofSeconds(15);

  private final Config.WhatsApp config;
  private final BrowserLauncher launcher;
  private final PageScripts scripts;
  private final SelectorTable selectors;
  private final SessionTracker tracker;
  private final PageWatcher watcher;
  private final RestartPolicy restarts = new RestartPolicy();
  private final ReentrantLock lock = new ReentrantLock();
  private final Object wakeUp = new Object();
  private final Thread monitor;
  private final BoundedCalls probes = new BoundedCalls(PROBE_BUDGET);

  // Guarded by lock.
  private BrowserLauncher.Browser browser;
  private WebDriver driver;
  private long startedAt;
  private int failedProbes;
  private int launches;

  private volatile boolean closed;
  private final Object quitting = new Object();

  AccountBrowser(
      Config.WhatsApp config,
      BrowserLauncher launcher,
      PageScripts scripts,
      SelectorTable selectors,
      SessionTracker tracker) {
    this.config = config;
    this.launcher = launcher;
    this.scripts = scripts;
    this.selectors = selectors;
    this.tracker = tracker;
    this.watcher = new PageWatcher(config, scripts, selectors, tracker);
    // The thread's name (and the MDC) put the session's name on every log line it writes.
    this.monitor = DaemonThreads.thread(this::monitorLoop, "whatsapp-" + tracker.session());
  }

  /** Starts the browser in the background; the state says when it is ready. */
  void start() {
    monitor.start();
  }

  /**
   * Runs work with the driver, holding the lock. A driver failure other than a page script error is
   * checked: when the browser is gone it is marked down (and restarted by the monitor) before the
   * exception goes on to the caller.
   */
  <T> T withDriver(Function<WebDriver, T> work) {
    lock.lock();
    try {
      return use(work);
    } finally {
      lock.unlock();
    }
  }

  /**
   * As {@link #withDriver}, but gives up (empty) when a send holds the browser for {@code wait}.
   */
  <T> Optional<T> withDriverWithin(Duration wait, Function<WebDriver, T> work) {
    try {
      if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(use(work));
    } finally {
      lock.unlock();
    }
  }

  private <T> T use(Function<WebDriver, T> work) {
    if (driver == null)
      throw new BrowserDownException(
          "the browser is not running (" + tracker.status().state().wireName() + ")");
    try {
      return work.apply(driver);
    } catch (JavascriptException e) {
      throw e;
    } catch (WebDriverException e) {
      checkAlive(e);
      throw e;
    }
  }

  /**
   * Looks at the page now (a send found a QR where the chat should be, or could not reach the
   * site). Call with the lock held.
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
    return tracker.status();
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
      restarts.startNow();
      tracker.error(reason);
      tracker.pageShows(SessionState.BROWSER_DOWN);
    } finally {
      lock.unlock();
    }
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  private void monitorLoop() {
    org.slf4j.MDC.put("session", tracker.session());
    while (!closed) {
      try {
        if (driver == null) {
          if (restarts.due()) startBrowser();
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
              tracker.status().state() == SessionState.STARTING
                  ? STARTING_POLL.toMillis()
                  : POLL.toMillis();
          if (driver == null) wait = Math.max(10, Math.min(wait, restarts.millisUntilDue()));
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
      tracker.pageShows(SessionState.STARTING);
      long t0 = System.nanoTime();
      browser = launcher.launch();
      driver = browser.driver();
      startedAt = System.nanoTime();
      failedProbes = 0;
      watcher.newBrowser();
      long startup = (startedAt - t0) / 1_000_000;
      tracker.browserStarted(Instant.now(), startup, launches);
      log.info(
          "Chromium started in {} ms{}; opening {}",
          startup,
          launches > 0 ? " (restart " + launches + ")" : "",
          config.webUrl());
      launches++;
      watcher.openApp(driver);
      probe();
    } catch (RuntimeException | LinkageError e) {
      String reason = BrowserErrors.brief(e);
      if (e instanceof LinkageError) log.error("The build is missing part of Selenium", e);
      browserDown("could not start the browser: " + reason);
    } finally {
      lock.unlock();
    }
  }

  private void probe() {
    try {
      observe();
      failedProbes = 0;
    } catch (JavascriptException e) {
      // The page was between two documents; look again next time.
      failedProbes++;
      log.debug("Page probe failed: {}", BrowserErrors.brief(e));
    } catch (BoundedCalls.HungException e) {
      abandon("browser hung: " + e.getMessage());
    } catch (WebDriverException e) {
      failedProbes++;
      if (BrowserErrors.isDead(e) || failedProbes >= FAILED_PROBES_BEFORE_RESTART) {
        browserDown("browser stopped answering: " + BrowserErrors.brief(e));
      }
    }
  }

  private void observe() {
    WebDriver d = driver;
    Object seen =
        probes.call(
            () ->
                ((JavascriptExecutor) d).executeScript(scripts.probe, selectors.forScript(), true));
    watcher.interpret(d, PageProbe.from(seen));
  }

  private void checkAlive(WebDriverException e) {
    // A thread being stopped (the receipt watch, as the service stops) says nothing about the
    // browser: close() quits it, from a thread whose calls are not cut short.
    if (driver == null || closed || Thread.currentThread().isInterrupted()) return;
    if (BrowserErrors.isDead(e)) {
      browserDown("browser crashed: " + BrowserErrors.brief(e));
      return;
    }
    WebDriver d = driver;
    try {
      probes.call(() -> ((JavascriptExecutor) d).executeScript("return 1"));
    } catch (BoundedCalls.HungException hung) {
      abandon("browser hung: " + hung.getMessage());
    } catch (WebDriverException again) {
      browserDown("browser stopped answering: " + BrowserErrors.brief(again));
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
    // Stopping: a call cut short by the stop is not a browser to restart, and close() quits it.
    if (closed) return;
    Duration upFor =
        driver == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - startedAt);
    quitDriver();
    restarts.failed(upFor);
    log.warn(
        "The browser is down ({}); restarting it in {} ms",
        reason,
        restarts.lastDelay().toMillis());
    tracker.error(reason);
    tracker.pageShows(SessionState.BROWSER_DOWN);
    synchronized (wakeUp) {
      wakeUp.notifyAll();
    }
  }

  private void quitDriver() {
    // One quit at a time, and a second caller waits for the first: close() must not return while
    // another thread (the receipt watch finding the browser gone as the service stops) is still
    // quitting Chromium, which goes on writing its profile until then.
    synchronized (quitting) {
      WebDriver d = driver;
      driver = null;
      browser = null;
      if (d == null) return;
      // Quit whole even from a thread being stopped: cut short, Chromium would outlive it.
      boolean interrupted = Thread.interrupted();
      try {
        d.quit();
      } catch (RuntimeException e) {
        log.debug("Quitting the old browser: {}", BrowserErrors.brief(e));
      } finally {
        if (interrupted) Thread.currentThread().interrupt();
      }
    }
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
    probes.close();
  }

  /** The browser is not running; the message in hand is retried later. */
  static final class BrowserDownException extends RuntimeException {
    BrowserDownException(String message) {
      super(message, null, false, false);
    }
  }
}

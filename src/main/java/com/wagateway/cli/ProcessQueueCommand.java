package com.wagateway.cli;

import com.wagateway.App;
import com.wagateway.config.Config;
import com.wagateway.db.Database;
import com.wagateway.db.EmbeddedDatabase;
import com.wagateway.maintenance.Maintainer;
import com.wagateway.maintenance.MonotonicClock;
import com.wagateway.queue.DrainResult;
import com.wagateway.queue.MessageQueue;
import com.wagateway.queue.QueueWorker;
import com.wagateway.queue.Sender;
import com.wagateway.queue.WorkerSettings;
import com.wagateway.webhook.Outbox;
import com.wagateway.whatsapp.SessionState;
import com.wagateway.whatsapp.SessionStatus;
import com.wagateway.whatsapp.WhatsAppWebSender;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "process-queue",
    description =
        "Send every due message once with the configured sender, print what happened, exit."
            + " Exits 3 without sending when the sender cannot send (WhatsApp not linked, no"
            + " browser).")
final class ProcessQueueCommand implements Callable<Integer> {
  /** The exit code of a run that could not send: the sender is not ready. */
  static final int NOT_READY = 3;

  // Chromium starts in a few seconds; the page's own load has WA_PAGE_LOAD_TIMEOUT on top.
  private static final Duration BROWSER_START = Duration.ofSeconds(20);

  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Option(
      names = "--loop",
      description = "Keep polling for due messages until stopped (like serve without HTTP).")
  boolean loop;

  @Override
  public Integer call() throws InterruptedException {
    Config config = main.config();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Database database =
            Database.open(config.database(), config.dataDir(), EmbeddedDatabase.Role.COMMAND);
        Sender sender = App.sender(config)) {
      err.println("Database: " + database.description());
      err.flush();
      MessageQueue queue =
          new MessageQueue(
              Database.dsl(database.workerPool()),
              config.worker().instanceId(),
              new Outbox(config.webhooks().maxAge()));
      QueueWorker worker = new QueueWorker(queue, sender, WorkerSettings.from(config.worker()));
      if (loop) {
        Maintainer maintainer =
            new Maintainer(MonotonicClock.fromNow(), List.of(worker.leaseRescue()));
        worker.start();
        maintainer.start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      maintainer.close();
                      worker.close();
                    },
                    "shutdown"));
        Thread.currentThread().join();
        return 0;
      }
      Optional<String> notReady = awaitReady(sender, config, err);
      if (notReady.isPresent()) {
        err.println("error: nothing was sent: " + notReady.get());
        err.flush();
        return NOT_READY;
      }
      DrainResult result = worker.drain();
      if (!sender.ready()) {
        err.println(
            "warning: the sender stopped being ready ("
                + sender.state()
                + "); the due messages left are still pending");
      }
      out.printf(
          "sent %d, failed %d, retried %d, unconfirmed %d%n",
          result.sent(), result.failed(), result.retried(), result.unconfirmed());
      out.flush();
      return 0;
    }
  }

  /**
   * Empty once the sender can send; else why not, as soon as that is known: a QR to scan or a
   * browser that did not start is said at once, not after a timeout.
   */
  private static Optional<String> awaitReady(Sender sender, Config config, PrintWriter err)
      throws InterruptedException {
    if (sender.ready()) return Optional.empty();
    if (!(sender instanceof WhatsAppWebSender web)) {
      return Optional.of("the sender is not ready (" + sender.state() + ")");
    }
    Duration limit = BROWSER_START.plus(config.whatsapp().pageLoadTimeout());
    err.println("Waiting for WhatsApp Web to load (at most " + limit.toSeconds() + " s)...");
    err.flush();
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      SessionStatus status = web.status();
      SessionState state = status.state();
      switch (state) {
        case READY:
          return Optional.empty();
        case BROWSER_DOWN:
          return Optional.of(
              "the browser could not start or open WhatsApp Web ("
                  + status.lastError()
                  + "); check that Chromium runs (WA_CHROMIUM_PATH, WA_CHROMEDRIVER_PATH) and"
                  + " that WA_WHATSAPP_WEB_URL is reachable");
        case STARTING:
          break;
        default:
          return Optional.of("WhatsApp Web is " + state.wireName() + ": " + state.description());
      }
      if (System.nanoTime() > deadline) {
        return Optional.of(
            "WhatsApp Web did not load within "
                + limit.toSeconds()
                + " s"
                + (status.lastError() == null ? "" : " (" + status.lastError() + ")"));
      }
      Thread.sleep(100);
    }
  }
}

package com.wagateway.cli;

import com.wagateway.App;
import com.wagateway.config.Config;
import com.wagateway.db.Database;
import com.wagateway.queue.DrainResult;
import com.wagateway.queue.MessageQueue;
import com.wagateway.queue.QueueWorker;
import com.wagateway.queue.Sender;
import com.wagateway.queue.WorkerSettings;
import com.wagateway.whatsapp.WhatsAppWebSender;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "process-queue",
    description =
        "Send every due message once with the configured sender, print what happened, exit.")
final class ProcessQueueCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand Main main;

  @Option(
      names = "--loop",
      description = "Keep polling for due messages until stopped (like serve without HTTP).")
  boolean loop;

  @Override
  public Integer call() throws InterruptedException {
    Config config = main.config();
    try (Database database = Database.open(config.database(), config.dataDir());
        Sender sender = App.sender(config)) {
      MessageQueue queue =
          new MessageQueue(Database.dsl(database.workerDataSource()), config.worker().instanceId());
      QueueWorker worker = new QueueWorker(queue, sender, WorkerSettings.from(config.worker()));
      if (loop) {
        worker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "shutdown"));
        Thread.currentThread().join();
        return 0;
      }
      if (sender instanceof WhatsAppWebSender web) {
        // The browser starts in the background; a one-shot run waits for it to settle first.
        web.awaitSettled(config.whatsapp().pageLoadTimeout().plusSeconds(30));
      }
      DrainResult result = worker.drain();
      if (!sender.ready()) {
        spec.commandLine()
            .getErr()
            .println(
                "warning: the sender is not ready ("
                    + sender.state()
                    + "); due messages were left pending");
      }
      spec.commandLine()
          .getOut()
          .printf(
              "sent %d, failed %d, retried %d, unconfirmed %d%n",
              result.sent(), result.failed(), result.retried(), result.unconfirmed());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}

package com.wagateway.cli;

import com.wagateway.App;
import com.wagateway.config.Config;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", description = "Run the HTTP API and the queue worker (the default).")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() throws InterruptedException {
    Config config = main.config();
    App app = App.serve(config);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and Ctrl-C: stop accepting, finish the message in hand, exit.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }
}

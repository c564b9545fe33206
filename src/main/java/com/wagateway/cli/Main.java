package com.wagateway.cli;

import com.wagateway.config.ConfigException;
import com.wagateway.db.DatabaseUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar whatsapp-api.jar [serve | client ... | process-queue]}. */
@Command(
    name = "whatsapp-api",
    mixinStandardHelpOptions = true,
    version = "whatsapp-api 0.1.0",
    description = "Self-hosted WhatsApp sending gateway. Configured by WA_* environment variables (see README).",
    subcommands = {ServeCommand.class, ClientCommand.class, ProcessQueueCommand.class})
public final class Main {

  public static void main(String[] args) {
    Logging.configure();
    String[] arguments = args.length == 0 ? new String[] {"serve"} : args;
    System.exit(run(arguments));
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException || e instanceof DatabaseUnavailableException) {
        commandLine.getErr().println("error: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli.execute(args);
  }
}

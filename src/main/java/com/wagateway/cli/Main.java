package com.wagateway.cli;

import com.wagateway.config.Config;
import com.wagateway.config.ConfigException;
import com.wagateway.db.Database;
import com.wagateway.db.DatabaseUnavailableException;
import com.wagateway.db.EmbeddedDatabase;
import com.wagateway.domain.DomainException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;
import org.jooq.DSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code java -jar whatsapp-api.jar [serve | client ... | process-queue]}. */
@Command(
    name = "whatsapp-api",
    mixinStandardHelpOptions = true,
    version = "whatsapp-api 0.1.0",
    description =
        "Self-hosted WhatsApp sending gateway. Configured by WA_* environment variables (see"
            + " README).",
    subcommands = {
      ServeCommand.class,
      ClientCommand.class,
      OperatorCommand.class,
      SessionCommand.class,
      ProcessQueueCommand.class,
      WebhookCommand.class,
      MediaCommand.class
    })
public final class Main {
  private final Map<String, String> env;
  private final InputStream in;

  Main(Map<String, String> env, InputStream in) {
    this.env = env;
    this.in = in;
  }

  /** Standard input, for commands that read a secret (a password) when no terminal is there. */
  InputStream in() {
    return in;
  }

  /** The configuration, read from the environment this command line was given. */
  Config config() {
    return Config.from(env);
  }

  /**
   * Runs one operation of a management command on the configured database and prints its answer; a
   * refusal (a name that does not exist, a bad value) is one line on stderr and exit code 1.
   */
  int withDatabase(CommandSpec spec, Function<DSLContext, String> operation) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Config config = config();
    try (Database database =
        Database.open(config.database(), config.dataDir(), EmbeddedDatabase.Role.COMMAND)) {
      // On stderr, so that scripts reading a key from stdout are not disturbed.
      err.println("Database: " + database.description());
      err.flush();
      out.println(operation.apply(Database.dsl(database.apiPool())));
      out.flush();
      return 0;
    } catch (DomainException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  public static void main(String[] args) {
    Logging.configure();
    String[] arguments = args.length == 0 ? new String[] {"serve"} : args;
    System.exit(
        run(
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            arguments));
  }

  public static int run(Map<String, String> env, PrintWriter out, PrintWriter err, String... args) {
    return run(env, System.in, out, err, args);
  }

  public static int run(
      Map<String, String> env, InputStream in, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main(env, in));
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ConfigException || e instanceof DatabaseUnavailableException) {
            commandLine.getErr().println("error: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli.execute(args);
  }
}

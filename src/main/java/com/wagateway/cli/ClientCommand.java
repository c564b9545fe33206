package com.wagateway.cli;

import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import com.wagateway.client.NewKey;
import com.wagateway.domain.InvalidInputException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "client",
    description = "Manage clients and their API keys.",
    subcommands = {
      ClientCommand.Create.class,
      ClientCommand.ListClients.class,
      ClientCommand.RotateKey.class,
      ClientCommand.Disable.class,
      ClientCommand.Enable.class,
      ClientCommand.Delete.class,
      ClientCommand.Quota.class
    })
final class ClientCommand {
  @ParentCommand Main main;

  /** Runs one client operation on the configured database and prints its answer. */
  int withClients(CommandSpec spec, Function<ClientService, String> operation) {
    return main.withDatabase(spec, db -> operation.apply(new ClientService(db)));
  }

  static String keyShownOnce(String verb, NewKey created) {
    return verb
        + " client '"
        + created.client().name()
        + "'. Its API key (shown only now; store it safely):\n"
        + created.apiKey();
  }

  @Command(name = "create", description = "Create a client and print its API key once.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ClientCommand parent;

    @Parameters(paramLabel = "NAME", description = "Unique client name, as sent in client_name.")
    String name;

    @Option(
        names = "--api-key",
        paramLabel = "KEY",
        description =
            "Use this key instead of a random one, so an existing integration keeps its key.")
    String apiKey;

    @Override
    public Integer call() {
      return parent.withClients(
          spec, clients -> keyShownOnce("Created", clients.create(name, apiKey)));
    }
  }

  @Command(name = "list", description = "List clients (never their keys).")
  static final class ListClients implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ClientCommand parent;

    @Override
    public Integer call() {
      return parent.withClients(
          spec,
          clients -> {
            StringBuilder table =
                new StringBuilder(
                    String.format(
                        "%-6s %-30s %-10s %-9s %s", "ID", "NAME", "KEY", "ACTIVE", "CREATED"));
            for (Client c : clients.list()) {
              table.append(
                  String.format(
                      "%n%-6d %-30s %-10s %-9s %s",
                      c.id(),
                      c.name(),
                      c.keyPrefix() == null ? "(short)" : c.keyPrefix() + "...",
                      c.active() ? "yes" : "no",
                      c.createdAt().toInstant()));
            }
            return table.toString();
          });
    }
  }

  @Command(
      name = "rotate-key",
      description = "Replace a client's API key; the old key stops working at once.")
  static final class RotateKey implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ClientCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return parent.withClients(
          spec, clients -> keyShownOnce("Rotated the key of", clients.rotateKey(name)));
    }
  }

  @Command(
      name = "disable",
      description = "Refuse a client's requests; its queued messages are still sent.")
  static final class Disable implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ClientCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return parent.withClients(
          spec, clients -> "Disabled client '" + clients.setActive(name, false).name() + "'");
    }
  }

  @Command(name = "enable", description = "Accept a disabled client's requests again.")
  static final class Enable implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ClientCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return parent.withClients(
          spec, clients -> "Enabled client '" + clients.setActive(name, true).name() + "'");
    }
  }

  @Command(name = "delete", description = "Delete a client with all its contacts and messages.")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ClientCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return parent.withClients(
          spec,
          clients -> {
            clients.delete(name);
            return "Deleted client '" + name + "'";
          });
    }
  }

  @Command(
      name = "quota",
      description =
          "Set a client's own message quotas (0: no limit; 'default': the service default).")
  static final class Quota implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand ClientCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Option(names = "--per-minute", paramLabel = "N|default")
    String perMinute;

    @Option(names = "--per-day", paramLabel = "N|default")
    String perDay;

    @Override
    public Integer call() {
      return parent.withClients(
          spec,
          clients -> {
            Client c =
                clients.setQuotas(
                    name,
                    perMinute != null,
                    quota("--per-minute", perMinute),
                    perDay != null,
                    quota("--per-day", perDay));
            return "Quotas of '"
                + c.name()
                + "': "
                + shown(c.quotaPerMinute())
                + " per minute, "
                + shown(c.quotaPerDay())
                + " per day";
          });
    }

    private static Integer quota(String option, String value) {
      if (value == null || value.equals("default")) return null;
      try {
        return Integer.valueOf(value);
      } catch (NumberFormatException e) {
        throw new InvalidInputException(
            option, "a quota is a number, or 'default' (got '" + value + "')");
      }
    }

    private static String shown(Integer quota) {
      return quota == null ? "default" : quota == 0 ? "no limit" : quota.toString();
    }
  }
}

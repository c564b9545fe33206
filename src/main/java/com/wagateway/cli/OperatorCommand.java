package com.wagateway.cli;

import com.wagateway.domain.DomainException;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.operator.Operator;
import com.wagateway.operator.OperatorService;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * People who may sign in to the web console at /console, as Django's {@code createsuperuser}: a
 * password is asked for at the terminal, or read from standard input when there is none (scripts:
 * {@code echo "$PASSWORD" | ... operator create ana}). It is never an argument, so it never lands
 * in the shell history or the process list.
 */
@Command(
    name = "operator",
    description = "Manage the people who sign in to the web console (/console).",
    subcommands = {
      OperatorCommand.Create.class,
      OperatorCommand.ListOperators.class,
      OperatorCommand.Disable.class,
      OperatorCommand.Enable.class,
      OperatorCommand.SetPassword.class
    })
final class OperatorCommand {
  @ParentCommand Main main;

  int withOperators(CommandSpec spec, Function<OperatorService, String> operation) {
    return main.withDatabase(spec, db -> operation.apply(new OperatorService(db)));
  }

  /**
   * The new password: typed twice at a terminal, else the first line of standard input. Read before
   * the database opens, so a mistyped confirmation costs nothing.
   */
  String readPassword(CommandSpec spec, String name) {
    Console terminal = main.in() == System.in ? System.console() : null;
    if (terminal != null) {
      char[] first = terminal.readPassword("New password for operator '%s': ", name);
      char[] second = terminal.readPassword("The same password again: ");
      try {
        if (first == null || second == null || !Arrays.equals(first, second)) {
          throw new InvalidInputException("password", "the two passwords differ; nothing changed");
        }
        return new String(first);
      } finally {
        if (first != null) Arrays.fill(first, ' ');
        if (second != null) Arrays.fill(second, ' ');
      }
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(main.in(), StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw new InvalidInputException(
            "password",
            "no password given: type it at the prompt, or pipe it on standard input for scripts");
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the password, then runs the operation; a refusal is printed, not thrown. */
  int withPassword(
      CommandSpec spec, String name, BiFunction<OperatorService, String, String> operation) {
    String password;
    try {
      password = readPassword(spec, name);
    } catch (DomainException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 1;
    }
    return withOperators(spec, operators -> operation.apply(operators, password));
  }

  @Command(name = "create", description = "Create an operator; asks for the password.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand OperatorCommand parent;

    @Parameters(paramLabel = "NAME", description = "The name to sign in with.")
    String name;

    @Override
    public Integer call() {
      return parent.withPassword(
          spec,
          name,
          (operators, password) -> {
            Operator created = operators.create(name, password);
            return "Created operator '"
                + created.name()
                + "'. Sign in at http://<this server>:<port>/console/sign-in";
          });
    }
  }

  @Command(name = "list", description = "List operators (never their passwords).")
  static final class ListOperators implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand OperatorCommand parent;

    @Override
    public Integer call() {
      return parent.withOperators(
          spec,
          operators -> {
            StringBuilder table =
                new StringBuilder(
                    String.format(
                        "%-6s %-30s %-9s %-28s %s",
                        "ID", "NAME", "ACTIVE", "CREATED", "LAST SIGN-IN"));
            for (Operator o : operators.list()) {
              table.append(
                  String.format(
                      "%n%-6d %-30s %-9s %-28s %s",
                      o.id(),
                      o.name(),
                      o.active() ? "yes" : "no",
                      o.createdAt().toInstant(),
                      o.lastSignInAt() == null ? "never" : o.lastSignInAt().toInstant()));
            }
            return table.toString();
          });
    }
  }

  @Command(
      name = "disable",
      description = "Refuse an operator's sign-ins and end the sessions open now.")
  static final class Disable implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand OperatorCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return parent.withOperators(
          spec,
          operators ->
              "Disabled operator '"
                  + operators.setActive(name, false).name()
                  + "'; their console sessions are over");
    }
  }

  @Command(name = "enable", description = "Let a disabled operator sign in again.")
  static final class Enable implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand OperatorCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return parent.withOperators(
          spec, operators -> "Enabled operator '" + operators.setActive(name, true).name() + "'");
    }
  }

  @Command(
      name = "set-password",
      description =
          "Replace an operator's password (asks for it); ends their sessions and lifts any"
              + " sign-in pause.")
  static final class SetPassword implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand OperatorCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return parent.withPassword(
          spec,
          name,
          (operators, password) ->
              "Changed the password of operator '"
                  + operators.setPassword(name, password).name()
                  + "'; their console sessions are over");
    }
  }
}

package com.wagateway.cli;

import com.wagateway.session.SessionService;
import com.wagateway.session.SessionView;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "session",
    description = "Manage WhatsApp sessions (one linked account each).",
    subcommands = {
      SessionCommand.Create.class,
      SessionCommand.ListSessions.class,
      SessionCommand.Delete.class
    })
final class SessionCommand {
  @ParentCommand Main main;

  /** Runs one operation on the configured database; the CLI runs no browser. */
  int withSessions(CommandSpec spec, Function<SessionService, String> operation) {
    return main.withDatabase(spec, db -> operation.apply(new SessionService(db, null)));
  }

  @Command(
      name = "create",
      description =
          "Create a session; an instance with room (WA_MAX_SESSIONS) starts its browser and shows"
              + " its QR (GET /admin/sessions/NAME/qr).")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand SessionCommand parent;

    @Parameters(paramLabel = "NAME", description = "Unique session name.")
    String name;

    @Override
    public Integer call() {
      return parent.withSessions(
          spec,
          sessions ->
              "Created session '"
                  + sessions.create(name).name()
                  + "'. Send a client's messages from it with PATCH /admin/clients/{name}"
                  + " {\"session\": \""
                  + name
                  + "\"}");
    }
  }

  @Command(name = "list", description = "List sessions: state, linked phone, running instance.")
  static final class ListSessions implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand SessionCommand parent;

    @Override
    public Integer call() {
      return parent.withSessions(
          spec,
          sessions -> {
            StringBuilder table =
                new StringBuilder(
                    String.format(
                        "%-20s %-16s %-16s %-30s %s",
                        "NAME", "STATE", "PHONE", "INSTANCE", "CLIENTS"));
            for (SessionView s : sessions.list()) {
              table.append(
                  String.format(
                      "%n%-20s %-16s %-16s %-30s %s",
                      s.name(),
                      s.state(),
                      s.phone() == null ? "-" : s.phone(),
                      s.instance() == null ? "-" : s.instance(),
                      String.join(",", s.clients())));
            }
            return table.toString();
          });
    }
  }

  @Command(
      name = "delete",
      description = "Delete a session; refused while clients use it or messages wait for it.")
  static final class Delete implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand SessionCommand parent;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      return parent.withSessions(
          spec,
          sessions -> {
            sessions.delete(name);
            return "Deleted session '" + name + "'.";
          });
    }
  }
}

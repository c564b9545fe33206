package com.wagateway.cli;

import com.wagateway.config.Config;
import com.wagateway.webhook.Endpoint;
import com.wagateway.webhook.WebhookService;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "webhook",
    description = "Manage a client's webhook endpoints (signed status events).",
    subcommands = {
      WebhookCommand.Add.class,
      WebhookCommand.ListEndpoints.class,
      WebhookCommand.Remove.class,
      WebhookCommand.Rotate.class
    })
final class WebhookCommand {
  @ParentCommand Main main;

  int withWebhooks(CommandSpec spec, Function<WebhookService, String> operation) {
    Config.Webhooks settings = main.config().webhooks();
    return main.withDatabase(
        spec,
        db ->
            operation.apply(new WebhookService(db, settings.rotationOverlap(), settings.maxAge())));
  }

  static String secretShownOnce(String verb, Endpoint.NewSecret e) {
    return verb
        + " webhook "
        + e.endpoint().id()
        + " of client '"
        + e.endpoint().client()
        + "' ("
        + e.endpoint().url()
        + "). Its signing secret (shown only now; give it to the receiver):\n"
        + e.secret();
  }

  @Command(name = "add", description = "Add an endpoint and print its signing secret once.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand WebhookCommand parent;

    @Parameters(index = "0", paramLabel = "CLIENT")
    String client;

    @Parameters(index = "1", paramLabel = "URL", description = "http(s) URL events are POSTed to.")
    String url;

    @Option(
        names = "--event",
        paramLabel = "TYPE",
        description =
            "An event it wants (repeat for several): message.sent, message.failed,"
                + " message.unconfirmed, message.cancelled. None: all of them.")
    List<String> events = List.of();

    @Override
    public Integer call() {
      return parent.withWebhooks(
          spec, webhooks -> secretShownOnce("Added", webhooks.create(client, url, events)));
    }
  }

  @Command(name = "list", description = "List a client's endpoints (never their secrets).")
  static final class ListEndpoints implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand WebhookCommand parent;

    @Parameters(paramLabel = "CLIENT")
    String client;

    @Override
    public Integer call() {
      return parent.withWebhooks(
          spec,
          webhooks -> {
            StringBuilder table =
                new StringBuilder(
                    String.format("%-6s %-9s %-40s %s", "ID", "ENABLED", "EVENTS", "URL"));
            for (Endpoint e : webhooks.list(client)) {
              table.append(
                  String.format(
                      "%n%-6d %-9s %-40s %s",
                      e.id(),
                      e.enabled() ? "yes" : "no",
                      e.events().isEmpty() ? "all" : String.join(",", e.events()),
                      e.url()));
              if (!e.enabled() && e.disabled_reason() != null)
                table.append(String.format("%n       disabled: %s", e.disabled_reason()));
            }
            return table.toString();
          });
    }
  }

  @Command(name = "remove", description = "Remove an endpoint; its undelivered events are dropped.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand WebhookCommand parent;

    @Parameters(index = "0", paramLabel = "CLIENT")
    String client;

    @Parameters(index = "1", paramLabel = "ID")
    long id;

    @Override
    public Integer call() {
      return parent.withWebhooks(
          spec,
          webhooks -> {
            webhooks.delete(client, id);
            return "Removed webhook " + id + " of client '" + client + "'";
          });
    }
  }

  @Command(
      name = "rotate",
      description =
          "Give an endpoint a new secret (printed once); the old one also signs during"
              + " WA_WEBHOOK_ROTATION_OVERLAP.")
  static final class Rotate implements Callable<Integer> {
    @Spec CommandSpec spec;
    @ParentCommand WebhookCommand parent;

    @Parameters(index = "0", paramLabel = "CLIENT")
    String client;

    @Parameters(index = "1", paramLabel = "ID")
    long id;

    @Override
    public Integer call() {
      return parent.withWebhooks(
          spec,
          webhooks -> secretShownOnce("Rotated the secret of", webhooks.rotateSecret(client, id)));
    }
  }
}

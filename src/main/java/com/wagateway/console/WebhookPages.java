package com.wagateway.console;

import com.wagateway.client.ClientDetails;
import com.wagateway.client.ClientService;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.http.CursorPage;
import com.wagateway.http.Router;
import com.wagateway.webhook.Delivery;
import com.wagateway.webhook.Endpoint;
import com.wagateway.webhook.EventTypes;
import com.wagateway.webhook.WebhookService;
import java.util.List;
import java.util.Map;

/**
 * {@code /console/clients/{name}/webhooks}: a client's endpoints (add with the secret shown once,
 * rotate, disable and enable, remove) and each one's recent deliveries with their attempts, dead
 * ones redelivered by hand. Every change goes through {@link WebhookService}, as the admin API's
 * and the CLI's do.
 */
public final class WebhookPages {
  private static final int RECENT = 50;

  private final ClientService clients;
  private final WebhookService webhooks;

  WebhookPages(ClientService clients, WebhookService webhooks) {
    this.clients = clients;
    this.webhooks = webhooks;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console/clients/{name}/webhooks", guard.signedIn(this::list))
        .post("/console/clients/{name}/webhooks", guard.signedIn(this::add))
        .get("/console/clients/{name}/webhooks/{id}", guard.signedIn(this::deliveries))
        .post("/console/clients/{name}/webhooks/{id}/rotate-secret", guard.signedIn(this::rotate))
        .post(
            "/console/clients/{name}/webhooks/{id}/enable",
            guard.signedIn(r -> setEnabled(r, true)))
        .post(
            "/console/clients/{name}/webhooks/{id}/disable",
            guard.signedIn(r -> setEnabled(r, false)))
        .post("/console/clients/{name}/webhooks/{id}/delete", guard.signedIn(this::remove))
        .post("/console/clients/{name}/webhooks/{id}/redeliver", guard.signedIn(this::redeliver));
  }

  public record ListView(
      PageFrame frame,
      ClientDetails client,
      List<Endpoint> endpoints,
      List<String> eventTypes,
      FormErrors errors,
      Map<String, String> values) {}

  public record SecretView(
      PageFrame frame, String client, Endpoint endpoint, String secret, boolean rotated) {}

  public record DeliveriesView(
      PageFrame frame,
      String client,
      Endpoint endpoint,
      String state,
      CursorPage<Delivery> deliveries) {}

  /** {@code GET /console/clients/{name}/webhooks}. */
  void list(ConsoleRequest request) {
    show(request, 200, FormErrors.NONE, Map.of());
  }

  private void show(
      ConsoleRequest request, int status, FormErrors errors, Map<String, String> values) {
    ClientDetails client = ClientDetails.of(clients.get(request.path("name")));
    request.render(
        status,
        "webhooks",
        new ListView(
            request.frame("Webhooks of " + client.name(), "webhooks"),
            client,
            webhooks.list(client.name()),
            EventTypes.MESSAGE_EVENTS,
            errors,
            values));
  }

  /** {@code POST /console/clients/{name}/webhooks}: shows the new secret once. */
  void add(ConsoleRequest request) {
    String client = request.path("name");
    Form form = request.form();
    String url = form.get("url");
    try {
      if (url == null) throw new InvalidInputException("url", "is required");
      Endpoint.NewSecret created = webhooks.create(client, url, form.all("events"));
      request.render(
          201,
          "webhook_secret",
          new SecretView(
              request.frame("Webhook of " + client, "webhooks"),
              client,
              created.endpoint(),
              created.secret(),
              false));
    } catch (InvalidInputException e) {
      show(request, 400, FormErrors.of(e), form.values("url"));
    }
  }

  /** {@code POST /console/clients/{name}/webhooks/{id}/rotate-secret}. */
  void rotate(ConsoleRequest request) {
    String client = request.path("name");
    Endpoint.NewSecret rotated = webhooks.rotateSecret(client, request.id("id"));
    request.render(
        "webhook_secret",
        new SecretView(
            request.frame("Webhook of " + client, "webhooks"),
            client,
            rotated.endpoint(),
            rotated.secret(),
            true));
  }

  /** {@code POST /console/clients/{name}/webhooks/{id}/enable} and {@code .../disable}. */
  void setEnabled(ConsoleRequest request, boolean enabled) {
    String client = request.path("name");
    webhooks.update(client, request.id("id"), null, null, enabled);
    request.redirect(
        "/console/clients/"
            + client
            + "/webhooks?done="
            + (enabled ? "webhook-enabled" : "webhook-disabled"));
  }

  /** {@code POST /console/clients/{name}/webhooks/{id}/delete}. */
  void remove(ConsoleRequest request) {
    String client = request.path("name");
    webhooks.delete(client, request.id("id"));
    request.redirect("/console/clients/" + client + "/webhooks?done=webhook-removed");
  }

  /** {@code GET /console/clients/{name}/webhooks/{id}}: recent deliveries, of one state or all. */
  void deliveries(ConsoleRequest request) {
    String client = request.path("name");
    long id = request.id("id");
    String state = request.query("state");
    if (state != null && !WebhookService.STATES.contains(state)) state = null;
    Endpoint endpoint = webhooks.get(client, id);
    request.render(
        "webhook_deliveries",
        new DeliveriesView(
            request.frame("Deliveries of webhook " + id, "webhooks"),
            client,
            endpoint,
            state,
            CursorPage.of(webhooks.deliveries(client, id, state, RECENT, null))));
  }

  /**
   * {@code POST /console/clients/{name}/webhooks/{id}/redeliver}: one dead delivery ({@code
   * delivery_id}) or all of them.
   */
  void redeliver(ConsoleRequest request) {
    String client = request.path("name");
    long id = request.id("id");
    String one = request.form().get("delivery_id");
    Long deliveryId = null;
    if (one != null) {
      if (!one.matches("[0-9]{1,18}"))
        throw new InvalidInputException("delivery_id", "must be a delivery's number");
      deliveryId = Long.valueOf(one);
    }
    webhooks.redeliver(client, id, deliveryId);
    request.redirect("/console/clients/" + client + "/webhooks/" + id + "?done=redelivered");
  }
}

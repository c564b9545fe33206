package com.wagateway.console;

import com.wagateway.client.ClientDetails;
import com.wagateway.client.ClientService;
import com.wagateway.client.NewKey;
import com.wagateway.domain.DomainException;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.http.Router;
import com.wagateway.webhook.Endpoint;
import com.wagateway.webhook.WebhookService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /console/clients}: list, create (the key shown once), rotate the key, disable and enable,
 * quotas, delete after a confirmation that says what goes with the client. Every change goes
 * through {@link ClientService}, as the CLI's and the admin API's do.
 */
public final class ClientPages {
  private final ClientService clients;
  private final WhatsAppPages whatsapp;
  private final WebhookService webhooks;

  ClientPages(ClientService clients, WhatsAppPages whatsapp, WebhookService webhooks) {
    this.clients = clients;
    this.whatsapp = whatsapp;
    this.webhooks = webhooks;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console/clients", guard.signedIn(this::list))
        .post("/console/clients", guard.signedIn(this::create))
        .get("/console/clients/{name}", guard.signedIn(this::detail))
        .post("/console/clients/{name}/rotate-key", guard.signedIn(this::rotateKey))
        .post("/console/clients/{name}/disable", guard.signedIn(r -> setActive(r, false)))
        .post("/console/clients/{name}/enable", guard.signedIn(r -> setActive(r, true)))
        .post("/console/clients/{name}/quotas", guard.signedIn(this::setQuotas))
        .get("/console/clients/{name}/delete", guard.signedIn(this::confirmDelete))
        .post("/console/clients/{name}/delete", guard.signedIn(this::delete));
  }

  public record ListView(
      PageFrame frame,
      List<ClientDetails> clients,
      FormErrors errors,
      Map<String, String> values) {}

  public record KeyView(PageFrame frame, ClientDetails client, String apiKey, boolean rotated) {}

  public record DetailView(
      PageFrame frame,
      ClientDetails client,
      ClientService.Holdings holdings,
      List<String> sessions,
      FormErrors errors,
      Map<String, String> values,
      List<Endpoint> webhooks) {}

  public record DeleteView(
      PageFrame frame, ClientDetails client, ClientService.Holdings holdings) {}

  /** {@code GET /console/clients}. */
  void list(ConsoleRequest request) {
    request.render(
        "clients",
        new ListView(
            request.frame("Clients", "clients"),
            clients.list().stream().map(ClientDetails::of).toList(),
            FormErrors.NONE,
            Map.of()));
  }

  /** {@code POST /console/clients}: shows the new key once. */
  void create(ConsoleRequest request) {
    Form form = request.form();
    String name = form.get("name");
    try {
      Quotas quotas = quotas(form);
      NewKey created = clients.create(name, null, quotas.perMinute(), quotas.perDay());
      request.render(
          201,
          "client_key",
          new KeyView(
              request.frame("Client " + name, "clients"),
              ClientDetails.of(clients.get(created.client().name())),
              created.apiKey(),
              false));
    } catch (DomainException e) {
      request.render(
          e instanceof InvalidInputException ? 400 : 409,
          "clients",
          new ListView(
              request.frame("Clients", "clients"),
              clients.list().stream().map(ClientDetails::of).toList(),
              FormErrors.of(e),
              form.values("name", "quota_per_minute", "quota_per_day")));
    }
  }

  /** {@code GET /console/clients/{name}}. */
  void detail(ConsoleRequest request) {
    showDetail(
        request, 200, ClientDetails.of(clients.get(request.path("name"))), FormErrors.NONE, null);
  }

  /** {@code POST /console/clients/{name}/rotate-key}. */
  void rotateKey(ConsoleRequest request) {
    NewKey rotated = clients.rotateKey(request.path("name"));
    request.render(
        "client_key",
        new KeyView(
            request.frame("Client " + rotated.client().name(), "clients"),
            ClientDetails.of(clients.get(rotated.client().name())),
            rotated.apiKey(),
            true));
  }

  /** {@code POST /console/clients/{name}/disable} and {@code .../enable}. */
  void setActive(ConsoleRequest request, boolean active) {
    ClientDetails client = ClientDetails.of(clients.get(request.path("name")));
    clients.setActive(client.name(), active);
    request.redirect(
        "/console/clients/" + client.name() + "?done=" + (active ? "enabled" : "disabled"));
  }

  /** {@code POST /console/clients/{name}/quotas}: empty means the service default. */
  void setQuotas(ConsoleRequest request) {
    ClientDetails client = ClientDetails.of(clients.get(request.path("name")));
    Form form = request.form();
    try {
      Quotas quotas = quotas(form);
      clients.setQuotas(client.name(), true, quotas.perMinute(), true, quotas.perDay());
      request.redirect("/console/clients/" + client.name() + "?done=quotas");
    } catch (DomainException e) {
      showDetail(request, 400, client, FormErrors.of(e), form);
    }
  }

  /** {@code GET /console/clients/{name}/delete}: what deleting takes with it. */
  void confirmDelete(ConsoleRequest request) {
    ClientDetails client = ClientDetails.of(clients.get(request.path("name")));
    request.render(
        "client_delete",
        new DeleteView(
            request.frame("Delete " + client.name(), "clients"),
            client,
            clients.holdings(client.name())));
  }

  /** {@code POST /console/clients/{name}/delete}. */
  void delete(ConsoleRequest request) {
    clients.delete(request.path("name"));
    request.redirect("/console/clients?done=client-deleted");
  }

  private void showDetail(
      ConsoleRequest request, int status, ClientDetails client, FormErrors errors, Form form) {
    Map<String, String> values =
        form == null
            ? Map.of(
                "quota_per_minute", Formats.quotaValue(client.quota_per_minute()),
                "quota_per_day", Formats.quotaValue(client.quota_per_day()))
            : form.values("quota_per_minute", "quota_per_day");
    request.render(
        status,
        "client",
        new DetailView(
            request.frame("Client " + client.name(), "clients"),
            client,
            clients.holdings(client.name()),
            whatsapp.sessions(false).stream().map(SessionCard::name).toList(),
            errors,
            values,
            webhooks.list(client.name())));
  }

  private record Quotas(Integer perMinute, Integer perDay) {}

  /** The quota fields: empty is the default, 0 no limit; the service checks the range. */
  private static Quotas quotas(Form form) {
    List<FieldError> errors = new ArrayList<>();
    Integer perMinute = quota(form, "quota_per_minute", errors);
    Integer perDay = quota(form, "quota_per_day", errors);
    if (!errors.isEmpty()) throw new InvalidInputException(errors);
    return new Quotas(perMinute, perDay);
  }

  private static Integer quota(Form form, String field, List<FieldError> errors) {
    String value = form.get(field);
    if (value == null) return null;
    if (!value.matches("-?[0-9]{1,9}")) {
      errors.add(new FieldError(field, "must be a whole number (0: no limit; empty: the default)"));
      return null;
    }
    return Integer.valueOf(value);
  }
}

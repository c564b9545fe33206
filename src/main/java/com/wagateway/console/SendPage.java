package com.wagateway.console;

import com.wagateway.client.Client;
import com.wagateway.client.ClientDetails;
import com.wagateway.client.ClientService;
import com.wagateway.domain.DomainException;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.QuotaExceededException;
import com.wagateway.http.JsonFields;
import com.wagateway.http.Router;
import com.wagateway.message.MessageDraft;
import com.wagateway.message.MessageIntake;
import com.wagateway.message.MessageRequestReader;
import com.wagateway.message.MessageView;
import java.util.List;
import java.util.Map;

/**
 * {@code /console/send}: a test message from a form, for a client, accepted by the same rules as
 * {@code POST /send-message/} (phone, name, text; the client's quota); then its page shows the
 * status as it changes.
 */
public final class SendPage {
  private final ClientService clients;
  private final MessageRequestReader requests;
  private final MessageIntake intake;

  SendPage(ClientService clients, MessageRequestReader requests, MessageIntake intake) {
    this.clients = clients;
    this.requests = requests;
    this.intake = intake;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console/send", guard.signedIn(this::form))
        .post("/console/send", guard.signedIn(this::send));
  }

  public record View(
      PageFrame frame,
      List<ClientDetails> clients,
      Map<String, String> values,
      FormErrors errors) {}

  /** {@code GET /console/send}. */
  void form(ConsoleRequest request) {
    String client = request.query("client");
    show(request, 200, client == null ? Map.of() : Map.of("client", client), FormErrors.NONE);
  }

  /** {@code POST /console/send}: to the message's page, where its status follows live. */
  void send(ConsoleRequest request) {
    Form form = request.form();
    Map<String, String> values = form.values("client", "phone", "name", "text");
    String name = form.get("client");
    Client client = name == null ? null : clients.find(name).orElse(null);
    JsonFields fields = new JsonFields(form.json("phone", "name", "text"));
    MessageDraft draft = requests.read(fields, form.json("phone", "name", "text"));
    if (client == null) fields.error("client", "choose the client to send as");
    else if (!client.active())
      fields.error("client", "is disabled: its messages are refused until it is enabled");
    if (!fields.valid()) {
      show(request, 400, values, FormErrors.of(fields.errors()));
      return;
    }
    try {
      MessageView sent = intake.sendAs(client, draft);
      request.redirect("/console/messages/" + sent.id());
    } catch (DomainException e) {
      show(
          request,
          e instanceof QuotaExceededException
              ? 429
              : e instanceof InvalidInputException ? 400 : 409,
          values,
          FormErrors.of(e));
    }
  }

  private void show(
      ConsoleRequest request, int status, Map<String, String> values, FormErrors errors) {
    request.render(
        status,
        "send",
        new View(
            request.frame("Send a test message", "send"),
            clients.list().stream().map(ClientDetails::of).toList().stream()
                .filter(ClientDetails::active)
                .toList(),
            values,
            errors));
  }
}

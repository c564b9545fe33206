package com.wagateway.console;

import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import com.wagateway.http.Router;
import java.util.List;

/**
 * {@code /console/contacts} and {@code /console/webhooks}: contacts and webhook endpoints belong to
 * a client, so the navigation's entries for them start by choosing the client.
 */
public final class ClientPickerPages {
  private final ClientService clients;

  ClientPickerPages(ClientService clients) {
    this.clients = clients;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console/contacts", guard.signedIn(this::contacts))
        .get("/console/webhooks", guard.signedIn(this::webhooks));
  }

  /** {@code what}: the page each client links to, under {@code /console/clients/{name}/}. */
  public record View(PageFrame frame, String intro, String what, List<Client> clients) {}

  void contacts(ConsoleRequest request) {
    request.render(
        "client_picker",
        new View(
            request.frame("Contacts", "contacts"),
            "Contacts belong to a client: choose whose to search, edit or delete.",
            "contacts",
            clients.list()));
  }

  void webhooks(ConsoleRequest request) {
    request.render(
        "client_picker",
        new View(
            request.frame("Webhooks", "webhooks"),
            "Webhook endpoints belong to a client: choose whose to add, rotate, pause or look at"
                + " the deliveries of.",
            "webhooks",
            clients.list()));
  }
}

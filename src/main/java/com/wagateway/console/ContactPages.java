package com.wagateway.console;

import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import com.wagateway.contact.ContactService;
import com.wagateway.contact.ContactView;
import com.wagateway.domain.DomainException;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.NotFoundException;
import com.wagateway.domain.PhoneNumbers;
import com.wagateway.http.CursorPage;
import com.wagateway.http.JsonFields;
import com.wagateway.http.QueryParams;
import com.wagateway.http.Router;
import java.util.List;
import java.util.Map;

/**
 * {@code /console/clients/{name}/contacts}: a client's contacts, searched by name or phone, edited
 * and deleted through {@link ContactService}, the same rules as {@code /contacts}.
 */
public final class ContactPages {
  private static final int PAGE_SIZE = 50;

  private final ClientService clients;
  private final ContactService contacts;
  private final PhoneNumbers phones;

  ContactPages(ClientService clients, ContactService contacts, PhoneNumbers phones) {
    this.clients = clients;
    this.contacts = contacts;
    this.phones = phones;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console/clients/{name}/contacts", guard.signedIn(this::list))
        .get("/console/clients/{name}/contacts/{id}", guard.signedIn(this::edit))
        .post("/console/clients/{name}/contacts/{id}", guard.signedIn(this::update))
        .post("/console/clients/{name}/contacts/{id}/delete", guard.signedIn(this::delete));
  }

  public record ListView(
      PageFrame frame,
      String client,
      String name,
      String phone,
      CursorPage<ContactView> page,
      boolean paged,
      FormErrors errors) {}

  public record EditView(
      PageFrame frame,
      String client,
      ContactView contact,
      Map<String, String> values,
      FormErrors errors) {}

  /** {@code GET /console/clients/{name}/contacts?name=&phone=&cursor=}. */
  void list(ConsoleRequest request) {
    Client client = client(request);
    QueryParams params = new QueryParams(request.exchange());
    String name = params.string("name", ContactService.MAX_NAME_LENGTH);
    String phone = params.phoneFragment("phone");
    Long after = params.cursor();
    CursorPage<ContactView> page =
        params.errors().isEmpty()
            ? CursorPage.of(contacts.list(client, name, phone, PAGE_SIZE, after))
            : new CursorPage<>(List.of(), null);
    request.render(
        "contacts",
        new ListView(
            request.frame("Contacts of " + client.name(), "contacts"),
            client.name(),
            request.query("name"),
            request.query("phone"),
            page,
            after != null,
            FormErrors.of(params.errors())));
  }

  /** {@code GET /console/clients/{name}/contacts/{id}}. */
  void edit(ConsoleRequest request) {
    Client client = client(request);
    ContactView contact = contact(client, request.id("id"));
    request.render(
        "contact",
        new EditView(
            request.frame("Contact " + contact.name(), "contacts"),
            client.name(),
            contact,
            Map.of("name", contact.name(), "phone", contact.phone()),
            FormErrors.NONE));
  }

  /** {@code POST /console/clients/{name}/contacts/{id}}: name and phone. */
  void update(ConsoleRequest request) {
    Client client = client(request);
    ContactView contact = contact(client, request.id("id"));
    Form form = request.form();
    try {
      // The fields go through the API's readers, so a name or phone is refused in the same words.
      JsonFields fields = new JsonFields(form.json("name", "phone"));
      String name = fields.nonBlank("name", true, ContactService.MAX_NAME_LENGTH);
      String phone = null;
      String written = fields.nonBlank("phone", true, 64);
      if (written != null) {
        PhoneNumbers.Result result = phones.normalise(written);
        phone = result.e164().orElse(null);
        if (phone == null) fields.error("phone", result.problem());
      }
      if (!fields.valid()) throw new InvalidInputException(fields.errors());
      name = name.strip();
      contacts.update(client, contact.id(), name, phone);
      request.redirect(
          "/console/clients/"
              + client.name()
              + "/contacts/"
              + contact.id()
              + "?done=contact-saved");
    } catch (NotFoundException e) {
      throw e;
    } catch (DomainException e) {
      request.render(
          400,
          "contact",
          new EditView(
              request.frame("Contact " + contact.name(), "contacts"),
              client.name(),
              contact,
              form.values("name", "phone"),
              FormErrors.of(e)));
    }
  }

  /** {@code POST /console/clients/{name}/contacts/{id}/delete}. */
  void delete(ConsoleRequest request) {
    Client client = client(request);
    ContactView contact = contact(client, request.id("id"));
    FormErrors errors = FormErrors.NONE;
    if (!"yes".equals(request.form().get("confirm"))) {
      errors =
          FormErrors.NONE.plus(
              "confirm", "Tick the box to confirm: its finished messages are deleted too");
    } else {
      try {
        contacts.delete(client, contact.id());
        request.redirect("/console/clients/" + client.name() + "/contacts?done=contact-deleted");
        return;
      } catch (NotFoundException e) {
        throw e;
      } catch (DomainException e) {
        errors = FormErrors.of(e);
      }
    }
    request.render(
        409,
        "contact",
        new EditView(
            request.frame("Contact " + contact.name(), "contacts"),
            client.name(),
            contact,
            Map.of("name", contact.name(), "phone", contact.phone()),
            errors));
  }

  private Client client(ConsoleRequest request) {
    String name = request.path("name");
    return clients.get(name);
  }

  private ContactView contact(Client client, long id) {
    return contacts.get(client, id);
  }
}

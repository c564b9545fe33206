package com.example.wagateway.client;

import com.example.wagateway.client.api.AdminApi;
import com.example.wagateway.client.api.ContactsApi;
import com.example.wagateway.client.api.MessagesApi;
import com.example.wagateway.client.api.OperationsApi;
import com.example.wagateway.client.auth.HttpBearerAuth;
import com.example.wagateway.client.model.AdminMessage;
import com.example.wagateway.client.model.ClientWithKey;
import com.example.wagateway.client.model.Contact;
import com.example.wagateway.client.model.ContactChanges;
import com.example.wagateway.client.model.Message;
import com.example.wagateway.client.model.MessageBatch;
import com.example.wagateway.client.model.MessageBatchResult;
import com.example.wagateway.client.model.MessageStatus;
import com.example.wagateway.client.model.NewClient;
import com.example.wagateway.client.model.NewContact;
import com.example.wagateway.client.model.NewMessage;
import com.example.wagateway.client.model.SessionState;
import java.util.List;

/**
 * What an integrator does with a client generated from the live document, run by
 * bench/client-check.sh against a dry-run service: every call must work as the document says.
 * Arguments: the service's base URL and its admin token.
 */
public final class ClientSmoke {
  public static void main(String[] args) throws Exception {
    String base = args[0];
    AdminApi admin = new AdminApi(client(base, "adminToken", args[1]));
    // A new name each run, so the check can run again on the same database.
    String name = "client-check-" + System.currentTimeMillis();
    ClientWithKey created = admin.adminCreateClient(new NewClient().name(name));
    ApiClient integration = client(base, "bearerAuth", created.getApiKey());
    MessagesApi messages = new MessagesApi(integration);
    ContactsApi contacts = new ContactsApi(integration);

    // A text that starts with a space is fine: the pattern is anchored as clients anchor it.
    Message byPhone =
        messages.createMessage(
            new NewMessage().phone("+972501234567").name("Dana").text(" hi Dana"), null);
    Contact contact = contacts.getContact(byPhone.getContactId());
    contacts.updateContact(contact.getId(), new ContactChanges().name("Dana Levi"));
    Contact rui = contacts.createContact(new NewContact().name("Rui").phone("+5511987654321"));
    MessageBatchResult batch =
        messages.createMessageBatch(
            new MessageBatch()
                .messages(
                    List.of(
                        new NewMessage().contactId(rui.getId()).text("one"),
                        new NewMessage().phone("+14155550100").text("two"))),
            name + "-batch");
    expect(batch.getData().size() == 2, "the batch answers both messages");

    // One status type everywhere: a list filter, a message, the operator's view.
    MessageStatus status = messages.getMessage(byPhone.getId()).getStatus();
    expect(
        messages.listMessages(status, null, null, null, 10, null).getData().stream()
            .anyMatch(m -> m.getId().equals(byPhone.getId())),
        "the list filtered by the message's own status shows it");
    AdminMessage seen =
        admin.adminListMessages(name, null, null, null, null, 10, null).getData().stream()
            .filter(m -> m.getId().equals(byPhone.getId()))
            .findFirst()
            .orElseThrow();
    expect(
        seen.getStatus() == status || seen.getStatus() == MessageStatus.SENT,
        "the operator's view has the same status type");

    expect(
        admin.adminWhatsAppStatus().getState() == SessionState.READY,
        "the dry-run sender's session reads as ready");
    expect(
        new OperationsApi(integration).healthReady().getChecks().getWhatsapp().getState()
            == SessionState.READY,
        "readiness reports the session state");
    expect(admin.adminStats().getCounts().getPending() >= 0, "the stats count per status");
    try {
      admin.adminWhatsAppQr();
      throw new AssertionError("the dry-run sender has no QR code");
    } catch (ApiException e) {
      expect(e.getCode() == 409, "no QR code: 409, got " + e.getCode());
    }
    System.out.println("client-check: the generated client created, listed and read as documented");
  }

  /**
   * A client with the token on the named scheme. Not {@code setBearerToken}: with two bearer
   * schemes in the document (the client's key and the admin token) it sets whichever comes first.
   */
  private static ApiClient client(String base, String scheme, String token) {
    ApiClient client = new ApiClient();
    client.setBasePath(base);
    ((HttpBearerAuth) client.getAuthentication(scheme)).setBearerToken(token);
    return client;
  }

  private static void expect(boolean condition, String what) {
    if (!condition) throw new AssertionError(what);
  }
}

package com.wagateway.console;

import com.google.gson.JsonObject;
import com.wagateway.client.Client;
import com.wagateway.client.ClientDetails;
import com.wagateway.client.ClientService;
import com.wagateway.domain.ConflictException;
import com.wagateway.domain.DomainException;
import com.wagateway.domain.InvalidInputException;
import com.wagateway.domain.QuotaExceededException;
import com.wagateway.domain.TooLargeException;
import com.wagateway.domain.UnsupportedTypeException;
import com.wagateway.http.ApiException;
import com.wagateway.http.JsonFields;
import com.wagateway.http.Router;
import com.wagateway.http.StreamingBody;
import com.wagateway.media.MediaService;
import com.wagateway.message.MessageDraft;
import com.wagateway.message.MessageIntake;
import com.wagateway.message.MessageRequestReader;
import com.wagateway.message.MessageView;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /console/send}: a test message from a form, for a client, accepted by the same rules as
 * {@code POST /send-message/} (phone, name, text; the client's quota); then its page shows the
 * status as it changes. {@code /console/send-file}: the same with a file, stored as {@code POST
 * /media} stores it and sent as a message with {@code media_id} is, the text its caption.
 */
public final class SendPage {
  private static final String[] FILE_FIELDS = {"client", "phone", "name", "text", "as_document"};

  private final ClientService clients;
  private final MessageRequestReader requests;
  private final MessageIntake intake;
  private final MediaService media;
  private final Guard guard;

  SendPage(
      ClientService clients,
      MessageRequestReader requests,
      MessageIntake intake,
      MediaService media,
      Guard guard) {
    this.clients = clients;
    this.requests = requests;
    this.intake = intake;
    this.media = media;
    this.guard = guard;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console/send", guard.signedIn(this::form))
        .post("/console/send", guard.signedIn(this::send))
        // The session and the form's token are checked by the page, before the file.
        .upload(
            "/console/send-file",
            guard.signedInUpload(this::sendFile),
            media.limits().largestFormBody(),
            e -> {});
  }

  /**
   * The page: the text form ({@code values}, {@code errors}) and the file form ({@code fileValues},
   * {@code fileErrors}); {@code maxFileBytes}: the largest file any kind takes.
   */
  public record View(
      PageFrame frame,
      List<ClientDetails> clients,
      Map<String, String> values,
      FormErrors errors,
      Map<String, String> fileValues,
      FormErrors fileErrors,
      long maxFileBytes) {}

  /** {@code GET /console/send}. */
  void form(ConsoleRequest request) {
    String client = request.query("client");
    Map<String, String> values = client == null ? Map.of() : Map.of("client", client);
    show(request, 200, values, FormErrors.NONE, values, FormErrors.NONE);
  }

  /** {@code POST /console/send}: to the message's page, where its status follows live. */
  void send(ConsoleRequest request) {
    Form form = request.form();
    Map<String, String> values = form.values("client", "phone", "name", "text");
    String name = form.get("client");
    Client client = name == null ? null : clients.find(name).orElse(null);
    JsonFields fields = new JsonFields(form.json("phone", "name", "text"));
    MessageDraft draft = requests.read(fields, form.json("phone", "name", "text"));
    checkClient(fields, client);
    if (!fields.valid()) {
      showText(request, 400, values, FormErrors.of(fields.errors()));
      return;
    }
    try {
      MessageView sent = intake.sendAs(client, draft);
      request.redirect("/console/messages/" + sent.id());
    } catch (DomainException e) {
      showText(request, status(e), values, FormErrors.of(e));
    }
  }

  /**
   * {@code POST /console/send-file} ({@code multipart/form-data}): the CSRF token and the client
   * are read before the file; a form refused after the file was stored leaves no new media behind.
   */
  void sendFile(ConsoleRequest request) throws IOException {
    HttpServerExchange exchange = request.exchange();
    String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
    String boundary =
        type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
            ? Headers.extractQuotedValueFromHeader(type, "boundary")
            : null;
    if (boundary == null || boundary.isEmpty()) {
      exchange.setPersistent(false);
      throw ApiException.unsupportedMediaType(
          "The file form is sent as multipart/form-data; nothing was sent.");
    }
    try (StreamingBody body = StreamingBody.of(exchange)) {
      FileForm form = FileForm.begin(body, boundary, exchange.getConnection().getByteBufferPool());
      if (guard.tokenRefused(request, form.raw(Guard.CSRF_FIELD))) return;
      String name = blank(form.raw("client"));
      Client client = name == null ? null : clients.find(name).orElse(null);
      JsonFields before = new JsonFields(new JsonObject());
      checkClient(before, client);
      if (!form.hasFile()) before.error("file", "choose the file to send");
      if (!before.valid()) {
        exchange.setPersistent(false);
        showFile(request, 400, values(form), FormErrors.of(before.errors()));
        return;
      }
      MediaService.Uploaded uploaded;
      try {
        uploaded = media.upload(client, form.file());
      } catch (DomainException e) {
        exchange.setPersistent(false);
        showFile(request, status(e), values(form), FormErrors.of(e));
        return;
      }
      JsonObject json = new JsonObject();
      if (form.raw("phone") != null) json.addProperty("phone", form.raw("phone"));
      // The optional fields left empty are not sent, as an integration leaves them out.
      for (String field : List.of("name", "text")) {
        if (blank(form.raw(field)) != null) json.addProperty(field, form.raw(field));
      }
      json.addProperty("media_id", uploaded.media().id());
      if (form.raw("as_document") != null) json.addProperty("as_document", true);
      JsonFields fields = new JsonFields(json);
      MessageDraft draft = requests.read(fields, json);
      try {
        if (!fields.valid()) throw new InvalidInputException(fields.errors());
        MessageView sent = intake.sendAs(client, draft);
        request.redirect("/console/messages/" + sent.id());
      } catch (DomainException e) {
        if (uploaded.created()) forget(client, uploaded.media().id());
        showFile(request, status(e), values(form), FormErrors.of(e));
      }
    }
  }

  /** Removes a file stored for a message that was refused (kept if a message took it since). */
  private void forget(Client client, long mediaId) {
    try {
      media.delete(client, mediaId);
    } catch (ConflictException e) {
      // Another message of the client sends the same bytes: the media stays for it.
    }
  }

  private static void checkClient(JsonFields fields, Client client) {
    if (client == null) fields.error("client", "choose the client to send as");
    else if (!client.active())
      fields.error("client", "is disabled: its messages are refused until it is enabled");
  }

  private static int status(DomainException e) {
    if (e instanceof QuotaExceededException) return 429;
    if (e instanceof InvalidInputException) return 400;
    if (e instanceof TooLargeException) return 413;
    if (e instanceof UnsupportedTypeException) return 415;
    return 409;
  }

  private static String blank(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Map<String, String> values(FileForm form) {
    Map<String, String> values = new HashMap<>();
    for (String field : FILE_FIELDS) {
      if (form.raw(field) != null) values.put(field, form.raw(field));
    }
    return values;
  }

  private void showText(
      ConsoleRequest request, int status, Map<String, String> values, FormErrors errors) {
    show(request, status, values, errors, Map.of(), FormErrors.NONE);
  }

  private void showFile(
      ConsoleRequest request, int status, Map<String, String> values, FormErrors errors) {
    show(request, status, Map.of(), FormErrors.NONE, values, errors);
  }

  private void show(
      ConsoleRequest request,
      int status,
      Map<String, String> values,
      FormErrors errors,
      Map<String, String> fileValues,
      FormErrors fileErrors) {
    request.render(
        status,
        "send",
        new View(
            request.frame("Send a test message", "send"),
            clients.list().stream().map(ClientDetails::of).toList().stream()
                .filter(ClientDetails::active)
                .toList(),
            values,
            errors,
            fileValues,
            fileErrors,
            media.limits().largest()));
  }
}

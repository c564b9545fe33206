package com.wagateway.console;

import com.wagateway.client.Client;
import com.wagateway.client.ClientService;
import com.wagateway.domain.FieldError;
import com.wagateway.domain.NotFoundException;
import com.wagateway.http.CursorPage;
import com.wagateway.http.QueryParams;
import com.wagateway.http.Router;
import com.wagateway.media.MediaService;
import com.wagateway.media.MediaView;
import com.wagateway.message.AdminMessageView;
import com.wagateway.message.MessageDetail;
import com.wagateway.message.MessageFilter;
import com.wagateway.message.MessageListing;
import com.wagateway.message.MessageService;
import com.wagateway.message.MessageView;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code /console/messages}: every client's messages filtered by client, status, phone and date; a
 * message's story; cancel, retry, and retry every failed message of a filter at once. The actions
 * are {@link MessageService}'s, as the API's are.
 */
public final class MessagePages {
  private static final int PAGE_SIZE = 50;

  private final ClientService clients;
  private final MessageListing listing;
  private final MessageService messages;
  private final MediaService media;

  MessagePages(
      ClientService clients, MessageListing listing, MessageService messages, MediaService media) {
    this.clients = clients;
    this.listing = listing;
    this.messages = messages;
    this.media = media;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console/messages", guard.signedIn(this::list))
        .get("/console/messages/retry-failed", guard.signedIn(this::confirmRetryAll))
        .post("/console/messages/retry-failed", guard.signedIn(this::retryAll))
        .get("/console/messages/{id}", guard.signedIn(this::detail))
        .get("/console/messages/{id}/card", guard.signedIn(this::card))
        .post("/console/messages/{id}/cancel", guard.signedIn(this::cancel))
        .post("/console/messages/{id}/retry", guard.signedIn(this::retry))
        .get("/console/messages/{id}/file", guard.signedIn(this::file));
  }

  /** The filter as the form shows it, and as a query string for links. */
  public record Filters(
      String client, String status, String phone, String from, String to, String query) {}

  public record ListView(
      PageFrame frame,
      Filters filters,
      List<String> clients,
      List<String> statuses,
      CursorPage<AdminMessageView> page,
      boolean paged,
      FormErrors errors) {}

  public record RetryAllView(PageFrame frame, Filters filters, int count) {}

  /** One moment in a message's life. */
  public record Event(String at, String iso, String what) {}

  /** A message's card: refreshed by the page while the message is still on its way. */
  /** {@code dryRun}: this instance only logs its sends, so a "sent" here reached nobody. */
  /**
   * {@code file}: the message's file (null: a text, or {@code fileGone}: its file was deleted by
   * the retention).
   */
  public record Card(
      MessageDetail detail,
      List<Event> timeline,
      String csrfToken,
      boolean dryRun,
      MediaView file,
      boolean fileGone,
      boolean asDocument) {
    public AdminMessageView message() {
      return detail.message();
    }

    /** Shown in the page (an image the browser can draw), rather than only offered to save. */
    public boolean preview() {
      return file != null && FileLink.inline(file);
    }

    public String fileLink() {
      return "/console/messages/" + message().id() + "/file";
    }

    /**
     * Pending and sending messages change by themselves, and sent and delivered ones as receipts
     * come; the others wait for a person.
     */
    public boolean live() {
      return switch (message().status()) {
        case "pending", "sending", "sent", "delivered" -> true;
        default -> false;
      };
    }

    public boolean cancellable() {
      return message().status().equals("pending");
    }

    // A message that may have reached the phone (unconfirmed) is retried only on purpose,
    // one at a time, as a failed one is; the service decides, this only shows the button.
    public boolean retryable() {
      return message().status().equals("failed") || message().status().equals("unconfirmed");
    }
  }

  public record DetailView(PageFrame frame, Card card) {}

  /** {@code GET /console/messages}. */
  void list(ConsoleRequest request) {
    Read read = read(request);
    CursorPage<AdminMessageView> page =
        read.errors().isEmpty()
            ? CursorPage.of(listing.listAll(read.client(), read.filter(), PAGE_SIZE, read.before()))
            : new CursorPage<>(List.of(), null);
    request.render(
        "messages",
        new ListView(
            request.frame("Messages", "messages"),
            read.filters(),
            clients.list().stream().map(Client::name).toList(),
            new ArrayList<>(new TreeSet<>(MessageFilter.statuses())),
            page,
            read.before() != null,
            FormErrors.of(read.errors())));
  }

  /** {@code GET /console/messages/{id}}. */
  void detail(ConsoleRequest request) {
    Card card = card(request, request.id("id"));
    request.render(
        "message",
        new DetailView(request.frame("Message " + card.message().id(), "messages"), card));
  }

  /** {@code GET /console/messages/{id}/card}: the card alone, polled while it is on its way. */
  void card(ConsoleRequest request) {
    request.render("partials/message_card", card(request, request.id("id")));
  }

  /** {@code POST /console/messages/{id}/cancel}. */
  void cancel(ConsoleRequest request) {
    long id = request.id("id");
    messages.cancel(owner(id), id);
    request.redirect("/console/messages/" + id + "?done=cancelled");
  }

  /** {@code POST /console/messages/{id}/retry}. */
  void retry(ConsoleRequest request) {
    long id = request.id("id");
    messages.retry(owner(id), id);
    request.redirect("/console/messages/" + id + "?done=retried");
  }

  /** {@code GET /console/messages/retry-failed?...}: how many it would retry, before it does. */
  void confirmRetryAll(ConsoleRequest request) {
    Read read = read(request);
    if (!read.errors().isEmpty()) {
      list(request);
      return;
    }
    MessageFilter failed = withStatus(read.filter(), "failed");
    request.render(
        "retry_failed",
        new RetryAllView(
            request.frame("Retry failed messages", "messages"),
            read.filters(),
            listing.countAll(read.client(), failed)));
  }

  /** {@code POST /console/messages/retry-failed}: the filter comes back as form fields. */
  void retryAll(ConsoleRequest request) {
    Read read = read(request);
    if (!read.errors().isEmpty()) {
      throw new com.wagateway.domain.InvalidInputException(read.errors());
    }
    int retried = messages.retryFailed(read.client(), withStatus(read.filter(), "failed"));
    request.redirect(
        "/console/messages?"
            + read.filters().query()
            + (read.filters().query().isEmpty() ? "" : "&")
            + "done=retried-all&count="
            + retried);
  }

  private Client owner(long id) {
    MessageDetail detail =
        listing.detail(id).orElseThrow(() -> new NotFoundException("No message " + id));
    String name = detail.message().client_name();
    return clients.get(name);
  }

  private Card card(ConsoleRequest request, long id) {
    MessageDetail detail =
        listing.detail(id).orElseThrow(() -> new NotFoundException("No message " + id));
    MessageView view = ownersView(detail);
    Long mediaId = view.media_id();
    MediaView file = mediaId == null ? null : media.find(mediaId).orElse(null);
    return new Card(
        detail,
        timeline(detail),
        request.signedIn().csrfToken(),
        request.dryRun(),
        file,
        mediaId != null && file == null,
        view.as_document());
  }

  /** The message as its client sees it: the operator's view does not carry its file. */
  private MessageView ownersView(MessageDetail detail) {
    AdminMessageView m = detail.message();
    return messages.get(clients.get(m.client_name()), m.id());
  }

  /**
   * {@code GET /console/messages/{id}/file}: the message's file, streamed from the database; shown
   * in the page when it is a picture, saved otherwise.
   */
  void file(ConsoleRequest request) throws IOException {
    long id = request.id("id");
    MessageDetail detail =
        listing.detail(id).orElseThrow(() -> new NotFoundException("No message " + id));
    Long mediaId = ownersView(detail).media_id();
    MediaView file = mediaId == null ? null : media.find(mediaId).orElse(null);
    if (file == null) throw new NotFoundException("Message " + id + " has no file (any more)");
    FileLink.stream(request.exchange(), file, media);
  }

  private static List<Event> timeline(MessageDetail d) {
    AdminMessageView m = d.message();
    List<Event> events = new ArrayList<>();
    events.add(event(m.created_at(), "Accepted from client " + m.client_name()));
    boolean scheduled = m.send_at().isAfter(m.created_at().plusSeconds(1));
    switch (m.status()) {
      case "pending" ->
          events.add(
              event(
                  m.send_at(),
                  m.attempts() == 0
                      ? (scheduled ? "Scheduled to send" : "Due: waiting for the worker")
                      : "Next attempt (after " + m.attempts() + " that failed)"));
      case "sending" ->
          events.add(
              event(
                  m.send_at(),
                  "Attempt "
                      + m.attempts()
                      + " started by "
                      + (d.claimedBy() == null ? "an instance" : d.claimedBy())
                      + (d.leaseUntil() == null
                          ? ""
                          : ", holding it until " + Formats.time(d.leaseUntil()))));
      case "sent", "delivered", "read" -> {
        events.add(event(m.sent_at(), "Sent after " + plural(m.attempts())));
        if (m.delivered_at() != null) {
          events.add(event(m.delivered_at(), "Delivered to the phone (two ticks)"));
        }
        if (m.read_at() != null) events.add(event(m.read_at(), "Read"));
      }
      case "failed" ->
          events.add(event(m.send_at(), "Failed after " + plural(m.attempts()) + ": gave up"));
      case "cancelled" -> events.add(event(null, "Cancelled before it was sent"));
      default -> events.add(event(null, "Now " + m.status()));
    }
    if (d.rescued() > 0) {
      events.add(
          event(
              null,
              "Taken over "
                  + d.rescued()
                  + " time(s) from an instance that stopped answering: the phone may have"
                  + " received it more than once"));
    }
    return events;
  }

  private static String plural(int attempts) {
    return attempts + (attempts == 1 ? " attempt" : " attempts");
  }

  private static Event event(OffsetDateTime at, String what) {
    return new Event(Formats.time(at), Formats.iso(at), what);
  }

  private static MessageFilter withStatus(MessageFilter f, String status) {
    return new MessageFilter(status, f.contactId(), f.phone(), f.createdAfter(), f.createdBefore());
  }

  private record Read(
      String client, MessageFilter filter, Long before, Filters filters, List<FieldError> errors) {}

  /**
   * The filter from the query string (the retry-all form posts to a URL carrying it too), read with
   * the API's rules for status and phone.
   */
  private Read read(ConsoleRequest request) {
    QueryParams params = new QueryParams(request.exchange());
    String client = params.string("client", 100);
    String status = params.oneOf("status", MessageFilter.statuses());
    String phone = params.phoneFragment("phone");
    Long before = params.cursor();
    List<FieldError> errors = new ArrayList<>(params.errors());
    String from = request.query("from");
    String to = request.query("to");
    OffsetDateTime after = day(from, "from", errors);
    OffsetDateTime until = day(to, "to", errors);
    if (until != null) until = until.plusDays(1);
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("client", client);
    shown.put("status", status);
    shown.put("phone", request.query("phone"));
    shown.put("from", from);
    shown.put("to", to);
    StringBuilder query = new StringBuilder();
    shown.forEach(
        (k, v) -> {
          if (v == null) return;
          if (query.length() > 0) query.append('&');
          query.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return new Read(
        client,
        new MessageFilter(status, null, phone, after, until),
        before,
        new Filters(client, status, shown.get("phone"), from, to, query.toString()),
        errors);
  }

  /** A day from a date field (yyyy-mm-dd), as its first moment in UTC. */
  private static OffsetDateTime day(String value, String field, List<FieldError> errors) {
    if (value == null) return null;
    try {
      LocalDate date = LocalDate.parse(value);
      if (date.getYear() >= 2000 && date.getYear() <= 9998) {
        return date.atStartOfDay().atOffset(ZoneOffset.UTC);
      }
      errors.add(new FieldError(field, "must be a date between the years 2000 and 9998"));
      return null;
    } catch (DateTimeParseException e) {
      errors.add(new FieldError(field, "must be a date written 2026-11-25"));
      return null;
    }
  }
}

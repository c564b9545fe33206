package com.wagateway.console;

import com.wagateway.client.ClientService;
import com.wagateway.contact.ContactService;
import com.wagateway.domain.PhoneNumbers;
import com.wagateway.http.ClientAddress;
import com.wagateway.http.Router;
import com.wagateway.media.MediaService;
import com.wagateway.message.MessageIntake;
import com.wagateway.message.MessageListing;
import com.wagateway.message.MessageRequestReader;
import com.wagateway.message.MessageService;
import com.wagateway.message.QueueStats;
import com.wagateway.metrics.MediaMetrics;
import com.wagateway.operator.OperatorService;
import com.wagateway.operator.SignedInOperators;
import com.wagateway.queue.Sender;
import com.wagateway.session.SessionService;
import com.wagateway.webhook.WebhookService;
import java.util.function.Supplier;

/**
 * The operator console: builds its pages, which declare their own routes, each behind the {@link
 * Guard}. The console holds no rule of its own: every change goes through the services the API and
 * the CLI call.
 */
public final class Console {
  private final Guard guard;
  private final Assets assets = new Assets();
  private final SignInPages signIn;
  private final OverviewPage overview;
  private final WhatsAppPages whatsapp;
  private final ClientPages clients;
  private final ContactPages contacts;
  private final MessagePages messages;
  private final SendPage send;
  private final WebhookPages webhooks;
  private final ClientPickerPages pickers;

  /** The services the console calls; {@code instanceId} names this instance on its pages. */
  public record Services(
      OperatorService operators,
      SignedInOperators signIns,
      ClientService clients,
      ContactService contacts,
      PhoneNumbers phones,
      MessageRequestReader requests,
      MessageService messages,
      MessageIntake intake,
      MessageListing listing,
      QueueStats stats,
      Supplier<Sender> sender,
      SessionService whatsappSessions,
      String instanceId,
      WebhookService webhooks,
      Supplier<MediaMetrics.Reading> storage,
      MediaService media) {}

  public Console(Services s, ClientAddress clientAddress) {
    Pages pages = new Pages();
    this.guard =
        new Guard(s.signIns(), pages, clientAddress, () -> !s.sender().get().reachesPeople());
    this.signIn = new SignInPages(s.operators(), s.signIns(), pages, guard);
    this.whatsapp =
        new WhatsAppPages(
            s.sender(), s.whatsappSessions(), s.instanceId(), s.clients(), s.phones());
    this.overview = new OverviewPage(s.stats(), whatsapp, s.storage());
    this.clients = new ClientPages(s.clients(), whatsapp, s.webhooks());
    this.contacts = new ContactPages(s.clients(), s.contacts(), s.phones());
    this.messages = new MessagePages(s.clients(), s.listing(), s.messages(), s.media());
    this.send = new SendPage(s.clients(), s.requests(), s.intake(), s.media(), guard);
    this.webhooks = new WebhookPages(s.clients(), s.webhooks());
    this.pickers = new ClientPickerPages(s.clients());
  }

  /** Declares the console: its pages under /console, each behind the guard, and their assets. */
  public void routes(Router router) {
    router.pagesUnder("/console", guard::refused).get("/console/assets/{file}", assets::serve);
    signIn.routes(router, guard);
    overview.routes(router, guard);
    whatsapp.routes(router, guard);
    clients.routes(router, guard);
    pickers.routes(router, guard);
    contacts.routes(router, guard);
    messages.routes(router, guard);
    send.routes(router, guard);
    webhooks.routes(router, guard);
  }
}

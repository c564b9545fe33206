package com.wagateway.console;

import com.wagateway.client.ClientService;
import com.wagateway.contact.ContactService;
import com.wagateway.contact.PhoneNumbers;
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
import com.wagateway.operator.OperatorSessions;
import com.wagateway.queue.Sender;
import com.wagateway.session.SessionService;
import com.wagateway.webhook.WebhookService;
import java.util.function.Supplier;

/**
 * The operator console's routes, each behind the {@link Guard}. The console holds no rule of its
 * own: every change goes through the services the API and the CLI call.
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
      OperatorSessions sessions,
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
        new Guard(s.sessions(), pages, clientAddress, () -> !s.sender().get().reachesPeople());
    this.signIn = new SignInPages(s.operators(), s.sessions(), pages, guard);
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

  /** How a form refused before its page runs (too large, unreadable) is answered: as a page. */
  public Router.ProblemWriter refusals() {
    return guard::refused;
  }

  public Router.Handler assets() {
    return assets::serve;
  }

  public Router.Handler signInForm() {
    return guard.open(signIn::form);
  }

  public Router.Handler signIn() {
    return guard.open(signIn::signIn);
  }

  public Router.Handler signOut() {
    return guard.signedIn(signIn::signOut);
  }

  public Router.Handler overview() {
    return guard.signedIn(overview::page);
  }

  public Router.Handler overviewLive() {
    return guard.signedIn(overview::live);
  }

  public Router.Handler whatsapp() {
    return guard.signedIn(whatsapp::page);
  }

  public Router.Handler whatsappLive() {
    return guard.signedIn(whatsapp::live);
  }

  public Router.Handler whatsappQrPicture() {
    return guard.signedIn(whatsapp::qrPicture);
  }

  public Router.Handler whatsappPairingCode() {
    return guard.signedIn(whatsapp::pairingCode);
  }

  public Router.Handler whatsappRestart() {
    return guard.signedIn(whatsapp::restart);
  }

  public Router.Handler createSession() {
    return guard.signedIn(whatsapp::create);
  }

  public Router.Handler sessionCommand(SessionService.Command command) {
    return guard.signedIn(request -> whatsapp.command(request, command));
  }

  public Router.Handler clients() {
    return guard.signedIn(clients::list);
  }

  public Router.Handler createClient() {
    return guard.signedIn(clients::create);
  }

  public Router.Handler client() {
    return guard.signedIn(clients::detail);
  }

  public Router.Handler rotateKey() {
    return guard.signedIn(clients::rotateKey);
  }

  public Router.Handler disableClient() {
    return guard.signedIn(r -> clients.setActive(r, false));
  }

  public Router.Handler enableClient() {
    return guard.signedIn(r -> clients.setActive(r, true));
  }

  public Router.Handler clientQuotas() {
    return guard.signedIn(clients::setQuotas);
  }

  public Router.Handler confirmDeleteClient() {
    return guard.signedIn(clients::confirmDelete);
  }

  public Router.Handler deleteClient() {
    return guard.signedIn(clients::delete);
  }

  public Router.Handler allContacts() {
    return guard.signedIn(pickers::contacts);
  }

  public Router.Handler allWebhooks() {
    return guard.signedIn(pickers::webhooks);
  }

  public Router.Handler contacts() {
    return guard.signedIn(contacts::list);
  }

  public Router.Handler contact() {
    return guard.signedIn(contacts::edit);
  }

  public Router.Handler updateContact() {
    return guard.signedIn(contacts::update);
  }

  public Router.Handler deleteContact() {
    return guard.signedIn(contacts::delete);
  }

  public Router.Handler messages() {
    return guard.signedIn(messages::list);
  }

  public Router.Handler message() {
    return guard.signedIn(messages::detail);
  }

  public Router.Handler messageFile() {
    return guard.signedIn(messages::file);
  }

  public Router.Handler messageCard() {
    return guard.signedIn(messages::card);
  }

  public Router.Handler cancelMessage() {
    return guard.signedIn(messages::cancel);
  }

  public Router.Handler retryMessage() {
    return guard.signedIn(messages::retry);
  }

  public Router.Handler confirmRetryFailed() {
    return guard.signedIn(messages::confirmRetryAll);
  }

  public Router.Handler retryFailed() {
    return guard.signedIn(messages::retryAll);
  }

  public Router.Handler sendForm() {
    return guard.signedIn(send::form);
  }

  public Router.Handler send() {
    return guard.signedIn(send::send);
  }

  public Router.Handler sendFile() {
    return guard.signedInUpload(send::sendFile);
  }

  public Router.Handler webhooks() {
    return guard.signedIn(webhooks::list);
  }

  public Router.Handler addWebhook() {
    return guard.signedIn(webhooks::add);
  }

  public Router.Handler webhookDeliveries() {
    return guard.signedIn(webhooks::deliveries);
  }

  public Router.Handler rotateWebhookSecret() {
    return guard.signedIn(webhooks::rotate);
  }

  public Router.Handler enableWebhook() {
    return guard.signedIn(r -> webhooks.setEnabled(r, true));
  }

  public Router.Handler disableWebhook() {
    return guard.signedIn(r -> webhooks.setEnabled(r, false));
  }

  public Router.Handler removeWebhook() {
    return guard.signedIn(webhooks::remove);
  }

  public Router.Handler redeliverWebhooks() {
    return guard.signedIn(webhooks::redeliver);
  }
}

package com.wagateway;

import com.wagateway.admin.AdminHandlers;
import com.wagateway.client.ApiKeys;
import com.wagateway.client.ClientService;
import com.wagateway.client.ClientSessions;
import com.wagateway.client.Quotas;
import com.wagateway.config.Config;
import com.wagateway.console.Console;
import com.wagateway.contact.ContactHandlers;
import com.wagateway.contact.ContactService;
import com.wagateway.contact.PhoneNumbers;
import com.wagateway.db.Database;
import com.wagateway.db.EmbeddedDatabase;
import com.wagateway.health.HealthHandlers;
import com.wagateway.health.Readiness;
import com.wagateway.http.AdminToken;
import com.wagateway.http.AuthThrottle;
import com.wagateway.http.ClientAddress;
import com.wagateway.http.DocsHandlers;
import com.wagateway.http.HttpServer;
import com.wagateway.http.RequestAuthenticator;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Router;
import com.wagateway.media.FileAttaching;
import com.wagateway.media.MediaHandlers;
import com.wagateway.media.MediaLimits;
import com.wagateway.media.MediaRetention;
import com.wagateway.media.MediaService;
import com.wagateway.media.MediaUrls;
import com.wagateway.message.Idempotency;
import com.wagateway.message.MessageHandlers;
import com.wagateway.message.MessageIntake;
import com.wagateway.message.MessageListing;
import com.wagateway.message.MessageRequestReader;
import com.wagateway.message.MessageService;
import com.wagateway.message.QueueStats;
import com.wagateway.metrics.HttpMetrics;
import com.wagateway.metrics.MediaMetrics;
import com.wagateway.metrics.Metrics;
import com.wagateway.metrics.PoolMetrics;
import com.wagateway.metrics.QueueMetrics;
import com.wagateway.metrics.ReceiptMetrics;
import com.wagateway.metrics.SessionMetrics;
import com.wagateway.metrics.WebhookMetrics;
import com.wagateway.metrics.WorkerMetrics;
import com.wagateway.numbers.NumberCache;
import com.wagateway.numbers.NumberChecker;
import com.wagateway.numbers.NumberGate;
import com.wagateway.numbers.NumberHandlers;
import com.wagateway.numbers.NumberService;
import com.wagateway.operator.OperatorService;
import com.wagateway.operator.OperatorSessions;
import com.wagateway.queue.LogSender;
import com.wagateway.queue.MessageQueue;
import com.wagateway.queue.QueueWorker;
import com.wagateway.queue.Sender;
import com.wagateway.queue.WorkerSettings;
import com.wagateway.receipt.ReceiptStore;
import com.wagateway.session.PairingHandlers;
import com.wagateway.session.SessionHandlers;
import com.wagateway.session.SessionHost;
import com.wagateway.session.SessionLeases;
import com.wagateway.session.SessionService;
import com.wagateway.webhook.Outbox;
import com.wagateway.webhook.SessionEvents;
import com.wagateway.webhook.WebhookDispatcher;
import com.wagateway.webhook.WebhookHandlers;
import com.wagateway.webhook.WebhookService;
import com.wagateway.whatsapp.SessionStateListener;
import com.wagateway.whatsapp.WhatsAppAdminHandlers;
import com.wagateway.whatsapp.WhatsAppWebSender;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the whole object graph by hand; the only class that knows every part. */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  private final Config config;
  private final Database database;
  private final Sender sender;
  private final MessageIntake intake;
  private final QueueWorker worker;
  private final HttpServer http;
  private final Housekeeping housekeeping;
  private final Webhooks webhooks;

  /** The webhook parts that run on their own threads (issue 13). */
  private record Webhooks(WebhookDispatcher dispatcher, SessionEvents sessionEvents) {
    void close() {
      dispatcher.close();
      if (sessionEvents != null) sessionEvents.close();
    }
  }

  private App(
      Config config,
      Database database,
      Sender sender,
      MessageIntake intake,
      QueueWorker worker,
      HttpServer http,
      Housekeeping housekeeping,
      Webhooks webhooks) {
    this.config = config;
    this.database = database;
    this.sender = sender;
    this.intake = intake;
    this.worker = worker;
    this.http = http;
    this.housekeeping = housekeeping;
    this.webhooks = webhooks;
  }

  /**
   * The server: HTTP API and queue worker, sending with the sender WA_SENDER names. With WhatsApp
   * Web, a {@link SessionHost} runs this instance's share of the sessions (WA_MAX_SESSIONS), each
   * message leaving from its own session's account.
   */
  public static App serve(Config config) {
    return serve(config, (BiFunction<Config, SessionStateListener, Sender>) null);
  }

  /**
   * The server with a sender of the caller's choosing (tests, benchmarks), which sends every
   * session's messages; it is closed with the app. {@code senderFactory} null: as WA_SENDER says.
   */
  public static App serve(Config config, Function<Config, Sender> senderFactory) {
    return serve(
        config,
        senderFactory == null
            ? (BiFunction<Config, SessionStateListener, Sender>) null
            : (c, listener) -> senderFactory.apply(c));
  }

  /**
   * The server with a sender made by {@code senderFactory}, which is given the listener that turns
   * session state changes into webhook events; null: as WA_SENDER says.
   */
  public static App serve(
      Config config, BiFunction<Config, SessionStateListener, Sender> senderFactory) {
    if (config.database().embedded()) {
      log.info("Data directory: {} (WA_DATA_DIR)", config.dataDir());
    }
    Database database =
        Database.open(config.database(), config.dataDir(), EmbeddedDatabase.Role.SERVER);
    log.info("Database: {}", database.description());
    Sender sender = null;
    MessageIntake intake = null;
    QueueWorker started = null;
    SessionEvents sessionEvents = null;
    WebhookDispatcher dispatcher = null;
    try {
      DSLContext apiDb = Database.dsl(database.apiPool());
      DSLContext workerDb = Database.dsl(database.workerPool());
      var webhookPool = database.openPool("wa-webhook", config.webhooks().poolSize());
      DSLContext webhookDb = Database.dsl(webhookPool);
      // Uploads hold a connection for their whole transaction: a pool of their own, so they never
      // starve message intake.
      var mediaPool = database.openPool("wa-media", config.media().poolSize());
      Metrics metrics = new Metrics();
      WebhookMetrics webhookMetrics = new WebhookMetrics(metrics.registry(), apiDb);
      Outbox outbox = new Outbox(config.webhooks().maxAge());
      SessionStateListener sessionListener = SessionStateListener.NONE;
      if (config.webhooks().sessionUrl() != null) {
        SessionEvents events =
            new SessionEvents(outbox, webhookDb, config.webhooks().sessionUrl(), webhookMetrics);
        sessionEvents = events;
        sessionListener =
            change ->
                events.changed(
                    change.session(),
                    change.from() == null ? null : change.from().wireName(),
                    change.to().wireName(),
                    change.detail(),
                    change.at());
      }
      SessionHost host = null;
      if (senderFactory != null) {
        sender = senderFactory.apply(config, sessionListener);
      } else if (config.worker().sender() == Config.SenderKind.WHATSAPP_WEB) {
        host =
            new SessionHost(
                config.whatsapp(),
                config.sessions(),
                new SessionLeases(workerDb, config.worker().instanceId()),
                workerDb,
                sessionListener,
                config.receipts(),
                new ReceiptStore(workerDb, outbox, new ReceiptMetrics(metrics.registry())));
        sender = host;
      } else {
        sender = sender(config, sessionListener);
      }
      SessionHost sessionHost = host;
      Sender fixedSender = sender;
      Supplier<Sender> defaultSession =
          host == null
              ? () -> fixedSender
              : () -> sessionHost.local("default").map(Sender.class::cast).orElse(sessionHost);
      SessionService sessionService = new SessionService(apiDb, host);
      MediaService mediaService =
          new MediaService(Database.dsl(mediaPool), MediaLimits.from(config.media()));
      QueueWorker worker =
          new QueueWorker(
              new MessageQueue(workerDb, config.worker().instanceId(), outbox),
              new NumberGate(
                  new FileAttaching(sender, mediaService),
                  new NumberCache(workerDb, config.numbers().checkTtl()),
                  sender instanceof WhatsAppWebSender || sender instanceof SessionHost),
              WorkerSettings.from(config.worker()),
              new WorkerMetrics(metrics.registry()));
      new QueueMetrics(apiDb, Duration.ofSeconds(5)).register(metrics.registry());
      MediaMetrics mediaMetrics = new MediaMetrics(apiDb, Duration.ofSeconds(30));
      mediaMetrics.register(metrics.registry());
      PoolMetrics.register(
          metrics.registry(),
          List.of(database.apiPool(), database.workerPool(), webhookPool, mediaPool));
      SessionMetrics.register(metrics.registry(), sender, worker);
      if (host != null) SessionMetrics.registerSessions(metrics.registry(), host::figures);
      HealthHandlers health =
          new HealthHandlers(
              new Readiness(
                  database.apiPool(), sender, worker, config.http().readyRequiresWhatsApp()));

      ClientService clients = new ClientService(apiDb);
      ClientAddress clientAddress = new ClientAddress(config.http().trustedProxies());
      AuthThrottle throttle = new AuthThrottle(config.api().authFailuresPerMinute(), clientAddress);
      RequestAuthenticator auth = new RequestAuthenticator(clients, throttle);
      PhoneNumbers phones = new PhoneNumbers(config.messages().defaultRegion());
      MessageRequestReader requests =
          new MessageRequestReader(phones, config.messages().maxTextLength());
      MessageService messageService = new MessageService(apiDb, worker::wake, outbox);
      WebhookService webhookService =
          new WebhookService(
              apiDb, config.webhooks().rotationOverlap(), config.webhooks().maxAge());
      ClientSessions clientSessions = new ClientSessions(apiDb);
      Idempotency idempotency = new Idempotency(apiDb);
      intake =
          new MessageIntake(
              apiDb,
              new Quotas(config.api().quotaPerMinute(), config.api().quotaPerDay()),
              idempotency,
              messageService::enqueued,
              new MessageIntake.Settings(
                  config.intake().gather(),
                  config.intake().maxMessages(),
                  config.intake().writers(),
                  config.database().connectionTimeout()),
              clientSessions);
      MessageListing listing = new MessageListing(apiDb);
      MediaHandlers media = new MediaHandlers(auth, mediaService);
      MediaUrls mediaUrls =
          new MediaUrls(
              mediaService, config.media().urlTimeout(), config.webhooks().callbackPrivate());
      Sender session = sender;
      MessageHandlers messages =
          new MessageHandlers(
              auth,
              requests,
              messageService,
              listing,
              intake,
              // With sessions, the message's own session as the session table says (whichever
              // instance runs it); a single sender of the caller's choosing sends for them all.
              sessionHost != null
                  ? sessionService::waitingFor
                  : messageId -> session.ready() ? null : session.state(),
              (client, messageId) -> webhookService.messageEvents(client.id(), messageId),
              (client, url) -> mediaUrls.fetch(client, url).id());
      ContactService contactService = new ContactService(apiDb);
      ContactHandlers contacts = new ContactHandlers(auth, phones, contactService);
      AdminToken adminToken = new AdminToken(config.adminToken(), throttle);
      QueueStats queueStats = new QueueStats(apiDb);
      AdminHandlers admin =
          new AdminHandlers(adminToken, clients, queueStats, listing, clientSessions);
      DocsHandlers docs = new DocsHandlers();
      PairingHandlers pairing =
          new PairingHandlers(adminToken, sessionService, defaultSession, phones);
      NumberHandlers numbers =
          new NumberHandlers(
              auth,
              new NumberService(
                  new NumberCache(apiDb, config.numbers().checkTtl()),
                  name ->
                      numberChecker(
                          name.equals("default")
                              ? defaultSession.get()
                              : sessionService.local(name).map(Sender.class::cast).orElse(null),
                          name),
                  phones,
                  config.numbers().checkWait()),
              contactService);
      WhatsAppAdminHandlers whatsapp = new WhatsAppAdminHandlers(adminToken, defaultSession);
      SessionHandlers sessionRoutes = new SessionHandlers(adminToken, sessionService);
      WebhookHandlers webhookHandlers = new WebhookHandlers(adminToken, webhookService);
      Console console =
          new Console(
              new Console.Services(
                  new OperatorService(apiDb),
                  new OperatorSessions(apiDb, config.console().idleTimeout()),
                  clients,
                  contactService,
                  phones,
                  requests,
                  messageService,
                  intake,
                  listing,
                  queueStats,
                  defaultSession,
                  sessionService,
                  config.worker().instanceId(),
                  webhookService,
                  mediaMetrics::current,
                  mediaService),
              clientAddress);

      Router router =
          new Router(config.http().readTimeout())
              .post("/send-message", messages::sendMessage)
              .post("/send-message/", messages::sendMessage)
              .post("/messages", messages::create)
              .get("/messages", messages::list)
              .post(
                  "/messages/batch",
                  messages::batch,
                  RequestBody.MAX_BATCH_BYTES,
                  exchange -> auth.caller(exchange, null, null))
              .get("/messages/{id}", messages::get)
              .delete("/messages/{id}", messages::cancel)
              .post("/messages/{id}/retry", messages::retry)
              .upload("/media", media::upload, media.maxBodyBytes(), media::checkCaller)
              .get("/media/{id}", media::get)
              .get("/media/{id}/content", media::content)
              .delete("/media/{id}", media::delete)
              .get("/contacts", contacts::list)
              .post("/contacts", contacts::create)
              .get("/contacts/{id}", contacts::get)
              .patch("/contacts/{id}", contacts::update)
              .delete("/contacts/{id}", contacts::delete)
              .get("/contacts/{id}/whatsapp", numbers::contact)
              .post("/numbers/check", numbers::check)
              .get("/admin/clients", admin::listClients)
              .post("/admin/clients", admin::createClient)
              .get("/admin/clients/{name}", admin::getClient)
              .patch("/admin/clients/{name}", admin::updateClient)
              .delete("/admin/clients/{name}", admin::deleteClient)
              .post("/admin/clients/{name}/rotate-key", admin::rotateKey)
              .post("/admin/clients/{name}/disable", admin::disable)
              .post("/admin/clients/{name}/enable", admin::enable)
              .post("/admin/clients/{name}/webhooks", webhookHandlers::create)
              .get("/admin/clients/{name}/webhooks", webhookHandlers::list)
              .get("/admin/clients/{name}/webhooks/{id}", webhookHandlers::get)
              .patch("/admin/clients/{name}/webhooks/{id}", webhookHandlers::update)
              .delete("/admin/clients/{name}/webhooks/{id}", webhookHandlers::delete)
              .post(
                  "/admin/clients/{name}/webhooks/{id}/rotate-secret",
                  webhookHandlers::rotateSecret)
              .get("/admin/clients/{name}/webhooks/{id}/deliveries", webhookHandlers::deliveries)
              .post("/admin/clients/{name}/webhooks/{id}/redeliver", webhookHandlers::redeliver)
              .post("/admin/clients/{name}/callback-secret", webhookHandlers::rotateCallbackSecret)
              .get("/admin/stats", admin::stats)
              .get("/admin/messages", admin::listMessages)
              .get("/admin/whatsapp/status", whatsapp::status)
              .get("/admin/whatsapp/qr", whatsapp::qr)
              .get("/admin/whatsapp/selectors", whatsapp::selectors)
              .post("/admin/whatsapp/resume", whatsapp::resume)
              .post("/admin/whatsapp/pairing-code", pairing::pairingCode)
              .post("/admin/sessions/{name}/pairing-code", pairing::sessionPairingCode)
              .get("/admin/sessions", sessionRoutes::list)
              .post("/admin/sessions", sessionRoutes::create)
              .get("/admin/sessions/{name}", sessionRoutes::get)
              .delete("/admin/sessions/{name}", sessionRoutes::delete)
              .get("/admin/sessions/{name}/qr", sessionRoutes::qr)
              .post("/admin/sessions/{name}/restart", sessionRoutes::restart)
              .post("/admin/sessions/{name}/logout", sessionRoutes::logout)
              .post("/admin/sessions/{name}/resume", sessionRoutes::resume)
              .get("/openapi.json", docs::openApi)
              .get("/docs", docs::page)
              .get("/docs/*", docs::page)
              .pagesUnder("/console", console.refusals())
              .get("/console", console.overview())
              .get("/console/live", console.overviewLive())
              .get("/console/assets/{file}", console.assets())
              .get("/console/sign-in", console.signInForm())
              .post("/console/sign-in", console.signIn())
              .post("/console/sign-out", console.signOut())
              .get("/console/whatsapp", console.whatsapp())
              .get("/console/whatsapp/live", console.whatsappLive())
              .get("/console/whatsapp/qr.png", console.whatsappQrPicture())
              .post("/console/whatsapp/restart", console.whatsappRestart())
              .post("/console/whatsapp/pairing-code", console.whatsappPairingCode())
              .post("/console/whatsapp/sessions", console.createSession())
              .post(
                  "/console/whatsapp/sessions/{name}/restart",
                  console.sessionCommand(SessionService.Command.RESTART))
              .post(
                  "/console/whatsapp/sessions/{name}/logout",
                  console.sessionCommand(SessionService.Command.LOGOUT))
              .post(
                  "/console/whatsapp/sessions/{name}/resume",
                  console.sessionCommand(SessionService.Command.RESUME))
              .get("/console/clients", console.clients())
              .post("/console/clients", console.createClient())
              .get("/console/clients/{name}", console.client())
              .post("/console/clients/{name}/rotate-key", console.rotateKey())
              .post("/console/clients/{name}/disable", console.disableClient())
              .post("/console/clients/{name}/enable", console.enableClient())
              .post("/console/clients/{name}/quotas", console.clientQuotas())
              .get("/console/clients/{name}/delete", console.confirmDeleteClient())
              .post("/console/clients/{name}/delete", console.deleteClient())
              .get("/console/clients/{name}/webhooks", console.webhooks())
              .post("/console/clients/{name}/webhooks", console.addWebhook())
              .get("/console/clients/{name}/webhooks/{id}", console.webhookDeliveries())
              .post(
                  "/console/clients/{name}/webhooks/{id}/rotate-secret",
                  console.rotateWebhookSecret())
              .post("/console/clients/{name}/webhooks/{id}/enable", console.enableWebhook())
              .post("/console/clients/{name}/webhooks/{id}/disable", console.disableWebhook())
              .post("/console/clients/{name}/webhooks/{id}/delete", console.removeWebhook())
              .post("/console/clients/{name}/webhooks/{id}/redeliver", console.redeliverWebhooks())
              .get("/console/contacts", console.allContacts())
              .get("/console/webhooks", console.allWebhooks())
              .get("/console/clients/{name}/contacts", console.contacts())
              .get("/console/clients/{name}/contacts/{id}", console.contact())
              .post("/console/clients/{name}/contacts/{id}", console.updateContact())
              .post("/console/clients/{name}/contacts/{id}/delete", console.deleteContact())
              .get("/console/messages", console.messages())
              .get("/console/messages/retry-failed", console.confirmRetryFailed())
              .post("/console/messages/retry-failed", console.retryFailed())
              .get("/console/messages/{id}", console.message())
              .get("/console/messages/{id}/card", console.messageCard())
              .get("/console/messages/{id}/file", console.messageFile())
              .post("/console/messages/{id}/cancel", console.cancelMessage())
              .post("/console/messages/{id}/retry", console.retryMessage())
              .get("/console/send", console.sendForm())
              .post("/console/send", console.send())
              // The session and the form's token are checked by the page, before the file.
              .upload(
                  "/console/send-file", console.sendFile(), media.maxBodyBytes(), exchange -> {})
              .get("/health/live", health::live)
              .get("/health/ready", health::ready)
              .get("/metrics", metrics::scrape);

      HttpServer http =
          new HttpServer(
              config.http().host(),
              config.http().port(),
              new HttpMetrics(metrics.registry()).wrap(router.handler()),
              config.http().workerThreads(),
              config.http().readTimeout(),
              Math.max(2L * RequestBody.MAX_BATCH_BYTES, media.maxBodyBytes()));
      Housekeeping housekeeping =
          new Housekeeping(
              idempotency, new MediaRetention(Database.dsl(mediaPool), config.media().retention()));
      if (host != null) host.start();
      worker.start();
      started = worker;
      dispatcher =
          new WebhookDispatcher(
              webhookDb, config.worker().instanceId(), config.webhooks(), webhookMetrics);
      dispatcher.start();
      http.start();
      warnOfShortKeys(config.http().host(), clients);
      return new App(
          config,
          database,
          sender,
          intake,
          worker,
          http,
          housekeeping,
          new Webhooks(dispatcher, sessionEvents));
    } catch (RuntimeException e) {
      if (intake != null) intake.close();
      if (started != null) started.close();
      if (dispatcher != null) dispatcher.close();
      if (sessionEvents != null) sessionEvents.close();
      if (sender != null) sender.close();
      database.close();
      throw e;
    }
  }

  /**
   * A key shorter than 32 characters can be guessed by anyone who reaches the port: said at
   * start-up while the API listens beyond loopback. The keys themselves are never logged.
   */
  private static void warnOfShortKeys(String host, ClientService clients) {
    if (loopback(host)) return;
    List<String> names = clients.activeWithShortKeys();
    if (names.isEmpty()) return;
    log.warn(
        "WA_HTTP_HOST={} listens beyond loopback while {} active client(s) have an API key shorter"
            + " than {} characters ({}): anyone who can reach the port can guess such a key. Rotate"
            + " them (client rotate-key NAME) or listen on 127.0.0.1 behind a reverse proxy",
        host,
        names.size(),
        ApiKeys.SHORT_BELOW,
        String.join(", ", names.size() > 10 ? names.subList(0, 10) : names)
            + (names.size() > 10 ? ", ..." : ""));
  }

  private static boolean loopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** The sender named by WA_SENDER. */
  public static Sender sender(Config config) {
    return sender(config, SessionStateListener.NONE);
  }

  /** The sender named by WA_SENDER, telling {@code listener} of its session's state changes. */
  public static Sender sender(Config config, SessionStateListener listener) {
    return switch (config.worker().sender()) {
      case LOG -> new LogSender(config.worker().logSenderDelay());
      case WHATSAPP_WEB -> new WhatsAppWebSender(config.whatsapp(), listener);
    };
  }

  /** Checks through {@code session}'s account, when its browser runs on this instance. */
  private static NumberChecker numberChecker(Sender sender, String session) {
    if (!(sender instanceof WhatsAppWebSender web)) {
      return NumberChecker.unavailable(
          sender == null || sender instanceof SessionHost
              ? "session '" + session + "' does not run on this instance; ask again later"
              : "This instance does not use WhatsApp Web (WA_SENDER is not whatsapp-web)");
    }
    return phone ->
        web.checkNumber(phone).thenApply(r -> new NumberChecker.Answer(r.onWhatsApp(), r.detail()));
  }

  public int httpPort() {
    return http.port();
  }

  /** Stop accepting requests, let the message in hand finish, then release everything. */
  @Override
  public void close() {
    log.info("Shutting down");
    http.close(Duration.ofSeconds(10));
    intake.close();
    housekeeping.close();
    worker.close();
    webhooks.close();
    sender.close();
    database.close();
    log.info("Stopped");
  }
}

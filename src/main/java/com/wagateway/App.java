package com.wagateway;

import com.wagateway.admin.AdminHandlers;
import com.wagateway.client.ApiKeys;
import com.wagateway.client.ClientService;
import com.wagateway.client.ClientSessions;
import com.wagateway.client.Quotas;
import com.wagateway.client.RequestAuthenticator;
import com.wagateway.config.Config;
import com.wagateway.console.Console;
import com.wagateway.contact.ContactHandlers;
import com.wagateway.contact.ContactService;
import com.wagateway.db.Database;
import com.wagateway.db.EmbeddedDatabase;
import com.wagateway.domain.PhoneNumbers;
import com.wagateway.health.HealthHandlers;
import com.wagateway.health.Readiness;
import com.wagateway.http.AdminToken;
import com.wagateway.http.AuthThrottle;
import com.wagateway.http.ClientAddress;
import com.wagateway.http.DocsHandlers;
import com.wagateway.http.HttpServer;
import com.wagateway.http.RequestBody;
import com.wagateway.http.Router;
import com.wagateway.maintenance.Maintainer;
import com.wagateway.maintenance.MaintenanceTask;
import com.wagateway.maintenance.MonotonicClock;
import com.wagateway.media.FileAttaching;
import com.wagateway.media.MediaHandlers;
import com.wagateway.media.MediaLimits;
import com.wagateway.media.MediaPurge;
import com.wagateway.media.MediaRetention;
import com.wagateway.media.MediaService;
import com.wagateway.media.MediaUrls;
import com.wagateway.message.Idempotency;
import com.wagateway.message.IdempotencyPurge;
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
import com.wagateway.numbers.NumberGate;
import com.wagateway.numbers.NumberHandlers;
import com.wagateway.numbers.NumberService;
import com.wagateway.operator.OperatorService;
import com.wagateway.operator.SignedInOperators;
import com.wagateway.queue.LogSender;
import com.wagateway.queue.MessageQueue;
import com.wagateway.queue.NumberChecker;
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
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.ArrayList;
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
  private final Maintainer maintainer;
  private final Webhooks webhooks;

  /** The webhook parts that run on their own threads. */
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
      Maintainer maintainer,
      Webhooks webhooks) {
    this.config = config;
    this.database = database;
    this.sender = sender;
    this.intake = intake;
    this.worker = worker;
    this.http = http;
    this.maintainer = maintainer;
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
    Maintainer maintainer = null;
    try {
      Pools db = Pools.open(database, config);
      Metrics metrics = new Metrics();
      WebhookMetrics webhookMetrics = new WebhookMetrics(metrics.registry(), db.api());
      Outbox outbox = new Outbox(config.webhooks().maxAge());
      sessionEvents = sessionEvents(config, db, outbox, webhookMetrics);
      Sending sending =
          Sending.of(config, senderFactory, listener(sessionEvents), db, outbox, metrics);
      sender = sending.sender();
      MediaService media = new MediaService(db.media(), MediaLimits.from(config.media()));
      QueueWorker worker = worker(config, db, outbox, sender, media, metrics);
      MediaMetrics storage = registerMetrics(metrics, db, sending, worker);
      HealthHandlers health =
          new HealthHandlers(
              new Readiness(
                  database.apiPool(), sender, worker, config.http().readyRequiresWhatsApp()));
      Services services = Services.of(config, db.api(), outbox, worker, sending, media);
      intake = intake(config, db.api(), services);
      MediaHandlers uploads = new MediaHandlers(services.auth(), media);
      Router router = routes(config, services, intake, sending, uploads, storage, health, metrics);
      HttpServer http =
          new HttpServer(
              config.http().host(),
              config.http().port(),
              new HttpMetrics(metrics.registry()).wrap(router.handler()),
              config.http().workerThreads(),
              config.http().readTimeout(),
              Math.max(2L * RequestBody.MAX_BATCH_BYTES, uploads.maxBodyBytes()));
      if (sending.host() != null) sending.host().start();
      worker.start();
      started = worker;
      dispatcher =
          new WebhookDispatcher(
              db.webhook(), config.worker().instanceId(), config.webhooks(), webhookMetrics);
      dispatcher.start();
      List<MaintenanceTask> upkeep = new ArrayList<>();
      upkeep.add(worker.leaseRescue());
      upkeep.addAll(dispatcher.maintenanceTasks());
      upkeep.add(new IdempotencyPurge(services.idempotency()));
      upkeep.add(new MediaPurge(new MediaRetention(db.media(), config.media().retention())));
      maintainer = new Maintainer(MonotonicClock.fromNow(), upkeep);
      maintainer.start();
      http.start();
      warnOfShortKeys(config.http().host(), services.clients());
      return new App(
          config,
          database,
          sender,
          intake,
          worker,
          http,
          maintainer,
          new Webhooks(dispatcher, sessionEvents));
    } catch (RuntimeException e) {
      if (maintainer != null) maintainer.close();
      if (intake != null) intake.close();
      if (started != null) started.close();
      if (dispatcher != null) dispatcher.close();
      if (sessionEvents != null) sessionEvents.close();
      if (sender != null) sender.close();
      database.close();
      throw e;
    }
  }

  /** Every feature's handlers, each declaring its own routes. */
  private static Router routes(
      Config config,
      Services s,
      MessageIntake intake,
      Sending sending,
      MediaHandlers uploads,
      MediaMetrics storage,
      HealthHandlers health,
      Metrics metrics) {
    Router router = new Router(config.http().readTimeout());
    messageHandlers(s, intake, sending).routes(router);
    uploads.routes(router);
    new ContactHandlers(s.auth(), s.phones(), s.contacts()).routes(router);
    new NumberHandlers(s.auth(), s.numbers(), s.contacts()).routes(router);
    new AdminHandlers(s.adminToken(), s.clients(), s.queueStats(), s.listing(), s.clientSessions())
        .routes(router);
    new WebhookHandlers(s.adminToken(), s.webhooks()).routes(router);
    new WhatsAppAdminHandlers(s.adminToken(), sending.defaultSession()).routes(router);
    new PairingHandlers(s.adminToken(), s.sessions(), sending.defaultSession(), s.phones())
        .routes(router);
    new SessionHandlers(s.adminToken(), s.sessions()).routes(router);
    new DocsHandlers().routes(router);
    new Console(
            new Console.Services(
                s.operators(),
                s.signIns(),
                s.clients(),
                s.contacts(),
                s.phones(),
                s.requests(),
                s.messages(),
                intake,
                s.listing(),
                s.queueStats(),
                sending.defaultSession(),
                s.sessions(),
                config.worker().instanceId(),
                s.webhooks(),
                storage::current,
                s.media()),
            s.clientAddress())
        .routes(router);
    health.routes(router);
    metrics.routes(router);
    return router;
  }

  /** The connection pools: requests, the worker, webhooks and uploads each have their own. */
  private record Pools(
      DSLContext api,
      DSLContext worker,
      DSLContext webhook,
      DSLContext media,
      List<HikariDataSource> all) {
    static Pools open(Database database, Config config) {
      HikariDataSource webhookPool = database.openPool("wa-webhook", config.webhooks().poolSize());
      // Uploads hold a connection for their whole transaction: a pool of their own, so they never
      // starve message intake.
      HikariDataSource mediaPool = database.openPool("wa-media", config.media().poolSize());
      return new Pools(
          Database.dsl(database.apiPool()),
          Database.dsl(database.workerPool()),
          Database.dsl(webhookPool),
          Database.dsl(mediaPool),
          List.of(database.apiPool(), database.workerPool(), webhookPool, mediaPool));
    }
  }

  /**
   * What sends: one sender of the caller's or WA_SENDER's choosing, which sends every session's
   * messages, or (WhatsApp Web) a {@code host} running this instance's share of the sessions.
   * {@code defaultSession}: the sender of the session named "default" when it runs here.
   */
  private record Sending(Sender sender, SessionHost host, Supplier<Sender> defaultSession) {
    static Sending of(
        Config config,
        BiFunction<Config, SessionStateListener, Sender> senderFactory,
        SessionStateListener listener,
        Pools db,
        Outbox outbox,
        Metrics metrics) {
      if (senderFactory != null) return fixed(senderFactory.apply(config, listener));
      if (config.worker().sender() != Config.SenderKind.WHATSAPP_WEB) {
        return fixed(App.sender(config, listener));
      }
      SessionHost host =
          new SessionHost(
              config.whatsapp(),
              config.sessions(),
              new SessionLeases(db.worker(), config.worker().instanceId()),
              db.worker(),
              listener,
              config.receipts(),
              new ReceiptStore(db.worker(), outbox, new ReceiptMetrics(metrics.registry())));
      return new Sending(
          host, host, () -> host.local("default").map(Sender.class::cast).orElse(host));
    }

    private static Sending fixed(Sender sender) {
      return new Sending(sender, null, () -> sender);
    }
  }

  /** The services of the features, shared by the API, the console and each other. */
  private record Services(
      ClientService clients,
      ClientAddress clientAddress,
      RequestAuthenticator auth,
      AdminToken adminToken,
      PhoneNumbers phones,
      MessageRequestReader requests,
      MessageService messages,
      MessageListing listing,
      Idempotency idempotency,
      ClientSessions clientSessions,
      WebhookService webhooks,
      ContactService contacts,
      QueueStats queueStats,
      SessionService sessions,
      MediaService media,
      MediaUrls mediaUrls,
      NumberService numbers,
      OperatorService operators,
      SignedInOperators signIns) {
    static Services of(
        Config config,
        DSLContext db,
        Outbox outbox,
        QueueWorker worker,
        Sending sending,
        MediaService media) {
      ClientService clients = new ClientService(db);
      ClientAddress clientAddress = new ClientAddress(config.http().trustedProxies());
      AuthThrottle throttle = new AuthThrottle(config.api().authFailuresPerMinute(), clientAddress);
      PhoneNumbers phones = new PhoneNumbers(config.messages().defaultRegion());
      SessionService sessions = new SessionService(db, sending.host());
      return new Services(
          clients,
          clientAddress,
          new RequestAuthenticator(clients, throttle),
          new AdminToken(config.adminToken(), throttle),
          phones,
          new MessageRequestReader(phones, config.messages().maxTextLength()),
          new MessageService(db, worker::wake, outbox),
          new MessageListing(db),
          new Idempotency(db),
          new ClientSessions(db),
          new WebhookService(db, config.webhooks().rotationOverlap(), config.webhooks().maxAge()),
          new ContactService(db),
          new QueueStats(db),
          sessions,
          media,
          new MediaUrls(media, config.media().urlTimeout(), config.webhooks().callbackPrivate()),
          new NumberService(
              new NumberCache(db, config.numbers().checkTtl()),
              name ->
                  numberChecker(
                      name.equals("default")
                          ? sending.defaultSession().get()
                          : sessions.local(name).map(Sender.class::cast).orElse(null),
                      sending.host(),
                      name),
              phones,
              config.numbers().checkWait()),
          new OperatorService(db),
          new SignedInOperators(db, config.console().idleTimeout()));
    }
  }

  /** The webhook events of session state changes, when WA_SESSION_WEBHOOK_URL names a receiver. */
  private static SessionEvents sessionEvents(
      Config config, Pools db, Outbox outbox, WebhookMetrics metrics) {
    String url = config.webhooks().sessionUrl();
    return url == null ? null : new SessionEvents(outbox, db.webhook(), url, metrics);
  }

  private static SessionStateListener listener(SessionEvents events) {
    if (events == null) return SessionStateListener.NONE;
    return change ->
        events.changed(
            change.session(),
            change.from() == null ? null : change.from().wireName(),
            change.to().wireName(),
            change.detail(),
            change.at());
  }

  private static QueueWorker worker(
      Config config, Pools db, Outbox outbox, Sender sender, MediaService media, Metrics metrics) {
    return new QueueWorker(
        new MessageQueue(db.worker(), config.worker().instanceId(), outbox),
        new NumberGate(
            new FileAttaching(sender, media),
            new NumberCache(db.worker(), config.numbers().checkTtl()),
            sender.answersForWhatsApp()),
        WorkerSettings.from(config.worker()),
        new WorkerMetrics(metrics.registry()));
  }

  /** The gauges read at scrape time; the storage reading is shown on the console too. */
  private static MediaMetrics registerMetrics(
      Metrics metrics, Pools db, Sending sending, QueueWorker worker) {
    new QueueMetrics(db.api(), Duration.ofSeconds(5)).register(metrics.registry());
    MediaMetrics storage = new MediaMetrics(db.api(), Duration.ofSeconds(30));
    storage.register(metrics.registry());
    PoolMetrics.register(metrics.registry(), db.all());
    SessionMetrics.register(metrics.registry(), sending.sender(), worker);
    if (sending.host() != null) {
      SessionMetrics.registerSessions(metrics.registry(), sending.host()::figures);
    }
    return storage;
  }

  private static MessageIntake intake(Config config, DSLContext db, Services s) {
    return new MessageIntake(
        db,
        new Quotas(config.api().quotaPerMinute(), config.api().quotaPerDay()),
        s.idempotency(),
        s.messages()::enqueued,
        new MessageIntake.Settings(
            config.intake().gather(),
            config.intake().maxMessages(),
            config.intake().writers(),
            config.database().connectionTimeout()),
        s.clientSessions()::allowed);
  }

  private static MessageHandlers messageHandlers(
      Services s, MessageIntake intake, Sending sending) {
    Sender sender = sending.sender();
    return new MessageHandlers(
        s.auth(),
        s.requests(),
        s.messages(),
        s.listing(),
        intake,
        // With sessions, the message's own session as the session table says (whichever
        // instance runs it); a single sender of the caller's choosing sends for them all.
        sending.host() != null
            ? s.sessions()::waitingFor
            : messageId -> sender.ready() ? null : sender.state(),
        (client, messageId) -> s.webhooks().messageEvents(client.id(), messageId),
        (client, url) -> s.mediaUrls().fetch(client, url).id());
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

  /**
   * Checks through {@code session}'s account, when its browser runs on this instance ({@code
   * sender} null, or the host itself: it runs elsewhere).
   */
  private static NumberChecker numberChecker(Sender sender, SessionHost host, String session) {
    if (sender == null || sender == host) {
      return NumberChecker.unavailable(
          "session '" + session + "' does not run on this instance; ask again later");
    }
    return sender
        .numberChecker()
        .orElse(
            NumberChecker.unavailable(
                "This instance does not use WhatsApp Web (WA_SENDER is not whatsapp-web)"));
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
    maintainer.close();
    worker.close();
    webhooks.close();
    sender.close();
    database.close();
    log.info("Stopped");
  }
}

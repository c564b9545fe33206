package com.wagateway;

import com.wagateway.client.ClientService;
import com.wagateway.client.RequestAuthenticator;
import com.wagateway.config.Config;
import com.wagateway.contact.PhoneNumbers;
import com.wagateway.db.Database;
import com.wagateway.health.HealthHandlers;
import com.wagateway.health.Readiness;
import com.wagateway.http.AdminToken;
import com.wagateway.http.HttpServer;
import com.wagateway.http.Router;
import com.wagateway.message.LogSender;
import com.wagateway.message.MessageHandlers;
import com.wagateway.message.MessageQueue;
import com.wagateway.message.MessageService;
import com.wagateway.message.QueueWorker;
import com.wagateway.message.SendRequests;
import com.wagateway.message.Sender;
import com.wagateway.message.WorkerSettings;
import com.wagateway.metrics.HttpMetrics;
import com.wagateway.metrics.Metrics;
import com.wagateway.metrics.PoolMetrics;
import com.wagateway.metrics.QueueMetrics;
import com.wagateway.metrics.SessionMetrics;
import com.wagateway.metrics.WorkerMetrics;
import java.time.Duration;
import java.util.List;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the whole object graph by hand; the only class that knows every part. */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  private final Config config;
  private final Database database;
  private final Sender sender;
  private final QueueWorker worker;
  private final HttpServer http;

  private App(Config config, Database database, Sender sender, QueueWorker worker, HttpServer http) {
    this.config = config;
    this.database = database;
    this.sender = sender;
    this.worker = worker;
    this.http = http;
  }

  /** The server: HTTP API and queue worker, sending with the sender WA_SENDER names. */
  public static App serve(Config config) {
    return serve(config, App::sender);
  }

  /** The server with a sender of the caller's choosing (tests, benchmarks); it is closed with the app. */
  public static App serve(Config config, java.util.function.Function<Config, Sender> senderFactory) {
    Database database = Database.open(config.database(), config.dataDir());
    Sender sender = null;
    try {
      DSLContext apiDb = Database.dsl(database.apiDataSource());
      DSLContext workerDb = Database.dsl(database.workerDataSource());
      sender = senderFactory.apply(config);
      Metrics metrics = new Metrics();
      QueueWorker worker = new QueueWorker(
          new MessageQueue(workerDb, config.worker().instanceId()), sender, WorkerSettings.from(config.worker()),
          new WorkerMetrics(metrics.registry()));
      new QueueMetrics(apiDb, Duration.ofSeconds(5)).register(metrics.registry());
      PoolMetrics.register(metrics.registry(), List.of(database.apiPool(), database.workerPool()));
      SessionMetrics.register(metrics.registry(), sender, worker);
      HealthHandlers health = new HealthHandlers(
          new Readiness(database.apiDataSource(), sender, worker, config.http().readyRequiresWhatsApp()));

      ClientService clients = new ClientService(apiDb);
      RequestAuthenticator auth = new RequestAuthenticator(clients);
      SendRequests requests = new SendRequests(
          new PhoneNumbers(config.messages().defaultRegion()), config.messages().maxTextLength());
      MessageHandlers messages = new MessageHandlers(auth, requests, new MessageService(apiDb, worker::wake));

      Router router = new Router()
          .post("/send-message", messages::sendMessage)
          .post("/send-message/", messages::sendMessage)
          .get("/messages/{id}", messages::getMessage)
          .get("/health/live", health::live)
          .get("/health/ready", health::ready)
          .get("/metrics", metrics::scrape);

      AdminToken admin = new AdminToken(config.adminToken());

      HttpServer http = new HttpServer(config.http().host(), config.http().port(),
          new HttpMetrics(metrics.registry()).wrap(router.handler()));
      worker.start();
      http.start();
      return new App(config, database, sender, worker, http);
    } catch (RuntimeException e) {
      if (sender != null) sender.close();
      database.close();
      throw e;
    }
  }

  /** The sender named by WA_SENDER. */
  public static Sender sender(Config config) {
    return switch (config.worker().sender()) {
      case LOG -> new LogSender(config.worker().logSenderDelay());
      case WHATSAPP_WEB -> throw new com.wagateway.config.ConfigException(
          "WA_SENDER=whatsapp-web is not available in this build; set WA_SENDER=log");
    };
  }

  public int httpPort() {
    return http.port();
  }

  public QueueWorker worker() {
    return worker;
  }

  /** Stop accepting requests, let the message in hand finish, then release everything. */
  @Override
  public void close() {
    log.info("Shutting down");
    http.close(Duration.ofSeconds(10));
    worker.close();
    sender.close();
    database.close();
    log.info("Stopped");
  }
}

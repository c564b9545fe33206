package com.wagateway.config;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Every setting of the service, read once at start-up from the environment. */
public record Config(
    Http http,
    Database database,
    Worker worker,
    Messages messages,
    WhatsApp whatsapp,
    Path dataDir,
    String adminToken,
    Api api,
    Console console,
    Intake intake,
    Numbers numbers,
    Sessions sessions,
    Webhooks webhooks,
    Media media,
    Receipts receipts) {

  /**
   * Uploaded files: the largest file of each kind, in bytes; {@code poolSize} database connections
   * for uploads and downloads (each upload holds one for its whole transaction, so at most that
   * many run at once); a media is deleted {@code retention} after its last message ended; a
   * message's {@code media_url} must be fetched within {@code urlTimeout}.
   */
  public record Media(
      long maxImageBytes,
      long maxVideoBytes,
      long maxAudioBytes,
      long maxDocumentBytes,
      int poolSize,
      Duration retention,
      Duration urlTimeout) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Media from(Settings s) {
      return new Media(
          s.integer("WA_MEDIA_MAX_IMAGE_BYTES", (int) (16 * Media.MIB), 1, Integer.MAX_VALUE),
          s.integer("WA_MEDIA_MAX_VIDEO_BYTES", (int) (16 * Media.MIB), 1, Integer.MAX_VALUE),
          s.integer("WA_MEDIA_MAX_AUDIO_BYTES", (int) (16 * Media.MIB), 1, Integer.MAX_VALUE),
          s.integer("WA_MEDIA_MAX_DOCUMENT_BYTES", (int) (100 * Media.MIB), 1, Integer.MAX_VALUE),
          s.integer("WA_MEDIA_DATABASE_POOL_SIZE", 4, 1, 100),
          s.duration("WA_MEDIA_RETENTION", Duration.ofDays(30), Duration.ofMinutes(1)),
          s.duration("WA_MEDIA_URL_TIMEOUT", Duration.ofSeconds(30), Duration.ofMillis(100)));
    }

    public static final long MIB = 1024L * 1024;
  }

  /**
   * Whether numbers are on WhatsApp: an answer is kept for {@code checkTtl}; a request waits at
   * most {@code checkWait} for the checks it started (then answers {@code unknown} for the rest).
   */
  public record Numbers(Duration checkTtl, Duration checkWait) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Numbers from(Settings s) {
      return new Numbers(
          s.duration("WA_NUMBER_CHECK_TTL", Duration.ofDays(7), Duration.ofSeconds(1)),
          s.duration("WA_NUMBER_CHECK_WAIT", Duration.ofSeconds(20), Duration.ZERO));
    }
  }

  /**
   * Watching sent messages for two ticks and " Read " ({@code WA_RECEIPTS}): the chat list is read
   * every {@code listInterval}; a chat whose messages sent within {@code window} are still short of
   * read is opened again at most {@code revisitsPerMinute} times a minute, only while no send is
   * due.
   */
  public record Receipts(
      boolean enabled, Duration listInterval, Duration window, int revisitsPerMinute) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Receipts from(Settings s) {
      return new Receipts(
          s.bool("WA_RECEIPTS", true),
          s.duration("WA_RECEIPTS_LIST_INTERVAL", Duration.ofSeconds(5), Duration.ofMillis(100)),
          s.duration("WA_RECEIPTS_WINDOW", Duration.ofDays(1), Duration.ofMinutes(1)),
          s.integer("WA_RECEIPTS_REVISITS", 2, 0, 60));
    }

    /** Receipts not followed (a sender built without a place to record them). */
    public static final Receipts OFF =
        new Receipts(false, Duration.ofSeconds(5), Duration.ofDays(1), 0);
  }

  /**
   * The ways of opening a chat, tried in {@code WA_CHAT_OPENING} order for each message: a chat
   * link clicked inside the loaded app, the "New chat" search, and the {@code /send} URL (a full
   * reload).
   */
  public enum ChatOpening {
    IN_APP,
    NEW_CHAT,
    URL;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * Several WhatsApp accounts (sessions): this instance runs at most {@code maxSessions} browsers;
   * it holds each under a lease of {@code lease}, renewed every third of it, and another instance
   * takes a session over once the lease has passed. The login parts of each browser profile are
   * saved to the database every {@code profileSaveInterval} while the session is ready.
   */
  public record Sessions(int maxSessions, Duration lease, Duration profileSaveInterval) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Sessions from(Settings s) {
      return new Sessions(
          s.integer("WA_MAX_SESSIONS", 1, 0, 100),
          s.duration("WA_SESSION_LEASE", Duration.ofSeconds(30), Duration.ofSeconds(1)),
          s.duration("WA_PROFILE_SAVE_INTERVAL", Duration.ofMinutes(5), Duration.ofSeconds(1)));
    }
  }

  /**
   * Telling integrations what happened: {@code threads} post deliveries, through their own {@code
   * poolSize} database connections, at most {@code perEndpoint} at a time to one endpoint; each
   * attempt may take {@code connectTimeout} to connect and {@code requestTimeout} in all. A failed
   * delivery is tried again after an exponential backoff with full jitter ({@code retryDelay}
   * doubling up to {@code retryMaxDelay}) until {@code maxAge} after it was made, then it is dead.
   * An endpoint whose every attempt failed for {@code disableAfter} is disabled. After a rotation
   * the old secret still signs for {@code rotationOverlap}. {@code sessionUrl} (null: none) hears
   * session.state_changed, signed with {@code sessionSecret}.
   */
  public record Webhooks(
      int threads,
      int poolSize,
      int perEndpoint,
      Duration connectTimeout,
      Duration requestTimeout,
      Duration retryDelay,
      Duration retryMaxDelay,
      Duration maxAge,
      Duration disableAfter,
      Duration rotationOverlap,
      Duration pollInterval,
      Duration keep,
      boolean callbackPrivate,
      String sessionUrl,
      String sessionSecret) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Webhooks from(Settings s) {
      return new Webhooks(
          s.integer("WA_WEBHOOK_THREADS", 4, 1, 200),
          s.integer("WA_WEBHOOK_DATABASE_POOL_SIZE", 2, 1, 50),
          s.integer("WA_WEBHOOK_PER_ENDPOINT", 2, 1, 200),
          s.duration("WA_WEBHOOK_CONNECT_TIMEOUT", Duration.ofSeconds(2), Duration.ofMillis(10)),
          s.duration("WA_WEBHOOK_TIMEOUT", Duration.ofSeconds(10), Duration.ofMillis(10)),
          s.duration("WA_WEBHOOK_RETRY_DELAY", Duration.ofSeconds(5), Duration.ofMillis(1)),
          s.duration("WA_WEBHOOK_RETRY_MAX_DELAY", Duration.ofHours(1), Duration.ofMillis(1)),
          s.duration("WA_WEBHOOK_MAX_AGE", Duration.ofHours(24), Duration.ofMillis(1)),
          s.duration("WA_WEBHOOK_DISABLE_AFTER", Duration.ofHours(24), Duration.ofMillis(1)),
          s.duration("WA_WEBHOOK_ROTATION_OVERLAP", Duration.ofHours(24), Duration.ZERO),
          s.duration("WA_WEBHOOK_POLL_INTERVAL", Duration.ofSeconds(1), Duration.ofMillis(10)),
          s.duration("WA_WEBHOOK_KEEP", Duration.ofDays(7), Duration.ofHours(1)),
          s.bool("WA_WEBHOOK_CALLBACK_PRIVATE", false),
          s.parse(
              "WA_SESSION_WEBHOOK_URL",
              null,
              Config::httpUrl,
              "an http(s) URL to post session.state_changed events to"),
          sessionWebhookSecret(s));
    }
  }

  /**
   * The operator console: a session unused for {@code idleTimeout} is signed out. Behind a proxy in
   * {@code WA_TRUSTED_PROXIES} its {@code X-Forwarded-Proto} is believed (the session cookie is
   * then marked Secure).
   */
  public record Console(Duration idleTimeout) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Console from(Settings s) {
      return new Console(
          s.duration("WA_CONSOLE_IDLE_TIMEOUT", Duration.ofMinutes(30), Duration.ofMinutes(1)));
    }
  }

  /**
   * How new messages are written: requests arriving within {@code gather} of each other are stored
   * together, up to {@code maxMessages} per commit, by {@code writers} threads.
   */
  public record Intake(Duration gather, int maxMessages, int writers) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Intake from(Settings s) {
      return new Intake(
          s.duration("WA_INTAKE_GATHER", Duration.ofNanos(200_000), Duration.ZERO),
          s.integer("WA_INTAKE_MAX_MESSAGES", 500, 1, 5_000),
          s.integer("WA_INTAKE_WRITERS", 1, 1, 16));
    }
  }

  /**
   * Limits of the client API. Quotas are messages per client (0: no limit), the defaults for
   * clients without their own; failed authentications beyond {@code authFailuresPerMinute} from one
   * address are answered 429 until the minute is over.
   */
  public record Api(int quotaPerMinute, int quotaPerDay, int authFailuresPerMinute) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Api from(Settings s) {
      return new Api(
          s.integer("WA_QUOTA_PER_MINUTE", 60, 0, 1_000_000),
          s.integer("WA_QUOTA_PER_DAY", 10_000, 0, 100_000_000),
          s.integer("WA_AUTH_FAILURES_PER_MINUTE", 20, 1, 1_000_000));
    }
  }

  /**
   * {@code readyRequiresWhatsApp}: /health/ready answers 503 while the session is not ready. {@code
   * workerThreads}: threads that run requests (each holds a database connection while it works).
   * {@code readTimeout}: the longest a client may take to send a request's headers, and its body.
   * {@code trustedProxies}: peers whose {@code X-Forwarded-For} names the client.
   */
  public record Http(
      String host,
      int port,
      boolean readyRequiresWhatsApp,
      int workerThreads,
      Duration readTimeout,
      List<Cidr> trustedProxies) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Http from(Settings s) {
      return new Http(
          // Loopback unless told otherwise: a plain java -jar on a VPS is not open to the world
          // before a key is set (the Docker image sets 0.0.0.0).
          s.string("WA_HTTP_HOST", "127.0.0.1"),
          s.integer("WA_HTTP_PORT", 8080, 0, 65535),
          s.bool("WA_READY_REQUIRES_WHATSAPP", false),
          s.integer("WA_HTTP_WORKER_THREADS", defaultWorkerThreads(), 1, 1000),
          s.duration("WA_HTTP_READ_TIMEOUT", Duration.ofSeconds(30), Duration.ofMillis(100)),
          s.parse(
              "WA_TRUSTED_PROXIES",
              List.of(),
              Config::cidrs,
              "IP addresses or CIDR blocks separated by commas, like 10.0.0.0/8,::1"));
    }
  }

  /** Shorter admin tokens can be guessed by anyone who can reach the port. */
  public static final int MIN_ADMIN_TOKEN_LENGTH = 32;

  /** Where the data lives when WA_DATA_DIR is unset; the same whatever the current directory. */
  public static final String DATA_DIR_NAME = "whatsapp-gateway";

  /**
   * Measured on 2 cores: 4 request threads gave the same throughput as Undertow's default 16 with
   * half the p99, since a request is mostly CPU and extra threads only queue for cores and
   * connections. A database far away (each round trip milliseconds) wants more.
   */
  static int defaultWorkerThreads() {
    return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
  }

  /**
   * {@code url} null means: start the embedded PostgreSQL under {@code dataDir/postgres}. {@code
   * connectionTimeout}: how long a request waits for a connection before answering 503. {@code
   * pooler}: what stands between the service and PostgreSQL; {@code migrationUrl} (null: {@code
   * url}) is where the schema is migrated, a direct connection when {@code url} goes through a
   * pooler.
   */
  public record Database(
      String url,
      String user,
      String password,
      int poolSize,
      int workerPoolSize,
      Duration connectionTimeout,
      Pooler pooler,
      String migrationUrl) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Database from(Settings s) {
      int poolSize = s.integer("WA_DATABASE_POOL_SIZE", 10, 1, 200);
      return new Database(
          s.parse(
              "WA_DATABASE_URL",
              null,
              Config::jdbcUrl,
              "a JDBC URL like jdbc:postgresql://host:5432/db"),
          s.string("WA_DATABASE_USER", null),
          s.string("WA_DATABASE_PASSWORD", null),
          poolSize,
          s.integer("WA_WORKER_DATABASE_POOL_SIZE", 3, 1, 50),
          s.duration("WA_DATABASE_TIMEOUT", Duration.ofSeconds(5), Duration.ofMillis(250)),
          s.choice("WA_DATABASE_POOLER", Pooler.NONE, poolers()),
          s.parse(
              "WA_DATABASE_MIGRATION_URL",
              null,
              Config::jdbcUrl,
              "a JDBC URL like jdbc:postgresql://host:5432/db, straight to PostgreSQL"));
    }

    public Database(
        String url,
        String user,
        String password,
        int poolSize,
        int workerPoolSize,
        Duration connectionTimeout) {
      this(url, user, password, poolSize, workerPoolSize, connectionTimeout, Pooler.NONE, null);
    }

    public boolean embedded() {
      return url == null;
    }
  }

  /**
   * What WA_DATABASE_URL reaches: PostgreSQL itself (or a pooler in session mode, which keeps one
   * server connection per client connection), or a pooler in transaction mode (PgBouncer's {@code
   * pool_mode = transaction}), where consecutive transactions of one connection may run on
   * different server connections: no server-side prepared statements, no session settings.
   */
  public enum Pooler {
    NONE,
    SESSION,
    TRANSACTION;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * {@code instanceId} is this process's name in {@code claimed_by}: {@code WA_INSTANCE_ID} (or the
   * host name) as a readable prefix, then a random suffix, so two processes given the same name
   * still never take each other's claims for their own.
   */
  public record Worker(
      Duration pollInterval,
      int batchSize,
      Duration lease,
      int maxAttempts,
      Duration retryBaseDelay,
      Duration retryMaxDelay,
      SenderKind sender,
      String instanceId,
      Duration logSenderDelay) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Worker from(Settings s) {
      Map<String, SenderKind> senders = new LinkedHashMap<>();
      senders.put("whatsapp-web", SenderKind.WHATSAPP_WEB);
      senders.put("log", SenderKind.LOG);
      return new Worker(
          s.duration("WA_WORKER_POLL_INTERVAL", Duration.ofSeconds(1), Duration.ofMillis(10)),
          s.integer("WA_WORKER_BATCH_SIZE", 10, 1, 1000),
          s.duration("WA_WORKER_LEASE", Duration.ofMinutes(2), Duration.ofSeconds(1)),
          s.integer("WA_WORKER_MAX_ATTEMPTS", 5, 1, 100),
          s.duration("WA_WORKER_RETRY_DELAY", Duration.ofSeconds(30), Duration.ZERO),
          s.duration("WA_WORKER_RETRY_MAX_DELAY", Duration.ofHours(1), Duration.ZERO),
          s.choice("WA_SENDER", SenderKind.WHATSAPP_WEB, senders),
          Config.instanceId(s),
          s.duration("WA_LOG_SENDER_DELAY", Duration.ZERO, Duration.ZERO));
    }
  }

  /** {@code defaultRegion} null means numbers must be written in international form (+...). */
  public record Messages(String defaultRegion, int maxTextLength) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static Messages from(Settings s) {
      return new Messages(
          s.parse(
              "WA_DEFAULT_REGION",
              null,
              Config::region,
              "a two-letter region code such as IL, US or BR"),
          s.integer("WA_MAX_TEXT_LENGTH", 4096, 1, 65536));
    }
  }

  /**
   * The browser and how it sends; {@code videoAsDocument}: a video goes through the attach menu's
   * "Document" rather than "Photos & videos", for a browser without H.264.
   */
  public record WhatsApp(
      String webUrl,
      boolean headless,
      Path chromiumPath,
      Path chromedriverPath,
      Path profileDir,
      String seleniumUrl,
      Duration sendTimeout,
      Duration pageLoadTimeout,
      Duration sendInterval,
      Duration sendJitter,
      boolean takeOverSession,
      Path selectorsFile,
      int unconfirmedLimit,
      List<ChatOpening> chatOpening,
      List<String> chromiumArgs,
      boolean videoAsDocument) {
    /** Reads these settings; a bad value stops start-up with a message naming it. */
    static WhatsApp from(Settings s, Path dataDir) {
      return new WhatsApp(
          s.parse(
              "WA_WHATSAPP_WEB_URL", "https://web.whatsapp.com", Config::httpUrl, "an http(s) URL"),
          s.bool("WA_BROWSER_HEADLESS", true),
          s.path("WA_CHROMIUM_PATH", null),
          s.path("WA_CHROMEDRIVER_PATH", null),
          s.path("WA_BROWSER_PROFILE_DIR", dataDir.resolve("chrome-profile")),
          s.parse(
              "WA_SELENIUM_URL",
              null,
              Config::httpUrl,
              "an http(s) URL of a Selenium Grid or standalone Chrome"),
          s.duration("WA_SEND_TIMEOUT", Duration.ofSeconds(30), Duration.ofMillis(100)),
          s.duration("WA_PAGE_LOAD_TIMEOUT", Duration.ofSeconds(60), Duration.ofMillis(100)),
          s.duration("WA_SEND_INTERVAL", Duration.ofSeconds(5), Duration.ZERO),
          s.duration("WA_SEND_JITTER", Duration.ofSeconds(5), Duration.ZERO),
          s.bool("WA_WHATSAPP_TAKE_OVER", false),
          s.path("WA_SELECTORS_FILE", null),
          s.integer("WA_SEND_UNCONFIRMED_LIMIT", 3, 1, 1000),
          s.parse(
              "WA_CHAT_OPENING",
              List.of(ChatOpening.IN_APP, ChatOpening.NEW_CHAT, ChatOpening.URL),
              Config::chatOpening,
              "a comma-separated order of in_app, new_chat and url, each at most once"),
          s.parse(
              "WA_CHROMIUM_ARGS",
              DEFAULT_CHROMIUM_ARGS,
              Config::chromiumArgs,
              "Chromium switches separated by spaces, each starting with --"),
          // Debian's Chromium has no H.264: a video given to "Photos & videos" fails to preview
          // or send there. As a document any browser sends it.
          s.bool("WA_MEDIA_VIDEO_AS_DOCUMENT", true));
    }

    /**
     * The same settings for one session's browser: {@code default} keeps WA_BROWSER_PROFILE_DIR
     * (the login of a set-up from before sessions survives), others get a profile of their own
     * beside it.
     */
    public WhatsApp forSession(String session) {
      if (session.equals("default")) return this;
      Path profile =
          profileDir.resolveSibling(profileDir.getFileName() + "-sessions").resolve(session);
      return new WhatsApp(
          webUrl,
          headless,
          chromiumPath,
          chromedriverPath,
          profile,
          seleniumUrl,
          sendTimeout,
          pageLoadTimeout,
          sendInterval,
          sendJitter,
          takeOverSession,
          selectorsFile,
          unconfirmedLimit,
          chatOpening,
          chromiumArgs,
          videoAsDocument);
    }

    /**
     * Slack in a send beyond its timeouts: the handoff write before Enter, typing, the driver's
     * round trips.
     */
    public static final Duration SEND_SLACK = Duration.ofSeconds(15);

    /**
     * The longest one send may take: pacing, then loading the page and opening the chat (one
     * deadline), then waiting for the tick (one deadline), plus {@link #SEND_SLACK}.
     */
    public Duration longestSend() {
      return sendInterval.plus(sendJitter).plus(pageLoadTimeout).plus(sendTimeout).plus(SEND_SLACK);
    }
  }

  public enum SenderKind {
    WHATSAPP_WEB,
    LOG
  }

  public static Config from(Map<String, String> env) {
    Settings s = new Settings(env);
    Path dataDir = s.path("WA_DATA_DIR", defaultDataDir(s)).toAbsolutePath().normalize();
    Http http = Http.from(s);
    Database database = Database.from(s);
    Worker worker = Worker.from(s);
    Messages messages = Messages.from(s);
    WhatsApp whatsapp = WhatsApp.from(s, dataDir);
    Api api = Api.from(s);
    Console console = Console.from(s);
    Intake intake = Intake.from(s);
    Numbers numbers = Numbers.from(s);
    Sessions sessions = Sessions.from(s);
    Webhooks webhooks = Webhooks.from(s);
    Media media = Media.from(s);
    String adminToken = adminToken(s);
    Config config =
        new Config(
            http,
            database,
            worker,
            messages,
            whatsapp,
            dataDir,
            adminToken,
            api,
            console,
            intake,
            numbers,
            sessions,
            webhooks,
            media,
            Receipts.from(s));
    ConfigCheck.settings(config);
    return config;
  }

  /**
   * {@code $XDG_DATA_HOME/whatsapp-gateway}, else {@code ~/.local/share/whatsapp-gateway}: the
   * server and the CLI find the same database from any directory.
   */
  static Path defaultDataDir(Settings s) {
    String xdg = s.optional("XDG_DATA_HOME");
    // The XDG specification says to ignore a relative XDG_DATA_HOME.
    if (xdg != null && Path.of(xdg).isAbsolute()) return Path.of(xdg, DATA_DIR_NAME);
    String home = s.string("HOME", System.getProperty("user.home"));
    return Path.of(home, ".local", "share", DATA_DIR_NAME);
  }

  private static String adminToken(Settings s) {
    String token = s.optional("WA_ADMIN_TOKEN");
    if (token != null && token.length() < MIN_ADMIN_TOKEN_LENGTH) {
      // The token itself is never echoed: this line ends up in logs.
      throw new ConfigException(
          "WA_ADMIN_TOKEN is too short ("
              + token.length()
              + " characters): it must be at least "
              + MIN_ADMIN_TOKEN_LENGTH
              + "; generate one with: openssl rand -hex 32");
    }
    return token;
  }

  /**
   * Switches that cut Chromium's memory without changing what the page sees; each is justified in
   * the README (Sizing). WA_CHROMIUM_ARGS replaces the whole list (empty: none).
   */
  public static final List<String> DEFAULT_CHROMIUM_ARGS =
      List.of(
          "--renderer-process-limit=1",
          "--disable-site-isolation-trials",
          "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
          "--disk-cache-size=1048576");

  private static List<String> chromiumArgs(String text) {
    List<String> args = Arrays.stream(text.trim().split("\\s+")).filter(a -> !a.isEmpty()).toList();
    for (String a : args) {
      if (!a.startsWith("--")
          || a.startsWith("--user-data-dir")
          || a.startsWith("--remote-debugging")) throw new IllegalArgumentException();
    }
    return args;
  }

  /** A secret of the Standard Webhooks form, so receivers' libraries accept it. */
  private static String sessionWebhookSecret(Settings s) {
    return s.parse(
        "WA_SESSION_WEBHOOK_SECRET",
        null,
        text -> {
          if (!text.startsWith("whsec_")) throw new IllegalArgumentException();
          byte[] key = Base64.getDecoder().decode(text.substring("whsec_".length()));
          if (key.length < 16) throw new IllegalArgumentException();
          return text;
        },
        "whsec_ followed by the base64 of at least 16 random bytes (make one with: echo"
            + " whsec_$(openssl rand -base64 24))");
  }

  private static Map<String, Pooler> poolers() {
    Map<String, Pooler> poolers = new LinkedHashMap<>();
    for (Pooler p : Pooler.values()) poolers.put(p.wireName(), p);
    return poolers;
  }

  private static List<Cidr> cidrs(String text) {
    return Arrays.stream(text.split(","))
        .map(String::trim)
        .filter(t -> !t.isEmpty())
        .map(Cidr::parse)
        .toList();
  }

  private static List<ChatOpening> chatOpening(String text) {
    List<ChatOpening> ways = new ArrayList<>();
    for (String part : text.split(",")) {
      ChatOpening way = ChatOpening.valueOf(part.strip().toUpperCase(Locale.ROOT));
      if (ways.contains(way)) throw new IllegalArgumentException("twice: " + part);
      ways.add(way);
    }
    if (ways.isEmpty()) throw new IllegalArgumentException("no way");
    return List.copyOf(ways);
  }

  private static String jdbcUrl(String text) {
    if (!text.startsWith("jdbc:postgresql:")) throw new IllegalArgumentException();
    return text;
  }

  private static String httpUrl(String text) {
    if (!text.startsWith("http://") && !text.startsWith("https://"))
      throw new IllegalArgumentException();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String region(String text) {
    String region = text.toUpperCase(Locale.ROOT);
    if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
      throw new IllegalArgumentException();
    }
    return region;
  }

  private static String instanceId(Settings s) {
    String prefix =
        s.parse(
            "WA_INSTANCE_ID",
            System.getenv().getOrDefault("HOSTNAME", "host"),
            text -> {
              if (text.length() > 80) throw new IllegalArgumentException();
              return text;
            },
            "a name of at most 80 characters");
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

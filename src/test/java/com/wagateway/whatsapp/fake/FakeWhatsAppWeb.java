package com.wagateway.whatsapp.fake;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.wagateway.maintenance.DaemonThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for WhatsApp Web: the page copies the real DOM and flows from
 * whatsapp-web-facts.md (loading screen, QR in a canvas inside {@code div[data-ref]}, chat list,
 * {@code /send?phone=&text=}, Lexical-like compose box, message rows whose clock turns into one
 * tick and then two, invalid-number dialog, "Use here"), and the server records every message the
 * page sends, so tests compare the exact text that reached each number. It draws the newest page
 * the facts describe by default (rows carrying a bare message id, spring 2026); {@link Generation}
 * switches to the ones before it, or to a page the selectors no longer know. Switches for the
 * failure cases are plain methods (and {@code POST /__test/...} for trying it by hand).
 *
 * <p>The login lives in the browser like the real one: the page keeps its token in localStorage
 * ({@code WAToken2}, {@code last-wid-md}) and its keys in IndexedDB; a new browser on the same
 * profile (or on a copy of those parts of it) is still logged in. Several phones may link browsers
 * ({@link #scan(String)}); each send records which one sent it ({@link #textsFrom}).
 */
public final class FakeWhatsAppWeb implements AutoCloseable {
  private static final Gson GSON = new Gson();

  /**
   * One message the page sent. {@code id}: the message id (the whole {@code data-id} of its row on
   * today's page; inside the key {@code true_<phone>@c.us_<id>} on the generations before it);
   * {@code acknowledged}: whether its clock turned into a tick.
   */
  public record Delivery(String phone, String id, String text, boolean acknowledged, Instant at) {}

  /**
   * How the page draws message rows: the newest (bare ids, the default), the keyed rows of 2026,
   * the page of 2025, or a page on which no known hook marks our own rows (the selectors drifted).
   */
  public enum Generation {
    /**
     * Since spring 2026: {@code data-id} and {@code data-testid="conv-msg-..."} hold a bare message
     * id (no {@code true_}/{@code false_}, no chat); only the status icon and the tail tell our
     * rows from the other side's; no {@code span.selectable-text} in text bubbles.
     */
    BARE_IDS,
    /** Rows keyed by data-id and data-testid, no message-out class, icons with data-testid. */
    MID_2026,
    /** The message-out class inside the keyed row; icons by data-icon only; msg-failed. */
    EARLIER_2025,
    /** Rows marked only by attributes no selector knows (data-msg-key, data-from-me). */
    UNMARKED;

    String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A file the page sent: the SHA-256 of the bytes the browser read from the file it was given, its
   * name, size, and whether it went through "Document" (else "Photos & videos").
   */
  public record ReceivedFile(
      String phone, String id, String name, long size, String sha256, boolean asDocument) {}

  /** What the page could tell about the browser it runs in, and what the browser asked for. */
  public record ClientFacts(
      String webdriver, String language, String languages, String acceptLanguage) {}

  /** A full navigation costs the app's load time: seconds on the real site. */
  public static final Duration DEFAULT_LOAD_DELAY = Duration.ofSeconds(3);

  /** How long a sent message shows the clock before its tick. */
  public static final Duration DEFAULT_ACK_DELAY = Duration.ofMillis(500);

  /** How long the server takes to say whether a number is on WhatsApp (chat links, New chat). */
  public static final Duration DEFAULT_CHECK_DELAY = Duration.ofMillis(150);

  /** The page makes a new pairing code this often, at most {@link #PAIRING_CODES} times. */
  public static final Duration DEFAULT_CODE_ROTATION = Duration.ofMillis(195_000);

  public static final int PAIRING_CODES = 5;

  private final HttpServer server;
  private final ExecutorService executor =
      Executors.newCachedThreadPool(DaemonThreads.named("fake-whatsapp"));

  // Guarded by this.
  private String qrRef;
  private long qrIssuedAt;
  private long lastQrPoll;
  private final Map<String, String> scannedRefs = new HashMap<>();
  private final Set<String> validTokens = new HashSet<>();
  private final Set<String> unknownPhones = new HashSet<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<ChatRow> history = new ArrayList<>();
  private final List<ReceivedFile> files = new ArrayList<>();
  private boolean takenOver;
  private int qrServed;
  private ClientFacts client;
  private String lastAcceptLanguage;
  private int pageLoads;
  private final Map<String, Integer> existenceChecks = new HashMap<>();
  private final Map<String, Integer> chatsOpened = new HashMap<>();
  private Pairing pairing;
  private boolean expiryShown;

  /** A row of a chat as the page draws it again when the chat opens: ours or the other side's. */
  private record ChatRow(String phone, String id, String text, boolean fromMe, boolean acked) {}

  /** The pairing the page asked for: the phone, its codes so far and when the first was made. */
  private record Pairing(String ref, String phone, long startedAt, Map<Integer, String> codes) {}

  private volatile Duration checkDelay = DEFAULT_CHECK_DELAY;
  private volatile Duration codeRotation = DEFAULT_CODE_ROTATION;
  private volatile boolean inAppLinks = true;
  private volatile boolean newChatSearch = true;

  private volatile Duration loadDelay = DEFAULT_LOAD_DELAY;
  private volatile Duration ackDelay = DEFAULT_ACK_DELAY;
  private volatile Duration qrRotation = Duration.ofSeconds(20);
  private volatile boolean acknowledge = true;
  private volatile boolean prefill = true;
  private volatile boolean dataRef = true;
  private volatile boolean variant = false;
  private volatile boolean singleLineInsert = false;
  private volatile Generation generation = Generation.BARE_IDS;
  private volatile Duration chatLoadDelay = Duration.ZERO;
  private volatile boolean stopLinkClicks = false;
  private volatile boolean echoReplies = false;
  private volatile boolean failSends = false;
  private volatile boolean deliver = true;
  private final FakeReceipts receipts = new FakeReceipts();

  public FakeWhatsAppWeb() {
    this(0);
  }

  /** On a given port (0: any free one), for a site that comes up where it was unreachable. */
  public FakeWhatsAppWeb(int port) {
    // Without it small responses wait for delayed ACKs (Nagle): 40 ms per request. The JDK reads
    // it once, when its first HttpServer starts: the test JVM has it from the pom's argLine; this
    // line serves main() (the double run by hand).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /**
   * A double with short delays (30 ms load and tick, no existence-check delay), for tests about
   * behaviour rather than time.
   */
  public static FakeWhatsAppWeb fast() {
    return new FakeWhatsAppWeb().fastDelays();
  }

  /** Short delays on this double (see {@link #fast()}). */
  public FakeWhatsAppWeb fastDelays() {
    return loadDelay(Duration.ofMillis(30))
        .ackDelay(Duration.ofMillis(30))
        .checkDelay(Duration.ZERO);
  }

  /** Runs the double alone, for trying the jar by hand: prints its URL and serves until killed. */
  public static void main(String[] args) throws InterruptedException {
    FakeWhatsAppWeb fake = new FakeWhatsAppWeb();
    System.out.println(fake.url());
    Thread.currentThread().join();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  // ---- switches for tests ----

  /**
   * How long the loading screen (with its progress bar) shows before the app decides what to show.
   */
  public FakeWhatsAppWeb loadDelay(Duration d) {
    loadDelay = d;
    return this;
  }

  /** How long a sent message shows the clock before its tick. */
  public FakeWhatsAppWeb ackDelay(Duration d) {
    ackDelay = d;
    return this;
  }

  /** false: sent messages keep the clock for ever (the server never acknowledges). */
  public FakeWhatsAppWeb acknowledge(boolean on) {
    acknowledge = on;
    return this;
  }

  /** false: {@code /send?text=} opens the chat with an empty compose box. */
  public FakeWhatsAppWeb prefill(boolean on) {
    prefill = on;
    return this;
  }

  /**
   * false: the QR container has no {@code data-ref} (the payload is only in the canvas picture).
   */
  public FakeWhatsAppWeb dataRef(boolean on) {
    dataRef = on;
    return this;
  }

  /**
   * true: a page built differently from the same facts: {@code /send} hands the chat to a second
   * document ({@code location.replace('/')}) and the compose box's markup has layout white space
   * between its paragraphs.
   */
  public FakeWhatsAppWeb variant(boolean on) {
    variant = on;
    return this;
  }

  /**
   * true: the compose box refuses inserted text holding line breaks (they come only from
   * Shift+Enter).
   */
  public FakeWhatsAppWeb singleLineInsert(boolean on) {
    singleLineInsert = on;
    return this;
  }

  /** Which generation of the page draws the message rows (from the next page load on). */
  public FakeWhatsAppWeb generation(Generation g) {
    generation = g;
    return this;
  }

  /**
   * true: sent messages never reach the server; after {@code ackDelay} the page marks them failed
   * ({@code msg-error}, or {@code msg-failed} on the earlier generation).
   */
  public FakeWhatsAppWeb failSends(boolean on) {
    failSends = on;
    return this;
  }

  /** false: acknowledged messages stay at one tick instead of turning to two (delivered). */
  public FakeWhatsAppWeb deliver(boolean on) {
    deliver = on;
    return this;
  }

  /**
   * How long a chat takes to render once the app decided to open it; until then the view that was
   * open before stays on screen and takes typing, which the new view then drops.
   */
  public FakeWhatsAppWeb chatLoadDelay(Duration d) {
    chatLoadDelay = d;
    return this;
  }

  /**
   * true: the app's capture-phase link listener also stops the click's propagation after taking it,
   * so no listener on the link itself ever sees the click (the facts do not say the real app lets
   * it through).
   */
  public FakeWhatsAppWeb stopLinkClicks(boolean on) {
    stopLinkClicks = on;
    return this;
  }

  /**
   * true: the other side answers every message at once with the very same words: an incoming row
   * holding our text, which must never be taken for our own.
   */
  public FakeWhatsAppWeb echoReplies(boolean on) {
    echoReplies = on;
    return this;
  }

  /** How long the server takes to answer whether a number is on WhatsApp. */
  public FakeWhatsAppWeb checkDelay(Duration d) {
    checkDelay = d;
    return this;
  }

  /**
   * false: the app no longer opens chats from clicked chat links (a page without the handler); the
   * browser follows the link (at once: the double looks at its switches on every click).
   */
  public FakeWhatsAppWeb inAppLinks(boolean on) {
    inAppLinks = on;
    return this;
  }

  /** false: the main screen has no "New chat" button (from the next page load on). */
  public FakeWhatsAppWeb newChatSearch(boolean on) {
    newChatSearch = on;
    return this;
  }

  /** How often the pairing-code screen makes a new code. */
  public FakeWhatsAppWeb codeRotation(Duration d) {
    codeRotation = d;
    return this;
  }

  /** How many times a browser loaded the app (a full navigation: {@code /} or {@code /send}). */
  public synchronized int pageLoads() {
    return pageLoads;
  }

  /**
   * How many chats the page opened one way: {@code "link"} (a chat link clicked inside the app),
   * {@code "search"} (New chat) or {@code "url"} ({@code /send}).
   */
  public synchronized int chatsOpened(String via) {
    return chatsOpened.getOrDefault(via, 0);
  }

  /** How many times a page asked the server whether this number is on WhatsApp. */
  public synchronized int existenceChecks(String phone) {
    return existenceChecks.getOrDefault(digits(phone), 0);
  }

  /** The pairing code the page shows now ("ABCD1234"), or null when none is current. */
  public synchronized String currentPairingCode() {
    if (pairing == null) return null;
    int index = codeIndex(pairing);
    if (index < PAIRING_CODES) return pairing.codes().computeIfAbsent(index, i -> newCode());
    pairing = null; // "Code expired" for good: starting again makes a new pairing
    return null;
  }

  /** Whether a page was told its pairing code expired ("Code expired" shows). */
  public synchronized boolean pairingExpiryShown() {
    return expiryShown;
  }

  /** The phone number the page asked a pairing code for (digits), or null. */
  public synchronized String pairingPhone() {
    return pairing == null ? null : pairing.phone();
  }

  /**
   * The person types the code on the phone (Linked devices > Link with phone number): if it is the
   * current one, the browser showing it becomes logged in.
   */
  public synchronized void enterCode(String code) {
    String current = currentPairingCode();
    if (current == null) throw new IllegalStateException("No pairing code is current");
    if (!current.equals(code.replace("-", "").toUpperCase(Locale.ROOT)))
      throw new IllegalStateException("Wrong code " + code + "; the page shows " + current);
    String token = UUID.randomUUID().toString();
    validTokens.add(token);
    scannedRefs.put(pairing.ref(), token);
    pairing = null;
  }

  /** What the last page load found out about its browser; null before any. */
  public synchronized ClientFacts client() {
    return client;
  }

  public FakeWhatsAppWeb qrRotation(Duration d) {
    qrRotation = d;
    return this;
  }

  /** The number is not on WhatsApp: opening its chat shows the invalid-number dialog. */
  public synchronized FakeWhatsAppWeb markUnknown(String phone) {
    unknownPhones.add(digits(phone));
    return this;
  }

  /** The number joined WhatsApp after all: its chat opens again. */
  public synchronized FakeWhatsAppWeb markKnown(String phone) {
    unknownPhones.remove(digits(phone));
    return this;
  }

  /** Whether a browser is showing the QR now (it polls the QR every 250 ms while it does). */
  public synchronized boolean qrShowing() {
    return qrRef != null && System.currentTimeMillis() - lastQrPoll < 3000;
  }

  /** The QR payload the page shows now. */
  public synchronized String currentQr() {
    return qrRef;
  }

  /** How many different QR payloads were handed out. */
  public synchronized int qrServed() {
    return qrServed;
  }

  /** The phone scans the QR on screen: that browser becomes logged in. */
  public synchronized void scan() {
    scan(DEFAULT_ACCOUNT);
  }

  /** The phone logs the linked device out: every browser shows the QR again. */
  public synchronized void logout() {
    validTokens.clear();
  }

  // ---- Several accounts (sessions): which phone linked which browser, and sent what ----

  /** The account that scans when a test does not say which. */
  public static final String DEFAULT_ACCOUNT = "+972500000001";

  // Guarded by this: login token -> the account (phone, digits) that linked it; message id ->
  // the account whose browser sent it.
  private final Map<String, String> accounts = new HashMap<>();
  private final Map<String, String> sentBy = new HashMap<>();

  /**
   * The phone of {@code account} (+972...) scans the QR on screen: that browser is linked to it.
   */
  public synchronized void scan(String account) {
    if (!qrShowing() || qrRef == null)
      throw new IllegalStateException("No browser is showing a QR code to scan");
    String token = UUID.randomUUID().toString();
    validTokens.add(token);
    accounts.put(token, digits(account));
    // The page learns it on its next poll for this QR; until then the QR stays the current one.
    scannedRefs.put(qrRef, token);
  }

  /** The phone of {@code account} logs its linked devices out; other accounts stay linked. */
  public synchronized void logout(String account) {
    String d = digits(account);
    validTokens.removeIf(t -> d.equals(accounts.get(t)));
  }

  /** The texts sent from the browser linked to {@code account}, in order. */
  public synchronized List<String> textsFrom(String account) {
    String d = digits(account);
    return deliveries.stream()
        .filter(x -> d.equals(sentBy.get(x.id())))
        .map(Delivery::text)
        .toList();
  }

  /** The account is opened in another browser: this one shows "Use here". */
  public synchronized void takeOver() {
    takenOver = true;
  }

  public synchronized boolean takenOver() {
    return takenOver;
  }

  public synchronized List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  public synchronized List<String> textsTo(String phone) {
    String d = digits(phone);
    return deliveries.stream().filter(x -> x.phone().equals(d)).map(Delivery::text).toList();
  }

  /** The files sent to {@code phone}, in order. */
  public synchronized List<ReceivedFile> filesTo(String phone) {
    String d = digits(phone);
    return files.stream().filter(f -> f.phone().equals(d)).toList();
  }

  public synchronized void clearDeliveries() {
    deliveries.clear();
    history.clear();
  }

  // ---- HTTP ----

  private void handle(HttpExchange ex) throws IOException {
    try {
      String path = ex.getRequestURI().getPath();
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      switch (path) {
        case "/", "/send", "/send/" -> {
          synchronized (this) {
            lastAcceptLanguage = ex.getRequestHeaders().getFirst("Accept-Language");
            pageLoads++;
          }
          resource(ex, "index.html", "text/html; charset=utf-8");
        }
        case "/__wa/client" -> {
          synchronized (this) {
            client =
                new ClientFacts(
                    q.get("webdriver"), q.get("language"), q.get("languages"), lastAcceptLanguage);
          }
          json(ex, Map.of("ok", true));
        }
        case "/static/app.js" -> resource(ex, "app.js", "text/javascript; charset=utf-8");
        case "/static/app.css" -> resource(ex, "app.css", "text/css; charset=utf-8");
        case "/__wa/config" -> json(ex, pageConfig());
        case "/__wa/exists" -> json(ex, Map.of("exists", exists(q.get("phone"))));
        case "/__wa/pairing/start" -> json(ex, startPairing(q.getOrDefault("phone", "")));
        case "/__wa/pairing" -> json(ex, pairingState(q.get("ref")));
        case "/__wa/session" -> json(ex, Map.of("status", session(q.get("token"))));
        case "/__wa/qr" -> json(ex, qr(q.get("ref")));
        case "/__wa/use-here" -> {
          synchronized (this) {
            takenOver = false;
          }
          json(ex, Map.of("ok", true));
        }
        case "/__wa/chat" -> {
          synchronized (this) {
            chatsOpened.merge(q.getOrDefault("via", "url"), 1, Integer::sum);
          }
          json(ex, chat(q.get("phone")));
        }
        case "/__wa/receipts" -> json(ex, receiptView(q.get("token")));
        case "/__wa/send" ->
            json(ex, send(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        case "/__test/scan" -> {
          scan();
          json(ex, Map.of("ok", true));
        }
        case "/__test/logout" -> {
          logout();
          json(ex, Map.of("ok", true));
        }
        case "/__test/enter-code" -> {
          String code = q.getOrDefault("code", currentPairingCode());
          if (code == null) throw new IllegalStateException("No pairing code is current");
          enterCode(code);
          json(ex, Map.of("ok", true));
        }
        case "/__test/take-over" -> {
          takeOver();
          json(ex, Map.of("ok", true));
        }
        case "/__test/generation" -> {
          generation(Generation.valueOf(q.getOrDefault("name", "BARE_IDS")));
          json(ex, Map.of("ok", true));
        }
        case "/__test/unknown" -> {
          markUnknown(q.getOrDefault("phone", ""));
          json(ex, Map.of("ok", true));
        }
        case "/__test/messages" ->
            json(
                ex,
                deliveries().stream()
                    .map(
                        d ->
                            Map.of(
                                "phone",
                                d.phone(),
                                "text",
                                d.text(),
                                "acknowledged",
                                d.acknowledged()))
                    .toList());
        default -> send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
      }
    } catch (RuntimeException e) {
      send(ex, 500, "text/plain", String.valueOf(e).getBytes(StandardCharsets.UTF_8));
    }
  }

  private Map<String, Object> pageConfig() {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("loadDelayMs", loadDelay.toMillis());
    c.put("prefill", prefill);
    c.put("variant", variant);
    c.put("singleLineInsert", singleLineInsert);
    c.put("generation", generation.wireName());
    c.put("failSends", failSends);
    c.put("ackDelayMs", ackDelay.toMillis());
    c.put("inAppLinks", inAppLinks);
    c.put("newChatSearch", newChatSearch);
    c.put("chatLoadDelayMs", chatLoadDelay.toMillis());
    c.put("stopLinkClicks", stopLinkClicks);
    return c;
  }

  // ---- is the number on WhatsApp (chat links, New chat search) ----

  private boolean exists(String phone) {
    String d = digits(phone == null ? "" : phone);
    synchronized (this) {
      existenceChecks.merge(d, 1, Integer::sum);
    }
    try {
      Thread.sleep(checkDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      return d.length() >= 7 && !unknownPhones.contains(d);
    }
  }

  // ---- link with phone number ----

  private static final String CODE_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTVWXYZ";

  private synchronized Map<String, Object> startPairing(String phone) {
    String d = digits(phone);
    // Like the real page: a number too short or too long for any country opens a modal.
    if (d.length() < 8 || d.length() > 15 || d.startsWith("0")) return Map.of("invalid", true);
    pairing =
        new Pairing(UUID.randomUUID().toString(), d, System.currentTimeMillis(), new HashMap<>());
    return Map.of("ref", pairing.ref());
  }

  private synchronized Map<String, Object> pairingState(String ref) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (ref != null && scannedRefs.containsKey(ref)) {
      out.put("linked", scannedRefs.remove(ref));
      out.put("wid", "972500000001:7@c.us");
      return out;
    }
    String code = pairing != null && pairing.ref().equals(ref) ? currentPairingCode() : null;
    if (code == null) {
      out.put("expired", true);
      expiryShown = true;
    } else {
      out.put("code", code);
    }
    return out;
  }

  private int codeIndex(Pairing p) {
    return (int)
        ((System.currentTimeMillis() - p.startedAt()) / Math.max(1, codeRotation.toMillis()));
  }

  private static String newCode() {
    SecureRandom random = new SecureRandom();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 8; i++)
      b.append(CODE_ALPHABET.charAt(random.nextInt(CODE_ALPHABET.length())));
    return b.toString();
  }

  private synchronized String session(String token) {
    if (token == null || !validTokens.contains(token)) return "logged_out";
    return takenOver ? "taken_over" : "ok";
  }

  private synchronized Map<String, Object> qr(String shownRef) {
    lastQrPoll = System.currentTimeMillis();
    Map<String, Object> out = new LinkedHashMap<>();
    if (shownRef != null && scannedRefs.containsKey(shownRef)) {
      String token = scannedRefs.remove(shownRef);
      out.put("scanned", token);
      out.put("wid", accounts.getOrDefault(token, digits(DEFAULT_ACCOUNT)) + ":7@c.us");
      if (shownRef.equals(qrRef)) qrRef = null;
      return out;
    }
    boolean expired = System.currentTimeMillis() - qrIssuedAt > qrRotation.toMillis();
    if (qrRef == null || (expired && !scannedRefs.containsKey(qrRef))) {
      // The real payload: "2@" + ref, then base64 keys, comma separated.
      qrRef =
          "2@"
              + UUID.randomUUID().toString().replace("-", "")
              + ","
              + base64(32)
              + ","
              + base64(32)
              + ","
              + base64(16);
      qrIssuedAt = System.currentTimeMillis();
      qrServed++;
    }
    out.put("ref", qrRef);
    out.put("dataRef", dataRef);
    if (!qrRef.equals(shownRef))
      out.put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(png(qrRef)));
    return out;
  }

  private synchronized Map<String, Object> chat(String phone) {
    String d = digits(phone == null ? "" : phone);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("exists", !d.isEmpty() && !unknownPhones.contains(d));
    out.put(
        "messages", history.stream().filter(x -> x.phone().equals(d)).map(this::drawn).toList());
    return out;
  }

  /** A row of a chat as the page draws it when the chat opens: ours with its tick state now. */
  private Map<String, Object> drawn(ChatRow x) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", x.id());
    row.put("text", x.text());
    row.put("acked", x.acked());
    row.put("fromMe", x.fromMe());
    if (x.fromMe()) {
      for (Delivery delivery : deliveries) {
        if (delivery.id().equals(x.id())) {
          row.put(
              "state",
              receipts.times(delivery, chatOf(delivery), ackDelay, deliver).stateAt(Instant.now()));
        }
      }
    }
    return row;
  }

  private Map<String, Object> send(String body) {
    JsonObject o = GSON.fromJson(body, JsonObject.class);
    String phone = digits(o.get("phone").getAsString());
    String text = o.get("text").getAsString();
    String id = o.get("id").getAsString();
    boolean ack = acknowledge;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ack", ack);
    out.put("ackDelayMs", ackDelay.toMillis());
    synchronized (this) {
      deliveries.add(new Delivery(phone, id, text, ack, Instant.now()));
      history.add(new ChatRow(phone, id, text, true, ack));
      if (o.has("file") && o.get("file").isJsonObject()) {
        JsonObject f = o.getAsJsonObject("file");
        files.add(
            new ReceivedFile(
                phone,
                id,
                f.get("name").getAsString(),
                f.get("size").getAsLong(),
                f.get("sha256").getAsString(),
                f.get("asDocument").getAsBoolean()));
      }
      if (o.has("token")) sentBy.put(id, accounts.get(o.get("token").getAsString()));
      if (echoReplies) {
        String replyId = newMessageId();
        history.add(new ChatRow(phone, replyId, text, false, false));
        out.put("reply", Map.of("id", replyId, "text", text, "delayMs", ackDelay.toMillis() / 2));
      }
    }
    return out;
  }

  // ---- receipts: two ticks and " Read ", in the open chat and the chat list ----

  /** When this double's messages are delivered and read (per number, or for every number). */
  public FakeReceipts receipts() {
    return receipts;
  }

  /** When the message the page sent as {@code id} showed each tick; null if none has that id. */
  public synchronized FakeReceipts.Times receiptTimes(String id) {
    for (Delivery d : deliveries) {
      if (d.id().equals(id)) return receipts.times(d, chatOf(d), ackDelay, deliver);
    }
    return null;
  }

  private List<Delivery> chatOf(Delivery d) {
    String by = sentBy.get(d.id());
    return deliveries.stream()
        .filter(x -> x.phone().equals(d.phone()) && Objects.equals(sentBy.get(x.id()), by))
        .toList();
  }

  /**
   * What the page of the account logged in with {@code token} shows now: each of its messages'
   * state by id (for the open chat), and its chats newest first with their last message (the chat
   * list rows). Every chat here ends with a message of ours: the double has no incoming ones.
   */
  private synchronized Map<String, Object> receiptView(String token) {
    String account = token == null ? null : accounts.get(token);
    Instant now = Instant.now();
    Map<String, String> states = new HashMap<>();
    Map<String, Delivery> lastByChat = new LinkedHashMap<>();
    for (Delivery d : deliveries) {
      String by = sentBy.get(d.id());
      if (by != null && !by.equals(account)) continue;
      if (!d.acknowledged()) continue;
      states.put(d.id(), receipts.times(d, chatOf(d), ackDelay, deliver).stateAt(now));
      lastByChat.remove(d.phone());
      lastByChat.put(d.phone(), d);
    }
    List<Map<String, Object>> chats = new ArrayList<>();
    for (Delivery d : lastByChat.values()) {
      Map<String, Object> chat = new LinkedHashMap<>();
      chat.put("phone", d.phone());
      chat.put("title", shownAs(d.phone()));
      chat.put("text", d.text());
      chat.put("fromMe", true);
      chat.put("state", states.get(d.id()));
      chats.add(0, chat);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("states", states);
    out.put("chats", chats);
    return out;
  }

  /** A number as the chat list shows a chat with no contact name: "+972 50-112-0001". */
  static String shownAs(String digits) {
    if (digits.length() < 9) return "+" + digits;
    return "+"
        + digits.substring(0, 3)
        + " "
        + digits.substring(3, 5)
        + "-"
        + digits.substring(5, 8)
        + "-"
        + digits.substring(8);
  }

  private static byte[] png(String payload) {
    try {
      var matrix =
          new QRCodeWriter()
              .encode(payload, BarcodeFormat.QR_CODE, 264, 264, Map.of(EncodeHintType.MARGIN, 2));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      MatrixToImageWriter.writeToStream(matrix, "PNG", out);
      return out.toByteArray();
    } catch (WriterException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A message id as the page shows it since spring 2026: 20 upper-case hex digits. */
  private static String newMessageId() {
    byte[] b = new byte[10];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  private static String base64(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private static String digits(String phone) {
    return phone.replaceAll("[^0-9]", "");
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) continue;
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private void resource(HttpExchange ex, String name, String type) throws IOException {
    try (InputStream in = FakeWhatsAppWeb.class.getResourceAsStream("/fake-whatsapp/" + name)) {
      send(ex, 200, type, in.readAllBytes());
    }
  }

  private void json(HttpExchange ex, Object body) throws IOException {
    send(
        ex,
        200,
        "application/json; charset=utf-8",
        GSON.toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (var out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}

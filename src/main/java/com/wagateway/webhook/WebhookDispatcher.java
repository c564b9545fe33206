package com.wagateway.webhook;

import com.wagateway.config.Config;
import com.wagateway.config.Settings;
import com.wagateway.maintenance.DaemonThreads;
import com.wagateway.maintenance.MaintenanceTask;
import com.wagateway.net.OutboundGuard;
import com.wagateway.net.PinnedHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the outbox's deliveries, on its own threads and its own connection pool, so a slow receiver
 * or a busy API never slows the sending of messages. One thread claims due deliveries (FOR UPDATE
 * SKIP LOCKED: several instances share the outbox, each delivery in one instance's hands at a time)
 * and hands them to {@code WA_WEBHOOK_THREADS} posters; at most {@code WA_WEBHOOK_PER_ENDPOINT} of
 * them post to one receiver at once, so a receiver that hangs holds only those. Taking back expired
 * claims and purging old events are {@link #maintenanceTasks()}, run by the service's maintenance.
 * Leases and retry times are on the database's clock; the injected {@link Clock} stamps and times
 * the posts.
 */
public final class WebhookDispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration LEASE_SLACK = Duration.ofSeconds(30);
  private static final String USER_AGENT = "whatsapp-gateway-webhooks/1";

  private final DeliveryStore store;
  private final Config.Webhooks settings;
  private final WebhookEvents events;
  private final HttpClient http;
  private final OutboundGuard guard;
  private final ExecutorService posters;
  private final ScheduledExecutorService claimer;
  private final Duration lease;
  private final Map<DeliveryTarget, Integer> inFlight = new HashMap<>();
  private final AtomicInteger busy = new AtomicInteger();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private final Clock clock;

  /** {@code claimant} names this instance in {@code claimed_by} (unique per process). */
  public WebhookDispatcher(
      DSLContext db, String claimant, Config.Webhooks settings, WebhookEvents events) {
    this(db, claimant, settings, events, Clock.systemUTC());
  }

  public WebhookDispatcher(
      DSLContext db, String claimant, Config.Webhooks settings, WebhookEvents events, Clock clock) {
    this.clock = clock;
    this.store = new DeliveryStore(db, claimant);
    this.settings = settings;
    this.events = events;
    this.lease = settings.connectTimeout().plus(settings.requestTimeout()).plus(LEASE_SLACK);
    this.guard = OutboundGuard.system(settings.callbackPrivate());
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    AtomicInteger n = new AtomicInteger();
    this.posters =
        Executors.newFixedThreadPool(
            settings.threads(), r -> DaemonThreads.thread(r, "wa-webhook-" + n.incrementAndGet()));
    this.claimer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("wa-webhook-claim"));
  }

  public void start() {
    claimer.scheduleWithFixedDelay(
        this::claimDue, 0, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Taking back deliveries of instances that stopped answering, and purging old events. */
  public List<MaintenanceTask> maintenanceTasks() {
    return List.of(new DeliveryRescue(store), new EventPurge(store, settings));
  }

  /**
   * Claims every delivery due now and posts each, one after another, on the calling thread; answers
   * how many were attempted. What the claiming thread does, without it.
   */
  public int runOnce() {
    int attempted = 0;
    int limit = Math.max(1, settings.threads());
    while (true) {
      List<Claimed> claimed = store.claim(limit, lease, Set.of());
      for (Claimed c : claimed) {
        attempt(c);
        attempted++;
      }
      if (claimed.size() < limit) return attempted;
    }
  }

  /** Claims at once instead of at the next poll (a poster came free). */
  private void wake() {
    if (wakeQueued.compareAndSet(false, true)) {
      try {
        claimer.execute(
            () -> {
              wakeQueued.set(false);
              claimDue();
            });
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        wakeQueued.set(false);
      }
    }
  }

  private void claimDue() {
    try {
      while (true) {
        int free = settings.threads() - busy.get();
        if (free <= 0) return;
        List<Claimed> claimed = store.claim(free, lease, saturated());
        List<Claimed> overCap = new ArrayList<>();
        for (Claimed c : claimed) {
          if (!reserve(c)) {
            overCap.add(c);
            continue;
          }
          posters.execute(() -> deliver(c));
        }
        store.release(overCap);
        if (claimed.size() < free || !overCap.isEmpty()) return;
      }
    } catch (RuntimeException e) {
      log.warn(
          "Could not claim webhook deliveries ({}); trying again in {} ms",
          e.getMessage(),
          settings.pollInterval().toMillis());
    }
  }

  private synchronized Set<DeliveryTarget> saturated() {
    Set<DeliveryTarget> full = new HashSet<>();
    inFlight.forEach(
        (target, n) -> {
          if (n >= settings.perEndpoint()) full.add(target);
        });
    return full;
  }

  private synchronized boolean reserve(Claimed c) {
    int n = inFlight.getOrDefault(c.target(), 0);
    if (n >= settings.perEndpoint()) return false;
    inFlight.put(c.target(), n + 1);
    busy.incrementAndGet();
    return true;
  }

  private synchronized void free(Claimed c) {
    inFlight.computeIfPresent(c.target(), (t, n) -> n <= 1 ? null : n - 1);
    busy.decrementAndGet();
  }

  private void deliver(Claimed c) {
    try {
      attempt(c);
    } finally {
      free(c);
      wake();
    }
  }

  /** Posts one claimed delivery and records the attempt. */
  private void attempt(Claimed c) {
    try {
      DeliveryStore.Result result = post(c);
      DeliveryStore.Recorded recorded =
          store.record(c, result, retryDelay(c.attempts()), settings.disableAfter());
      events.attempted(recorded.outcome().name().toLowerCase(Locale.ROOT), result.millis());
      if (recorded.endpointDisabled()) {
        log.error(
            "Webhook endpoint {} ({}) is disabled: every delivery to it failed for {} (last: {})."
                + " Its events wait; fix the receiver, then enable it (PATCH"
                + " /admin/clients/{name}/webhooks/{} {\"enabled\": true}) and redeliver its"
                + " dead deliveries",
            c.endpointId(),
            c.url(),
            Settings.format(settings.disableAfter()),
            DeliveryStore.describe(result),
            c.endpointId());
      }
      switch (recorded.outcome()) {
        case DELIVERED ->
            log.debug("Webhook {} ({}) delivered to {}", c.eventId(), c.eventType(), c.url());
        case RETRYING ->
            log.info(
                "Webhook {} ({}) to {} not delivered (attempt {}: {}); tried again later",
                c.eventId(),
                c.eventType(),
                c.url(),
                c.attempts(),
                DeliveryStore.describe(result));
        case DEAD ->
            log.warn(
                "Webhook {} ({}) to {} is dead after {} attempts (last: {}); redeliver it with POST"
                    + " /admin/clients/{name}/webhooks/{id}/redeliver once the receiver works",
                c.eventId(),
                c.eventType(),
                c.url(),
                c.attempts(),
                DeliveryStore.describe(result));
        case LOST ->
            log.warn(
                "Webhook delivery {} was taken from this instance (lease expired) before its"
                    + " attempt was recorded; it is delivered again",
                c.id());
      }
    } catch (RuntimeException e) {
      // The claim stays 'delivering' until its lease expires; then another attempt is made.
      log.warn(
          "Could not record the attempt of webhook delivery {} ({}); it is tried again when its"
              + " lease expires",
          c.id(),
          e.getMessage());
    }
  }

  /** One POST, signed; never longer than the request timeout, whatever the receiver does. */
  private DeliveryStore.Result post(Claimed c) {
    Instant started = clock.instant();
    try {
      List<String> secrets =
          c.secrets().isEmpty() && settings.sessionSecret() != null
              ? List.of(settings.sessionSecret())
              : c.secrets();
      URI uri = URI.create(c.url());
      long timestamp = started.getEpochSecond();
      if (c.clientUrl()) return postGuarded(c, uri, secrets, timestamp, started);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(settings.requestTimeout())
              .header("Content-Type", "application/json")
              .header("User-Agent", USER_AGENT)
              .header("webhook-id", c.eventId())
              .header("webhook-timestamp", Long.toString(timestamp))
              .POST(HttpRequest.BodyPublishers.ofString(c.payload()));
      if (!secrets.isEmpty())
        request.header(
            "webhook-signature",
            WebhookSigner.signature(secrets, c.eventId(), timestamp, c.payload()));
      CompletableFuture<HttpResponse<Void>> answer =
          http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
      try {
        int status =
            answer.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS).statusCode();
        return new DeliveryStore.Result(status, null, millisSince(started));
      } finally {
        answer.cancel(true);
      }
    } catch (TimeoutException e) {
      return failure("no answer within " + settings.requestTimeout().toMillis() + " ms", started);
    } catch (ExecutionException e) {
      return failure(reason(e.getCause()), started);
    } catch (IllegalArgumentException e) {
      return failure("not a usable URL: " + e.getMessage(), started);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failure("interrupted (the service is stopping)", started);
    }
  }

  /**
   * A client's callback_url: resolved once, checked by the guard, and posted to the address that
   * was checked, so a client cannot aim the gateway at its own network.
   */
  private DeliveryStore.Result postGuarded(
      Claimed c, URI uri, List<String> secrets, long timestamp, Instant started) {
    OutboundGuard.Target target;
    try {
      target = guard.check(uri);
    } catch (OutboundGuard.RefusedException e) {
      return failure(e.getMessage(), started);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", USER_AGENT);
    headers.put("webhook-id", c.eventId());
    headers.put("webhook-timestamp", Long.toString(timestamp));
    if (!secrets.isEmpty())
      headers.put(
          "webhook-signature",
          WebhookSigner.signature(secrets, c.eventId(), timestamp, c.payload()));
    try {
      int status =
          PinnedHttp.post(
              target,
              headers,
              c.payload().getBytes(StandardCharsets.UTF_8),
              settings.connectTimeout(),
              settings.requestTimeout());
      return new DeliveryStore.Result(status, null, millisSince(started));
    } catch (SocketTimeoutException e) {
      return failure("no answer within " + settings.requestTimeout().toMillis() + " ms", started);
    } catch (IOException e) {
      return failure(reason(e), started);
    }
  }

  private static String reason(Throwable t) {
    if (t instanceof HttpTimeoutException) return "timed out: " + t.getMessage();
    if (t instanceof ConnectException)
      return "could not connect" + (t.getMessage() == null ? "" : ": " + t.getMessage());
    if (t instanceof IOException)
      return "connection failed: "
          + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
    return t.toString();
  }

  private DeliveryStore.Result failure(String error, Instant started) {
    return new DeliveryStore.Result(null, error, millisSince(started));
  }

  /** Never negative: the wall clock may be set back while a post is under way. */
  private long millisSince(Instant started) {
    return Math.max(0, Duration.between(started, clock.instant()).toMillis());
  }

  /**
   * Exponential backoff with full jitter: anywhere from nothing to {@code retryDelay * 2^(n-1)},
   * capped at {@code retryMaxDelay}, so receivers that come back are not hit by every sender at
   * once.
   */
  Duration retryDelay(int attempts) {
    int exponent = Math.max(0, Math.min(attempts - 1, 30));
    long cap =
        Math.min(
            settings.retryMaxDelay().toMillis(),
            settings.retryDelay().toMillis() * (1L << exponent));
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
  }

  /** Stops claiming; lets posts in hand finish for a few seconds (unfinished ones are retried). */
  @Override
  public void close() {
    claimer.shutdownNow();
    posters.shutdown();
    try {
      if (!posters.awaitTermination(5, TimeUnit.SECONDS)) posters.shutdownNow();
      claimer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      posters.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}

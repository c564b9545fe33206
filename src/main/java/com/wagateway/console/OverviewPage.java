package com.wagateway.console;

import com.wagateway.http.Router;
import com.wagateway.message.QueueStats;
import com.wagateway.metrics.MediaMetrics;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /console}: the queue at a glance (counts per status, the oldest due message's age, sends
 * of the last hour and day, a chart of the last 24 hours), the storage uploaded files take, and
 * each session's state, refreshed live.
 */
public final class OverviewPage {
  private final QueueStats stats;
  private final WhatsAppPages whatsapp;
  private final Supplier<MediaMetrics.Reading> storage;

  OverviewPage(QueueStats stats, WhatsAppPages whatsapp, Supplier<MediaMetrics.Reading> storage) {
    this.stats = stats;
    this.whatsapp = whatsapp;
    this.storage = storage;
  }

  /** Declares these pages under /console, behind {@code guard}. */
  void routes(Router router, Guard guard) {
    router
        .get("/console", guard.signedIn(this::page))
        .get("/console/live", guard.signedIn(this::live));
  }

  public record View(PageFrame frame, Live live) {}

  /** The part that refreshes itself every few seconds. */
  public record Live(
      QueueStats.Snapshot snapshot,
      QueueStats.Activity activity,
      Chart chart,
      List<SessionCard> sessions,
      MediaMetrics.Reading storage) {}

  /** {@code GET /console}. */
  void page(ConsoleRequest request) {
    request.render("overview", new View(request.frame("Overview", "overview"), live()));
  }

  /** {@code GET /console/live}. */
  void live(ConsoleRequest request) {
    request.render("partials/overview", live());
  }

  private Live live() {
    QueueStats.Activity activity = stats.lastDay();
    return new Live(
        stats.snapshot(),
        activity,
        Chart.of(activity.hours()),
        whatsapp.sessions(false),
        storage == null ? null : storage.get());
  }
}

package com.wagateway.metrics;

import com.wagateway.queue.QueueWorker;
import com.wagateway.queue.Sender;
import com.wagateway.session.SessionHost;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.Supplier;

/** The WhatsApp session and the worker, as this instance sees them. */
public final class SessionMetrics {

  private SessionMetrics() {}

  public static void register(PrometheusRegistry registry, Sender sender, QueueWorker worker) {
    GaugeWithCallback.builder()
        .name("wa_whatsapp_session")
        .help(
            "1 for the sender's current session state (ready, qr_required, logged_out,"
                + " site_unreachable, degraded, ...)")
        .labelNames("state")
        .callback(cb -> cb.call(1, sender.state()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("wa_whatsapp_session_ready")
        .help(
            "1 while the sender can send, 0 while messages wait (QR not scanned, logged out,"
                + " browser down, site unreachable, degraded)")
        .callback(cb -> cb.call(sender.ready() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("wa_worker_sending")
        .help("1 while a message is in the sender's hands")
        .callback(cb -> cb.call(worker.isSending() ? 1 : 0))
        .register(registry);
    GaugeWithCallback.builder()
        .name("wa_worker_database_reachable")
        .help("0 after the worker's last claim failed to reach the database")
        .callback(cb -> cb.call(worker.isDatabaseReachable() ? 1 : 0))
        .register(registry);
  }

  /**
   * Each WhatsApp session this instance runs: its state, its sends by result and the time its sends
   * waited for their turn (WA_SEND_INTERVAL), labelled by session.
   */
  public static void registerSessions(
      PrometheusRegistry registry, Supplier<List<SessionHost.Figures>> sessions) {
    GaugeWithCallback.builder()
        .name("wa_session_state")
        .help("1 for each session this instance runs, labelled with its state")
        .labelNames("session", "state")
        .callback(cb -> sessions.get().forEach(f -> cb.call(1, f.session(), f.state())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("wa_session_ready")
        .help("1 while the session can send, 0 while its messages wait")
        .labelNames("session")
        .callback(cb -> sessions.get().forEach(f -> cb.call(f.ready() ? 1 : 0, f.session())))
        .register(registry);
    CounterWithCallback.builder()
        .name("wa_session_sends_total")
        .help(
            "Sends of each session run here, by result: sent, failed, retried, unconfirmed (since"
                + " this instance took the session)")
        .labelNames("session", "result")
        .callback(
            cb ->
                sessions
                    .get()
                    .forEach(
                        f -> f.sends().forEach((result, n) -> cb.call(n, f.session(), result))))
        .register(registry);
    CounterWithCallback.builder()
        .name("wa_session_pacing_wait_seconds_total")
        .help("Time the session's sends waited for their turn (WA_SEND_INTERVAL + jitter)")
        .labelNames("session")
        .callback(
            cb -> sessions.get().forEach(f -> cb.call(f.pacingWaitNanos() / 1e9, f.session())))
        .register(registry);
  }
}

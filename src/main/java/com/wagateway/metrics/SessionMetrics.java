package com.wagateway.metrics;

import com.wagateway.queue.QueueWorker;
import com.wagateway.queue.Sender;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

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
}

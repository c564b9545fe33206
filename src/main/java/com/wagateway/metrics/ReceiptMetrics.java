package com.wagateway.metrics;

import com.wagateway.receipt.ReceiptChange;
import com.wagateway.receipt.ReceiptEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.List;

/** Messages seen delivered and read, and how long after their tick, fed by the receipt store. */
public final class ReceiptMetrics implements ReceiptEvents {
  // Receipts come from seconds (a phone online) to days (a phone off, a chat opened late).
  private static final double[] BOUNDS = {
    1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600
  };

  private final Counter delivered;
  private final Counter read;
  private final Histogram toDelivered;
  private final Histogram toRead;

  public ReceiptMetrics(PrometheusRegistry registry) {
    delivered =
        Counter.builder()
            .name("wa_messages_delivered_total")
            .help(
                "Messages seen delivered (two ticks) by this instance, a read seen first included")
            .register(registry);
    read =
        Counter.builder()
            .name("wa_messages_read_total")
            .help(
                "Messages seen read by this instance, those of a chat read as a whole included"
                    + " (a later message of ours read)")
            .register(registry);
    toDelivered =
        Histogram.builder()
            .name("wa_sent_to_delivered_seconds")
            .help("From the single tick (sent_at) to the two ticks being seen (delivered_at)")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(BOUNDS)
            .register(registry);
    toRead =
        Histogram.builder()
            .name("wa_sent_to_read_seconds")
            .help("From the single tick (sent_at) to \" Read \" being seen (read_at)")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(BOUNDS)
            .register(registry);
  }

  @Override
  public void recorded(List<ReceiptChange> changes) {
    for (ReceiptChange c : changes) {
      if (c.delivered()) {
        delivered.inc();
        observe(toDelivered, c.toDelivered());
      }
      if (c.read()) {
        read.inc();
        observe(toRead, c.toRead());
      }
    }
  }

  private static void observe(Histogram h, Duration d) {
    if (d != null) h.observe(Math.max(0, d.toMillis()) / 1000.0);
  }
}

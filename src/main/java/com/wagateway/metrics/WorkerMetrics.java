package com.wagateway.metrics;

import com.wagateway.queue.WorkerEvents;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/** Sends by result, send duration and claim latency, fed by the worker as it goes. */
public final class WorkerMetrics implements WorkerEvents {
  private static final double NANOS_PER_SECOND = 1e9;

  private final Counter sends;
  private final Histogram sendDuration;
  private final Histogram claimDuration;
  private final Counter claimed;

  public WorkerMetrics(PrometheusRegistry registry) {
    sends =
        Counter.builder()
            .name("wa_sends_total")
            .help(
                "Send attempts by what was recorded: sent, failed (permanently), retried (transient"
                    + " failure, due again later), unconfirmed (handed to WhatsApp, no tick seen;"
                    + " never sent again by itself) or lost (the claim was taken back meanwhile)")
            .labelNames("result")
            .register(registry);
    for (SendOutcome o : SendOutcome.values()) sends.labelValues(o.label());
    sendDuration =
        Histogram.builder()
            .name("wa_send_duration_seconds")
            .help("Time the sender took for one message (browser round trip with WhatsApp Web)")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
            .labelNames("result")
            .register(registry);
    claimDuration =
        Histogram.builder()
            .name("wa_claim_duration_seconds")
            .help("Time of one claim statement (SELECT ... FOR UPDATE SKIP LOCKED + UPDATE)")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5)
            .register(registry);
    claimed =
        Counter.builder()
            .name("wa_claimed_messages_total")
            .help("Messages claimed by this instance's worker")
            .register(registry);
  }

  @Override
  public void claimed(int count, long nanos) {
    claimDuration.observe(nanos / NANOS_PER_SECOND);
    claimed.inc(count);
  }

  @Override
  public void sendFinished(SendOutcome outcome, long nanos) {
    sends.labelValues(outcome.label()).inc();
    sendDuration.labelValues(outcome.label()).observe(nanos / NANOS_PER_SECOND);
  }
}

package com.wagateway.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * The two connection pools (api, worker), read from HikariCP's pool bean at scrape time. HikariCP's
 * own Prometheus tracker targets the old simpleclient, so these are plain gauges.
 */
public final class PoolMetrics {

  private PoolMetrics() {}

  public static void register(PrometheusRegistry registry, List<HikariDataSource> pools) {
    GaugeWithCallback.builder()
        .name("wa_db_pool_connections")
        .help(
            "Database connections per pool: active (in use), idle, pending (threads waiting for"
                + " one), total and max")
        .labelNames("pool", "state")
        .callback(
            cb -> {
              for (HikariDataSource pool : pools) {
                HikariPoolMXBean bean = pool.getHikariPoolMXBean();
                if (bean == null) continue; // not started yet or closed
                String name = pool.getPoolName();
                cb.call(bean.getActiveConnections(), name, "active");
                cb.call(bean.getIdleConnections(), name, "idle");
                cb.call(bean.getThreadsAwaitingConnection(), name, "pending");
                cb.call(bean.getTotalConnections(), name, "total");
                cb.call(pool.getMaximumPoolSize(), name, "max");
              }
            })
        .register(registry);
  }
}

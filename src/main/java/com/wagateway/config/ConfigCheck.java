package com.wagateway.config;

import java.time.Duration;

/**
 * Settings checked against each other, as HikariCP checks its own: each value may be fine alone
 * while two together cannot both be meant. The first contradiction stops start-up with one line
 * naming both variables and what to change.
 */
public final class ConfigCheck {

  private ConfigCheck() {}

  /** Contradictions visible in the settings alone; called once they are read. */
  public static void settings(Config config) {
    Config.Worker worker = config.worker();
    leaseCoversASend(worker, config.whatsapp());
    if (worker.retryBaseDelay().compareTo(worker.retryMaxDelay()) > 0) {
      throw new ConfigException(
          "WA_WORKER_RETRY_DELAY="
              + Settings.format(worker.retryBaseDelay())
              + " is above WA_WORKER_RETRY_MAX_DELAY="
              + Settings.format(worker.retryMaxDelay())
              + ": the first retry would wait longer than any retry may; lower the first or raise"
              + " the second");
    }
    sessionLease(config);
    Config.Api api = config.api();
    if (api.quotaPerMinute() > 0
        && api.quotaPerDay() > 0
        && api.quotaPerMinute() > api.quotaPerDay()) {
      throw new ConfigException(
          "WA_QUOTA_PER_MINUTE="
              + api.quotaPerMinute()
              + " is above WA_QUOTA_PER_DAY="
              + api.quotaPerDay()
              + ": a day's quota would be used up within a minute; lower the first or raise the"
              + " second (0 is no limit)");
    }
    webhooks(config.webhooks());
    Config.Database database = config.database();
    if (database.embedded() && (database.user() != null || database.password() != null)) {
      throw new ConfigException(
          (database.user() != null ? "WA_DATABASE_USER" : "WA_DATABASE_PASSWORD")
              + " is set but WA_DATABASE_URL is not, so the embedded PostgreSQL would start and"
              + " ignore it; set WA_DATABASE_URL too, or unset both");
    }
    if (database.embedded()
        && (database.pooler() != Config.Pooler.NONE || database.migrationUrl() != null)) {
      throw new ConfigException(
          (database.migrationUrl() != null ? "WA_DATABASE_MIGRATION_URL" : "WA_DATABASE_POOLER")
              + " is set but WA_DATABASE_URL is not: the embedded PostgreSQL has no pooler in"
              + " front of it; set WA_DATABASE_URL to the pooler's address, or unset it");
    }
  }

  private static void webhooks(Config.Webhooks webhooks) {
    if (webhooks.sessionUrl() != null && webhooks.sessionSecret() == null) {
      throw new ConfigException(
          "WA_SESSION_WEBHOOK_URL is set but WA_SESSION_WEBHOOK_SECRET is not: session events are"
              + " signed with it; set it to whsec_ and the base64 of random bytes (echo"
              + " whsec_$(openssl rand -base64 24))");
    }
    if (webhooks.keep().compareTo(webhooks.maxAge()) < 0) {
      throw new ConfigException(
          "WA_WEBHOOK_KEEP="
              + Settings.format(webhooks.keep())
              + " is below WA_WEBHOOK_MAX_AGE="
              + Settings.format(webhooks.maxAge())
              + ": events would be purged while still being delivered; raise the first or lower"
              + " the second");
    }
    if (webhooks.retryDelay().compareTo(webhooks.retryMaxDelay()) > 0) {
      throw new ConfigException(
          "WA_WEBHOOK_RETRY_DELAY="
              + Settings.format(webhooks.retryDelay())
              + " is above WA_WEBHOOK_RETRY_MAX_DELAY="
              + Settings.format(webhooks.retryMaxDelay())
              + "; lower the first or raise the second");
    }
  }

  /**
   * The pools against the connections the database takes ({@code max_connections} less the slots it
   * keeps for superusers); called once connected. Other instances and tools need connections too,
   * so fitting is the least that must hold.
   */
  public static void pools(Config.Database database, int maxConnections, int reserved) {
    int available = maxConnections - reserved;
    int wanted = database.poolSize() + database.workerPoolSize();
    if (wanted > available) {
      throw new ConfigException(
          "WA_DATABASE_POOL_SIZE="
              + database.poolSize()
              + " and WA_WORKER_DATABASE_POOL_SIZE="
              + database.workerPoolSize()
              + " ask for "
              + wanted
              + " connections but the database takes "
              + available
              + " (max_connections="
              + maxConnections
              + (reserved > 0 ? ", " + reserved + " kept for superusers" : "")
              + "); lower the pool sizes or raise max_connections");
    }
  }

  /**
   * The heartbeat renews leases while a send runs, but a lease that one send can outlast would be
   * lost to any pause of the heartbeat.
   */
  private static void leaseCoversASend(Config.Worker worker, Config.WhatsApp whatsapp) {
    Duration longest;
    String from;
    if (worker.sender() == Config.SenderKind.WHATSAPP_WEB) {
      longest = whatsapp.longestSend();
      from =
          "WA_SEND_INTERVAL + WA_SEND_JITTER + WA_PAGE_LOAD_TIMEOUT + WA_SEND_TIMEOUT + "
              + Settings.format(Config.WhatsApp.SEND_SLACK);
    } else {
      longest = worker.logSenderDelay();
      from = "WA_LOG_SENDER_DELAY";
    }
    if (worker.lease().compareTo(longest) <= 0) {
      throw new ConfigException(
          "WA_WORKER_LEASE="
              + Settings.format(worker.lease())
              + " is not longer than the longest a send may take ("
              + Settings.format(longest)
              + " = "
              + from
              + "); raise WA_WORKER_LEASE or lower those");
    }
  }

  /**
   * A session's lease is renewed every third of it; a save interval shorter than the lease would
   * write a profile of hundreds of kilobytes more often than the instance even proves it is alive.
   */
  private static void sessionLease(Config config) {
    Config.Sessions sessions = config.sessions();
    if (sessions.profileSaveInterval().compareTo(sessions.lease()) < 0) {
      throw new ConfigException(
          "WA_PROFILE_SAVE_INTERVAL="
              + Settings.format(sessions.profileSaveInterval())
              + " is below WA_SESSION_LEASE="
              + Settings.format(sessions.lease())
              + ": the saved login would be written more often than the lease is renewed; raise"
              + " WA_PROFILE_SAVE_INTERVAL or lower WA_SESSION_LEASE");
    }
  }
}

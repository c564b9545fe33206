package com.wagateway.support;

import com.wagateway.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Configuration for a service under test: its own database, a random port, no pacing. Quotas keep
 * the service's defaults, so the API runs as deployed; a test that sends more sets its own.
 */
public final class TestConfig {

  private TestConfig() {}

  public static Map<String, String> env(TestDatabase db, Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("WA_DATABASE_URL", db.url());
    env.put("WA_HTTP_HOST", "127.0.0.1");
    env.put("WA_HTTP_PORT", "0");
    env.put("WA_SENDER", "log");
    env.put("WA_DATA_DIR", dataDir.toString());
    env.put("WA_WORKER_POLL_INTERVAL", "50ms");
    env.put("WA_WORKER_RETRY_DELAY", "0s");
    env.put("WA_SEND_INTERVAL", "0s");
    env.put("WA_SEND_JITTER", "0s");
    return env;
  }

  public static Config config(TestDatabase db, Path dataDir, Map<String, String> overrides) {
    Map<String, String> env = env(db, dataDir);
    env.putAll(overrides);
    return Config.from(env);
  }
}

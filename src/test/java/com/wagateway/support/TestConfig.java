package com.wagateway.support;

import com.wagateway.config.Config;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Configuration for a service under test: its own database, a random port, no pacing. */
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
    // No quotas unless a test asks for them: most tests send more than a person would.
    env.put("WA_QUOTA_PER_MINUTE", "0");
    env.put("WA_QUOTA_PER_DAY", "0");
    return env;
  }

  public static Config config(TestDatabase db, Path dataDir, Map<String, String> overrides) {
    Map<String, String> env = env(db, dataDir);
    env.putAll(overrides);
    return Config.from(env);
  }
}

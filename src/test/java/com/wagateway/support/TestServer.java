package com.wagateway.support;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** A running server on its own fresh database, with helpers to make clients: one per test class. */
public final class TestServer implements AutoCloseable {
  public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghij";

  private final TestDatabase db;
  private final App app;
  private final Api api;
  private int clients;

  private TestServer(TestDatabase db, App app) {
    this.db = db;
    this.app = app;
    this.api = new Api(app.httpPort());
  }

  public static TestServer start(Class<?> testClass) {
    return start(testClass, Map.of());
  }

  public static TestServer start(Class<?> testClass, Map<String, String> overrides) {
    return start(testClass, db -> overrides);
  }

  /** As {@link #start(Class, Map)}, with settings that depend on the fresh database. */
  public static TestServer start(
      Class<?> testClass, Function<TestDatabase, Map<String, String>> overrides) {
    TestDatabase db = TestDatabase.create(testClass);
    try {
      Path dir = Files.createTempDirectory("wa-" + testClass.getSimpleName());
      Map<String, String> env = new HashMap<>();
      env.put("WA_ADMIN_TOKEN", ADMIN_TOKEN);
      env.putAll(overrides.apply(db));
      return new TestServer(db, App.serve(TestConfig.config(db, dir, env)));
    } catch (IOException e) {
      db.close();
      throw new UncheckedIOException(e);
    }
  }

  public Api api() {
    return api;
  }

  public TestDatabase db() {
    return db;
  }

  public App app() {
    return app;
  }

  /** Creates a client with a fresh name and the service's default quotas; answers its API key. */
  public String newClientKey(String prefix) {
    return newClientKey(prefix, null, null);
  }

  /**
   * A client with its own quotas (messages per minute and per day; 0 is no limit), for tests that
   * send more than the defaults allow.
   */
  public synchronized String newClientKey(String prefix, Integer perMinute, Integer perDay) {
    return new ClientService(db.dsl())
        .create(prefix + "-" + (++clients), null, perMinute, perDay)
        .apiKey();
  }

  @Override
  public void close() {
    app.close();
    db.close();
  }
}

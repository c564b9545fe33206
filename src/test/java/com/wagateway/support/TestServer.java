package com.wagateway.support;

import com.wagateway.App;
import com.wagateway.client.ClientService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

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
    TestDatabase db = TestDatabase.create(testClass);
    try {
      Path dir = Files.createTempDirectory("wa-" + testClass.getSimpleName());
      Map<String, String> env = new HashMap<>();
      env.put("WA_ADMIN_TOKEN", ADMIN_TOKEN);
      env.putAll(overrides);
      return new TestServer(db, App.serve(TestConfig.config(db, dir, env)));
    } catch (java.io.IOException e) {
      db.close();
      throw new java.io.UncheckedIOException(e);
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

  /** Creates a client with a fresh name and answers its API key. */
  public synchronized String newClientKey(String prefix) {
    return new ClientService(db.dsl()).create(prefix + "-" + (++clients), null).apiKey();
  }

  @Override
  public void close() {
    app.close();
    db.close();
  }
}

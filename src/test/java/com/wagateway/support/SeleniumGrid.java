package com.wagateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Selenium Grid (standalone: router, distributor and one node in one process) started as a
 * child process, whose node drives this machine's Chromium and ChromeDriver. The grid runs on the
 * Selenium modules of its own release (see {@code src/test/grid/pom.xml}); Maven resolves that
 * class path once into {@code target/}. Selenium Manager is off, so nothing is downloaded.
 */
public final class SeleniumGrid implements AutoCloseable {
  private static final Path GRID_POM = Path.of("src", "test", "grid", "pom.xml");
  private static final Path CLASSPATH = Path.of("target", "selenium-grid", "classpath.txt");

  private final Process process;
  private final int port;
  private final Path tmp;
  private final Path log;

  private SeleniumGrid(Process process, int port, Path tmp, Path log) {
    this.process = process;
    this.port = port;
    this.tmp = tmp;
    this.log = log;
  }

  /** Starts the grid in {@code dir} and waits until its node is ready for a session. */
  public static SeleniumGrid start(Path dir) throws IOException, InterruptedException {
    String classpath = classpath();
    Path config = dir.resolve("grid.toml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "[node]",
            "detect-drivers = false",
            "selenium-manager = false",
            "[[node.driver-configuration]]",
            "display-name = \"Chromium\"",
            "webdriver-executable = \"/usr/bin/chromedriver\"",
            "max-sessions = 1",
            "stereotype = '{\"browserName\": \"chrome\", \"goog:chromeOptions\":"
                + " {\"binary\": \"/usr/bin/chromium\"}}'",
            ""));
    Path tmp = Files.createDirectories(dir.resolve("grid-tmp"));
    Path log = dir.resolve("grid.log");
    int port = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // Where the node keeps the files uploaded to it: the test looks there.
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                classpath,
                "org.openqa.selenium.grid.Main",
                "standalone",
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--selenium-manager",
                "false",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("SE_MANAGER", "false");
    SeleniumGrid grid = new SeleniumGrid(pb.start(), port, tmp, log);
    try {
      grid.awaitReady();
    } catch (RuntimeException | Error e) {
      grid.close();
      throw e;
    }
    return grid;
  }

  /** The grid's address, as {@code WA_SELENIUM_URL} takes it. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The grid process's temporary directory, where its node writes uploaded files. */
  public Path tmp() {
    return tmp;
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest status =
        HttpRequest.newBuilder(URI.create(url() + "/status"))
            .timeout(Duration.ofSeconds(5))
            .build();
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(
              () -> {
                if (!process.isAlive()) throw new AssertionError("the grid exited");
                String body = http.send(status, HttpResponse.BodyHandlers.ofString()).body();
                return body.replace(" ", "").contains("\"ready\":true");
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("The Selenium Grid did not become ready; its log:\n" + logText(), e);
    }
  }

  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** The grid's own class path, asked of Maven once and kept under target/. */
  private static String classpath() throws IOException, InterruptedException {
    if (!Files.isRegularFile(CLASSPATH)) {
      Path out = Path.of("target", "selenium-grid", "maven.log");
      Files.createDirectories(out.getParent());
      Process mvn =
          new ProcessBuilder(
                  List.of(
                      "mvn",
                      "-B",
                      "-q",
                      "-f",
                      GRID_POM.toString(),
                      "dependency:build-classpath",
                      "-Dmdep.outputFile=" + CLASSPATH.toAbsolutePath()))
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!mvn.waitFor(5, TimeUnit.MINUTES) || mvn.exitValue() != 0) {
        mvn.destroyForcibly();
        throw new AssertionError(
            "Maven could not resolve the Selenium Grid's class path: " + Files.readString(out));
      }
    }
    return Files.readString(CLASSPATH).strip();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    // The node's ChromeDriver and Chromium are the grid's children: end them with it.
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}

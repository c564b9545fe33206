package com.wagateway.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The service as a separate operating-system process ({@code Main serve}, on the test class path),
 * so a test can kill it with SIGKILL or stop it with SIGTERM as an operator would.
 */
public final class ServiceProcess implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http:(?:\\\\/|/){2}127\\.0\\.0\\.1:(\\d+)");

  private final Process process;
  private final Path log;
  private int port = -1;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code serve} with these environment variables (on top of none of the test JVM's WA_*).
   */
  public static ServiceProcess start(String name, Map<String, String> env, Path dir) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path")));
    // The test class path carries logback-test.xml (quiet); the service's own file logs each
    // message. WA_LOG_FORMAT=json picks logback-json.xml by itself.
    if (!"json".equals(env.get("WA_LOG_FORMAT")))
      command.add("-Dlogback.configurationFile=logback.xml");
    command.addAll(List.of("com.wagateway.cli.Main", "serve"));
    Path log = dir.resolve(name + ".log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("WA_"));
    pb.environment().putAll(env);
    try {
      return new ServiceProcess(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * How long a test waits for a service process to start: a JVM, a database and perhaps a browser
   * starting on a loaded machine. A wait for it to happen, not a limit on how fast it happens.
   */
  public static final Duration STARTUP = Duration.ofMinutes(3);

  /** Waits until the HTTP port is open and {@code /health/ready} answers 200. */
  public ServiceProcess awaitReady(Duration timeout) {
    try {
      await("service ready").atMost(timeout).pollInterval(Duration.ofMillis(50)).until(this::ready);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException("Service not ready within " + timeout + ":\n" + log(), e);
    }
    return this;
  }

  private boolean ready() {
    if (!process.isAlive()) throw new IllegalStateException("Service exited early:\n" + log());
    if (port < 0) {
      Matcher m = LISTENING.matcher(log());
      if (!m.find()) return false;
      port = Integer.parseInt(m.group(1));
    }
    try {
      return new Api(port).get("/health/ready").send().status() == 200;
    } catch (UncheckedIOException notYet) {
      return false;
    }
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * SIGKILL: no shutdown hook runs, claimed rows stay {@code sending} until their lease expires.
   */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then waits for the process to exit; returns its exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "Service did not stop within " + timeout + " after SIGTERM:\n" + log());
    }
    return process.exitValue();
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) process.destroyForcibly();
  }
}

package com.wagateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes when each test class started and ended to {@code target/class-timeline.txt} (seconds since
 * the run began: start, end, duration, class, outcome, local time), to see where a run's time goes
 * and which classes ran side by side; a class waiting for a browser slot counts from when it began
 * waiting. Registered through {@code META-INF/services}.
 */
public final class ClassTimeline implements TestExecutionListener {
  private final Map<String, Long> started = new ConcurrentHashMap<>();
  private long planStart;

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    planStart = System.nanoTime();
  }

  @Override
  public void executionStarted(TestIdentifier id) {
    if (id.getSource().orElse(null) instanceof ClassSource c)
      started.put(c.getClassName(), System.nanoTime());
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    if (!(id.getSource().orElse(null) instanceof ClassSource c)) return;
    Long s = started.get(c.getClassName());
    if (s == null) return;
    long now = System.nanoTime();
    String line =
        String.format(
            "%7.1f %7.1f %6.1f %s %s %s%n",
            (s - planStart) / 1e9,
            (now - planStart) / 1e9,
            (now - s) / 1e9,
            c.getClassName(),
            result.getStatus(),
            java.time.LocalTime.now());
    try {
      Path out = Path.of("target", "class-timeline.txt");
      Files.writeString(
          out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

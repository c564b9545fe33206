package com.wagateway.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.wagateway.support.Api;
import com.wagateway.support.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the heap growth while ten clients upload 100 MB each at once (the bodies are generated as
 * they are sent, so the client side holds none of them): the peak heap in use, and the most the
 * heap held right after a collection (what the uploads really keep). Server and clients share this
 * JVM. Not a timed test: skipped unless run as {@code mvn -q test -Dtest=MediaUploadBenchmark
 * -Dbench=true [-Dbench.uploads=10 -Dbench.mb=100]}.
 */
@Tag("benchmark")
class MediaUploadBenchmark {

  @Test
  void printHeapGrowthDuringConcurrentUploads() throws Exception {
    assumeTrue(Boolean.getBoolean("bench"), "benchmark: run with -Dbench=true");
    int uploads = Integer.getInteger("bench.uploads", 10);
    long bytes = Integer.getInteger("bench.mb", 100) * 1_000_000L;
    try (TestServer server =
        TestServer.start(
            MediaUploadBenchmark.class,
            Map.of("WA_MEDIA_DATABASE_POOL_SIZE", Integer.toString(uploads)))) {
      Api api = server.api();
      List<String> keys = new ArrayList<>();
      for (int i = 0; i < uploads; i++) keys.add(server.newClientKey("bench"));
      MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
      System.gc();
      long baseline = memory.getHeapMemoryUsage().getUsed();
      AtomicLong peak = new AtomicLong(baseline);
      AtomicLong peakAfterGc = new AtomicLong();
      long baselineRss = residentBytes();
      AtomicLong peakRss = new AtomicLong(baselineRss);
      AtomicBoolean running = new AtomicBoolean(true);
      Thread sampler =
          new Thread(
              () -> {
                while (running.get()) {
                  peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                  peakAfterGc.accumulateAndGet(afterLastCollection(), Math::max);
                  peakRss.accumulateAndGet(residentBytes(), Math::max);
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.start();
      long started = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(uploads);
      List<Future<Api.Response>> answers = new ArrayList<>();
      for (int i = 0; i < uploads; i++) {
        String key = keys.get(i);
        long seed = i;
        answers.add(
            pool.submit(
                () ->
                    api.post("/media?filename=big-" + seed + ".pdf")
                        .key(key)
                        .header("Content-Type", "application/pdf")
                        .body(
                            HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new GeneratedPdf(bytes, seed)),
                                bytes))
                        .send()));
      }
      for (Future<Api.Response> answer : answers) {
        Api.Response r = answer.get(30, TimeUnit.MINUTES);
        assertEquals(201, r.status(), r.body());
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      running.set(false);
      sampler.join();
      pool.shutdown();
      System.out.printf(
          "%n=== %d concurrent uploads of %d MB (max heap %d MB) ===%n"
              + "took %.1f s (%.1f MB/s in all)%n"
              + "heap in use: baseline %d MB, peak %d MB (growth %d MB, garbage included)%n"
              + "heap after a collection: at most %d MB (growth %d MB)%n"
              + "resident memory (RSS) of the JVM: baseline %d MB, peak %d MB (growth %d MB)%n",
          uploads,
          bytes / 1_000_000,
          Runtime.getRuntime().maxMemory() >> 20,
          seconds,
          uploads * bytes / 1e6 / seconds,
          baseline >> 20,
          peak.get() >> 20,
          (peak.get() - baseline) >> 20,
          peakAfterGc.get() >> 20,
          (peakAfterGc.get() - baseline) >> 20,
          baselineRss >> 20,
          peakRss.get() >> 20,
          (peakRss.get() - baselineRss) >> 20);
    }
  }

  /** This JVM's resident set, from {@code /proc/self/status} (0 where there is none). */
  private static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  private static long afterLastCollection() {
    long total = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        total += pool.getCollectionUsage().getUsed();
      }
    }
    return total;
  }

  /** A PDF-headed stream of {@code size} bytes, made as it is read. */
  private static final class GeneratedPdf extends InputStream {
    private final long size;
    private long position;
    private long state;

    GeneratedPdf(long size, long seed) {
      this.size = size;
      this.state = seed * 0x9E3779B97F4A7C15L + 1;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) return -1;
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        long p = position + i;
        if (p < 5) {
          b[off + i] = (byte) "%PDF-".charAt((int) p);
        } else {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
          b[off + i] = (byte) state;
        }
      }
      position += n;
      return n;
    }
  }
}

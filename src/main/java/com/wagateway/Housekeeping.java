package com.wagateway;

import com.wagateway.media.MediaRetention;
import com.wagateway.message.Idempotency;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic clean-up that no request waits for: expired idempotency keys; files no message needs any
 * more (WA_MEDIA_RETENTION).
 */
final class Housekeeping implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("housekeeping"));

  Housekeeping(Idempotency idempotency, MediaRetention media) {
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            int purged;
            int total = 0;
            do {
              purged = media.purge();
              total += purged;
            } while (purged > 0 && !Thread.currentThread().isInterrupted());
            if (total > 0)
              log.info(
                  "Deleted the files of {} media that no message has needed for {}"
                      + " (WA_MEDIA_RETENTION)",
                  total,
                  media.retention());
          } catch (RuntimeException e) {
            log.warn("Deleting expired media failed; will try again: {}", e.getMessage());
          }
        },
        2,
        60,
        TimeUnit.MINUTES);
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            int purged = idempotency.purgeExpired();
            if (purged > 0)
              log.info(
                  "Purged {} idempotency keys older than {} h",
                  purged,
                  Idempotency.RETENTION.toHours());
          } catch (RuntimeException e) {
            log.warn("Purging idempotency keys failed; will try again: {}", e.getMessage());
          }
        },
        1,
        60,
        TimeUnit.MINUTES);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}

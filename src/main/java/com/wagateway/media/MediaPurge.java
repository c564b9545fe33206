package com.wagateway.media;

import com.wagateway.maintenance.MaintenanceTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes, batch after batch, the files no message has needed for WA_MEDIA_RETENTION. */
public final class MediaPurge implements MaintenanceTask {
  private static final Logger log = LoggerFactory.getLogger(MediaPurge.class);

  private final MediaRetention media;

  public MediaPurge(MediaRetention media) {
    this.media = media;
  }

  @Override
  public String name() {
    return "media purge";
  }

  @Override
  public Duration interval() {
    return Duration.ofHours(1);
  }

  @Override
  public Duration firstRunAfter() {
    return Duration.ofMinutes(2);
  }

  @Override
  public void runOnce() {
    int purged;
    int total = 0;
    do {
      purged = media.purge();
      total += purged;
    } while (purged > 0 && !Thread.currentThread().isInterrupted());
    if (total > 0)
      log.info(
          "Deleted the files of {} media that no message has needed for {} (WA_MEDIA_RETENTION)",
          total,
          media.retention());
  }
}

package com.wagateway.queue;

/** What one pass over the queue did. */
public record DrainResult(int sent, int failed, int retried, int unconfirmed) {
  public static final DrainResult NONE = new DrainResult(0, 0, 0, 0);

  public DrainResult plus(DrainResult other) {
    return new DrainResult(
        sent + other.sent,
        failed + other.failed,
        retried + other.retried,
        unconfirmed + other.unconfirmed);
  }

  public int total() {
    return sent + failed + retried + unconfirmed;
  }
}

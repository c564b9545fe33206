package com.wagateway.message;

import com.wagateway.maintenance.DaemonThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests that arrive together are written together. A writer takes the first waiting request,
 * gathers those that arrive within {@code gather} of it (stopping at {@code maxMessages}), and
 * stores them in one transaction with one commit, so a burst costs one disk flush per group rather
 * than one per request. A lone request waits at most the gather window plus its own commit.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);
  // Tells a writer to stop once it reaches this in the queue.
  private static final Submission STOP =
      new Submission(null, List.of(), false, null, null, null, 0);

  private final BlockingQueue<Submission> waiting = new LinkedBlockingQueue<>();
  private final GroupCommitWriter writer;
  private final long gatherNanos;
  private final int maxMessages;
  private final long maxWaitNanos;
  private final List<Thread> writers = new ArrayList<>();
  private volatile boolean closed;

  GroupCommit(
      GroupCommitWriter writer,
      Duration gather,
      int maxMessages,
      int writerThreads,
      Duration maxWait) {
    this.writer = writer;
    this.gatherNanos = gather.toNanos();
    this.maxMessages = maxMessages;
    this.maxWaitNanos = maxWait.toNanos();
    for (int i = 0; i < writerThreads; i++) {
      Thread t = DaemonThreads.thread(this::run, "message-intake-" + (i + 1));
      writers.add(t);
      t.start();
    }
  }

  CompletableFuture<Outcome> submit(Submission s) {
    if (closed) {
      s.outcome()
          .completeExceptionally(
              new StoreFailedException("The service is stopping; nothing was stored", null, false));
    } else {
      waiting.add(s);
    }
    return s.outcome();
  }

  private void run() {
    Submission next = null;
    while (true) {
      Submission first = next != null ? next : take();
      next = null;
      if (first == STOP) return;
      if (waitedTooLong(first)) continue;
      List<Submission> group = new ArrayList<>();
      group.add(first);
      int messages = first.drafts().size();
      long deadline = System.nanoTime() + gatherNanos;
      while (messages < maxMessages) {
        Submission more = poll(deadline);
        if (more == null) break;
        if (more == STOP || messages + more.drafts().size() > maxMessages) {
          next = more;
          break;
        }
        if (waitedTooLong(more)) continue;
        group.add(more);
        messages += more.drafts().size();
      }
      writer.write(group);
    }
  }

  /**
   * A request that waited longer than its database allows (the writer was stuck in a slow database)
   * is answered 503 without being stored: its caller may have given up and sent it again.
   */
  private boolean waitedTooLong(Submission s) {
    long waited = System.nanoTime() - s.arrivedNanos();
    if (waited <= maxWaitNanos) return false;
    log.warn(
        "A request waited {} ms for its group, longer than the database timeout; answered 503,"
            + " nothing stored. Is the database slow?",
        waited / 1_000_000);
    s.outcome()
        .completeExceptionally(
            new StoreFailedException(
                "Waited " + waited / 1_000_000 + " ms for the database; nothing was stored",
                null,
                false));
    return true;
  }

  private Submission take() {
    try {
      return waiting.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return STOP;
    }
  }

  /** The next waiting submission if one comes before {@code deadline}, else null. */
  private Submission poll(long deadline) {
    Submission more = waiting.poll();
    if (more != null) return more;
    long left = deadline - System.nanoTime();
    if (left <= 0) return null;
    try {
      return waiting.poll(left, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return STOP;
    }
  }

  /** Stores what is waiting, then stops the writers; requests after this are refused. */
  @Override
  public void close() {
    closed = true;
    // Behind everything already waiting, so that is stored first.
    for (int i = 0; i < writers.size(); i++) waiting.add(STOP);
    for (Thread t : writers) {
      try {
        t.join(STOP_WAIT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (t.isAlive()) log.warn("{} did not stop within {} s", t.getName(), STOP_WAIT.toSeconds());
    }
    // Submitted as the writers stopped.
    for (Submission s; (s = waiting.poll()) != null; ) {
      if (s == STOP) continue;
      s.outcome()
          .completeExceptionally(
              new StoreFailedException("The service is stopping; nothing was stored", null, false));
    }
  }
}

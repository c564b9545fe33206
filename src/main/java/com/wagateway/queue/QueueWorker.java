package com.wagateway.queue;

import com.wagateway.maintenance.DaemonThreads;
import com.wagateway.maintenance.MaintenanceTask;
import com.wagateway.maintenance.MonotonicClock;
import com.wagateway.queue.OutcomeRecorder.Finished;
import com.wagateway.queue.WorkerEvents.SendOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Claims due messages and hands them, one at a time, to the {@link Sender}. Runs on its own
 * scheduled thread; a {@link Heartbeat} renews the leases of the claims in hand, the one being sent
 * included, and its {@link #leaseRescue()}, run by the service's maintenance, takes back claims
 * whose holder died. Every outcome of a batch is written before the next claim. Leases are on the
 * database's clock; the injected {@link Clock} times the sends.
 */
public final class QueueWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);
  // A send that took this long ends a run of outcomes written together: its own waited long enough.
  private static final long SLOW_SEND_NANOS = 50_000_000;

  private final MessageQueue queue;
  private final Sender sender;
  private final WorkerSettings settings;
  private final WorkerEvents events;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final OutcomeRecorder recorder;
  private final Heartbeat heartbeat;
  private final Map<Long, OutgoingMessage> inHand = new ConcurrentHashMap<>();
  private final Object wakeUp = new Object();
  // Guarded by wakeUp: a wake that came while the loop was draining runs one more round at once,
  // instead of being lost until the next poll.
  private boolean woken;
  private volatile boolean stopping;
  private volatile boolean sending;
  private volatile boolean databaseReachable = true;
  // Set when a database error may have left rows claimed by this instance that it no longer
  // holds in memory; they are taken back before the next claim instead of waiting for the lease.
  private boolean holdsOrphans;

  public QueueWorker(MessageQueue queue, Sender sender, WorkerSettings settings) {
    this(queue, sender, settings, WorkerEvents.NONE);
  }

  public QueueWorker(
      MessageQueue queue, Sender sender, WorkerSettings settings, WorkerEvents events) {
    this(queue, sender, settings, events, MonotonicClock.fromNow());
  }

  public QueueWorker(
      MessageQueue queue,
      Sender sender,
      WorkerSettings settings,
      WorkerEvents events,
      Clock clock) {
    this.clock = clock;
    this.queue = queue;
    this.sender = sender;
    this.settings = settings;
    this.events = events;
    this.recorder = new OutcomeRecorder(queue, settings, this::reachable);
    this.heartbeat = new Heartbeat(queue, settings.lease(), inHand.values(), this::reachable);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("queue-worker"));
  }

  public void start() {
    heartbeat.start();
    scheduler.execute(this::pollLoop);
    log.info(
        "Queue worker {} started: polling every {} ms, batches of {}, lease {} ms renewed every {}"
            + " ms, {} attempts",
        queue.claimant(),
        settings.pollInterval().toMillis(),
        settings.batchSize(),
        settings.lease().toMillis(),
        settings.lease().toMillis() / 3,
        settings.maxAttempts());
  }

  /**
   * Takes back the claims of instances that stopped answering; the service's maintenance runs it
   * every half lease and it wakes this worker when it took any back.
   */
  public MaintenanceTask leaseRescue() {
    return new LeaseRescue(queue, settings, this::wake);
  }

  /** Wakes the poll loop early, e.g. when a message was just enqueued. */
  public void wake() {
    synchronized (wakeUp) {
      woken = true;
      wakeUp.notifyAll();
    }
  }

  /** True while a message is in the sender's hands. */
  public boolean isSending() {
    return sending;
  }

  public boolean isDatabaseReachable() {
    return databaseReachable;
  }

  private void reachable(boolean reachable) {
    databaseReachable = reachable;
  }

  /**
   * Sends everything due now and returns what happened; stops early when the sender is not ready or
   * the worker is stopping. Used by the poll loop and by {@code process-queue}.
   */
  public DrainResult drain() {
    DrainResult total = DrainResult.NONE;
    while (!stopping && sender.ready()) {
      if (holdsOrphans) {
        MessageQueue.Recovered released = queue.releaseOrphanedClaims();
        holdsOrphans = false;
        if (released.total() > 0) {
          log.warn(
              "Took back {} messages this instance had claimed and lost track of (a claim or"
                  + " batch cut short by a database error): {} due again at once (they had not"
                  + " reached WhatsApp), {} unconfirmed (they may have)",
              released.total(),
              released.pending(),
              released.unconfirmed());
        }
      }
      Instant started = clock.instant();
      List<OutgoingMessage> batch;
      try {
        SessionScope scope = sender.scope();
        if (scope.empty()) break;
        batch = queue.claim(settings.batchSize(), settings.lease(), scope);
      } catch (RuntimeException e) {
        // The claim may have committed at the server with its answer lost on the way back.
        holdsOrphans = true;
        throw e;
      }
      events.claimed(batch.size(), nanosSince(started));
      databaseReachable = true;
      if (batch.isEmpty()) break;
      DrainResult sent;
      try {
        sent = sendBatch(batch);
      } catch (RuntimeException e) {
        holdsOrphans = true;
        throw e;
      }
      total = total.plus(sent);
      // Fewer than asked and none put back for a retry: nothing else is due. A message stored
      // since the claim wakes the loop, which comes back at once; asking again now would cost a
      // claim after every burst.
      if (batch.size() < settings.batchSize() && sent.retried() == 0) break;
    }
    return total;
  }

  private DrainResult sendBatch(List<OutgoingMessage> batch) {
    batch.forEach(m -> inHand.put(m.id(), m));
    Tally tally = new Tally();
    // A dry run has no point of no return: its handoff is written with its outcome, and a run of
    // fast sends is written as one statement. A sender that reaches people writes each at once.
    boolean writeInRuns = !sender.reachesPeople();
    List<Finished> run = new ArrayList<>();
    try {
      for (OutgoingMessage message : batch) {
        if (stopping) break;
        // A session that stopped being ready holds back its own messages only.
        if (!sender.ready(message.session())) continue;
        Finished finished = send(message);
        if (writeInRuns && finished.result() instanceof SendResult.Sent) {
          run.add(finished);
          if (finished.nanos() >= SLOW_SEND_NANOS) writeRun(run, tally);
          continue;
        }
        writeRun(run, tally);
        SendOutcome outcome = withSession(message, () -> recorder.record(finished));
        finishedWith(finished, outcome, tally);
      }
      writeRun(run, tally);
      if (!inHand.isEmpty()) {
        int released = queue.releaseUnsent(List.copyOf(inHand.values()));
        log.info(
            "Handed {} claimed messages back to the queue unsent ({})",
            released,
            stopping ? "stopping" : "their session is " + sender.state());
      }
    } finally {
      inHand.clear();
    }
    return tally.result();
  }

  /** Writes the outcomes of a run of sends, if any, and empties it. */
  private void writeRun(List<Finished> run, Tally tally) {
    if (run.isEmpty()) return;
    List<SendOutcome> outcomes = recorder.recordSent(run);
    for (int i = 0; i < run.size(); i++) finishedWith(run.get(i), outcomes.get(i), tally);
    run.clear();
  }

  private void finishedWith(Finished finished, SendOutcome outcome, Tally tally) {
    inHand.remove(finished.message().id());
    events.sendFinished(outcome, finished.nanos());
    tally.add(outcome);
  }

  /** Counts a batch's outcomes. */
  private static final class Tally {
    private int sent;
    private int failed;
    private int retried;
    private int unconfirmed;

    void add(SendOutcome outcome) {
      switch (outcome) {
        case SENT -> sent++;
        case FAILED -> failed++;
        case RETRIED -> retried++;
        case UNCONFIRMED -> unconfirmed++;
        case LOST -> {}
      }
    }

    DrainResult result() {
      return new DrainResult(sent, failed, retried, unconfirmed);
    }
  }

  private static <T> T withSession(OutgoingMessage message, Supplier<T> work) {
    // Every line about this send, the outcome's included, names the session it leaves from.
    MDC.put("session", message.session());
    try {
      return work.get();
    } finally {
      MDC.remove("session");
    }
  }

  private Finished send(OutgoingMessage message) {
    return withSession(message, () -> sendOfSession(message));
  }

  private Finished sendOfSession(OutgoingMessage message) {
    RecordedHandoff handoff = new RecordedHandoff(message);
    SendResult result;
    Instant started = clock.instant();
    sending = true;
    try {
      result = sender.send(message, handoff);
    } catch (RuntimeException e) {
      // A sender bug must not kill the worker. Before the point of no return it is a transient
      // problem like any other; after it the message may be on the phone.
      String what = e.getClass().getSimpleName() + ": " + e.getMessage();
      log.error("Sender threw while sending message {}", message.id(), e);
      result =
          handoff.begun
              ? SendResult.unconfirmed(
                  "The sender failed after it began handing the message to WhatsApp (" + what + ")")
              : SendResult.transientFailure("Sender error: " + what);
    } finally {
      sending = false;
    }
    return new Finished(message, result, nanosSince(started));
  }

  /** Writes {@code handoff_at} for one claim, once, and remembers that it did. */
  private final class RecordedHandoff implements Handoff {
    private final OutgoingMessage message;
    private boolean begun;

    RecordedHandoff(OutgoingMessage message) {
      this.message = message;
    }

    @Override
    public boolean begin() {
      if (begun) return true;
      if (!sender.reachesPeople()) {
        // Nothing can reach a phone: no point of no return to record before the send. The
        // outcome's write records the handoff with it.
        begun = true;
        return true;
      }
      try {
        if (!queue.markHandoff(message)) {
          log.warn(
              "Message {} is no longer held by this instance (its claim was taken back); not"
                  + " sending it",
              message.id());
          return false;
        }
        databaseReachable = true;
        begun = true;
        return true;
      } catch (RuntimeException e) {
        databaseReachable = false;
        log.warn(
            "Could not record that message {} is about to be sent ({}); not sending it now",
            message.id(),
            e.getMessage());
        return false;
      }
    }
  }

  private long nanosSince(Instant started) {
    return Duration.between(started, clock.instant()).toNanos();
  }

  /**
   * One round of the poll loop: sends what is due now. A database error is logged and answered with
   * nothing sent, as the loop does before it waits for the next round.
   */
  public DrainResult runOnce() {
    try {
      return drain();
    } catch (RuntimeException e) {
      databaseReachable = false;
      log.warn(
          "Queue worker could not claim messages: {}. Retrying in {} ms; check that the"
              + " database is reachable",
          e.getMessage(),
          settings.pollInterval().toMillis());
      return DrainResult.NONE;
    }
  }

  private void pollLoop() {
    while (!stopping) {
      synchronized (wakeUp) {
        woken = false;
      }
      runOnce();
      synchronized (wakeUp) {
        if (stopping) break;
        if (woken) continue;
        try {
          wakeUp.wait(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Stops claiming, lets the message in hand finish, hands the rest of the batch back. */
  @Override
  public void close() {
    stopping = true;
    wake();
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(settings.lease().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
        log.warn(
            "Queue worker did not stop within its lease; its claims will be taken back when their"
                + " leases expire");
        scheduler.shutdownNow();
      }
    } catch (InterruptedException e) {
      scheduler.shutdownNow();
      Thread.currentThread().interrupt();
    }
    // Only now: the message in hand kept its lease until its outcome was written.
    heartbeat.close();
    log.info("Queue worker {} stopped", queue.claimant());
  }
}

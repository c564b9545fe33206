package com.wagateway.support;

import com.wagateway.queue.Handoff;
import com.wagateway.queue.OutgoingMessage;
import com.wagateway.queue.SendResult;
import com.wagateway.queue.Sender;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A sender whose answer per message the test decides, recording every call. Like a real sender it
 * records the point of no return before it "sends", and sends nothing when that fails.
 */
public final class ScriptedSender implements Sender {
  private final Function<OutgoingMessage, SendResult> script;
  private final List<OutgoingMessage> calls = new CopyOnWriteArrayList<>();
  private final Map<Long, AtomicInteger> callsById = new ConcurrentHashMap<>();
  private volatile boolean ready = true;
  private volatile boolean handsOff = true;

  public ScriptedSender(Function<OutgoingMessage, SendResult> script) {
    this.script = script;
  }

  public static ScriptedSender alwaysSent() {
    return new ScriptedSender(m -> SendResult.sent());
  }

  /** A sender whose script runs before its point of no return: it never records the handoff. */
  public ScriptedSender beforeHandoff() {
    handsOff = false;
    return this;
  }

  @Override
  public SendResult send(OutgoingMessage message, Handoff handoff) {
    if (handsOff && !handoff.begin())
      return SendResult.transientFailure("the handoff was not recorded");
    calls.add(message);
    callsById.computeIfAbsent(message.id(), id -> new AtomicInteger()).incrementAndGet();
    return script.apply(message);
  }

  @Override
  public boolean ready() {
    return ready;
  }

  /** A session state from the contract: not ready reads as a session that waits for a scan. */
  @Override
  public String state() {
    return ready ? "ready" : "logged_out";
  }

  public void setReady(boolean ready) {
    this.ready = ready;
  }

  public List<OutgoingMessage> calls() {
    return calls;
  }

  public int callsFor(long id) {
    AtomicInteger n = callsById.get(id);
    return n == null ? 0 : n.get();
  }

  public Map<Long, AtomicInteger> callsById() {
    return callsById;
  }
}

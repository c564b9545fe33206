package com.wagateway.queue;

import java.util.Optional;

/**
 * A sender in front of another (a gate, a file writer): answers every question about readiness and
 * state as the one behind it does, and leaves closing it to its owner. Subclasses add their part to
 * {@link #send}.
 */
public abstract class ForwardingSender implements Sender {
  protected final Sender sender;

  protected ForwardingSender(Sender sender) {
    this.sender = sender;
  }

  @Override
  public boolean ready() {
    return sender.ready();
  }

  @Override
  public SessionScope scope() {
    return sender.scope();
  }

  @Override
  public boolean ready(String session) {
    return sender.ready(session);
  }

  @Override
  public boolean reachesPeople() {
    return sender.reachesPeople();
  }

  @Override
  public String state() {
    return sender.state();
  }

  @Override
  public String detail() {
    return sender.detail();
  }

  @Override
  public boolean answersForWhatsApp() {
    return sender.answersForWhatsApp();
  }

  @Override
  public Optional<NumberChecker> numberChecker() {
    return sender.numberChecker();
  }

  /** The sender behind is closed by its owner, not through the one in front. */
  @Override
  public void close() {}
}

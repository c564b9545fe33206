package com.wagateway.whatsapp;

/**
 * Who uses the account's browser next, sends or number checks, one at a time and each paced like a
 * send. A send waiting always goes first: a check starts only while no send waits, so a due message
 * waits for at most the one check (with its pacing) already under way. Receipt reading comes last
 * and never waits: it takes the browser only when it is free and nobody waits for it, for one short
 * page action, outside the pacing.
 */
final class BrowserTurns {
  private final Pacing pacing;
  private int sendsWaiting;
  private int checksWaiting;
  private boolean busy;

  BrowserTurns(Pacing pacing) {
    this.pacing = pacing;
  }

  /** Waits for the browser and then for the pacing; call {@link #done} afterwards, always. */
  void awaitSendTurn() throws InterruptedException {
    synchronized (this) {
      sendsWaiting++;
      try {
        while (busy) wait();
        busy = true;
      } finally {
        sendsWaiting--;
      }
    }
    paced();
  }

  /** As {@link #awaitSendTurn}, but behind every send that waits. */
  void awaitCheckTurn() throws InterruptedException {
    synchronized (this) {
      checksWaiting++;
      try {
        while (busy || sendsWaiting > 0) wait();
        busy = true;
      } finally {
        checksWaiting--;
      }
    }
    paced();
  }

  /**
   * Takes the browser for one receipt action if it is free and no send or check waits; false
   * otherwise. Call {@link #receiptDone} afterwards when true. Not paced and not counted by pacing.
   */
  synchronized boolean tryReceiptTurn() {
    if (busy || sendsWaiting > 0 || checksWaiting > 0) return false;
    busy = true;
    return true;
  }

  void receiptDone() {
    release();
  }

  private void paced() throws InterruptedException {
    try {
      pacing.awaitTurn();
    } catch (InterruptedException e) {
      release();
      throw e;
    }
  }

  /** The turn is over: the pacing counts from now. */
  void done() {
    pacing.sent();
    release();
  }

  private synchronized void release() {
    busy = false;
    notifyAll();
  }
}

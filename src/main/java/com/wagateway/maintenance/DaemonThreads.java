package com.wagateway.maintenance;

import java.util.concurrent.ThreadFactory;

/**
 * Threads for the service's background work, named for the log lines they write. Daemons: a
 * stopping JVM never waits for them; each part that owns some stops them itself, in order, on a
 * clean shutdown.
 */
public final class DaemonThreads implements ThreadFactory {
  private final String name;

  private DaemonThreads(String name) {
    this.name = name;
  }

  /** A factory whose threads are all called {@code name}. */
  public static DaemonThreads named(String name) {
    return new DaemonThreads(name);
  }

  /** A daemon thread called {@code name}, not started. */
  public static Thread thread(Runnable work, String name) {
    return named(name).newThread(work);
  }

  @Override
  public Thread newThread(Runnable work) {
    Thread t = new Thread(work, name);
    t.setDaemon(true);
    return t;
  }
}

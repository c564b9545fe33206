package com.wagateway.support;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * An Awaitility wait that names no limit waits up to two minutes, not Awaitility's ten seconds: a
 * wait is for something to happen, and on a loaded machine (two copies of the suite side by side,
 * load average 50) it happens late, not never. Registered through {@code META-INF/services}.
 */
public final class PatientWaits implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    Awaitility.setDefaultTimeout(Duration.ofMinutes(2));
  }
}

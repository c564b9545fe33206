package com.wagateway.whatsapp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.BrowserTest;
import com.wagateway.support.ProcessTest;
import com.wagateway.support.ServiceProcess;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A browser never outlives its instance (issue 24): after a SIGKILL of the service, chromedriver
 * and every Chromium process on the session's profile end by themselves, instead of staying logged
 * in until a later start on the profile ends them.
 */
@BrowserTest
@ProcessTest
class BrowserLifetimeTest {

  private static List<ProcessHandle> onProfile(Path profile) {
    String flag = "--user-data-dir=" + profile.toAbsolutePath();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(flag)).orElse(false))
        .toList();
  }

  @Test
  void chromiumAndChromedriverEndWhenTheServiceIsKilled(@TempDir Path dir) throws Exception {
    try (TestDatabase db = TestDatabase.create(BrowserLifetimeTest.class);
        FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast()) {
      Path profile = dir.resolve("profile");
      Map<String, String> env = TestConfig.env(db, dir);
      env.putAll(WhatsAppTestSupport.env(fake, profile));
      try (ServiceProcess service = ServiceProcess.start("lifetime", env, dir)) {
        service.awaitReady(ServiceProcess.STARTUP);
        await().atMost(Duration.ofMinutes(2)).until(() -> fake.client() != null);
        List<ProcessHandle> drivers =
            ProcessHandle.of(service.pid())
                .orElseThrow()
                .descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("chromedriver")).orElse(false))
                .toList();
        assertFalse(drivers.isEmpty(), "chromedriver runs under the service");
        assertFalse(onProfile(profile).isEmpty(), "Chromium runs on the profile");

        service.kill();

        await("no process left on the profile")
            .atMost(Duration.ofSeconds(120))
            .until(() -> onProfile(profile).isEmpty());
        await("chromedriver ended")
            .atMost(Duration.ofSeconds(120))
            .until(() -> drivers.stream().noneMatch(ProcessHandle::isAlive));
        assertTrue(onProfile(profile).isEmpty());
      }
    }
  }
}

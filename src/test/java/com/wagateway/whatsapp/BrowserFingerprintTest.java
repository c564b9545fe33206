package com.wagateway.whatsapp;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wagateway.support.BrowserTest;
import com.wagateway.support.ServiceProcess;
import com.wagateway.support.TestConfig;
import com.wagateway.support.TestDatabase;
import com.wagateway.whatsapp.fake.FakeWhatsAppWeb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the page can see of the browser: not automated ({@code navigator.webdriver} false) and in
 * English whatever the host's locale or the profile's own languages, read by the page itself in the
 * live browser of the service run as an operator runs it: on a host set to Brazilian Portuguese,
 * with a profile first used in Portuguese.
 */
@BrowserTest
class BrowserFingerprintTest {

  @Test
  void pageSeesNoAutomationAndEnglishOnAPortugueseHost(@TempDir Path dir) throws Exception {
    try (TestDatabase db = TestDatabase.create(BrowserFingerprintTest.class);
        FakeWhatsAppWeb fake = FakeWhatsAppWeb.fast()) {
      // A profile first used on a Portuguese desktop keeps its languages in its preferences.
      Path profile = dir.resolve("profile");
      Files.createDirectories(profile.resolve("Default"));
      Files.writeString(
          profile.resolve("Default").resolve("Preferences"),
          "{\"intl\": {\"accept_languages\": \"pt-BR,pt\", \"selected_languages\": \"pt-BR,pt\"}}");
      Map<String, String> env = TestConfig.env(db, dir);
      env.putAll(WhatsAppTestSupport.env(fake, profile));
      env.put("LANG", "pt_BR.UTF-8");
      env.put("LANGUAGE", "pt_BR:pt");
      env.put("LC_ALL", "pt_BR.UTF-8");
      try (ServiceProcess service = ServiceProcess.start("fingerprint", env, dir)) {
        service.awaitReady(ServiceProcess.STARTUP);
        await().atMost(Duration.ofMinutes(2)).until(() -> fake.client() != null);
        // A clean stop closes the browser, which would outlive a killed service.
        service.terminate(Duration.ofSeconds(30));
      }
      FakeWhatsAppWeb.ClientFacts client = fake.client();
      assertEquals("false", client.webdriver(), "navigator.webdriver: " + client);
      assertEquals("en-US", client.language(), "navigator.language: " + client);
      assertTrue(client.languages().startsWith("en-US"), "navigator.languages: " + client);
      assertTrue(client.acceptLanguage().startsWith("en-US"), "Accept-Language: " + client);
    }
  }
}

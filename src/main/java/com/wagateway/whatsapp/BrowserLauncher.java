package com.wagateway.whatsapp;

import com.wagateway.config.Config;
import com.wagateway.config.ConfigException;
import com.wagateway.maintenance.DaemonThreads;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.LocalFileDetector;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.http.ClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the one Chromium of this instance: local (paths from configuration or the PATH, so
 * Selenium Manager never goes to the network) or on a Selenium Grid ({@code WA_SELENIUM_URL}).
 */
final class BrowserLauncher {
  private static final Logger log = LoggerFactory.getLogger(BrowserLauncher.class);
  private static final List<String> CHROMIUM_NAMES =
      List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome");
  private static final int FALLBACK_CHROME_MAJOR = 140;
  // Held so the level sticks (JUL keeps loggers weakly): "Unable to find CDP implementation" on
  // every start is noise, since the sender uses no DevTools API.
  private static final java.util.logging.Logger CDP_NOISE =
      quiet("org.openqa.selenium.devtools.CdpVersionFinder");

  private final Config.WhatsApp config;
  private final Path chromium;
  private final Path chromedriver;
  private final String userAgent;

  BrowserLauncher(Config.WhatsApp config) {
    this.config = config;
    if (config.seleniumUrl() == null) {
      this.chromium =
          resolve(
              config.chromiumPath(),
              CHROMIUM_NAMES,
              "WA_CHROMIUM_PATH",
              "Chromium (apt-get install chromium)");
      this.chromedriver =
          resolve(
              config.chromedriverPath(),
              List.of("chromedriver"),
              "WA_CHROMEDRIVER_PATH",
              "chromedriver (apt-get install chromium-driver)");
    } else {
      this.chromium = null;
      this.chromedriver = null;
    }
    this.userAgent = desktopUserAgent(chromium);
  }

  private static java.util.logging.Logger quiet(String name) {
    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
    logger.setLevel(java.util.logging.Level.SEVERE);
    return logger;
  }

  /** A started browser: the driver, and for a local one the chromedriver process behind it. */
  record Browser(WebDriver driver, ChromeDriverService service, Path profile) {
    /**
     * Lets go of a browser that no longer answers, without asking it anything (quit would hang
     * too): stops chromedriver, and the next launch ends the Chromium left on the profile.
     */
    void abandon() {
      if (service != null) {
        // Chromium first: chromedriver waits on a browser that does not answer before it stops.
        endLeftovers(profile);
        try {
          service.stop();
        } catch (RuntimeException e) {
          log.debug("Stopping chromedriver: {}", e.toString());
        }
      } else {
        Thread quit =
            DaemonThreads.thread(
                () -> {
                  try {
                    driver.quit();
                  } catch (RuntimeException e) {
                    log.debug("Quitting the remote browser: {}", e.toString());
                  }
                },
                "abandon-remote-browser");
        quit.start();
      }
    }
  }

  /** Starts the browser; the caller owns it. */
  Browser launch() {
    ChromeOptions options = options();
    Duration longest =
        config.pageLoadTimeout().compareTo(config.sendTimeout()) > 0
            ? config.pageLoadTimeout()
            : config.sendTimeout();
    // A hung browser must not hold the worker forever: every driver call ends within this.
    ClientConfig client =
        ClientConfig.defaultConfig()
            .connectionTimeout(Duration.ofSeconds(30))
            .readTimeout(longest.plusSeconds(15));
    WebDriver driver;
    ChromeDriverService service = null;
    if (config.seleniumUrl() != null) {
      try {
        RemoteWebDriver remote =
            new RemoteWebDriver(URI.create(config.seleniumUrl()).toURL(), options, client);
        // The browser is elsewhere: a file path typed into a file input is uploaded to its node
        // first. Set at once, since an element takes the driver's detector when it is found.
        remote.setFileDetector(new LocalFileDetector());
        driver = remote;
      } catch (MalformedURLException e) {
        throw new ConfigException("WA_SELENIUM_URL is not a URL: " + config.seleniumUrl());
      }
    } else {
      endLeftovers(config.profileDir());
      prepareProfile(config.profileDir());
      options.setBinary(chromium.toFile());
      service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(chromedriver.toFile())
              .usingAnyFreePort()
              .withLogOutput(OutputStream.nullOutputStream())
              .build();
      try {
        driver = new ChromeDriver(service, options, client);
        watchOver(service, config.profileDir());
      } catch (RuntimeException e) {
        // A session that never came up (interrupted by a shutdown, say) would leave chromedriver
        // and its Chromium running with nobody to quit them.
        new Browser(null, service, config.profileDir()).abandon();
        throw e;
      }
    }
    driver.manage().timeouts().pageLoadTimeout(config.pageLoadTimeout());
    driver.manage().timeouts().scriptTimeout(longest.plusSeconds(5));
    return new Browser(driver, service, config.profileDir());
  }

  private ChromeOptions options() {
    ChromeOptions options = new ChromeOptions();
    if (config.headless()) options.addArguments("--headless=new");
    options.addArguments(
        "--no-sandbox", // Chromium refuses to run as root (containers) without it
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-quic",
        "--password-store=basic",
        // A hidden headless tab must not have its timers throttled: the page scripts poll.
        "--disable-background-timer-throttling",
        "--disable-renderer-backgrounding",
        "--disable-backgrounding-occluded-windows",
        "--user-data-dir=" + config.profileDir().toAbsolutePath(),
        // Headless Chromium without a desktop user agent and window gets "update Chrome".
        "--user-agent=" + userAgent,
        "--window-size=1920,1080",
        // aria-labels are translated; pin English so the selectors match, whatever the host's
        // locale: --lang for the interface, --accept-lang for navigator.language and
        // Accept-Language even on a profile whose own preferences name another language (the
        // preference below only seeds a fresh profile).
        "--lang=en-US",
        "--accept-lang=en-US,en",
        // ChromeDriver makes navigator.webdriver true, and WhatsApp has logged out clients that
        // looked automated (whatsapp-web-facts.md, "Detection").
        "--disable-blink-features=AutomationControlled");
    // WA_CHROMIUM_ARGS: the switches that cut memory (README, Sizing).
    options.addArguments(config.chromiumArgs());
    options.setExperimentalOption("excludeSwitches", List.of("enable-automation"));
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
    options.setPageLoadStrategy(PageLoadStrategy.NORMAL);
    return options;
  }

  // Ends chromedriver and every process on the profile once the JVM is gone, however it went: a
  // bash process reads a pipe whose only writer is this JVM; the kernel closes it when the JVM
  // exits, even on SIGKILL, and the read returns. It exits by itself once chromedriver has ended
  // (the browser was closed). As the embedded PostgreSQL's Watchdog does.
  private static final String WATCHDOG =
      "while :; do\n"
          + "  read -r -t 1 _ignored; rc=$?\n"
          + "  [ \"$rc\" -le 128 ] && break\n"
          + "  kill -0 \"$1\" 2>/dev/null || exit 0\n"
          + "done\n"
          + "[ \"$(cat \"/proc/$1/comm\" 2>/dev/null)\" = chromedriver ] && kill -KILL \"$1\"\n"
          + "for d in /proc/[0-9]*; do\n"
          + "  cmd=$(tr '\\0' ' ' < \"$d/cmdline\" 2>/dev/null) || continue\n"
          + "  case \"$cmd \" in *\"$WA_PROFILE_FLAG \"*) kill -KILL \"${d#/proc/}\" 2>/dev/null;;"
          + " esac\n"
          + "done\n";

  // Held: a Process whose pipe were collected would close it, and its watchdog would fire.
  private static final List<Process> watchdogs = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Starts the watchdog of the chromedriver behind {@code service} and its browser. */
  private static void watchOver(ChromeDriverService service, Path profile) {
    watchdogs.removeIf(p -> !p.isAlive());
    String port = "--port=" + service.getUrl().getPort();
    ProcessHandle driver =
        ProcessHandle.current()
            .children()
            .filter(
                p ->
                    p.info()
                        .commandLine()
                        .map(c -> c.contains("chromedriver") && c.contains(port))
                        .orElse(false))
            .findFirst()
            .orElse(null);
    if (driver == null) {
      log.warn("Could not find chromedriver ({}): its browser may outlive a killed JVM", port);
      return;
    }
    try {
      ProcessBuilder pb =
          new ProcessBuilder(
                  "bash", "-c", WATCHDOG, "wa-browser-watchdog", Long.toString(driver.pid()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      // In the environment, not on the command line: the watchdog must not match itself.
      pb.environment().put("WA_PROFILE_FLAG", "--user-data-dir=" + profile.toAbsolutePath());
      watchdogs.add(pb.start());
    } catch (IOException e) {
      log.warn(
          "Could not start the browser's watchdog ({}): if this process is killed, its Chromium"
              + " runs on until the next start on the profile ends it",
          e.getMessage());
    }
  }

  /**
   * A browser that hung and was abandoned (its driver gone) still holds the profile, and a new one
   * would refuse it. Only this instance's browser runs on this profile, so any process still using
   * it is ours and is ended by its pid.
   */
  private static void endLeftovers(Path profile) {
    String flag = "--user-data-dir=" + profile.toAbsolutePath();
    ProcessHandle.allProcesses()
        .filter(
            p ->
                p.info()
                    .commandLine()
                    .map(c -> c.contains(flag + " ") || c.endsWith(flag))
                    .orElse(false))
        .forEach(
            p -> {
              log.warn(
                  "Ending Chromium process {} left on the profile by a browser that hung", p.pid());
              p.destroyForcibly();
              try {
                p.onExit().get(5, TimeUnit.SECONDS);
              } catch (Exception e) {
                log.debug("Process {} did not end yet: {}", p.pid(), e.toString());
              }
            });
  }

  /**
   * One live browser per profile. A lock left by a Chromium that died with its container names
   * another host and makes Chromium refuse the profile; remove it when its owner is gone.
   */
  private static void prepareProfile(Path profile) {
    try {
      Files.createDirectories(profile);
      Path lock = profile.resolve("SingletonLock");
      if (!Files.isSymbolicLink(lock)) return;
      String target = Files.readSymbolicLink(lock).toString(); // "hostname-pid"
      int dash = target.lastIndexOf('-');
      long pid = dash < 0 ? -1 : Long.parseLong(target.substring(dash + 1));
      String host = dash < 0 ? "" : target.substring(0, dash);
      boolean ownerAlive =
          host.equals(hostname())
              && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      if (!ownerAlive) {
        log.info("Removing the stale profile lock {} -> {} (its browser is gone)", lock, target);
        for (String name : List.of("SingletonLock", "SingletonSocket", "SingletonCookie")) {
          Files.deleteIfExists(profile.resolve(name));
        }
      }
    } catch (IOException | RuntimeException e) {
      log.debug("Could not inspect the profile lock in {}: {}", profile, e.toString());
    }
  }

  private static String hostname() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "";
    }
  }

  private static Path resolve(Path configured, List<String> names, String variable, String what) {
    if (configured != null) {
      if (!Files.isExecutable(configured)) {
        throw new ConfigException(variable + "=" + configured + " is not an executable file");
      }
      return configured;
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String name : names) {
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) continue;
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return candidate;
      }
    }
    throw new ConfigException(
        what
            + " was not found on the PATH; install it or set "
            + variable
            + " (or WA_SELENIUM_URL to use a remote browser)");
  }

  /** A normal desktop Chrome user agent with the installed browser's major version. */
  private static String desktopUserAgent(Path chromium) {
    int major = FALLBACK_CHROME_MAJOR;
    if (chromium != null) {
      try {
        Process p =
            new ProcessBuilder(chromium.toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(10, TimeUnit.SECONDS);
        Matcher m = Pattern.compile("(?:Chromium|Chrome) (\\d+)\\.").matcher(out);
        if (m.find()) major = Integer.parseInt(m.group(1));
      } catch (IOException | RuntimeException e) {
        log.debug("Could not read the Chromium version: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/"
        + major
        + ".0.0.0 Safari/537.36";
  }
}

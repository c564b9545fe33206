package com.wagateway.console;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The operator's own browser: a headless Chromium (Debian's, driven by its chromedriver, so
 * Selenium Manager never downloads anything) pointed at the console, with axe-core to check each
 * page's accessibility.
 */
final class OperatorBrowser implements AutoCloseable {
  private static final String AXE = axeSource();

  private final ChromeDriver driver;
  private final String base;

  OperatorBrowser(int port, Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--password-store=basic",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--lang=en-US",
        "--user-data-dir=" + profile.toAbsolutePath());
    // The page's console messages, to catch anything the Content-Security-Policy blocked.
    options.setCapability(
        "goog:loggingPrefs", java.util.Map.of("browser", java.util.logging.Level.ALL.getName()));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
            .usingAnyFreePort()
            .withLogOutput(OutputStream.nullOutputStream())
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(1280, 900));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    this.base = "http://127.0.0.1:" + port;
  }

  ChromeDriver driver() {
    return driver;
  }

  void open(String path) {
    driver.get(base + path);
  }

  String path() {
    return driver.getCurrentUrl().substring(base.length());
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  /**
   * An attribute of the first element matching, read in one step in the page, so a live part
   * swapped meanwhile cannot leave a stale reference; null when nothing matches.
   */
  String attribute(String css, String name) {
    return (String)
        script(
            "var e = document.querySelector(arguments[0]);"
                + " return e ? e.getAttribute(arguments[1]) : null;",
            css,
            name);
  }

  /** The text of the first element matching, read in one step; null when nothing matches. */
  String text(String css) {
    return (String)
        script(
            "var e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;",
            css);
  }

  boolean present(String css) {
    return !driver.findElements(By.cssSelector(css)).isEmpty();
  }

  /**
   * Clicks the first element matching. A live part may be swapped between finding the element and
   * clicking it; then the new one is clicked.
   */
  void click(String css) {
    // On a loaded machine the part may be swapped again before the retry's click lands.
    for (int attempt = 1; ; attempt++) {
      try {
        find(css).click();
        return;
      } catch (org.openqa.selenium.StaleElementReferenceException swapped) {
        if (attempt == 20) throw swapped;
      }
    }
  }

  /** Clicks a link or a form's button and waits for the next page to have loaded. */
  void follow(String css) {
    script("window.__leaving = true;");
    click(css);
    org.awaitility.Awaitility.await("the page after clicking " + css)
        .atMost(Duration.ofSeconds(120))
        .pollInSameThread()
        .until(
            () ->
                Boolean.TRUE.equals(
                    script(
                        "return window.__leaving !== true && document.readyState ==="
                            + " 'complete';")));
  }

  void type(String css, String text) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(text);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  /**
   * Marks the page in memory; {@link #sameDocument()} stays true until the page is loaded again,
   * which shows that what changed on screen came without a reload.
   */
  void markDocument() {
    script("window.__sameDocument = true;");
  }

  boolean sameDocument() {
    return Boolean.TRUE.equals(script("return window.__sameDocument === true;"));
  }

  /**
   * axe-core's serious and critical violations on the page now, as "rule: help (elements)"; an
   * empty list when there are none.
   */
  java.util.List<String> accessibilityProblems() {
    script(AXE);
    Object result =
        ((JavascriptExecutor) driver)
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];axe.run(document, {resultTypes:"
                    + " ['violations']}).then(function (r) {  done(JSON.stringify(r.violations   "
                    + " .filter(function (v) { return v.impact === 'serious' || v.impact ==="
                    + " 'critical'; })    .map(function (v) { return v.id + ': ' + v.help + ' ('   "
                    + "   + v.nodes.map(function (n) { return n.target.join(' '); }).join(', ') +"
                    + " ')'; })));}).catch(function (e) { done(JSON.stringify(['axe failed: ' +"
                    + " e])); });");
    JsonArray problems = JsonParser.parseString((String) result).getAsJsonArray();
    return problems.asList().stream().map(e -> e.getAsString()).toList();
  }

  /** What the pages logged to the browser console since the last call (errors, CSP reports). */
  java.util.List<String> consoleMessages() {
    return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
        .map(e -> e.getLevel() + " " + e.getMessage())
        .toList();
  }

  /** The whole page, as tall as its content, at the window's width. */
  void screenshot(Path file) {
    Dimension before = driver.manage().window().getSize();
    long height =
        (Long)
            script(
                "return document.documentElement.scrollHeight"
                    + " + Math.max(0, window.outerHeight - window.innerHeight);");
    driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.max(600, height)));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.manage().window().setSize(before);
    }
  }

  byte[] screenshotOf(String css) {
    return find(css).getScreenshotAs(OutputType.BYTES);
  }

  /** Whether the page is wider than the window (a phone would have to scroll sideways). */
  boolean overflowsSideways() {
    return Boolean.TRUE.equals(
        script(
            "return document.documentElement.scrollWidth >"
                + " document.documentElement.clientWidth + 1;"));
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static String axeSource() {
    try (InputStream in =
        OperatorBrowser.class.getClassLoader().getResourceAsStream("axe.min.js")) {
      if (in == null)
        throw new IllegalStateException("axe.min.js (axe-core) is not on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

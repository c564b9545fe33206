package com.wagateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.wagateway.support.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's walkthrough runs as written, in one shell, against a fresh service with the dry-run
 * sender, and every answer has the status and the fields its comment shows. Values (ids, times) are
 * not compared: a fresh install gives its own.
 */
class ReadmeWalkthroughTest {
  private static final String MARK = "<!-- walkthrough -->";
  private static final String README_BASE = "http://localhost:8080";
  private static final Pattern EXPECTED = Pattern.compile("^# (\\d{3})\\b(.*)$");
  private static final Pattern CURL = Pattern.compile("(^|[\\s(;|&])curl\\s");
  private static final Pattern KEY = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*:");

  /**
   * The tools the README asks for, then each curl of the walkthrough through this function: the
   * real curl, with the answer's headers and body kept in numbered files, and the body still on
   * standard output for the command's own pipe. The counter is a file because {@code $(...)} runs
   * in a subshell.
   */
  private static final String RECORDING_CURL =
      """
      for tool in curl jq openssl; do
        command -v "$tool" >/dev/null || { echo "The README walkthrough needs $tool" >&2; exit 127; }
      done
      curl() {
        local n=$(( $(cat "$WALK_LOG/count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$WALK_LOG/count"
        command curl -D "$WALK_LOG/$n.headers" "$@" | tee "$WALK_LOG/$n.body"
      }
      """;

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(ReadmeWalkthroughTest.class);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void walkthroughAnswersAsTheReadmeSays(@TempDir Path dir) throws Exception {
    String walkthrough = walkthrough(Files.readString(Path.of("README.md")));
    List<Expected> expected = expectations(walkthrough);
    assertEquals(
        curlCount(walkthrough),
        expected.size(),
        "every curl of the walkthrough needs one '# <status> {...}' comment under it");

    Path log = Files.createDirectories(dir.resolve("answers"));
    Files.writeString(dir.resolve("admin-token"), TestServer.ADMIN_TOKEN + "\n");
    String script =
        "set -eo pipefail\n"
            + RECORDING_CURL
            + walkthrough.replace(README_BASE, "http://127.0.0.1:" + server.app().httpPort());
    Path output = dir.resolve("output.txt");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", script)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    pb.environment().put("WALK_LOG", log.toString());
    Process bash = pb.start();
    // A guard against a hung command, not a limit on how fast the walkthrough runs.
    if (!bash.waitFor(5, TimeUnit.MINUTES)) {
      bash.destroyForcibly();
      throw new AssertionError("the walkthrough did not finish:\n" + Files.readString(output));
    }
    String printed = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, bash.exitValue(), "the walkthrough failed:\n" + printed);

    List<String> problems = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      Expected want = expected.get(i);
      Path headers = log.resolve((i + 1) + ".headers");
      if (!Files.exists(headers)) {
        problems.add(want.command() + ": not run");
        continue;
      }
      int status = status(Files.readAllLines(headers));
      String body = Files.readString(log.resolve((i + 1) + ".body"));
      if (status != want.status()) {
        problems.add(want.command() + ": status " + status + ", expected " + want.status());
      }
      Set<String> missing = new TreeSet<>(want.fields());
      missing.removeAll(fields(body));
      if (!missing.isEmpty()) {
        problems.add(want.command() + ": no " + missing + " in " + body);
      }
    }
    assertFalse(expected.isEmpty(), "no walkthrough found in README.md");
    assertTrue(problems.isEmpty(), String.join("\n", problems) + "\n\nOutput:\n" + printed);
  }

  /** The fenced blocks that follow a walkthrough mark, in order, as one script. */
  static String walkthrough(String readme) {
    StringBuilder script = new StringBuilder();
    List<String> lines = readme.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals(MARK)) continue;
      int j = i + 1;
      assertTrue(lines.get(j).startsWith("```"), "a walkthrough mark must precede a code block");
      for (j++; !lines.get(j).startsWith("```"); j++) script.append(lines.get(j)).append('\n');
      i = j;
    }
    return script.toString();
  }

  /** One expected answer per comment line that starts with a status, in order. */
  static List<Expected> expectations(String script) {
    List<Expected> expected = new ArrayList<>();
    String command = "";
    for (String line : script.lines().toList()) {
      Matcher m = EXPECTED.matcher(line);
      if (m.matches()) {
        Set<String> fields = new TreeSet<>();
        Matcher k = KEY.matcher(m.group(2));
        while (k.find()) fields.add(k.group(1));
        expected.add(new Expected(command, Integer.parseInt(m.group(1)), fields));
      } else if (CURL.matcher(line).find() && !line.strip().startsWith("#")) {
        command = line.strip();
      }
    }
    return expected;
  }

  private static long curlCount(String script) {
    return script
        .lines()
        .filter(l -> !l.strip().startsWith("#"))
        .mapToLong(l -> CURL.matcher(l).results().count())
        .sum();
  }

  /** The last status line: a 100 Continue may come first. */
  private static int status(List<String> headers) {
    int status = -1;
    for (String line : headers) {
      if (line.startsWith("HTTP/")) status = Integer.parseInt(line.split(" ")[1]);
    }
    return status;
  }

  /** Every key of the answer's JSON, at any depth. */
  private static Set<String> fields(String body) {
    Set<String> keys = new TreeSet<>();
    try {
      collect(JsonParser.parseString(body), keys);
    } catch (JsonSyntaxException e) {
      // Not JSON: no fields, which the comparison reports.
    }
    return keys;
  }

  private static void collect(JsonElement e, Set<String> keys) {
    if (e.isJsonObject()) {
      JsonObject o = e.getAsJsonObject();
      for (Map.Entry<String, JsonElement> entry : o.entrySet()) {
        keys.add(entry.getKey());
        collect(entry.getValue(), keys);
      }
    } else if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(item -> collect(item, keys));
    }
  }

  record Expected(String command, int status, Set<String> fields) {}
}

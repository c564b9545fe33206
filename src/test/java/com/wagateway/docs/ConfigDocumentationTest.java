package com.wagateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** docs/configuration.md lists every WA_ setting the code reads, and none it does not. */
class ConfigDocumentationTest {
  private static final Pattern NAME_LITERAL = Pattern.compile("\"(WA_[A-Z0-9_]*[A-Z0-9])\"");
  private static final Pattern NAME = Pattern.compile("`(WA_[A-Z0-9_]*[A-Z0-9])`");

  /**
   * Names in the code that are not settings: the browser watchdog's own environment variable, set
   * by the service for the script it starts.
   */
  private static final Set<String> NOT_SETTINGS = Set.of("WA_PROFILE_FLAG");

  @Test
  void everySettingTheCodeReadsIsInTheTable() throws IOException {
    Set<String> missing = readByCode();
    missing.removeAll(documented());
    assertEquals(Set.of(), missing, "read by the code, missing from docs/configuration.md");
  }

  @Test
  void everySettingInTheTableIsReadByTheCode() throws IOException {
    Set<String> stale = documented();
    stale.removeAll(readByCode());
    assertEquals(Set.of(), stale, "in docs/configuration.md, read nowhere in src/main/java");
  }

  @Test
  void theCodeIsFound() throws IOException {
    // Guards the tests above against comparing two empty sets.
    assertTrue(readByCode().contains("WA_DATABASE_URL"), readByCode().toString());
    assertTrue(documented().contains("WA_DATABASE_URL"), documented().toString());
  }

  private static Set<String> readByCode() throws IOException {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = NAME_LITERAL.matcher(Files.readString(file));
        while (m.find()) names.add(m.group(1));
      }
    }
    names.removeAll(NOT_SETTINGS);
    return names;
  }

  /** The names in the first column of the table's rows. */
  private static Set<String> documented() throws IOException {
    Set<String> names = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of("docs/configuration.md"))) {
      if (!line.startsWith("| `WA_")) continue;
      Matcher m = NAME.matcher(line.split("\\|")[1]);
      while (m.find()) names.add(m.group(1));
    }
    return names;
  }
}

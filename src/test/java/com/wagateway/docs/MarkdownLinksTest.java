package com.wagateway.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The documentation's relative links lead somewhere: a file that exists, a heading it has. */
class MarkdownLinksTest {
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)[^)]*\\)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");

  @Test
  void everyRelativeLinkPointsAtAFileAndHeadingThatExist() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path file : documents()) {
      for (String target : links(file)) {
        if (target.matches("(?i)^(https?|mailto):.*")) continue;
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved =
            path.isEmpty() ? file : file.toAbsolutePath().getParent().resolve(path).normalize();
        if (!Files.exists(resolved)) {
          broken.add(file + ": " + target + " (no such file)");
        } else if (anchor != null && !anchors(resolved).contains(anchor)) {
          broken.add(file + ": " + target + " (no such heading in " + resolved + ")");
        }
      }
    }
    assertTrue(broken.isEmpty(), "Broken links:\n" + String.join("\n", broken));
  }

  @Test
  void theDocumentsAreFound() throws IOException {
    // Guards the test above against passing on an empty list.
    List<Path> docs = documents();
    assertTrue(docs.contains(Path.of("README.md")) && docs.size() > 3, docs.toString());
  }

  private static List<Path> documents() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of("CONTRIBUTING.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /** Link targets outside fenced code blocks and inline code. */
  private static List<String> links(Path file) throws IOException {
    List<String> targets = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(file)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) continue;
      Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
      while (m.find()) targets.add(m.group(1));
    }
    return targets;
  }

  /** The anchors GitHub gives a file's headings: lower case, punctuation dropped, numbered. */
  static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(file)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
        continue;
      }
      Matcher m = HEADING.matcher(line);
      if (fenced || !m.matches()) continue;
      String slug =
          m.group(1)
              .toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
              .replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum);
      anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
    }
    return anchors;
  }
}

package com.wagateway.whatsapp;

import com.wagateway.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one table of where each element of WhatsApp Web is, several generations per element (WhatsApp
 * rewrites its DOM every few months). Built in from {@code whatsapp-selectors.properties}; {@code
 * WA_SELECTORS_FILE} replaces the elements it names, without a rebuild.
 */
public final class Selectors {
  static final String RESOURCE = "/whatsapp-selectors.properties";

  private final Map<String, List<Locator>> elements;

  private Selectors(Map<String, List<Locator>> elements) {
    this.elements = elements;
  }

  public static Selectors load(Path overrideFile) {
    Map<String, List<Locator>> table;
    try (InputStream in = Selectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the build");
      table = parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + RESOURCE, e);
    }
    if (overrideFile != null) {
      Map<String, List<Locator>> override;
      try (Reader in = Files.newBufferedReader(overrideFile, StandardCharsets.UTF_8)) {
        override = parse(in, overrideFile.toString());
      } catch (IOException e) {
        throw new ConfigException(
            "WA_SELECTORS_FILE: cannot read " + overrideFile + ": " + e.getMessage());
      }
      for (String name : override.keySet()) {
        if (!table.containsKey(name)) {
          throw new ConfigException(
              "WA_SELECTORS_FILE: unknown element '"
                  + name
                  + "' in "
                  + overrideFile
                  + "; known elements: "
                  + String.join(", ", table.keySet()));
        }
      }
      table.putAll(override);
    }
    return new Selectors(table);
  }

  private static Map<String, List<Locator>> parse(Reader reader, String source) throws IOException {
    Properties p = new Properties();
    p.load(reader);
    Map<String, TreeMap<Integer, Locator>> numbered = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames().stream().sorted().toList()) {
      int dot = key.lastIndexOf('.');
      int order;
      try {
        order = Integer.parseInt(key.substring(dot + 1));
      } catch (RuntimeException e) {
        throw new ConfigException(
            "Selector key '"
                + key
                + "' in "
                + source
                + " must look like element.1, element.2, ... (tried in that order)");
      }
      String value = p.getProperty(key).strip();
      if (value.isEmpty())
        throw new ConfigException("Selector '" + key + "' in " + source + " is empty");
      numbered
          .computeIfAbsent(key.substring(0, dot), k -> new TreeMap<>())
          .put(order, Locator.parse(value));
    }
    Map<String, List<Locator>> table = new TreeMap<>();
    numbered.forEach((name, byOrder) -> table.put(name, new ArrayList<>(byOrder.values())));
    return table;
  }

  /** Every element the table knows, in name order. */
  public List<String> names() {
    return List.copyOf(elements.keySet());
  }

  public List<Locator> of(String element) {
    List<Locator> found = elements.get(element);
    if (found == null) throw new IllegalArgumentException("No selectors for '" + element + "'");
    return found;
  }

  /**
   * "compose_box (#main footer div[contenteditable="true"] | ...)": for errors naming what was not
   * found.
   */
  public String describe(String element) {
    return element
        + " ("
        + String.join(" | ", of(element).stream().map(Locator::toString).toList())
        + ")";
  }

  /** The table as the page scripts take it: {name: [{css, text}]}. */
  Map<String, Object> forScript() {
    Map<String, Object> out = new LinkedHashMap<>();
    elements.forEach(
        (name, list) ->
            out.put(
                name,
                list.stream()
                    .map(
                        l -> {
                          Map<String, String> m = new LinkedHashMap<>();
                          m.put("css", l.css());
                          if (l.text() != null) m.put("text", l.text());
                          return m;
                        })
                    .toList()));
    return out;
  }
}

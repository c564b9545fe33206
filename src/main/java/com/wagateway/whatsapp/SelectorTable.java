package com.wagateway.whatsapp;

import java.nio.file.Path;
import java.util.Map;

/**
 * The selector table in force: built in, with {@code WA_SELECTORS_FILE} on top. Read again when an
 * operator resumes a degraded session, so a repaired selector takes effect without a restart.
 */
final class SelectorTable {
  private record Loaded(Selectors selectors, Map<String, Object> forScript) {}

  private final Path file;
  private volatile Loaded loaded;

  SelectorTable(Path file) {
    this.file = file;
    reload();
  }

  /** Reads the built-in table and the file again; a bad file leaves the table as it was. */
  void reload() {
    Selectors s = Selectors.load(file);
    loaded = new Loaded(s, s.forScript());
  }

  Selectors selectors() {
    return loaded.selectors();
  }

  /** The table as the page scripts take it. */
  Map<String, Object> forScript() {
    return loaded.forScript();
  }

  Path file() {
    return file;
  }
}

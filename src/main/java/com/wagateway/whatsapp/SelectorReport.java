package com.wagateway.whatsapp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which generation of each element matches on the page as it is now ({@code GET
 * /admin/whatsapp/selectors}): for each name, the first locator that found something (its 1-based
 * position in the table, the selector, how many elements), or null when none did.
 */
public record SelectorReport(String url, Map<String, Match> elements) {

  /** The generation that matched. */
  public record Match(int generation, String selector, int count) {}

  /** What an open chat shows; the state icons count as one, since only one shows at a time. */
  private static final List<String> CHAT = List.of("logged_in", "compose_box", "outgoing_message");

  private static final List<String> STATE_ICONS =
      List.of("sent_icon", "pending_icon", "failed_icon");

  static SelectorReport from(Object scriptResult, Selectors selectors) {
    Map<String, Match> elements = new LinkedHashMap<>();
    Map<?, ?> result = scriptResult instanceof Map<?, ?> m ? m : Map.of();
    Map<?, ?> found = result.get("elements") instanceof Map<?, ?> f ? f : Map.of();
    for (String name : selectors.names()) {
      if (found.get(name) instanceof Map<?, ?> hit) {
        int generation = ((Number) hit.get("generation")).intValue();
        elements.put(
            name,
            new Match(
                generation,
                selectors.of(name).get(generation - 1).toString(),
                ((Number) hit.get("count")).intValue()));
      } else {
        elements.put(name, null);
      }
    }
    Object url = result.get("url");
    return new SelectorReport(url == null ? null : url.toString(), elements);
  }

  /**
   * The elements an open chat should show that found nothing: what to name when a send could not be
   * confirmed.
   */
  public List<String> missingInChat() {
    List<String> missing = new ArrayList<>();
    for (String name : CHAT) if (elements.get(name) == null) missing.add(name);
    if (STATE_ICONS.stream().allMatch(name -> elements.get(name) == null)) {
      missing.add(String.join("/", STATE_ICONS));
    }
    return missing;
  }
}

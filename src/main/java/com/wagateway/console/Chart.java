package com.wagateway.console;

import com.wagateway.message.QueueStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends and failures per hour over the last 24 hours, laid out for an SVG bar chart: the server
 * computes every coordinate, the template only draws them. The bars stretch to the page's width;
 * the hour labels sit under them in a 24-column grid, so text never stretches with them.
 */
public record Chart(int width, int height, int max, List<Bar> bars, List<String> ticks) {
  private static final int SLOT = 10;
  private static final int HEIGHT = 100;

  /** One hour: sent stacked under failed. */
  public record Bar(
      double x,
      double width,
      double sentY,
      double sentHeight,
      double failedY,
      double failedHeight,
      String hour,
      int sent,
      int failed) {
    public String title() {
      return hour + " UTC: " + sent + " sent, " + failed + " failed";
    }
  }

  static Chart of(List<QueueStats.Hour> hours) {
    int max = 1;
    for (QueueStats.Hour h : hours) max = Math.max(max, h.sent() + h.failed());
    List<Bar> bars = new ArrayList<>();
    List<String> ticks = new ArrayList<>();
    for (int i = 0; i < hours.size(); i++) {
      QueueStats.Hour h = hours.get(i);
      double sentHeight = (double) HEIGHT * h.sent() / max;
      double failedHeight = (double) HEIGHT * h.failed() / max;
      bars.add(
          new Bar(
              i * SLOT + 1.5,
              SLOT - 3,
              round(HEIGHT - sentHeight),
              round(sentHeight),
              round(HEIGHT - sentHeight - failedHeight),
              round(failedHeight),
              Formats.hour(h.start()),
              h.sent(),
              h.failed()));
      ticks.add(i % 6 == 0 ? Formats.hour(h.start()) : "");
    }
    return new Chart(hours.size() * SLOT, HEIGHT, max, bars, ticks);
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}

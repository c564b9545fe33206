package com.wagateway.console;

import com.wagateway.message.QueueStats;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends and failures per hour over the last 24 hours, laid out for an SVG bar chart: the server
 * computes every coordinate, the template only draws them.
 */
public record Chart(int width, int height, int max, List<Bar> bars, List<Tick> ticks) {
  static final int WIDTH = 480;
  static final int HEIGHT = 160;
  private static final int AXIS = 18;

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

  /** A label under the bars. */
  public record Tick(double x, String label) {}

  static Chart of(List<QueueStats.Hour> hours) {
    int max = 1;
    for (QueueStats.Hour h : hours) max = Math.max(max, h.sent() + h.failed());
    double slot = (double) WIDTH / hours.size();
    double plot = HEIGHT - AXIS;
    List<Bar> bars = new ArrayList<>();
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i < hours.size(); i++) {
      QueueStats.Hour h = hours.get(i);
      double sentHeight = plot * h.sent() / max;
      double failedHeight = plot * h.failed() / max;
      double x = i * slot + slot * 0.15;
      bars.add(
          new Bar(
              round(x),
              round(slot * 0.7),
              round(plot - sentHeight),
              round(sentHeight),
              round(plot - sentHeight - failedHeight),
              round(failedHeight),
              Formats.hour(h.start()),
              h.sent(),
              h.failed()));
      if (i % 6 == 0) ticks.add(new Tick(round(i * slot + slot / 2), Formats.hour(h.start())));
    }
    return new Chart(WIDTH, HEIGHT, max, bars, ticks);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  /** Where the hour labels sit. */
  public double tickY() {
    return HEIGHT - 4;
  }

  public double baseline() {
    return HEIGHT - AXIS;
  }
}

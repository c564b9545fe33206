package com.wagateway.whatsapp;

import java.util.Map;

/**
 * What one look at the page found (see probe.js). {@code error}: on Chromium's own error page, the
 * network error it names ("net::ERR_CONNECTION_REFUSED").
 */
record PageProbe(
    String screen,
    String qrRef,
    String qrImage,
    boolean hasSession,
    boolean loggedOutBefore,
    String url,
    String title,
    String error) {

  static PageProbe from(Object scriptResult) {
    if (!(scriptResult instanceof Map<?, ?> m))
      return new PageProbe("unknown", null, null, false, false, null, null, null);
    return new PageProbe(
        str(m.get("screen")),
        str(m.get("qrRef")),
        str(m.get("qrImage")),
        Boolean.TRUE.equals(m.get("hasSession")),
        Boolean.TRUE.equals(m.get("loggedOutBefore")),
        str(m.get("url")),
        str(m.get("title")),
        str(m.get("error")));
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}

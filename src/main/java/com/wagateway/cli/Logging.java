package com.wagateway.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/** Routes every library's logging through SLF4J, before any of them is loaded. */
final class Logging {

  private Logging() {}

  static void configure() {
    System.setProperty("org.jboss.logging.provider", "slf4j");
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    if ("json".equalsIgnoreCase(System.getenv("WA_LOG_FORMAT"))
        && System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-json.xml");
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }
}

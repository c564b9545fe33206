package com.wagateway.config;

/**
 * A setting has a value the service cannot use; the message names the variable and what it accepts.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}

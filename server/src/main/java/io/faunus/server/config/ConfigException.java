package io.faunus.server.config;

/** A configuration file, variable or value that cannot be used; the message names where and why. */
public final class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }
}

package io.porthunter.config;

/** A setting from the environment is missing or malformed; the message names the variable. */
public final class SettingsException extends RuntimeException {
  public SettingsException(String message) {
    super(message);
  }
}

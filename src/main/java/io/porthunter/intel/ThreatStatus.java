package io.porthunter.intel;

import java.util.Locale;

/** Each threat source's own {@code status} inside {@code threat}. */
enum ThreatStatus {
  /** No key configured. */
  DISABLED,
  /**
   * Not asked, with a {@code reason}: the address is special-purpose ("private_ip"), so no public
   * service can know it, or the service does not cover its family.
   */
  SKIPPED,
  OK,
  /** The service answered that it has nothing on the address (an answer, so cached). */
  NOT_FOUND,
  RATE_LIMITED,
  UNAUTHORIZED,
  ERROR;

  static final String KEY = "status";

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Only real answers are cached; failures are asked again next time. */
  boolean cacheable() {
    return this == OK || this == NOT_FOUND;
  }

  static ThreatStatus fromWire(Object value) {
    return value == null ? ERROR : valueOf(value.toString().toUpperCase(Locale.ROOT));
  }
}

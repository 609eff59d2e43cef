package io.porthunter.capture;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Text forms of capture timestamps (nanoseconds since the epoch). */
public final class Timestamps {
  public static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int MAX_DIGITS = 9;
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /**
   * ISO-8601 UTC with exactly {@code digits} fraction digits (0 to 9, truncated, not rounded), as
   * in {@code 2026-11-21T12:43:02.490185Z}.
   */
  public static String iso(long nanos, int digits) {
    if (digits < 0 || digits > MAX_DIGITS) {
      throw new IllegalArgumentException("fraction digits must be 0..9: " + digits);
    }
    long seconds = Math.floorDiv(nanos, NANOS_PER_SECOND);
    long fraction = Math.floorMod(nanos, NANOS_PER_SECOND);
    StringBuilder sb = new StringBuilder(32).append(SECONDS.format(Instant.ofEpochSecond(seconds)));
    if (digits > 0) {
      String nine = Long.toString(NANOS_PER_SECOND + fraction).substring(1);
      sb.append('.').append(nine, 0, digits);
    }
    return sb.append('Z').toString();
  }
}

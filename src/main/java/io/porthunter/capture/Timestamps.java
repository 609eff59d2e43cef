package io.porthunter.capture;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Text forms of capture timestamps (nanoseconds since the epoch). */
public final class Timestamps {
  public static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** The first and last seconds a time in nanoseconds reaches, each held only in part by a long. */
  private static final long FIRST_SECOND = Math.floorDiv(Long.MIN_VALUE, NANOS_PER_SECOND);
  private static final long LAST_SECOND = Math.floorDiv(Long.MAX_VALUE, NANOS_PER_SECOND);
  private static final int MAX_DIGITS = 9;
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /**
   * The time {@code second} (since the epoch) starts at, in nanoseconds, saturated where a long cannot
   * hold it (a hostile file's times saturate to the years 1677 and 2262: a second there must not wrap
   * into the other end).
   */
  public static long startOfSecond(long second) {
    return second <= FIRST_SECOND ? Long.MIN_VALUE : second > LAST_SECOND ? Long.MAX_VALUE : second * NANOS_PER_SECOND;
  }

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

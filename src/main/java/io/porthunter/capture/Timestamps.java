package io.porthunter.capture;

import java.time.Instant;

/** Placeholder until the capture branch lands its formatter. */
public final class Timestamps {
  private Timestamps() {}

  public static String iso(long nanos, int digits) {
    Instant i = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    String s = i.toString();
    return s;
  }
}

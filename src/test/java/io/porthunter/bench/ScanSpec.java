package io.porthunter.bench;

import java.util.List;

/**
 * One scanner to mix into the capture.
 *
 * @param ipv6 true to scan IPv6 targets from an IPv6 scanner address
 */
public record ScanSpec(Technique technique, ScanPattern pattern, boolean ipv6) {
  public ScanSpec {
    if (technique == Technique.PING_SWEEP && pattern == ScanPattern.VERTICAL) {
      throw new IllegalArgumentException("a ping sweep has no ports, so it cannot be vertical");
    }
  }

  /** Every technique at least once, every pattern at least once, both address families. */
  public static List<ScanSpec> defaults() {
    return List.of(
        new ScanSpec(Technique.SYN, ScanPattern.VERTICAL, false),
        new ScanSpec(Technique.SYN, ScanPattern.HORIZONTAL, false),
        new ScanSpec(Technique.SYN, ScanPattern.BLOCK, true),
        new ScanSpec(Technique.FIN, ScanPattern.VERTICAL, false),
        new ScanSpec(Technique.NULL, ScanPattern.BLOCK, false),
        new ScanSpec(Technique.XMAS, ScanPattern.VERTICAL, true),
        new ScanSpec(Technique.ACK, ScanPattern.HORIZONTAL, false),
        new ScanSpec(Technique.UDP, ScanPattern.VERTICAL, false),
        new ScanSpec(Technique.UDP, ScanPattern.HORIZONTAL, true),
        new ScanSpec(Technique.PING_SWEEP, ScanPattern.HORIZONTAL, false),
        new ScanSpec(Technique.PING_SWEEP, ScanPattern.BLOCK, true),
        new ScanSpec(Technique.CONNECT, ScanPattern.VERTICAL, false),
        new ScanSpec(Technique.CONNECT, ScanPattern.HORIZONTAL, false));
  }
}

package io.porthunter.detect;

/**
 * The most hosts ICMP queries and neighbour questions reached within one sweep window, and the hosts
 * of a slow ping sweep (0 when there is none), as {@link SweepRules} counted them; {@code minHosts} is
 * {@link DetectionSettings#pingSweepMinHosts}.
 */
record Sweeps(int icmpHosts, int neighbourHosts, int slowIcmpHosts, int minHosts) {
  boolean icmp() {
    return icmpHosts >= minHosts || slowIcmpHosts > 0;
  }

  boolean neighbours() {
    return neighbourHosts >= minHosts;
  }

  boolean any() {
    return icmp() || neighbours();
  }
}

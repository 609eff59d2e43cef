package io.porthunter.detect;

/**
 * The most hosts ICMP queries and neighbour questions reached within one sweep window, the hosts of a
 * slow ping sweep and of a slow ARP or ND sweep (0 when there is none), and the hosts that answered
 * ICMP queries sent to a group, as {@link SweepRules} counted them; {@code minHosts} is {@link
 * DetectionSettings#pingSweepMinHosts}, {@code minGroupHosts} {@link
 * DetectionSettings#groupSweepMinHosts}.
 */
record Sweeps(int icmpHosts, int neighbourHosts, int slowIcmpHosts, int slowNeighbourHosts, int groupHosts, int minHosts,
    int minGroupHosts) {
  boolean icmp() {
    return icmpHosts >= minHosts || slowIcmpHosts > 0 || group();
  }

  /** A sweep by queries to a broadcast or multicast group. */
  boolean group() {
    return groupHosts >= minGroupHosts;
  }

  boolean neighbours() {
    return neighbourHosts >= minHosts || slowNeighbourHosts > 0;
  }

  /** A slow sweep, of either kind: fewer hosts within any window than a sweep's. */
  boolean slow() {
    return slowIcmpHosts > 0 || slowNeighbourHosts > 0;
  }

  boolean any() {
    return icmp() || neighbours();
  }
}

package io.porthunter.detect;

import io.porthunter.capture.Packet;

/**
 * The last ICMP queries sent to a group (a broadcast address, ff02::1 and other multicast groups),
 * so the unicast replies they draw become the asker's conversations with each host that answered:
 * one echo to 255.255.255.255 or ff02::1 finds every live host of a segment, as a ping sweep does
 * (nmap's broadcast-ping, atk6-alive6). A reply counts when it carries the query's type and echo
 * identifier and comes within {@link #ANSWER_NANOS}. A few slots, the oldest reused: such queries
 * are rare, and the table is empty, costing nothing, in most captures.
 */
final class GroupQueries {
  /** How long after a group query a reply answers it: hosts answer within milliseconds, nmap waits 3 s. */
  static final long ANSWER_NANOS = 5_000_000_000L;
  private static final int SLOTS = 16;

  private final long[] askerHi = new long[SLOTS];
  private final long[] askerLo = new long[SLOTS];
  private final int[] protocol = new int[SLOTS];
  private final int[] type = new int[SLOTS];
  private final int[] id = new int[SLOTS];
  private final long[] ts = new long[SLOTS];
  private final long[] frame = new long[SLOTS];
  private final int[] ttl = new int[SLOTS];
  private final int[] traits = new int[SLOTS];
  private int used;

  /** Notes a query sent to a group address. */
  void note(Packet p) {
    int slot = used < SLOTS ? used++ : oldest();
    askerHi[slot] = p.srcHi;
    askerLo[slot] = p.srcLo;
    protocol[slot] = p.protocol;
    type[slot] = p.icmpType;
    id[slot] = p.icmpId;
    ts[slot] = p.tsNanos;
    frame[slot] = p.frame;
    ttl[slot] = p.ttl;
    traits[slot] = ProbeTraits.ofIpHeader(p);
  }

  /**
   * Opens {@code f}, the conversation a reply {@code p} to a query of {@code queryType} began without
   * a unicast query, as the latest group query it answers would have; leaves it as it is when the
   * reply answers none.
   */
  void openAnswered(Flow f, Packet p, int queryType) {
    int found = -1;
    for (int i = 0; i < used; i++) {
      if (askerHi[i] == p.dstHi && askerLo[i] == p.dstLo && protocol[i] == p.protocol && type[i] == queryType
          && id[i] == p.icmpId && ts[i] <= p.tsNanos && p.tsNanos - ts[i] <= ANSWER_NANOS
          && (found < 0 || ts[i] > ts[found])) {
        found = i;
      }
    }
    if (found < 0) {
      return;
    }
    f.technique = Technique.PING_SWEEP;
    f.bits |= Flow.GROUP_ASKED;
    f.openingTtl = ttl[found] < 0 ? Integer.MAX_VALUE : ttl[found];
    f.openingLinkDestination = -1;
    f.firstTs = ts[found];
    f.firstFrame = frame[found];
    f.firstFlags = -1;
    f.traits = traits[found];
    f.initiatorPackets = 1; // the one query each host was asked by
    f.lastInitiatorTs = ts[found];
  }

  private int oldest() {
    int oldest = 0;
    for (int i = 1; i < SLOTS; i++) {
      if (ts[i] < ts[oldest]) {
        oldest = i;
      }
    }
    return oldest;
  }
}

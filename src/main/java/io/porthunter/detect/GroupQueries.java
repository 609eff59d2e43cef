package io.porthunter.detect;

import io.porthunter.capture.Packet;

/**
 * The last ICMP messages sent to a group (a broadcast address, ff02::1 and other multicast groups),
 * so the unicast answers they draw become the asker's conversations with each host that answered:
 * one echo to 255.255.255.255 or ff02::1 finds every live host of a segment, as a ping sweep does
 * (nmap's broadcast-ping, atk6-alive6). A reply counts when it carries the query's type and echo
 * identifier; a parameter problem when it quotes a message to the group with an option every host
 * must refuse aloud (RFC 4443 2.4 e.3: nmap's targets-ipv6-multicast-invalid-dst). Either comes
 * within {@link #ANSWER_NANOS}. A few slots, the oldest reused: such messages are rare, and the
 * table is empty, costing nothing, in most captures.
 */
final class GroupQueries {
  /** How long after a group query a reply answers it: hosts answer within milliseconds, nmap waits 3 s. */
  static final long ANSWER_NANOS = 5_000_000_000L;
  private static final int SLOTS = 16;

  private final long[] askerHi = new long[SLOTS];
  private final long[] askerLo = new long[SLOTS];
  private final long[] groupHi = new long[SLOTS];
  private final long[] groupLo = new long[SLOTS];
  private final int[] protocol = new int[SLOTS];
  private final int[] type = new int[SLOTS];
  private final int[] id = new int[SLOTS];
  private final long[] ts = new long[SLOTS];
  private final long[] frame = new long[SLOTS];
  private final int[] ttl = new int[SLOTS];
  private final int[] traits = new int[SLOTS];
  private int used;

  /** Notes an ICMP message (not an error) sent to a group address. */
  void note(Packet p) {
    int slot = used < SLOTS ? used++ : oldest();
    askerHi[slot] = p.srcHi;
    askerLo[slot] = p.srcLo;
    groupHi[slot] = p.dstHi;
    groupLo[slot] = p.dstLo;
    protocol[slot] = p.protocol;
    type[slot] = p.icmpType;
    id[slot] = p.icmpId;
    ts[slot] = p.tsNanos;
    frame[slot] = p.frame;
    ttl[slot] = p.ttl;
    traits[slot] = ProbeTraits.ofIpHeader(p);
  }

  /**
   * The latest group query a reply {@code p} to a query of {@code queryType} answers (its asker, type
   * and echo identifier, within {@link #ANSWER_NANOS}), or -1.
   */
  int repliedTo(Packet p, int queryType) {
    int found = -1;
    for (int i = 0; i < used; i++) {
      if (type[i] == queryType && id[i] == p.icmpId && answers(i, p, p.protocol, found)) {
        found = i;
      }
    }
    return found;
  }

  /**
   * The latest group message an ICMP error {@code p} quotes (sent to its asker, about a message from
   * it to its group, within {@link #ANSWER_NANOS}), or -1.
   */
  int quotedBy(Packet p) {
    int found = -1;
    for (int i = 0; i < used; i++) {
      if (askerHi[i] == p.quotedSrcHi && askerLo[i] == p.quotedSrcLo && groupHi[i] == p.quotedDstHi
          && groupLo[i] == p.quotedDstLo && answers(i, p, p.quotedProtocol, found)) {
        found = i;
      }
    }
    return found;
  }

  /** Whether {@code p}, sent to the asker of slot {@code i}, comes in time for it, and later than {@code found}. */
  private boolean answers(int i, Packet p, int messageProtocol, int found) {
    return askerHi[i] == p.dstHi && askerLo[i] == p.dstLo && protocol[i] == messageProtocol
        && ts[i] <= p.tsNanos && p.tsNanos - ts[i] <= ANSWER_NANOS && (found < 0 || ts[i] > ts[found]);
  }

  /** The ICMP type of the message noted in {@code slot}. */
  int type(int slot) {
    return type[slot];
  }

  /**
   * Opens {@code f}, the conversation an answer began without a unicast message, as the group message
   * in {@code slot} would have.
   */
  void open(Flow f, int slot) {
    f.technique = Technique.PING_SWEEP;
    f.bits |= Flow.GROUP_ASKED;
    f.openingTtl = ttl[slot] < 0 ? Integer.MAX_VALUE : ttl[slot];
    f.openingLinkDestination = -1;
    f.firstTs = ts[slot];
    f.firstFrame = frame[slot];
    f.firstFlags = -1;
    f.traits = traits[slot];
    f.initiatorPackets = 1; // the one message each host was asked by
    f.lastInitiatorTs = ts[slot];
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

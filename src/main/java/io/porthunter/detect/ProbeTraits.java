package io.porthunter.detect;

import io.porthunter.capture.Packet;

/**
 * Wire traits of one source's opening probes, counted for the tool fingerprint: the values scanners
 * hard-code (window, options, IP ID, TTL) and how they pick source ports. A conversation keeps its
 * opening packet's traits and they count when it concludes, unless it became a real conversation:
 * a workstation that scans while it browses is fingerprinted by its probes alone. Every trait is a
 * count or a set, so traits gathered by parallel workers merge into exactly what one pass would have
 * seen.
 */
final class ProbeTraits {
  /** TCP option kinds (RFC 9293, RFC 2018, RFC 7323) that tell a full stack from a scanner's SYN. */
  static final int OPT_SACK_PERMITTED = 4;
  static final int OPT_TIMESTAMP = 8;

  // One opening packet's traits as bits (kept in its conversation): the window class, then flags.
  private static final int WINDOW_1024 = 1;
  private static final int WINDOW_65535 = 2;
  private static final int WINDOW_512 = 3;
  private static final int WINDOW_16384 = 4;
  private static final int WINDOW_MASK = 7;
  private static final int SYN_LONE_MSS_1460 = 1 << 3;
  private static final int SYN_NO_OPTIONS = 1 << 4;
  private static final int SYN_FULL_STACK = 1 << 5;
  private static final int IPV4 = 1 << 6;
  private static final int IP_ID_54321 = 1 << 7;
  private static final int IP_ID_MASSCAN = 1 << 8;
  private static final int TTL_AT_LEAST_250 = 1 << 9;
  private static final int UDP_EMPTY = 1 << 10;

  long tcpProbes;
  long synProbes;
  long window1024;
  long window65535;
  long window512;
  long window16384;
  long synLoneMss1460;
  long synNoOptions;
  /**
   * SYNs offering SACK: the operating system's own connect() (Linux, BSD, macOS and Windows stacks all
   * offer it; Windows sends no timestamps), where raw scanners send an MSS alone or nothing.
   */
  long synFullStackOptions;
  long ipId54321;
  /** masscan's IP ID: (destination ^ destination port ^ sequence) & 0xffff (IPv4). */
  long ipIdMasscan;
  long ipv4TcpProbes;
  long ttlAtLeast250;
  /** Source ports of the TCP and of the UDP opening probes. */
  final PortSet tcpSourcePorts = new PortSet();
  final PortSet udpSourcePorts = new PortSet();
  long udpProbes;
  long udpEmptyPayload;
  long icmpEcho;
  long icmpTimestamp;
  long icmpAddressMask;

  /** The opening TCP segment's traits, kept in its conversation until it concludes as a probe or not. */
  static int ofTcp(Packet p, Technique technique) {
    int bits = switch (p.tcpWindow) {
      case 1024 -> WINDOW_1024;
      case 65535 -> WINDOW_65535;
      case 512 -> WINDOW_512;
      case 16384 -> WINDOW_16384;
      default -> 0;
    };
    if (technique == Technique.SYN) {
      bits |= p.tcpOptionCount == 1 && p.tcpMss == 1460 ? SYN_LONE_MSS_1460 : 0;
      bits |= p.tcpOptionsLength == 0 ? SYN_NO_OPTIONS : 0;
      bits |= hasOption(p.tcpOptionKinds, OPT_SACK_PERMITTED) ? SYN_FULL_STACK : 0;
    }
    if (p.isIpv4()) {
      bits |= IPV4;
      bits |= p.ipId == 54321 ? IP_ID_54321 : 0;
      bits |= p.ipId == (int) ((p.dstV4() ^ p.dstPort ^ p.tcpSeq) & 0xFFFF) ? IP_ID_MASSCAN : 0;
    }
    return bits | ttlBit(p);
  }

  /** The opening UDP datagram's traits. */
  static int ofUdp(Packet p) {
    return (p.payloadLength == 0 ? UDP_EMPTY : 0) | ttlBit(p);
  }

  private static int ttlBit(Packet p) {
    return p.ttl >= 250 ? TTL_AT_LEAST_250 : 0;
  }

  /** Counts a concluded probe conversation's opening traits (its source port or ICMP type from the key). */
  void count(Flow f) {
    int bits = f.traits;
    ttlAtLeast250 += (bits & TTL_AT_LEAST_250) != 0 ? 1 : 0;
    switch (f.technique) {
      case UDP -> {
        udpProbes++;
        udpEmptyPayload += (bits & UDP_EMPTY) != 0 ? 1 : 0;
        udpSourcePorts.add(f.aPort);
      }
      case PING_SWEEP -> {
        switch (f.aPort) { // the query type
          case 8, 128 -> icmpEcho++;
          case 13 -> icmpTimestamp++;
          case 17 -> icmpAddressMask++;
          default -> { }
        }
      }
      default -> countTcp(f, bits);
    }
  }

  private void countTcp(Flow f, int bits) {
    tcpProbes++;
    switch (bits & WINDOW_MASK) {
      case WINDOW_1024 -> window1024++;
      case WINDOW_65535 -> window65535++;
      case WINDOW_512 -> window512++;
      case WINDOW_16384 -> window16384++;
      default -> { }
    }
    if (f.technique == Technique.SYN) {
      synProbes++;
      synLoneMss1460 += (bits & SYN_LONE_MSS_1460) != 0 ? 1 : 0;
      synNoOptions += (bits & SYN_NO_OPTIONS) != 0 ? 1 : 0;
      synFullStackOptions += (bits & SYN_FULL_STACK) != 0 ? 1 : 0;
    }
    if ((bits & IPV4) != 0) {
      ipv4TcpProbes++;
      ipId54321 += (bits & IP_ID_54321) != 0 ? 1 : 0;
      ipIdMasscan += (bits & IP_ID_MASSCAN) != 0 ? 1 : 0;
    }
    tcpSourcePorts.add(f.aPort);
  }

  /** Adds another worker's traits of the same source. */
  void merge(ProbeTraits o) {
    tcpProbes += o.tcpProbes;
    synProbes += o.synProbes;
    window1024 += o.window1024;
    window65535 += o.window65535;
    window512 += o.window512;
    window16384 += o.window16384;
    synLoneMss1460 += o.synLoneMss1460;
    synNoOptions += o.synNoOptions;
    synFullStackOptions += o.synFullStackOptions;
    ipId54321 += o.ipId54321;
    ipIdMasscan += o.ipIdMasscan;
    ipv4TcpProbes += o.ipv4TcpProbes;
    ttlAtLeast250 += o.ttlAtLeast250;
    tcpSourcePorts.addAll(o.tcpSourcePorts);
    udpSourcePorts.addAll(o.udpSourcePorts);
    udpProbes += o.udpProbes;
    udpEmptyPayload += o.udpEmptyPayload;
    icmpEcho += o.icmpEcho;
    icmpTimestamp += o.icmpTimestamp;
    icmpAddressMask += o.icmpAddressMask;
  }

  /** True when the ports form one contiguous run, one per probe: a tool incrementing its port. */
  static boolean incrementing(PortSet ports, long probes) {
    return ports.contiguous(2) && ports.size() >= ToolFingerprint.MAJORITY * probes;
  }

  /**
   * True when the segment carries a TCP timestamp: it belongs to a connection that negotiated
   * timestamps. Raw probes (nmap, masscan, zmap, hping3) carry none beside a SYN.
   */
  static boolean carriesTimestamp(Packet p) {
    return hasOption(p.tcpOptionKinds, OPT_TIMESTAMP);
  }

  private static boolean hasOption(long kinds, int kind) {
    for (int i = 0; i < 8; i++) {
      if (((kinds >>> (8 * i)) & 0xFF) == kind) {
        return true;
      }
    }
    return false;
  }
}

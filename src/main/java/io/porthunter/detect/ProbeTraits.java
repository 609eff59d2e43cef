package io.porthunter.detect;

import io.porthunter.capture.Packet;

/**
 * Wire traits of one source's opening probes, counted for the tool fingerprint: the values scanners
 * hard-code (window, options, IP ID, TTL) and how they pick source ports. Every trait is a count or a
 * set, so traits gathered by parallel workers merge into exactly what one pass would have seen.
 */
final class ProbeTraits {
  /** TCP option kinds (RFC 9293, RFC 2018, RFC 7323) that tell a full stack from a scanner's SYN. */
  static final int OPT_SACK_PERMITTED = 4;
  static final int OPT_TIMESTAMP = 8;

  long tcpProbes;
  long synProbes;
  long window1024;
  long window65535;
  long window512;
  long window16384;
  long synLoneMss1460;
  long synNoOptions;
  /** SYNs carrying timestamps and SACK-permitted: the operating system's own connect(). */
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

  void countTcp(Packet p, Technique technique) {
    tcpProbes++;
    switch (p.tcpWindow) {
      case 1024 -> window1024++;
      case 65535 -> window65535++;
      case 512 -> window512++;
      case 16384 -> window16384++;
      default -> { }
    }
    if (technique == Technique.SYN) {
      synProbes++;
      if (p.tcpOptionCount == 1 && p.tcpMss == 1460) {
        synLoneMss1460++;
      }
      if (p.tcpOptionsLength == 0) {
        synNoOptions++;
      }
      if (hasOption(p.tcpOptionKinds, OPT_SACK_PERMITTED) && hasOption(p.tcpOptionKinds, OPT_TIMESTAMP)) {
        synFullStackOptions++;
      }
    }
    if (p.isIpv4()) {
      ipv4TcpProbes++;
      if (p.ipId == 54321) {
        ipId54321++;
      }
      int expected = (int) ((p.dstV4() ^ p.dstPort ^ p.tcpSeq) & 0xFFFF);
      if (p.ipId == expected) {
        ipIdMasscan++;
      }
    }
    countTtl(p);
    tcpSourcePorts.add(p.srcPort);
  }

  void countUdp(Packet p) {
    udpProbes++;
    if (p.payloadLength == 0) {
      udpEmptyPayload++;
    }
    countTtl(p);
    udpSourcePorts.add(p.srcPort);
  }

  void countIcmp(int queryType) {
    switch (queryType) {
      case 8, 128 -> icmpEcho++;
      case 13 -> icmpTimestamp++;
      case 17 -> icmpAddressMask++;
      default -> { }
    }
  }

  private void countTtl(Packet p) {
    if (p.ttl >= 250) {
      ttlAtLeast250++;
    }
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

  private static boolean hasOption(long kinds, int kind) {
    for (int i = 0; i < 8; i++) {
      if (((kinds >>> (8 * i)) & 0xFF) == kind) {
        return true;
      }
    }
    return false;
  }
}

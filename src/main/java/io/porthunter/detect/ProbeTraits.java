package io.porthunter.detect;

import io.porthunter.capture.IcmpType;
import io.porthunter.capture.Packet;

/**
 * Wire traits of one source's opening probes, counted for the tool fingerprint: the values scanners
 * hard-code (window, options, IP ID, TTL) and how they pick source ports. A conversation keeps its
 * opening packet's traits and they count when it concludes, unless it became a real conversation:
 * a workstation that scans while it browses is fingerprinted by its probes alone. A source keeps the
 * SYNs of its own stack ({@link #ownStackSyn}) apart from its other probes, so a raw scan beside the
 * host's own failed or empty connects is named by the scan's probes. Every trait is a count or a set,
 * so traits gathered by parallel workers merge into exactly what one pass would have seen.
 */
final class ProbeTraits {
  /** TCP option kinds (RFC 9293, RFC 2018, RFC 7323) that tell a full stack from a scanner's SYN. */
  static final int OPT_SACK_PERMITTED = 4;
  static final int OPT_TIMESTAMP = 8;
  /** The first and last of the historic option kinds ({@link #obsoleteOption}). */
  private static final int OPT_ECHO = 6;
  private static final int OPT_ALTERNATE_CHECKSUM_DATA = 15;

  /** nmap's and masscan's raw TCP window: their probes' window field is 1024, whatever the port. */
  static final int RAW_SCANNER_WINDOW = 1024;

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
  /** The highest TTL a byte holds: above it, a conversation's opening TTL was not captured. */
  private static final int MAX_TTL = 255;
  /** Which of {@link #NMAP_OS_PROBES} the opening segment is (1-based; 0 for none), in 4 bits from here. */
  private static final int NMAP_OS_PROBE_SHIFT = 11;
  /** An SCTP INIT with nmap's constants ({@link #ofSctpInit}), which masscan's carry too. */
  private static final int SCTP_INIT_NMAP = 1 << 15;
  /**
   * nmap's SCTP INIT (-sY): a_rwnd 32768, 10 outbound and 2048 inbound streams, whatever the host;
   * a stack's INIT offers its receive buffer and, on Linux, 65535 inbound streams.
   */
  private static final long NMAP_SCTP_A_RWND = 32768;
  private static final int NMAP_SCTP_OUTBOUND_STREAMS = 10;
  private static final int NMAP_SCTP_INBOUND_STREAMS = 2048;
  /** An SCTP COOKIE ECHO whose cookie is nmap -sZ's 4 bytes ({@link #ofSctpCookieEcho}). */
  private static final int SCTP_COOKIE_ECHO_NMAP = 1 << 16;
  /**
   * nmap's COOKIE ECHO chunk (-sZ): its header and a 4-byte cookie. A stack echoes the state cookie
   * its peer's INIT ACK gave, which holds the association's parameters and a signature (Linux's:
   * well over 100 bytes).
   */
  private static final int NMAP_SCTP_COOKIE_ECHO_LENGTH = 8;
  private static final int FLAGS_AND_ECN = TcpFlags.CLASSIC | TcpFlags.ECE | TcpFlags.CWR;
  /**
   * nmap's OS-detection probes (-O, -A) as {flags, window}: each is sent with a window no stack or
   * other scanner uses with those flags (nmap's "TCP/IP Fingerprinting Methods"): the SEQ SYNs with
   * windows 1, 63, 4 and 16 (its sixth, window 512, is also hping3's default and not listed), the ECN
   * SYN with ECE and CWR and window 3, T2 (no flags, 128), T3 (SYN FIN PSH URG, 256), T5 (SYN, 31337),
   * T6 (ACK, 32768) and T7 (FIN PSH URG, 65535). T4 (ACK, 1024) is also nmap's ACK scan probe.
   */
  private static final int[][] NMAP_OS_PROBES = {
      {TcpFlags.SYN, 1}, {TcpFlags.SYN, 63}, {TcpFlags.SYN, 4}, {TcpFlags.SYN, 16},
      {TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR, 3}, {0, 128},
      {TcpFlags.SYN | TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG, 256}, {TcpFlags.SYN, 31337},
      {TcpFlags.ACK, 32768}, {TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG, 65535}};

  long tcpProbes;
  long synProbes;
  long window1024;
  long window65535;
  long window512;
  long window16384;
  long synLoneMss1460;
  /** SYNs with no option at all: masscan's (nmap's raw SYNs carry an MSS). */
  long synNoOptions;
  long ipId54321;
  /** masscan's IP ID: (destination ^ destination port ^ sequence) & 0xffff (IPv4). */
  long ipIdMasscan;
  long ipv4TcpProbes;
  /** IPv4 probes of every protocol (zmap's fixed IP ID is in its UDP and ICMP probes too). */
  long ipv4Probes;
  /** TCP probes sent with a TTL or hop limit of 250 or more (compared with {@link #tcpProbes}). */
  long tcpTtlAtLeast250;
  /**
   * IPv4 UDP probes sent with TTL 255 (masscan's); nmap's IPv6 probes go out with hop limit 255 too,
   * and some systems send their own pings with TTL 255.
   */
  long ipv4UdpTtlAtLeast250;
  /**
   * IPv4 UDP probes with a known opening TTL, and the lowest and highest of those TTLs: nmap picks
   * each raw probe's TTL at random (37 to 59 or so), a socket's datagrams leave with its stack's one
   * value, the same to every host at one distance.
   */
  long ipv4UdpTtlProbes;
  int ipv4UdpTtlLow = Integer.MAX_VALUE;
  int ipv4UdpTtlHigh = Integer.MIN_VALUE;
  /** Source ports of the TCP and of the UDP opening probes. */
  final PortSet tcpSourcePorts = new PortSet();
  final PortSet udpSourcePorts = new PortSet();
  /** Opening probes that were one of nmap's OS-detection probes, and which of them (bit i+1 for entry i). */
  long nmapOsProbes;
  int nmapOsProbeKinds;
  long udpProbes;
  /** UDP probes sent from the port they went to: a protocol whose peers use one port (WireGuard, IKE, RIP). */
  long udpToOwnPort;
  long icmpEcho;
  long icmpTimestamp;
  /** ICMP echo requests over IPv4 sent with TTL 255 (masscan --ping's; stacks ping with 64 or 128). */
  long ipv4EchoTtlAtLeast250;
  long sctpInits;
  /** SCTP INITs with nmap's constants (masscan copies them), and those over IPv4, and with TTL 255. */
  long sctpInitsNmap;
  long ipv4SctpInits;
  long ipv4SctpInitsTtlAtLeast250;
  /** SCTP COOKIE ECHOs opening nothing (-sZ's probes), and those with nmap's 4-byte cookie. */
  long sctpCookieEchoes;
  long sctpCookieEchoesNmap;

  /** The opening TCP segment's traits, kept in its conversation until it concludes as a probe or not. */
  static int ofTcp(Packet p, Technique technique) {
    int bits = switch (p.tcpWindow) {
      case RAW_SCANNER_WINDOW -> WINDOW_1024;
      case 65535 -> WINDOW_65535;
      case 512 -> WINDOW_512;
      case 16384 -> WINDOW_16384;
      default -> 0;
    };
    if (technique == Technique.SYN) {
      bits |= p.tcpOptionCount == 1 && p.tcpMss == 1460 ? SYN_LONE_MSS_1460 : 0;
      bits |= hasOption(p.tcpOptionKinds, OPT_SACK_PERMITTED) && !obsoleteOption(p.tcpOptionKinds)
          ? SYN_FULL_STACK : 0;
      bits |= p.tcpOptionsLength == 0 ? SYN_NO_OPTIONS : 0; // by the data offset: a snap length may cut options
    }
    bits |= nmapOsProbe(p) << NMAP_OS_PROBE_SHIFT;
    if (p.isIpv4()) {
      bits |= p.ipId == (int) ((p.dstV4() ^ p.dstPort ^ p.tcpSeq) & 0xFFFF) ? IP_ID_MASSCAN : 0;
    }
    return bits | ofIpHeader(p);
  }

  /**
   * True for {@link #ofTcp} bits of a SYN offering SACK, as every operating system's stack does (Linux,
   * BSD, macOS and Windows; Windows sends no timestamps), where raw scanners send an MSS alone or nothing,
   * and with no historic option kind ({@link #obsoleteOption}), which no stack sends.
   */
  static boolean stackSyn(int bits) {
    return (bits & SYN_FULL_STACK) != 0;
  }

  /**
   * True for {@link #ofTcp} bits of a SYN from the operating system's own connect(): a {@link #stackSyn}
   * that is none of nmap's OS-detection probes, which offer SACK and more too.
   */
  static boolean ownStackSyn(int bits) {
    return stackSyn(bits) && ((bits >>> NMAP_OS_PROBE_SHIFT) & 0xF) == 0;
  }

  /**
   * True for {@link #ofTcp} bits of a SYN with no options at all, as a raw scanner's own stack sends
   * (masscan). Every operating system's stack offers some (an MSS at least), SACK or not.
   */
  static boolean rawSyn(int bits) {
    return (bits & SYN_NO_OPTIONS) != 0;
  }

  /**
   * True for {@link #ofTcp} bits of a SYN a raw scanner crafted: no options at all (masscan, hping3),
   * or nmap's raw SYN, an MSS of 1460 alone with a window of 1024. No operating system's stack sends
   * either.
   */
  static boolean craftedSyn(int bits) {
    return rawSyn(bits) || ((bits & SYN_LONE_MSS_1460) != 0 && (bits & WINDOW_MASK) == WINDOW_1024);
  }

  /**
   * True for {@link #ofTcp} bits of masscan's SYN: no options, its window of 1024, and its IP ID cookie
   * or its TTL (hop limit) of 255. Its user-space stack completes the handshakes it answers (--banners);
   * a small device's stack sending bare SYNs would not carry those too.
   */
  static boolean masscanSyn(int bits) {
    return rawSyn(bits) && (bits & WINDOW_MASK) == WINDOW_1024 && (bits & (IP_ID_MASSCAN | TTL_AT_LEAST_250)) != 0;
  }

  private static int nmapOsProbe(Packet p) {
    int flags = p.tcpFlags & FLAGS_AND_ECN;
    for (int i = 0; i < NMAP_OS_PROBES.length; i++) {
      if (NMAP_OS_PROBES[i][1] == p.tcpWindow && NMAP_OS_PROBES[i][0] == flags) {
        return i + 1;
      }
    }
    return 0;
  }

  /** How many kinds of nmap's OS-detection probes were seen (of {@link #nmapOsProbeKindsKnown}). */
  int nmapOsProbeKindsSeen() {
    return Integer.bitCount(nmapOsProbeKinds);
  }

  static int nmapOsProbeKindsKnown() {
    return NMAP_OS_PROBES.length;
  }

  /**
   * True for {@link #ofIpHeader} bits of a stateless scanner's raw datagram: zmap's fixed IP ID 54321,
   * or the TTL of 255 masscan sends with (stacks send with 64 or 128).
   */
  static boolean statelessScannerHeader(int bits) {
    return (bits & (IP_ID_54321 | TTL_AT_LEAST_250)) != 0;
  }

  /** The traits of a probe's IP header: all an opening UDP datagram or ICMP query shows. */
  static int ofIpHeader(Packet p) {
    int bits = p.ttl >= 250 ? TTL_AT_LEAST_250 : 0;
    if (p.isIpv4()) {
      bits |= IPV4 | (p.ipId == 54321 ? IP_ID_54321 : 0);
    }
    return bits;
  }

  /** The traits of an opening SCTP INIT: its IP header's, and whether its fixed fields are nmap's. */
  static int ofSctpInit(Packet p) {
    boolean nmap = p.sctpInitArwnd == NMAP_SCTP_A_RWND && p.sctpInitOutboundStreams == NMAP_SCTP_OUTBOUND_STREAMS
        && p.sctpInitInboundStreams == NMAP_SCTP_INBOUND_STREAMS;
    return ofIpHeader(p) | (nmap ? SCTP_INIT_NMAP : 0);
  }

  /** The traits of an opening SCTP COOKIE ECHO: its IP header's, and whether its cookie is nmap's size. */
  static int ofSctpCookieEcho(Packet p) {
    return ofIpHeader(p) | (p.sctpChunkLength == NMAP_SCTP_COOKIE_ECHO_LENGTH ? SCTP_COOKIE_ECHO_NMAP : 0);
  }

  /** Counts a concluded probe conversation's opening traits (its source port or ICMP type from the key). */
  void count(Flow f) {
    int bits = f.traits;
    if ((bits & IPV4) != 0) {
      ipv4Probes++;
      ipId54321 += (bits & IP_ID_54321) != 0 ? 1 : 0;
    }
    switch (f.technique) {
      case UDP -> {
        udpProbes++;
        udpSourcePorts.add(f.aPort);
        udpToOwnPort += f.aPort == f.bPort ? 1 : 0;
        ipv4UdpTtlAtLeast250 += (bits & (IPV4 | TTL_AT_LEAST_250)) == (IPV4 | TTL_AT_LEAST_250) ? 1 : 0;
        if ((bits & IPV4) != 0 && f.openingTtl <= MAX_TTL) {
          ipv4UdpTtlProbes++;
          ipv4UdpTtlLow = Math.min(ipv4UdpTtlLow, f.openingTtl);
          ipv4UdpTtlHigh = Math.max(ipv4UdpTtlHigh, f.openingTtl);
        }
      }
      case PING_SWEEP -> {
        switch (f.aPort) { // the query type
          case IcmpType.ECHO_REQUEST, IcmpType.V6_ECHO_REQUEST -> {
            icmpEcho++;
            ipv4EchoTtlAtLeast250 += (bits & (IPV4 | TTL_AT_LEAST_250)) == (IPV4 | TTL_AT_LEAST_250) ? 1 : 0;
          }
          case IcmpType.TIMESTAMP_REQUEST -> icmpTimestamp++;
          default -> { }
        }
      }
      case SCTP_INIT -> {
        sctpInits++;
        sctpInitsNmap += (bits & SCTP_INIT_NMAP) != 0 ? 1 : 0;
        ipv4SctpInits += (bits & IPV4) != 0 ? 1 : 0;
        ipv4SctpInitsTtlAtLeast250 += (bits & (IPV4 | TTL_AT_LEAST_250)) == (IPV4 | TTL_AT_LEAST_250) ? 1 : 0;
      }
      case SCTP_COOKIE_ECHO -> {
        sctpCookieEchoes++;
        sctpCookieEchoesNmap += (bits & SCTP_COOKIE_ECHO_NMAP) != 0 ? 1 : 0;
      }
      // no port, or an empty datagram: nothing that names a tool
      case ARP_SWEEP, ND_SWEEP, IP_PROTOCOL -> { }
      default -> countTcp(f, bits);
    }
  }

  private void countTcp(Flow f, int bits) {
    tcpProbes++;
    tcpTtlAtLeast250 += (bits & TTL_AT_LEAST_250) != 0 ? 1 : 0;
    switch (bits & WINDOW_MASK) {
      case WINDOW_1024 -> window1024++;
      case WINDOW_65535 -> window65535++;
      case WINDOW_512 -> window512++;
      case WINDOW_16384 -> window16384++;
      default -> { }
    }
    int osProbe = (bits >>> NMAP_OS_PROBE_SHIFT) & 0xF;
    // nmap's OS-detection SYNs offer SACK and more, like a stack's: they would make -A a connect scan
    if (f.technique == Technique.SYN && osProbe == 0) {
      synProbes++;
      synLoneMss1460 += (bits & SYN_LONE_MSS_1460) != 0 ? 1 : 0;
      synNoOptions += (bits & SYN_NO_OPTIONS) != 0 ? 1 : 0;
    }
    if (osProbe != 0) {
      nmapOsProbes++;
      nmapOsProbeKinds |= 1 << osProbe;
    }
    if ((bits & IPV4) != 0) {
      ipv4TcpProbes++;
      ipIdMasscan += (bits & IP_ID_MASSCAN) != 0 ? 1 : 0;
    }
    tcpSourcePorts.add(f.aPort);
  }

  /** The traits of two disjoint sets of probes taken together. */
  static ProbeTraits sum(ProbeTraits a, ProbeTraits b) {
    ProbeTraits t = new ProbeTraits();
    t.merge(a);
    t.merge(b);
    return t;
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
    ipId54321 += o.ipId54321;
    ipIdMasscan += o.ipIdMasscan;
    ipv4TcpProbes += o.ipv4TcpProbes;
    ipv4Probes += o.ipv4Probes;
    tcpTtlAtLeast250 += o.tcpTtlAtLeast250;
    ipv4UdpTtlAtLeast250 += o.ipv4UdpTtlAtLeast250;
    ipv4UdpTtlProbes += o.ipv4UdpTtlProbes;
    ipv4UdpTtlLow = Math.min(ipv4UdpTtlLow, o.ipv4UdpTtlLow);
    ipv4UdpTtlHigh = Math.max(ipv4UdpTtlHigh, o.ipv4UdpTtlHigh);
    nmapOsProbes += o.nmapOsProbes;
    nmapOsProbeKinds |= o.nmapOsProbeKinds;
    tcpSourcePorts.addAll(o.tcpSourcePorts);
    udpSourcePorts.addAll(o.udpSourcePorts);
    udpProbes += o.udpProbes;
    udpToOwnPort += o.udpToOwnPort;
    icmpEcho += o.icmpEcho;
    icmpTimestamp += o.icmpTimestamp;
    ipv4EchoTtlAtLeast250 += o.ipv4EchoTtlAtLeast250;
    sctpInits += o.sctpInits;
    sctpInitsNmap += o.sctpInitsNmap;
    ipv4SctpInits += o.ipv4SctpInits;
    ipv4SctpInitsTtlAtLeast250 += o.ipv4SctpInitsTtlAtLeast250;
    sctpCookieEchoes += o.sctpCookieEchoes;
    sctpCookieEchoesNmap += o.sctpCookieEchoesNmap;
  }

  /**
   * True when one contiguous run of ports holds about one per probe (at least {@code share} of the
   * probes, and two or more): a tool incrementing its port, beside a stray datagram or two of the host's
   * own (hping3's reverse lookups of its target).
   */
  static boolean incrementing(PortSet ports, long probes, double share) {
    int run = ports.longestRun();
    return run >= 2 && run >= share * probes;
  }

  /**
   * True for an IPv4 segment as nmap crafts its raw probes: window 1024, no options, no
   * don't-fragment, which operating systems set on TCP for path MTU discovery. A keep-alive or the
   * last segments of a real connection carry their stack's flags. (Over IPv6, which has no such flag,
   * an idle FreeBSD connection's window field reads 1024 too.)
   */
  static boolean rawScannerSegment(Packet p) {
    return p.isIpv4() && !p.dontFragment && p.tcpWindow == RAW_SCANNER_WINDOW && p.tcpOptionsLength == 0;
  }

  /**
   * True when the segment carries a TCP timestamp: it belongs to a connection that negotiated
   * timestamps. Raw probes (nmap, masscan, zmap, hping3) carry none beside a SYN.
   */
  static boolean carriesTimestamp(Packet p) {
    return hasOption(p.tcpOptionKinds, OPT_TIMESTAMP);
  }

  /**
   * Whether the options hold a kind no stack has sent for decades: RFC 1072's echo (6, 7), RFC 1693's
   * partial order (9, 10), T/TCP's connection counts (11-13, RFC 1644) or alternate checksums (14, 15,
   * RFC 1146), all historic. A crafted SYN's: atk6-alive6 offers SACK beside an echo option.
   */
  private static boolean obsoleteOption(long kinds) {
    for (int i = 0; i < 8; i++) {
      int kind = (int) ((kinds >>> (8 * i)) & 0xFF);
      if (kind >= OPT_ECHO && kind <= OPT_ALTERNATE_CHECKSUM_DATA && kind != OPT_TIMESTAMP) {
        return true;
      }
    }
    return false;
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

package io.porthunter.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names the scanning program from values it hard-codes in its probes. Each rule needs the trait in
 * at least {@link DetectionSettings#toolMinShare} of the relevant probes, and at least {@link
 * DetectionSettings#toolMinProbes} of them, and reports the counts as evidence:
 * <ul>
 *   <li>masscan: IPv4 ID = (destination ⊕ destination port ⊕ sequence) mod 2^16, window 1024, TTL 255;
 *       over IPv6, window 1024, hop limit 255 and SYNs with no option at all (nmap's carry an MSS); its IPv4 UDP
 *       probes: TTL 255 (nmap's go out with TTLs below 64, its IPv6 ones with 255)</li>
 *   <li>zmap: IPv4 ID 54321 (TCP, UDP and ICMP probes), window 65535</li>
 *   <li>hping3: window 512, source port incremented per probe; UDP probes (no window): the source port
 *       incremented per probe alone</li>
 *   <li>unicornscan: window 16384 on crafted probes (an operating system's own SYNs, which offer SACK, do
 *       not count: OpenBSD's stack opens with window 16384 too)</li>
 *   <li>nmap raw probes: window 1024, SYNs with one option (MSS 1460), a source port reused across
 *       ports; nmap -O / -A: its OS-detection probes, each with its own fixed flags and window;
 *       nmap -sn: ICMP echo and timestamp with TCP SYN/ACK discovery probes; nmap -sU: UDP probes
 *       from one source port, over IPv4 with TTLs picked at random; nmap -sY: SCTP INITs with a_rwnd
 *       32768, 10 outbound and 2048 inbound streams (masscan's too, sent with TTL 255); nmap -sZ:
 *       SCTP COOKIE ECHOs with a 4-byte cookie, where a stack echoes the long one its peer gave</li>
 *   <li>nmap -sT: the operating system's SYNs (connect()), open ports closed with RST right after
 *       the handshake (nmap sets SO_LINGER 0), more of them than connects closed with FIN (some of
 *       nmap's scripts close that way); only ports where the server had not spoken count, as any
 *       client closing with a greeting unread resets too</li>
 * </ul>
 */
final class ToolFingerprint {
  // How sure a rule is, by what it rests on: a value only that tool computes or sends ...
  private static final double CONFIDENCE_SIGNATURE = 0.95;
  /** ... a constant the tool writes into a field stacks fill otherwise, or two of its habits at once ... */
  private static final double CONFIDENCE_FIXED_VALUE = 0.9;
  /** ... a default value other crafted probes seldom use ... */
  private static final double CONFIDENCE_DEFAULT_VALUE = 0.85;
  /** ... a value or mix of values other tools share now and then ... */
  private static final double CONFIDENCE_SHARED_VALUE = 0.8;
  /** ... one value another tool could have chosen ... */
  private static final double CONFIDENCE_ONE_VALUE = 0.7;
  /** ... down to a way of behaving, not a value (how connects close, a source port reused). */
  private static final double CONFIDENCE_BEHAVIOUR = 0.6;
  /**
   * The least spread of TTLs over nmap's IPv4 UDP probes: it picks each one's at random from about
   * 37 to 59; a socket's datagrams share one TTL, lower by the hops to each host where the capture
   * is far from the sender.
   */
  private static final int NMAP_UDP_MIN_TTL_SPREAD = 8;

  private final int minProbes;
  private final double minShare;
  private final int nmapOsMinProbeKinds;

  ToolFingerprint(DetectionSettings settings) {
    this.minProbes = settings.toolMinProbes();
    this.minShare = settings.toolMinShare();
    this.nmapOsMinProbeKinds = settings.nmapOsMinProbeKinds();
  }

  /**
   * Names the tool of a source judged a scanner with {@code techniques}, from its probes' traits and
   * their tally. But for a connect scan, its own stack's SYNs are its own connections, not the scan's
   * probes: they count for no rule, and the evidence says how many were left out.
   */
  ToolMatch of(SourceState s, List<String> techniques, ProbeTally tally) {
    ProbeTraits stack = s.stackSyns();
    boolean connectScan = techniques.contains(Technique.CONNECT.wireName());
    // a scan of both kinds (nmap -sS and -sT): the crafted probes name their tool, else the connects do
    boolean synScan = techniques.contains(Technique.SYN.wireName());
    ProbeTraits t = connectScan && !synScan ? ProbeTraits.sum(s.traits(), stack) : s.traits();
    ToolMatch match = rawScanner(t, s.traits(), techniques);
    if (match == null && connectScan) {
      match = nmapConnectScan(stack.synProbes, synScan ? stack.synProbes : t.synProbes, tally);
    }
    if (match == null) {
      match = udpScanner(t);
    }
    if (match == null) {
      match = masscanPing(t);
    }
    if (match == null) {
      match = sctpScan(t);
    }
    if (match == null) {
      match = sctpCookieEchoScan(t);
    }
    if (match == null) {
      match = ToolMatch.unknown(
          t.tcpProbes > 0 ? List.of("no known fingerprint in " + Words.counted(t.tcpProbes, "TCP probe")) : List.of());
    }
    return connectScan || stack.synProbes == 0 ? match : match.withEvidence(
        Words.counted(stack.synProbes, "SYN") + " of the source's own stack (connect()) left out: not this scan's probes");
  }

  /**
   * nmap -sT: the stack's SYNs, open ports reset right after the handshake more often than closed with
   * FIN; or null.
   */
  private ToolMatch nmapConnectScan(long stackSyns, long syns, ProbeTally tally) {
    if (syns < minProbes || !share(stackSyns, syns) || tally.resetCloses <= tally.finCloses) {
      return null;
    }
    return new ToolMatch("nmap", CONFIDENCE_BEHAVIOUR, List.of(
        count(stackSyns, syns) + " SYNs from the operating system's stack (connect())",
        Words.counted(tally.resetCloses, "open port")
            + " closed with RST right after the handshake, before the server spoke (SO_LINGER 0, as nmap -sT)"
            + (tally.finCloses > 0 ? "; " + Words.counted(tally.finCloses, "connect") + " closed with FIN" : "")));
  }

  /**
   * The rules on raw TCP probes' fixed values, or null when none matches; {@code crafted} are the
   * traits of the probes but the stack's own SYNs ({@code t} itself unless a connect scan's).
   */
  private ToolMatch rawScanner(ProbeTraits t, ProbeTraits crafted, List<String> techniques) {
    List<String> ev = new ArrayList<>();
    long tcp = t.tcpProbes;
    if (t.ipv4TcpProbes >= minProbes && share(t.ipIdMasscan, t.ipv4TcpProbes)) {
      ev.add(count(t.ipIdMasscan, t.ipv4TcpProbes) + " probes with IP ID = dst ^ dport ^ seq (masscan's stateless cookie)");
      addIf(ev, share(t.window1024, tcp), count(t.window1024, tcp) + " probes with window 1024");
      addIf(ev, share(t.tcpTtlAtLeast250, tcp), count(t.tcpTtlAtLeast250, tcp) + " probes with TTL >= 250 (sent as 255)");
      return new ToolMatch("masscan", CONFIDENCE_SIGNATURE, ev);
    }
    if (t.ipv4Probes >= minProbes && share(t.ipId54321, t.ipv4Probes)) {
      ev.add(count(t.ipId54321, t.ipv4Probes) + " probes with IP ID 54321 (zmap's fixed ID)");
      addIf(ev, share(t.window65535, tcp), count(t.window65535, tcp) + " probes with window 65535");
      return new ToolMatch("zmap", CONFIDENCE_FIXED_VALUE, ev);
    }
    if (tcp >= minProbes && share(t.window512, tcp)) {
      ev.add(count(t.window512, tcp) + " probes with window 512 (hping3's default)");
      int ports = t.tcpSourcePorts.size();
      addIf(ev, ProbeTraits.incrementing(t.tcpSourcePorts, tcp, minShare),
          "source ports one contiguous run of " + t.tcpSourcePorts.longestRun() + " (incremented per probe)");
      addIf(ev, ports == 1, tcp + " probes from one source port (hping3 --scan)");
      return new ToolMatch("hping3", CONFIDENCE_DEFAULT_VALUE, ev);
    }
    // a connect() from OpenBSD opens with window 16384 too, offering SACK as no raw scanner does
    if (tcp >= minProbes && share(crafted.window16384, tcp)) {
      ev.add(count(crafted.window16384, tcp) + " probes with window 16384 (unicornscan)");
      return new ToolMatch("unicornscan", CONFIDENCE_ONE_VALUE, ev);
    }
    boolean osDetection = nmapOsDetection(t);
    // masscan without its IPv4 cookie (over IPv6): the same window as nmap's, but SYNs with no option,
    // sent with its hop limit of 255
    if (!osDetection && t.synProbes >= minProbes && share(t.synNoOptions, t.synProbes) && share(t.window1024, tcp)
        && share(t.tcpTtlAtLeast250, tcp)) {
      ev.add(count(t.synNoOptions, t.synProbes) + " SYNs with no options (masscan's; nmap's carry an MSS)");
      ev.add(count(t.window1024, tcp) + " probes with window 1024");
      ev.add(count(t.tcpTtlAtLeast250, tcp) + " probes with TTL or hop limit >= 250 (sent as 255)");
      return new ToolMatch("masscan", CONFIDENCE_SHARED_VALUE, ev);
    }
    // OS detection's probes use other windows: the share of window 1024 is taken over the rest
    long raw = tcp - t.nmapOsProbes;
    boolean rawWindow = raw >= minProbes && share(t.window1024, raw);
    if (rawWindow || osDetection) {
      addIf(ev, rawWindow, count(t.window1024, raw) + " TCP probes with window 1024 (nmap's raw probes)");
      double confidence = osDetection ? CONFIDENCE_SIGNATURE : CONFIDENCE_SHARED_VALUE;
      addIf(ev, osDetection, nmapOsDetectionEvidence(t));
      if (t.synProbes > 0 && share(t.synLoneMss1460, t.synProbes)) {
        ev.add(count(t.synLoneMss1460, t.synProbes) + " SYNs with a single option, MSS 1460");
        confidence = Math.max(confidence, CONFIDENCE_FIXED_VALUE);
      }
      int ports = t.tcpSourcePorts.size();
      addIf(ev, ports < tcp, tcp + " probes from " + Words.counted(ports, "source port")
          + " (reused across destination ports)");
      if (techniques.contains("ping_sweep") && t.icmpEcho > 0 && t.icmpTimestamp > 0) {
        ev.add("host discovery mix: ICMP echo (" + t.icmpEcho + "), ICMP timestamp (" + t.icmpTimestamp
            + ") and TCP probes (nmap -sn)");
        confidence = Math.max(confidence, CONFIDENCE_FIXED_VALUE);
      }
      return new ToolMatch("nmap", confidence, ev);
    }
    return null;
  }

  /** The rules on UDP probes, or null when none matches. */
  private ToolMatch udpScanner(ProbeTraits t) {
    List<String> ev = new ArrayList<>();
    long tcp = t.tcpProbes;
    int udpPorts = t.udpSourcePorts.size();
    if (t.udpProbes >= minProbes && share(t.udpProbes, t.udpProbes + tcp)
        && share(t.ipv4UdpTtlAtLeast250, t.udpProbes + tcp)) {
      ev.add(count(t.ipv4UdpTtlAtLeast250, t.udpProbes + tcp) + " probes over IPv4 UDP with TTL >= 250 "
          + "(sent as 255), from " + Words.counted(udpPorts, "source port"));
      return new ToolMatch("masscan", CONFIDENCE_ONE_VALUE, ev);
    }
    // stacks pick each socket's ephemeral port at random: a port one higher per probe is hping3's
    if (t.udpProbes >= minProbes && share(t.udpProbes, t.udpProbes + tcp)
        && ProbeTraits.incrementing(t.udpSourcePorts, t.udpProbes, minShare)) {
      ev.add(t.udpProbes + " UDP probes from source ports in one contiguous run of "
          + t.udpSourcePorts.longestRun() + " (incremented per probe, as hping3 --udp)");
      return new ToolMatch("hping3", CONFIDENCE_BEHAVIOUR, ev);
    }
    // one source port reused is nmap's way, unless it is a service's own (a NetBIOS node-status sweep)
    // or the port it sends to (peers of one protocol on one port: a WireGuard mesh, IKE); over IPv4
    // nmap's raw probes leave with TTLs picked at random, where a tool's socket sends its stack's one
    // (nbtscan, onesixtyone, svmap: one socket, one source port, too)
    boolean ipv4 = share(t.ipv4UdpTtlProbes, t.udpProbes);
    if (t.udpProbes >= minProbes && share(t.udpProbes - udpPorts, t.udpProbes - 1)
        && !(udpPorts == 1 && (UdpServices.sendsFromOwnPort(t.udpSourcePorts.min()) || t.udpToOwnPort == t.udpProbes))
        && (!ipv4 || t.ipv4UdpTtlHigh - t.ipv4UdpTtlLow >= NMAP_UDP_MIN_TTL_SPREAD)) {
      ev.add(t.udpProbes + " UDP probes from " + Words.counted(udpPorts, "source port")
          + " (nmap -sU reuses its source port across probes)");
      addIf(ev, ipv4, "their TTLs from " + t.ipv4UdpTtlLow + " to " + t.ipv4UdpTtlHigh
          + " (nmap picks each raw probe's TTL at random)");
      return new ToolMatch("nmap", CONFIDENCE_BEHAVIOUR, ev);
    }
    return null;
  }

  /**
   * SCTP INITs with nmap -sY's constant receive window and stream counts, most of them: masscan's
   * carry them too, sent with TTL 255 over IPv4, where nmap picks each probe's at random; over IPv6
   * both send 255, and nmap is named with less confidence. Or null.
   */
  private ToolMatch sctpScan(ProbeTraits t) {
    if (t.sctpInits < minProbes || !share(t.sctpInitsNmap, t.sctpInits)) {
      return null;
    }
    String constants = count(t.sctpInitsNmap, t.sctpInits)
        + " SCTP INITs with a_rwnd 32768, 10 outbound and 2048 inbound streams (nmap -sY's constants, masscan's too)";
    long v4 = t.ipv4SctpInits;
    if (v4 >= minProbes && share(t.ipv4SctpInitsTtlAtLeast250, v4)) {
      return new ToolMatch("masscan", CONFIDENCE_SHARED_VALUE, List.of(constants,
          count(t.ipv4SctpInitsTtlAtLeast250, v4) + " over IPv4 with TTL >= 250 (sent as 255; nmap's are random)"));
    }
    return share(v4, t.sctpInits) ? new ToolMatch("nmap", CONFIDENCE_FIXED_VALUE, List.of(constants,
        (v4 - t.ipv4SctpInitsTtlAtLeast250) + " over IPv4 with TTLs below 250 (nmap picks each at random)"))
        : new ToolMatch("nmap", CONFIDENCE_BEHAVIOUR, List.of(constants));
  }

  /**
   * nmap -sZ: COOKIE ECHOs opening no association, most of them with its 4-byte cookie (no other
   * scanner we know sends them); or null.
   */
  private ToolMatch sctpCookieEchoScan(ProbeTraits t) {
    if (t.sctpCookieEchoes < minProbes || !share(t.sctpCookieEchoesNmap, t.sctpCookieEchoes)) {
      return null;
    }
    return new ToolMatch("nmap", CONFIDENCE_FIXED_VALUE, List.of(count(t.sctpCookieEchoesNmap, t.sctpCookieEchoes)
        + " SCTP COOKIE ECHOs with a 4-byte cookie (nmap -sZ's; a stack echoes the long cookie its peer gave)"));
  }

  /** masscan --ping: ICMP echo requests over IPv4 sent with TTL 255, most of the probes; or null. */
  private ToolMatch masscanPing(ProbeTraits t) {
    long probes = t.tcpProbes + t.udpProbes + t.icmpEcho;
    if (t.icmpEcho < minProbes || !share(t.icmpEcho, probes) || !share(t.ipv4EchoTtlAtLeast250, t.icmpEcho)) {
      return null;
    }
    return new ToolMatch("masscan", CONFIDENCE_ONE_VALUE, List.of(count(t.ipv4EchoTtlAtLeast250, t.icmpEcho)
        + " ICMP echo requests over IPv4 with TTL >= 250 (sent as 255; stacks ping with 64 or 128)"));
  }

  /** True when the probes include enough kinds of nmap's OS-detection probes to name it. */
  boolean nmapOsDetection(ProbeTraits t) {
    return t.nmapOsProbeKindsSeen() >= nmapOsMinProbeKinds;
  }

  /** The evidence {@link #nmapOsDetection} rests on, in words. */
  static String nmapOsDetectionEvidence(ProbeTraits t) {
    return t.nmapOsProbes + " probes of nmap's OS detection (-O), " + t.nmapOsProbeKindsSeen() + " of its "
        + ProbeTraits.nmapOsProbeKindsKnown() + " kinds (flags and window fixed per probe)";
  }

  private boolean share(long part, long whole) {
    return whole > 0 && part >= minShare * whole;
  }

  private static String count(long part, long whole) {
    return String.format(Locale.ROOT, "%d/%d", part, whole);
  }

  private static void addIf(List<String> ev, boolean condition, String text) {
    if (condition) {
      ev.add(text);
    }
  }
}

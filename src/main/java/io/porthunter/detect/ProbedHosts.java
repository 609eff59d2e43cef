package io.porthunter.detect;
import static io.porthunter.detect.PortList.hasPorts;

import io.porthunter.capture.IpProtocol;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What a scanner's probes reached, host by host: the probe packets each host received, and the
 * findings kept for at most a bounded number of hosts ({@link DetectionSettings#maxFindingsPerScanner}).
 */
final class ProbedHosts {
  /** The protocols nmap -sO asks about with a probe of their own rather than a bare header... */
  private static final List<Integer> STAND_IN_PROTOCOLS =
      List.of(IpProtocol.ICMP, IpProtocol.TCP, IpProtocol.UDP, IpProtocol.ICMPV6, IpProtocol.SCTP);
  /** ... and the technique of each one's probe: an echo request, an ACK, a datagram, an INIT. */
  private static final List<Technique> STAND_IN_TECHNIQUES =
      List.of(Technique.PING_SWEEP, Technique.ACK, Technique.UDP, Technique.PING_SWEEP, Technique.SCTP_INIT);
  /** {@link #STAND_IN_TECHNIQUES} as technique bits, in the same order. */
  private static final int[] STAND_IN_TECHNIQUE_BITS =
      STAND_IN_TECHNIQUES.stream().mapToInt(t -> 1 << t.ordinal()).toArray();
  /**
   * {@link #protocolStandIns}: the row is listed as its port too (another probe of the port shares it:
   * one before the scan, or one of another kind).
   */
  private static final int BESIDE_PORT = 1 << 16;

  private ProbedHosts() {}

  /** Adds the scanner's probe packets to what each host it probed received. */
  static void count(Contacts k, AddressMap<long[]> probed) {
    ContactTable c = k.table;
    for (int r = 0; r < c.size(); r++) {
      if (k.probe[r]) {
        probed.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new long[1])[0] += k.probePackets(r);
      }
    }
  }

  /**
   * What the scanner's probes revealed about each host, for at most {@code limit} hosts: half of them
   * those with the most (likely) open ports, then those that answered, so a sweep of a /16 keeps
   * what it found rather than its first thousand silent hosts, the rest those it sent the most
   * probes, so the host it hammered is kept too (ties: the lowest address). In address order.
   */
  static List<HostFindings> findings(Contacts k, int limit, int minProtocols) {
    ContactTable c = k.table;
    AddressMap<Boolean> linkAnswered = linkAnswered(k);
    int[] standIns = protocolStandIns(k, minProtocols);
    // first a few counts per host, so only the hosts kept get port lists
    AddressMap<HostTally> tallies = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    List<HostTally> chosen = new ArrayList<>();
    for (int r = 0; r < c.size(); r++) {
      if (k.probe[r]) {
        HostTally t = tallies.get(c.dstHi(r), c.dstLo(r));
        if (t == null) {
          t = new HostTally(c.dstHi(r), c.dstLo(r));
          tallies.add(c.dstHi(r), c.dstLo(r), t);
          chosen.add(t);
        }
        // ranked by what they answered over IP: a host that answered about its ports tells more
        t.count(listedAs(c, standIns, r) >>> 16, listedState(k, standIns, r), answered(c, r), k.probePackets(r));
      }
    }
    if (chosen.size() > limit) {
      chosen.sort(HostTally.MOST_OPEN);
      int open = (limit + 1) / 2;
      List<HostTally> rest = new ArrayList<>(chosen.subList(open, chosen.size()));
      rest.sort(HostTally.MOST_PROBED);
      chosen = new ArrayList<>(chosen.subList(0, open));
      chosen.addAll(rest.subList(0, limit - open));
    }
    AddressMap<HostFindings> byHost = new AddressMap<>(chosen.size() * 2);
    List<HostFindings> hosts = new ArrayList<>(chosen.size());
    for (HostTally t : chosen) {
      HostFindings h = new HostFindings(t.hi, t.lo);
      byHost.add(t.hi, t.lo, h);
      hosts.add(h);
    }
    for (int r = 0; r < c.size(); r++) {
      HostFindings h = k.probe[r] ? byHost.get(c.dstHi(r), c.dstLo(r)) : null;
      if (h != null) {
        int listed = listedAs(c, standIns, r);
        h.add(listed, listed >>> 16, listedState(k, standIns, r), hostAnswered(c, r, linkAnswered), k.probePackets(r));
        if (standsIn(standIns, r) && (standIns[r] & BESIDE_PORT) != 0) {
          h.add(c.protoPort(r), c.protocol(r), state(k, r), hostAnswered(c, r, linkAnswered), 0);
        }
      }
    }
    hosts.forEach(HostFindings::settle);
    hosts.sort(Comparator.comparing((HostFindings h) -> h.hi, Long::compareUnsigned)
        .thenComparing(h -> h.lo, Long::compareUnsigned));
    return hosts;
  }

  /** The (protocol, port) row {@code r} is listed under: its own, or the IP protocol it stands for. */
  private static int listedAs(ContactTable c, int[] standIns, int r) {
    return standsIn(standIns, r) ? ContactTable.protoPort(PortList.IP, standIns[r] & ~BESIDE_PORT) : c.protoPort(r);
  }

  /** What row {@code r} taught of what it is listed under ({@link #listedAs}). */
  private static PortState listedState(Contacts k, int[] standIns, int r) {
    return standsIn(standIns, r) ? standInState(k, r) : state(k, r);
  }

  /** Whether row {@code r} stands for an IP protocol ({@link #protocolStandIns}). */
  static boolean standsIn(int[] standIns, int r) {
    return standIns != null && standIns[r] >= 0;
  }

  /**
   * nmap's IP protocol scan ({@code -sO}) asks a host whether it speaks TCP, UDP, SCTP and ICMP with a
   * probe of that protocol (an ACK to port 80, a datagram to port 40125, an INIT to port 80, an echo
   * request), not a bare header: on each host it sent probes of {@code minProtocols} IP protocols or
   * more (fewer are a host discovery's, nmap -PO), the one target of each such protocol probed that
   * way while they went on stands for the protocol ({@code ip/6}), and what it drew is the protocol's
   * state ({@link #standInState}), as nmap lists it. Per row, the protocol number it stands for (with
   * {@link #BESIDE_PORT} when another probe of the port, earlier or of another kind, shares its row),
   * else -1; null when the scanner scanned no host's IP protocols (nearly all: nothing allocated).
   */
  static int[] protocolStandIns(Contacts k, int minProtocols) {
    ContactTable c = k.table;
    AddressMap<long[]> spans = null; // per host: first and last IP protocol probe, how many protocols
    for (int r = 0; r < c.size(); r++) {
      if (k.probe[r] && c.protocol(r) == PortList.IP) {
        if (spans == null) {
          spans = new AddressMap<>(Contacts.SCRATCH_HOSTS);
        }
        long[] span = spans.computeIfAbsent(c.dstHi(r), c.dstLo(r),
            () -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
        span[0] = Math.min(span[0], c.firstTs(r));
        span[1] = Math.max(span[1], c.lastTs(r));
        span[2]++; // rows are one per (host, protocol, port): each a protocol of its host
      }
    }
    if (spans != null) {
      spans.removeIf(span -> span[2] < minProtocols);
    }
    if (spans == null || spans.size() == 0) {
      return null;
    }
    // per host and stand-in protocol: the row probed the way nmap -sO probes it while the IP protocol
    // probes went on (a host discovery's ACK to port 80 before them, or a SYN scan's SYN to port 80
    // before or beside them, is one row with the scan's; a SYN scan's other rows are no such probes),
    // -2 for several
    AddressMap<int[]> rows = new AddressMap<>(spans.size());
    for (int r = 0; r < c.size(); r++) {
      int i = STAND_IN_PROTOCOLS.indexOf(c.protocol(r));
      long[] span = i >= 0 && k.probe[r] ? spans.get(c.dstHi(r), c.dstLo(r)) : null;
      if (span != null && c.firstTs(r) <= span[1] && c.lastTs(r) >= span[0]
          && (c.techniques(r) & STAND_IN_TECHNIQUE_BITS[i]) != 0
          && c.row(c.dstHi(r), c.dstLo(r), PortList.IP, c.protocol(r)) < 0) {
        int[] found = rows.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> {
          int[] none = new int[STAND_IN_PROTOCOLS.size()];
          Arrays.fill(none, -1);
          return none;
        });
        found[i] = found[i] == -1 ? r : -2;
      }
    }
    int[] standIns = new int[c.size()];
    Arrays.fill(standIns, -1);
    for (int[] found : rows.values()) {
      for (int r : found) {
        if (r >= 0) { // TCP, UDP, SCTP and ICMP's row protocols are their numbers
          long[] span = spans.get(c.dstHi(r), c.dstLo(r));
          boolean anotherProbe = c.firstTs(r) < span[0] || c.techniques(r) != standInTechnique(c.protocol(r));
          standIns[r] = c.protocol(r) | (anotherProbe ? BESIDE_PORT : 0);
        }
      }
    }
    return standIns;
  }

  /** The technique bit of the probe nmap -sO sends in a stand-in protocol (an ACK for TCP). */
  private static int standInTechnique(int protocol) {
    return STAND_IN_TECHNIQUE_BITS[STAND_IN_PROTOCOLS.indexOf(protocol)];
  }

  /**
   * A stand-in row's techniques as a scan's tally counts them: its protocol scan probe as {@code
   * ip_protocol}, another probe sharing the row (a SYN scan's SYN) as its own.
   */
  static int countedTechniques(ContactTable c, int r, int techniques) {
    return techniques & ~standInTechnique(c.protocol(r)) | 1 << Technique.IP_PROTOCOL.ordinal();
  }

  /**
   * What a protocol scan's probe in the protocol taught of it: any answer in it from the host (a reset,
   * a port unreachable, an echo reply) says the host speaks it, open; the host's "protocol
   * unreachable" closes it; anything else leaves it filtered.
   */
  private static PortState standInState(Contacts k, int r) {
    if ((k.table.marks(r) & ContactTable.PROTOCOL_REFUSED) != 0) {
      return PortState.CLOSED;
    }
    PortState learned = state(k, r);
    return learned == PortState.OPEN || learned == PortState.CLOSED || learned == PortState.UNFILTERED
        ? PortState.OPEN : PortState.FILTERED;
  }

  /**
   * Whether the row's host answered for itself: what it taught, an ICMP error of its own, or, with
   * every IP probe dropped, the ARP reply or neighbour advertisement that let them be sent (nmap: "Host
   * is up, received arp-response").
   */
  private static boolean hostAnswered(ContactTable c, int r, AddressMap<Boolean> linkAnswered) {
    return answered(c, r) || linkAnswered.get(c.dstHi(r), c.dstLo(r)) != null;
  }

  private static boolean answered(ContactTable c, int r) {
    return HostFindings.isAnswer(c.state(r)) || (c.marks(r) & ContactTable.HOST_ANSWERED) != 0;
  }

  /** The hosts that answered the source's ARP requests or neighbour solicitations, probes or not. */
  private static AddressMap<Boolean> linkAnswered(Contacts k) {
    ContactTable c = k.table;
    AddressMap<Boolean> hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r = 0; r < c.size(); r++) {
      if (PortList.isResolution(c.protocol(r)) && answered(c, r)) {
        hosts.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> Boolean.TRUE);
      }
    }
    return hosts;
  }

  /** How a host's probes came out, by count: which hosts' findings to keep. */
  private static final class HostTally {
    private static final Comparator<HostTally> BY_ADDRESS = Comparator.comparing((HostTally t) -> t.hi,
        Long::compareUnsigned).thenComparing(t -> t.lo, Long::compareUnsigned);
    // hosts that answered come before silent ones: a host sweep's have no ports to rank them by
    static final Comparator<HostTally> MOST_OPEN = Comparator.comparingInt((HostTally t) -> -t.likelyOpen())
        .thenComparing(t -> !t.answered)
        .thenComparingInt(t -> -t.ports)
        .thenComparing(BY_ADDRESS);
    static final Comparator<HostTally> MOST_PROBED = Comparator.comparingLong((HostTally t) -> -t.probes)
        .thenComparing(BY_ADDRESS);

    final long hi;
    final long lo;
    long probes;
    int ports;
    int open;
    int silent;
    boolean resets;
    boolean answered;

    HostTally(long hi, long lo) {
      this.hi = hi;
      this.lo = lo;
    }

    void count(int protocol, PortState state, boolean hostAnswered, int packets) {
      probes += packets;
      answered |= hostAnswered;
      if (!hasPorts(protocol)) {
        return;
      }
      ports++;
      if (state == PortState.OPEN) {
        open++;
      } else if (state == null) {
        silent++;
      }
      resets |= HostFindings.isReset(protocol, state);
    }

    /** Open ports, with the silent stealth probes {@link HostFindings#settle} will call open. */
    int likelyOpen() {
      return open + (resets ? silent : 0);
    }
  }

  /**
   * What the row taught of its port; a firewalk's, where a router's answer taught nothing, filtered (as
   * nmap says). A port that let an ACK probe through to its reset (unfiltered) and left a FIN, NULL,
   * Xmas or Maimon probe unanswered is open: a closed port resets those too (RFC 9293, 3.10.7.1).
   */
  private static PortState state(Contacts k, int r) {
    PortState learned = k.table.state(r);
    if (learned == PortState.UNFILTERED && (k.table.marks(r) & ContactTable.SILENT_STEALTH) != 0) {
      return PortState.OPEN;
    }
    return learned == null && k.firewalked[r] ? PortState.FILTERED : learned;
  }
}

package io.porthunter.detect;

import io.porthunter.capture.IpProtocol;
import java.util.BitSet;
import java.util.EnumMap;

/**
 * What a judged source's contacts add up to, in one walk over them: how each ended, which were
 * probes and with which techniques, the hosts and (protocol, port) keys they reached, and the first
 * and last probe. {@link ScanJudge} builds its verdict from it.
 */
final class ProbeTally {
  final int[] techniqueCounts = new int[Technique.values().length];
  /** Outcomes of the contacts, but for those a scan found open and then talked to ({@link #talkedAfterScan}). */
  final EnumMap<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
  final AddressMap<Boolean> hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
  /** (protocol, port) keys ({@link SourceState#portKey}) probed; grows to the highest met. */
  final BitSet ports = new BitSet();
  /** Whether some probed port answered (open, closed or unfiltered). */
  boolean answered;
  /** The first probe row, or -1 when none; and when the last probe went. */
  int firstProbeRow = -1;
  long lastProbe = Long.MIN_VALUE;
  int probeRows;
  long probePackets;
  /** Targets some conversation left half-open, also those talked to afterwards (-sV, -A). */
  int halfOpen;
  int talkedAfterScan;
  /** Of {@link #talkedAfterScan}, the ones a connect scan found (nmap -sT -sV). */
  int connectedThenTalked;
  /** Probes that were empty connects (a handshake, then closed with no byte sent). */
  int emptyConnectProbes;
  /**
   * Probes with an empty connect the source reset before the server spoke ({@link
   * ContactTable#EMPTY_CONNECTED}), and probes with one it closed with FIN.
   */
  int resetCloses;
  int finCloses;
  /** Probes opened by a SYN, and of those the ones whose SYN was crafted ({@link ProbeTraits#craftedSyn}). */
  int synProbes;
  int craftedSynProbes;
  /**
   * TCP probes, and of those the ones that were nmap's host discovery alone ({@link #nmapDiscovery});
   * and discovery's probes of all protocols, its ICMP queries included: no technique's share of the
   * probes counts them.
   */
  int tcpProbeRows;
  int tcpDiscoveryRows;
  int discoveryRows;

  private ProbeTally() {}

  /**
   * Tallies {@code k}'s rows; a probe's packets also count in {@code portHits} by port. Under nmap's OS
   * detection, which sends its ports every kind of probe, a port counts by how it was opened. An IP
   * protocol scan's probe in a protocol itself ({@link ProbedHosts#protocolStandIns}, of hosts sent
   * {@code minProtocols} protocols or more) counts as the protocol scan's, not as its segment's.
   */
  static ProbeTally of(Contacts k, boolean osDetection, long[] portHits, int minProtocols) {
    ProbeTally t = new ProbeTally();
    ContactTable c = k.table;
    int[] standIns = ProbedHosts.protocolStandIns(k, minProtocols);
    int firstUsedRow = -1; // the first probe whose times are an earlier use's
    long lastUsed = Long.MIN_VALUE;
    AddressMap<int[]> discovered = nmapDiscovery(k);
    for (int r : k.rows) {
      Outcome o = c.outcome(r);
      if (o == Outcome.CONVERSATION && k.failed[r]) {
        t.talkedAfterScan++; // its conversation is not why it failed
        t.connectedThenTalked += (c.marks(r) & ContactTable.EMPTY_CONNECTED) != 0 ? 1 : 0;
      } else {
        t.outcomes.merge(o, 1, Integer::sum);
      }
      t.halfOpen += (c.marks(r) & (ContactTable.HALF_OPENED | ContactTable.STACK_HALF_OPENED)) != 0 ? 1 : 0;
      if (!k.probe[r]) {
        continue;
      }
      t.probeRows++;
      t.emptyConnectProbes += o == Outcome.EMPTY_CONNECT ? 1 : 0;
      t.resetCloses += (c.marks(r) & ContactTable.EMPTY_CONNECTED) != 0 ? 1 : 0;
      t.finCloses += (c.marks(r) & ContactTable.EMPTY_CLOSED_BY_FIN) != 0 ? 1 : 0;
      if ((c.techniques(r) & (1 << Technique.SYN.ordinal())) != 0) {
        t.synProbes++;
        t.craftedSynProbes += (c.marks(r) & ContactTable.CRAFTED_SYN_OPENED) != 0 ? 1 : 0;
      }
      int packets = k.probePackets(r);
      t.probePackets += packets;
      // a followed-up probe: its first packet was the probe, the rest the conversation that followed
      long last = k.followedUp[r] ? c.firstTs(r) : c.lastTs(r);
      if (!k.usedFirst[r]) {
        t.lastProbe = Math.max(t.lastProbe, last);
        t.firstProbeRow = t.firstProbeRow < 0 ? r : t.firstProbeRow;
      } else {
        lastUsed = Math.max(lastUsed, last);
        firstUsedRow = firstUsedRow < 0 ? r : firstUsedRow;
      }
      int bits = osDetection ? openingBits(c, r) : c.techniques(r);
      bits = ProbedHosts.standsIn(standIns, r) ? ProbedHosts.countedTechniques(c, r, bits) : bits;
      int[] host = discovered.get(c.dstHi(r), c.dstLo(r));
      int noted = host == null ? 0 : host[0];
      if (c.protocol(r) == IpProtocol.TCP) {
        t.tcpProbeRows++;
        if ((noted & PINGED) != 0) {
          bits &= ~discoveryBits(c, r, (noted & SCANNED) == 0);
          t.tcpDiscoveryRows += bits == 0 ? 1 : 0;
          t.discoveryRows += bits == 0 ? 1 : 0;
        }
      } else if ((noted & (PINGED | ACKED_80)) == (PINGED | ACKED_80)
          && (bits & (1 << Technique.PING_SWEEP.ordinal())) != 0) {
        t.discoveryRows++;
      }
      for (Technique technique : Technique.values()) {
        if ((bits & (1 << technique.ordinal())) != 0) {
          t.techniqueCounts[technique.ordinal()]++;
        }
      }
      int protocol = c.protocol(r);
      int port = c.port(r);
      if (port >= 0) {
        t.ports.set(SourceState.portKey(protocol, port));
        if (IpProtocol.hasPorts(protocol)) { // the capture's port distribution: no protocol numbers
          portHits[port] += packets;
        }
      }
      t.hosts.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> Boolean.TRUE);
      PortState state = c.state(r);
      t.answered |= port >= 0 && state != null && state != PortState.FILTERED;
    }
    if (t.firstProbeRow < 0) { // only probes whose times are an earlier use's: those times, then
      t.firstProbeRow = firstUsedRow;
      t.lastProbe = lastUsed;
    }
    return t;
  }

  // what nmapDiscovery notes of a host
  private static final int PINGED = 1;
  private static final int SCANNED = 2;
  private static final int ACKED_80 = 4;
  /** nmap's host discovery probes beside its ICMP echo and timestamp queries: an ACK to 80, a SYN to 443. */
  private static final int DISCOVERY_ACK_PORT = 80;
  private static final int DISCOVERY_SYN_PORT = 443;

  /**
   * nmap's host discovery, per host probed: sent an ICMP query ({@link #PINGED}), and probed over TCP
   * with more than nmap's discovery pair, an ACK to 80 ({@link #ACKED_80}) and a SYN to 443, or with
   * that SYN again after the host answered it ({@link #SCANNED}). nmap sends the four together to each
   * target before scanning the ones that answered: an ACK to 80 of a pinged host is discovery's, not an
   * ACK scan's, and a pinged host that got nothing else was only discovered (a SYN scan of 80 and 443,
   * or of 443 alone, stays one).
   */
  private static AddressMap<int[]> nmapDiscovery(Contacts k) {
    ContactTable c = k.table;
    AddressMap<int[]> hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r : k.rows) {
      if (!k.probe[r]) {
        continue;
      }
      int bits = c.techniques(r);
      int note = (bits & (1 << Technique.PING_SWEEP.ordinal())) != 0 ? PINGED
          : c.protocol(r) != IpProtocol.TCP ? 0
          : ((bits & ~discoveryBits(c, r, true)) != 0 || synAgainAfterAnswer(c, r) ? SCANNED : 0)
              | ((bits & discoveryBits(c, r, false)) != 0 ? ACKED_80 : 0);
      if (note != 0) {
        hosts.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new int[1])[0] |= note;
      }
    }
    return hosts;
  }

  /** True for the row of the discovery SYN's port, answered and tried again: a scan of that port too. */
  private static boolean synAgainAfterAnswer(ContactTable c, int r) {
    PortState state = c.state(r);
    return c.port(r) == DISCOVERY_SYN_PORT && c.attempts(r) > 1 && state != null && state != PortState.FILTERED;
  }

  /** The technique bits of a TCP row that nmap's discovery pair sends; its SYN only when {@code synToo}. */
  private static int discoveryBits(ContactTable c, int r, boolean synToo) {
    return switch (c.port(r)) {
      case DISCOVERY_ACK_PORT -> 1 << Technique.ACK.ordinal();
      case DISCOVERY_SYN_PORT -> synToo ? 1 << Technique.SYN.ordinal() : 0;
      default -> 0;
    };
  }

  /** The technique a target was first opened with (TCP: its first segment's flags), or all of its row's. */
  private static int openingBits(ContactTable c, int r) {
    Technique t = c.protocol(r) == IpProtocol.TCP && c.firstFlags(r) >= 0
        ? Technique.ofOpeningSegment(c.firstFlags(r), 0) : null;
    return t == null ? c.techniques(r) : 1 << t.ordinal();
  }
}

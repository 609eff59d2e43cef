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

  private ProbeTally() {}

  /**
   * Tallies {@code k}'s rows; a probe's packets also count in {@code portHits} by port. Under nmap's OS
   * detection, which sends its ports every kind of probe, a port counts by how it was opened.
   */
  static ProbeTally of(Contacts k, boolean osDetection, long[] portHits) {
    ProbeTally t = new ProbeTally();
    ContactTable c = k.table;
    int firstUsedRow = -1; // the first probe whose times are an earlier use's
    long lastUsed = Long.MIN_VALUE;
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

  /** The technique a target was first opened with (TCP: its first segment's flags), or all of its row's. */
  private static int openingBits(ContactTable c, int r) {
    Technique t = c.protocol(r) == IpProtocol.TCP && c.firstFlags(r) >= 0
        ? Technique.ofOpeningSegment(c.firstFlags(r), 0) : null;
    return t == null ? c.techniques(r) : 1 << t.ordinal();
  }
}

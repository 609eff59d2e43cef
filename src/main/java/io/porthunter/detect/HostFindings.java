package io.porthunter.detect;

import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.IpText;
import java.util.ArrayList;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Accumulates what probes revealed about one host (for one scanner, or for all of them). A port
 * list is made when its first port arrives: most hosts of a sweep have one port in one state, and
 * tens of thousands of findings are kept, so four empty bitmaps each would outweigh what they hold.
 */
final class HostFindings {
  private static final int OPEN = 0;
  private static final int CLOSED = 1;
  private static final int FILTERED = 2;
  private static final int UNFILTERED = 3;
  /** Stealth probes (FIN/NULL/Xmas/Maimon) left unanswered: open if the host resets other ports. */
  private static final int SILENT_STEALTH = 4;
  private static final RoaringBitmap NONE = new RoaringBitmap();

  final long hi;
  final long lo;
  long probes;
  private final RoaringBitmap[] ports = new RoaringBitmap[5];
  /** The host answered at least one probe with a TCP reset. */
  private boolean resets;
  /**
   * The host answered at least one probe: a reply to an ICMP query or ARP request, an answer about
   * a port (open, closed or unfiltered), or an ICMP error of its own (its firewall's REJECT). What a
   * host sweep learns: the host is up. Silence, or a router's unreachable, says nothing of the host.
   */
  private boolean answered;

  HostFindings(long hi, long lo) {
    this.hi = hi;
    this.lo = lo;
  }

  /** One probed target of the host: what it taught, and whether the host answered for itself. */
  void add(int protoPort, int protocol, PortState state, boolean hostAnswered, int packets) {
    probes += packets;
    resets |= isReset(protocol, state);
    answered |= hostAnswered;
    if (!PortList.hasPorts(protocol)) {
      return; // ICMP queries tell whether the host is up, not about ports
    }
    made(state == null ? SILENT_STEALTH : index(state)).add(protoPort);
  }

  /** Folds another scanner's findings about the same host into this one. */
  void merge(HostFindings other) {
    probes += other.probes;
    for (int i = OPEN; i <= UNFILTERED; i++) {
      if (other.ports[i] != null) {
        made(i).or(other.ports[i]);
      }
    }
    resets |= other.resets;
    answered |= other.answered;
    // Scanners may disagree: an answer about a port beats another's silence.
    clearFiltered(OPEN);
    clearFiltered(CLOSED);
  }

  /** Decides the silent stealth ports once every answer is in. */
  void settle() {
    RoaringBitmap silent = ports[SILENT_STEALTH];
    if (silent == null) {
      return;
    }
    made(resets ? OPEN : FILTERED).or(silent);
    ports[SILENT_STEALTH] = null;
    // An answer about a port beats silence from another probe of it.
    clearFiltered(OPEN);
  }

  int portsProbed() {
    return allPorts().getCardinality();
  }

  RoaringBitmap allPorts() {
    RoaringBitmap all = new RoaringBitmap();
    for (int i = OPEN; i <= UNFILTERED; i++) {
      if (ports[i] != null) {
        all.or(ports[i]);
      }
    }
    return all;
  }

  String ip() {
    return IpText.format(hi, lo);
  }

  TargetFinding finding() {
    return new TargetFinding(ip(), probes, portsProbed(), list(OPEN, false), list(CLOSED, true),
        list(FILTERED, true), list(UNFILTERED, true), answered);
  }

  TargetSummary summary(List<String> scannedBy) {
    return new TargetSummary(ip(), probes, portsProbed(), list(OPEN, false), list(CLOSED, true),
        list(FILTERED, true), list(UNFILTERED, true), new ArrayList<>(scannedBy), answered);
  }

  /** Whether the host answered the probe that taught {@code state} (silence and filters do not). */
  static boolean isAnswer(PortState state) {
    return state != null && state != PortState.FILTERED;
  }

  /** Whether the state was learned from a TCP reset or an SCTP ABORT (closed, or unfiltered). */
  static boolean isReset(int protocol, PortState state) {
    return (protocol == IpProtocol.TCP || protocol == IpProtocol.SCTP)
        && (state == PortState.CLOSED || state == PortState.UNFILTERED);
  }

  private RoaringBitmap made(int i) {
    if (ports[i] == null) {
      ports[i] = new RoaringBitmap();
    }
    return ports[i];
  }

  private void clearFiltered(int answer) {
    if (ports[FILTERED] != null && ports[answer] != null) {
      ports[FILTERED].andNot(ports[answer]);
    }
  }

  private static int index(PortState state) {
    return switch (state) {
      case OPEN -> OPEN;
      case CLOSED -> CLOSED;
      case FILTERED -> FILTERED;
      case UNFILTERED -> UNFILTERED;
    };
  }

  private List<String> list(int i, boolean fold) {
    int[] keys = (ports[i] == null ? NONE : ports[i]).toArray();
    return keys.length == 0 ? List.of() : PortList.format(keys, keys.length, fold);
  }
}

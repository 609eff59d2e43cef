package io.porthunter.detect;

import io.porthunter.capture.IpText;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/** Accumulates what probes revealed about one host (for one scanner, or for all of them). */
final class HostFindings {
  final long hi;
  final long lo;
  long probes;
  final RoaringBitmap open = new RoaringBitmap();
  final RoaringBitmap closed = new RoaringBitmap();
  final RoaringBitmap filtered = new RoaringBitmap();
  final RoaringBitmap unfiltered = new RoaringBitmap();
  /** Stealth probes (FIN/NULL/Xmas/Maimon) left unanswered: open if the host resets other ports. */
  final RoaringBitmap silentStealth = new RoaringBitmap();
  /** The host answered at least one probe with a TCP reset. */
  boolean resets;
  /** The host answered at least one probe at all. */
  boolean answered;
  final Set<String> scanners = new LinkedHashSet<>();

  HostFindings(long hi, long lo) {
    this.hi = hi;
    this.lo = lo;
  }

  void add(int protoPort, int protocol, PortState state, Outcome outcome, int packets) {
    probes += packets;
    if (outcome != Outcome.UNANSWERED && outcome != Outcome.UNREACHABLE) {
      answered = true;
    }
    if ((protocol == 6 || protocol == 132) && (state == PortState.CLOSED || state == PortState.UNFILTERED)) {
      resets = true; // a RST, or an SCTP ABORT
    }
    if (!PortList.hasPorts(protocol)) {
      return; // ICMP queries tell whether the host is up, not about ports
    }
    if (state == null) {
      silentStealth.add(protoPort);
    } else {
      bitmap(state).add(protoPort);
    }
  }

  /** Folds another scanner's findings about the same host into this one. */
  void merge(HostFindings other, String scanner) {
    probes += other.probes;
    open.or(other.open);
    closed.or(other.closed);
    filtered.or(other.filtered);
    unfiltered.or(other.unfiltered);
    answered |= other.answered;
    resets |= other.resets;
    scanners.add(scanner);
    // Scanners may disagree: an answer about a port beats another's silence.
    filtered.andNot(open);
    filtered.andNot(closed);
  }

  /** Decides the silent stealth ports once every answer is in. */
  void settle() {
    if (silentStealth.isEmpty()) {
      return;
    }
    (resets ? open : filtered).or(silentStealth);
    silentStealth.clear();
    // An answer about a port beats silence from another probe of it.
    filtered.andNot(open);
  }

  int portsProbed() {
    return RoaringBitmap.or(open, closed, filtered, unfiltered).getCardinality();
  }

  RoaringBitmap allPorts() {
    return RoaringBitmap.or(open, closed, filtered, unfiltered);
  }

  String ip() {
    return IpText.format(hi, lo);
  }

  TargetFinding finding() {
    return new TargetFinding(ip(), probes, portsProbed(), list(open, false), list(closed, true),
        list(filtered, true), list(unfiltered, true));
  }

  TargetSummary summary() {
    return new TargetSummary(ip(), probes, portsProbed(), list(open, false), list(closed, true),
        list(filtered, true), list(unfiltered, true), new ArrayList<>(scanners));
  }

  private RoaringBitmap bitmap(PortState state) {
    return switch (state) {
      case OPEN -> open;
      case CLOSED -> closed;
      case FILTERED -> filtered;
      case UNFILTERED -> unfiltered;
    };
  }

  private static List<String> list(RoaringBitmap ports, boolean fold) {
    int[] keys = ports.toArray();
    return PortList.format(keys, keys.length, fold);
  }
}

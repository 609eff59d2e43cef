package io.porthunter.detect;

import io.porthunter.capture.CaptureSummary;
import io.porthunter.capture.IpText;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * Detection policy, applied once the pass is over: which sources are scanners, how they scanned,
 * what they learned, and with which tool. Knows nothing of packets or files, only of the
 * per-source state the {@link ConversationTracker} built.
 *
 * <p>A source is a scanner when the sequential test ({@link ThresholdRandomWalk}) over its first
 * contacts, in time order, accepts "scanner" with at least {@code minFailedContacts} failures; when
 * its ICMP queries reach {@code pingSweepMinHosts} hosts (a sweep, answered or not); or by the
 * breadth rule: {@code breadthMinTargets} distinct targets, at least {@code breadthMinFailureShare}
 * of them failed (a UDP scan whose open ports answered).
 */
final class ScanJudge {
  private static final double TECHNIQUE_MIN_SHARE = 0.1;

  private final DetectionSettings settings;

  ScanJudge(DetectionSettings settings) {
    this.settings = settings;
  }

  ScanAnalysis judge(TrackerState state, CaptureSummary capture) {
    List<SourceState> sources = state.sources().values();
    AddressMap<Long> senders = new AddressMap<>(sources.size() * 2);
    List<Judged> judged = new ArrayList<>();
    for (SourceState src : sources) {
      senders.add(src.hi, src.lo, src.packets);
      Judged j = judgeSource(src);
      if (j != null) {
        judged.add(j);
      }
    }
    judged.sort(Comparator.comparingInt((Judged j) -> -j.verdict.score())
        .thenComparingLong(j -> -j.verdict.probePackets())
        .thenComparing(j -> j.src.hi, Long::compareUnsigned)
        .thenComparing(j -> j.src.lo, Long::compareUnsigned));

    AddressMap<HostFindings> targets = new AddressMap<>();
    List<HostFindings> targetOrder = new ArrayList<>();
    long[] portHits = new long[65536];
    Set<String> patterns = new LinkedHashSet<>();
    List<ScannerVerdict> scanners = new ArrayList<>();
    for (Judged j : judged) {
      ScannerVerdict v = j.verdict;
      scanners.add(v);
      for (String t : v.techniques()) {
        patterns.add(t.equals(Technique.PING_SWEEP.wireName()) ? t : t + "_scan");
      }
      patterns.add(v.pattern());
      for (HostFindings h : j.hosts) {
        HostFindings all = targets.get(h.hi, h.lo);
        if (all == null) {
          all = new HostFindings(h.hi, h.lo);
          targets.add(h.hi, h.lo, all);
          targetOrder.add(all);
        }
        all.merge(h, v.ip());
      }
      for (int p = 0; p < 65536; p++) {
        portHits[p] += j.portPackets[p];
      }
    }
    List<DistributedScan> distributed = distributed(judged, targetOrder);
    if (!distributed.isEmpty()) {
      patterns.add("distributed");
    }
    targetOrder.sort(Comparator.comparingLong((HostFindings h) -> -h.probes)
        .thenComparing(h -> h.hi, Long::compareUnsigned)
        .thenComparing(h -> h.lo, Long::compareUnsigned));
    List<TargetSummary> targetList = new ArrayList<>();
    for (HostFindings h : targetOrder) {
      targetList.add(h.summary());
    }
    List<PortCount> ports = new ArrayList<>();
    for (int p = 0; p < 65536; p++) {
      if (portHits[p] > 0) {
        ports.add(new PortCount(p, portHits[p]));
      }
    }
    ports.sort(Comparator.comparingLong((PortCount c) -> -c.hits()).thenComparingInt(PortCount::port));
    return new ScanAnalysis(capture, List.copyOf(scanners), List.copyOf(targetList), List.copyOf(ports),
        List.copyOf(patterns), distributed, state.budget().snapshot(), new SenderSet(senders));
  }

  /** A scanner's verdict with the working state the cross-source rules still need. */
  private record Judged(SourceState src, ScannerVerdict verdict, List<HostFindings> hosts, long[] portPackets) {}

  private Judged judgeSource(SourceState src) {
    ContactTable c = src.contacts;
    if (c.size() == 0) {
      return null;
    }
    int[] rows = c.rowsByTime();
    ThresholdRandomWalk trw = new ThresholdRandomWalk(settings);
    int failures = 0;
    int icmpHosts = 0;
    for (int r : rows) {
      boolean success = c.outcome(r).success();
      if (!success) {
        failures++;
      }
      trw.observe(success);
      if (isIcmp(c.protocol(r))) {
        icmpHosts++;
      }
    }
    failures += (int) src.failedContactsNotKept;
    boolean sweep = icmpHosts >= settings.pingSweepMinHosts();
    int contacts = c.size() + (int) src.contactsNotKept;
    boolean broad = contacts >= settings.breadthMinTargets() && failures >= settings.minFailedContacts()
        && failures >= settings.breadthMinFailureShare() * contacts;
    if (!trw.scanner() && !sweep && !broad) {
      return null;
    }
    return verdict(src, rows, trw, failures, icmpHosts, sweep);
  }

  private static boolean isIcmp(int protocol) {
    return protocol == 1 || protocol == 58;
  }

  /** Builds the verdict for a source already judged to be scanning. */
  private Judged verdict(SourceState src, int[] rows, ThresholdRandomWalk trw, int failures, int icmpHosts,
      boolean sweep) {
    ContactTable c = src.contacts;
    int[] techniqueCounts = new int[Technique.values().length];
    EnumMap<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    AddressMap<HostFindings> hostMap = new AddressMap<>();
    List<HostFindings> hosts = new ArrayList<>();
    BitSet ports = new BitSet(1 << 17);
    long[] portPackets = new long[65536];
    int firstProbeRow = -1;
    int probeRows = 0;
    for (int r : rows) {
      Outcome o = c.outcome(r);
      outcomes.merge(o, 1, Integer::sum);
      if (o == Outcome.CONVERSATION) {
        continue; // a real conversation, not a probe
      }
      probeRows++;
      if (firstProbeRow < 0) {
        firstProbeRow = r;
      }
      int bits = c.techniques(r);
      for (Technique t : Technique.values()) {
        if ((bits & (1 << t.ordinal())) != 0) {
          techniqueCounts[t.ordinal()]++;
        }
      }
      int protocol = c.protocol(r);
      int port = c.port(r);
      if (port >= 0) {
        ports.set(SourceState.portKey(protocol, port));
        portPackets[port] += c.packets(r);
      }
      HostFindings h = hostMap.get(c.dstHi(r), c.dstLo(r));
      if (h == null) {
        h = new HostFindings(c.dstHi(r), c.dstLo(r));
        hostMap.add(c.dstHi(r), c.dstLo(r), h);
        hosts.add(h);
      }
      h.add(ContactTable.protoPort(protocol, port), protocol, c.state(r), o, c.packets(r));
    }
    if (probeRows == 0) {
      return null;
    }
    hosts.forEach(HostFindings::settle);
    hosts.sort(Comparator.comparing((HostFindings h) -> h.hi, Long::compareUnsigned)
        .thenComparing(h -> h.lo, Long::compareUnsigned));

    int tcpPorts = ports.get(0, 65536).cardinality();
    int udpPorts = ports.cardinality() - tcpPorts;
    boolean discovery = sweep && tcpPorts <= settings.discoveryMaxTcpPorts() && udpPorts == 0;
    int halfOpen = outcomes.getOrDefault(Outcome.HALF_OPEN, 0);
    int emptyConnects = outcomes.getOrDefault(Outcome.EMPTY_CONNECT, 0);
    ProbeTraits traits = src.traits();
    boolean connect = halfOpen == 0
        && (emptyConnects > 0 || (traits.synProbes > 0 && traits.synFullStackOptions * 2 > traits.synProbes));
    List<String> techniques = techniques(techniqueCounts, probeRows, sweep, discovery, connect);
    int distinctHosts = hosts.size();
    int distinctPorts = ports.cardinality();
    String pattern = pattern(distinctHosts, distinctPorts);
    ToolMatch tool = ToolFingerprint.of(src, techniques);
    String ip = IpText.format(src.hi, src.lo);
    int contacts = c.size() + (int) src.contactsNotKept;

    int score = score(contacts, failures, trw.scanner());
    List<String> reasons = new ArrayList<>();
    if (trw.scanner()) {
      reasons.add(String.format(Locale.ROOT,
          "sequential test (TRW, θ0=%.2f θ1=%.2f α=%.2f β=%.2f) judged it a scanner after %d first contacts",
          settings.trwTheta0(), settings.trwTheta1(), settings.trwAlpha(), settings.trwBeta(),
          trw.detectedAfter()));
    }
    reasons.add(failures + " of " + contacts + " distinct targets failed (" + describe(outcomes) + ")");
    if (!trw.scanner() && contacts >= settings.breadthMinTargets()) {
      reasons.add("breadth rule: " + contacts + " distinct targets, " + failures + " failed");
    }
    if (sweep) {
      reasons.add("ICMP queries to " + icmpHosts + " hosts (ping sweep)");
    }
    reasons.add(pattern + ": " + distinctPorts + " ports on " + distinctHosts + " hosts");
    reasons.add("techniques " + String.join(", ", techniques) + " by opening segment");
    if (!"unknown".equals(tool.name())) {
      reasons.add("probes match " + tool.name() + ": " + String.join("; ", tool.evidence()));
    }

    Map<String, Long> flagStats = new LinkedHashMap<>();
    for (FlagClass fc : FlagClass.values()) {
      long n = src.flagCounts[fc.ordinal()];
      if (n > 0) {
        flagStats.put(fc.name(), n);
      }
    }
    List<TargetFinding> findings = new ArrayList<>();
    for (HostFindings h : hosts) {
      findings.add(h.finding());
    }
    ProbeEvent first = probeEvent(c, firstProbeRow, ip, discovery, connect);
    ScannerVerdict v = new ScannerVerdict(ip, src.packets, src.probePackets, src.firstTs, src.lastTs,
        src.firstProbeTs, src.lastProbeTs, distinctHosts, distinctPorts, contacts, failures, flagStats,
        techniques, pattern, score, List.copyOf(reasons), trw.scanner() ? trw.detectedAfter() : -1, tool,
        List.copyOf(findings), first, Activity.of(src.activity()));
    return new Judged(src, v, hosts, portPackets);
  }

  private List<String> techniques(int[] counts, int probeRows, boolean sweep, boolean discovery,
      boolean connect) {
    List<String> out = new ArrayList<>();
    if (discovery) {
      out.add(Technique.PING_SWEEP.wireName());
      return out;
    }
    int minContacts = Math.max(1, Math.min(settings.minFailedContacts(),
        (int) Math.ceil(TECHNIQUE_MIN_SHARE * probeRows)));
    for (Technique t : Technique.values()) {
      int n = counts[t.ordinal()];
      boolean keep = t == Technique.PING_SWEEP ? sweep : n >= minContacts;
      if (keep) {
        Technique named = t == Technique.SYN && connect ? Technique.CONNECT : t;
        out.add(named.wireName());
      }
    }
    return out;
  }

  private String pattern(int hosts, int ports) {
    if (hosts <= settings.verticalMaxHosts()) {
      return "vertical";
    }
    return ports <= settings.horizontalMaxPorts() ? "horizontal" : "block";
  }

  /**
   * 0–100: half for being judged at all, up to 30 for breadth (log10 of distinct targets, 1000
   * targets = full), up to 20 for the share of failed contacts.
   */
  private static int score(int contacts, int failures, boolean confirmed) {
    double breadth = Math.min(1.0, Math.log10(Math.max(1, contacts)) / 3.0);
    double failureShare = contacts == 0 ? 0 : (double) failures / contacts;
    double s = (confirmed ? 50 : 40) + 30 * breadth + 20 * failureShare;
    return (int) Math.max(0, Math.min(100, Math.round(s)));
  }

  private static String describe(EnumMap<Outcome, Integer> outcomes) {
    List<String> parts = new ArrayList<>();
    outcomes.forEach((o, n) -> parts.add(n + " " + o.name().toLowerCase(Locale.ROOT).replace('_', '-')));
    return String.join(", ", parts);
  }

  private static ProbeEvent probeEvent(ContactTable c, int row, String src, boolean discovery, boolean connect) {
    int protocol = c.protocol(row);
    int port = c.port(row);
    int bits = c.techniques(row);
    Technique t = null;
    for (Technique candidate : Technique.values()) {
      if ((bits & (1 << candidate.ordinal())) != 0) {
        t = candidate;
        break;
      }
    }
    if (discovery) {
      t = Technique.PING_SWEEP;
    } else if (t == Technique.SYN && connect) {
      t = Technique.CONNECT;
    }
    int flags = c.firstFlags(row);
    return new ProbeEvent(c.firstTs(row), c.firstFrame(row), src, IpText.format(c.dstHi(row), c.dstLo(row)),
        port >= 0 ? port : null, PortList.protoName(protocol), flags >= 0 ? TcpFlags.letters(flags) : null,
        t == null ? null : t.wireName());
  }

  /** Targets probed by several scanners whose port sets barely overlap: one scan, split. */
  private List<DistributedScan> distributed(List<Judged> judged, List<HostFindings> targets) {
    List<DistributedScan> out = new ArrayList<>();
    for (HostFindings target : targets) {
      if (target.scanners.size() < settings.distributedMinSources()) {
        continue;
      }
      List<String> names = new ArrayList<>();
      List<RoaringBitmap> sets = new ArrayList<>();
      for (Judged j : judged) {
        for (HostFindings h : j.hosts) {
          if (h.hi == target.hi && h.lo == target.lo && h.portsProbed() >= settings.minFailedContacts()) {
            names.add(j.verdict.ip());
            sets.add(h.allPorts());
          }
        }
      }
      if (names.size() < settings.distributedMinSources()) {
        continue;
      }
      double maxOverlap = 0;
      RoaringBitmap union = new RoaringBitmap();
      for (int i = 0; i < sets.size(); i++) {
        union.or(sets.get(i));
        for (int k = i + 1; k < sets.size(); k++) {
          double inter = RoaringBitmap.andCardinality(sets.get(i), sets.get(k));
          double uni = RoaringBitmap.orCardinality(sets.get(i), sets.get(k));
          maxOverlap = Math.max(maxOverlap, uni == 0 ? 0 : inter / uni);
        }
      }
      if (maxOverlap <= settings.distributedMaxOverlap()) {
        out.add(new DistributedScan(target.ip(), List.copyOf(names), union.getCardinality(), maxOverlap));
      }
    }
    return List.copyOf(out);
  }
}

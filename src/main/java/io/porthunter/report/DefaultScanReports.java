package io.porthunter.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.porthunter.capture.CaptureSummary;
import io.porthunter.capture.IpText;
import io.porthunter.capture.LinkTypes;
import io.porthunter.capture.ReadOptions;
import io.porthunter.capture.Timestamps;
import io.porthunter.detect.CaptureAnalyzer;
import io.porthunter.detect.DistributedScan;
import io.porthunter.detect.ProbeEvent;
import io.porthunter.detect.ScanAnalysis;
import io.porthunter.detect.ScannerVerdict;
import io.porthunter.detect.StateCost;
import io.porthunter.detect.TargetFinding;
import io.porthunter.detect.TargetSummary;
import io.porthunter.detect.ToolMatch;
import io.porthunter.intel.IpIntel;
import io.porthunter.intel.OfflineFacts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/** {@link ScanReports} over the detector, with one cached analysis per file version. */
public final class DefaultScanReports implements ScanReports {
  /**
   * Targets listed in a suspect's {@code findings}, those with open ports first, then those that
   * answered (a host sweep's live hosts), those that answered about more ports (closed, unfiltered)
   * before those only up (an ARP reply): a sweep of a /16
   * would otherwise answer with megabytes; {@code findings_total} says how many there were.
   */
  static final int MAX_FINDINGS_PER_SUSPECT = 32;
  /**
   * Suspects listed at most, the most suspicious first: a capture crafted with thousands of scanning
   * sources would otherwise answer with tens of megabytes; {@code suspects_total} says how many matched.
   */
  static final int MAX_SUSPECTS = 500;
  /**
   * Scanners named in a target's {@code scanned_by}, the highest-ranked first; {@code scanned_by_total}
   * says how many there were.
   */
  static final int MAX_SCANNED_BY = 64;
  /**
   * Timeline windows listed at most: the busiest non-empty ones, in time order, so a late burst is
   * never cut off behind a long trickle; {@code timeline_windows} says how many there were.
   */
  static final int MAX_TIMELINE_WINDOWS = 1000;
  /**
   * Entries (ports, or runs of ports) listed at most in each of a target's open, closed, filtered
   * and unfiltered lists, lowest first: a tarpit answering on every port, or a scan of scattered
   * ports, would otherwise answer with megabytes; {@code entries_not_listed} says how many were left.
   */
  static final int MAX_PORT_ENTRIES = 256;

  /**
   * Captures from this size on start loading the offline IP data beside the analysis (it costs about
   * a quarter second of CPU). Smaller ones load it only if a scanner needs it: their analysis is too
   * short to hide the load, and most small captures are of private networks, which need no data.
   */
  static final long OFFLINE_PREFETCH_MIN_BYTES = 32L << 20;
  /** The host sweeps' techniques: judged by hosts asked within a window, not by a probe rate. */
  private static final Set<String> SWEEPS = Set.of("ping_sweep", "arp_sweep", "nd_sweep");

  private final CaptureAnalyzer analyzer;
  private final IpIntel intel;
  private final long prefetchMinBytes;
  /** Captures are opened beneath this directory (no link followed on the way), or anywhere when null. */
  private final Path confinedTo;
  private final AnalysisCache cache = new AnalysisCache();
  /** The views made of each kept analysis; an analysis no longer kept takes its views with it. */
  private final Cache<ScanAnalysis, ViewMemo> views = Caffeine.newBuilder().weakKeys().build();

  /**
   * @param intel offline facts (ASN, organisation, country) for scanners; null to leave them out.
   *              Only {@link IpIntel#offline} is used: listing scans never goes online.
   */
  public DefaultScanReports(CaptureAnalyzer analyzer, IpIntel intel) {
    this(analyzer, intel, null);
  }

  /**
   * Reports whose captures are opened beneath {@code confinedTo} (a real directory path) without
   * following a symbolic link at any step, or anywhere when it is null.
   */
  public DefaultScanReports(CaptureAnalyzer analyzer, IpIntel intel, Path confinedTo) {
    this(analyzer, intel, OFFLINE_PREFETCH_MIN_BYTES, confinedTo);
  }

  DefaultScanReports(CaptureAnalyzer analyzer, IpIntel intel, long prefetchMinBytes, Path confinedTo) {
    this.analyzer = analyzer;
    this.intel = intel;
    this.prefetchMinBytes = prefetchMinBytes;
    this.confinedTo = confinedTo;
  }

  /** The shared analysis of a capture (computed once per file version). */
  public ScanAnalysis analysis(Path capture, AnalysisControl control) throws IOException {
    return cache.get(capture, control, progress -> {
      if (control.cancelled().getAsBoolean()) {
        throw new CancellationException("cancelled before the capture was read");
      }
      long total = Files.size(capture);
      if (intel != null && total >= prefetchMinBytes) {
        intel.prefetchOffline(); // on the other core, while the capture is read
      }
      ReadOptions options = new ReadOptions(control.maxBytes(), done -> progress.update(done, total),
          control.cancelled(), confinedTo);
      ScanAnalysis analysis = analyzer.analyze(capture, options);
      progress.update(total, total); // the read polls progress every 65,536 records: say it ended
      return analysis;
    });
  }

  /** A target's port lists, each cut to {@link #MAX_PORT_ENTRIES}, and how many entries were cut. */
  private record PortLists(List<String> open, List<String> closed, List<String> filtered, List<String> unfiltered,
      int notListed) {
    static PortLists of(List<String> open, List<String> closed, List<String> filtered, List<String> unfiltered) {
      int cut = 0;
      for (List<String> list : List.of(open, closed, filtered, unfiltered)) {
        cut += Math.max(0, list.size() - MAX_PORT_ENTRIES);
      }
      return new PortLists(first(open, MAX_PORT_ENTRIES), first(closed, MAX_PORT_ENTRIES),
          first(filtered, MAX_PORT_ENTRIES), first(unfiltered, MAX_PORT_ENTRIES), cut);
    }

    Suspect.TargetFindings finding(TargetFinding f) {
      return new Suspect.TargetFindings(f.ip(), f.probes(), f.portsProbed(), open, closed, filtered, unfiltered,
          notListed, f.answered());
    }
  }

  /** The arguments of a view, as the key of its {@link ViewMemo} entry. */
  private record OverviewArgs(Path capture, int timeWindowSeconds, int topK) {}

  private record SuspectsArgs(int minPorts, double minRatePps) {}

  /** The first event's key in a {@link ViewMemo}: the view has no arguments. */
  private static final Object FIRST_EVENT = new Object();
  /** The key of the address index {@link #roles} looks addresses up in. */
  private static final Object ROLE_INDEX = new Object();

  private ViewMemo viewsOf(ScanAnalysis a) {
    return views.get(a, k -> new ViewMemo());
  }

  /** Asked again with the same arguments about the same kept analysis, this is the same object. */
  @Override
  public ScanOverview overview(Path capture, int timeWindowSeconds, int topK, AnalysisControl control)
      throws IOException {
    ScanAnalysis a = analysis(capture, control);
    return viewsOf(a).get(new OverviewArgs(capture, timeWindowSeconds, topK),
        () -> overview(a, capture, timeWindowSeconds, topK));
  }

  private ScanOverview overview(ScanAnalysis a, Path capture, int timeWindowSeconds, int topK) {
    CaptureSummary s = a.capture();
    boolean empty = s.records() == 0 || !s.timed();
    long origin = empty ? 0 : Math.floorDiv(s.firstTsNanos(), Timestamps.NANOS_PER_SECOND);
    List<ScanOverview.Scanner> scanners = new ArrayList<>();
    for (ScannerVerdict v : first(a.scanners(), topK)) {
      OfflineFacts who = who(v.ip());
      scanners.add(new ScanOverview.Scanner(v.ip(), v.packets(), v.distinctPorts(), v.distinctHosts(),
          v.flagStats(), v.techniques(), v.pattern(), v.probePackets(),
          round(v.activity().peakRate(timeWindowSeconds, origin)), v.activity().busiestSecond(),
          iso(v.firstSeenNanos(), s),
          iso(v.lastSeenNanos(), s), v.score(), tool(v.tool()), who.asn(), who.org(), who.country()));
    }
    List<ScanOverview.Target> targets = new ArrayList<>();
    for (TargetSummary t : first(a.targets(), topK)) {
      PortLists lists = PortLists.of(t.open(), t.closed(), t.filtered(), t.unfiltered());
      targets.add(new ScanOverview.Target(t.ip(), t.probes(), t.portsHit(), lists.open(), lists.closed(),
          lists.filtered(), lists.unfiltered(), first(t.scannedBy(), MAX_SCANNED_BY), lists.notListed(),
          t.scannedBy().size(), t.answered()));
    }
    List<ScanOverview.Distributed> distributed = new ArrayList<>();
    for (DistributedScan d : first(a.distributed(), topK)) {
      distributed.add(new ScanOverview.Distributed(d.target(), d.sources(), d.portsCovered(), round(d.maxOverlap())));
    }
    List<ScanOverview.PortHits> ports = new ArrayList<>();
    first(a.portHits(), topK).forEach(p -> ports.add(new ScanOverview.PortHits(p.port(), p.hits())));
    double interval = empty ? 0 : seconds(s.firstTsNanos(), s.lastTsNanos());
    StateCost cost = a.cost();
    Timeline timeline = timeline(a.scanners(), timeWindowSeconds, origin, s);
    Map<String, Long> dropped = new LinkedHashMap<>();
    dropped.put("flows_concluded_early", cost.flowsConcludedEarly());
    dropped.put("sources_dropped", cost.sourcesDropped());
    dropped.put("packets_from_untracked_sources", cost.packetsFromUntrackedSources());
    dropped.put("contacts_not_kept", cost.contactsNotKept());
    dropped.put("scanners_not_listed", cost.scannersNotListed());
    dropped.put("fragmented_datagrams_given_up", cost.fragmentedDatagramsGivenUp());
    dropped.put("dhcp_exchanges_not_kept", cost.dhcpExchangesNotKept());
    dropped.put("referred_servers_not_kept", cost.referredServersNotKept());
    dropped.put("findings_not_kept", cost.findingsNotKept());
    return new ScanOverview(capture.getFileName().toString(), s.records(), round(interval), scanners, targets,
        ports, a.suspectedPatterns(), s.truncated(), s.truncationNote(), s.format(),
        empty ? null : iso(s.firstTsNanos(), s), empty ? null : iso(s.lastTsNanos(), s),
        timeWindowSeconds, timeline.windows(), timeline.total(), cost.capped(), dropped, a.scanners().size(),
        a.probed().size(), a.portHits().size(), distributed, a.distributed().size(),
        s.linkTypes().stream().sorted().map(LinkTypes::name).toList(), s.bytesRead(), s.duplicateFrames(),
        s.tcpHeadersCutShort(), s.unreadFrames());
  }

  /** Asked again with the same arguments about the same kept analysis, this is the same object. */
  @Override
  public CaptureView<SuspectList> suspects(Path capture, int minPorts, double minRatePps,
      AnalysisControl control) throws IOException {
    ScanAnalysis a = analysis(capture, control);
    return viewsOf(a).get(new SuspectsArgs(minPorts, minRatePps), () -> suspects(a, minPorts, minRatePps));
  }

  /**
   * Why a verdict is listed below {@code min_rate_pps}: evidence that does not depend on its rate (slow
   * scans are what rate thresholds miss); null when only its rate could list it.
   */
  private static String rateFreeEvidence(ScannerVerdict v) {
    if (v.detectedAfterProbes() > 0) {
      return "the sequential test confirmed it";
    }
    if (v.focused()) {
      return "its failures concentrate on one host or port";
    }
    if (v.osDetection()) {
      return "its probes include nmap's OS detection";
    }
    if (v.slowSweep()) {
      return "it is a slow sweep of hosts (ping, ARP or ND)";
    }
    // a sweep rule fired within its window: a slow tail does not make it less of a sweep
    return v.techniques().stream().anyMatch(SWEEPS::contains) ? "it swept hosts" : null;
  }

  private CaptureView<SuspectList> suspects(ScanAnalysis a, int minPorts, double minRatePps) {
    CaptureSummary s = a.capture();
    List<Suspect> out = new ArrayList<>();
    int total = 0;
    for (ScannerVerdict v : a.scanners()) {
      double rate = ratePps(v);
      String rateFree = rateFreeEvidence(v);
      if (v.contacts() < minPorts || (rate < minRatePps && rateFree == null)) {
        continue;
      }
      if (++total > MAX_SUSPECTS) {
        continue; // counted, not listed
      }
      List<String> reasons = new ArrayList<>(v.reasons());
      if (rate < minRatePps) {
        reasons.add(String.format(Locale.ROOT, "slow scan: %s probes/s is below min_rate_pps %s, listed"
            + " because %s", rateText(rate), rateText(minRatePps), rateFree));
      }
      OfflineFacts who = who(v.ip());
      List<Suspect.TargetFindings> findings = new ArrayList<>();
      v.findings().stream()
          .sorted(Comparator.comparingInt((TargetFinding f) -> -f.open().size()).thenComparing(f -> !f.answered())
              .thenComparingInt(f -> -(f.closed().size() + f.unfiltered().size())))
          .limit(MAX_FINDINGS_PER_SUSPECT)
          .forEach(f -> findings.add(
              PortLists.of(f.open(), f.closed(), f.filtered(), f.unfiltered()).finding(f)));
      out.add(new Suspect(v.ip(), v.pattern(), v.distinctPorts(), v.distinctHosts(), round(rate),
          new ArrayList<>(v.flagStats().keySet()), v.techniques(), iso(v.firstSeenNanos(), s),
          iso(v.lastSeenNanos(), s), v.probePackets(), v.contacts(), v.score(), reasons,
          v.detectedAfterProbes() > 0 ? v.detectedAfterProbes() : null, tool(v.tool()), findings,
          v.distinctHosts(), who.asn(), who.org(), who.country(),
          v.station() == null ? null : new Suspect.Station(v.station().mac(), v.station().alsoSendsAs(),
              v.station().forwards())));
    }
    return new CaptureView<>(new SuspectList(out, total, a.cost().capped()), completeness(a));
  }

  private static Completeness completeness(ScanAnalysis a) {
    return new Completeness(a.capture().truncated(), a.capture().truncationNote(), a.capture().unreadFrames());
  }

  /** Asked again about the same kept analysis, this is the same object. */
  @Override
  public CaptureView<FirstEvent> firstEvent(Path capture, AnalysisControl control) throws IOException {
    ScanAnalysis a = analysis(capture, control);
    return viewsOf(a).get(FIRST_EVENT, () -> firstEvent(a));
  }

  private static CaptureView<FirstEvent> firstEvent(ScanAnalysis a) {
    // a decoy scan's forged copies often go first: the scan's first probe is its real scanner's
    boolean allForged = a.scanners().stream().allMatch(ScannerVerdict::likelyForged);
    ProbeEvent first = a.scanners().stream().filter(v -> allForged || !v.likelyForged())
        .map(ScannerVerdict::firstProbe)
        .min(Comparator.comparingLong(ProbeEvent::tsNanos).thenComparingLong(ProbeEvent::frame))
        .orElse(null);
    FirstEvent event = first == null ? null
        : new FirstEvent(iso(first.tsNanos(), a.capture()), first.src(), first.dst(),
            first.port(), first.flags(), first.technique(), first.frame(), first.proto());
    return new CaptureView<>(event, completeness(a));
  }

  /**
   * What each address did: scanner (and target), target (probes received counted over every host the
   * listed scanners probed, also those whose findings were not kept), seen, not_seen or invalid.
   */
  @Override
  public CaptureView<List<CaptureRole>> roles(Path capture, List<String> ips, AnalysisControl control)
      throws IOException {
    ScanAnalysis a = analysis(capture, control);
    Map<String, ScannerVerdict> scanners = viewsOf(a).get(ROLE_INDEX, () -> scannersByAddress(a));
    CaptureSummary s = a.capture();
    List<CaptureRole> out = new ArrayList<>();
    for (String ip : ips) {
      InetAddress addr = IpLiteral.parse(ip);
      if (addr == null) {
        out.add(new CaptureRole(ip, "invalid", List.of(), null, null, 0));
        continue;
      }
      ScannerVerdict v = scanners.get(canonical(ip));
      long received = a.probed().count(addr.getAddress());
      if (v != null) {
        out.add(new CaptureRole(ip, received == 0 ? "scanner" : "scanner_and_target", v.techniques(), v.pattern(),
            iso(v.firstSeenNanos(), s), received));
      } else if (received > 0) {
        out.add(new CaptureRole(ip, "target", List.of(), null, null, received));
      } else {
        out.add(new CaptureRole(ip, a.senders().count(addr.getAddress()) > 0 ? "seen" : "not_seen",
            List.of(), null, null, 0));
      }
    }
    return new CaptureView<>(out, completeness(a));
  }

  /**
   * The analysis's scanners by their address text, for {@link #roles}: the analysis writes addresses
   * in one canonical form ({@link IpText#format}), so a looked-up address in that form finds them
   * without parsing thousands of them first.
   */
  private static Map<String, ScannerVerdict> scannersByAddress(ScanAnalysis a) {
    Map<String, ScannerVerdict> scanners = new HashMap<>();
    for (ScannerVerdict v : a.scanners()) {
      scanners.put(v.ip(), v);
    }
    return scanners;
  }

  /**
   * A valid address literal as the analysis writes it: the decoder's parser and formatter, so an
   * IPv4-mapped one comes out as IPv4, as the decoder reads it.
   */
  private static String canonical(String literal) {
    long[] address = new long[2];
    IpText.parse(literal.strip(), address);
    return IpText.format(address[0], address[1]);
  }

  /**
   * Seconds from one time to another: exact while the difference fits a long (it does for any real
   * capture), else in floating point (pcapng offsets can place records anywhere in ±292 years).
   */
  static double seconds(long fromNanos, long toNanos) {
    long d = toNanos - fromNanos;
    boolean overflow = ((toNanos ^ fromNanos) & (toNanos ^ d)) < 0;
    return overflow ? ((double) toNanos - (double) fromNanos) / 1e9 : d / 1e9;
  }

  /** Probes per second over the source's own active span (a single instant counts as one second). */
  static double ratePps(ScannerVerdict v) {
    double span = seconds(v.firstProbeNanos(), v.lastProbeNanos());
    return span <= 0 ? v.probePackets() : v.probePackets() / span;
  }

  /** The timeline's listed windows, and how many non-empty windows there were in all. */
  private record Timeline(List<ScanOverview.Window> windows, int total) {}

  private static Timeline timeline(List<ScannerVerdict> scanners, int window, long origin, CaptureSummary s) {
    Map<Long, long[]> windows = new HashMap<>(); // window index -> {probes, active scanners}
    for (ScannerVerdict v : scanners) {
      long[] seconds = v.activity().seconds();
      int[] counts = v.activity().counts();
      long lastWindow = Long.MIN_VALUE;
      for (int i = 0; i < seconds.length; i++) {
        long w = Math.floorDiv(seconds[i] - origin, window);
        long[] acc = windows.computeIfAbsent(w, k -> new long[2]);
        acc[0] += counts[i];
        if (w != lastWindow) {
          acc[1]++;
          lastWindow = w;
        }
      }
    }
    List<ScanOverview.Window> out = new ArrayList<>();
    windows.entrySet().stream()
        .sorted(Comparator.comparingLong((Map.Entry<Long, long[]> e) -> -e.getValue()[0])
            .thenComparing(Map.Entry::getKey))
        .limit(MAX_TIMELINE_WINDOWS)
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.add(new ScanOverview.Window(
            iso(Timestamps.startOfSecond(origin + e.getKey() * window), s), e.getValue()[0],
            (int) e.getValue()[1])));
    return new Timeline(out, windows.size());
  }

  private OfflineFacts who(String ip) {
    if (intel == null) {
      return OfflineFacts.UNKNOWN;
    }
    InetAddress addr = IpLiteral.parse(ip);
    if (addr == null || intel.specialPurpose(addr).isPresent()) {
      return OfflineFacts.UNKNOWN;
    }
    return intel.offline(addr);
  }

  private static ToolGuess tool(ToolMatch m) {
    return new ToolGuess(m.name(), m.confidence(), m.evidence());
  }

  private static <T> List<T> first(List<T> list, int k) {
    return list.size() <= k ? list : list.subList(0, k);
  }

  /**
   * A time of the capture at its own precision; null when no record carried one (pcapng simple packet
   * blocks): the times a view would show are then the epoch, which the capture never said.
   */
  private static String iso(long nanos, CaptureSummary capture) {
    return capture.timed() ? Timestamps.iso(nanos, capture.fractionDigits()) : null;
  }

  /** Two decimals, or three significant digits for rates too large to print that way (1e308 pps). */
  static String rateText(double pps) {
    return String.format(Locale.ROOT, pps < 1e6 ? "%.2f" : "%.3g", pps);
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}

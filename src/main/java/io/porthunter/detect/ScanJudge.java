package io.porthunter.detect;

import static io.porthunter.capture.IpProtocol.TCP;
import static io.porthunter.capture.IpProtocol.UDP;
import static io.porthunter.capture.IpProtocol.hasPorts;
import static io.porthunter.capture.IpProtocol.isIcmp;

import io.porthunter.capture.CaptureSummary;
import io.porthunter.capture.IpText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;

/**
 * Detection policy, applied once the pass is over: which sources are scanners, how they scanned,
 * what they learned, and with which tool. Knows nothing of packets or files, only of the
 * per-source state the {@link ConversationTracker} built.
 *
 * <p>A contact <em>fails</em> when it was refused, unreachable, unanswered or abandoned half-open;
 * an empty connect (handshake, then closed without data) fails only for a source that was also
 * refused or left unanswered somewhere, and never on a target the source kept coming back to
 * ({@code recurringMinConversations}) — on their own they are what health checkers look like. A
 * source is a scanner when:
 * <ul>
 *   <li>the sequential test ({@link ThresholdRandomWalk}) over its first contacts, in time order,
 *       accepts "scanner", with at least {@code minFailedContacts} failures making up at least
 *       {@code minFailureShare} of its contacts; or</li>
 *   <li>its ICMP queries reach {@code pingSweepMinHosts} hosts within {@code pingSweepWindowNanos},
 *       or {@code slowSweepMinHosts} hosts at any pace, with {@code minFailedContacts} of them
 *       unanswered (a slow sweep; live hosts asked again later are a monitor's and left out); or</li>
 *   <li>the breadth rule: {@code breadthMinTargets} distinct targets, at least
 *       {@code breadthMinFailureShare} of them failed (a UDP scan whose open ports answered); or</li>
 *   <li>the focus rule: {@code focusMinFailedTargets} failed ports on one host, or failed hosts on
 *       one (protocol, port), at least {@code focusMinFailureShare} of its contacts there, whatever
 *       the rest of its traffic (a workstation that scans while it keeps browsing); or</li>
 *   <li>the OS detection rule: its probes include nmap's OS-detection probes
 *       ({@link ToolFingerprint#nmapOsDetection}), however few ports it tried.</li>
 * </ul>
 * A scanner's <em>probes</em> are its contacts except real conversations (but a conversation on a
 * host or service it failed on is a probe when it followed a probe of the port, as version detection
 * does, or when the source sent nothing but took a banner), and except answered
 * queries to hosts it never probed otherwise (its own DNS lookups) unless it failed on the same
 * (protocol, port) across {@code minFailedContacts} hosts (then they are the answered part of its
 * sweep): they decide its techniques, pattern, findings, probe counts and first event.
 */
final class ScanJudge {
  /** RFC 1413's port: who is behind a connection, asked of its client by the server it reached. */
  private static final int IDENT_PORT = 113;
  /** Members a decoy scan's reason names before "and N more". */
  private static final int DECOY_NAMES = 8;
  /**
   * First size of the per-source scratch tables: every source with a contact is judged, most have a
   * handful, and 65,536 sources each starting at the tables' default size took 19 s of CPU to judge.
   */
  private static final int SCRATCH_HOSTS = 16;
  /** Scanners in the order they are listed: score, then probe packets, then address. */
  private static final Comparator<Judged> RANK = Comparator.comparingInt((Judged j) -> -j.verdict.score())
      .thenComparingLong(j -> -j.verdict.probePackets())
      .thenComparing(j -> j.src.hi, Long::compareUnsigned)
      .thenComparing(j -> j.src.lo, Long::compareUnsigned);

  private final DetectionSettings settings;
  private final ToolFingerprint tools;

  ScanJudge(DetectionSettings settings) {
    this.settings = settings;
    this.tools = new ToolFingerprint(settings);
  }

  ScanAnalysis judge(TrackerState state, CaptureSummary capture) {
    List<SourceState> sources = state.sources().values();
    AddressMap<long[]> senders = new AddressMap<>(sources.size() * 2);
    long[] portHits = new long[65536];
    // The lowest-ranked verdict kept sits at the head, ready to make room for a better one.
    PriorityQueue<Judged> kept = new PriorityQueue<>(RANK.reversed());
    long notListed = 0;
    Stations stations = Stations.of(sources);
    for (SourceState src : sources) {
      senders.add(src.hi, src.lo, new long[] {src.packets});
      Judged j = judgeSource(src, state.sources(), stations, portHits);
      if (j != null) {
        kept.add(j);
        if (kept.size() > settings.maxScanners()) {
          kept.poll();
          notListed++;
        }
      }
    }
    List<Judged> judged = new ArrayList<>(kept);
    judged.sort(RANK);
    AddressMap<long[]> probed = new AddressMap<>();
    long findingsLeft = settings.maxFindings();
    long findingsNotKept = 0;
    for (int i = 0; i < judged.size(); i++) {
      Judged j = judged.get(i);
      countProbes(j.contacts, probed);
      int limit = (int) Math.min(settings.maxFindingsPerScanner(), Math.max(settings.minFindingsPerScanner(),
          findingsLeft));
      List<HostFindings> hosts = hostFindings(j.contacts, limit);
      findingsLeft -= hosts.size();
      findingsNotKept += j.verdict.distinctHosts() - hosts.size();
      judged.set(i, j.withFindings(hosts));
    }
    boolean decoys = markDecoys(judged);
    IdleScans idle = markZombies(judged, sources);

    AddressMap<TargetEntry> targets = new AddressMap<>();
    List<TargetEntry> targetOrder = new ArrayList<>();
    Set<String> patterns = new LinkedHashSet<>();
    List<ScannerVerdict> scanners = new ArrayList<>();
    for (Judged j : judged) {
      ScannerVerdict v = j.verdict;
      scanners.add(v);
      for (String t : v.techniques()) {
        patterns.add(t.endsWith("_sweep") ? t : t + "_scan");
      }
      patterns.add(v.pattern());
      for (HostFindings h : j.hosts) {
        TargetEntry entry = targets.get(h.hi, h.lo);
        if (entry == null) {
          entry = new TargetEntry(new HostFindings(h.hi, h.lo), new ArrayList<>(), new ArrayList<>());
          targets.add(h.hi, h.lo, entry);
          targetOrder.add(entry);
        }
        entry.all().merge(h);
        entry.scanners().add(v.ip());
        entry.perScanner().add(h);
      }
    }
    List<DistributedScan> distributed = distributed(targetOrder);
    if (!distributed.isEmpty()) {
      patterns.add("distributed");
    }
    if (decoys) {
      patterns.add("decoy");
    }
    if (idle.found()) {
      patterns.add("idle_scan");
    }
    for (TargetEntry t : targetOrder) {
      t.all().probes = probed.get(t.all().hi, t.all().lo)[0]; // with those of findings not kept
    }
    targetOrder.sort(Comparator.comparingLong((TargetEntry t) -> -t.all().probes)
        .thenComparing(t -> t.all().hi, Long::compareUnsigned)
        .thenComparing(t -> t.all().lo, Long::compareUnsigned));
    List<TargetSummary> targetList = new ArrayList<>();
    for (TargetEntry t : targetOrder) {
      targetList.add(t.all().summary(t.scanners()));
    }
    List<PortCount> ports = new ArrayList<>();
    for (int p = 0; p < 65536; p++) {
      if (portHits[p] > 0) {
        ports.add(new PortCount(p, portHits[p]));
      }
    }
    ports.sort(Comparator.comparingLong((PortCount c) -> -c.hits()).thenComparingInt(PortCount::port));
    return new ScanAnalysis(capture, List.copyOf(scanners), List.copyOf(targetList), List.copyOf(ports),
        List.copyOf(patterns), distributed, state.budget().snapshot(notListed + idle.notListed(), findingsNotKept),
        new AddressCounts(senders), new AddressCounts(probed));
  }

  /**
   * A scanner's verdict, how its contacts counted, whether any probe of it drew an answer from its
   * target (open, closed or unfiltered), and the per-host findings kept (null until given out).
   */
  private record Judged(SourceState src, ScannerVerdict verdict, Contacts contacts, boolean answered,
      List<HostFindings> hosts) {
    Judged withFindings(List<HostFindings> kept) {
      List<TargetFinding> findings = new ArrayList<>(kept.size());
      for (HostFindings h : kept) {
        findings.add(h.finding());
      }
      return new Judged(src, verdict.withFindings(List.copyOf(findings)), contacts, answered, kept);
    }

    Judged withVerdict(ScannerVerdict v) {
      return new Judged(src, v, contacts, answered, hosts);
    }
  }

  /** One probed host: everything learned about it, and each scanner's own findings. */
  private record TargetEntry(HostFindings all, List<String> scanners, List<HostFindings> perScanner) {}

  /** How each contact of one source counts. */
  private static final class Contacts {
    final ContactTable table;
    /** The rows judged, in time order. */
    int[] rows;
    final boolean[] failed;
    final boolean[] probe;
    /**
     * Probes the source went on to talk to (version detection): what they taught counts, but their
     * packets and times are mostly the conversation's, so rate and packet counts leave them out.
     */
    final boolean[] followedUp;
    int failures;
    /** Probes whose handshake completed and whose banner the source took without a word: connects. */
    int bannersTaken;

    Contacts(ContactTable table) {
      this.table = table;
      this.rows = table.rowsByTime();
      this.failed = new boolean[table.size()];
      this.probe = new boolean[table.size()];
      this.followedUp = new boolean[table.size()];
    }

    /** Judges the source without its ARP requests and neighbour solicitations: all, or those {@code excused}. */
    void leaveOutResolutions(boolean all, boolean[] excused) {
      rows = Arrays.stream(rows).filter(r -> !PortList.isResolution(table.protocol(r)) || !(all || excused[r]))
          .toArray();
    }
  }

  private Judged judgeSource(SourceState src, AddressMap<SourceState> all, Stations stations, long[] portHits) {
    ContactTable c = src.contacts;
    if (c.size() == 0) {
      return null;
    }
    distrustInferredHandshakes(c);
    Contacts k = new Contacts(c);
    boolean[] excused = excusedSilences(k);
    excuseIdentLookups(src, all, excused);
    int neighbourHosts = 0;
    if (excuseResolutions(src, all, stations, excused)) {
      // questions for a few hosts are a host finding its neighbours: nothing to judge it by; for as
      // many as a sweep reaches, they are judged like ICMP queries (a slow sweep included)
      neighbourHosts = sweepHosts(k, excused, true);
      k.leaveOutResolutions(askedHosts(k, excused) < settings.pingSweepMinHosts(), excused);
      if (k.rows.length == 0) {
        return null;
      }
    }
    excuseClients(k, excused);
    boolean rejected = false;
    for (int r : k.rows) {
      Outcome o = c.outcome(r);
      rejected |= !o.success() && o != Outcome.EMPTY_CONNECT && !excused[r];
    }
    // each failing host with the time of its first failure (rows are in time order: the first one met)
    AddressMap<long[]> firstFailure = new AddressMap<>(SCRATCH_HOSTS);
    ThresholdRandomWalk trw = new ThresholdRandomWalk(settings);
    for (int r : k.rows) {
      Outcome o = c.outcome(r);
      boolean failed = !o.success() && (o != Outcome.EMPTY_CONNECT || (rejected && !recurring(c, r)))
          && !excused[r];
      k.failed[r] = failed;
      if (failed) {
        k.failures++;
        if (firstFailure.get(c.dstHi(r), c.dstLo(r)) == null) {
          firstFailure.add(c.dstHi(r), c.dstLo(r), new long[] {c.firstTs(r)});
        }
      }
      trw.observe(!failed);
    }
    int failures = k.failures + (int) src.failedContactsNotKept;
    int contacts = k.rows.length + (int) src.contactsNotKept;
    boolean confirmed = trw.scanner() && failures >= settings.minFailureShare() * contacts;
    Sweeps sweeps = new Sweeps(sweepHosts(k, excused, false), neighbourHosts, slowSweep(k, excused),
        settings.pingSweepMinHosts());
    boolean sweep = sweeps.any();
    boolean broad = contacts >= settings.breadthMinTargets() && failures >= settings.minFailedContacts()
        && failures >= settings.breadthMinFailureShare() * contacts;
    String focus = confirmed || sweep || broad || k.failures < settings.focusMinFailedTargets() ? null : focus(k);
    if (!confirmed && !sweep && !broad && focus == null && !tools.nmapOsDetection(src.traits())) {
      return null;
    }
    Map<Integer, int[]> byService = tally(k, r -> c.protoPort(r));
    for (int r : k.rows) {
      Outcome o = c.outcome(r);
      long[] failedFrom = firstFailure.get(c.dstHi(r), c.dstLo(r));
      boolean probedHost = failedFrom != null;
      // within the scan of the host: not a service used long before the source's first failure there
      boolean duringScan = probedHost && c.firstTs(r) >= failedFrom[0] - settings.followUpMaxLeadNanos();
      // an answered query on a service the source failed on across hosts is one more probe of its sweep
      boolean sweptService = byService.get(c.protoPort(r))[0] >= settings.minFailedContacts();
      if (o == Outcome.CONVERSATION && duringScan && (c.marks(r) & ContactTable.FAILED) != 0) {
        // probed first, then talked to: a scanner's version detection (nmap -sV, -A) on the ports it
        // found open; the port stays among what it learned (a service used before the scan stays a
        // conversation)
        k.probe[r] = true;
        k.followedUp[r] = true;
      } else if (o == Outcome.CONVERSATION && (c.marks(r) & ContactTable.SENT_DATA) == 0
          && (c.techniques(r) & (1 << Technique.SYN.ordinal())) != 0 && (duringScan || sweptService)) {
        // a handshake, then a banner the scanner took and answered with nothing (evilscan, masscan
        // --banners, nc -z on a service that speaks first): an open port of its scan, one probe packet
        // like a followed-up one (its acknowledgements of the banner are no probes)
        k.probe[r] = true;
        k.followedUp[r] = true;
        k.bannersTaken++;
      } else if (o == Outcome.CONVERSATION || o == Outcome.TRACED || excused[r]) {
        k.probe[r] = false; // a real conversation, a traceroute's hop or a fallback: not a probe
      } else if (PortList.isResolution(c.protocol(r))) {
        k.probe[r] = true; // kept only as part of an ARP or ND sweep
      } else if (isIcmp(c.protocol(r))) {
        k.probe[r] = sweeps.icmp() || probedHost || sweptService;
      } else {
        k.probe[r] = !o.success() || probedHost || sweptService;
      }
    }
    return verdict(src, k, trw, confirmed, broad, failures, contacts, sweeps, focus, portHits);
  }

  /**
   * Ident lookups (RFC 1413, tcp/113) to hosts that had connected to this source: a server (IRC, mail,
   * FTP) asking each client who is behind the connection it received, refused or unanswered as most
   * clients run no identd. They are neither failures nor probes.
   */
  private static void excuseIdentLookups(SourceState src, AddressMap<SourceState> all, boolean[] excused) {
    ContactTable c = src.contacts;
    for (int r = 0; r < c.size(); r++) {
      if (c.protocol(r) == TCP && c.port(r) == IDENT_PORT) {
        SourceState client = all.get(c.dstHi(r), c.dstLo(r));
        excused[r] |= client != null && client.contacts.connectedTo(src.hi, src.lo);
      }
    }
  }

  /**
   * Failures of two kinds of normal clients, excused from a source that both failed and was served
   * (held a conversation, or got an answer, on a contact that neither failed first nor was left
   * half-open: a scanner's version detection of the ports it found does not count) over TCP or UDP:
   * <ul>
   *   <li><b>failover</b>, a client trying its servers in turn (a domain controller locator, a
   *       resolver or mirror list): a failure on a service it was served on by another host, when that
   *       service failed on fewer than {@code minFailedContacts} hosts and the host on at most
   *       {@code failoverMaxServicesPerHost} services (a dead server fails on the few it was asked for);
   *       a sweep of the service fails on more hosts, a scan of the host on more ports;</li>
   *   <li><b>peers</b>, a peer-to-peer client (BitTorrent, a DHT): its contacts on ports of 1024 or
   *       above, on services that failed on fewer than {@code minFailedContacts} hosts, to hosts it
   *       met on at most {@code peerMaxPortsPerHost} such ports, are peers on the ports they chose;
   *       when their distinct ports number at least {@code peerMinDistinctPortShare} of their hosts,
   *       and at least {@code peerMinConversationShare} of those hosts (and {@code minFailedContacts})
   *       served it, their failures are peers that went away. A sweep's port fails on many hosts and
   *       stays judged, whatever peers the source has besides.</li>
   * </ul>
   */
  private void excuseClients(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    boolean served = false;
    boolean failed = false;
    for (int r : k.rows) {
      if (overTcpOrUdp(c, r)) {
        served |= served(c, r);
        failed |= !c.outcome(r).success();
      }
    }
    if (!served || !failed) {
      return; // most sources: nothing to excuse, nothing allocated
    }
    Map<Integer, int[]> services = new HashMap<>(); // per (protocol, port): [failed hosts, 1 when served]
    AddressMap<int[]> hosts = new AddressMap<>(SCRATCH_HOSTS); // per host: [failed services, high ports, served]
    for (int r : k.rows) {
      if (overTcpOrUdp(c, r)) {
        boolean fail = !c.outcome(r).success();
        int servedHere = served(c, r) ? 1 : 0;
        int[] service = services.computeIfAbsent(c.protoPort(r), x -> new int[2]);
        service[0] += fail ? 1 : 0;
        service[1] |= servedHere;
        int[] host = hosts.get(c.dstHi(r), c.dstLo(r));
        if (host == null) {
          hosts.add(c.dstHi(r), c.dstLo(r), host = new int[3]);
        }
        host[0] += fail ? 1 : 0;
        host[1] += c.port(r) >= Technique.WELL_KNOWN_PORTS ? 1 : 0;
        host[2] |= servedHere;
      }
    }
    boolean[] peer = new boolean[c.size()];
    AddressMap<int[]> peerHosts = new AddressMap<>(SCRATCH_HOSTS);
    Set<Integer> peerPorts = new HashSet<>();
    int peersServing = 0;
    for (int r : k.rows) {
      if (!overTcpOrUdp(c, r)) {
        continue;
      }
      int[] service = services.get(c.protoPort(r));
      int[] host = hosts.get(c.dstHi(r), c.dstLo(r));
      boolean fewHosts = service[0] < settings.minFailedContacts();
      excused[r] |= !c.outcome(r).success() && service[1] == 1 && fewHosts
          && host[0] <= settings.failoverMaxServicesPerHost();
      peer[r] = fewHosts && c.port(r) >= Technique.WELL_KNOWN_PORTS && host[1] <= settings.peerMaxPortsPerHost();
      if (peer[r]) {
        peerPorts.add(c.protoPort(r));
        if (peerHosts.get(c.dstHi(r), c.dstLo(r)) == null) {
          peerHosts.add(c.dstHi(r), c.dstLo(r), host);
          peersServing += host[2];
        }
      }
    }
    int n = peerHosts.size();
    if (peersServing >= settings.minFailedContacts() && peersServing >= settings.peerMinConversationShare() * n
        && peerPorts.size() >= settings.peerMinDistinctPortShare() * n) {
      for (int r : k.rows) {
        excused[r] |= peer[r];
      }
    }
  }

  private static boolean overTcpOrUdp(ContactTable c, int r) {
    return c.protocol(r) == TCP || c.protocol(r) == UDP;
  }

  /**
   * The contact served the source: a conversation held or a question answered, on a target it had not
   * failed on first nor left half-open (a scanner's version detection talks to what it found).
   */
  private static boolean served(ContactTable c, int r) {
    Outcome o = c.outcome(r);
    return (o == Outcome.CONVERSATION || o == Outcome.REPLIED)
        && (c.marks(r) & (ContactTable.FAILED | ContactTable.HALF_OPENED)) == 0;
  }

  /**
   * ARP requests and neighbour solicitations that are no sweep: those of a station that forwards
   * other sources' packets (a router finding the next hop of routed traffic: a routed scan's
   * targets, dead ones included; see {@link Stations#forwards}), and those for a host the source, or
   * another address of its station, also sent IP packets (a client finding its server, a scanner the
   * host it probes), or that talked to it. They are neither failures nor probes. True when the
   * source asked at all.
   */
  private static boolean excuseResolutions(SourceState src, AddressMap<SourceState> all, Stations stations,
      boolean[] excused) {
    ContactTable c = src.contacts;
    AddressMap<Boolean> asked = null; // most sources ask nothing: judged by the thousand, they allocate nothing
    for (int r = 0; r < c.size(); r++) {
      if (PortList.isResolution(c.protocol(r))) {
        if (asked == null) {
          asked = new AddressMap<>(SCRATCH_HOSTS);
        }
        if (asked.get(c.dstHi(r), c.dstLo(r)) == null) {
          asked.add(c.dstHi(r), c.dstLo(r), Boolean.TRUE);
        }
      }
    }
    if (asked == null) {
      return false;
    }
    AddressMap<Boolean> overIp = new AddressMap<>(SCRATCH_HOSTS);
    addIpTargets(src.contacts, overIp);
    for (SourceState mate : stations.mates(src)) {
      if (mate != src) {
        addIpTargets(mate.contacts, overIp);
      }
    }
    boolean forwarding = stations.forwards(src, asked);
    for (int r = 0; r < c.size(); r++) {
      if (PortList.isResolution(c.protocol(r))) {
        SourceState peer = all.get(c.dstHi(r), c.dstLo(r));
        excused[r] |= forwarding || overIp.get(c.dstHi(r), c.dstLo(r)) != null
            || (peer != null && peer.contacts.connectedTo(src.hi, src.lo));
      }
    }
    return true;
  }

  /** Adds the hosts a contact table reached over IP (not by ARP or neighbour discovery). */
  private static void addIpTargets(ContactTable c, AddressMap<Boolean> into) {
    for (int i = 0; i < c.size(); i++) {
      if (!PortList.isResolution(c.protocol(i)) && into.get(c.dstHi(i), c.dstLo(i)) == null) {
        into.add(c.dstHi(i), c.dstLo(i), Boolean.TRUE);
      }
    }
  }

  /**
   * Silent tries that are not failures: a traceroute's hops past the last router that answers (sent
   * with a traceroute's TTL to a host the source traced, at most {@code tracerouteMaxHops} per host, so
   * a scan cannot hide behind one traced probe), and UDP tries a client fell back from to TCP.
   */
  private boolean[] excusedSilences(Contacts k) {
    ContactTable c = k.table;
    boolean[] excused = new boolean[c.size()];
    AddressMap<int[]> traced = null;
    for (int r = 0; r < c.size(); r++) {
      if (c.outcome(r) == Outcome.TRACED) {
        if (traced == null) {
          traced = new AddressMap<>(SCRATCH_HOSTS);
        }
        if (traced.get(c.dstHi(r), c.dstLo(r)) == null) {
          traced.add(c.dstHi(r), c.dstLo(r), new int[1]);
        }
      }
    }
    boolean[] hops = tracerouteRuns(k);
    for (int r : k.rows) {
      if (hops[r]) {
        excused[r] = true; // answered by the target (port unreachable) or not: a hop of a traceroute
        continue;
      }
      if (c.outcome(r) != Outcome.UNANSWERED) {
        continue;
      }
      int[] tracedHops = traced == null || (c.marks(r) & ContactTable.LOW_TTL) == 0 ? null
          : traced.get(c.dstHi(r), c.dstLo(r));
      if (tracedHops != null && tracedHops[0] < settings.tracerouteMaxHops()) {
        tracedHops[0]++;
        excused[r] = true;
      } else {
        excused[r] = fellBackToTcp(c, r);
      }
    }
    return excused;
  }

  /**
   * A UDP traceroute's probes: sent with a traceroute's TTL, to ports that rise by one from probe to
   * probe (traceroute and mtr -u number each probe into its port), in runs of {@link
   * DetectionSettings#tracerouteMinRun} or more. On a LAN, or captured near the target, every probe
   * reaches the target and is refused, with no router in between to say "time exceeded": 16 refused
   * ports at once, which would read as a vertical scan. A scanner's TTL is not a traceroute's, and a
   * scanner shuffles its ports.
   */
  private boolean[] tracerouteRuns(Contacts k) {
    ContactTable c = k.table;
    boolean[] hop = new boolean[c.size()];
    int minRun = settings.tracerouteMinRun();
    // per host: [0] the run's length, [1..] its latest minRun rows, newest last
    AddressMap<int[]> runs = null;
    for (int r : k.rows) {
      if (c.protocol(r) != UDP || (c.marks(r) & ContactTable.LOW_TTL) == 0 || c.outcome(r).success()) {
        continue;
      }
      if (runs == null) {
        runs = new AddressMap<>(SCRATCH_HOSTS);
      }
      int[] run = runs.get(c.dstHi(r), c.dstLo(r));
      if (run == null) {
        run = new int[1 + minRun];
        runs.add(c.dstHi(r), c.dstLo(r), run);
      }
      boolean rising = run[0] > 0 && c.port(r) == c.port(run[minRun]) + 1;
      run[0] = rising ? run[0] + 1 : 1;
      System.arraycopy(run, 2, run, 1, minRun - 1);
      run[minRun] = r;
      if (run[0] == minRun) {
        for (int i = 1; i <= minRun; i++) {
          hop[run[i]] = true; // the run's first probes too
        }
      } else if (run[0] > minRun) {
        hop[r] = true;
      }
    }
    return hop;
  }

  /**
   * A handshake inferred from the initiator's ACK stands for an answer only in a capture that misses
   * the host's side: when the host answered anything else the source sent, the capture sees its
   * side, and the ACK without a SYN/ACK was faked (a raw-socket scanner against a filtering host).
   */
  private static void distrustInferredHandshakes(ContactTable c) {
    AddressMap<Boolean> answering = null;
    for (int r = 0; r < c.size(); r++) {
      if ((c.marks(r) & ContactTable.INFERRED) != 0) {
        answering = answeringHosts(c);
        break;
      }
    }
    if (answering == null) {
      return;
    }
    for (int r = 0; r < c.size(); r++) {
      if ((c.marks(r) & ContactTable.INFERRED) != 0 && answering.get(c.dstHi(r), c.dstLo(r)) != null) {
        c.distrust(r);
      }
    }
  }

  /** Hosts seen answering the source: any outcome but silence, a router's error, or an inference. */
  private static AddressMap<Boolean> answeringHosts(ContactTable c) {
    AddressMap<Boolean> hosts = new AddressMap<>(SCRATCH_HOSTS);
    for (int r = 0; r < c.size(); r++) {
      Outcome o = c.outcome(r);
      boolean answered = o != Outcome.UNANSWERED && o != Outcome.UNREACHABLE && o != Outcome.TRACED
          && (c.marks(r) & ContactTable.INFERRED) == 0;
      if (answered && hosts.get(c.dstHi(r), c.dstLo(r)) == null) {
        hosts.add(c.dstHi(r), c.dstLo(r), Boolean.TRUE);
      }
    }
    return hosts;
  }

  /**
   * For a silent try: a UDP one whose TCP counterpart on the same host and port got through, a client
   * falling back (HTTP/3 to HTTPS when a firewall drops QUIC, DNS over UDP to TCP), not a failed probe.
   */
  private static boolean fellBackToTcp(ContactTable c, int r) {
    if (c.protocol(r) != UDP) {
      return false;
    }
    int tcp = c.row(c.dstHi(r), c.dstLo(r), TCP, c.port(r));
    return tcp >= 0 && c.outcome(tcp).success();
  }

  /** A target the source came back to again and again: a service it uses, not something it probed. */
  private boolean recurring(ContactTable c, int row) {
    return c.conversations(row) >= settings.recurringMinConversations();
  }

  /**
   * The focus rule: the host on which this source failed on the most ports, or the (protocol, port)
   * on which it failed on the most hosts, when that is a scan by itself (see {@link
   * DetectionSettings#focusMinFailedTargets}); null when neither is. Targets the source keeps using
   * count as the successes they are; a traceroute's silent hops and a client's fallbacks are no
   * failures (see {@link #excusedSilences}); dead targets a monitor keeps retrying beside live ones
   * on the same port do not count (see {@link #retriedLikeTheRest}).
   */
  private String focus(Contacts k) {
    ContactTable c = k.table;
    AddressMap<int[]> byHost = new AddressMap<>(SCRATCH_HOSTS);
    List<long[]> hosts = new ArrayList<>();
    for (int r : k.rows) {
      int[] h = byHost.get(c.dstHi(r), c.dstLo(r));
      if (h == null) {
        h = new int[2];
        byHost.add(c.dstHi(r), c.dstLo(r), h);
        hosts.add(new long[] {c.dstHi(r), c.dstLo(r)});
      }
      count(h, k.failed[r]);
    }
    String found = null;
    int most = 0;
    for (long[] host : hosts) {
      int[] h = byHost.get(host[0], host[1]);
      if (isFocused(h) && h[0] > most) {
        most = h[0];
        found = h[0] + " of " + h[1] + " ports on " + IpText.format(host[0], host[1]) + " failed";
      }
    }
    Map<Integer, int[]> kept = tally(k, r -> keptUsing(c, r) ? c.protoPort(r) : -1);
    for (Map.Entry<Integer, int[]> e : tally(k, r -> k.failed[r] && retriedLikeTheRest(c, r, kept) ? -1 : c.protoPort(r)).entrySet()) {
      int[] s = e.getValue();
      if (isFocused(s) && s[0] > most) {
        most = s[0];
        found = s[0] + " of " + s[1] + " hosts on " + service(e.getKey()) + " failed";
      }
    }
    return found == null ? null : "focus rule: " + found;
  }

  /**
   * A target retried round after round on a port where the source keeps using other hosts: a monitor
   * or a phone system checking its devices while some are down. A sweep run two or three times over,
   * or a connect() sweep whose kernel retries each silent host for two minutes, is not retried.
   */
  private boolean retriedLikeTheRest(ContactTable c, int r, Map<Integer, int[]> kept) {
    return retried(c, r) && kept.containsKey(c.protoPort(r));
  }

  /**
   * Tried round after round: in {@code retriedMinRounds} separate conversations, or in one going on
   * for {@code retriedSpanNanos} (datagrams re-sent to a silent host more often than the idle timeout
   * stay one conversation).
   */
  private boolean retried(ContactTable c, int r) {
    return c.attempts(r) >= settings.retriedMinRounds()
        || (c.attempts(r) == 1 && c.lastTs(r) - c.firstTs(r) >= settings.retriedSpanNanos());
  }

  /** A target the source keeps using: answered round after round, in separate conversations or one long one. */
  private boolean keptUsing(ContactTable c, int r) {
    return (c.outcome(r).success() || c.outcome(r) == Outcome.EMPTY_CONNECT) && retried(c, r);
  }

  private boolean isFocused(int[] failedOfAll) {
    return failedOfAll[0] >= settings.focusMinFailedTargets()
        && failedOfAll[0] >= settings.focusMinFailureShare() * failedOfAll[1];
  }

  /** Failed and all contacts per key (rows keyed negative are left out). */
  private static Map<Integer, int[]> tally(Contacts k, java.util.function.IntUnaryOperator key) {
    Map<Integer, int[]> out = new HashMap<>();
    for (int r : k.rows) {
      int kk = key.applyAsInt(r);
      if (kk >= 0) {
        count(out.computeIfAbsent(kk, x -> new int[2]), k.failed[r]);
      }
    }
    return out;
  }

  private static void count(int[] failedOfAll, boolean failed) {
    failedOfAll[1]++;
    if (failed) {
      failedOfAll[0]++;
    }
  }

  /** "tcp/445", or the ICMP protocol alone (its queries have no port). */
  private static String service(int protoPort) {
    int protocol = protoPort >>> 16;
    String name = PortList.protoName(protocol);
    return hasPorts(protocol) ? name + "/" + (protoPort & 0xFFFF) : name;
  }

  /** Hosts the source asked ARP or neighbour discovery for, excused questions left out. */
  private static int askedHosts(Contacts k, boolean[] excused) {
    int n = 0;
    for (int r : k.rows) {
      n += PortList.isResolution(k.table.protocol(r)) && !excused[r] ? 1 : 0; // one row per host
    }
    return n;
  }

  /**
   * The most hosts whose ICMP queries, or ARP requests and neighbour solicitations, began within one
   * sweep window (recurring ones, and excused questions, left out).
   */
  private int sweepHosts(Contacts k, boolean[] excused, boolean neighbours) {
    List<Long> starts = new ArrayList<>();
    for (int r : k.rows) {
      int protocol = k.table.protocol(r);
      boolean asked = neighbours ? PortList.isResolution(protocol) && !excused[r] : isIcmp(protocol);
      // hosts pinged round after round and answering are monitored (smokeping), not swept
      if (asked && !recurring(k.table, r)) {
        starts.add(k.table.firstTs(r)); // rows are in time order
      }
    }
    int best = 0;
    int from = 0;
    for (int to = 0; to < starts.size(); to++) {
      while (starts.get(to) - starts.get(from) > settings.pingSweepWindowNanos()) {
        from++;
      }
      best = Math.max(best, to - from + 1);
    }
    return best;
  }

  /**
   * The hosts of a slow ping sweep ({@link DetectionSettings#slowSweepMinHosts}), or 0: the hosts this
   * source's ICMP queries reached at any pace, when they are enough and enough of them went
   * unanswered. A host that answered counts only when it was asked within one sweep window: a sweep
   * asks a live host once, or a few times at once (nmap's echo and timestamp requests), while a
   * monitor asks its live hosts again every round, and a capture of two rounds must not make it a
   * sweep. A silent host counts however long it was asked: a slow sweep's retries may come minutes
   * later, and a monitor's dead hosts alone are too few. Excused queries are left out.
   */
  private int slowSweep(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    int hosts = 0;
    int unanswered = 0;
    for (int r : k.rows) {
      boolean answered = c.outcome(r).success();
      if (isIcmp(c.protocol(r)) && !excused[r]
          && (!answered || c.lastTs(r) - c.firstTs(r) <= settings.pingSweepWindowNanos())) {
        hosts++; // one row per host and protocol: a host asked over both ICMPs is rare enough
        unanswered += answered ? 0 : 1;
      }
    }
    return hosts >= settings.slowSweepMinHosts() && unanswered >= settings.minFailedContacts() ? hosts : 0;
  }

  /** Builds the verdict for a source already judged to be scanning. */
  private Judged verdict(SourceState src, Contacts k, ThresholdRandomWalk trw, boolean confirmed, boolean broad,
      int failures, int contacts, Sweeps sweeps, String focus, long[] portHits) {
    ContactTable c = k.table;
    int[] techniqueCounts = new int[Technique.values().length];
    EnumMap<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    AddressMap<Boolean> hosts = new AddressMap<>(SCRATCH_HOSTS);
    boolean answered = false;
    BitSet ports = new BitSet(); // grows to the highest (protocol, port) key met
    int firstProbeRow = -1;
    int probeRows = 0;
    long probePackets = 0;
    long lastProbe = Long.MIN_VALUE;
    // targets some conversation left half-open, also those talked to afterwards (-sV, -A)
    int halfOpen = 0;
    for (int r : k.rows) {
      Outcome o = c.outcome(r);
      outcomes.merge(o, 1, Integer::sum);
      halfOpen += (c.marks(r) & ContactTable.HALF_OPENED) != 0 ? 1 : 0;
      if (!k.probe[r]) {
        continue;
      }
      probeRows++;
      int packets = probePackets(k, r);
      probePackets += packets;
      // a followed-up probe: its first packet was the probe, the rest the conversation that followed
      lastProbe = Math.max(lastProbe, k.followedUp[r] ? c.firstTs(r) : c.lastTs(r));
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
        portHits[port] += packets;
      }
      if (hosts.get(c.dstHi(r), c.dstLo(r)) == null) {
        hosts.add(c.dstHi(r), c.dstLo(r), Boolean.TRUE);
      }
      PortState state = c.state(r);
      answered |= port >= 0 && state != null && state != PortState.FILTERED;
    }
    if (probeRows == 0) {
      return null;
    }

    int tcpPorts = ports.get(0, 65536).cardinality();
    int udpPorts = ports.get(SourceState.portKey(UDP, 0), SourceState.portKey(UDP, 65536)).cardinality();
    boolean discovery = sweeps.icmp() && tcpPorts <= settings.discoveryMaxTcpPorts() && udpPorts == 0;
    int connects = outcomes.getOrDefault(Outcome.EMPTY_CONNECT, 0) + k.bannersTaken;
    ProbeTraits traits = src.traits();
    // nmap's host discovery sends a raw SYN to 443 even before a connect scan: a half-open contact or
    // two beside more connects leave a scan of the stack's own SYNs a connect scan
    boolean stackSyns = traits.synProbes > 0 && traits.synFullStackOptions * 2 > traits.synProbes;
    // handshakes completed by a raw scanner's own stack (masscan --banners) do not make a connect scan:
    // its SYNs offer nothing a stack offers and mostly carry the raw scanners' window of 1024
    boolean rawSyns = traits.synProbes > 0 && traits.synFullStackOptions == 0
        && traits.window1024 * 2 > traits.tcpProbes;
    boolean connect = halfOpen == 0 ? (connects > 0 && !rawSyns) || stackSyns
        : stackSyns && halfOpen <= settings.discoveryMaxTcpPorts() && halfOpen < connects;
    List<String> techniques = techniques(techniqueCounts, probeRows, sweeps, discovery, connect);
    int distinctHosts = hosts.size();
    int distinctPorts = ports.cardinality();
    String pattern = pattern(distinctHosts, distinctPorts);
    ToolMatch tool = tools.of(src, techniques);
    String ip = IpText.format(src.hi, src.lo);

    int score = score(contacts, failures, confirmed);
    List<String> reasons = new ArrayList<>();
    if (confirmed) {
      reasons.add(String.format(Locale.ROOT,
          "sequential test (TRW, θ0=%.2f θ1=%.2f α=%.2f β=%.2f) judged it a scanner after %d first contacts",
          settings.trwTheta0(), settings.trwTheta1(), settings.trwAlpha(), settings.trwBeta(),
          trw.detectedAfter()));
    }
    reasons.add(failures + " of " + contacts + " distinct targets failed (" + describe(outcomes) + ")");
    if (broad && !confirmed) {
      reasons.add("breadth rule: " + contacts + " distinct targets, " + failures + " failed");
    }
    if (focus != null) {
      reasons.add(focus);
    } else if (!confirmed && !broad && !sweeps.any()) {
      reasons.add("OS detection rule: " + ToolFingerprint.nmapOsDetectionEvidence(traits));
    }
    long window = settings.pingSweepWindowNanos() / 1_000_000_000L;
    if (sweeps.icmpHosts() >= settings.pingSweepMinHosts()) {
      reasons.add(String.format(Locale.ROOT, "ICMP queries to %d hosts within %d s (ping sweep)", sweeps.icmpHosts(),
          window));
    } else if (sweeps.icmp()) {
      reasons.add(String.format(Locale.ROOT, "ICMP queries to %d hosts, fewer than %d within any %d s (slow ping"
          + " sweep)", sweeps.slowIcmpHosts(), settings.pingSweepMinHosts(), window));
    }
    if (sweeps.neighbours()) {
      boolean v6 = !Addresses.isIpv4(src.hi, src.lo);
      reasons.add(String.format(Locale.ROOT, v6 ? "neighbour solicitations to %d hosts within %d s (ND sweep)"
          : "ARP requests to %d hosts within %d s (ARP sweep)", sweeps.neighbourHosts(), window));
    }
    reasons.add(pattern + ": " + Words.counted(distinctPorts, "port") + " on " + Words.counted(distinctHosts, "host"));
    reasons.add("techniques " + String.join(", ", techniques) + " by opening segment");
    if (!"unknown".equals(tool.name())) {
      reasons.add("probes match " + tool.name() + ": " + String.join("; ", tool.evidence()));
    }

    ProbeEvent first = probeEvent(c, firstProbeRow, ip, discovery, connect);
    ScannerVerdict v = new ScannerVerdict(ip, src.packets, probePackets, src.firstTs, src.lastTs,
        first.tsNanos(), lastProbe, distinctHosts, distinctPorts, contacts, failures, flagStats(src), techniques,
        pattern, score, List.copyOf(reasons), confirmed ? trw.detectedAfter() : -1, focus != null,
        tools.nmapOsDetection(traits), sweeps.slowIcmpHosts() > 0, tool, List.of(), first, Activity.of(src.activity()),
        false);
    return new Judged(src, v, k, answered, null);
  }

  /** Packets the source sent, per flag class, for the classes it sent. */
  private static Map<String, Long> flagStats(SourceState src) {
    Map<String, Long> stats = new LinkedHashMap<>();
    for (FlagClass fc : FlagClass.values()) {
      long n = src.flagCounts[fc.ordinal()];
      if (n > 0) {
        stats.put(fc.name(), n);
      }
    }
    return stats;
  }

  /** Probe packets of a followed-up probe: its first packet; the rest were the conversation that followed. */
  private static int probePackets(Contacts k, int r) {
    return k.followedUp[r] ? 1 : k.table.packets(r);
  }

  /** Adds the scanner's probe packets to what each host it probed received. */
  private static void countProbes(Contacts k, AddressMap<long[]> probed) {
    ContactTable c = k.table;
    for (int r = 0; r < c.size(); r++) {
      if (k.probe[r]) {
        long[] n = probed.get(c.dstHi(r), c.dstLo(r));
        if (n == null) {
          probed.add(c.dstHi(r), c.dstLo(r), n = new long[1]);
        }
        n[0] += probePackets(k, r);
      }
    }
  }

  /**
   * What the scanner's probes revealed about each host, for at most {@code limit} hosts: half of them
   * those with the most (likely) open ports, then those that answered, so a sweep of a /16 keeps
   * what it found rather than its first thousand silent hosts, the rest those it sent the most
   * probes, so the host it hammered is kept too (ties: the lowest address). In address order.
   */
  private static List<HostFindings> hostFindings(Contacts k, int limit) {
    ContactTable c = k.table;
    // first a few counts per host, so only the hosts kept get port lists
    AddressMap<HostTally> tallies = new AddressMap<>(SCRATCH_HOSTS);
    List<HostTally> chosen = new ArrayList<>();
    for (int r = 0; r < c.size(); r++) {
      if (k.probe[r]) {
        HostTally t = tallies.get(c.dstHi(r), c.dstLo(r));
        if (t == null) {
          t = new HostTally(c.dstHi(r), c.dstLo(r));
          tallies.add(c.dstHi(r), c.dstLo(r), t);
          chosen.add(t);
        }
        t.count(c.protocol(r), c.state(r), hostAnswered(c, r), probePackets(k, r));
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
        h.add(ContactTable.protoPort(c.protocol(r), c.port(r)), c.protocol(r), c.state(r), hostAnswered(c, r),
            probePackets(k, r));
      }
    }
    hosts.forEach(HostFindings::settle);
    hosts.sort(Comparator.comparing((HostFindings h) -> h.hi, Long::compareUnsigned)
        .thenComparing(h -> h.lo, Long::compareUnsigned));
    return hosts;
  }

  /** Whether the row's host answered for itself: what it taught, or an ICMP error of its own. */
  private static boolean hostAnswered(ContactTable c, int r) {
    return HostFindings.isAnswer(c.state(r)) || (c.marks(r) & ContactTable.HOST_ANSWERED) != 0;
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

  private List<String> techniques(int[] counts, int probeRows, Sweeps sweeps, boolean discovery,
      boolean connect) {
    List<String> out = new ArrayList<>();
    int minContacts = Math.max(1, Math.min(settings.minFailedContacts(),
        (int) Math.ceil(settings.techniqueMinShare() * probeRows)));
    for (Technique t : Technique.values()) {
      int n = counts[t.ordinal()];
      // a slow sweep is as much a sweep as a fast one once it reached as many hosts
      boolean keep = switch (t) {
        case PING_SWEEP -> discovery || sweeps.icmp() || n >= settings.pingSweepMinHosts();
        case ARP_SWEEP, ND_SWEEP -> n > 0 && (sweeps.neighbours() || n >= settings.pingSweepMinHosts());
        // nmap's discovery probes (echo, SYN/443, ACK/80, timestamp) are one ping sweep
        default -> !discovery && n >= minContacts;
      };
      if (keep) {
        Technique named = t == Technique.SYN && connect ? Technique.CONNECT : t;
        out.add(named.wireName());
      }
    }
    return out;
  }

  /**
   * The most hosts ICMP queries and neighbour questions reached within one sweep window, and the hosts
   * of a slow ping sweep (0 when there is none).
   */
  private record Sweeps(int icmpHosts, int neighbourHosts, int slowIcmpHosts, int minHosts) {
    boolean icmp() {
      return icmpHosts >= minHosts || slowIcmpHosts > 0;
    }

    boolean neighbours() {
      return neighbourHosts >= minHosts;
    }

    boolean any() {
      return icmp() || neighbours();
    }
  }

  private String pattern(int hosts, int ports) {
    if (hosts <= settings.verticalMaxHosts()) {
      return "vertical";
    }
    return ports <= settings.horizontalMaxPorts() ? "horizontal" : "block";
  }

  /**
   * 0–100: half for a sequential-test verdict (40 for the sweep and breadth rules), up to 30 for
   * breadth (log10 of distinct targets, 1000 targets = full), up to 20 for the share of failures.
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
    if (discovery && (t == null || !t.findsNeighbours())) {
      t = Technique.PING_SWEEP;
    } else if (t == Technique.SYN && connect) {
      t = Technique.CONNECT;
    }
    int flags = c.firstFlags(row);
    return new ProbeEvent(c.firstTs(row), c.firstFrame(row), src, IpText.format(c.dstHi(row), c.dstLo(row)),
        port >= 0 ? port : null, PortList.protoName(protocol), flags >= 0 ? TcpFlags.letters(flags) : null,
        t == null ? null : t.wireName());
  }

  /**
   * Scanners that are the zombie of an idle scan (nmap -sI): the scanner forges SYNs from the zombie's
   * address and port and learns each port's state from the zombie's IP ID, which it reads by sending
   * the zombie unsolicited SYN/ACKs to that port (the zombie resets them) before the first probe,
   * between probes and after the last. A scanner's host that another source sent {@code
   * idleMinIdProbes} such SYN/ACKs, from before its first probe to after its last, on the one port (of
   * at most two) its TCP probes came from, gets a reason naming that source and is marked likely
   * forged. (A host pinged with SYN/ACKs during its own scan, or answering SYNs forged from its
   * address, is read neither before nor after.) That source is the scanner: it gets a verdict of its
   * own, technique {@link Technique#IDLE}, listed just before its zombie's, with the zombie's probes,
   * targets and findings (what it learned through the zombie), its own packets, activity and first
   * probe (its first SYN/ACK to the zombie), within {@code maxScanners} (beyond it, counted as not
   * listed); a source with a verdict already (it scanned directly too, or read another zombie) gets
   * the technique and the reason instead.
   */
  private IdleScans markZombies(List<Judged> judged, List<SourceState> sources) {
    AddressMap<Integer> scanners = new AddressMap<>(judged.size() * 2);
    for (int i = 0; i < judged.size(); i++) {
      scanners.add(judged.get(i).src.hi, judged.get(i).src.lo, i);
    }
    AddressMap<IdReader> readers = new AddressMap<>(SCRATCH_HOSTS); // per zombie, the source that sent the most
    for (SourceState s : sources) {
      ContactTable c = s.contacts;
      for (int r = 0; r < c.size(); r++) {
        if (c.protocol(r) != TCP || (c.firstFlags(r) & TcpFlags.CLASSIC) != (TcpFlags.SYN | TcpFlags.ACK)
            || c.attempts(r) < settings.idleMinIdProbes() || scanners.get(c.dstHi(r), c.dstLo(r)) == null) {
          continue;
        }
        IdReader best = readers.get(c.dstHi(r), c.dstLo(r));
        if (best == null) {
          readers.add(c.dstHi(r), c.dstLo(r), new IdReader(s, r));
        } else if (c.attempts(r) > best.synAcks()) {
          best.src = s;
          best.row = r;
        }
      }
    }
    Map<SourceState, Integer> zombieOf = new IdentityHashMap<>(); // each new verdict's first zombie's place
    Map<SourceState, Judged> idleScanners = new IdentityHashMap<>();
    int room = settings.maxScanners() - judged.size();
    boolean found = false;
    int notListed = 0;
    for (int i = 0; i < judged.size(); i++) {
      Judged j = judged.get(i);
      IdReader p = readers.get(j.src.hi, j.src.lo);
      ScannerVerdict v = j.verdict;
      if (p == null || !p.readsAround(j)) {
        continue;
      }
      found = true;
      String reader = IpText.format(p.src.hi, p.src.lo);
      judged.set(i, j.withVerdict(v.withReason(String.format(Locale.ROOT,
          "idle scan: %s sent this host %d unsolicited SYN/ACKs before, during and after its probes, reading "
              + "its IP ID; this host is likely the zombie and %s the scanner (nmap -sI)", reader, p.synAcks(),
          reader), true)));
      String drove = String.format(Locale.ROOT,
          "idle scan: sent %s %d unsolicited SYN/ACKs, reading its IP ID, while SYNs forged from %s's address "
              + "probed %s on %s: %s is likely the zombie and this host the scanner (nmap -sI)",
          v.ip(), p.synAcks(), v.ip(), Words.counted(v.distinctPorts(), "port"),
          Words.counted(v.distinctHosts(), "host"), v.ip());
      Integer own = scanners.get(p.src.hi, p.src.lo);
      Judged idle = idleScanners.get(p.src);
      if (own != null) {
        Judged k = judged.get(own);
        judged.set(own, k.withVerdict(k.verdict.withIdleScan(drove, v.ip(), p.port())));
      } else if (idle != null) {
        idleScanners.put(p.src, idle.withVerdict(idle.verdict.withIdleScan(drove, v.ip(), p.port())));
      } else if (room > 0) {
        room--;
        idleScanners.put(p.src, idleScanner(judged.get(i), p, drove));
        zombieOf.put(p.src, i);
      } else {
        notListed++;
      }
    }
    List<SourceState> byPlace = new ArrayList<>(zombieOf.keySet());
    byPlace.sort(Comparator.comparingInt(zombieOf::get).reversed()); // from the end, so places hold
    for (SourceState reader : byPlace) {
      judged.add(zombieOf.get(reader), idleScanners.get(reader));
    }
    return new IdleScans(found, notListed);
  }

  /** Whether there was an idle scan, and the verdicts of its scanners that {@code maxScanners} left out. */
  private record IdleScans(boolean found, int notListed) {}

  /** Who read a zombie's IP ID: the source, and the row of its contacts holding its SYN/ACKs to the zombie. */
  private static final class IdReader {
    SourceState src;
    int row;

    IdReader(SourceState src, int row) {
      this.src = src;
      this.row = row;
    }

    int synAcks() {
      return src.contacts.attempts(row);
    }

    long firstTs() {
      return src.contacts.firstTs(row);
    }

    long lastTs() {
      return src.contacts.lastTs(row);
    }

    /** The zombie's port its reads went to. */
    int port() {
      return src.contacts.port(row);
    }

    /**
     * Whether these reads are an idle scan's through {@code zombie}: they began before its first probe,
     * ended after its last, and went to the port its TCP probes came from (at most two).
     */
    boolean readsAround(Judged zombie) {
      PortSet ports = zombie.src.traits().tcpSourcePorts;
      return firstTs() <= zombie.verdict.firstProbeNanos() && lastTs() >= zombie.verdict.lastProbeNanos()
          && ports.size() <= 2 && ports.contains(port());
    }
  }

  /** The verdict of the scanner behind {@code zombie}'s idle scan (see {@link #markZombies}). */
  private static Judged idleScanner(Judged zombie, IdReader reader, String reason) {
    ScannerVerdict z = zombie.verdict;
    SourceState s = reader.src;
    ContactTable c = s.contacts;
    int r = reader.row;
    String ip = IpText.format(s.hi, s.lo);
    ProbeEvent first = new ProbeEvent(c.firstTs(r), c.firstFrame(r), ip, z.ip(), c.port(r),
        PortList.protoName(TCP), TcpFlags.letters(c.firstFlags(r)), Technique.IDLE.wireName());
    ScannerVerdict v = new ScannerVerdict(ip, s.packets, z.probePackets(), s.firstTs, s.lastTs,
        Math.min(first.tsNanos(), z.firstProbeNanos()), Math.max(c.lastTs(r), z.lastProbeNanos()), z.distinctHosts(),
        z.distinctPorts(), z.contacts(), z.failedContacts(), flagStats(s), List.of(Technique.IDLE.wireName()),
        z.pattern(), z.score(), List.of(reason), z.detectedAfterProbes(), false, false, false, z.tool(), z.findings(), first,
        Activity.of(s.activity()), false);
    return new Judged(s, v, zombie.contacts, zombie.answered, zombie.hosts);
  }

  /**
   * Scanners that probed the same (host, port) targets at the same moments are one scan and its
   * decoys: nmap -D forges a copy of every probe from each decoy address. Each gets a reason naming
   * the others; when exactly one of them was answered, the others are marked likely forged (a made-up
   * address cannot be answered on the segment; the scanner's own can). Verdicts in {@code judged} are
   * replaced in place; true when there was such a group.
   */
  private boolean markDecoys(List<Judged> judged) {
    int n = judged.size();
    Integer[] order = new Integer[n];
    int[] group = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
      group[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> judged.get(i).verdict.firstProbeNanos()));
    long skew = settings.decoyMaxSkewNanos();
    for (int a = 0; a < n; a++) {
      ScannerVerdict x = judged.get(order[a]).verdict;
      // bounded like the distributed rule: thousands of sources starting at once stay cheap
      for (int b = a + 1; b < n && b - a <= settings.distributedMaxSources(); b++) {
        ScannerVerdict y = judged.get(order[b]).verdict;
        if (y.firstProbeNanos() - x.firstProbeNanos() > skew) {
          break;
        }
        if (Math.abs(y.lastProbeNanos() - x.lastProbeNanos()) <= skew
            && inLockstep(judged.get(order[a]).src.contacts, judged.get(order[b]).src.contacts)) {
          group[root(group, order[b])] = root(group, order[a]);
        }
      }
    }
    Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      groups.computeIfAbsent(root(group, i), k -> new ArrayList<>()).add(i);
    }
    boolean found = false;
    for (List<Integer> members : groups.values()) {
      if (members.size() < 2) {
        continue;
      }
      found = true;
      List<Integer> answered = members.stream().filter(i -> judged.get(i).answered).toList();
      String real = answered.size() == 1 ? judged.get(answered.get(0)).verdict.ip() : null;
      for (int m : members) {
        Judged j = judged.get(m);
        List<String> others = members.stream().filter(i -> i != m).map(i -> judged.get(i).verdict.ip()).toList();
        // named up to a few: a crafted capture of thousands of lockstep sources must not make
        // thousands of reasons naming thousands of addresses each
        String named = others.size() <= DECOY_NAMES ? String.join(", ", others)
            : String.join(", ", others.subList(0, DECOY_NAMES)) + " and " + (others.size() - DECOY_NAMES) + " more";
        boolean forged = real != null && !real.equals(j.verdict.ip());
        String reason = "probes in lockstep with " + named + " (each target probed by all of them within "
            + settings.decoyMaxProbeGapNanos() / 1_000_000 + " ms): a decoy scan (nmap -D), whose addresses"
            + " are all forged but one" + (forged ? "; its probes went unanswered while " + real + "'s were"
            + " answered: " + real + " is likely the real scanner" : "");
        judged.set(m, j.withVerdict(j.verdict.withReason(reason, forged)));
      }
    }
    return found;
  }

  private static int root(int[] group, int i) {
    while (group[i] != i) {
      group[i] = group[group[i]];
      i = group[i];
    }
    return i;
  }

  /**
   * Whether two sources probed the same targets in lockstep: nearly all (host, protocol and port)
   * targets of either were contacted by both, each within {@code decoyMaxProbeGapNanos} of the
   * other. Independent scans of the same ports (two cron jobs, a botnet sweeping one port) order or
   * pace their probes apart; nmap -D sends every decoy's copy back to back.
   */
  private boolean inLockstep(ContactTable a, ContactTable b) {
    int shared = 0;
    int lockstep = 0;
    for (int r = 0; r < a.size(); r++) {
      int other = b.row(a.dstHi(r), a.dstLo(r), a.protoPort(r));
      if (other >= 0) {
        shared++;
        if (Math.abs(a.firstTs(r) - b.firstTs(other)) <= settings.decoyMaxProbeGapNanos()) {
          lockstep++;
        }
      }
    }
    int union = a.size() + b.size() - shared;
    return shared >= settings.minFailedContacts() && shared >= settings.decoyMinOverlap() * union
        && lockstep >= settings.decoyMinOverlap() * shared;
  }

  /** Targets probed by several scanners whose port sets barely overlap: one scan, split. */
  private List<DistributedScan> distributed(List<TargetEntry> targets) {
    List<DistributedScan> out = new ArrayList<>();
    for (TargetEntry target : targets) {
      if (target.scanners().size() < settings.distributedMinSources()) {
        continue;
      }
      List<Integer> candidates = new ArrayList<>();
      for (int i = 0; i < target.perScanner().size(); i++) {
        if (target.perScanner().get(i).portsProbed() >= settings.minFailedContacts()) {
          candidates.add(i);
        }
      }
      if (candidates.size() < settings.distributedMinSources()) {
        continue;
      }
      if (candidates.size() > settings.distributedMaxSources()) {
        // Those with the most ports on the target (stable: among equals, the higher-ranked scanner),
        // then back in listing order.
        candidates.sort(Comparator.comparingInt(i -> -target.perScanner().get(i).portsProbed()));
        candidates = new ArrayList<>(candidates.subList(0, settings.distributedMaxSources()));
        candidates.sort(null);
      }
      List<String> names = new ArrayList<>();
      List<RoaringBitmap> sets = new ArrayList<>();
      for (int i : candidates) {
        names.add(target.scanners().get(i));
        sets.add(target.perScanner().get(i).allPorts());
      }
      double maxOverlap = maxOverlap(sets);
      if (maxOverlap <= settings.distributedMaxOverlap()) {
        RoaringBitmap union = new RoaringBitmap();
        sets.forEach(union::or);
        out.add(new DistributedScan(target.all().ip(), List.copyOf(names), union.getCardinality(), maxOverlap));
      }
    }
    return List.copyOf(out);
  }

  /**
   * The largest overlap (Jaccard) of two of the sets, or as soon as one pair overlaps more than a
   * distributed scan may: the answer is then "not distributed" whatever the other pairs show.
   */
  private double maxOverlap(List<RoaringBitmap> sets) {
    double max = 0;
    for (int i = 0; i < sets.size(); i++) {
      for (int j = i + 1; j < sets.size(); j++) {
        double inter = RoaringBitmap.andCardinality(sets.get(i), sets.get(j));
        double uni = RoaringBitmap.orCardinality(sets.get(i), sets.get(j));
        max = Math.max(max, uni == 0 ? 0 : inter / uni);
        if (max > settings.distributedMaxOverlap()) {
          return max;
        }
      }
    }
    return max;
  }
}

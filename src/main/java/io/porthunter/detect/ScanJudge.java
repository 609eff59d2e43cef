package io.porthunter.detect;

import static io.porthunter.capture.IpProtocol.SCTP;
import static io.porthunter.capture.IpProtocol.TCP;
import static io.porthunter.capture.IpProtocol.UDP;
import static io.porthunter.capture.IpProtocol.isIcmp;

import io.porthunter.capture.CaptureSummary;
import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.IpText;
import io.porthunter.capture.Packet;
import io.porthunter.capture.Timestamps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.IntPredicate;

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
 * (protocol, port) across {@code minFailedContacts} hosts (then they, and conversations there within
 * the hosts and the time it failed on, are the answered part of its sweep, {@link ServiceSweeps}):
 * they decide its techniques, pattern, findings, probe counts and first event.
 *
 * <p>The rules are classes of their own, applied here in turn: {@link Excuses} first, then the
 * sequential test, {@link SweepRules}, the breadth rule and {@link FocusRule} decide; {@link
 * ProbedHosts} keeps the findings; {@link RotatingSources} judges many thin addresses of one host
 * together; {@link DecoyFinder}, {@link ForgedSourceFinder}, {@link IdleScanFinder} and {@link
 * DistributedScanFinder} look across the scanners found.
 */
final class ScanJudge {
  /** Ports from here up need no privilege to listen on: an FTP server's passive data ports among them. */
  private static final int FIRST_UNPRIVILEGED_PORT = 1024;
  /**
   * A scan's earliest questions looked at for its first packet ({@link #firstPacketRow}): a discovery's
   * first is one of its first few; each costs a pass over the source's contacts.
   */
  private static final int FIRST_QUESTIONS_LOOKED_AT = 16;
  // The score (README, Detection): a base for the rule that decided, then breadth and failure share.
  private static final int SCORE_CONFIRMED = 50;
  private static final int SCORE_OTHER_RULE = 40;
  private static final int SCORE_BREADTH_WEIGHT = 30;
  private static final int SCORE_FAILURE_WEIGHT = 20;
  /** Distinct targets that earn the full breadth weight (on a log scale: 10 earn a third). */
  private static final int SCORE_FULL_BREADTH_TARGETS = 1000;
  /** Scanners in the order they are listed: score, then probe packets, then address. */
  private static final Comparator<Judged> RANK = Comparator.comparingInt((Judged j) -> -j.verdict().score())
      .thenComparingLong(j -> -j.verdict().probePackets())
      .thenComparing(j -> j.src().hi, Long::compareUnsigned)
      .thenComparing(j -> j.src().lo, Long::compareUnsigned);

  private final DetectionSettings settings;
  private final ToolFingerprint tools;
  private final Excuses excuses;
  private final SweepRules sweepRules;
  private final FocusRule focusRule;
  private final DecoyFinder decoyFinder;
  private final ForgedSourceFinder forgedSourceFinder;
  private final IdleScanFinder idleScanFinder;
  private final DistributedScanFinder distributedScanFinder;

  ScanJudge(DetectionSettings settings) {
    this.settings = settings;
    this.tools = new ToolFingerprint(settings);
    this.excuses = new Excuses(settings);
    this.sweepRules = new SweepRules(settings);
    this.focusRule = new FocusRule(settings);
    this.decoyFinder = new DecoyFinder(settings);
    this.forgedSourceFinder = new ForgedSourceFinder(settings);
    this.idleScanFinder = new IdleScanFinder(settings);
    this.distributedScanFinder = new DistributedScanFinder(settings);
  }

  ScanAnalysis judge(TrackerState state, CaptureSummary capture) {
    List<SourceState> sources = state.sources().values();
    AddressMap<long[]> senders = new AddressMap<>(sources.size() * 2);
    long[] portHits = new long[65536];
    // The lowest-ranked verdict kept sits at the head, ready to make room for a better one.
    PriorityQueue<Judged> kept = new PriorityQueue<>(RANK.reversed());
    long notListed = 0;
    Stations stations = Stations.of(sources);
    RotatingSources rotating = new RotatingSources(settings);
    for (SourceState src : sources) {
      if (!Addresses.isUnnamedStation(src.hi, src.lo)) { // a key, no address any packet came from
        senders.add(src.hi, src.lo, new long[] {src.packets});
      }
      SourceJudgement s = judgeSource(src, state.sources(), stations, portHits);
      rotating.offer(src, s.judged() != null || s.excused());
      notListed += keep(kept, s.judged());
    }
    Set<SourceState> combined = Collections.newSetFromMap(new IdentityHashMap<>());
    for (RotatingSources.Combined group : rotating.combined()) {
      Judged j = judgeTogether(group, state.sources(), stations, portHits);
      if (j != null) {
        combined.add(j.src());
        notListed += keep(kept, j);
      }
    }
    List<Judged> judged = new ArrayList<>(kept);
    judged.sort(RANK);
    AddressMap<long[]> probed = new AddressMap<>();
    long findingsLeft = settings.maxFindings();
    long findingsNotKept = 0;
    for (int i = 0; i < judged.size(); i++) {
      Judged j = judged.get(i);
      ProbedHosts.count(j.contacts(), probed);
      int limit = (int) Math.min(settings.maxFindingsPerScanner(), Math.max(settings.minFindingsPerScanner(),
          findingsLeft));
      List<HostFindings> hosts = ProbedHosts.findings(j.contacts(), limit, settings.minFailedContacts());
      findingsLeft -= hosts.size();
      findingsNotKept += j.verdict().distinctHosts() - hosts.size();
      judged.set(i, j.withFindings(hosts));
    }
    boolean decoys = decoyFinder.mark(judged);
    forgedSourceFinder.mark(judged, stations);
    IdleScanFinder.IdleScans idle = idleScanFinder.mark(judged, sources);
    ScannerStations.name(judged, stations); // idle scanners' verdicts too

    AddressMap<TargetEntry> targets = new AddressMap<>();
    List<TargetEntry> targetOrder = new ArrayList<>();
    Set<String> patterns = new LinkedHashSet<>();
    List<ScannerVerdict> scanners = new ArrayList<>();
    for (Judged j : judged) {
      ScannerVerdict v = j.verdict();
      scanners.add(v);
      if (combined.contains(j.src())) {
        patterns.add("rotating_source");
      }
      for (String t : v.techniques()) {
        patterns.add(t.endsWith("_sweep") ? t : t + "_scan");
      }
      patterns.add(v.pattern());
      for (HostFindings h : j.hosts()) {
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
    List<DistributedScan> distributed = distributedScanFinder.find(targetOrder);
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
        List.copyOf(patterns), distributed, state.budget().snapshot(notListed + idle.notListed(), findingsNotKept,
            capture.fragmentedDatagramsGivenUp()),
        new AddressCounts(senders), new AddressCounts(probed));
  }

  /**
   * Judges sources as one ({@link RotatingSources}), named by the address that sent its first probe.
   * Its probes count in the port distribution once, under that name.
   */
  private Judged judgeTogether(RotatingSources.Combined group, AddressMap<SourceState> all, Stations stations,
      long[] portHits) {
    long[] hits = new long[portHits.length];
    Judged j = judgeSource(group.state(), all, stations, hits).judged();
    if (j == null) {
      return null;
    }
    SourceState prober = group.sender(j.verdict().firstProbe().frame());
    if (prober != null && (prober.hi != group.state().hi || prober.lo != group.state().lo)) {
      long[] renamedHits = new long[portHits.length];
      Judged renamed = judgeSource(group.namedBy(prober), all, stations, renamedHits).judged();
      if (renamed != null) { // the same contacts: the same verdict, under the prober's address
        j = renamed;
        hits = renamedHits;
      }
    }
    for (int p = 0; p < hits.length; p++) {
      portHits[p] += hits[p];
    }
    return j.withVerdict(j.verdict().withReason(group.reason(), false));
  }

  /** Keeps a verdict (none when null) among the best {@code maxScanners}; 1 when one had to go. */
  private int keep(PriorityQueue<Judged> kept, Judged j) {
    if (j == null) {
      return 0;
    }
    kept.add(j);
    if (kept.size() > settings.maxScanners()) {
      kept.poll();
      return 1;
    }
    return 0;
  }

  /**
   * A source's verdict, null when it is no scanner, and whether any of its contacts were excused
   * ({@link RotatingSources} leaves such a source alone: an excuse earned by one address). Its
   * own DNS questions, and its questions resolving a few neighbours, are left out of its contacts
   * before, not excused.
   */
  private record SourceJudgement(Judged judged, boolean excused) {
    static final SourceJudgement NONE = new SourceJudgement(null, false);
  }

  private SourceJudgement judgeSource(SourceState src, AddressMap<SourceState> all, Stations stations,
      long[] portHits) {
    ContactTable c = src.contacts;
    if (c.size() == 0) {
      return SourceJudgement.NONE;
    }
    Excuses.distrustInferredHandshakes(c);
    Contacts k = new Contacts(c);
    Excuses.leaveOutOwnQueries(k);
    if (k.rows.length == 0) {
      return SourceJudgement.NONE;
    }
    Excuses.markFirewalking(k, settings.minFailedContacts());
    // each excuse names the rows it excuses (Contacts#excuse): the verdict's reasons count them by name
    boolean[] excused = excuses.silences(k);
    Excuses.callbacks(src, all, k, excused, settings.minFailedContacts());
    Excuses.addressChecks(src, k, excused);
    Excuses.ownAddressProbes(src, all, k, excused);
    Excuses.hopSearches(k, excused);
    Excuses.referredServers(src, k, excused);
    int neighbourHosts = 0;
    int slowNeighbourHosts = 0;
    if (Excuses.resolutions(src, all, stations, k, excused)) {
      excuses.neighbourFallbacks(src, stations, k, excused);
      // questions for a few hosts are a host finding its neighbours: nothing to judge it by; for as
      // many as a sweep reaches, they are judged like ICMP queries (a slow sweep included)
      neighbourHosts = sweepRules.hostsWithinWindow(k, excused, true);
      boolean fewAsked = SweepRules.askedHosts(k, excused) < settings.pingSweepMinHosts();
      // the dead neighbours a monitor or a client tried are no failures either: the sweep count above
      // leaves them out, and so must the sequential test and the focus rule
      IntPredicate dead = sweepRules.deadHosts(k, excused, true);
      k.leaveOut(r -> PortList.isResolution(c.protocol(r)) && (fewAsked || excused[r] || dead.test(r)));
      if (k.rows.length == 0) {
        return SourceJudgement.NONE;
      }
      slowNeighbourHosts = sweepRules.slowSweep(k, excused, true);
      if (neighbourHosts >= settings.pingSweepMinHosts() || slowNeighbourHosts > 0) {
        sweptNeighboursAlsoReached(k, excused);
      }
    }
    excuses.clients(k, excused);
    excuses.retriedRefusals(src, k, excused);
    excuses.fallbacks(src, stations, k, excused);
    excuses.schemeFallbacks(k, excused);
    excuses.mailGuesses(src, stations, k, excused);
    excuses.monitored(k, excused);
    excuses.awaited(src, k, excused);
    excuses.healthChecks(k, excused);
    boolean anyExcused = false;
    for (int r : k.rows) {
      anyExcused |= excused[r];
    }
    boolean rejected = false;
    for (int r : k.rows) {
      rejected |= !c.outcome(r).accepted() && !excused[r];
    }
    AddressMap<int[]> emptyPorts = rejected ? null : emptyConnectPorts(k, excused);
    // each failing host with the time of its first failure (rows are in time order: the first one met)
    AddressMap<long[]> firstFailure = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r : k.rows) {
      Outcome o = c.outcome(r);
      k.failed[r] = k.firewalked[r] || (!o.success()
          && (o != Outcome.EMPTY_CONNECT || (!settings.recurring(c.conversations(r))
              && (rejected || emptyConnectScanned(emptyPorts, c.dstHi(r), c.dstLo(r)))))
          && !excused[r]);
      if (k.failed[r]) {
        firstFailure.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new long[] {c.firstTs(r)});
      }
    }
    AddressMap<int[]> scannedHosts = hostsScanned(k, excused);
    // crafted SYNs that failed or found ports open as often as a scan needs: the ports they found open
    // are the scan's too, services the source also used included (nmap -sS beside the host's own
    // traffic, which had used those services first; nmap -sV or masscan --banners talking to every port
    // it found, all of them open); no client's stack sends such SYNs
    boolean craftedScan = craftedProbes(k, excused) >= settings.minFailedContacts();
    ThresholdRandomWalk trw = new ThresholdRandomWalk(settings);
    for (int r : k.rows) {
      // a port a scan found open, on a host where the source failed on or found open that way as many
      // ports as a scan needs, is the scan's open port, whatever conversation came before it (a
      // service used before the scan) or after it (nmap -sV); found by connects, only on a host that
      // also refused or ignored the source (a client checking its services before using them, with a
      // refusal elsewhere, is no scanner)
      int[] onHost = scannedHosts == null ? null : scannedHosts.get(c.dstHi(r), c.dstLo(r));
      k.failed[r] |= !excused[r]
          && ((foundOpenByScan(c, r) && onHost != null && onHost[0] >= settings.minFailedContacts()
                  && ((c.marks(r) & ContactTable.HALF_OPENED) != 0 || onHost[1] > 0))
              || (craftedScan && foundOpenByCraftedSyn(c, r)));
      k.failures += k.failed[r] ? 1 : 0;
      trw.observe(!k.failed[r]);
    }
    int failures = k.failures + (int) src.failedContactsNotKept;
    int contacts = k.rows.length + (int) src.contactsNotKept;
    // the sequential test over every contact, or else over the source's crafted SYNs alone
    ThresholdRandomWalk decided = trw.scanner() && failures >= settings.minFailureShare() * contacts ? trw
        : craftedSynsWalk(k, excused);
    boolean confirmed = decided != null;
    Sweeps sweeps = new Sweeps(sweepRules.hostsWithinWindow(k, excused, false), neighbourHosts,
        sweepRules.slowSweep(k, excused, false), slowNeighbourHosts, sweepRules.groupAnswered(k, excused),
        settings.pingSweepMinHosts(), settings.groupSweepMinHosts());
    boolean sweep = sweeps.any();
    boolean broad = contacts >= settings.breadthMinTargets() && failures >= settings.minFailedContacts()
        && failures >= settings.breadthMinFailureShare() * contacts;
    FocusRule.Focus focus = confirmed || sweep || broad || k.failures < settings.focusMinFailedTargets() ? null
        : focusRule.focus(k);
    if (!confirmed && !sweep && !broad && focus == null && !tools.nmapOsDetection(src.traits())) {
      return new SourceJudgement(null, anyExcused);
    }
    Map<Integer, int[]> byService = k.tally(c::protoPort);
    long scanStart = firstFailure.values().stream().mapToLong(f -> f[0]).min().orElse(Long.MAX_VALUE);
    // a sweep of the segment by neighbour questions, by the sweep rules or the focus rule (too slow or too
    // small for the former: a ping loop whose dead hosts' echoes never left the host)
    NeighbourSweep neighbourSweep = sweeps.neighbours() ? NeighbourSweep.of(k, firstResolution(k))
        : focus != null && focus.onNeighbours() ? NeighbourSweep.of(k, pingLoopStart(k)) : null;
    AddressMap<long[]> ftpServers = ftpServers(k);
    ServiceSweeps serviceSweeps = new ServiceSweeps(k, settings.followUpMaxLeadNanos());
    FtpBounce bounce = FtpBounce.of(src.bounceOrders(), k, firstFailure, settings.minFailedContacts());
    // a connect scan's hosts, when no crafted SYN scan and no PORT command (an FTP server's transfers)
    // could explain its other conversations with them: a raw scanner's own stack talks for its own use
    AddressMap<long[]> connectScanned = craftedScan || src.bounceOrders() != null ? null : connectFailures(k);
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
        // found open; the port stays among what it learned
        k.probe[r] = true;
        k.followedUp[r] = true;
      } else if (o == Outcome.CONVERSATION && bounce != null && c.protocol(r) == TCP
          && bounce.ordered(c.dstHi(r), c.dstLo(r), c.port(r), c.firstFrame(r)) && (c.marks(r) & ContactTable.SENT_DATA) != 0) {
        // an FTP server connecting where PORT commands sent it (a bounce): a connection opened after
        // the first command naming the host, that carried the listing asked for, is a port it found open
        k.probe[r] = true;
        k.followedUp[r] = true;
      } else if (o == Outcome.CONVERSATION && k.failed[r]) {
        // left half-open by the scan and talked to: an open port it learned; when the talk came first
        // (a service used before the scan), the row's times are the use's, not the probe's, unless the
        // talk was the probe (masscan --banners' own handshake after its crafted SYN)
        k.probe[r] = true;
        k.followedUp[r] = true;
        k.usedFirst[r] = (c.marks(r) & (ContactTable.FAILED | ContactTable.FIRST_FOUND_OPEN)) == 0;
      } else if (o == Outcome.CONVERSATION && (c.techniques(r) & (1 << Technique.SYN.ordinal())) != 0
          && (duringScan || sweptService) && ((c.marks(r) & ContactTable.RAW_SYN_OPENED) != 0
              || ((c.marks(r) & ContactTable.SENT_DATA) == 0 && !passiveFtpData(c, r, ftpServers)))) {
        // a handshake, then a banner the scanner took and answered with nothing (evilscan, nc -z on a
        // service that speaks first), or asked for with its own packets, its SYN without the options
        // every stack offers (masscan --banners: a GET, an EHLO): an open port of its scan, one probe
        // packet like a followed-up one (its acknowledgements of the banner are no probes)
        k.probe[r] = true;
        k.followedUp[r] = true;
        k.bannersTaken++;
      } else if (o == Outcome.CONVERSATION && duringScan && wroteDuringConnectScan(c, r, connectScanned)
          && !passiveFtpData(c, r, ftpServers)) {
        // one connection it wrote to, on a host its connect()s were scanning meanwhile: a connect
        // scanner writing to what answered (bash's echo > /dev/tcp/host/port, a scanner sending its
        // request): an open port of its scan, one probe packet like a followed-up one
        k.probe[r] = true;
        k.followedUp[r] = true;
      } else if (o == Outcome.CONVERSATION && sweptService && PortList.hasPorts(c.protocol(r))
          && serviceSweeps.covers(c, r) && !passiveFtpData(c, r, ftpServers)) {
        // the answered part of a sweep of the service, among the hosts it failed on while it went on:
        // the servers ssh-keyscan or a GET per host found, one probe each
        k.probe[r] = true;
        k.followedUp[r] = true;
      } else if (k.firewalked[r]) {
        k.probe[r] = true; // whatever a router said of it, and whatever excused its silence
      } else if (o == Outcome.CONVERSATION || o == Outcome.TRACED || excused[r]) {
        k.probe[r] = false; // a real conversation, a traceroute's hop or a fallback: not a probe
      } else if (PortList.isResolution(c.protocol(r))) {
        k.probe[r] = true; // kept only as part of an ARP or ND sweep
      } else if (isIcmp(c.protocol(r))) {
        // beside a scan of other kinds, a host it kept pinging round after round since before the scan
        // began is its monitoring's (smokeping, fping -l beside a slow scan), not a probe of the scan
        boolean monitored = !k.failed[r] && settings.recurring(c.conversations(r))
            && c.firstTs(r) < scanStart - settings.followUpMaxLeadNanos();
        k.probe[r] = sweeps.icmp() || ((probedHost || sweptService) && !monitored)
            || pingedInSweep(c, r, neighbourSweep);
        // a host pinged round after round (a connectivity check, a monitor: in separate exchanges, or
        // in one going on for longer than a sweep takes) may be swept too, but its first ping is the
        // check's, not the sweep's
        k.usedFirst[r] = k.probe[r]
            && ((o.success() && settings.recurring(c.conversations(r))) || sweepRules.askedAgain(c, r));
      } else {
        // a service the source kept using or checking (answered queries, empty connects) since before it
        // first failed anywhere (its own lookups and monitoring, beside the scan) is none of the scan's
        // probes: in conversations of their own, or in one that went on until the scan began, asking
        // again after answers (one socket's: an NTP or SNMP client, a stub resolver keeping its port),
        // where a scan's answered probe is over with its answer, retries on one port included
        long beforeScan = scanStart - settings.followUpMaxLeadNanos();
        boolean ownUse = !k.failed[r] && c.firstTs(r) < beforeScan && (settings.recurring(c.conversations(r))
            || (o.success() && c.conversations(r) == 1 && (c.marks(r) & ContactTable.ASKED_AFTER_REPLY) != 0
                && c.lastTs(r) >= beforeScan));
        k.probe[r] = !ownUse && (!o.success() || probedHost || sweptService);
      }
      // a probe of the server the source also asked its own questions (a resolver it scanned): the
      // row's first time may be a lookup's, so the first event and the probing span leave it out
      k.usedFirst[r] |= k.probe[r] && (c.marks(r) & ContactTable.ASKED_OWN_QUERY) != 0;
    }
    Judged j = verdict(src, k, confirmed ? decided : trw, confirmed, broad, failures, contacts, sweeps, focus, portHits);
    if (j != null && bounce != null) {
      j = j.withVerdict(j.verdict().withReason(bounce.reason(), false));
    }
    if (j != null && confirmed && decided != trw) {
      j = j.withVerdict(j.verdict().withReason("the sequential test ran over its crafted SYNs alone (no options, or"
          + " nmap's MSS 1460 alone with window 1024), apart from its other connections: "
          + craftedProbes(k, excused) + " of them failed", false));
    }
    return new SourceJudgement(j, anyExcused);
  }

  /**
   * Per host, the source's TCP contacts opened by its stack's own SYN that the host refused (a connect
   * scan's closed ports): how many, and when the last began.
   */
  private static AddressMap<long[]> connectFailures(Contacts k) {
    ContactTable c = k.table;
    AddressMap<long[]> byHost = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r : k.rows) {
      if (k.failed[r] && c.outcome(r) == Outcome.REFUSED && stackSynOpened(c, r)) {
        long[] host = byHost.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new long[] {0, Long.MIN_VALUE});
        host[0]++;
        host[1] = Math.max(host[1], c.firstTs(r));
      }
    }
    return byHost;
  }

  /**
   * Whether row {@code r} is one TCP connection the source opened by its stack's SYN and sent data on,
   * to a host of {@code connectScanned} ({@link #connectFailures}; null: none counts), no later than
   * {@code followUpMaxLeadNanos} after its last refusal there: not a service it went on using.
   */
  private boolean wroteDuringConnectScan(ContactTable c, int r, AddressMap<long[]> connectScanned) {
    long[] scan = connectScanned == null ? null : connectScanned.get(c.dstHi(r), c.dstLo(r));
    return scan != null && stackSynOpened(c, r) && (c.marks(r) & ContactTable.SENT_DATA) != 0
        && c.conversations(r) == 1 && c.firstTs(r) <= scan[1] + settings.followUpMaxLeadNanos();
  }

  /**
   * A TCP target the source opened by its stack's SYN ({@link ContactTable#STACK_SYN_OPENED}), whether
   * or not a crafted one opened it too (nmap -sS, then -sT of the same ports).
   */
  private static boolean stackSynOpened(ContactTable c, int r) {
    return (c.marks(r) & ContactTable.STACK_SYN_OPENED) != 0;
  }

  /**
   * The sequential test over the source's crafted SYNs alone ({@link ProbeTraits#craftedSyn}), when it
   * judged them a scan with the failures a verdict needs, else null: a busy host scanning beside its
   * own traffic (a compromised server, a crawler) does not hide its scan among its successes, and no
   * client's stack sends such SYNs. A target half-opened round after round is a raw "TCP ping"
   * monitor's live service (tcptraceroute under SmokePing, nping), and a router's "time exceeded" says
   * nothing of the host (but in a firewalk): neither counts at all.
   */
  private ThresholdRandomWalk craftedSynsWalk(Contacts k, boolean[] excused) {
    ThresholdRandomWalk walk = new ThresholdRandomWalk(settings);
    int rows = 0;
    int failed = 0;
    for (int r : k.rows) {
      if (crafted(k, r, excused)) {
        rows++;
        failed += k.failed[r] ? 1 : 0;
        walk.observe(!k.failed[r]);
      }
    }
    return walk.scanner() && failed >= settings.minFailedContacts() && failed >= settings.minFailureShare() * rows
        ? walk : null;
  }

  /**
   * Per host, the ports whose connects the source closed before a byte was sent (reset, or with FIN),
   * each tried fewer times than a used service is; null when there are none.
   */
  private AddressMap<int[]> emptyConnectPorts(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    AddressMap<int[]> ports = null;
    int closedEmpty = ContactTable.EMPTY_CONNECTED | ContactTable.EMPTY_CLOSED_BY_FIN;
    for (int r : k.rows) {
      if (c.outcome(r) == Outcome.EMPTY_CONNECT && (c.marks(r) & closedEmpty) != 0
          && !settings.recurring(c.conversations(r)) && !excused[r]) {
        ports = ports != null ? ports : new AddressMap<>(Contacts.SCRATCH_HOSTS);
        ports.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new int[1])[0]++;
      }
    }
    return ports;
  }

  /**
   * Whether the source so closed connects to {@code emptyConnectMinPorts} ports of the host or more
   * (nmap -sT, pnscan or nc -z of a host listening on all of them): its empty connects there fail
   * though nothing refused it.
   */
  private boolean emptyConnectScanned(AddressMap<int[]> emptyPorts, long hi, long lo) {
    int[] ports = emptyPorts == null ? null : emptyPorts.get(hi, lo);
    return ports != null && ports[0] >= settings.emptyConnectMinPorts();
  }

  /**
   * The crafted SYNs' failures and the ports they found open ({@link ContactTable#CRAFTED_SYN_FOUND_OPEN}),
   * which the crafted-scan rule makes failures too.
   */
  private int craftedProbes(Contacts k, boolean[] excused) {
    int probes = 0;
    for (int r : k.rows) {
      boolean counted = k.failed[r] || foundOpenByCraftedSyn(k.table, r);
      probes += counted && crafted(k, r, excused) ? 1 : 0;
    }
    return probes;
  }

  private static boolean foundOpenByCraftedSyn(ContactTable c, int r) {
    return (c.marks(r) & ContactTable.CRAFTED_SYN_FOUND_OPEN) != 0;
  }

  /**
   * A row {@link #craftedSynsWalk} judges: opened by a crafted SYN, not excused, not a live service
   * half-opened round after round, and not a router's answer but in a firewalk (whose rows failed).
   */
  private boolean crafted(Contacts k, int r, boolean[] excused) {
    Outcome o = k.table.outcome(r);
    return (k.table.marks(r) & ContactTable.CRAFTED_SYN_OPENED) != 0 && !excused[r]
        && !(o == Outcome.HALF_OPEN && settings.recurring(k.table.attempts(r)))
        && (o != Outcome.TRACED || k.firewalked[r]);
  }

  /**
   * Hosts the source held an FTP control conversation with (tcp/21), each with the span of that
   * conversation's row, or null when none: its connections there to an unprivileged port within that
   * span are passive-mode data connections.
   */
  private static AddressMap<long[]> ftpServers(Contacts k) {
    ContactTable c = k.table;
    AddressMap<long[]> servers = null;
    for (int r : k.rows) {
      if (c.protocol(r) == TCP && c.port(r) == Packet.FTP_CONTROL_PORT && c.outcome(r) == Outcome.CONVERSATION) {
        servers = servers != null ? servers : new AddressMap<>(Contacts.SCRATCH_HOSTS);
        servers.add(c.dstHi(r), c.dstLo(r), new long[] {c.firstTs(r), c.lastTs(r)}); // one row per host
      }
    }
    return servers;
  }

  /**
   * A passive FTP data connection (a listing or download the client reads without a word, nmap's
   * ftp-anon among them): to an unprivileged port of a host, while the source held an FTP control
   * conversation with it. Not a port the scan found.
   */
  private static boolean passiveFtpData(ContactTable c, int r, AddressMap<long[]> ftpServers) {
    long[] control = ftpServers == null || c.protocol(r) != TCP || c.port(r) < FIRST_UNPRIVILEGED_PORT ? null
        : ftpServers.get(c.dstHi(r), c.dstLo(r));
    return control != null && c.firstTs(r) >= control[0] && c.firstTs(r) <= control[1];
  }

  /**
   * A port a scan found open, whatever the row's outcome became: left half-open (a raw SYN scan's; a
   * late SYN/ACK a client's kernel reset, too), or first contacted by a connect reset before the
   * server spoke and talked to afterwards (nmap -sT, then -sV or its scripts). Not an empty connect
   * alone: those fail by the row's own outcome, unless the target is one the source uses again and
   * again.
   */
  private static boolean foundOpenByScan(ContactTable c, int r) {
    int marks = c.marks(r);
    int resetFirst = ContactTable.EMPTY_CONNECTED | ContactTable.FAILED;
    return (marks & ContactTable.HALF_OPENED) != 0
        || (c.outcome(r) == Outcome.CONVERSATION && (marks & resetFirst) == resetFirst);
  }

  /**
   * Per host, the ports the source failed on or a scan found open ({@link #foundOpenByScan}), and of
   * those the ones refused or left unanswered (no empty connect, no port found open), excused ones
   * left out; null when no row was found open so.
   */
  private static AddressMap<int[]> hostsScanned(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    boolean foundOpen = false;
    for (int r : k.rows) {
      if (foundOpenByScan(c, r) && !excused[r]) {
        foundOpen = true;
        break;
      }
    }
    if (!foundOpen) {
      return null; // most sources: nothing allocated
    }
    AddressMap<int[]> hosts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r : k.rows) {
      boolean opened = foundOpenByScan(c, r);
      if (!excused[r] && (k.failed[r] || opened)) {
        int[] n = hosts.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new int[2]);
        n[0]++;
        n[1] += !opened && c.outcome(r) != Outcome.EMPTY_CONNECT && c.outcome(r) != Outcome.HALF_OPEN ? 1 : 0;
      }
    }
    return hosts;
  }

  /**
   * The hosts an ARP or ND sweep found that the source had reached over IP (pinged, a gateway): their
   * questions were excused as next-hop resolution, but those asked again after that, while the sweep
   * ran (from a sweep window before its first judged question, which may come after theirs), are
   * among what it found (arp-scan asks every address in its range). Their first questions were not
   * the sweep's, so when earlier, the first event and the probing span leave them out. A host asked
   * only before it was reached has its IP probe stand for it (nmap's ARP discovery, then its SYNs or
   * echo requests to the live hosts: one target each, not two).
   */
  private void sweptNeighboursAlsoReached(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    long sweepFrom = firstResolution(k);
    long sweepTo = sweepFrom;
    AddressMap<long[]> reachedFrom = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r : k.rows) { // in time order: the first row met is the host's first contact
      if (PortList.isResolution(c.protocol(r))) {
        sweepTo = Math.max(sweepTo, c.lastTs(r));
      } else {
        reachedFrom.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new long[] {c.firstTs(r)});
      }
    }
    long to = sweepTo;
    long from = sweepFrom - settings.pingSweepWindowNanos();
    k.rejoinResolutions(r -> {
      long[] reached = reachedFrom.get(c.dstHi(r), c.dstLo(r));
      return excused[r] && reached != null && c.lastTs(r) > reached[0] && c.firstTs(r) <= to && c.lastTs(r) >= from;
    });
    for (int r : k.rows) {
      if (PortList.isResolution(c.protocol(r)) && excused[r]) {
        k.unexcuse(excused, r); // judged with the sweep's other questions from here on
        k.usedFirst[r] = c.firstTs(r) < sweepFrom;
      }
    }
  }

  /**
   * When the source's first ARP request or neighbour solicitation judged (not excused) was sent, left
   * out those of hosts it had resolved before the sweep.
   */
  private static long firstResolution(Contacts k) {
    for (int r : k.rows) { // in time order
      if (PortList.isResolution(k.table.protocol(r)) && !k.usedFirst[r]) {
        return k.table.firstTs(r);
      }
    }
    return Long.MAX_VALUE;
  }

  /**
   * An ICMP query that is part of an ARP or ND sweep (nmap -sn --send-ip: the kernel resolves each
   * address and only the live ones get the echo request): asked once (not a host pinged round after
   * round), of a host the source also resolved or, when its address was already known (a warm
   * neighbour cache sends the echo request at once), of a host in a /24 or /64 the sweep asked about,
   * within one sweep window of the sweep's questions. A connectivity check of a gateway before the
   * sweep, or of a remote address, is none of these.
   */
  private boolean pingedInSweep(ContactTable c, int r, NeighbourSweep sweep) {
    long window = settings.pingSweepWindowNanos();
    return sweep != null && !settings.recurring(c.conversations(r))
        && c.firstTs(r) >= sweep.from() - window
        && (c.row(c.dstHi(r), c.dstLo(r), PortList.ARP, -1) >= 0
            || c.row(c.dstHi(r), c.dstLo(r), PortList.ND, -1) >= 0
            || (c.firstTs(r) <= sweep.to() + window && sweep.asked(c.dstHi(r), c.dstLo(r))));
  }

  /**
   * Where a sweep the focus rule found on its unanswered questions starts: a ping loop too slow for
   * the sweep rules, whose live hosts, answered and pinged at once, are left out of judging and may all
   * come before its first dead one. Its first judged question, or an earlier question for a host
   * pinged as soon as it answered, when such questions lead up to it each within a sweep window of
   * the next (the questions a host asks before talking to its peers are none of these).
   */
  private long pingLoopStart(Contacts k) {
    ContactTable c = k.table;
    long from = firstResolution(k);
    int[] byTime = c.rowsByTime();
    for (int i = byTime.length - 1; i >= 0; i--) {
      int r = byTime[i];
      if (c.firstTs(r) < from && PortList.isResolution(c.protocol(r)) && pingedOnAnswer(c, r)) {
        if (from - c.firstTs(r) > settings.pingSweepWindowNanos()) {
          break;
        }
        from = c.firstTs(r);
      }
    }
    return from;
  }

  /** Question row {@code r} was answered and its host pinged at once: the echo request its stack held. */
  private boolean pingedOnAnswer(ContactTable c, int r) {
    int ping = c.row(c.dstHi(r), c.dstLo(r), c.protocol(r) == PortList.ARP ? IpProtocol.ICMP : IpProtocol.ICMPV6, -1);
    long after = ping < 0 ? -1 : c.firstTs(ping) - c.firstTs(r);
    return c.outcome(r).success() && after >= 0 && after <= settings.resolutionConnectMaxNanos();
  }

  /**
   * An ARP or ND sweep's span, from its first judged question ({@link #firstResolution}, or where a
   * ping loop began, {@link #pingLoopStart}) to its last question, and the blocks of addresses (/24,
   * /64) it asked about.
   */
  private record NeighbourSweep(long from, long to, Set<Long> ipv4Blocks, Set<Long> ipv6Blocks) {
    static NeighbourSweep of(Contacts k, long from) {
      ContactTable c = k.table;
      long to = Long.MIN_VALUE;
      Set<Long> ipv4 = new HashSet<>();
      Set<Long> ipv6 = new HashSet<>();
      for (int r : k.rows) {
        if (PortList.isResolution(c.protocol(r))) {
          to = Math.max(to, c.lastTs(r));
          (Addresses.isIpv4(c.dstHi(r), c.dstLo(r)) ? ipv4 : ipv6).add(Addresses.block(c.dstHi(r), c.dstLo(r)));
        }
      }
      return new NeighbourSweep(from, to, ipv4, ipv6);
    }

    boolean asked(long hi, long lo) {
      return (Addresses.isIpv4(hi, lo) ? ipv4Blocks : ipv6Blocks).contains(Addresses.block(hi, lo));
    }
  }

  /** Builds the verdict for a source already judged to be scanning. */
  private Judged verdict(SourceState src, Contacts k, ThresholdRandomWalk trw, boolean confirmed, boolean broad,
      int failures, int contacts, Sweeps sweeps, FocusRule.Focus focus, long[] portHits) {
    ContactTable c = k.table;
    boolean osDetection = tools.nmapOsDetection(src.traits());
    ProbeTally t = ProbeTally.of(k, osDetection, portHits, settings.minFailedContacts());
    if (t.firstProbeRow < 0) {
      return null;
    }
    int udpPorts = t.ports.get(SourceState.portKey(UDP, 0), SourceState.portKey(UDP, 65536)).cardinality();
    int ipProtocols = t.ports.get(SourceState.portKey(PortList.IP, 0), SourceState.portKey(PortList.IP, 65536))
        .cardinality();
    int sctpPorts = t.ports.get(SourceState.portKey(SCTP, 0), SourceState.portKey(SCTP, 65536)).cardinality();
    // nmap's host discovery alone: pings, and over TCP its discovery pair, no port of another protocol
    boolean discovery = sweeps.icmp() && t.tcpDiscoveryRows == t.tcpProbeRows && udpPorts == 0 && ipProtocols == 0
        && sctpPorts == 0;
    int connects = t.emptyConnectProbes + t.connectedThenTalked + k.bannersTaken;
    ProbeTraits traits = src.traits();
    long ownStackSyns = src.stackSyns().synProbes;
    // nmap's host discovery sends a raw SYN to 443 even before a connect scan: a half-open contact or
    // two beside more connects leave a scan of the stack's own SYNs a connect scan; a scan whose SYNs
    // were mostly crafted is none, whatever the source's own connections beside it offered
    boolean stackSyns = src.mostlyStackSyns() && t.craftedSynProbes * 2 <= t.synProbes;
    // handshakes completed by a raw scanner's own stack (masscan --banners) do not make a connect scan:
    // its SYNs offer nothing a stack offers and mostly carry the raw scanners' window of 1024
    boolean rawSyns = traits.synProbes > 0 && ownStackSyns == 0 && traits.window1024 * 2 > traits.tcpProbes;
    boolean connect = t.halfOpen == 0 ? (connects > 0 && !rawSyns) || stackSyns
        : stackSyns && t.halfOpen <= settings.discoveryMaxTcpPorts() && t.halfOpen < connects;
    // one host's nmap -sS and -sT of other hosts: crafted SYNs on as many targets as a scan needs, and as
    // many of the stack's own refused by one host (a browser's SYNs to dead sites go unanswered, a client
    // refused by a pool's members is refused once a host; nmap's discovery sends two crafted SYNs at most)
    boolean synAndConnect = t.craftedSynProbes >= settings.minFailedContacts() && !rawSyns
        && connectFailures(k).values().stream().anyMatch(host -> host[0] >= settings.minFailedContacts());
    SynNames synNames = synAndConnect ? SynNames.BOTH : connect ? SynNames.CONNECT : SynNames.SYN;
    List<String> techniques = techniques(t.techniqueCounts, t.probeRows - t.discoveryRows, sweeps, discovery,
        synNames, osDetection);
    int distinctHosts = t.hosts.size();
    int distinctPorts = t.ports.cardinality();
    String pattern = pattern(distinctHosts, distinctPorts);
    ToolMatch tool = tools.of(src, techniques, t);
    String ip = Addresses.text(src.hi, src.lo);

    int score = score(contacts, failures, confirmed);
    List<String> reasons = new ArrayList<>();
    if (confirmed) {
      reasons.add(String.format(Locale.ROOT,
          "sequential test (TRW, θ0=%.2f θ1=%.2f α=%.2f β=%.2f) judged it a scanner after %d first contacts",
          settings.trwTheta0(), settings.trwTheta1(), settings.trwAlpha(), settings.trwBeta(),
          trw.detectedAfter()));
    }
    List<String> tally = describe(t.outcomes);
    if (t.talkedAfterScan > 0) {
      tally.add(t.talkedAfterScan + " scanned open and talked to");
    }
    Excuse[] kinds = Excuse.values();
    int[] excusedFailures = new int[kinds.length];
    int excusedTotal = 0;
    for (int r : k.rows) {
      if (!c.outcome(r).accepted() && !k.failed[r]) {
        excusedTotal++;
        excusedFailures[k.excuse(r).ordinal()]++; // each excuse named the rows it excused
      }
    }
    if (excusedTotal > 0) {
      // the outcomes above count every target; these failed as a client's do (README, Excuses)
      List<String> why = new ArrayList<>();
      for (Excuse e : kinds) {
        if (excusedFailures[e.ordinal()] > 0) {
          why.add(e.counted(excusedFailures[e.ordinal()]));
        }
      }
      tally.add(excusedTotal + " of those failures excused: " + String.join(", ", why));
    }
    reasons.add(failures + " of " + contacts + " distinct targets failed (" + String.join(", ", tally) + ")");
    int firewalked = 0;
    for (int r : k.rows) {
      firewalked += k.firewalked[r] ? 1 : 0;
    }
    if (firewalked > 0) {
      reasons.add(Words.counted(firewalked, "port") + " tried with a low TTL, told \"time exceeded\" by a router or"
          + " left unanswered (firewalking)");
    }
    if (broad && !confirmed) {
      reasons.add("breadth rule: " + contacts + " distinct targets, " + failures + " failed");
    }
    if (focus != null) {
      reasons.add(focus.reason());
    } else if (!confirmed && !broad && !sweeps.any()) {
      reasons.add("OS detection rule: " + ToolFingerprint.nmapOsDetectionEvidence(traits));
    }
    long window = settings.pingSweepWindowNanos() / Timestamps.NANOS_PER_SECOND;
    if (sweeps.icmpHosts() >= settings.pingSweepMinHosts()) {
      reasons.add(String.format(Locale.ROOT, "ICMP queries to %d hosts within %d s (ping sweep)", sweeps.icmpHosts(),
          window));
    } else if (sweeps.group()) {
      reasons.add(String.format(Locale.ROOT, "ICMP queries to a broadcast or multicast group answered by %d hosts"
          + " (ping sweep)", sweeps.groupHosts()));
    } else if (sweeps.icmp()) {
      reasons.add(String.format(Locale.ROOT, "ICMP queries to %d hosts, fewer than %d within any %d s (slow ping"
          + " sweep)", sweeps.slowIcmpHosts(), settings.pingSweepMinHosts(), window));
    }
    boolean v6 = !Addresses.isIpv4Source(src.hi, src.lo);
    if (sweeps.neighbourHosts() >= settings.pingSweepMinHosts()) {
      reasons.add(String.format(Locale.ROOT, v6 ? "neighbour solicitations to %d hosts within %d s (ND sweep)"
          : "ARP requests to %d hosts within %d s (ARP sweep)", sweeps.neighbourHosts(), window));
    } else if (sweeps.neighbours()) {
      reasons.add(String.format(Locale.ROOT, (v6 ? "neighbour solicitations" : "ARP requests")
          + " to %d hosts, fewer than %d within any %d s (slow %s sweep)", sweeps.slowNeighbourHosts(),
          settings.pingSweepMinHosts(), window, v6 ? "ND" : "ARP"));
    }
    if (src.unaskedOffers > 0) {
      reasons.add(Words.counted(src.unaskedOffers, "DHCP offer") + " from it answered no request in the capture:"
          + " a DHCP server's address checks look so in a capture of its own side alone (a filter on its"
          + " address drops the clients' broadcasts); a sweep hidden behind forged offers too");
    }
    // a host sweep (ICMP, ARP, ND) probes no port: say so, rather than "0 ports on 30 hosts"
    reasons.add(pattern + ": " + (distinctPorts == 0 ? Words.counted(distinctHosts, "host") + " swept, no port probed"
        : Words.counted(distinctPorts, "port") + " on " + Words.counted(distinctHosts, "host")));
    reasons.add("techniques " + String.join(", ", techniques) + " by opening segment");
    if (!"unknown".equals(tool.name())) {
      reasons.add("probes match " + tool.name() + ": " + String.join("; ", tool.evidence()));
    }

    ProbeEvent first = probeEvent(c, firstPacketRow(c, t), ip, discovery, synNames);
    ScannerVerdict v = new ScannerVerdict(ip, src.packets, t.probePackets, src.firstTs, src.lastTs,
        first.tsNanos(), t.lastProbe, distinctHosts, distinctPorts, contacts, failures, src.flagStats(), techniques,
        pattern, score, List.copyOf(reasons), confirmed ? trw.detectedAfter() : -1, focus != null,
        osDetection, sweeps.slow(), tool, List.of(), first, Activity.of(src.activity()),
        false, null);
    return new Judged(src, v, k, t.answered, null);
  }

  /**
   * The techniques a scanner used, from how many probed targets each opened (see {@code
   * techniqueMinShare}). Under OS detection, which sends an open and a closed port one probe of each
   * kind and a closed UDP port one datagram, a technique other than the most used one needs
   * {@code minFailedContacts} targets of its own.
   */
  private List<String> techniques(int[] counts, int probeRows, Sweeps sweeps, boolean discovery,
      SynNames synNames, boolean osDetection) {
    List<String> out = new ArrayList<>();
    int minContacts = Math.max(1, Math.min(settings.minFailedContacts(),
        (int) Math.ceil(settings.techniqueMinShare() * probeRows)));
    int most = Arrays.stream(counts).max().orElse(0);
    for (Technique t : Technique.values()) {
      int n = counts[t.ordinal()];
      // a slow sweep is as much a sweep as a fast one once it reached as many hosts
      boolean keep = switch (t) {
        case PING_SWEEP -> discovery || sweeps.icmp() || n >= settings.pingSweepMinHosts()
            || (n > 0 && sweeps.neighbours());
        case ARP_SWEEP, ND_SWEEP -> n > 0 && (sweeps.neighbours() || n >= settings.pingSweepMinHosts());
        // nmap's discovery probes (echo, SYN/443, ACK/80, timestamp) are one ping sweep
        default -> !discovery && n >= minContacts
            && (!osDetection || n == most || n >= settings.minFailedContacts());
      };
      if (keep) {
        out.addAll(named(t, synNames));
      }
    }
    // a verdict on fewer probes than any technique's bar (the sequential test after five pings):
    // the technique most of them used, which its first probe names too
    for (Technique t : Technique.values()) {
      if (out.isEmpty() && most > 0 && counts[t.ordinal()] == most) {
        out.addAll(named(t, synNames));
      }
    }
    return out;
  }

  /** What a scanner's SYN-opened targets are listed as: its crafted SYNs', the stack's connect()s', or both. */
  private enum SynNames {
    SYN(Technique.SYN), CONNECT(Technique.CONNECT), BOTH(Technique.SYN, Technique.CONNECT);

    private final List<String> names;

    SynNames(Technique... techniques) {
      this.names = Arrays.stream(techniques).map(Technique::wireName).toList();
    }
  }

  private static List<String> named(Technique t, SynNames synNames) {
    return t == Technique.SYN ? synNames.names : List.of(t.wireName());
  }

  private String pattern(int hosts, int ports) {
    if (hosts <= settings.verticalMaxHosts()) {
      return "vertical";
    }
    return ports <= settings.horizontalMaxPorts() ? "horizontal" : "block";
  }

  /**
   * 0–100: half for a sequential-test verdict (40 for the other rules), up to 30 for breadth (log10
   * of distinct targets, 1000 targets = full), up to 20 for the share of failures.
   */
  static int score(int contacts, int failures, boolean confirmed) {
    double breadth = Math.min(1.0, Math.log10(Math.max(1, contacts)) / Math.log10(SCORE_FULL_BREADTH_TARGETS));
    double failureShare = contacts == 0 ? 0 : (double) failures / contacts;
    double s = (confirmed ? SCORE_CONFIRMED : SCORE_OTHER_RULE) + SCORE_BREADTH_WEIGHT * breadth
        + SCORE_FAILURE_WEIGHT * failureShare;
    return (int) Math.max(0, Math.min(100, Math.round(s)));
  }

  private static List<String> describe(EnumMap<Outcome, Integer> outcomes) {
    List<String> parts = new ArrayList<>();
    outcomes.forEach((o, n) -> parts.add(n + " " + o.name().toLowerCase(Locale.ROOT).replace('_', '-')));
    return parts;
  }

  /**
   * The row of the scan's first packet: its first probe's, or an ARP or neighbour question it asked at
   * most {@code followUpMaxLeadNanos} before that, for a host it then probed, as part of a discovery: the
   * next question, for another host, came before the next conversation with this one (nmap's host
   * discovery on a LAN asks for every target at once; a live one's question is no failure, as the
   * source then reached the host, but the scan began with it). The one question the stack asks right
   * before its first packet to a host is that packet's, not a discovery.
   */
  private int firstPacketRow(ContactTable c, ProbeTally t) {
    int first = t.firstProbeRow;
    long from = c.firstTs(first) - settings.followUpMaxLeadNanos();
    List<Integer> questions = new ArrayList<>();
    for (int r = 0; r < c.size(); r++) {
      if (PortList.isResolution(c.protocol(r)) && c.firstTs(r) >= from && earlier(c, r, first)
          && t.hosts.get(c.dstHi(r), c.dstLo(r)) != null) {
        questions.add(r);
      }
    }
    questions.sort(Comparator.comparingLong((Integer r) -> c.firstTs(r)).thenComparingLong(c::firstFrame));
    for (int i = 0; i < Math.min(questions.size(), FIRST_QUESTIONS_LOOKED_AT); i++) {
      long next = c.firstTs(i + 1 < questions.size() ? questions.get(i + 1) : first); // question or probe
      if (next < nextConversation(c, questions.get(i))) {
        return questions.get(i);
      }
    }
    return first;
  }

  /** When the source's next conversation (not a question) with question {@code q}'s host began after it. */
  private static long nextConversation(ContactTable c, int q) {
    long next = Long.MAX_VALUE;
    for (int r = 0; r < c.size(); r++) {
      if (c.dstLo(r) == c.dstLo(q) && c.dstHi(r) == c.dstHi(q) && !PortList.isResolution(c.protocol(r))
          && c.firstTs(r) >= c.firstTs(q)) {
        next = Math.min(next, c.firstTs(r));
      }
    }
    return next;
  }

  private static boolean earlier(ContactTable c, int r, int than) {
    return c.firstTs(r) < c.firstTs(than) || (c.firstTs(r) == c.firstTs(than) && c.firstFrame(r) < c.firstFrame(than));
  }

  private static ProbeEvent probeEvent(ContactTable c, int row, String src, boolean discovery, SynNames synNames) {
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
    } else if (t == Technique.SYN && (synNames == SynNames.CONNECT
        || (synNames == SynNames.BOTH && (c.marks(row) & ContactTable.CRAFTED_SYN_OPENED) == 0))) {
      t = Technique.CONNECT; // of a scan of both kinds, a target the stack's own SYN opened
    }
    int flags = c.firstFlags(row);
    return new ProbeEvent(c.firstTs(row), c.firstFrame(row), src, IpText.format(c.dstHi(row), c.dstLo(row)),
        port >= 0 ? port : null, PortList.protoName(protocol), flags >= 0 ? TcpFlags.letters(flags) : null,
        t == null ? null : t.wireName());
  }
}

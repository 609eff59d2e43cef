package io.porthunter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import io.porthunter.detect.CaptureAnalyzer;
import io.porthunter.detect.DetectionSettings;
import io.porthunter.detect.ScanAnalysis;
import io.porthunter.intel.DefaultIpIntel;
import io.porthunter.intel.IntelSettings;
import io.porthunter.intel.IpIntel;
import io.porthunter.testing.Corpus;
import io.porthunter.tools.FakeIntel;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract views over real captures. */
class DefaultScanReportsTest {
  private static IpIntel intel;
  private static DefaultScanReports reports;
  private final AnalysisControl control = AnalysisControl.unlimited();

  @BeforeAll
  static void setUp() {
    intel = DefaultIpIntel.create(IntelSettings.fromEnv(Map.of()));
    reports = new DefaultScanReports(new CaptureAnalyzer(DetectionSettings.DEFAULTS), intel);
  }

  @AfterAll
  static void tearDown() {
    intel.close();
  }

  @Test
  void overviewListsScannersTargetsPortsAndTheTimelineOfTheMixedCapture() throws Exception {
    ScanOverview o = reports.overview(Corpus.file("d19_mixed_syn_masscan_benign.pcapng"), 1, 20, control);
    assertThat(o.total_pkts()).isEqualTo(1728);
    assertThat(o.scanners()).extracting(ScanOverview.Scanner::ip).containsExactly("10.77.1.11", "10.77.1.12");
    assertThat(o.scanners()).extracting(ScanOverview.Scanner::kind).containsExactly("vertical", "horizontal");
    assertThat(o.targets().get(0).ip()).isEqualTo("10.77.2.10");
    assertThat(o.targets().get(0).pkts()).as("probes received").isEqualTo(508);
    assertThat(o.suspected_patterns()).containsExactly("syn_scan", "vertical", "horizontal");
    assertThat(o.first_ts()).isEqualTo("2026-11-21T12:44:41.057783168Z");
    // one-second windows: the two scans ran in different seconds
    assertThat(o.timeline()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(o.timeline().stream().mapToLong(ScanOverview.Window::probes).sum())
        .isEqualTo(o.scanners().stream().mapToLong(ScanOverview.Scanner::pkts).sum());
    // nmap sent 508 probes within one second: its peak over 1 s windows is that second's count
    assertThat(o.scanners().get(0).peak_rate_pps()).isEqualTo(508.0);
    assertThat(o.scanners().get(0).peak_second_pkts()).isEqualTo(508);
    // over 60 s windows the same second averages out; its busiest second does not
    ScanOverview wide = reports.overview(Corpus.file("d19_mixed_syn_masscan_benign.pcapng"), 60, 20, control);
    assertThat(wide.scanners().get(0).peak_rate_pps()).isCloseTo(508 / 60.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(wide.scanners().get(0).peak_second_pkts()).isEqualTo(508);
    assertThat(o.state_capped()).isFalse();
    assertThat(o.link_types()).containsExactly("EN10MB");
    assertThat(o.capture_bytes()).isEqualTo(Files.size(Corpus.file("d19_mixed_syn_masscan_benign.pcapng")));
  }

  @Test
  void overviewListsCutByTopKSayHowManyThereWere() throws Exception {
    Path d19 = Corpus.file("d19_mixed_syn_masscan_benign.pcapng");
    ScanOverview all = reports.overview(d19, 60, 10_000, control);
    ScanOverview one = reports.overview(d19, 60, 1, control);
    assertThat(one.scanners()).hasSize(1);
    assertThat(one.targets()).hasSize(1);
    assertThat(one.port_distribution()).hasSize(1);
    assertThat(one.scanners_total()).isEqualTo(all.scanners().size()).isEqualTo(2);
    assertThat(one.targets_total()).isEqualTo(all.targets().size()).isGreaterThan(1);
    assertThat(one.ports_total()).isEqualTo(all.port_distribution().size()).isGreaterThan(1);
  }

  @Test
  void aLongTimelineKeepsItsBusiestWindowsInTimeOrderAndSaysHowManyThereWere(@TempDir Path dir)
      throws Exception {
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    String scanner = "203.0.113.5";
    String target = "10.0.0.9";
    for (int i = 0; i < 1100; i++) { // a probe a second, then a burst in the last second
      pcap.tcp(i + 0.5, scanner, 40000, target, 1 + i, RawIpv4Pcap.SYN, 0)
          .tcp(i + 0.501, target, 1 + i, scanner, 40000, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
    }
    for (int i = 0; i < 500; i++) {
      pcap.tcp(1100.5 + i * 1e-4, scanner, 40001, target, 2000 + i, RawIpv4Pcap.SYN, 0);
    }
    ScanOverview o = reports.overview(pcap.write(dir.resolve("long.pcap")), 1, 20, control);
    assertThat(o.timeline_windows()).isEqualTo(1101);
    assertThat(o.timeline()).hasSize(DefaultScanReports.MAX_TIMELINE_WINDOWS);
    assertThat(o.timeline()).extracting(ScanOverview.Window::start).isSorted();
    assertThat(o.timeline().get(o.timeline().size() - 1).start()).isEqualTo("1970-01-01T00:18:20.000000Z");
    assertThat(o.timeline().get(o.timeline().size() - 1).probes()).isEqualTo(500);
  }

  @Test
  void aCaptureWithoutTimesShowsNoTimeRatherThanTheEpoch(@TempDir Path dir) throws Exception {
    // simple packet blocks carry no time: every view says so instead of dating the scan to 1970
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    for (int port = 1; port <= 20; port++) {
      pcap.tcp(0, "203.0.113.5", 40000, "10.0.0.9", port, RawIpv4Pcap.SYN, 0)
          .tcp(0, "10.0.0.9", port, "203.0.113.5", 40000, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
    }
    Path untimed = pcap.writeUntimed(dir.resolve("spb.pcapng"));
    ScanOverview o = reports.overview(untimed, 60, 20, control);
    assertThat(o.total_pkts()).isEqualTo(40);
    assertThat(o.first_ts()).isNull();
    assertThat(o.scanners()).singleElement().satisfies(s -> {
      assertThat(s.ip()).isEqualTo("203.0.113.5");
      assertThat(s.first_seen()).isNull();
      assertThat(s.last_seen()).isNull();
    });
    assertThat(o.timeline()).allSatisfy(w -> assertThat(w.start()).isNull());
    Suspect s = reports.suspects(untimed, 10, 5.0, control).view().suspects().get(0);
    assertThat(s.first_seen()).isNull();
    FirstEvent first = reports.firstEvent(untimed, control).view();
    assertThat(first.ts()).isNull();
    assertThat(first.port()).isEqualTo(1);
  }

  @Test
  void eachSuspectNamesTheStationItsFramesCameFromWhenTheLinkShowsOne(@TempDir Path dir) throws Exception {
    // tshark: every frame of 10.77.1.11, 10.77.1.12, 10.77.1.50 and 10.77.1.51 has eth.src 02:77:0a:02:00:01,
    // the router that brought them onto the capture's segment
    List<Suspect> routed = reports.suspects(Corpus.file("d19_mixed_syn_masscan_benign.pcapng"), 10, 5.0, control)
        .view().suspects();
    assertThat(routed).extracting(Suspect::ip).containsExactly("10.77.1.11", "10.77.1.12");
    assertThat(routed).extracting(s -> s.station().mac()).containsOnly("02:77:0a:02:00:01");
    assertThat(routed).allMatch(s -> s.station().forwards(), "a router: it sends as four IPv4 sources");
    assertThat(routed.get(0).station().also_sends_as()).containsExactly("10.77.1.12", "10.77.1.50", "10.77.1.51");
    assertThat(routed.get(1).station().also_sends_as()).containsExactly("10.77.1.11", "10.77.1.50", "10.77.1.51");

    RawIpv4Pcap pcap = new RawIpv4Pcap(); // raw IP: no link layer, no station
    for (int port = 1; port <= 20; port++) {
      pcap.tcp(port * 0.01, "203.0.113.5", 40000, "10.0.0.9", port, RawIpv4Pcap.SYN, 0)
          .tcp(port * 0.01, "10.0.0.9", port, "203.0.113.5", 40000, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
    }
    Suspect raw = reports.suspects(pcap.write(dir.resolve("raw.pcap")), 10, 5.0, control).view().suspects().get(0);
    assertThat(raw.ip()).isEqualTo("203.0.113.5");
    assertThat(raw.station()).isNull();
  }

  @Test
  void suspectFindingsSayHowHardEachHostWasProbed() throws Exception {
    Path d19 = Corpus.file("d19_mixed_syn_masscan_benign.pcapng");
    Suspect nmap = reports.suspects(d19, 10, 5.0, control).view().suspects().get(0);
    ScanOverview.Target target = reports.overview(d19, 60, 20, control).targets().get(0);
    Suspect.TargetFindings finding = nmap.findings().get(0);
    assertThat(finding.ip()).isEqualTo(target.ip()).isEqualTo("10.77.2.10");
    // the only scanner of this host: its probes are all the host received, over the ports it hit
    assertThat(finding.probes()).isEqualTo(target.pkts()).isEqualTo(nmap.probes()).isEqualTo(508);
    assertThat(finding.ports_probed()).isEqualTo(target.ports_hit()).isEqualTo(500);
  }

  @Test
  void theOverviewNamesTheScannersThatSplitATargetsPorts(@TempDir Path dir) throws Exception {
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    String[] sources = {"203.0.113.10", "203.0.113.11", "203.0.113.12"};
    String target = "10.0.0.9";
    for (int i = 0; i < sources.length; i++) {
      for (int port = 1 + i * 100; port <= (i + 1) * 100; port++) {
        double t = i * 2 + port * 1e-3;
        pcap.tcp(t, sources[i], 40000, target, port, RawIpv4Pcap.SYN, 0)
            .tcp(t + 1e-5, target, port, sources[i], 40000, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
      }
    }
    ScanOverview o = reports.overview(pcap.write(dir.resolve("split.pcap")), 60, 20, control);
    assertThat(o.suspected_patterns()).contains("distributed");
    assertThat(o.distributed_scans_total()).isEqualTo(1);
    ScanOverview.Distributed split = o.distributed_scans().get(0);
    assertThat(split.target()).isEqualTo(target);
    assertThat(split.scanners()).containsExactlyInAnyOrder(sources);
    assertThat(split.ports_covered()).isEqualTo(300);
    assertThat(split.max_overlap()).isZero();
  }

  @Test
  void anIdleScansFirstEventIsTheRealScannersFirstReadOfTheZombie(@TempDir Path dir) throws Exception {
    // nmap -sI: the scanner reads the zombie's IP ID with a SYN/ACK around each SYN it forges from the zombie
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    String scanner = "203.0.113.5";
    String zombie = "10.0.0.60";
    String target = "10.0.0.9";
    for (int port = 20; port < 40; port++) {
      double t = port * 0.01;
      pcap.tcp(t, scanner, 50000 + port, zombie, 80, RawIpv4Pcap.SYN | RawIpv4Pcap.ACK, 0)
          .tcp(t + 1e-4, zombie, 80, scanner, 50000 + port, RawIpv4Pcap.RST, 0)
          .tcp(t + 2e-4, zombie, 80, target, port, RawIpv4Pcap.SYN, 0)
          .tcp(t + 3e-4, target, port, zombie, 80, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
    }
    pcap.tcp(0.5, scanner, 50040, zombie, 80, RawIpv4Pcap.SYN | RawIpv4Pcap.ACK, 0) // the last read, after the last probe
        .tcp(0.5001, zombie, 80, scanner, 50040, RawIpv4Pcap.RST, 0);
    Path file = pcap.write(dir.resolve("idle.pcap"));
    FirstEvent first = reports.firstEvent(file, control).view();
    assertThat(first.src()).isEqualTo(scanner);
    assertThat(first.dst()).isEqualTo(zombie);
    assertThat(first.technique()).isEqualTo("idle");
    ScanOverview o = reports.overview(file, 60, 20, control);
    assertThat(o.scanners()).extracting(ScanOverview.Scanner::ip).containsExactly(scanner, zombie);
    assertThat(o.targets().get(0).scanned_by()).containsExactly(scanner, zombie);
    assertThat(o.suspected_patterns()).contains("idle_scan");
  }

  @Test
  void aDecoyScansFirstEventIsItsRealScannersFirstProbe(@TempDir Path dir) throws Exception {
    // nmap -D sends each decoy's copy of a probe just before the real one
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    String scanner = "203.0.113.5";
    String target = "10.0.0.9";
    for (int port = 1; port <= 30; port++) {
      double t = port * 0.01;
      pcap.tcp(t, "203.0.113.61", 40000, target, port, RawIpv4Pcap.SYN, 0)
          .tcp(t + 1e-5, "203.0.113.62", 40000, target, port, RawIpv4Pcap.SYN, 0)
          .tcp(t + 2e-5, scanner, 40000, target, port, RawIpv4Pcap.SYN, 0)
          .tcp(t + 3e-5, target, port, scanner, 40000, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
    }
    Path file = pcap.write(dir.resolve("decoys.pcap"));
    FirstEvent first = reports.firstEvent(file, control).view();
    assertThat(first.src()).isEqualTo(scanner);
    assertThat(first.port()).isEqualTo(1);
    assertThat(reports.overview(file, 60, 20, control).suspected_patterns()).contains("decoy");
  }

  @Test
  void aPingSweepsTargetsSayWhichHostsAnsweredAsTsharkSeesThem() throws Exception {
    // d10: nmap -sn of 64 addresses; a host answered when it sent the scanner anything but an ICMP error
    Path d10 = Corpus.file("d10_nmap_sn_sweep.pcap");
    String scanner = "10.77.1.13";
    Set<String> answering = new TreeSet<>();
    List<String> oracle = Files.readAllLines(Corpus.file("d10_nmap_sn_sweep.pcap.oracle.tsv"));
    for (String line : oracle.subList(1, oracle.size())) { // after the header
      String[] f = line.split("\t", -1); // frame epoch src dst proto ... icmp_type
      boolean icmpError = f[12].equals("3") || f[12].equals("11");
      if (f[3].equals(scanner) && !icmpError) {
        answering.add(f[2]);
      }
    }
    ScanOverview o = reports.overview(d10, 60, 1000, control);
    assertThat(o.targets()).hasSize(64);
    assertThat(answering).hasSize(50);
    assertThat(o.targets().stream().filter(ScanOverview.Target::answered).map(ScanOverview.Target::ip))
        .containsExactlyInAnyOrderElementsOf(answering);
    // the suspect's findings list its live hosts before its dead ones
    Suspect sweep = reports.suspects(d10, 1, 0, control).view().suspects().get(0);
    assertThat(sweep.findings()).hasSize(DefaultScanReports.MAX_FINDINGS_PER_SUSPECT)
        .allMatch(Suspect.TargetFindings::answered);
  }

  @Test
  void aSuspectsFindingsListHostsThatAnsweredAboutMorePortsFirst(@TempDir Path dir) throws Exception {
    // a SYN scan of two ports on 40 hosts: 10.0.1.1-20 reset one port and drop the other, 10.0.1.21-40
    // reset both; of the 32 findings listed, those 20 come first, whatever their addresses
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    String scanner = "203.0.113.7";
    double t = 0;
    for (int host = 1; host <= 40; host++) {
      String target = "10.0.1." + host;
      for (int port = 22; port <= 23; port++) {
        t += 0.001;
        pcap.tcp(t, scanner, 40000, target, port, RawIpv4Pcap.SYN, 0);
        if (host > 20 || port == 23) {
          pcap.tcp(t + 1e-4, target, port, scanner, 40000, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
        }
      }
    }
    Suspect s = reports.suspects(pcap.write(dir.resolve("two-ports.pcap")), 1, 0, control).view().suspects().get(0);
    assertThat(s.findings()).hasSize(DefaultScanReports.MAX_FINDINGS_PER_SUSPECT);
    assertThat(s.findings().subList(0, 20)).allSatisfy(f -> assertThat(f.closed()).containsExactly("tcp/22", "tcp/23"));
    assertThat(s.findings().subList(20, 32)).allSatisfy(f -> assertThat(f.filtered()).containsExactly("tcp/22"));
  }

  @Test
  void topKCapsEveryList() throws Exception {
    ScanOverview o = reports.overview(Corpus.file("d19_mixed_syn_masscan_benign.pcapng"), 60, 1, control);
    assertThat(o.scanners()).hasSize(1);
    assertThat(o.targets()).hasSize(1);
    assertThat(o.port_distribution()).hasSize(1);
  }

  @Test
  void minPortsIsComparedWithBreadthSoASweepOfManyHostsOnOnePortQualifies() throws Exception {
    Path zmap = Corpus.file("d13_zmap_sweep.pcapng");
    List<Suspect> s = reports.suspects(zmap, 10, 5.0, control).view().suspects();
    assertThat(s).hasSize(1);
    assertThat(s.get(0).distinct_ports()).isEqualTo(1);
    assertThat(s.get(0).distinct_targets()).isEqualTo(45);
    assertThat(s.get(0).findings_total()).isEqualTo(45);
    assertThat(s.get(0).findings()).hasSize(DefaultScanReports.MAX_FINDINGS_PER_SUSPECT)
        .allSatisfy(f -> assertThat(f.open()).containsExactly("tcp/22"));
    assertThat(reports.suspects(zmap, 46, 5.0, control).view().suspects()).isEmpty();
  }

  @Test
  void aConfirmedSlowScanIsListedBelowTheRateThresholdWithAReason() throws Exception {
    List<Suspect> s = reports.suspects(Corpus.file("d16_nmap_slow_sS.pcap"), 10, 5.0, control).view().suspects();
    assertThat(s).hasSize(1);
    assertThat(s.get(0).rate_pps()).isLessThan(5.0).isGreaterThan(0.5);
    assertThat(s.get(0).detected_after_probes()).isEqualTo(5);
    assertThat(s.get(0).reasons()).anyMatch(r -> r.startsWith("slow scan"));
  }

  @Test
  void aSlowScanFoundByTheFocusRuleIsListedBelowTheRateThresholdWithAReason(@TempDir Path dir)
      throws Exception {
    String workstation = "192.168.10.66";
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    for (int i = 0; i < 150; i++) { // browsing: a real conversation with each of 100 servers
      String server = "104.16.0." + (1 + i % 100);
      int cport = 40000 + i;
      double t = i * 4.0;
      pcap.tcp(t, workstation, cport, server, 443, RawIpv4Pcap.SYN, 0)
          .tcp(t + 0.01, server, 443, workstation, cport, RawIpv4Pcap.SYN | RawIpv4Pcap.ACK, 0)
          .tcp(t + 0.02, workstation, cport, server, 443, RawIpv4Pcap.ACK, 0)
          .tcp(t + 0.03, workstation, cport, server, 443, RawIpv4Pcap.PSH | RawIpv4Pcap.ACK, 300)
          .tcp(t + 0.04, server, 443, workstation, cport, RawIpv4Pcap.PSH | RawIpv4Pcap.ACK, 1200)
          .tcp(t + 0.05, workstation, cport, server, 443, RawIpv4Pcap.FIN | RawIpv4Pcap.ACK, 0)
          .tcp(t + 0.06, server, 443, workstation, cport, RawIpv4Pcap.FIN | RawIpv4Pcap.ACK, 0);
    }
    for (int port = 1; port <= 60; port++) { // one closed port every 9 s
      double t = 30 + port * 9.0 + 0.5;
      pcap.tcp(t, workstation, 50000 + port, "192.168.10.20", port, RawIpv4Pcap.SYN, 0)
          .tcp(t + 0.001, "192.168.10.20", port, workstation, 50000 + port, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
    }
    Path file = pcap.write(dir.resolve("busy-workstation.pcap"));
    List<Suspect> s = reports.suspects(file, 10, 5.0, control).view().suspects();
    assertThat(s).extracting(Suspect::ip).containsExactly(workstation);
    assertThat(s.get(0).rate_pps()).isLessThan(5.0);
    assertThat(s.get(0).detected_after_probes()).as("not the sequential test").isNull();
    assertThat(s.get(0).reasons()).contains("focus rule: 60 of 60 ports on 192.168.10.20 failed")
        .anyMatch(r -> r.startsWith("slow scan") && r.endsWith("its failures concentrate on one host or port"));
  }

  @Test
  void aTarpitsPortListsAreCutAndSaySoEverywhereTheyAreShown(@TempDir Path dir) throws Exception {
    String scanner = "203.0.113.9";
    String tarpit = "10.0.0.66";
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    for (int port = 1; port <= 700; port++) { // even ports answer, odd ones refuse: nothing folds
      double t = port * 0.001;
      pcap.tcp(t, scanner, 40000, tarpit, port, RawIpv4Pcap.SYN, 0);
      if (port % 2 == 0) {
        pcap.tcp(t + 0.0001, tarpit, port, scanner, 40000, RawIpv4Pcap.SYN | RawIpv4Pcap.ACK, 0)
            .tcp(t + 0.0002, scanner, 40000, tarpit, port, RawIpv4Pcap.RST, 0);
      } else {
        pcap.tcp(t + 0.0001, tarpit, port, scanner, 40000, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
      }
    }
    Path file = pcap.write(dir.resolve("tarpit.pcap"));
    int cut = 2 * (350 - DefaultScanReports.MAX_PORT_ENTRIES);
    ScanOverview.Target target = reports.overview(file, 60, 20, control).targets().get(0);
    assertThat(target.open()).hasSize(DefaultScanReports.MAX_PORT_ENTRIES).startsWith("tcp/2", "tcp/4");
    assertThat(target.closed()).hasSize(DefaultScanReports.MAX_PORT_ENTRIES).startsWith("tcp/1", "tcp/3");
    assertThat(target.entries_not_listed()).isEqualTo(cut);
    assertThat(target.ports_hit()).isEqualTo(700);
    Suspect.TargetFindings finding = reports.suspects(file, 10, 5.0, control).view().suspects().get(0).findings().get(0);
    assertThat(finding.open()).hasSize(DefaultScanReports.MAX_PORT_ENTRIES);
    assertThat(finding.entries_not_listed()).isEqualTo(cut);
  }

  @Test
  void thousandsOfScannersAreListedUpToTheLimitsWithTheirTotals(@TempDir Path dir) throws Exception {
    // 600 sources each SYN-probe the same 10 closed ports of one host, one after another
    int sources = DefaultScanReports.MAX_SUSPECTS + 100;
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    for (int i = 0; i < sources; i++) {
      String src = "198.18." + (i / 200) + "." + (1 + i % 200);
      for (int port = 1; port <= 10; port++) {
        double t = i * 0.1 + port * 0.001;
        pcap.tcp(t, src, 40000, "10.0.0.5", port, RawIpv4Pcap.SYN, 0)
            .tcp(t + 0.0001, "10.0.0.5", port, src, 40000, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
      }
    }
    Path file = pcap.write(dir.resolve("many-scanners.pcap"));

    SuspectList suspects = reports.suspects(file, 10, 5.0, control).view();
    assertThat(suspects.total()).isEqualTo(sources);
    assertThat(suspects.stateCapped()).isFalse(); // every scanner was judged and kept
    assertThat(suspects.suspects()).hasSize(DefaultScanReports.MAX_SUSPECTS);
    ScanOverview.Target target = reports.overview(file, 60, 20, control).targets().get(0);
    assertThat(target.scanned_by_total()).isEqualTo(sources);
    assertThat(target.scanned_by()).hasSize(DefaultScanReports.MAX_SCANNED_BY)
        .isEqualTo(suspects.suspects().stream().limit(DefaultScanReports.MAX_SCANNED_BY).map(Suspect::ip).toList());

    // with room for 100 verdicts, the rest were never ranked: the answer says its state was capped
    DetectionSettings d = DetectionSettings.DEFAULTS;
    DetectionSettings hundred = d.withJudgeBounds(d.distributedMaxSources(), 100, d.maxFindingsPerScanner(),
        d.maxFindings(), d.minFindingsPerScanner());
    SuspectList capped = new DefaultScanReports(new CaptureAnalyzer(hundred), intel).suspects(file, 10, 5.0, control)
        .view();
    assertThat(capped.total()).isEqualTo(100);
    assertThat(capped.stateCapped()).isTrue();
  }

  @Test
  void aSlowScannerKnownByNmapsOsDetectionIsListedWithTheReason(@TempDir Path dir) throws Exception {
    // nmap -O against an open and a closed port, one probe every 4 s: far below min_rate_pps
    int ece = 0x40;
    int cwr = 0x80;
    int urg = 0x20;
    int[][] probes = {{22, RawIpv4Pcap.SYN, 1}, {22, RawIpv4Pcap.SYN, 63}, {22, RawIpv4Pcap.SYN, 4},
        {22, RawIpv4Pcap.SYN, 16}, {22, RawIpv4Pcap.SYN | ece | cwr, 3}, {22, 0, 128},
        {22, RawIpv4Pcap.SYN | RawIpv4Pcap.FIN | RawIpv4Pcap.PSH | urg, 256}, {22, RawIpv4Pcap.ACK, 1024},
        {81, RawIpv4Pcap.SYN, 31337}, {81, RawIpv4Pcap.ACK, 32768}, {81, RawIpv4Pcap.FIN | RawIpv4Pcap.PSH | urg, 65535}};
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    for (int i = 0; i < probes.length; i++) {
      int[] p = probes[i];
      pcap.tcp(i * 4.0, "203.0.113.9", 60000 + i, "10.0.0.9", p[0], p[1], 0, p[2]);
      if (p[0] == 81) {
        pcap.tcp(i * 4.0 + 0.001, "10.0.0.9", 81, "203.0.113.9", 60000 + i, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
      }
    }
    Path file = pcap.write(dir.resolve("os-detection.pcap"));

    List<Suspect> s = reports.suspects(file, 1, 5.0, control).view().suspects();
    assertThat(s).extracting(Suspect::ip).containsExactly("203.0.113.9");
    assertThat(s.get(0).rate_pps()).isLessThan(5.0);
    assertThat(s.get(0).tool().name()).isEqualTo("nmap");
    assertThat(s.get(0).reasons()).anyMatch(r -> r.startsWith("slow scan")
        && r.endsWith("its probes include nmap's OS detection"));
  }

  @Test
  void aSlowPingSweepIsListedBelowTheMinimumRateWithTheReason(@TempDir Path dir) throws Exception {
    // one echo request every 5 s to 40 hosts, 34 of them answering: far below min_rate_pps, and the
    // sequential test sees mostly answers
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    for (int host = 1; host <= 40; host++) {
      pcap.echo(host * 5.0, "203.0.113.9", "10.0.3." + host, RawIpv4Pcap.ECHO_REQUEST, 7, host);
      if (host > 6) {
        pcap.echo(host * 5.0 + 0.001, "10.0.3." + host, "203.0.113.9", RawIpv4Pcap.ECHO_REPLY, 7, host);
      }
    }
    Path file = pcap.write(dir.resolve("slow-ping-sweep.pcap"));

    List<Suspect> s = reports.suspects(file, 10, 5.0, control).view().suspects();
    assertThat(s).extracting(Suspect::ip).containsExactly("203.0.113.9");
    assertThat(s.get(0).rate_pps()).isLessThan(1.0);
    assertThat(s.get(0).techniques()).containsExactly("ping_sweep");
    assertThat(s.get(0).reasons()).anyMatch(r -> r.startsWith("slow scan") && r.endsWith("it is a slow sweep of hosts (ping, ARP or ND)"));
  }

  @Test
  void aPingSweepWithASlowTailIsListedBelowTheMinimumRate(@TempDir Path dir) throws Exception {
    // nmap -sn -T1 --min-hostgroup: ten hosts asked within 10 s, then twenty more over ten minutes
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    for (int host = 1; host <= 30; host++) {
      double at = host <= 10 ? host * 0.5 : 5 + (host - 10) * 30.0;
      pcap.echo(at, "203.0.113.9", "10.0.3." + host, RawIpv4Pcap.ECHO_REQUEST, 7, host);
      if (host > 8) {
        pcap.echo(at + 0.001, "10.0.3." + host, "203.0.113.9", RawIpv4Pcap.ECHO_REPLY, 7, host);
      }
    }
    Path file = pcap.write(dir.resolve("ping-sweep-slow-tail.pcap"));

    List<Suspect> s = reports.suspects(file, 10, 5.0, control).view().suspects();
    assertThat(s).extracting(Suspect::ip).containsExactly("203.0.113.9");
    assertThat(s.get(0).rate_pps()).isLessThan(1.0);
    assertThat(s.get(0).reasons()).anyMatch(r -> r.startsWith("slow scan") && r.endsWith("it swept hosts"));
  }

  @Test
  void ratesInReasonsStayShortWhateverTheThreshold() {
    assertThat(DefaultScanReports.rateText(0.123)).isEqualTo("0.12");
    assertThat(DefaultScanReports.rateText(52778.824)).isEqualTo("52778.82");
    assertThat(DefaultScanReports.rateText(1e308)).isEqualTo("1.00e+308");
  }

  @Test
  void aSynScanInEightByteFragmentsIsFoundAsOne(@TempDir Path dir) throws Exception {
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    for (int port = 1; port <= 40; port++) { // nmap -f: no packet holds the flags and the ports together
      pcap.tcpInFragments(port * 0.01, "203.0.113.9", 61000, "10.0.0.9", port, RawIpv4Pcap.SYN, 8)
          .tcp(port * 0.01 + 0.005, "10.0.0.9", port, "203.0.113.9", 61000, RawIpv4Pcap.RST | RawIpv4Pcap.ACK, 0);
    }
    List<Suspect> s = reports.suspects(pcap.write(dir.resolve("fragmented.pcap")), 10, 5.0, control).view().suspects();
    assertThat(s).extracting(Suspect::ip).containsExactly("203.0.113.9");
    assertThat(s.get(0).techniques()).containsExactly("syn");
    assertThat(s.get(0).distinct_ports()).isEqualTo(40);
    assertThat(s.get(0).findings().get(0).closed()).containsExactly("tcp/1-40");
  }

  @Test
  void probesWhoseFragmentsAFloodPushedOutOfReassemblyAreCountedAsWhatTheBoundsCost(@TempDir Path dir)
      throws Exception {
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    int probes = 40;
    for (int port = 1; port <= probes; port++) { // every probe's first fragment...
      pcap.tcpFragment(port * 1e-3, "203.0.113.9", 61000, "10.0.0.9", port, RawIpv4Pcap.SYN, 8, 0, port);
    }
    for (int id = 0; id < 4096; id++) { // ...then a table's worth of fragments that never complete...
      pcap.tcpFragment(0.1 + id * 1e-6, "198.51.100.7", 5000, "10.0.0.8", 80, RawIpv4Pcap.SYN, 8, 0, id);
    }
    for (int port = 1; port <= probes; port++) { // ...then the probes' other fragments
      for (int piece = 1; piece < 3; piece++) {
        pcap.tcpFragment(0.2 + port * 1e-3 + piece * 1e-6, "203.0.113.9", 61000, "10.0.0.9", port,
            RawIpv4Pcap.SYN, 8, piece, port);
      }
    }
    ScanOverview o = reports.overview(pcap.write(dir.resolve("fragment-flood.pcap")), 60, 20, control);
    // the probes' heads went for the filler, then their tails each pushed out a filler of their own
    assertThat(o.state_dropped()).containsEntry("fragmented_datagrams_given_up", 2L * probes);
    assertThat(o.state_capped()).as("the loss of the probes is said").isTrue();
  }

  @Test
  void aFragmentedScanThatReassemblesCostsTheBoundsNothing(@TempDir Path dir) throws Exception {
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    for (int port = 1; port <= 40; port++) {
      pcap.tcpInFragments(port * 0.01, "203.0.113.9", 61000, "10.0.0.9", port, RawIpv4Pcap.SYN, 8);
    }
    ScanOverview o = reports.overview(pcap.write(dir.resolve("fragmented.pcap")), 60, 20, control);
    assertThat(o.state_dropped()).containsEntry("fragmented_datagrams_given_up", 0L);
    assertThat(o.state_capped()).isFalse();
    assertThat(o.scanners()).extracting(ScanOverview.Scanner::ip).containsExactly("203.0.113.9");
  }

  @Test
  void dhcpRequestsAFloodPushedOutBeforeAnOfferCouldAnswerThemAreCountedAsWhatTheBoundsCost(@TempDir Path dir)
      throws Exception {
    RawIpv4Pcap pcap = new RawIpv4Pcap();
    int flood = 16_384 + 5; // five more requests within a second than the table keeps
    for (int xid = 1; xid <= flood; xid++) {
      pcap.bootp(xid * 1e-5, "0.0.0.0", 68, "255.255.255.255", 67, 1, xid, "0.0.0.0");
    }
    ScanOverview o = reports.overview(pcap.write(dir.resolve("dhcp-flood.pcap")), 60, 20, control);
    assertThat(o.state_dropped()).containsEntry("dhcp_exchanges_not_kept", 5L);
    assertThat(o.state_capped()).as("the loss is said").isTrue();
  }

  @Test
  void aDhcpExchangeCostsTheBoundsNothing(@TempDir Path dir) throws Exception {
    RawIpv4Pcap pcap = new RawIpv4Pcap()
        .bootp(1, "0.0.0.0", 68, "255.255.255.255", 67, 1, 0x074a0c7c, "0.0.0.0")
        .bootp(1.5, "10.0.0.1", 67, "255.255.255.255", 68, 2, 0x074a0c7c, "10.0.0.20");
    ScanOverview o = reports.overview(pcap.write(dir.resolve("dhcp.pcap")), 60, 20, control);
    assertThat(o.total_pkts()).isEqualTo(2);
    assertThat(o.state_dropped()).containsEntry("dhcp_exchanges_not_kept", 0L)
        .containsEntry("referred_servers_not_kept", 0L);
    assertThat(o.state_capped()).isFalse();
  }

  @Test
  void publicScannersCarryOfflineAsnOrganisationAndCountry() throws Exception {
    Suspect s = reports.suspects(Corpus.file("d25_public_src_sF.pcapng"), 10, 5.0, control).view().suspects().get(0);
    assertThat(s.ip()).isEqualTo("159.89.45.12");
    assertThat(s.asn()).isEqualTo(14061L);
    assertThat(s.org()).containsIgnoringCase("DigitalOcean");
    assertThat(s.country()).isEqualTo("US");
    Suspect lab = reports.suspects(Corpus.file("d01_nmap_sS_top1000.pcap"), 10, 5.0, control).view().suspects().get(0);
    assertThat(lab.asn()).as("private addresses have no ASN").isNull();
  }

  @Test
  void rolesTellScannersTargetsAndBystanders() throws Exception {
    CaptureView<List<CaptureRole>> view = reports.roles(Corpus.file("d19_mixed_syn_masscan_benign.pcapng"),
        List.of("10.77.1.11", "10.77.2.10", "10.77.1.50", "192.0.2.1", "not-an-ip"), control);
    assertThat(view.completeness().truncated()).isFalse();
    List<CaptureRole> roles = view.view();
    assertThat(roles).extracting(CaptureRole::role)
        .containsExactly("scanner", "target", "seen", "not_seen", "invalid");
    assertThat(roles.get(0).techniques()).containsExactly("syn");
    assertThat(roles.get(0).kind()).isEqualTo("vertical");
    assertThat(roles.get(1).probes_received()).isEqualTo(508);
  }

  @Test
  void rolesFindAddressesWrittenAnyWay() throws Exception {
    List<CaptureRole> v6 = reports.roles(Corpus.file("d11_nmap_sS_ipv6.pcapng"),
        List.of("FD77:0001:0000:0000:0000:0000:0000:0011", "fd77:2:0::10"), control).view();
    assertThat(v6).extracting(CaptureRole::role).containsExactly("scanner", "target");
    List<CaptureRole> mapped = reports.roles(Corpus.file("d19_mixed_syn_masscan_benign.pcapng"),
        List.of("::ffff:10.77.1.11", " 10.77.2.10 "), control).view();
    assertThat(mapped).extracting(CaptureRole::role).containsExactly("scanner", "target");
  }

  @Test
  void secondsBetweenTimesAreExactAndNeverOverflow() {
    long t = 1_700_000_000_123_456_789L;
    assertThat(DefaultScanReports.seconds(t, t + 1)).isEqualTo(1e-9);
    assertThat(DefaultScanReports.seconds(t, t + 2_500_000_000L)).isEqualTo(2.5);
    // pcapng offsets can place records ±292 years apart: more than a long's range of nanoseconds
    assertThat(DefaultScanReports.seconds(Long.MIN_VALUE, Long.MAX_VALUE)).isCloseTo(18_446_744_073.7,
        org.assertj.core.api.Assertions.within(1.0));
  }

  @Test
  void theToolsOfOneFileShareOneAnalysis() throws Exception {
    Path file = Corpus.file("d05_nmap_sX.pcap");
    assertThat(reports.analysis(file, control)).isSameAs(reports.analysis(file, control));
  }

  @Test
  void aRepeatedQuestionAboutAKeptAnalysisGetsTheSameViewAndAChangedFileANewOne(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("copy.pcap");
    Files.copy(Corpus.file("d05_nmap_sX.pcap"), file);
    ScanOverview overview = reports.overview(file, 60, 20, control);
    CaptureView<SuspectList> suspects = reports.suspects(file, 10, 5.0, control);
    CaptureView<FirstEvent> first = reports.firstEvent(file, control);
    assertThat(reports.overview(file, 60, 20, control)).isSameAs(overview);
    assertThat(reports.suspects(file, 10, 5.0, control)).isSameAs(suspects);
    assertThat(reports.firstEvent(file, control)).isSameAs(first);
    assertThat(reports.overview(file, 30, 20, control)).isNotSameAs(overview).isNotEqualTo(overview);
    assertThat(reports.suspects(file, 3, 5.0, control)).isNotSameAs(suspects);

    for (int i = 0; i < ViewMemo.MAX_VIEWS; i++) { // other views push the oldest out: it is made anew, equal
      reports.overview(file, 1 + i, 5, control);
    }
    ScanOverview again = reports.overview(file, 60, 20, control);
    assertThat(again).isNotSameAs(overview).isEqualTo(overview);

    Files.write(file, Files.readAllBytes(Corpus.file("d01_nmap_sS_top1000.pcap")));
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(0));
    ScanOverview rewritten = reports.overview(file, 60, 20, control);
    assertThat(rewritten).isNotSameAs(again);
    assertThat(rewritten.total_pkts()).isNotEqualTo(overview.total_pkts());
  }

  @Test
  void aCaptureCutMidRecordIsAnalysedUpToTheCutAndSaysSo(@TempDir Path dir) throws Exception {
    byte[] whole = Files.readAllBytes(Corpus.file("d01_nmap_sS_top1000.pcap"));
    Path cut = dir.resolve("cut.pcap");
    Files.write(cut, Arrays.copyOf(whole, whole.length * 2 / 3 + 7));
    ScanOverview o = reports.overview(cut, 60, 20, control);
    assertThat(o.truncated()).isTrue();
    assertThat(o.truncation_note()).isNotBlank();
    assertThat(o.total_pkts()).isBetween(1000L, 2009L);
    assertThat(o.scanners()).extracting(ScanOverview.Scanner::ip).containsExactly("10.77.1.11");
    Completeness cutShort = new Completeness(true, o.truncation_note(), 0);
    assertThat(reports.suspects(cut, 10, 5.0, control).completeness()).isEqualTo(cutShort);
    assertThat(reports.firstEvent(cut, control).completeness()).isEqualTo(cutShort);
    assertThat(reports.suspects(Corpus.file("d01_nmap_sS_top1000.pcap"), 10, 5.0, control).completeness())
        .isEqualTo(new Completeness(false, null, 0));
  }

  @Test
  void theOfflineDataIsPrefetchedOnlyForCapturesLongEnoughToHideTheLoad() throws Exception {
    Path sample = Path.of("samples/d19_mixed_syn_masscan_benign.pcapng"); // in the repository
    long size = Files.size(sample);
    CaptureAnalyzer analyzer = new CaptureAnalyzer(DetectionSettings.DEFAULTS);
    FakeIntel belowThreshold = new FakeIntel();
    new DefaultScanReports(analyzer, belowThreshold, size + 1, null).analysis(sample, control);
    assertThat(belowThreshold.prefetches).hasValue(0);
    FakeIntel atThreshold = new FakeIntel();
    new DefaultScanReports(analyzer, atThreshold, size, null).analysis(sample, control);
    assertThat(atThreshold.prefetches).hasValue(1);
    assertThat(DefaultScanReports.OFFLINE_PREFETCH_MIN_BYTES).isGreaterThan(size);
  }

  @Test
  void progressEndsAtTheWholeFile(@TempDir Path dir) throws Exception {
    Path copy = Files.copy(Corpus.file("d01_nmap_sS_top1000.pcap"), dir.resolve("progress.pcap"));
    List<long[]> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    reports.analysis(copy, new AnalysisControl(Long.MAX_VALUE, (done, total) -> seen.add(new long[] {done, total}),
        () -> false));
    long size = Files.size(copy);
    assertThat(seen).isNotEmpty();
    assertThat(seen.get(seen.size() - 1)).containsExactly(size, size);
  }

  @Test
  void aCancelledCallIsAnsweredFromTheCacheButNeverStartsReading(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("copy.pcap");
    Files.copy(Corpus.file("d05_nmap_sX.pcap"), copy);
    AtomicLong progress = new AtomicLong();
    AnalysisControl cancelled = new AnalysisControl(Long.MAX_VALUE, (done, total) -> progress.incrementAndGet(),
        () -> true);
    assertThatThrownBy(() -> reports.analysis(copy, cancelled)).isInstanceOf(CancellationException.class);
    assertThat(progress.get()).as("nothing was read").isZero();
    ScanAnalysis read = reports.analysis(copy, control);
    assertThat(reports.analysis(copy, cancelled)).isSameAs(read);
  }

  @Test
  void gzipAndZstdCopiesOfACaptureGiveTheSameOverviewAsTheFile(@TempDir Path dir) throws Exception {
    Path plain = Path.of("samples/d19_mixed_syn_masscan_benign.pcapng"); // in the repository
    byte[] bytes = Files.readAllBytes(plain);
    Path gz = dir.resolve("copy.pcapng.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(bytes);
    }
    Path zst = dir.resolve("copy.pcapng.zst");
    try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zst))) {
      out.write(bytes);
    }
    ScanOverview expected = reports.overview(plain, 1, 20, control);
    for (Path compressed : List.of(gz, zst)) {
      ScanOverview o = reports.overview(compressed, 1, 20, control);
      assertThat(o).usingRecursiveComparison().ignoringFields("file", "generated_at").isEqualTo(expected);
    }
  }
}

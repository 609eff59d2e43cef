package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.porthunter.capture.IpProtocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The detection policy on scripted traffic: what is and is not a scan. */
class DetectorBehaviourTest {
  private static final String SCANNER = "203.0.113.7";
  private static final String TARGET = "10.0.0.5";
  private static final String CLIENT = "10.0.0.77";
  private static final String ROUTER = "10.0.0.254";

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private ScanAnalysis judge() {
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  /** The capture holds {@code scanners} scans of their own: none forged, no decoy pattern. */
  private void assertSeparateScansNoDecoys(int scanners) {
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(scanners).noneMatch(ScannerVerdict::likelyForged);
    assertThat(a.suspectedPatterns()).doesNotContain("decoy");
  }

  /** With {@code scan}, one scanner using {@code technique} alone; without, no scanner at all. */
  private void assertScanByOnly(boolean scan, String technique) {
    ScanAnalysis a = judge();
    if (scan) {
      assertThat(only(a).techniques()).containsExactly(technique);
    } else {
      assertThat(a.scanners()).isEmpty();
    }
  }

  private ScannerVerdict only(ScanAnalysis a) {
    assertThat(a.scanners()).hasSize(1);
    return a.scanners().get(0);
  }

  /**
   * A connect scan of ports 20–39 from SCANNER: closed ports refuse, and on the open ones (every
   * fifth) the handshake completes and {@code afterHandshake} plays the rest (given the port and
   * the scanner's source port); then the scan must be a connect scan that found those ports open.
   */
  private void assertConnectScanFindsItsOpenPorts(java.util.function.BiConsumer<Integer, Integer> afterHandshake) {
    connectScan(afterHandshake);
    wire.conversation(CLIENT, 50000, TARGET, 80);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.techniques()).containsExactly("connect");
    assertThat(v.findings().get(0).open()).containsExactly("tcp/20", "tcp/25", "tcp/30", "tcp/35");
  }

  /**
   * A raw SYN scan (nmap's window 1024) of TARGET's ports 1 to {@code lastPort} from SCANNER: the
   * {@code open} ones answer SYN/ACK and the scanner's kernel resets them, the rest refuse.
   */
  private void rawSynScan(int lastPort, int... open) {
    java.util.Set<Integer> answering = java.util.Arrays.stream(open).boxed().collect(java.util.stream.Collectors.toSet());
    for (int port = 1; port <= lastPort; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      if (answering.contains(port)) {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.RST);
      } else {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  /** The connect scan {@link #assertConnectScanFindsItsOpenPorts} describes, without the checks. */
  private void connectScan(java.util.function.BiConsumer<Integer, Integer> afterHandshake) {
    for (int port = 20; port < 40; port++) {
      int sport = 40000 + port;
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN);
      if (port % 5 == 0) {
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
        afterHandshake.accept(port, sport);
      } else {
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  @Test
  void manyConnectionsToOneServiceAreNotAScan() {
    for (int i = 0; i < 300; i++) {
      wire.conversation(CLIENT, 40000 + i, TARGET, 5432);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aClientBrowsingManyServersIsNotAScan() {
    for (int i = 1; i <= 40; i++) {
      wire.conversation(CLIENT, 40000 + i, "198.51.100." + i, 443);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void synProbesToClosedPortsAreAVerticalSynScan() {
    for (int port = 1; port <= 50; port++) {
      wire.tcp(SCANNER, 55555, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, SCANNER, 55555, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.pattern()).isEqualTo("vertical");
    assertThat(v.detectedAfterProbes()).isEqualTo(DetectionSettings.DEFAULTS.minFailedContacts());
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/1-50");
  }

  @Test
  void halfOpenHandshakesAreAScanEvenWhenEveryPortIsOpen() {
    for (int host = 1; host <= 20; host++) {
      String dst = "10.0.1." + host;
      wire.tcp(SCANNER, 40000, dst, 22, TcpFlags.SYN);
      wire.tcp(dst, 22, SCANNER, 40000, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(SCANNER, 40000, dst, 22, TcpFlags.RST);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.pattern()).isEqualTo("horizontal");
    assertThat(v.findings()).allSatisfy(f -> assertThat(f.open()).containsExactly("tcp/22"));
  }

  @Test
  void versionDetectionAfterTheScanKeepsTheOpenPortsItFound() {
    // nmap -sV: a SYN scan, then real conversations with the ports that answered SYN/ACK
    rawSynScan(30, 22, 25);
    wire.at(5);
    wire.conversation(SCANNER, 41000, TARGET, 22);
    wire.conversation(SCANNER, 41001, TARGET, 25);
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).open()).containsExactly("tcp/22", "tcp/25");
    assertThat(v.distinctPorts()).isEqualTo(30);
    // the conversations' packets and times are not probes: 30 SYNs, the 2 RSTs after SYN/ACKs
    assertThat(v.probePackets()).isEqualTo(30);
    assertThat(v.lastProbeNanos()).isLessThan(v.firstProbeNanos() + 1_000_000_000L);
  }

  @Test
  void aRefusalLongBeforeTheScanIsNoVersionDetectionProbe() {
    // a monitor's first poll was refused (the server restarting), later polls worked; five minutes
    // on it scans the server: the first scan event is the scan's, its rate the scan's
    wire.tcp(SCANNER, 41000, TARGET, 80, TcpFlags.SYN);
    wire.tcp(TARGET, 80, SCANNER, 41000, TcpFlags.RST | TcpFlags.ACK);
    for (int poll = 1; poll <= 3; poll++) {
      wire.at(poll * 10);
      wire.conversation(SCANNER, 41000 + poll, TARGET, 80);
    }
    wire.at(300);
    for (int port = 1000; port < 1030; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.firstProbe().port()).isEqualTo(1000);
    assertThat(v.lastProbeNanos() - v.firstProbeNanos()).isLessThan(1_000_000_000L);
  }

  @Test
  void aServiceUsedBeforeTheScanIsAmongWhatItFoundButTheFirstEventIsTheScans() {
    wire.conversation(SCANNER, 41000, TARGET, 25); // an ordinary request, 100 s before the scan
    wire.at(100);
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      if (port == 25) {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.RST);
      } else {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.firstProbe().port()).as("the scan's first probe, not the earlier request").isEqualTo(1);
    assertThat(v.firstProbeNanos()).isEqualTo(1_700_000_100_000_000_000L);
    // its SYN/ACK to the scan's SYN: an open port the scan learned, whatever came before
    assertThat(v.findings().get(0).open()).containsExactly("tcp/25");
  }

  @ParameterizedTest(name = "lookups met with {0}")
  @ValueSource(strings = {"network unreachable", "silence", "answers"})
  void aScannersOwnReverseLookupsAreNeitherProbesNorTargetsNorItsFirstEvent(String answer) {
    // nmap without -n names the hosts it scans through a resolver: one it cannot reach (the router
    // says "network unreachable", or nothing comes back at all), or one that answers
    wire.reverseLookups = true;
    for (int lookup = 0; lookup < 4; lookup++) {
      wire.at(lookup * 0.5);
      wire.udp(SCANNER, 52000 + lookup, "10.255.255.53", 53, 42);
      if (answer.equals("network unreachable")) {
        wire.icmpError("10.0.0.1", SCANNER, 3, 0, SCANNER, 52000 + lookup, "10.255.255.53", 53, 17);
      } else if (answer.equals("answers")) {
        wire.udp("10.255.255.53", 53, SCANNER, 52000 + lookup, 90);
      }
    }
    wire.at(3);
    rawSynScan(30);
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.distinctHosts()).isEqualTo(1);
    assertThat(v.distinctPorts()).isEqualTo(30);
    assertThat(v.contacts()).as("distinct targets: the resolver is none").isEqualTo(30);
    assertThat(v.reasons()).contains("30 of 30 distinct targets failed (30 refused)");
    assertThat(v.findings()).extracting(TargetFinding::ip).containsExactly(TARGET);
    assertThat(v.firstProbe().dst()).isEqualTo(TARGET);
    assertThat(v.firstProbe().port()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0} resolvers: {1} hosts")
  @CsvSource({"3, 1", "4, 5"})
  void reverseLookupsToMoreDnsServersThanResolvConfHoldsAreJudged(int resolvers, int hosts) {
    wire.reverseLookups = true;
    for (int resolver = 1; resolver <= resolvers; resolver++) {
      wire.udp(SCANNER, 52000 + resolver, "10.255.255." + resolver, 53, 42);
    }
    wire.at(3);
    rawSynScan(30);
    assertThat(only(judge()).distinctHosts()).isEqualTo(hosts);
  }

  /** The root servers' IPv4 addresses (IANA's named.root), b.root-servers.net's old one too. */
  private static final List<String> ROOT_SERVERS_V4 = List.of("198.41.0.4", "170.247.170.2", "199.9.14.201",
      "192.33.4.12", "199.7.91.13", "192.203.230.10", "192.5.5.241", "192.112.36.4", "198.97.190.53",
      "192.36.148.17", "192.58.128.30", "193.0.14.129", "199.7.83.42", "202.12.27.33");

  @ParameterizedTest(name = "asked: {0}, scan {1}")
  @CsvSource({"the root servers, false", "3 private roots, false", "13 other hosts, true",
      "the root servers and 4 other hosts, true"})
  void aResolverPrimingRootHintsNoneAnswersIsNoScanner(String asked, boolean scan) {
    // unbound with its upstream blocked asks each root server of its hints for the root's NS records,
    // one to six times over a minute; a ". NS" sweep of other hosts (zmap with that payload) is a scan
    List<String> servers = new ArrayList<>(asked.startsWith("the root servers") ? ROOT_SERVERS_V4 : List.of());
    int others = asked.startsWith("3") ? 3 : asked.startsWith("13") ? 13 : asked.endsWith("4 other hosts") ? 4 : 0;
    for (int host = 1; host <= others; host++) {
      servers.add("10.0.8." + host);
    }
    wire.rootPriming = true;
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < servers.size(); i++) {
        if (i % 6 >= round) { // some asked once, some six times
          wire.at(round * 10 + i * 0.1).udp("10.0.0.53", 40000 + round * 100 + i, servers.get(i), 53, 17);
        }
      }
    }
    assertThat(judge().scanners()).hasSize(scan ? 1 : 0);
  }

  @Test
  void aUdpScanOfTheScannersOwnResolverKeepsItsPort53BesideTheLookups() {
    // nmap -sU without -n of the host that is its resolver: the lookups are no probes, the scan's
    // datagram to port 53 is, and the resolver's answer to it says open
    wire.reverseLookups = true;
    wire.udp(SCANNER, 52000, TARGET, 53, 42);
    wire.udp(TARGET, 53, SCANNER, 52000, 90);
    wire.reverseLookups = false;
    wire.at(3);
    for (int port = 40; port <= 70; port++) {
      wire.udp(SCANNER, 45000, TARGET, port, 0);
      if (port == 53) {
        wire.udp(TARGET, 53, SCANNER, 45000, 30);
      } else {
        wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 45000, TARGET, port, 17);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.distinctPorts()).isEqualTo(31);
    assertThat(v.findings().get(0).open()).containsExactly("udp/53");
    assertThat(v.firstProbe().port()).as("the scan's first datagram, not the lookup").isEqualTo(40);
  }

  @Test
  void reverseLookupsSentToMoreDnsServersThanAHostUsesAreASweepOfThem() {
    wire.reverseLookups = true;
    for (int host = 1; host <= 30; host++) {
      wire.at(host * 0.01);
      wire.udp(SCANNER, 52000, "10.0.9." + host, 53, 42);
      wire.icmpError("10.0.9." + host, SCANNER, 3, 3, SCANNER, 52000, "10.0.9." + host, 53, 17);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("udp");
    assertThat(v.distinctHosts()).isEqualTo(30);
  }

  @ParameterizedTest(name = "connect scan of {0} host(s), SYN scan of {1}")
  @CsvSource({"1, 1", "3, 1", "1, 3"})
  void oneSourcesConnectScanOfSomeHostsAndSynScanOfOthersListsBoth(int connected, int synScanned) {
    // nmap -sT -p 1-40 of some hosts, then nmap -sS -p 1-40 of others: the stack's SYNs (Linux's
    // options), then nmap's crafted ones (window 1024, an MSS alone); every tenth port open
    wire.timestamps(true);
    for (int host = 1; host <= connected; host++) {
      for (int port = 1; port <= 40; port++) {
        int sport = 40000 + host * 100 + port;
        wire.tcp(SCANNER, sport, "10.0.1." + host, port, TcpFlags.SYN);
        if (port % 10 == 0) {
          wire.tcp("10.0.1." + host, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(SCANNER, sport, "10.0.1." + host, port, TcpFlags.ACK);
          wire.tcp(SCANNER, sport, "10.0.1." + host, port, TcpFlags.RST | TcpFlags.ACK);
        } else {
          wire.tcp("10.0.1." + host, port, SCANNER, sport, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    wire.timestamps(false).nmapSyns(true);
    for (int host = 1; host <= synScanned; host++) {
      for (int port = 1; port <= 40; port++) {
        wire.tcp(SCANNER, 50000, "10.0.2." + host, port, TcpFlags.SYN, 0, 1024, 7);
        if (port % 10 == 0) {
          wire.tcp("10.0.2." + host, port, SCANNER, 50000, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(SCANNER, 50000, "10.0.2." + host, port, TcpFlags.RST);
        } else {
          wire.tcp("10.0.2." + host, port, SCANNER, 50000, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn", "connect");
    assertThat(v.tool().name()).isEqualTo("nmap");
    assertThat(v.firstProbe().technique()).isEqualTo("connect"); // the stack's SYN to 10.0.1.1's port 1
    assertThat(v.findings()).allSatisfy(f -> assertThat(f.open()).containsExactly("tcp/10", "tcp/20", "tcp/30",
        "tcp/40"));
  }

  @Test
  void aSynScanThenAConnectScanOfTheSamePortsListsBoth() {
    // nmap -sS -p 1-40, then nmap -sT -p 1-40 of the same host: one row per port, opened by a crafted
    // SYN and then by the stack's; every tenth port open
    wire.nmapSyns(true);
    for (int port = 1; port <= 40; port++) {
      wire.tcp(SCANNER, 50000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      if (port % 10 == 0) {
        wire.tcp(TARGET, port, SCANNER, 50000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, 50000, TARGET, port, TcpFlags.RST);
      } else {
        wire.tcp(TARGET, port, SCANNER, 50000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    wire.nmapSyns(false).timestamps(true);
    wire.at(5);
    for (int port = 1; port <= 40; port++) {
      int sport = 40000 + port;
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN);
      if (port % 10 == 0) {
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK);
      } else {
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn", "connect");
    assertThat(v.firstProbe().technique()).isEqualTo("syn");
    assertThat(v.distinctPorts()).isEqualTo(40);
    assertThat(v.findings()).singleElement().satisfies(f -> assertThat(f.open())
        .containsExactly("tcp/10", "tcp/20", "tcp/30", "tcp/40"));
  }

  @Test
  void aConnectScanWritingALineToWhatAcceptsKeepsTheOpenPortsItFound() {
    // bash's echo > /dev/tcp/host/port: a line written to each port that accepted, then closed; the
    // stack's own SYNs (Linux's options)
    wire.timestamps(true);
    assertConnectScanFindsItsOpenPorts((port, sport) -> {
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.PSH | TcpFlags.ACK, 1, 64240, 1);
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
    });
  }

  @Test
  void servicesAConnectScannerUsesLaterAreNoPortsItsScanFound() {
    // nmap -sT of ports 20-39 at 0 s; an hour later the same workstation uses the host's PostgreSQL,
    // two hours later its port 8080 (its stack's SYNs throughout)
    wire.timestamps(true);
    connectScan((port, sport) -> wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK));
    wire.at(3600).conversation(SCANNER, 50000, TARGET, 5432);
    wire.at(7200).conversation(SCANNER, 50001, TARGET, 8080);
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).open()).containsExactly("tcp/20", "tcp/25", "tcp/30", "tcp/35");
    assertThat(v.lastProbeNanos() - v.firstProbeNanos()).isLessThan(1_000_000_000L);
  }

  @Test
  void aUdpScannersOwnSessionsWithTheHostAreNoPortsItsScanFound() {
    // nmap -sU of 30 closed ports while the admin's HTTPS and SMB sessions with the host go on
    for (int port = 1; port <= 30; port++) {
      wire.at(port * 0.1).udp(SCANNER, 40000, TARGET, port, 0);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 40000, TARGET, port, IpProtocol.UDP);
    }
    wire.timestamps(true);
    wire.at(1).conversation(SCANNER, 50000, TARGET, 443);
    wire.at(2).conversation(SCANNER, 50001, TARGET, 445);
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("udp");
    assertThat(v.findings().get(0).open()).isEmpty();
  }

  @Test
  void aSynScannersOwnRefusedConnectsToOtherHostsMakeNoConnectScan() {
    // nmap -sS of ports 1-100 while the workstation's client is refused on 8080 by six pool members
    wire.nmapSyns(true);
    for (int port = 1; port <= 100; port++) {
      wire.at(port * 0.01).tcp(SCANNER, 61000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, SCANNER, 61000, TcpFlags.RST | TcpFlags.ACK);
    }
    wire.nmapSyns(false).timestamps(true);
    for (int member = 1; member <= 6; member++) {
      wire.at(member * 8).tcp(SCANNER, 52000 + member, "10.0.3." + member, 8080, TcpFlags.SYN);
      wire.tcp("10.0.3." + member, 8080, SCANNER, 52000 + member, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(only(judge()).techniques()).containsExactly("syn");
  }

  @Test
  void connectAndCloseWithoutDataIsAConnectScanButDataMakesAConversation() {
    assertConnectScanFindsItsOpenPorts(
        (port, sport) -> wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK));
  }


  @Test
  void silentFinProbesOnAHostThatResetsOthersAreOpen() {
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.FIN, 0, 1024, 0);
      if (port != 22 && port != 25) {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("fin");
    assertThat(v.findings().get(0).open()).containsExactly("tcp/22", "tcp/25");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void aPortSilentToAFinProbeThatResetsAnAckProbeIsOpen(boolean finFirst) {
    // nmap -sF then -sA (or the other way round): open|filtered and unfiltered together mean open
    for (int round = 0; round < 2; round++) {
      boolean fin = (round == 0) == finFirst;
      int sport = fin ? 40000 : 50000;
      wire.at(round * 20);
      for (int port = 20; port <= 30; port++) {
        wire.tcp(SCANNER, sport, TARGET, port, fin ? TcpFlags.FIN : TcpFlags.ACK, 0, 1024, 0);
        boolean open = port == 22 || port == 25;
        boolean dropped = port == 23;
        if (!dropped && (!fin || !open)) {
          wire.tcp(TARGET, port, SCANNER, sport, fin ? TcpFlags.RST | TcpFlags.ACK : TcpFlags.RST);
        }
      }
    }
    TargetFinding f = only(judge()).findings().get(0);
    assertThat(f.open()).containsExactly("tcp/22", "tcp/25");
    assertThat(f.closed()).containsExactly("tcp/20", "tcp/21", "tcp/24", "tcp/26-30"); // beats unfiltered
    assertThat(f.unfiltered()).isEmpty();
    assertThat(f.filtered()).containsExactly("tcp/23");
  }

  @Test
  void aConnectSweepThatTalksToTheServersItFindsKeepsThemAsItsOpenPorts() {
    // ssh-keyscan over a /24: a connect to port 22 of every host, a key exchange with the servers;
    // meanwhile the same host uses an SSH server far outside the swept range
    wire.timestamps(true);
    for (int host = 1; host <= 30; host++) {
      String dst = "10.0.0." + host;
      if (host % 10 == 5) {
        wire.conversation(SCANNER, 40000 + host, dst, 22);
      } else {
        wire.tcp(SCANNER, 40000 + host, dst, 22, TcpFlags.SYN);
      }
      if (host == 15) {
        wire.conversation(SCANNER, 39000, "198.51.100.80", 22);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("connect");
    assertThat(v.distinctHosts()).isEqualTo(30);
    assertThat(v.findings()).filteredOn(f -> !f.open().isEmpty())
        .extracting(TargetFinding::ip, TargetFinding::open)
        .containsExactly(tuple("10.0.0.5", List.of("tcp/22")), tuple("10.0.0.15", List.of("tcp/22")),
            tuple("10.0.0.25", List.of("tcp/22")));
  }

  @Test
  void finNullAndXmasProbesPaddedWithDataAreStillProbes() {
    // nmap --data-length: no segment without ACK (but SYN and RST) belongs to a connection
    int[] flags = {TcpFlags.FIN, 0, TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG};
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, flags[port % 3], 20, 1024, 0);
      if (port != 22) {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactlyInAnyOrder("fin", "null", "xmas");
    assertThat(v.findings().get(0).open()).containsExactly("tcp/22");
  }

  @Test
  void ackAndMaimonProbesPaddedWithDataAreProbesWhenOnlyResetsAnswerThem() {
    // nmap -sA / -sW / -sM --data-length: on the wire like data of a connection older than the capture
    for (int port = 1; port <= 30; port++) {
      int flags = port <= 15 ? TcpFlags.ACK : TcpFlags.FIN | TcpFlags.ACK;
      wire.tcp(SCANNER, 40000, TARGET, port, flags, 20, 1024, 0);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactlyInAnyOrder("ack", "maimon");
    assertThat(v.findings().get(0).unfiltered()).containsExactly("tcp/1-15");
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/16-30");
    assertThat(v.probePackets()).isEqualTo(30);
  }

  @Test
  void dataOfConnectionsOlderThanTheCaptureIsNoPaddedProbeUnlessOnlyResetsAnswerIt() {
    // a client's connections to 30 servers, begun before the capture: acknowledged, or silent
    for (int server = 1; server <= 30; server++) {
      String dst = "10.0.5." + server;
      wire.tcp(CLIENT, 40000 + server, dst, 443, TcpFlags.ACK, 200, 1024, 7);
      if (server % 2 == 0) {
        wire.tcp(dst, 443, CLIENT, 40000 + server, TcpFlags.ACK, 0, 501, 9);
        wire.tcp(dst, 443, CLIENT, 40000 + server, TcpFlags.RST, 0, 0, 9); // closed later
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void paddedProbesWithPshOrATimestampAreData() {
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.PSH | TcpFlags.ACK, 20, 1024, 0);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST);
    }
    wire.timestamps(true);
    for (int port = 31; port <= 60; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.ACK, 20, 1024, 0);
      wire.timestamps(false).tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST);
      wire.timestamps(true);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void synAckProbesAreProbesWhenTheHostResetsThem() {
    // hping3 -S -A, nmap --scanflags SYNACK: the SYN/ACK answers no SYN, and the host resets it
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN | TcpFlags.ACK, 0, 512, 0);
      if (port != 22) {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.techniques()).containsExactly("odd_tcp_flags");
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/1-21", "tcp/23-30");
    // a silent one cannot be told from an answer to a client gone quiet
    assertThat(v.findings().get(0).filtered()).isEmpty();
    assertThat(v.distinctPorts()).isEqualTo(29);
  }

  @Test
  void aFloodedServersAnswersToSpoofedSourcesAreNoScan() {
    // backscatter: a SYN flood spoofing sources on port 80 (reset by the hosts that exist, the rest
    // unreachable); the server's stack sets don't-fragment
    wire.dontFragment = true;
    for (int h = 1; h <= 100; h++) {
      wire.tcp(TARGET, 25565, "198.18.1." + h, 80, TcpFlags.SYN | TcpFlags.ACK, 0, 64240, 0);
      wire.dontFragment = false;
      wire.tcp("198.18.1." + h, 80, TARGET, 25565, TcpFlags.RST);
      wire.dontFragment = true;
    }
    // and without it, answered by unreachables only
    wire.dontFragment = false;
    for (int h = 1; h <= 100; h++) {
      wire.tcp(TARGET, 25565, "198.18.2." + h, 80, TcpFlags.SYN | TcpFlags.ACK, 0, 64240, 0);
      wire.icmpError("198.18.2.254", TARGET, 3, 1, TARGET, 25565, "198.18.2." + h, 80, 6);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aSynAckWrittenBeforeItsSynIsTheAnswerOnceTheSynComes() {
    // nmap -g 53 (a source port below the probed ones), records out of order: the open ports'
    // SYN/ACKs, and the scanner's resets, come before their SYNs
    for (int port = 60; port <= 100; port++) {
      if (port % 10 == 0) {
        wire.tcp(TARGET, port, SCANNER, 53, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, 53, TARGET, port, TcpFlags.RST);
        wire.tcp(SCANNER, 53, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      } else {
        wire.tcp(SCANNER, 53, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
        wire.tcp(TARGET, port, SCANNER, 53, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.findings().get(0).open()).containsExactly("tcp/60", "tcp/70", "tcp/80", "tcp/90", "tcp/100");
    assertThat(v.distinctPorts()).isEqualTo(41);
  }

  @Test
  void synAndRstTogetherAreAProbeEvenUnanswered() {
    // nmap --scanflags SYNRST: no stack sends both, and no host answers them
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN | TcpFlags.RST, 0, 1024, 0);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("odd_tcp_flags");
    assertThat(v.findings().get(0).filtered()).containsExactly("tcp/1-30");
    assertThat(v.findings().get(0).answered()).as("silent: nothing says the host is up").isFalse();
  }

  @Test
  void synAcksWhoseSynTheCaptureMissedStayAnswers() {
    // servers on high ports answering clients whose SYNs are not in the capture: the clients complete
    // the handshake; a server on a low port answering a higher client port is the usual answer; a
    // SYN/ACK with a timestamp is a stack's
    for (int i = 1; i <= 30; i++) {
      String server = "10.0.6." + i;
      wire.tcp(server, 50000, CLIENT, 40000 + i, TcpFlags.SYN | TcpFlags.ACK, 0, 65160, 0);
      wire.tcp(CLIENT, 40000 + i, server, 50000, TcpFlags.ACK);
      wire.tcp(server, 443, CLIENT, 45000 + i, TcpFlags.SYN | TcpFlags.ACK, 0, 65160, 0);
      wire.tcp(CLIENT, 45000 + i, server, 443, TcpFlags.RST);
      wire.timestamps(true).tcp(server, 52000, CLIENT, 41000 + i, TcpFlags.SYN | TcpFlags.ACK, 0, 65160, 0);
      wire.timestamps(false).tcp(CLIENT, 41000 + i, server, 52000, TcpFlags.RST);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  /** One round of nmap's OS detection against an open and a closed port of TARGET (nmap -O). */
  private void nmapOsDetection(int open, int closed) {
    int[][] toOpen = {{TcpFlags.SYN, 1}, {TcpFlags.SYN, 63}, {TcpFlags.SYN, 4}, {TcpFlags.SYN, 4},
        {TcpFlags.SYN, 16}, {TcpFlags.SYN, 512}, {TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR, 3}, {0, 128},
        {TcpFlags.SYN | TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG, 256}, {TcpFlags.ACK, 1024}};
    int[][] toClosed = {{TcpFlags.SYN, 31337}, {TcpFlags.ACK, 32768},
        {TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG, 65535}};
    int sport = 50000;
    for (int[] probe : toOpen) {
      sport++;
      wire.tcp(SCANNER, sport, TARGET, open, probe[0], 0, probe[1], 5);
      if ((probe[0] & TcpFlags.SYN) != 0 && (probe[0] & TcpFlags.FIN) == 0) {
        wire.tcp(TARGET, open, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, open, TcpFlags.RST);
      } else if (probe[0] == TcpFlags.ACK) {
        wire.tcp(TARGET, open, SCANNER, sport, TcpFlags.RST);
      }
    }
    for (int[] probe : toClosed) {
      sport++;
      wire.tcp(SCANNER, sport, TARGET, closed, probe[0], 0, probe[1], 5);
      wire.tcp(TARGET, closed, SCANNER, sport, TcpFlags.RST | TcpFlags.ACK);
    }
  }

  @Test
  void nmapsOsDetectionNamesNmapAndMakesAScannerHoweverFewPortsItTried() {
    nmapOsDetection(22, 81);
    // its U1 probe: one datagram to a closed UDP port
    wire.udp(SCANNER, 50100, TARGET, 43210, 300);
    wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 50100, TARGET, 43210, 17);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.tool().name()).isEqualTo("nmap");
    assertThat(v.tool().evidence()).contains("11 probes of nmap's OS detection (-O), 10 of its 10 kinds "
        + "(flags and window fixed per probe)");
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("OS detection rule: "));
    // its probes of every kind to the two ports are one fingerprint, not NULL, Xmas, ACK... scans
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.findings().get(0).open()).containsExactly("tcp/22");
    // what the probe taught still counts
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/81", "udp/43210");
  }

  @Test
  void nmapsSynScanWithOsDetectionKeepsItsWindowEvidence() {
    rawSynScan(40, 22);
    nmapOsDetection(22, 1);
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.tool().name()).isEqualTo("nmap");
    assertThat(v.tool().confidence()).isEqualTo(0.95);
    assertThat(v.tool().evidence()).contains("41/42 TCP probes with window 1024 (nmap's raw probes)");
  }

  @Test
  void aUdpScanBesideOsDetectionIsStillListed() {
    // nmap -sS -sU -O: the UDP scan reaches as many ports as a technique of its own needs
    rawSynScan(40, 22);
    for (int port = 1; port <= 10; port++) {
      wire.udp(SCANNER, 40001, TARGET, port, 0);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 40001, TARGET, port, 17);
    }
    nmapOsDetection(22, 1);
    assertThat(only(judge()).techniques()).containsExactly("syn", "udp");
  }

  @Test
  void nmapAOnAFewPortsStaysASynScanThoughItsScriptsConnectAfterwards() {
    // nmap -A -p 22,80,81: raw SYNs, OS detection, then version detection and scripts over the
    // stack's own connects to the open ports, some of them closed without a word
    rawSynScan(2, 1);
    wire.tcp(SCANNER, 40000, TARGET, 81, TcpFlags.SYN, 0, 1024, 7);
    wire.tcp(TARGET, 81, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    nmapOsDetection(1, 81);
    for (int i = 0; i < 12; i++) {
      int sport = 50000 + i;
      int port = i % 2 == 0 ? 1 : 2;
      wire.timestamps(true).tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN);
      wire.timestamps(false).tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
      if (i < 4) {
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.PSH | TcpFlags.ACK, 60, 64240, 1);
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.PSH | TcpFlags.ACK, 300, 64240, 1);
      }
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
      wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.FIN | TcpFlags.ACK);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).contains("syn").doesNotContain("connect");
    assertThat(v.firstProbe().technique()).isEqualTo("syn");
  }

  @Test
  void zmapsFixedIpIdNamesItsUdpAndIcmpSweepsToo() {
    wire.ipId = 54321;
    wire.ttl = 255;
    for (int host = 1; host <= 20; host++) {
      wire.icmp(SCANNER, "10.0.6." + host, 8, 0);
      wire.udp(SCANNER, 40000, "10.0.7." + host, 161, 0);
    }
    wire.ipId = 1;
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).contains("ping_sweep", "udp");
    assertThat(v.tool().name()).isEqualTo("zmap");
    assertThat(v.tool().evidence()).containsExactly("40/40 probes with IP ID 54321 (zmap's fixed ID)");
  }

  @Test
  void overIpv6MasscansSynsCarryNoOptionAndNmapsAnMss() {
    // no IP ID to carry masscan's cookie: both send window 1024 from one source port, but masscan's
    // SYNs carry no option and nmap's an MSS of 1460; both send with hop limit 255
    wire.ttl = 255;
    for (int port = 1; port <= 20; port++) {
      wire.nmapSyns(false).tcp("2001:db8::7", 61000, "2001:db8::5", port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp("2001:db8::5", port, "2001:db8::7", 61000, TcpFlags.RST | TcpFlags.ACK);
      wire.nmapSyns(true).tcp("2001:db8::8", 62000, "2001:db8::5", port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp("2001:db8::5", port, "2001:db8::8", 62000, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int port = 1; port <= 6; port++) { // masscan's U: ports, counted apart from its TCP probes
      wire.udp("2001:db8::7", 61000, "2001:db8::5", port, 0);
    }
    // a crafted scan (scapy's defaults: no option, hop limit 64) is not masscan's
    wire.ttl = 64;
    for (int port = 1; port <= 20; port++) {
      wire.nmapSyns(false).tcp("2001:db8::9", 51000, "2001:db8::5", port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp("2001:db8::5", port, "2001:db8::9", 51000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip, v -> v.tool().name())
        .contains(tuple("2001:db8::7", "masscan"), tuple("2001:db8::8", "nmap"))
        .doesNotContain(tuple("2001:db8::9", "masscan"));
    assertThat(a.scanners()).filteredOn(v -> v.ip().equals("2001:db8::7")).singleElement()
        .satisfies(v -> assertThat(v.tool().evidence())
            .contains("20/20 probes with TTL or hop limit >= 250 (sent as 255)"));
  }

  @Test
  void udpProbesSentWithTtl255AreMasscansAndWithALowTtlNmaps() {
    // all reuse one source port; masscan sends with TTL 255, nmap -sU with TTLs at random below 64
    // over IPv4 and with hop limit 255 over IPv6
    wire.ttl = 255;
    for (int port = 1; port <= 20; port++) {
      wire.udp(SCANNER, 42079, TARGET, port, 0);
      wire.udp("fd88::10", 52168, "fd88::21", port, 0);
    }
    for (int port = 1; port <= 20; port++) {
      wire.ttl = 38 + (port * 7) % 22;
      wire.udp(CLIENT, 52168, TARGET, port, 0);
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactlyInAnyOrder(SCANNER, CLIENT, "fd88::10");
    for (ScannerVerdict v : a.scanners()) {
      assertThat(v.tool().name()).isEqualTo(v.ip().equals(SCANNER) ? "masscan" : "nmap");
    }
    assertThat(a.scanners()).filteredOn(v -> v.ip().equals(CLIENT)).singleElement()
        .satisfies(v -> assertThat(v.tool().evidence())
            .contains("20 UDP probes from 1 source port (nmap -sU reuses its source port across probes)"));
  }

  @Test
  void aNetbiosNodeStatusSweepFromPort137IsNotNamedNmap() {
    // nbtstat -A / nmblookup -A over a subnet: the queries leave from NetBIOS's own port 137, which
    // every such query reuses; nmap -sU reuses a port of its own choosing
    for (int host = 1; host <= 30; host++) {
      wire.udp(CLIENT, 137, "10.0.8." + host, 137, 50);
      wire.icmpError("10.0.8." + host, CLIENT, 3, 3, CLIENT, 137, "10.0.8." + host, 137, 17);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("udp");
    assertThat(v.tool().name()).isEqualTo("unknown");
  }

  @Test
  void udpPeersOfOneProtocolOnOnePortAreNotNamedNmapButASweepFromOnePortOfItsOwnIs() {
    // a WireGuard mesh with offline peers: handshake initiations from 51820 to 51820, the port each
    // peer listens on too; nmap -sU sends every probe from one port of its own choosing
    for (int host = 1; host <= 12; host++) {
      wire.ttl = 64;
      wire.udp(CLIENT, 51820, "10.0.8." + host, 51820, 148);
      wire.ttl = 37 + host * 2; // nmap picks each raw probe's TTL at random
      wire.udp(SCANNER, 51820, "10.0.9." + host, 51821, 0);
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(v -> v.ip() + " " + v.tool().name())
        .containsExactlyInAnyOrder(CLIENT + " unknown", SCANNER + " nmap");
  }

  @Test
  void aFewOddWindowsAreNoOsDetection() {
    // four of the ten kinds: not enough to name nmap or to make a scanner of a host tried once
    int[] windows = {1, 63, 4, 16};
    for (int i = 0; i < windows.length; i++) {
      wire.tcp(SCANNER, 50000 + i, TARGET, 22, TcpFlags.SYN, 0, windows[i], 5);
      wire.tcp(TARGET, 22, SCANNER, 50000 + i, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(SCANNER, 50000 + i, TARGET, 22, TcpFlags.RST);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void icmpPortUnreachableToATcpProbeIsAFilterAsNmapReadsIt() {
    // iptables' default REJECT answers TCP with ICMP port unreachable: filtered, not closed, and a
    // FIN probe it answers is not left for "silent, so open"
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, port <= 10 ? TcpFlags.SYN : TcpFlags.FIN);
      if (port == 5 || port == 15) {
        wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 40000, TARGET, port, 6);
      } else {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    TargetFinding found = only(judge()).findings().get(0);
    assertThat(found.filtered()).containsExactly("tcp/5", "tcp/15");
    assertThat(found.open()).isEmpty();
    assertThat(found.closed()).doesNotContain("tcp/5", "tcp/15");
  }

  @Test
  void icmpPortUnreachableToAConnectIsARefusalAsNmapSTReadsIt() {
    // nmap -sT against iptables' REJECT: the stack turns a port unreachable, the host's or a router's
    // (a REJECT on the way), into "connection refused" (closed); admin-prohibited is "host unreachable"
    // (filtered)
    wire.timestamps(true); // connect(): the operating system's own SYNs
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SCANNER, 40000 + port, TARGET, port, TcpFlags.SYN);
      if (port <= 5) {
        wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 40000 + port, TARGET, port, 6);
      } else if (port <= 8) {
        wire.icmpError(TARGET, SCANNER, 3, 13, SCANNER, 40000 + port, TARGET, port, 6);
      } else if (port <= 10) {
        wire.icmpError("10.0.0.1", SCANNER, 3, 3, SCANNER, 40000 + port, TARGET, port, 6);
      } else {
        wire.tcp(TARGET, port, SCANNER, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("connect");
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/1-5", "tcp/9-20");
    assertThat(v.findings().get(0).filtered()).containsExactly("tcp/6-8");
  }

  @Test
  void aRoutersPortUnreachableToARawSynIsAFilter() {
    // nmap -sS through a router whose REJECT answers for the host: only the host closes its ports
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.icmpError("10.0.0.1", SCANNER, 3, 3, SCANNER, 40000, TARGET, port, 6);
    }
    assertThat(only(judge()).findings().get(0).filtered()).containsExactly("tcp/1-20");
  }

  @Test
  void aHostRejectingEveryProbeWithItsOwnIcmpErrorAnsweredButOneBehindARouterDidNot() {
    // RHEL's default REJECT: admin-prohibited from the host itself, for every port; the router's own
    // admin-prohibited for a host behind it says nothing of that host
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.icmpError(TARGET, SCANNER, 3, 13, SCANNER, 40000, TARGET, port, 6);
      wire.tcp(SCANNER, 40000, "10.9.0.1", port, TcpFlags.SYN, 0, 1024, 7);
      wire.icmpError("10.0.0.1", SCANNER, 3, 13, SCANNER, 40000, "10.9.0.1", port, 6);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.findings()).extracting(TargetFinding::ip, TargetFinding::answered)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(TARGET, true),
            org.assertj.core.groups.Tuple.tuple("10.9.0.1", false));
    assertThat(v.findings()).allMatch(f -> f.filtered().equals(java.util.List.of("tcp/1-20")));
  }

  @Test
  void anSctpInitScanReadsLikeASynScan() {
    // nmap -sY: INIT ACK = open (the scanner aborts), ABORT = closed, ICMP unreachable = filtered
    for (int port = 1; port <= 20; port++) {
      wire.sctp(SCANNER, 40000, TARGET, port, 1);
      if (port == 3 || port == 7) {
        wire.sctp(TARGET, port, SCANNER, 40000, 2);
        wire.sctp(SCANNER, 40000, TARGET, port, 6);
      } else if (port == 9) {
        wire.icmpError(TARGET, SCANNER, 3, 2, SCANNER, 40000, TARGET, port, 132);
      } else {
        wire.sctp(TARGET, port, SCANNER, 40000, 6);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("sctp_init");
    assertThat(v.pattern()).isEqualTo("vertical");
    TargetFinding f = v.findings().get(0);
    assertThat(f.open()).containsExactly("sctp/3", "sctp/7");
    assertThat(f.filtered()).containsExactly("sctp/9");
    assertThat(f.closed()).containsExactly("sctp/1", "sctp/2", "sctp/4-6", "sctp/8", "sctp/10-20");
  }

  @Test
  void anAbortBeforeTheRestOfAnOlderAssociationIsNoCookieEchoProbe() {
    // servers abort associations begun before the capture; the client's DATA and SHUTDOWN follow
    for (int host = 1; host <= 15; host++) {
      String server = "10.0.2." + host;
      wire.sctp(server, 3868, CLIENT, 40000 + host, 6);
      wire.sctp(CLIENT, 40000 + host, server, 3868, host % 2 == 0 ? 0 : 7);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void anSctpAssociationIsAConversationNotAProbe() {
    // INIT, INIT ACK, COOKIE ECHO, COOKIE ACK, DATA both ways: a client, to many servers
    for (int host = 1; host <= 15; host++) {
      String server = "10.0.2." + host;
      wire.sctp(CLIENT, 40000 + host, server, 3868, 1);
      wire.sctp(server, 3868, CLIENT, 40000 + host, 2);
      wire.sctp(CLIENT, 40000 + host, server, 3868, 10);
      wire.sctp(server, 3868, CLIENT, 40000 + host, 11);
      wire.sctp(CLIENT, 40000 + host, server, 3868, 0);
      wire.sctp(server, 3868, CLIENT, 40000 + host, 0);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void udpPortUnreachableQuotedInIcmpMarksThePortClosed() {
    for (int port = 1000; port < 1012; port++) {
      wire.udp(SCANNER, 33333, TARGET, port, 0);
      if (port == 1005) {
        wire.udp(TARGET, port, SCANNER, 33333, 40);
      } else {
        wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 33333, TARGET, port, 17);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("udp");
    assertThat(v.findings().get(0).open()).containsExactly("udp/1005");
    assertThat(v.findings().get(0).closed()).containsExactly("udp/1000-1004", "udp/1006-1011");
  }

  @Test
  void answersBeforeTheirQuestionsStillCompleteTheConversation() {
    // Records out of order: each RST is written before the SYN it answers.
    for (int port = 1; port <= 10; port++) {
      wire.tcp(TARGET, port, SCANNER, 41000, TcpFlags.RST | TcpFlags.ACK);
      wire.tcp(SCANNER, 41000, TARGET, port, TcpFlags.SYN, 0, 1024, 1);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.contacts()).isEqualTo(10);
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/1-10");
  }

  @Test
  void aSlowScanHiddenInBenignTrafficIsStillFound() {
    for (int i = 0; i < 20; i++) {
      wire.at(i * 1.5);
      wire.conversation(CLIENT, 42000 + i, TARGET, 80);
      wire.tcp(SCANNER, 40000, TARGET, 1000 + i, TcpFlags.SYN, 0, 1024, 9);
      wire.tcp(TARGET, 1000 + i, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      // the scanner also browses now and then, which must not reset its evidence for good
      if (i % 4 == 0) {
        wire.conversation(SCANNER, 43000 + i, TARGET, 80);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.lastProbeNanos() - v.firstProbeNanos()).isGreaterThan(25_000_000_000L);
  }

  @Test
  void pingsToManyHostsAreASweepButPingingOneHostIsNot() {
    for (int i = 0; i < 10; i++) {
      wire.icmp(CLIENT, TARGET, 8, 0);
      wire.icmp(TARGET, CLIENT, 0, 0);
    }
    for (int host = 1; host <= 12; host++) {
      wire.icmp(SCANNER, "10.0.2." + host, 8, 0);
      if (host % 2 == 0) {
        wire.icmp("10.0.2." + host, SCANNER, 0, 0);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.pattern()).isEqualTo("horizontal");
  }

  @Test
  void scannersSplittingOneHostsPortsAreADistributedScan() {
    String[] sources = {"203.0.113.10", "203.0.113.11", "203.0.113.12"};
    for (int i = 0; i < sources.length; i++) {
      for (int port = 1 + i * 100; port <= (i + 1) * 100; port++) {
        wire.tcp(sources[i], 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
        wire.tcp(TARGET, port, sources[i], 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(3);
    assertThat(a.distributed()).hasSize(1);
    assertThat(a.distributed().get(0).sources()).containsExactlyInAnyOrder(sources);
    assertThat(a.distributed().get(0).portsCovered()).isEqualTo(300);
    assertThat(a.suspectedPatterns()).contains("distributed", "syn_scan", "vertical");
  }

  @Test
  void scannersOfTheSamePortsAreNotDistributed() {
    for (String src : new String[] {"203.0.113.10", "203.0.113.11"}) {
      for (int port = 1; port <= 50; port++) {
        wire.tcp(src, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      }
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(2);
    assertThat(a.distributed()).isEmpty();
  }

  /**
   * nmap -sI: SYNs forged from the zombie 10.0.0.60's port 80 to TARGET's ports 20–39 (20, 25, 30, 35
   * open); when {@code reader} is not null it reads the zombie's IP ID with unsolicited SYN/ACKs
   * around each probe.
   */
  private void idleScan(String reader) {
    idleScan(reader, "10.0.0.60", 0);
  }

  /** {@link #idleScan(String)} through {@code zombie}, every port number raised by {@code offset}. */
  private void idleScan(String reader, String zombie, int offset) {
    for (int port = 20 + offset; port < 40 + offset; port++) {
      if (reader != null) {
        readIpId(reader, 30000 + port, zombie);
      }
      wire.tcp(zombie, 80, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      if (port % 5 == 0) {
        wire.tcp(TARGET, port, zombie, 80, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(zombie, 80, TARGET, port, TcpFlags.RST); // it never asked: the zombie resets, its IP ID moves
      } else {
        wire.tcp(TARGET, port, zombie, 80, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    if (reader != null) {
      readIpId(reader, 30040 + offset, zombie); // the last read, after the last probe
    }
  }

  /** One read of a host's IP ID: an unsolicited SYN/ACK to its port 80, which it resets. */
  private void readIpId(String reader, int readerPort, String host) {
    readIpId(reader, readerPort, host, 80);
  }

  /** {@link #readIpId(String, int, String)} on another port of the host. */
  private void readIpId(String reader, int readerPort, String host, int port) {
    wire.tcp(reader, readerPort, host, port, TcpFlags.SYN | TcpFlags.ACK, 0, 1024, 9);
    wire.tcp(host, port, reader, readerPort, TcpFlags.RST);
  }

  @Test
  void synAckPingsAtAScannerDuringItsScanMakeNoIdleScan() {
    // hping3 -S -A -p 80 -c 5 at a host that is scanning from its port 40000 meanwhile
    for (int port = 1; port <= 100; port++) {
      if (port % 20 == 10) {
        readIpId(CLIENT, 33000 + port, SCANNER);
      }
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScanAnalysis a = judge();
    ScannerVerdict v = only(a);
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.likelyForged()).isFalse();
    assertThat(a.suspectedPatterns()).doesNotContain("idle_scan");
  }

  @Test
  void ofSeveralSourcesReadingTheZombieTheBusiestIsTheIdleScanner() {
    String[] monitors = {"10.0.0.71", "10.0.0.72", "10.0.0.73", "10.0.0.74", "10.0.0.75"};
    for (int i = 0; i < monitors.length; i++) { // SYN/ACK pings of the zombie from monitors, 5 each
      readIpId(monitors[i], 31000 + i, "10.0.0.60");
    }
    idleScan(SCANNER); // 21 reads around its 20 probes
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < monitors.length; i++) {
        readIpId(monitors[i], 31100 + round * 10 + i, "10.0.0.60");
      }
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly(SCANNER, "10.0.0.60");
    assertThat(a.scanners().get(0).techniques()).containsExactly("idle");
  }

  @Test
  void anIdleScannerIsNamedByItsStation() {
    wire.linkSource = 0x0200_0000_0007L; // one switch port's frames: the scanner's station
    idleScan(SCANNER);
    ScannerVerdict v = judge().scanners().stream().filter(s -> s.ip().equals(SCANNER)).findFirst().orElseThrow();
    assertThat(v.techniques()).containsExactly("idle");
    assertThat(v.station()).isNotNull().extracting(ScannerVerdict.Station::mac).isEqualTo("02:00:00:00:00:07");
  }

  /**
   * SYNs forged from 10.0.0.60 to TARGET's ports 20–39, from the zombie's port 80 (or, with {@code
   * zombiePorts} above 1, from ports 80, 81, ... in turn); SCANNER reads the zombie's IP ID on port 80
   * before the first and after each probe numbered (0–19) in {@code readAfter}.
   */
  private ScanAnalysis idleScanReadAfter(int zombiePorts, int... readAfter) {
    readIpId(SCANNER, 30000, "10.0.0.60");
    for (int i = 0; i < 20; i++) {
      int from = 80 + i % zombiePorts;
      wire.tcp("10.0.0.60", from, TARGET, 20 + i, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, 20 + i, "10.0.0.60", from, TcpFlags.RST | TcpFlags.ACK);
      for (int after : readAfter) {
        if (after == i) {
          readIpId(SCANNER, 30001 + i, "10.0.0.60");
        }
      }
    }
    return judge();
  }

  @Test
  void fourReadsOfTheZombiesIpIdAroundItsProbesAreAnIdleScan() {
    // idleMinIdProbes: before the first probe, twice between, after the last
    assertThat(idleScanReadAfter(1, 6, 13, 19).scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::techniques)
        .containsExactly(tuple(SCANNER, List.of("idle")), tuple("10.0.0.60", List.of("syn")));
  }

  @Test
  void threeReadsOfTheZombiesIpIdAreNoIdleScan() {
    ScanAnalysis a = idleScanReadAfter(1, 10, 19);
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly("10.0.0.60");
    assertThat(a.suspectedPatterns()).doesNotContain("idle_scan");
  }

  @Test
  void aZombieProbingFromTwoPortsIsStillReadOnOneOfThem() {
    assertThat(idleScanReadAfter(2, 4, 9, 14, 19).scanners()).extracting(ScannerVerdict::ip)
        .containsExactly(SCANNER, "10.0.0.60");
  }

  @Test
  void aHostProbingFromThreePortsIsNoZombie() {
    assertThat(idleScanReadAfter(3, 4, 9, 14, 19).scanners()).extracting(ScannerVerdict::ip)
        .containsExactly("10.0.0.60");
  }

  @Test
  void readsAtTheVeryInstantsOfTheFirstAndLastProbesAreAroundThem() {
    // the first read and the first forged SYN share a timestamp, as do the last SYN and the last read
    long first = wire.ts;
    wire.tcp(SCANNER, 30000, "10.0.0.60", 80, TcpFlags.SYN | TcpFlags.ACK, 0, 1024, 9);
    wire.ts = first;
    for (int i = 0; i < 20; i++) {
      long sent = wire.ts;
      wire.tcp("10.0.0.60", 80, TARGET, 20 + i, TcpFlags.SYN, 0, 1024, 7);
      if (i == 0) {
        wire.tcp("10.0.0.60", 80, SCANNER, 30000, TcpFlags.RST);
      }
      if (i % 5 == 4) {
        long next = wire.ts;
        wire.ts = i == 19 ? sent : next;
        readIpId(SCANNER, 30001 + i, "10.0.0.60");
      }
      wire.tcp(TARGET, 20 + i, "10.0.0.60", 80, TcpFlags.RST | TcpFlags.ACK);
    }
    ScanAnalysis a = judge();
    ScannerVerdict zombie = a.scanners().stream().filter(v -> v.ip().equals("10.0.0.60")).findFirst().orElseThrow();
    assertThat(zombie.firstProbeNanos()).isEqualTo(first);
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly(SCANNER, "10.0.0.60");
    assertThat(a.scanners().get(0).firstProbeNanos()).isEqualTo(first);
    assertThat(a.scanners().get(0).lastProbeNanos()).isEqualTo(zombie.lastProbeNanos());
  }

  @Test
  void oneScannerReadingTwoZombiesGetsOneVerdict() {
    idleScan(SCANNER, "10.0.0.60", 0);
    idleScan(SCANNER, "10.0.0.61", 100);
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly(SCANNER, "10.0.0.60", "10.0.0.61");
    assertThat(a.scanners().get(0).techniques()).containsExactly("idle");
    assertThat(a.scanners().get(0).reasons()).hasSize(2)
        .allMatch(r -> r.startsWith("idle scan: sent 10.0.0.6"));
  }

  @Test
  void aScannerThatAlsoScannedDirectlyNamesItsFirstReadOfTheZombieAsAnIdleProbe() {
    idleScan(SCANNER);
    for (int port = 1; port <= 30; port++) { // then a SYN scan of its own
      wire.tcp(SCANNER, 41000, "10.0.0.9", port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp("10.0.0.9", port, SCANNER, 41000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScanAnalysis a = judge();
    ScannerVerdict scanner = a.scanners().stream().filter(v -> v.ip().equals(SCANNER)).findFirst().orElseThrow();
    assertThat(scanner.techniques()).contains("syn", "idle");
    assertThat(scanner.firstProbe().dst()).isEqualTo("10.0.0.60");
    assertThat(scanner.firstProbe().flags()).isEqualTo("SA");
    assertThat(scanner.firstProbe().technique()).isEqualTo("idle");
  }

  @Test
  void anUnsolicitedSynAckToAnotherPortOfTheZombieFirstKeepsItsOwnTechnique() {
    ProbeEvent first = firstProbeOfAnIdleAndDirectScanAfter(() -> readIpId(SCANNER, 29998, "10.0.0.60", 443));
    assertThat(first.port()).isEqualTo(443);
    assertThat(first.technique()).isEqualTo("odd_tcp_flags");
  }

  @Test
  void anUnsolicitedSynAckToAnotherHostFirstKeepsItsOwnTechnique() {
    ProbeEvent first = firstProbeOfAnIdleAndDirectScanAfter(() -> readIpId(SCANNER, 29999, "10.0.0.9", 80));
    assertThat(first.dst()).isEqualTo("10.0.0.9");
    assertThat(first.technique()).isEqualTo("odd_tcp_flags");
  }

  /** SCANNER's first probe when {@code before} comes first, then an idle scan and a SYN scan of its own. */
  private ProbeEvent firstProbeOfAnIdleAndDirectScanAfter(Runnable before) {
    before.run();
    idleScan(SCANNER);
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 41000, "10.0.0.9", port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp("10.0.0.9", port, SCANNER, 41000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict scanner = judge().scanners().stream().filter(v -> v.ip().equals(SCANNER)).findFirst()
        .orElseThrow();
    assertThat(scanner.techniques()).contains("idle");
    return scanner.firstProbe();
  }

  @Test
  void aPortUnreachableFromARouterIsAFilterNotAClosedPort() {
    // UDP probes to 20 hosts behind a router that answers for each: the hosts themselves never spoke
    for (int i = 1; i <= 20; i++) {
      wire.udp(SCANNER, 40000, "10.9.0." + i, 161, 0);
      wire.icmpError("10.0.0.1", SCANNER, 3, 3, SCANNER, 40000, "10.9.0." + i, 161, 17);
    }
    wire.udp(SCANNER, 40001, TARGET, 161, 0); // the target itself refuses: closed
    wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 40001, TARGET, 161, 17);
    ScannerVerdict v = only(judge());
    assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactly(TARGET);
    assertThat(v.findings()).filteredOn(f -> f.ip().startsWith("10.9.0."))
        .hasSize(20).allMatch(f -> f.filtered().equals(java.util.List.of("udp/161")));
  }

  @Test
  void anIdleScansZombieIsNamedAsSuchAndTheSourceReadingItsIpIdAsTheScanner() {
    idleScan(SCANNER);
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly(SCANNER, "10.0.0.60");
    ScannerVerdict scanner = a.scanners().get(0);
    ScannerVerdict zombie = a.scanners().get(1);
    assertThat(zombie.likelyForged()).isTrue();
    assertThat(zombie.reasons()).anyMatch(r -> r.startsWith("idle scan: " + SCANNER + " sent this host 21 "));
    assertThat(a.suspectedPatterns()).contains("idle_scan");
    // the scanner learned what the zombie's probes found
    assertThat(scanner.likelyForged()).isFalse();
    assertThat(scanner.techniques()).containsExactly("idle");
    assertThat(scanner.reasons()).singleElement().asString()
        .startsWith("idle scan: sent 10.0.0.60 21 unsolicited SYN/ACKs").contains("20 ports on 1 host");
    assertThat(scanner.findings()).isEqualTo(zombie.findings());
    assertThat(scanner.findings().get(0).open()).containsExactly("tcp/20", "tcp/25", "tcp/30", "tcp/35");
    assertThat(scanner.probePackets()).isEqualTo(zombie.probePackets());
    assertThat(scanner.pattern()).isEqualTo("vertical");
    // its first packet of the scan is its first read of the zombie's IP ID, before the first forged SYN
    assertThat(scanner.firstProbe().dst()).isEqualTo("10.0.0.60");
    assertThat(scanner.firstProbe().port()).isEqualTo(80);
    assertThat(scanner.firstProbe().technique()).isEqualTo("idle");
    assertThat(scanner.firstProbe().tsNanos()).isLessThan(zombie.firstProbe().tsNanos());
  }

  @Test
  void aScanWithoutAnyoneReadingTheScannersIpIdIsNoIdleScan() {
    idleScan(null);
    ScanAnalysis a = judge();
    assertThat(only(a).likelyForged()).isFalse();
    assertThat(a.suspectedPatterns()).doesNotContain("idle_scan");
  }

  @Test
  void decoysSendingTheSameProbesAtTheSameMomentsAreNamedAndTheAnsweredOneIsTheScanner() {
    // nmap -D: every probe copied from three made-up addresses just before the real one's; only
    // the real scanner can be answered
    String[] decoys = {"203.0.113.61", "203.0.113.62", "203.0.113.63"};
    for (int port = 1; port <= 30; port++) {
      wire.at(port * 0.01);
      for (String decoy : decoys) {
        wire.tcp(decoy, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      }
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(4);
    assertThat(a.suspectedPatterns()).contains("decoy");
    for (ScannerVerdict v : a.scanners()) {
      boolean decoy = !v.ip().equals(SCANNER);
      assertThat(v.likelyForged()).as(v.ip()).isEqualTo(decoy);
      assertThat(v.reasons()).anySatisfy(r -> assertThat(r).contains("decoy scan (nmap -D)"));
      if (decoy) {
        assertThat(v.reasons()).anySatisfy(r -> assertThat(r).contains(SCANNER + " is likely the real scanner"));
      }
    }
  }

  @Test
  void aLiveDecoyIsToldByTheStationItAnswersArpFrom() {
    // nmap -D 10.0.0.4,ME on the segment: the live decoy's copies are answered too, but they come
    // from the scanner's station, which the scanner's ARP comes from, while the decoy answers the
    // target's ARP from its own
    String scanner = DecoyScans.SCANNER;
    wire.linkSource = DecoyScans.SCANNER_MAC;
    wire.arp(1, scanner, DecoyScans.TARGET);
    DecoyScans.liveDecoyScan(wire, DecoyScans.SCANNER_MAC, 40000,
        () -> DecoyScans.arpAnswered(wire, DecoyScans.LIVE_DECOY, DecoyScans.DECOY_MAC));
    ScanAnalysis a = judge();
    assertThat(a.suspectedPatterns()).contains("decoy");
    assertThat(a.scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::likelyForged)
        .containsExactlyInAnyOrder(tuple(scanner, false), tuple(DecoyScans.LIVE_DECOY, true));
    ScannerVerdict forged = a.scanners().stream().filter(ScannerVerdict::likelyForged).findFirst().orElseThrow();
    assertThat(forged.reasons()).anySatisfy(r -> assertThat(r)
        .contains("all their probes came from the link-layer address " + scanner + " answers ARP from: " + scanner
            + " is likely the real scanner"));
  }

  @Test
  void aScannerSpoofingItsMacIsNotBlamedOnItsLiveDecoy() {
    // nmap --spoof-mac -D 10.0.0.4,ME: every copy leaves from the made-up station; the target had the
    // decoy cached and asks for the scanner, whose kernel answers from its real station: no ARP comes
    // from where the probes came from, so neither is named (none marked forged)
    DecoyScans.liveDecoyScan(wire, 0x0257_0000_00AAL, 40000,
        () -> DecoyScans.arpAnswered(wire, DecoyScans.SCANNER, DecoyScans.SCANNER_MAC));
    ScanAnalysis a = judge();
    assertThat(a.suspectedPatterns()).contains("decoy");
    assertThat(a.scanners()).hasSize(2).noneMatch(ScannerVerdict::likelyForged);
  }

  @Test
  void withoutArpFromElsewhereTwoAnsweredLockstepSourcesAreNotTold() {
    // the same scan with the decoy's ARP answered before the capture began: nothing tells them apart
    for (int port = 1; port <= 30; port++) {
      wire.at(port * 0.01);
      wire.linkSource = 0x0257_0000_0001L;
      wire.tcp("10.0.0.4", 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      wire.tcp(TARGET, port, "10.0.0.4", 40000, TcpFlags.RST | TcpFlags.ACK);
      wire.tcp("10.0.0.1", 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      wire.tcp(TARGET, port, "10.0.0.1", 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScanAnalysis a = judge();
    assertThat(a.suspectedPatterns()).contains("decoy");
    assertThat(a.scanners()).hasSize(2).noneMatch(ScannerVerdict::likelyForged);
  }

  @Test
  void beyondARouterTheOneDecoyGroupMemberResettingSynAcksIsTheScanner() {
    ScanAnalysis a = decoysBeyondARouter(false);
    assertThat(a.suspectedPatterns()).contains("decoy");
    assertThat(a.scanners()).hasSize(4).allSatisfy(v -> assertThat(v.likelyForged()).as(v.ip())
        .isEqualTo(!v.ip().equals(SCANNER)));
    assertThat(a.scanners()).filteredOn(ScannerVerdict::likelyForged).allSatisfy(v -> assertThat(v.reasons())
        .anySatisfy(r -> assertThat(r).contains("of them only " + SCANNER + " reset the targets' SYN/ACKs, as a"
            + " host's stack does: " + SCANNER + " is likely the real scanner")));
  }

  @Test
  void beyondARouterALiveDecoyResettingToLeavesNoneNamed() {
    ScanAnalysis a = decoysBeyondARouter(true);
    assertThat(a.suspectedPatterns()).contains("decoy");
    assertThat(a.scanners()).hasSize(4).noneMatch(ScannerVerdict::likelyForged);
  }

  @Test
  void beyondARouterALiveDecoysResetOfItsOwnTrafficNamesNoOne() {
    // no port open, so no SYN/ACK of the scan's to reset; the live decoy resets a late SYN/ACK of a
    // server it was using itself
    String[] members = {"203.0.113.61", SCANNER};
    for (int port = 1; port <= 30; port++) {
      wire.at(port * 0.01);
      for (String m : members) {
        wire.tcp(m, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
        wire.tcp(TARGET, port, m, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    wire.tcp(members[0], 51000, "198.51.100.5", 443, TcpFlags.SYN);
    wire.tcp("198.51.100.5", 443, members[0], 51000, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(members[0], 51000, "198.51.100.5", 443, TcpFlags.RST);
    ScanAnalysis a = judge();
    assertThat(a.suspectedPatterns()).contains("decoy");
    assertThat(a.scanners()).hasSize(2).noneMatch(ScannerVerdict::likelyForged);
  }

  /**
   * nmap -D of TARGET's ports 1-30, seen beyond a router (no link layer to tell): every probe copied
   * from three decoys just before the scanner's, every copy answered; the scanner's kernel resets the
   * SYN/ACKs of the open ports 10, 20 and 30, and so does the first decoy's when {@code liveDecoy}.
   */
  private ScanAnalysis decoysBeyondARouter(boolean liveDecoy) {
    String[] members = {"203.0.113.61", "203.0.113.62", "203.0.113.63", SCANNER};
    for (int port = 1; port <= 30; port++) {
      wire.at(port * 0.01);
      for (String m : members) {
        wire.tcp(m, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      }
      for (String m : members) {
        boolean open = port % 10 == 0;
        wire.tcp(TARGET, port, m, 40000, open ? TcpFlags.SYN | TcpFlags.ACK : TcpFlags.RST | TcpFlags.ACK);
        if (open && (m.equals(SCANNER) || (liveDecoy && m.equals(members[0])))) {
          wire.tcp(m, 40000, TARGET, port, TcpFlags.RST);
        }
      }
    }
    return judge();
  }

  @Test
  void twoScansOfTheSamePortsStartedTogetherButProbingInTheirOwnOrderAreNoDecoys() {
    // two cron-started nmap runs, 0.3 s apart, each shuffling the ports its own way
    for (int i = 0; i < 30; i++) {
      wire.at(i * 0.01);
      wire.tcp("203.0.113.10", 40000, TARGET, 1 + i, TcpFlags.SYN, 0, 1024, 5);
      wire.tcp(TARGET, 1 + i, "203.0.113.10", 40000, TcpFlags.RST | TcpFlags.ACK);
      wire.at(0.3 + i * 0.01);
      wire.tcp("203.0.113.11", 40000, TARGET, 30 - i, TcpFlags.SYN, 0, 1024, 5);
      wire.tcp(TARGET, 30 - i, "203.0.113.11", 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    assertSeparateScansNoDecoys(2);
  }

  @Test
  void botsSweepingOnePortAPaceApartAreNoDecoysEvenIfOnlyOneIsAnswered() {
    // a botnet: 6 bots sweep the same /24 on port 23 in the same order, 50 ms apart; a blocklist
    // drops all but one of them
    for (int host = 1; host <= 40; host++) {
      for (int bot = 0; bot < 6; bot++) {
        wire.at(host * 0.5 + bot * 0.05);
        String src = "198.51.100." + (10 + bot);
        wire.tcp(src, 40000, "10.9.0." + host, 23, TcpFlags.SYN, 0, 1024, 5);
        if (bot == 3) {
          wire.tcp("10.9.0." + host, 23, src, 40000, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    assertSeparateScansNoDecoys(6);
  }

  @Test
  void theSamePortsScannedAtOtherTimesAreNoDecoys() {
    // two hosts running the same tool on the same ports ten minutes apart: two scans
    for (String src : new String[] {"203.0.113.10", "203.0.113.11"}) {
      wire.at(src.endsWith("10") ? 0 : 600);
      for (int port = 1; port <= 30; port++) {
        wire.tcp(src, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
        wire.tcp(TARGET, port, src, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    assertSeparateScansNoDecoys(2);
  }

  @Test
  void orderOfSuspectsIsStableAndMostSuspiciousFirst() {
    for (int port = 1; port <= 1000; port++) {
      wire.tcp("203.0.113.20", 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
    }
    for (int port = 1; port <= 10; port++) {
      wire.tcp("203.0.113.21", 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly("203.0.113.20", "203.0.113.21");
    assertThat(a.scanners().get(0).score()).isGreaterThan(a.scanners().get(1).score());
    assertThat(a.scanners().get(0).reasons()).isNotEmpty();
  }

  @Test
  void aHealthCheckerThatConnectsAndClosesIsNotAScan() {
    for (int round = 0; round < 5; round++) {
      for (int backend = 1; backend <= 8; backend++) {
        String dst = "10.0.3." + backend;
        int cport = 41000 + round * 10 + backend;
        wire.tcp(CLIENT, cport, dst, 8080, TcpFlags.SYN);
        wire.tcp(dst, 8080, CLIENT, cport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(CLIENT, cport, dst, 8080, TcpFlags.ACK);
        wire.tcp(CLIENT, cport, dst, 8080, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aConnectSweepClosingInOrderIsFoundEvenWhenMostHostsListen() {
    for (int host = 1; host <= 50; host++) { // connect_ex() then close(): FIN, as most connect() scanners
      String dst = "10.0.9." + host;
      int cport = 42000 + host;
      wire.tcp(SCANNER, cport, dst, 22, TcpFlags.SYN);
      if (host % 5 == 0) {
        wire.tcp(dst, 22, SCANNER, cport, TcpFlags.RST | TcpFlags.ACK);
        continue;
      }
      wire.tcp(dst, 22, SCANNER, cport, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(SCANNER, cport, dst, 22, TcpFlags.ACK);
      wire.tcp(SCANNER, cport, dst, 22, TcpFlags.FIN | TcpFlags.ACK);
      wire.tcp(dst, 22, SCANNER, cport, TcpFlags.FIN | TcpFlags.ACK);
      wire.tcp(SCANNER, cport, dst, 22, TcpFlags.ACK);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("connect");
    assertThat(v.pattern()).isEqualTo("horizontal");
  }

  @Test
  void aConnectScanFromAWindowsStackAfterHostDiscoveryIsStillAConnectScan() {
    wire.tcp(SCANNER, 61000, TARGET, 443, TcpFlags.SYN, 0, 1024, 0); // the raw discovery SYN
    wire.tcp(TARGET, 443, SCANNER, 61000, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(SCANNER, 61000, TARGET, 443, TcpFlags.RST);
    wire.windowsSyns(true); // then connect(): Windows offers SACK but sends no timestamps
    connectScan((port, sport) -> wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK));
    assertThat(only(judge()).techniques()).containsExactly("connect");
  }

  @Test
  void aConnectScanAfterNmapsHostDiscoveryIsStillAConnectScan() {
    wire.icmp(SCANNER, TARGET, 8, 0);
    wire.tcp(SCANNER, 61000, TARGET, 443, TcpFlags.SYN, 0, 1024, 0); // raw discovery probes
    wire.tcp(SCANNER, 61000, TARGET, 80, TcpFlags.ACK, 0, 1024, 0);
    wire.icmp(SCANNER, TARGET, 13, 0);
    wire.icmp(TARGET, SCANNER, 0, 0);
    wire.tcp(TARGET, 443, SCANNER, 61000, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(SCANNER, 61000, TARGET, 443, TcpFlags.RST); // its kernel knows no such connection
    wire.tcp(TARGET, 80, SCANNER, 61000, TcpFlags.RST);
    wire.timestamps(true); // then connect(): the operating system's own SYNs
    connectScan((port, sport) ->
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK)); // nmap -sT: SO_LINGER 0
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("connect");
    // what the discovery probes taught is learned too, as on the wire
    assertThat(v.findings().get(0).open()).containsExactly("tcp/20", "tcp/25", "tcp/30", "tcp/35", "tcp/443");
    assertThat(v.findings().get(0).unfiltered()).containsExactly("tcp/80");
  }

  /**
   * nmap's host discovery of 10.0.9.1-30 through a router (echo, SYN to 443, ACK to 80, timestamp to
   * each); the first three hosts are up and answer each, the rest are silent.
   */
  private void nmapHostDiscovery() {
    for (int h = 1; h <= 30; h++) {
      String host = "10.0.9." + h;
      wire.icmp(SCANNER, host, 8, 0);
      wire.tcp(SCANNER, 61000, host, 443, TcpFlags.SYN, 0, 1024, 0);
      wire.tcp(SCANNER, 61000, host, 80, TcpFlags.ACK, 0, 1024, 0);
      wire.icmp(SCANNER, host, 13, 0);
      if (h <= 3) {
        wire.icmp(host, SCANNER, 0, 0);
        wire.tcp(host, 443, SCANNER, 61000, TcpFlags.RST | TcpFlags.ACK);
        wire.tcp(host, 80, SCANNER, 61000, TcpFlags.RST);
        wire.icmp(host, SCANNER, 14, 0);
      }
    }
  }

  /** A SYN scan of {@code ports} on the hosts {@link #nmapHostDiscovery} found up, every port closed. */
  private void synScanOfLiveHosts(int... ports) {
    wire.nmapSyns(true);
    for (int h = 1; h <= 3; h++) {
      for (int port : ports) {
        wire.tcp(SCANNER, 62000, "10.0.9." + h, port, TcpFlags.SYN, 0, 1024, 0);
        wire.tcp("10.0.9." + h, port, SCANNER, 62000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  @Test
  void nmapsHostDiscoveryAloneIsAPingSweep() {
    nmapHostDiscovery(); // nmap -sn
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.firstProbe().technique()).isEqualTo("ping_sweep");
  }

  @ParameterizedTest(name = "ports {0}")
  @ValueSource(strings = {"80,443", "22,80,443", "443"})
  void aSynScanAfterNmapsHostDiscoveryIsASynScanAndNoAckScan(String ports) {
    // nmap -sS -p PORTS of a routed /24: the discovery's ACKs to 80 make no ACK scan, and a scan of the
    // discovery's own ports is still one
    nmapHostDiscovery();
    synScanOfLiveHosts(java.util.Arrays.stream(ports.split(",")).mapToInt(Integer::parseInt).toArray());
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn", "ping_sweep");
    assertThat(v.findings()).hasSize(30);
  }

  @Test
  void synProbesOfTwoPortsBesideAPingSweepAreASynScan() {
    // masscan --ping -p80,443: an echo and SYNs to both ports of every host; two hosts serve one each
    for (int h = 1; h <= 30; h++) {
      String host = "10.0.9." + h;
      wire.icmp(SCANNER, host, 8, 0);
      wire.tcp(SCANNER, 61000, host, 80, TcpFlags.SYN, 0, 1024, 0);
      wire.tcp(SCANNER, 61000, host, 443, TcpFlags.SYN, 0, 1024, 0);
      if (h <= 2) {
        wire.icmp(host, SCANNER, 0, 0);
        wire.tcp(host, h == 1 ? 80 : 443, SCANNER, 61000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, 61000, host, h == 1 ? 80 : 443, TcpFlags.RST);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn", "ping_sweep");
    assertThat(v.findings()).filteredOn(f -> !f.open().isEmpty()).extracting(TargetFinding::open)
        .containsExactlyInAnyOrder(List.of("tcp/80"), List.of("tcp/443"));
  }

  @Test
  void aRawSynScanBesideAFewConnectsElsewhereStaysASynScan() {
    rawSynScan(200, 22, 80);
    for (int i = 0; i < 3; i++) { // the same host checks a service elsewhere
      wire.tcp(SCANNER, 45000 + i, "10.0.8.1", 8080, TcpFlags.SYN);
      wire.tcp("10.0.8.1", 8080, SCANNER, 45000 + i, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(SCANNER, 45000 + i, "10.0.8.1", 8080, TcpFlags.ACK);
      wire.tcp(SCANNER, 45000 + i, "10.0.8.1", 8080, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(only(judge()).techniques()).containsExactly("syn");
  }

  @Test
  void theBreadthRuleIsGivenAsAReasonOnlyWhenItFound() {
    for (int host = 1; host <= 30; host++) {
      wire.icmp(SCANNER, "10.0.2." + host, 8, 0);
      if (host > 5) {
        wire.icmp("10.0.2." + host, SCANNER, 0, 0);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.reasons()).noneMatch(r -> r.startsWith("breadth rule"));
  }

  @Test
  void aServerAskingItsClientsIdentdIsNotAScanButASweepOfPort113Is() {
    for (int client = 1; client <= 24; client++) {
      String host = "198.51.100." + client;
      int cport = 50000 + client;
      wire.tcp(host, cport, TARGET, 6667, TcpFlags.SYN); // a client connects to an IRC server ...
      wire.tcp(TARGET, 6667, host, cport, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(host, cport, TARGET, 6667, TcpFlags.ACK);
      wire.tcp(TARGET, 40000 + client, host, 113, TcpFlags.SYN); // ... which asks its identd: none runs
      wire.tcp(host, 113, TARGET, 40000 + client, TcpFlags.RST | TcpFlags.ACK);
      wire.tcp(host, cport, TARGET, 6667, TcpFlags.PSH | TcpFlags.ACK, 60, 64240, 1);
      wire.tcp(TARGET, 6667, host, cport, TcpFlags.PSH | TcpFlags.ACK, 300, 64240, 1);
    }
    for (int host = 1; host <= 24; host++) { // the same probes to hosts that never came by
      wire.tcp(SCANNER, 41000 + host, "192.0.2." + host, 113, TcpFlags.SYN);
      wire.tcp("192.0.2." + host, 113, SCANNER, 41000 + host, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(only(judge()).ip()).isEqualTo(SCANNER);
  }

  @ParameterizedTest(name = "{0} ports, {1} rounds, closed with FIN {3}: scan {2}")
  @CsvSource({"10, 1, true, false", "9, 1, false, false", "20, 3, false, false", "10, 1, true, true",
      "9, 1, false, true", "20, 3, false, true"})
  void connectsClosedBeforeAByteOnManyPortsOfOneHostAreAScanThoughEveryPortIsOpen(int ports, int rounds,
      boolean scan, boolean fin) {
    // nmap -sT of a host listening on every port tried (SO_LINGER 0: S, S., ., R. on each), or pnscan
    // and nc -z (S, S., ., F. ...); a monitor that closes its checks so comes back to the same ports
    // round after round
    wire.timestamps(true);
    int sport = 40000;
    for (int round = 0; round < rounds; round++) {
      wire.at(round * 10);
      for (int port = 1000; port < 1000 + ports; port++) {
        sport++;
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN);
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
        if (fin) {
          wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
        } else {
          wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    ScanAnalysis a = judge();
    if (!scan) {
      assertThat(a.scanners()).isEmpty();
      return;
    }
    ScannerVerdict v = only(a);
    assertThat(v.techniques()).containsExactly("connect");
    assertThat(v.pattern()).isEqualTo("vertical");
    assertThat(v.findings().get(0).open()).hasSize(ports);
  }

  @Test
  void port113IsOneOfTheProbesOfAScanOfAClientsPorts() {
    // a web server's client keeps loading it while the server runs nmap -sT against that client
    wire.conversation(CLIENT, 50000, TARGET, 80);
    for (int port = 100; port <= 130; port++) {
      wire.tcp(TARGET, 40000 + port, CLIENT, port, TcpFlags.SYN);
      wire.tcp(CLIENT, port, TARGET, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
      wire.conversation(CLIENT, 50001 + port, TARGET, 80);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(TARGET);
    assertThat(v.findings()).singleElement().extracting(TargetFinding::closed).isEqualTo(List.of("tcp/100-130"));
  }

  /**
   * An FTP server's view of {@code clients} clients in active mode: each opens a control connection to
   * its tcp/21 and asks for three listings; the server connects from port 20 to each port the client named,
   * and the first {@code dropping} clients' firewalls drop that SYN. {@code during} false: the data
   * connections come after the control connections closed.
   */
  private void activeFtp(int clients, int dropping, boolean during) {
    for (int client = 1; client <= clients; client++) {
      String host = "198.51.100." + client;
      int cport = 50000 + client;
      wire.at(client);
      wire.tcp(host, cport, TARGET, 21, TcpFlags.SYN);
      wire.tcp(TARGET, 21, host, cport, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(host, cport, TARGET, 21, TcpFlags.ACK);
      wire.tcp(host, cport, TARGET, 21, TcpFlags.PSH | TcpFlags.ACK, 30, 64240, 1); // PORT ..., LIST
      if (!during) {
        wire.tcp(host, cport, TARGET, 21, TcpFlags.FIN | TcpFlags.ACK);
        wire.tcp(TARGET, 21, host, cport, TcpFlags.FIN | TcpFlags.ACK);
        wire.tcp(host, cport, TARGET, 21, TcpFlags.ACK);
      }
      for (int listing = 0; listing < 3; listing++) {
        wire.at(client + 0.1 + listing * 0.1);
        int dataPort = 40000 + client * 7 + listing;
        wire.timestamps(true).tcp(TARGET, 20, host, dataPort, TcpFlags.SYN);
        wire.timestamps(false);
        if (client > dropping) {
          wire.tcp(host, dataPort, TARGET, 20, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(TARGET, 20, host, dataPort, TcpFlags.ACK);
          wire.tcp(TARGET, 20, host, dataPort, TcpFlags.PSH | TcpFlags.ACK, 400, 64240, 1);
          wire.tcp(TARGET, 20, host, dataPort, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp(host, dataPort, TARGET, 20, TcpFlags.FIN | TcpFlags.ACK);
        }
      }
      if (during) {
        wire.at(client + 0.5);
        wire.tcp(host, cport, TARGET, 21, TcpFlags.PSH | TcpFlags.ACK, 6, 64240, 1); // QUIT
        wire.tcp(host, cport, TARGET, 21, TcpFlags.FIN | TcpFlags.ACK);
        wire.tcp(TARGET, 21, host, cport, TcpFlags.FIN | TcpFlags.ACK);
      }
    }
  }

  @Test
  void anFtpServersActiveDataConnectionsToClientsThatDropThemAreNoScan() {
    activeFtp(30, 20, true);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void connectionsToClientsOfAnFtpServerAfterTheirSessionsEndedAreStillJudged() {
    activeFtp(30, 20, false);
    assertThat(only(judge()).ip()).isEqualTo(TARGET);
  }

  @ParameterizedTest(name = "{0} PORT commands naming the target")
  @ValueSource(ints = {12, 4})
  void anFtpBounceNamesWhoOrderedTheServersConnections(int ordered) {
    // nmap -b: a controller logs in to an FTP server and sends PORT commands naming a third host's
    // ports, one per port; the server connects to each, refused on most, listing into the open ones
    String ftp = "10.0.0.21";
    bounceScan("198.51.100.7", ftp, ordered);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(ftp);
    if (ordered >= 5) { // minFailedContacts
      assertThat(v.reasons()).contains("FTP bounce: it received 12 PORT commands naming hosts it then failed on,"
          + " from 198.51.100.7 (12); its connections there were made on their orders (RFC 2577; nmap -b): they are"
          + " who scanned");
      assertThat(v.findings()).singleElement().satisfies(f -> assertThat(f.open())
          .containsExactly("tcp/4", "tcp/8", "tcp/12"));
    } else {
      assertThat(v.reasons()).noneMatch(r -> r.startsWith("FTP bounce"));
      assertThat(v.findings()).singleElement().satisfies(f -> assertThat(f.open()).isEmpty());
    }
  }

  /** nmap -b through {@code ftp} of TARGET's ports 1-12, the first {@code ordered} named by PORT commands. */
  private void bounceScan(String controller, String ftp, int ordered) {
    wire.tcp(controller, 36828, ftp, 21, TcpFlags.SYN);
    wire.tcp(ftp, 21, controller, 36828, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(controller, 36828, ftp, 21, TcpFlags.ACK);
    for (int port = 1; port <= 12; port++) {
      wire.at(100 + port);
      if (port <= ordered) {
        wire.ftpPortCommand(controller, 36828, ftp, TARGET, port);
      }
      wire.timestamps(true).tcp(ftp, 40000 + port, TARGET, port, TcpFlags.SYN); // the server's stack
      wire.timestamps(false);
      if (port % 4 == 0) {
        wire.tcp(TARGET, port, ftp, 40000 + port, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(ftp, 40000 + port, TARGET, port, TcpFlags.ACK);
        wire.tcp(ftp, 40000 + port, TARGET, port, TcpFlags.PSH | TcpFlags.ACK, 400, 64240, 1);
        wire.tcp(ftp, 40000 + port, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
        wire.tcp(TARGET, port, ftp, 40000 + port, TcpFlags.FIN | TcpFlags.ACK);
      } else {
        wire.tcp(TARGET, port, ftp, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  @Test
  void commandsNamingHostsTheServerNeverFailedOnNeitherHideNorMakeABounce() {
    // two active clients behind NAT without an FTP helper name their private address, before an nmap
    // -b controller's 12 commands: the bounce is the controller's alone
    String ftp = "10.0.0.21";
    wire.at(1);
    wire.ftpPortCommand("198.51.100.30", 50000, ftp, "192.168.1.10", 40001);
    wire.at(2);
    wire.ftpPortCommand("198.51.100.31", 50000, ftp, "192.168.1.11", 40002);
    bounceScan("198.51.100.7", ftp, 12);
    ScannerVerdict v = only(judge());
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("FTP bounce: it received 12 PORT commands naming hosts it"
        + " then failed on, from 198.51.100.7 (12);"));
    assertThat(v.findings().get(0).open()).containsExactly("tcp/4", "tcp/8", "tcp/12");
  }

  @Test
  void activeClientsBehindNatNamingTheirPrivateAddressesOrderNoBounce() {
    // two NAT routers without an FTP helper, each before 6 users in active mode: each user's two
    // transfers name its own private address, which the server tries in vain (no route answers); the
    // server's failures are judged as before, but no router ordered a scan
    String ftp = "10.0.0.21";
    for (int user = 0; user < 12; user++) {
      String router = user < 6 ? "198.51.100.51" : "198.51.100.52";
      String privateAddress = "192.168." + (user / 6) + "." + (10 + user % 6);
      for (int transfer = 0; transfer < 2; transfer++) {
        wire.at(user * 10 + transfer * 4);
        int dataPort = 40000 + user * 10 + transfer;
        wire.ftpPortCommand(router, 50000 + user, ftp, privateAddress, dataPort);
        wire.timestamps(true).tcp(ftp, 20, privateAddress, dataPort, TcpFlags.SYN);
        wire.timestamps(false);
      }
    }
    assertThat(judge().scanners()).allSatisfy(v -> assertThat(v.reasons()).noneMatch(r -> r.startsWith("FTP bounce")));
  }

  @Test
  void theRelaysOwnConnectionsToTheBouncedHostBeforeTheCommandsAreNoOpenPorts() {
    // the FTP server backs up to the host the bounce later scans (rsync) and sends it its syslog
    String ftp = "10.0.0.21";
    wire.at(0);
    wire.conversation(ftp, 50000, TARGET, 873);
    wire.at(1);
    wire.conversation(ftp, 50001, TARGET, 6514);
    bounceScan("198.51.100.7", ftp, 12);
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).open()).containsExactly("tcp/4", "tcp/8", "tcp/12");
    assertThat(v.firstProbe().port()).isEqualTo(1);
  }

  @Test
  void theRelaysOwnConnectionsToTheBouncedHostAfterTheCommandsAreNoOpenPorts() {
    // right after, the FTP server's own monitoring fetches a page from the host and reads its SSH banner:
    // no command named ports 80 or 22
    String ftp = "10.0.0.21";
    bounceScan("198.51.100.7", ftp, 12);
    wire.at(113).timestamps(true); // its stack's SYNs
    wire.conversation(ftp, 50000, TARGET, 80);
    wire.conversation(ftp, 50001, TARGET, 22);
    ScannerVerdict v = only(judge());
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("FTP bounce"));
    assertThat(v.findings().get(0).open()).containsExactly("tcp/4", "tcp/8", "tcp/12");
  }

  @Test
  void siteToSiteTransfersMakeNoBounceOfAnotherScan() {
    // an FTP server whose users run FXP (a client names server B, which the server then talks to) and
    // that scans another host on its own
    String ftp = "10.0.0.21";
    for (int i = 0; i < 6; i++) {
      wire.at(i);
      wire.ftpPortCommand(CLIENT, 50000, ftp, "10.0.9.9", 30000 + i);
      wire.conversation(ftp, 20, "10.0.9.9", 30000 + i);
    }
    for (int port = 1; port <= 30; port++) {
      wire.at(100 + port);
      wire.tcp(ftp, 41000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, ftp, 41000, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(only(judge()).reasons()).noneMatch(r -> r.startsWith("FTP bounce"));
  }

  @Test
  void aUdpProbeAnsweredOnItsRetryBeforeTheFirstRefusalIsStillAProbe() {
    // nmap -sU from one source port: udp/161 answered only after its retransmission 1.5 s later; the
    // closed ports' refusals start 2 s in. One conversation, over by the answer: no client asking again
    wire.at(0);
    wire.udp(SCANNER, 40000, TARGET, 161, 40);
    wire.at(0.4);
    wire.udp(SCANNER, 40000, TARGET, 123, 48);
    wire.udp(TARGET, 123, SCANNER, 40000, 48);
    wire.at(1.5);
    wire.udp(SCANNER, 40000, TARGET, 161, 40);
    wire.udp(TARGET, 161, SCANNER, 40000, 60);
    for (int port = 1; port <= 12; port++) {
      wire.at(2 + 0.4 * port);
      wire.udp(SCANNER, 40000, TARGET, port, 0);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 40000, TARGET, port, IpProtocol.UDP);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).open()).contains("udp/161", "udp/123");
    assertThat(v.firstProbe().port()).isEqualTo(161);
  }

  @Test
  void anActiveFtpClientNamingItselfOrdersNoBounce() {
    // PORT commands naming the client itself are active mode, however many
    for (int i = 0; i < 8; i++) {
      wire.ftpPortCommand(CLIENT, 50000, TARGET, CLIENT, 40000 + i);
    }
    for (int port = 1; port <= 30; port++) {
      wire.tcp(TARGET, 41000, SCANNER, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(SCANNER, port, TARGET, 41000, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(only(judge()).reasons()).noneMatch(r -> r.startsWith("FTP bounce"));
  }

  @Test
  void aScannersOwnDnsLookupIsNotAProbe() {
    String resolver = "10.0.0.53";
    wire.udp(SCANNER, 53000, resolver, 53, 40);
    wire.udp(resolver, 53, SCANNER, 53000, 120);
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 3);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScanAnalysis a = judge();
    ScannerVerdict v = only(a);
    assertThat(v.pattern()).isEqualTo("vertical");
    assertThat(v.distinctHosts()).isEqualTo(1);
    assertThat(v.probePackets()).isEqualTo(30);
    assertThat(a.targets()).extracting(TargetSummary::ip).containsExactly(TARGET);
  }

  @Test
  void aUdpTracerouteIsNotAScan() {
    int port = 33434;
    for (int hop = 1; hop <= 12; hop++) {
      for (int probe = 0; probe < 3; probe++, port++) {
        wire.udp(CLIENT, 45000, TARGET, port, 32);
        String router = hop < 12 ? "10.9.0." + hop : TARGET;
        if (hop < 12) {
          wire.icmpError(router, CLIENT, 11, 0, CLIENT, 45000, TARGET, port, 17);
        } else {
          wire.icmpError(router, CLIENT, 3, 3, CLIENT, 45000, TARGET, port, 17);
        }
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5})
  void aTracerouteToAHostOnTheSameLanIsNotAScan(int firstTtl) {
    // traceroute sends 16 probes at once (TTL 1 to 6, 3 each; with -f 5, from 5): on the LAN all reach
    // the target and are refused, with no router to say "time exceeded"
    int port = 33434;
    for (int ttl = firstTtl; ttl <= firstTtl + 5; ttl++) {
      wire.ttl = ttl;
      for (int probe = 0; probe < 3; probe++, port++) {
        wire.udp(CLIENT, 45000, TARGET, port, 32);
        wire.icmpError(TARGET, CLIENT, 3, 3, CLIENT, 45000, TARGET, port, 17);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void mtrAndATracerouteFromAnotherBasePortAreNoScansEither() {
    // mtr -u: TTL 1 on the LAN, one probe a second, ports from 33000 rising by one
    for (int i = 0; i < 60; i++) {
      wire.at(i);
      wire.ttl = 1;
      wire.udp(CLIENT, 45000, TARGET, 33000 + i, 32);
      wire.icmpError(TARGET, CLIENT, 3, 3, CLIENT, 45000, TARGET, 33000 + i, 17);
    }
    // traceroute -p 40000 to another host
    for (int i = 0; i < 16; i++) {
      wire.ttl = 1 + i / 3;
      wire.udp(CLIENT, 45001, "10.0.0.6", 40000 + i, 32);
      wire.icmpError("10.0.0.6", CLIENT, 3, 3, CLIENT, 45001, "10.0.0.6", 40000 + i, 17);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void threeProbeTraceroutesBesideAScanAreNoneOfItsProbes() {
    // traceroute -m 1 to six LAN hosts (TTL 1, three probes to rising ports: one run each, as short as
    // tracerouteMinRun), each refusing them; then a SYN scan of TARGET
    wire.ttl = 1;
    for (int h = 1; h <= 6; h++) {
      String host = "10.0.3." + h;
      for (int probe = 0; probe < 3; probe++) {
        wire.udp(SCANNER, 45000, host, 33434 + probe, 32);
        wire.icmpError(host, SCANNER, 3, 3, SCANNER, 45000, host, 33434 + probe, 17);
      }
    }
    wire.ttl = 64;
    rawSynScan(20);
    ScannerVerdict v = only(judge());
    assertThat(v.distinctHosts()).isEqualTo(1);
    assertThat(v.failedContacts()).isEqualTo(20);
    assertThat(v.findings()).extracting(TargetFinding::ip).containsExactly(TARGET);
  }

  @Test
  void aUdpScanWithALowTtlStillShufflesItsPortsAndIsFound() {
    // nmap -sU --ttl 20: a traceroute's TTL, but ports in random order
    int[] ports = {33480, 33437, 33501, 33455, 33434, 33520, 33466, 33449, 33490, 33442, 33511, 33470};
    wire.ttl = 20;
    for (int port : ports) {
      wire.udp(SCANNER, 45000, TARGET, port, 0);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 45000, TARGET, port, 17);
    }
    assertThat(only(judge()).techniques()).containsExactly("udp");
  }

  @Test
  void aUdpScanInPortOrderWithALowTtlKeptThroughoutIsStillAScan() {
    // nmap -sU --ttl 20 -r: ports one by one as a traceroute numbers them, but the TTL never rises
    wire.ttl = 20;
    for (int port = 40000; port <= 40030; port++) {
      wire.udp(SCANNER, 45000, TARGET, port, 0);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 45000, TARGET, port, 17);
    }
    assertThat(only(judge()).techniques()).containsExactly("udp");
  }

  @Test
  void aUdpScanOfTheTracerouteRangeWithAScannersTtlIsStillAScan() {
    for (int port = 33434; port < 33464; port++) {
      wire.udp(SCANNER, 45000, TARGET, port, 0);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 45000, TARGET, port, 17);
    }
    assertThat(only(judge()).techniques()).containsExactly("udp");
  }

  @Test
  void dhcpOffersAndAOneWayDnsServerAreNotScans() {
    for (int client = 1; client <= 12; client++) {
      wire.udp("10.0.0.1", 67, "10.0.4." + client, 68, 300);
      wire.udp("10.0.0.53", 53, "10.0.5." + client, 30000 + client, 90);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 40})
  void datagramsFromPort53ThatAreNoDnsAnswersAreAScan(int payload) {
    // nmap -sU -g 53 of high ports: empty probes, or filled with the target port's payload, which
    // read as DNS is no answer (no question repeated); answered or not, they are probes
    wire.dnsNonAnswer = true;
    for (int port = 40000; port < 40030; port++) {
      wire.udp(SCANNER, 53, TARGET, port, payload);
      if (port % 3 > 0) { // ICMP rate limiting leaves some unanswered: open or filtered
        wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 53, TARGET, port, 17);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("udp");
    assertThat(v.distinctPorts()).isEqualTo(30);
    assertThat(v.findings().get(0).closed()).hasSize(20).contains("udp/40000", "udp/40001").doesNotContain("udp/40002");
  }

  @Test
  void aUdpSweepWhoseAnswersTheScannerRefusesIsAScanOfOpenPorts() {
    // zmap -M udp -p 123 (its IP ID 54321): every host answers, and the scanner's kernel, holding no
    // socket for the raw probe, refuses each answer at once: a datagram left half-open
    wire.ipId = 54321;
    for (int host = 1; host <= 20; host++) {
      wire.at(host * 0.01);
      wire.udp(SCANNER, 40000, "10.0.9." + host, 123, 5);
      wire.udp("10.0.9." + host, 123, SCANNER, 40000, 48);
      wire.icmpError(SCANNER, "10.0.9." + host, 3, 3, "10.0.9." + host, 123, SCANNER, 40000, 17);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("udp");
    assertThat(v.pattern()).isEqualTo("horizontal");
    assertThat(v.findings()).hasSize(20).allSatisfy(f -> assertThat(f.open()).containsExactly("udp/123"));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.5, 0.4})
  void lateAnswersAClientRefusesAfterItsTimeoutAreNoScan(double delay) {
    // a client's queries to 20 servers answered after its timeout (a resolver's first is 376 ms):
    // its socket is gone, and the kernel refuses each answer; it sent them with its stack's IP ID
    for (int host = 1; host <= 20; host++) {
      wire.at(host * 3.0);
      wire.udp(CLIENT, 40000 + host, "10.0.9." + host, 123, 48);
      wire.at(host * 3.0 + delay);
      wire.udp("10.0.9." + host, 123, CLIENT, 40000 + host, 48);
      wire.icmpError(CLIENT, "10.0.9." + host, 3, 3, "10.0.9." + host, 123, CLIENT, 40000 + host, 17);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void dnsAnswersRefusedByTheirClientsAreNoScan() {
    // real answers (each repeating its question) that the clients refuse: late ones, ones from another
    // address than the one asked (a multi-homed resolver), and a reflection attack's, whose questions
    // were forged as the victim's; a firewall's REJECT on the way proves nothing either
    for (int client = 1; client <= 12; client++) {
      String host = "10.0.6." + client;
      wire.udp(host, 40000 + client, "10.0.0.53", 53, 30);
      wire.udp("10.0.0.53", 53, host, 40000 + client, 90);
      wire.icmpError(host, "10.0.0.53", 3, 3, "10.0.0.53", 53, host, 40000 + client, 17);
      wire.udp(host, 41000 + client, "10.0.0.53", 53, 30);
      wire.udp("10.0.0.54", 53, host, 41000 + client, 90);
      wire.icmpError(host, "10.0.0.54", 3, 3, "10.0.0.54", 53, host, 41000 + client, 17);
      wire.udp("198.51.100.53", 53, TARGET, 20000 + 997 * client, 3000);
      wire.icmpError(TARGET, "198.51.100.53", 3, 3, "198.51.100.53", 53, TARGET, 20000 + 997 * client, 17);
      wire.udp("10.0.0.53", 53, "10.0.7.9", 50000 + client, 90);
      wire.icmpError(ROUTER, "10.0.0.53", 3, 3, "10.0.0.53", 53, "10.0.7.9", 50000 + client, 17);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void answersToMulticastQuestionsRefusedByTheAskerAreNoScan() {
    // an app's SSDP M-SEARCH to the group from a new port each time, listening a second; a device
    // answers after its random delay, when the port is closed
    for (int run = 0; run < 8; run++) {
      wire.at(run * 120.0);
      int port = 50000 + run * 37;
      wire.linkGroupDestination = true;
      wire.udp(CLIENT, port, "239.255.255.250", 1900, 120);
      wire.linkGroupDestination = false;
      wire.at(run * 120.0 + 2.5);
      wire.udp("10.0.0.20", 1900, CLIENT, port, 300);
      wire.icmpError(CLIENT, "10.0.0.20", 3, 3, "10.0.0.20", 1900, CLIENT, port, 17);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  /**
   * nmap -sO of {@code TARGET}: one bare datagram per protocol number; the host answers protocol
   * unreachable for those it does not speak, port unreachable for 47 and 50 (a filter's REJECT), and a
   * router answers protocol unreachable for 60.
   */
  private void protocolScan() {
    for (int proto = 2; proto <= 60; proto++) {
      if (proto == 6 || proto == 17 || proto == 41) {
        continue; // sent with real headers (TCP, UDP) or decoded as a tunnel (58, ICMPv6, is a bare header over IPv4)
      }
      wire.ip(SCANNER, TARGET, proto, 0);
      if (proto == 47 || proto == 50) {
        wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 0, TARGET, 0, proto);
      } else if (proto == 60) {
        wire.icmpError(ROUTER, SCANNER, 3, 2, SCANNER, 0, TARGET, 0, proto);
      } else {
        wire.icmpError(TARGET, SCANNER, 3, 2, SCANNER, 0, TARGET, 0, proto);
      }
    }
  }

  @Test
  void anIpProtocolScanIsAVerticalScanOfProtocolNumbers() {
    wire.tcp(SCANNER, 40000, TARGET, 47, TcpFlags.SYN, 0, 1024, 1); // tcp/47 is no ip/47
    wire.tcp(TARGET, 47, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    protocolScan();
    ScanAnalysis a = judge();
    ScannerVerdict v = only(a);
    assertThat(v.techniques()).contains("ip_protocol");
    assertThat(v.pattern()).isEqualTo("vertical");
    assertThat(v.distinctPorts()).isEqualTo(57);
    TargetFinding f = v.findings().get(0);
    assertThat(f.closed()).contains("tcp/47", "ip/2-5", "ip/51-59").doesNotContain("ip/47", "ip/50", "ip/60");
    assertThat(f.filtered()).containsExactly("ip/47", "ip/50", "ip/60");
    // the capture's port distribution counts ports, not protocol numbers
    assertThat(a.portHits()).extracting(PortCount::port).containsExactly(47);
  }

  @ParameterizedTest(name = "host answers: {0}")
  @ValueSource(booleans = {true, false})
  void anIpProtocolScansProbesInTcpUdpSctpAndIcmpStandForTheirProtocols(boolean answers) {
    // nmap -sO asks about ICMP, TCP, UDP and SCTP with an echo request, an ACK to port 80, a datagram
    // to port 40125 and an INIT to port 80, in the midst of its bare headers; it lists what they drew
    // as ip/1, ip/6, ip/17 and ip/132, not as ports
    wire.tcp(SCANNER, 40000, TARGET, 22, TcpFlags.SYN, 0, 1024, 1); // before the protocol scan: a port
    wire.tcp(TARGET, 22, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    wire.at(5);
    protocolScan();
    wire.icmp(SCANNER, TARGET, 8, 0);
    wire.tcp(SCANNER, 40001, TARGET, 80, TcpFlags.ACK, 0, 1024, 1);
    wire.udp(SCANNER, 40001, TARGET, 40125, 0);
    wire.sctp(SCANNER, 40001, TARGET, 80, 1);
    if (answers) {
      wire.icmp(TARGET, SCANNER, 0, 0);
      wire.tcp(TARGET, 80, SCANNER, 40001, TcpFlags.RST);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 40001, TARGET, 40125, 17);
      wire.icmpError(TARGET, SCANNER, 3, 2, SCANNER, 40001, TARGET, 80, 132); // no SCTP here
    }
    protocolScan();
    TargetFinding f = only(judge()).findings().get(0);
    if (answers) {
      assertThat(f.open()).containsExactly("ip/1", "ip/6", "ip/17");
      assertThat(f.closed()).contains("tcp/22", "ip/132").doesNotContain("udp/40125");
      assertThat(f.filtered()).doesNotContain("sctp/80", "ip/1", "ip/6", "ip/17");
    } else {
      assertThat(f.open()).isEmpty();
      assertThat(f.filtered()).contains("ip/1", "ip/6", "ip/17", "ip/132").doesNotContain("sctp/80");
    }
    assertThat(f.unfiltered()).isEmpty();
    assertThat(f.closed()).contains("tcp/22");
  }

  @Test
  void anIpv6ProtocolScansProbesInItsProtocolsStandForThemToo() {
    // nmap -6 -sO: an echo request (58), an ACK to port 80 and an INIT to port 80 beside the bare
    // headers; the host lacks SCTP: parameter problem, unrecognized next header
    String scanner = "2001:db8::7";
    String target = "2001:db8::5";
    for (int proto = 1; proto <= 16; proto++) {
      if (proto == 4 || proto == 6) {
        continue;
      }
      wire.ip(scanner, target, proto, 0);
      wire.icmpError(target, scanner, 4, 1, scanner, 0, target, 0, proto);
      if (proto == 8) {
        wire.icmp6(scanner, target, 128, 0); // an echo request and its reply
        wire.icmp6(target, scanner, 129, 0);
        wire.tcp(scanner, 40001, target, 80, TcpFlags.ACK, 0, 1024, 1);
        wire.tcp(target, 80, scanner, 40001, TcpFlags.RST);
        wire.sctp(scanner, 40001, target, 80, 1);
        wire.icmpError(target, scanner, 4, 1, scanner, 40001, target, 80, 132);
      }
    }
    TargetFinding f = only(judge()).findings().get(0);
    assertThat(f.open()).containsExactly("ip/6", "ip/58");
    assertThat(f.closed()).contains("ip/132").doesNotContain("sctp/80");
  }

  @Test
  void anSctpScanAfterNmapsHostDiscoveryKeepsItsTechnique() {
    // nmap -sY of 4 ports on 10 hosts after its echo requests; each host refuses SCTP
    for (int host = 1; host <= 10; host++) {
      String target = "10.0.7." + host;
      wire.at(host * 0.01).icmp(SCANNER, target, 8, 0);
      wire.icmp(target, SCANNER, 0, 0);
      for (int port : new int[] {2905, 3868, 36412, 38412}) {
        wire.at(1 + host * 0.01).sctpInit(SCANNER, 57370, target, port, 32768, 10, 2048);
        wire.icmpError(target, SCANNER, 3, 2, SCANNER, 57370, target, port, 132);
      }
    }
    assertThat(only(judge()).techniques()).contains("sctp_init");
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {2, 3})
  void nmapsSctpScanIsNamedAsInOnePass(int partitions) {
    java.util.function.Consumer<Wire> traffic = w -> {
      for (int port = 1; port <= 30; port++) { // nmap -sY: its INITs' constants, every port closed
        w.sctpInit(SCANNER, 57370, "10.0.7." + (port % 3 + 1), port, 32768, 10, 2048);
        w.sctp("10.0.7." + (port % 3 + 1), port, SCANNER, 57370, 6);
      }
    };
    traffic.accept(wire);
    ScannerVerdict single = only(judge());
    ScannerVerdict split = only(Wire.inPartitions(partitions, traffic));
    assertThat(single.tool().name()).isEqualTo("nmap");
    assertThat(split.tool()).isEqualTo(single.tool());
  }

  @Test
  void anIpProtocolScansProbesInTcpAndUdpAddNoTechniqueOfTheirOwn() {
    // nmap -sO -p 2-20 over six hosts: its ACK to port 80 and datagram to port 40125 of each host are
    // the protocol scan's probes, no ACK or UDP scan beside it
    for (int host = 1; host <= 6; host++) {
      String target = "10.0.6." + host;
      for (int proto = 2; proto <= 20; proto++) {
        if (proto == 6) {
          wire.tcp(SCANNER, 40000, target, 80, TcpFlags.ACK, 0, 1024, 1);
          wire.tcp(target, 80, SCANNER, 40000, TcpFlags.RST);
        } else if (proto == 17) {
          wire.udp(SCANNER, 40000, target, 40125, 0);
          wire.icmpError(target, SCANNER, 3, 3, SCANNER, 40000, target, 40125, 17);
        } else {
          wire.ip(SCANNER, target, proto, 0);
          wire.icmpError(target, SCANNER, 3, 2, SCANNER, 0, target, 0, proto);
        }
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ip_protocol");
    assertThat(v.findings()).hasSize(6).allSatisfy(f -> assertThat(f.open()).containsExactly("ip/6", "ip/17"));
  }

  /**
   * nmap -sO of TARGET, protocols 2 to 20 (answered protocol unreachable), with {@code inTheMidst} sent
   * while the bare headers go out.
   */
  private void protocolScanAround(Runnable inTheMidst) {
    for (int proto = 2; proto <= 20; proto++) {
      wire.ip(SCANNER, TARGET, proto, 0);
      wire.icmpError(TARGET, SCANNER, 3, 2, SCANNER, 0, TARGET, 0, proto);
      if (proto == 10) {
        inTheMidst.run();
      }
    }
  }

  private void ackTo(int port, int sport) {
    wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK, 0, 1024, 1);
    wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.RST);
  }

  @Test
  void aSynScanBesideAProtocolScanLeavesItsAckProbeStandingForTcp() {
    // nmap -sS and -sO run side by side: the SYNs are no protocol scan's probe, the ACK to port 80 is
    protocolScanAround(() -> {
      ackTo(80, 40001);
      for (int port = 440; port <= 445; port++) {
        wire.tcp(SCANNER, 40002, TARGET, port, TcpFlags.SYN, 0, 1024, 1);
        wire.tcp(TARGET, port, SCANNER, 40002, TcpFlags.RST | TcpFlags.ACK);
      }
    });
    TargetFinding f = only(judge()).findings().get(0);
    assertThat(f.open()).containsExactly("ip/6");
    assertThat(f.closed()).contains("tcp/440-445");
    assertThat(f.unfiltered()).isEmpty();
  }

  @Test
  void twoAckProbesDuringAProtocolScanStandForNeither() {
    protocolScanAround(() -> {
      ackTo(80, 40001);
      ackTo(81, 40001);
    });
    TargetFinding f = only(judge()).findings().get(0);
    assertThat(f.unfiltered()).containsExactly("tcp/80", "tcp/81");
    assertThat(f.open()).doesNotContain("ip/6");
  }

  @Test
  void aPortASynScanFoundOpenBeforeAProtocolScanStaysOpen() {
    // nmap -sS -p 80, then nmap -sO: the ACK to port 80 shares the SYN's row, which keeps its port
    wire.tcp(SCANNER, 40002, TARGET, 80, TcpFlags.SYN, 0, 1024, 1);
    wire.tcp(TARGET, 80, SCANNER, 40002, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(SCANNER, 40002, TARGET, 80, TcpFlags.RST);
    wire.at(5);
    protocolScanAround(() -> ackTo(80, 40001));
    assertThat(only(judge()).findings().get(0).open()).containsExactly("tcp/80", "ip/6");
  }

  @Test
  void aSynScanOfPort80BesideAProtocolScanKeepsBothTheOpenPortAndTcp() {
    // nmap -sS -p 1-1000 and nmap -sO run at once: the SYN scan's probe of port 80 and the protocol
    // scan's ACK share a row while the bare headers go on
    protocolScanAround(() -> {
      for (int port = 78; port <= 82; port++) {
        wire.tcp(SCANNER, 40002, TARGET, port, TcpFlags.SYN, 0, 1024, 1);
        if (port == 80) {
          wire.tcp(TARGET, port, SCANNER, 40002, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(SCANNER, 40002, TARGET, port, TcpFlags.RST);
          ackTo(80, 40001);
        } else {
          wire.tcp(TARGET, port, SCANNER, 40002, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    });
    ScannerVerdict v = only(judge());
    TargetFinding f = v.findings().get(0);
    assertThat(f.open()).containsExactly("tcp/80", "ip/6");
    assertThat(f.closed()).contains("tcp/78", "tcp/79", "tcp/81", "tcp/82");
    assertThat(v.techniques()).contains("syn", "ip_protocol").doesNotContain("ack");
  }

  @Test
  void aHostDiscoverysAckBeforeAProtocolScanKeepsItsPortBesideTheProtocol() {
    // nmap -sO without -Pn: its discovery's ACK to port 80 comes first, in the same row as the scan's
    ackTo(80, 40003);
    wire.at(5);
    protocolScanAround(() -> ackTo(80, 40001));
    TargetFinding f = only(judge()).findings().get(0);
    assertThat(f.open()).containsExactly("ip/6");
    assertThat(f.unfiltered()).containsExactly("tcp/80");
  }

  @ParameterizedTest(name = "{0} partitions")
  @ValueSource(ints = {2, 3})
  void reverseLookupsAndProtocolStandInsComeOutAsInOnePass(int partitions) {
    java.util.function.Consumer<Wire> traffic = w -> {
      w.reverseLookups = true; // lookups of the host it scans, asked of that host
      w.udp(SCANNER, 52000, TARGET, 53, 42);
      w.udp(TARGET, 53, SCANNER, 52000, 90);
      w.reverseLookups = false;
      for (int proto = 2; proto <= 30; proto++) {
        w.ip(SCANNER, TARGET, proto, 0);
        w.icmpError(TARGET, SCANNER, 3, 2, SCANNER, 0, TARGET, 0, proto);
        if (proto == 10) {
          w.udp(SCANNER, 45000, TARGET, 53, 0);
          w.udp(TARGET, 53, SCANNER, 45000, 30);
          w.sctp(SCANNER, 45000, TARGET, 80, 1);
          w.icmpError(TARGET, SCANNER, 3, 2, SCANNER, 45000, TARGET, 80, 132);
        }
      }
    };
    traffic.accept(wire);
    ScannerVerdict single = only(judge());
    ScannerVerdict split = only(Wire.inPartitions(partitions, traffic));
    // the lookup came first in udp/53's row: the port is listed beside the protocol
    assertThat(single.findings().get(0).open()).containsExactly("udp/53", "ip/17");
    assertThat(single.findings().get(0).closed()).contains("ip/132");
    assertThat(split.findings()).isEqualTo(single.findings());
    assertThat(split.distinctPorts()).isEqualTo(single.distinctPorts());
    assertThat(split.reasons()).isEqualTo(single.reasons());
  }

  @Test
  void aHostDiscoverysProtocolPingsLeaveItsOtherProbesPorts() {
    // nmap -sn -PO2,4 -PY -PU53 -PE: two IP protocols asked of each host are no protocol scan, and its
    // INIT to port 80 and datagram to port 53 stay ports
    for (int host = 1; host <= 10; host++) {
      String target = "10.0.9." + host;
      wire.ip(SCANNER, target, 2, 0);
      wire.sctp(SCANNER, 40001, target, 80, 1);
      wire.udp(SCANNER, 40001, target, 53, 0);
      wire.icmp(SCANNER, target, 8, 0);
      wire.ip(SCANNER, target, 4, 0);
      wire.icmp(target, SCANNER, 0, 0);
      wire.icmpError(target, SCANNER, 3, 2, SCANNER, 40001, target, 80, 132);
    }
    TargetFinding f = only(judge()).findings().get(0);
    assertThat(f.filtered()).contains("sctp/80", "udp/53", "ip/2").doesNotContain("ip/132", "ip/17");
  }

  @Test
  void anIpProtocolScanBesideAPingSweepKeepsItsTechnique() {
    for (int host = 1; host <= 30; host++) {
      wire.icmp(SCANNER, "10.0.9." + host, 8, 0);
      wire.icmp("10.0.9." + host, SCANNER, 0, 0);
    }
    protocolScan();
    assertThat(only(judge()).techniques()).contains("ip_protocol", "ping_sweep");
  }

  @Test
  void tunnelsVpnsAndRoutingProtocolsAreNoProtocolScan() {
    for (int i = 0; i < 20; i++) {
      for (int spoke = 2; spoke <= 7; spoke++) { // ESP between a VPN hub and its six spokes, both ways
        wire.ip("198.51.100.1", "198.51.100." + spoke, 50, 0);
        wire.ip("198.51.100." + spoke, "198.51.100.1", 50, 0);
        // a hub's GRE to six more, captured one way: its packets carry what they tunnel
        wire.ip("198.51.100.1", "198.51.100." + (10 + spoke), 47, 120);
      }
      // a router's OSPF, EIGRP, PIM and VRRP adverts and IGMP reports: to groups, which never answer
      for (String[] group : new String[][] {{"224.0.0.5", "89"}, {"224.0.0.6", "89"}, {"224.0.0.10", "88"},
          {"224.0.0.13", "103"}, {"224.0.0.18", "112"}, {"224.0.0.22", "2"}}) {
        wire.ip("10.0.0.1", group[0], Integer.parseInt(group[1]), 8);
      }
      for (int host = 1; host <= 6; host++) { // extension headers cut short: no protocol known
        wire.ip("2001:db8::1", "2001:db8::" + (100 + host), -1, 0);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void anIpv6ProtocolScanIsClosedByUnrecognizedNextHeaders() {
    // nmap -6 -sO: the host answers parameter problem, unrecognized next header, for what it lacks
    for (int proto = 1; proto <= 16; proto++) {
      if (proto == 4 || proto == 6) {
        continue; // decoded as a tunnel, or sent with a TCP header (1, ICMP, is a bare header over IPv6)
      }
      wire.ip("2001:db8::7", "2001:db8::5", proto, 0);
      wire.icmpError("2001:db8::5", "2001:db8::7", 4, 1, "2001:db8::7", 0, "2001:db8::5", 0, proto);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ip_protocol");
    assertThat(v.findings().get(0).closed()).containsExactly("ip/1-3", "ip/5", "ip/7-16");
  }

  @Test
  void theIpv6CounterpartOfProtocolUnreachableIsUnrecognizedNextHeader() {
    assertThat(IcmpTypes.protocolUnreachable(IpProtocol.ICMP, 3, 2)).isTrue();
    assertThat(IcmpTypes.protocolUnreachable(IpProtocol.ICMP, 3, 3)).as("port unreachable").isFalse();
    assertThat(IcmpTypes.protocolUnreachable(IpProtocol.ICMPV6, 4, 1)).isTrue();
    assertThat(IcmpTypes.protocolUnreachable(IpProtocol.ICMPV6, 4, 0)).as("erroneous header field").isFalse();
    assertThat(IcmpTypes.errorBit(IpProtocol.ICMPV6, 4, 1)).isEqualTo(Flow.ICMP_UNREACHABLE);
    assertThat(IcmpTypes.errorBit(IpProtocol.ICMPV6, 4, 0)).isZero();
  }

  @Test
  void monitoringPingsSpreadOverTimeAreNotASweep() {
    for (int host = 1; host <= 12; host++) {
      wire.at(host * 5.0);
      wire.icmp(CLIENT, "10.0.6." + host, 8, 0);
      wire.icmp("10.0.6." + host, CLIENT, 0, 0);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void timestampsRunningBackwardsStillGiveASortedActivity() {
    for (int i = 0; i < 2000; i++) {
      wire.at(4000 - i * 2.0);
      wire.tcp(SCANNER, 40000, TARGET, 1 + i, TcpFlags.SYN, 0, 1024, 3);
    }
    ScannerVerdict v = only(judge());
    long[] seconds = v.activity().seconds();
    assertThat(seconds).hasSize(2000).isSorted();
    assertThat(v.activity().counts()).containsOnly(1);
  }

  @Test
  void aServersKeepAlivesToVanishedClientsAreNotAnAckScan() {
    for (int client = 1; client <= 10; client++) {
      String dst = "198.51.100." + client;
      wire.tcp(TARGET, 443, dst, 50000 + client, TcpFlags.ACK, 0, 501, 1000);
      wire.tcp(dst, 50000 + client, TARGET, 443, TcpFlags.RST);
      wire.tcp(TARGET, 443, dst, 50000 + client, TcpFlags.FIN | TcpFlags.ACK, 0, 501, 1001);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void anAckScanFromPort80IsFoundThoughItComesFromAServicePort() {
    // nmap -sA -g 80 of high ports: its ACKs come from a service port, as a server's keep-alives do,
    // but crafted as no stack sends them (window 1024, no options, no don't-fragment)
    for (int port = 40000; port < 40020; port++) {
      wire.tcp(SCANNER, 80, TARGET, port, TcpFlags.ACK, 0, 1024, 7);
      wire.tcp(TARGET, port, SCANNER, 80, TcpFlags.RST);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ack");
    assertThat(v.findings().get(0).unfiltered()).containsExactly("tcp/40000-40019");
  }

  @ParameterizedTest(name = "{0}, don't-fragment {1}, flags {2}, reset {3}")
  @CsvSource({"198.51.100., true, 16, true", "198.51.100., false, 16, false", "198.51.100., false, 17, false",
      "2001:db8:1::, false, 16, true", "2001:db8:1::, false, 17, false"})
  void keepAlivesAndTeardownsWithAWindowOf1024AreNotAnAckScan(String clients, boolean dontFragment, int flags,
      boolean reset) {
    // a server's keep-alives (ACK) or retransmitted FINs of connections older than the capture, to
    // clients that are gone (silent) or rebooted (resetting): a stack that sets don't-fragment, an
    // embedded one that does not but whose clients stay silent (silence is no answer to a probe),
    // and over IPv6, where an idle FreeBSD connection's window field reads 1024 and there is no flag
    String server = clients.indexOf(':') >= 0 ? "2001:db8::5" : TARGET;
    wire.dontFragment = dontFragment;
    for (int client = 1; client <= 10; client++) {
      wire.at(client * 7.0);
      wire.tcp(server, 443, clients + client, 50000 + client, flags, 0, 1024, 1000);
      if (reset) {
        wire.tcp(clients + client, 50000 + client, server, 443, TcpFlags.RST);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void keepAlivesCarryingTimestampsToClientsOnLowPortsAreNotAnAckScan() {
    // FreeBSD's ephemeral ports start at 10000, and NAT gateways map clients anywhere
    wire.timestamps(true);
    for (int client = 1; client <= 15; client++) {
      String dst = "198.51.100." + client;
      wire.tcp(TARGET, 6667, dst, 10000 + client, TcpFlags.ACK, 0, 501, 1000);
      wire.timestamps(false).tcp(dst, 10000 + client, TARGET, 6667, TcpFlags.RST);
      wire.timestamps(true);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void keepAlivesAfterTheServersResetAreNotAnAckScan() {
    // the servers reset idle connections begun before the capture, the client's keep-alives follow
    wire.timestamps(true);
    for (int server = 1; server <= 12; server++) {
      String src = "198.51.100." + server;
      wire.timestamps(false).tcp(src, 443, CLIENT, 10000 + server, TcpFlags.RST);
      wire.timestamps(true).tcp(CLIENT, 10000 + server, src, 443, TcpFlags.ACK, 0, 501, 1000);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void anAckScanWhoseResetsComeFirstInTheFileIsStillFound() {
    for (int port = 1; port <= 20; port++) {
      wire.tcp(TARGET, port, SCANNER, 45000, TcpFlags.RST);
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.ACK, 0, 1024, 0);
    }
    assertThat(only(judge()).techniques()).containsExactly("ack");
  }

  @Test
  void silenceToProbesWithFlagsOfTheScannersChoosingIsFilteredAsNmapReadsIt() {
    // nmap --scanflags PSH: read like a SYN scan, so silence is filtered, a reset closed
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.PSH, 0, 1024, 0);
      if (port > 2) {
        wire.tcp(TARGET, port, SCANNER, 45000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("odd_tcp_flags");
    assertThat(v.findings().get(0).filtered()).containsExactly("tcp/1", "tcp/2");
    assertThat(v.findings().get(0).open()).isEmpty();
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/3-20");
  }

  @Test
  void anAckScanFromAHighPortIsStillFound() {
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.ACK, 0, 1024, 0);
      wire.tcp(TARGET, port, SCANNER, 45000, TcpFlags.RST);
    }
    assertThat(only(judge()).techniques()).containsExactly("ack");
  }

  @Test
  void downloadsTheClientOnlyAcknowledgesAreConversationsEvenAfterARefusal() {
    String ftp = "10.0.4.21";
    wire.tcp(CLIENT, 39990, ftp, 990, TcpFlags.SYN);
    wire.tcp(ftp, 990, CLIENT, 39990, TcpFlags.RST | TcpFlags.ACK);
    for (int file = 0; file < 40; file++) {
      int cport = 40000 + file;
      int dataPort = 50000 + file; // passive mode: a new server port for every transfer
      wire.tcp(CLIENT, cport, ftp, dataPort, TcpFlags.SYN);
      wire.tcp(ftp, dataPort, CLIENT, cport, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(CLIENT, cport, ftp, dataPort, TcpFlags.ACK);
      wire.tcp(ftp, dataPort, CLIENT, cport, TcpFlags.PSH | TcpFlags.ACK, 1400, 64240, 1);
      wire.tcp(CLIENT, cport, ftp, dataPort, TcpFlags.ACK);
      wire.tcp(ftp, dataPort, CLIENT, cport, TcpFlags.FIN | TcpFlags.ACK, 0, 64240, 1401);
      wire.tcp(CLIENT, cport, ftp, dataPort, TcpFlags.FIN | TcpFlags.ACK);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aBannerBeforeAConnectScansResetDoesNotMakeAConversation() {
    assertConnectScanFindsItsOpenPorts((port, sport) -> {
      wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.PSH | TcpFlags.ACK, 40, 64240, 1); // "SSH-2.0-..."
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK); // its kernel acknowledges the banner ...
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK); // ... and nmap resets
    });
  }


  @Test
  void aOneWayCaptureOfABrowsingClientIsNotAScanButItsUnansweredSynsAre() {
    for (int server = 1; server <= 40; server++) {
      String dst = "198.51.100." + server;
      int cport = 41000 + server;
      long isn = 7_000_000L * server;
      // only the client's side was captured: SYN, the handshake's ACK, a request, FIN
      wire.tcp(CLIENT, cport, dst, 443, TcpFlags.SYN, 0, 64240, isn);
      wire.tcp(CLIENT, cport, dst, 443, TcpFlags.ACK, 0, 64240, isn + 1);
      wire.tcp(CLIENT, cport, dst, 443, TcpFlags.PSH | TcpFlags.ACK, 517, 64240, isn + 1);
      wire.tcp(CLIENT, cport, dst, 443, TcpFlags.FIN | TcpFlags.ACK, 0, 64240, isn + 518);
    }
    for (int host = 1; host <= 40; host++) {
      wire.tcp(SCANNER, 45000, "10.0.9." + host, 445, TcpFlags.SYN, 0, 1024, 99);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.techniques()).containsExactly("syn");
  }

  @Test
  void discoveryBroadcastsToASubnetBroadcastAddressAreNotProbes() {
    wire.linkGroupDestination = true; // to ff:ff:ff:ff:ff:ff
    for (int port : new int[] {161, 427, 3289, 8610, 8612, 5353, 1900}) {
      wire.udp(CLIENT, 50000, "10.0.0.255", port, 40);
    }
    wire.linkGroupDestination = false;
    for (int port : new int[] {161, 427, 3289, 8610, 8612, 5353, 1900, 111, 137, 138}) {
      wire.udp(SCANNER, 50000, "10.0.0.255", port, 40); // the same datagrams to a host's MAC
    }
    assertThat(only(judge()).ip()).isEqualTo(SCANNER);
  }

  @Test
  void aMonitorWhoseOneServiceStoppedIsNotAScan() {
    for (int round = 0; round < 6; round++) {
      wire.at(round * 10.0);
      for (int host = 1; host <= 10; host++) {
        for (int port : new int[] {22, 80, 443, 3306, 5432}) {
          String dst = "10.0.5." + host;
          int cport = 30000 + round * 1000 + host * 10 + port % 10;
          wire.tcp(CLIENT, cport, dst, port, TcpFlags.SYN);
          if (host == 3 && port == 5432) { // one stopped service
            wire.tcp(dst, port, CLIENT, cport, TcpFlags.RST | TcpFlags.ACK);
          } else {
            wire.tcp(dst, port, CLIENT, cport, TcpFlags.SYN | TcpFlags.ACK);
            wire.tcp(CLIENT, cport, dst, port, TcpFlags.ACK);
            wire.tcp(CLIENT, cport, dst, port, TcpFlags.RST | TcpFlags.ACK);
          }
        }
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aWorkstationThatScansWhileItKeepsBrowsingIsFound() {
    for (int i = 0; i < 150; i++) {
      wire.conversation(CLIENT, 40000 + i, "198.51.100." + (1 + i % 100), 443);
    }
    for (int port = 1; port <= 60; port++) {
      wire.tcp(CLIENT, 50000, "10.0.6.20", port, TcpFlags.SYN);
      if (port % 20 == 0) {
        wire.tcp("10.0.6.20", port, CLIENT, 50000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(CLIENT, 50000, "10.0.6.20", port, TcpFlags.RST);
      } else {
        wire.tcp("10.0.6.20", port, CLIENT, 50000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.pattern()).isEqualTo("vertical");
    assertThat(v.distinctPorts()).isEqualTo(60);
    assertThat(v.findings().get(0).open()).containsExactly("tcp/20", "tcp/40", "tcp/60");
    assertThat(v.reasons()).contains("focus rule: 60 of 60 ports on 10.0.6.20 failed");
  }

  @Test
  void aWorkstationSweepingOnePortWhileItKeepsBrowsingIsFound() {
    for (int i = 0; i < 150; i++) {
      wire.conversation(CLIENT, 40000 + i, "198.51.100." + (1 + i % 100), 443);
    }
    for (int host = 1; host <= 60; host++) {
      wire.tcp(CLIENT, 50000 + host, "10.0.7." + host, 445, TcpFlags.SYN);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.pattern()).isEqualTo("horizontal");
    assertThat(v.distinctHosts()).isEqualTo(60);
    assertThat(v.reasons()).contains("focus rule: 60 of 60 hosts on tcp/445 failed");
  }

  @Test
  void aUdpSweepKeepsTheHostsThatAnsweredAmongItsFindings() {
    for (int host = 1; host <= 100; host++) {
      String dst = "10.0.8." + host;
      wire.udp(SCANNER, 50000, dst, 161, 40);
      if (host % 7 == 0) {
        wire.udp(dst, 161, SCANNER, 50000, 120);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.distinctHosts()).isEqualTo(100);
    assertThat(v.findings()).filteredOn(f -> f.open().contains("udp/161")).hasSize(14);
  }

  @Test
  void aSlowPingSweepIsReportedAsOneWithTheHostsThatAnswered() {
    for (int host = 1; host <= 60; host++) {
      wire.at(host * 3.0); // one host every 3 s: never 8 within 10 s
      wire.icmp(SCANNER, "10.0.9." + host, 8, 0);
      if (host % 3 == 0) {
        wire.icmp("10.0.9." + host, SCANNER, 0, 0);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.distinctHosts()).isEqualTo(60);
  }

  private static final int[] ECHO = {8, 0};
  private static final int[] TIMESTAMP = {13, 14};

  /**
   * ICMP echo requests to {@code hosts} hosts of 10.0.10.0/24, one every 5 s (never 8 within 10 s),
   * the first {@code silent} of them unanswered.
   */
  private void slowPingSweep(int hosts, int silent) {
    slowPingSweep(hosts, silent, ECHO);
  }

  /** {@link #slowPingSweep(int, int)} asking each host these (request, reply) types at once. */
  private void slowPingSweep(int hosts, int silent, int[]... queries) {
    for (int host = 1; host <= hosts; host++) {
      wire.at(host * 5.0);
      for (int[] q : queries) {
        wire.icmp(SCANNER, "10.0.10." + host, q[0], 0);
      }
      if (host > silent) {
        for (int[] q : queries) {
          wire.icmp("10.0.10." + host, SCANNER, q[1], 0);
        }
      }
    }
  }

  /**
   * A monitor's {@code rounds}, {@code period} seconds apart, each checking 40 hosts of 10.9.1.0/24
   * (the first 6 down) {@code hostGap} seconds apart with {@code pings} echo requests 0.2 s apart.
   */
  private void monitorRounds(int rounds, double period, double hostGap, int pings) {
    for (int round = 0; round < rounds; round++) {
      for (int host = 1; host <= 40; host++) {
        for (int ping = 0; ping < pings; ping++) {
          wire.at(round * period + host * hostGap + ping * 0.2);
          wire.icmp(CLIENT, "10.9.1." + host, 8, 0);
          if (host > 6) {
            wire.icmp("10.9.1." + host, CLIENT, 0, 0);
          }
        }
      }
    }
  }

  @Test
  void aSlowPingSweepOfMostlyLiveHostsIsFoundByTheSlowSweepRule() {
    int hosts = DetectionSettings.DEFAULTS.slowSweepMinHosts();
    slowPingSweep(hosts, DetectionSettings.DEFAULTS.minFailedContacts());
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.distinctHosts()).isEqualTo(hosts);
    assertThat(v.slowSweep()).isTrue();
    assertThat(v.detectedAfterProbes()).isEqualTo(-1); // the sequential test saw mostly answers
    assertThat(v.reasons()).contains("ICMP queries to " + hosts + " hosts, fewer than 8 within any 10 s (slow ping"
        + " sweep)");
    assertThat(v.findings()).filteredOn(TargetFinding::answered).hasSize(hosts - 5);
  }

  @Test
  void aSlowSweepAskingEachHostForEchoAndTimestampTogetherIsStillOne() {
    slowPingSweep(40, 6, ECHO, TIMESTAMP); // nmap -sn -PE -PP paced slowly: both queries to a host at once
    ScannerVerdict v = only(judge());
    assertThat(v.slowSweep()).isTrue();
    assertThat(v.distinctHosts()).isEqualTo(40);
  }

  @Test
  void aVerySlowSweepRetryingItsSilentHostsMinutesLaterIsStillOne() {
    // nmap -sn -T0-like: five minutes between probes would take hours; one host every 5 s here, and
    // each silent host asked again 300 s later
    slowPingSweep(40, 6);
    for (int host = 1; host <= 6; host++) {
      wire.at(300 + host * 5.0);
      wire.icmp(SCANNER, "10.0.10." + host, 8, 0);
    }
    assertThat(only(judge()).slowSweep()).isTrue();
  }

  /**
   * CLIENT pings hosts 10.9.1.1 to {@code hosts} every 2 s for {@code rounds} rounds, 10 ms apart,
   * each host one long exchange; the first {@code live} answer.
   */
  private void pingContinuously(int rounds, int hosts, int live) {
    for (int round = 0; round < rounds; round++) {
      for (int host = 1; host <= hosts; host++) {
        wire.at(round * 2.0 + host * 0.01);
        wire.icmp(CLIENT, "10.9.1." + host, 8, 0);
        if (host <= live) {
          wire.icmp("10.9.1." + host, CLIENT, 0, 0);
        }
      }
    }
  }

  @Test
  void aContinuousPingerOfLiveHostsIsNoSweep() {
    pingContinuously(20, 11, 8); // fping -l -p 2000 over 8 live hosts and 3 dead ones, 40 s
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void livePingedHostsAskedWithinOneWindowAreStillASweep() {
    pingContinuously(5, 8, 8); // each host asked for 8 s only: a sweep's retries, within one window
    assertThat(only(judge()).techniques()).containsExactly("ping_sweep");
  }

  @Test
  void aMonitorPingingFiveTimesEachMinuteIsNoSlowSweep() {
    // nagios check_ping -p 5 every 60 s: more than a one-shot's 4 packets, so each host's pings stay
    // one conversation over the whole capture; 40 hosts 1.5 s apart, 6 down, 10 rounds
    monitorRounds(10, 60.0, 1.5, 5);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void slowPingsOneHostShortOfTheRuleAreNoSweep() {
    slowPingSweep(DetectionSettings.DEFAULTS.slowSweepMinHosts() - 1, DetectionSettings.DEFAULTS.minFailedContacts());
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void slowPingsOneSilenceShortOfTheRuleAreNoSweep() {
    slowPingSweep(DetectionSettings.DEFAULTS.slowSweepMinHosts(), DetectionSettings.DEFAULTS.minFailedContacts() - 1);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void twoRoundsOfASlowMonitorPingingTheSameHostsAreNoSlowSweep() {
    monitorRounds(2, 200.0, 5.0, 1); // 40 hosts, one every 5 s, round after round; 6 are down
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aWorkstationsToolIsTakenFromItsProbesNotItsBrowsing() {
    for (int i = 0; i < 120; i++) { // its own stack's SYNs: window 64240
      wire.conversation(CLIENT, 40000 + i, "198.51.100." + (1 + i % 100), 443);
    }
    wire.nmapSyns(true);
    for (int port = 1; port <= 50; port++) { // nmap's raw SYNs: window 1024, a lone MSS, one source port
      wire.tcp(CLIENT, 61000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, CLIENT, 61000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.tool().name()).isEqualTo("nmap");
    assertThat(v.tool().evidence()).contains("50/50 TCP probes with window 1024 (nmap's raw probes)");
  }

  /**
   * A connect() sweep of tcp/22 on 30 hosts (the stack's SYNs) from {@code src}: live hosts complete
   * the handshake, and the sweeper resets, before the SSH greeting or after it; the rest are silent.
   */
  private void connectSweepOfSsh(String src, boolean afterGreeting) {
    for (int h = 1; h <= 30; h++) {
      String host = "10.0.8." + h;
      int sport = 40000 + h;
      wire.timestamps(true).tcp(src, sport, host, 22, TcpFlags.SYN);
      wire.timestamps(false);
      if (h % 3 == 0) {
        continue;
      }
      wire.tcp(host, 22, src, sport, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(src, sport, host, 22, TcpFlags.ACK);
      if (afterGreeting) {
        wire.tcp(host, 22, src, sport, TcpFlags.PSH | TcpFlags.ACK, 41, 64240, 1); // "SSH-2.0-..."
      }
      wire.tcp(src, sport, host, 22, TcpFlags.RST | TcpFlags.ACK);
    }
  }

  @Test
  void onlyAResetRightAfterTheHandshakeIsNmapsConnectScan() {
    connectSweepOfSsh(SCANNER, false); // nmap -sT: SO_LINGER 0, reset at once
    connectSweepOfSsh(CLIENT, true); // a script closing its socket with the greeting unread
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactlyInAnyOrder(SCANNER, CLIENT);
    for (ScannerVerdict v : a.scanners()) {
      assertThat(v.techniques()).containsExactly("connect");
      assertThat(v.tool().name()).isEqualTo(v.ip().equals(SCANNER) ? "nmap" : "unknown");
    }
  }

  @Test
  void nmapsConnectScanIsNamedWhileResetsOutnumberConnectsClosedWithFin() {
    // nmap -sT resets each open port at once; a script of its may close a connect with FIN
    assertThat(connectScanClosing(35).tool().name()).isEqualTo("nmap");
  }

  @Test
  void aConnectScannerClosingAsManyConnectsWithFinAsWithResetsIsNotNamed() {
    assertThat(connectScanClosing(30, 35).tool().name()).isEqualTo("unknown");
  }

  /** A connect scan from the stack (SYNs offering SACK) closing its open ports with RST, {@code finPorts} with FIN. */
  private ScannerVerdict connectScanClosing(Integer... finPorts) {
    java.util.Set<Integer> fin = java.util.Set.of(finPorts);
    wire.timestamps(true);
    connectScan((port, sport) -> wire.tcp(SCANNER, sport, TARGET, port,
        (fin.contains(port) ? TcpFlags.FIN : TcpFlags.RST) | TcpFlags.ACK));
    return only(judge());
  }

  @Test
  void aFakedThirdSegmentDoesNotHideASynScan() {
    for (int port = 1; port <= 40; port++) { // each SYN followed by an ACK with seq + 1; the target resets
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.SYN, 0, 1024, 500);
      wire.tcp(TARGET, port, SCANNER, 45000, TcpFlags.RST | TcpFlags.ACK);
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.ACK, 0, 1024, 501);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.findings().get(0).open()).isEmpty();
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/1-40");
  }

  @Test
  void aConnectScannerClosingWithFinKeepsTheBannerPortsItFound() {
    assertConnectScanFindsItsOpenPorts((port, sport) -> {
      wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.PSH | TcpFlags.ACK, 40, 64240, 1); // a greeting
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
      wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.FIN | TcpFlags.ACK);
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
    });
  }


  @Test
  void aConnectScannerThatAcknowledgesABannerBeforeClosingKeepsThatPort() {
    // evilscan, nc -z: the banner is acknowledged on its own, then the scanner closes, sending nothing
    assertConnectScanFindsItsOpenPorts((port, sport) -> {
      wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.PSH | TcpFlags.ACK, 40, 64240, 1); // a greeting
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
      wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.FIN | TcpFlags.ACK);
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
    });
  }

  @Test
  void downloadsLongBeforeAScanOrWithoutAHandshakeAreNoBannerProbes() {
    // a passive data connection from TARGET at the start, and one begun before the capture (no SYN:
    // its first segment an ACK), the scanner sending nothing on either; the scan comes minutes later
    wire.at(0);
    wire.tcp(SCANNER, 45000, TARGET, 50001, TcpFlags.SYN, 0, 64240, 3);
    wire.tcp(TARGET, 50001, SCANNER, 45000, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(SCANNER, 45000, TARGET, 50001, TcpFlags.ACK);
    wire.tcp(TARGET, 50001, SCANNER, 45000, TcpFlags.PSH | TcpFlags.ACK, 1400, 64240, 1);
    wire.tcp(SCANNER, 45000, TARGET, 50001, TcpFlags.ACK);
    wire.tcp(TARGET, 50001, SCANNER, 45000, TcpFlags.FIN | TcpFlags.ACK);
    wire.tcp(SCANNER, 45000, TARGET, 50001, TcpFlags.FIN | TcpFlags.ACK);
    wire.tcp(SCANNER, 45001, TARGET, 443, TcpFlags.ACK, 0, 64240, 9);
    wire.tcp(TARGET, 443, SCANNER, 45001, TcpFlags.PSH | TcpFlags.ACK, 1400, 64240, 1);
    wire.tcp(SCANNER, 45001, TARGET, 443, TcpFlags.ACK, 0, 64240, 9);
    wire.at(300);
    rawSynScan(30);
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).open()).isEmpty();
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.distinctPorts()).isEqualTo(30);
  }

  @Test
  void aDownloadFromAHostTheScannerNeverProbedStaysAConversation() {
    rawSynScan(30);
    // a passive data connection: the scanner only receives
    wire.tcp(SCANNER, 45000, "10.0.9.9", 2121, TcpFlags.SYN, 0, 64240, 3);
    wire.tcp("10.0.9.9", 2121, SCANNER, 45000, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(SCANNER, 45000, "10.0.9.9", 2121, TcpFlags.ACK);
    wire.tcp("10.0.9.9", 2121, SCANNER, 45000, TcpFlags.PSH | TcpFlags.ACK, 1400, 64240, 1);
    wire.tcp(SCANNER, 45000, "10.0.9.9", 2121, TcpFlags.ACK);
    wire.tcp("10.0.9.9", 2121, SCANNER, 45000, TcpFlags.FIN | TcpFlags.ACK);
    wire.tcp(SCANNER, 45000, "10.0.9.9", 2121, TcpFlags.FIN | TcpFlags.ACK);
    ScannerVerdict v = only(judge());
    assertThat(v.findings()).extracting(TargetFinding::ip).containsExactly(TARGET);
    assertThat(v.distinctPorts()).isEqualTo(30);
  }

  @Test
  void aRawSynSweepOfOpenPortsEachThenTalkedToIsAScan() {
    // nmap -sS -sV -p 22,80,443 of ten hosts whose ports the attacker had learned were open: nothing
    // refuses, and every port found is talked to after
    versionScanOfOpenPorts(10, 22, 80, 443);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.pattern()).isEqualTo("horizontal");
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.reasons()).contains("30 of 30 distinct targets failed (30 scanned open and talked to)");
    assertThat(v.findings()).hasSize(10)
        .allSatisfy(f -> assertThat(f.open()).containsExactly("tcp/22", "tcp/80", "tcp/443"));
  }

  @Test
  void fourPortsFoundOpenByRawSynsAndARefusalElsewhereAreNoScan() {
    // too few crafted SYNs found or failed for the crafted-scan rule: the open ports stay the source's
    // use of them, and one refused connect of its stack is no scan
    versionScanOfOpenPorts(1, 22, 80, 443, 8080);
    wire.tcp(SCANNER, 46000, "10.0.6.1", 443, TcpFlags.SYN);
    wire.tcp("10.0.6.1", 443, SCANNER, 46000, TcpFlags.RST | TcpFlags.ACK);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aDeviceWhoseBareSynsCarryWindow1024TalkingToItsServersIsNoScanner() {
    // a small device's stack: SYNs with no option and a window of 1024, TTL 64 (not masscan's 255, no
    // masscan IP ID), posting to six servers over HTTPS
    for (int i = 1; i <= 6; i++) {
      String server = "198.51.100." + i;
      wire.tcp(CLIENT, 41000 + i, server, 443, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(server, 443, CLIENT, 41000 + i, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(CLIENT, 41000 + i, server, 443, TcpFlags.ACK, 0, 1024, 8);
      wire.tcp(CLIENT, 41000 + i, server, 443, TcpFlags.PSH | TcpFlags.ACK, 300, 1024, 8);
      wire.tcp(server, 443, CLIENT, 41000 + i, TcpFlags.PSH | TcpFlags.ACK, 900, 64240, 1);
      wire.tcp(CLIENT, 41000 + i, server, 443, TcpFlags.FIN | TcpFlags.ACK, 0, 1024, 8);
      wire.tcp(server, 443, CLIENT, 41000 + i, TcpFlags.FIN | TcpFlags.ACK);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void fewerOpenPortsThanAScanFailsOnFoundByRawSynsAreNoScan() {
    versionScanOfOpenPorts(1, 22, 80, 443, 8080);
    assertThat(judge().scanners()).isEmpty();
  }

  /**
   * SCANNER's nmap -sS -sV of {@code ports} on hosts 10.0.5.1 to {@code hosts}, every port open: each
   * raw SYN answered and reset by its kernel, then each port talked to by its stack.
   */
  private void versionScanOfOpenPorts(int hosts, int... ports) {
    wire.nmapSyns(true);
    for (int h = 1; h <= hosts; h++) {
      for (int port : ports) {
        wire.tcp(SCANNER, 40000, "10.0.5." + h, port, TcpFlags.SYN, 0, 1024, 7);
        wire.tcp("10.0.5." + h, port, SCANNER, 40000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, 40000, "10.0.5." + h, port, TcpFlags.RST);
      }
    }
    wire.nmapSyns(false).timestamps(true);
    int sport = 45000;
    for (int h = 1; h <= hosts; h++) {
      for (int port : ports) {
        wire.conversation(SCANNER, sport++, "10.0.5." + h, port);
      }
    }
  }

  @Test
  void aMasscanBannerSweepOfOpenPortsIsMasscansScan() {
    // masscan --banners -p80,443 over IPv6 (hop limit 255), every port open: its own stack completes
    // each handshake, sends its request, reads the answer and resets; nothing refuses, but for a last
    // port 25 of the first host
    wire.ttl = 255;
    for (int h = 1; h <= 10; h++) {
      String host = "2001:db8::1:" + h;
      for (int port : new int[] {80, 443}) {
        wire.tcp("2001:db8::7", 61000, host, port, TcpFlags.SYN, 0, 1024, 7);
        wire.tcp(host, port, "2001:db8::7", 61000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp("2001:db8::7", 61000, host, port, TcpFlags.ACK, 0, 1200, 8);
        wire.tcp("2001:db8::7", 61000, host, port, TcpFlags.PSH | TcpFlags.ACK, 40, 1200, 8);
        wire.tcp(host, port, "2001:db8::7", 61000, TcpFlags.PSH | TcpFlags.ACK, 300, 64240, 1);
        wire.tcp("2001:db8::7", 61000, host, port, TcpFlags.RST, 0, 1200, 8);
      }
    }
    wire.tcp("2001:db8::7", 61000, "2001:db8::1:1", 25, TcpFlags.SYN, 0, 1024, 7);
    wire.tcp("2001:db8::1:1", 25, "2001:db8::7", 61000, TcpFlags.RST | TcpFlags.ACK);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo("2001:db8::7");
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.tool().name()).isEqualTo("masscan");
    assertThat(v.findings()).hasSize(10).allSatisfy(f -> assertThat(f.open()).containsExactly("tcp/80", "tcp/443"));
    // each handshake was its probe, not a use of the service before the scan
    assertThat(v.firstProbe().port()).isEqualTo(80);
    assertThat(v.firstProbeNanos()).isEqualTo(v.firstSeenNanos());
  }

  @Test
  void handshakesARawScannerCompletesWithItsOwnStackLeaveItASynScan() {
    // masscan --banners: raw SYNs (window 1024, no options), its user-space stack completes the open ones
    rawStackScan(port -> {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.FIN | TcpFlags.ACK, 0, 1200, 8);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.FIN | TcpFlags.ACK);
    });
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.findings().get(0).open()).containsExactly("tcp/10", "tcp/20", "tcp/30");
  }

  /**
   * A raw SYN scan (window 1024, no options) of TARGET's ports 1 to 30 whose user-space stack completes
   * the handshakes of the open ones, 10, 20 and 30, then goes on with {@code afterHandshake}.
   */
  private void rawStackScan(java.util.function.IntConsumer afterHandshake) {
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      if (port % 10 == 0) {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.ACK, 0, 1200, 8);
        afterHandshake.accept(port);
      } else {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  @Test
  void bannersARawScannersOwnStackAskedForAreAmongItsOpenPorts() {
    // masscan --banners: on the open ports its user-space stack sends a request (a GET, an EHLO)
    rawStackScan(port -> {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.PSH | TcpFlags.ACK, 40, 1200, 8);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.PSH | TcpFlags.ACK, 300, 64240, 1);
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.RST, 0, 1200, 8);
    });
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.findings().get(0).open()).containsExactly("tcp/10", "tcp/20", "tcp/30");
    assertThat(v.distinctPorts()).isEqualTo(30);
  }

  @Test
  void aClientConversationFromAStackOfferingNoSackIsNoPortItsScanFound() {
    // a host whose stack offers no SACK (MSS and timestamps only) SYN-scans a server while using its
    // port 8080
    rawSynScan(30, 22);
    wire.sacklessSyns(true);
    wire.conversation(SCANNER, 46000, TARGET, 8080);
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).open()).containsExactly("tcp/22");
    assertThat(v.firstProbe().port()).isEqualTo(1);
  }

  @Test
  void aPassiveFtpDataConnectionAfterTheScanIsNoPortItFound() {
    // nmap -sS -sC: the FTP port found open is logged into and listed (nmap's ftp-anon), the listing
    // coming over a passive data connection the scanner's stack opens to the port the server named
    rawSynScan(30, 21, 22);
    ftpListing(60968);
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).open()).containsExactly("tcp/21", "tcp/22");
    assertThat(v.distinctPorts()).isEqualTo(30);
  }

  @Test
  void aBannerTakenOnAPrivilegedPortBesideAnFtpSessionIsStillFound() {
    // the same session, but the port read without a word is below 1024: no FTP server's data port
    rawSynScan(30, 21, 22);
    ftpListing(110);
    assertThat(only(judge()).findings().get(0).open()).containsExactly("tcp/21", "tcp/22", "tcp/110");
  }

  @Test
  void bannersTakenAfterAnFtpSessionEndedAreStillFound() {
    // the source used the FTP server first; half a minute later it grabs banners on high ports
    wire.windowsSyns(true);
    wire.conversation(SCANNER, 46000, TARGET, 21);
    wire.at(30);
    wire.windowsSyns(false);
    rawSynScan(30);
    wire.windowsSyns(true);
    readWithoutAWord(46100, 8080);
    assertThat(only(judge()).findings().get(0).open()).containsExactly("tcp/8080");
  }

  /**
   * An FTP session from SCANNER's stack to TARGET's port 21: logged in, a listing read over a data
   * connection to {@code dataPort}, on which the client sends nothing, then the session closed.
   */
  private void ftpListing(int dataPort) {
    wire.windowsSyns(true);
    wire.tcp(SCANNER, 46000, TARGET, 21, TcpFlags.SYN);
    wire.tcp(TARGET, 21, SCANNER, 46000, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(SCANNER, 46000, TARGET, 21, TcpFlags.ACK);
    wire.tcp(TARGET, 21, SCANNER, 46000, TcpFlags.PSH | TcpFlags.ACK, 20, 64240, 1); // 220
    wire.tcp(SCANNER, 46000, TARGET, 21, TcpFlags.PSH | TcpFlags.ACK, 16, 64240, 1); // USER, PASV, LIST
    readWithoutAWord(46001, dataPort);
    wire.tcp(SCANNER, 46000, TARGET, 21, TcpFlags.FIN | TcpFlags.ACK);
    wire.tcp(TARGET, 21, SCANNER, 46000, TcpFlags.FIN | TcpFlags.ACK);
  }

  /** SCANNER connects to TARGET's {@code port}, reads what it sends without a word, and closes. */
  private void readWithoutAWord(int sport, int port) {
    wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN);
    wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
    wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.PSH | TcpFlags.ACK, 120, 64240, 1);
    wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
    wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.FIN | TcpFlags.ACK);
    wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
  }

  @Test
  void theFocusRuleWeighsAHostOnAllItsContacts() {
    String server = "10.0.6.9";
    for (int i = 0; i < 40; i++) {
      wire.conversation(CLIENT, 40000 + i, "198.51.100." + (1 + i), 443);
    }
    for (int port = 1; port <= 10; port++) { // ten refusals first ...
      wire.tcp(CLIENT, 41000 + port, server, port, TcpFlags.SYN);
      wire.tcp(server, port, CLIENT, 41000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int port = 100; port < 130; port++) { // ... then thirty services it really uses
      wire.conversation(CLIENT, 42000 + port, server, port);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aTracerouteToAFilteredHostIsNotAFocusedScan() {
    String dst = "93.184.216.34";
    for (int ttl = 1; ttl <= 30; ttl++) {
      wire.ttl = ttl;
      for (int probe = 0; probe < 3; probe++) {
        int port = 33434 + (ttl - 1) * 3 + probe;
        wire.udp(CLIENT, 50000, dst, port, 32);
        if (ttl <= 10) { // the routers on the way answer; the filtered end stays silent
          wire.icmpError("10.9." + ttl + ".1", CLIENT, 11, 0, CLIENT, 50000, dst, port, 17);
        }
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aScanRunThreeTimesOverIsStillThreeRoundsOfProbes() {
    for (int i = 0; i < 100; i++) {
      wire.conversation(CLIENT, 30000 + i, "198.51.100." + (1 + i % 100), 443);
    }
    for (int round = 0; round < 3; round++) {
      for (int port = 1; port <= 40; port++) {
        int sport = 40000 + round * 100 + port;
        wire.tcp(CLIENT, sport, "10.0.6.20", port, TcpFlags.SYN);
        wire.tcp("10.0.6.20", port, CLIENT, sport, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.reasons()).contains("focus rule: 40 of 40 ports on 10.0.6.20 failed");
  }

  @Test
  void aBrowserWhoseQuicIsDroppedIsNotASweepOfUdp443() {
    for (int site = 1; site <= 40; site++) {
      String server = "203.0.113." + site;
      wire.udp(CLIENT, 53000 + site, "10.0.0.53", 53, 40); // the name lookup
      wire.udp("10.0.0.53", 53, CLIENT, 53000 + site, 120);
      wire.udp(CLIENT, 50000 + site, server, 443, 1200); // two QUIC Initials a firewall drops
      wire.udp(CLIENT, 50000 + site, server, 443, 1200);
      wire.conversation(CLIENT, 40000 + site, server, 443); // then TCP
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aSweepSentToTheBroadcastMacIsStillASweep() {
    wire.linkGroupDestination = true;
    for (int host = 1; host <= 20; host++) {
      wire.icmp(SCANNER, "10.0.2." + host, 8, 0);
    }
    wire.linkGroupDestination = false;
    assertThat(only(judge()).techniques()).containsExactly("ping_sweep");
  }

  @Test
  void pingingTheSameHostsRoundAfterRoundIsMonitoringNotASweep() {
    for (int round = 0; round < 10; round++) { // smokeping: 30 hosts in 1.5 s, every minute, all answer
      for (int host = 1; host <= 30; host++) {
        wire.at(round * 60.0 + host * 0.05);
        wire.icmp(CLIENT, "10.9.0." + host, 8, 0);
        wire.icmp("10.9.0." + host, CLIENT, 0, 0);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aPingMonitorWhoseDeadHostsAreExcusedIsNoSweep() {
    for (int round = 0; round < 17; round++) { // fping -l -p 20000 over 60 hosts for 5.5 min, 15 of them gone
      for (int host = 1; host <= 60; host++) {
        wire.at(round * 20.0 + host * 0.01);
        wire.icmp(CLIENT, "10.9.1." + host, 8, 0);
        if (host <= 45) {
          wire.icmp("10.9.1." + host, CLIENT, 0, 0);
        }
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aScannerConfirmedOnAFewPingsIsNamedByThem() {
    for (int host = 1; host <= 6; host++) { // six unanswered echoes: the sequential test's verdict, below a sweep
      wire.at(host * 3.0);
      wire.icmp(SCANNER, "10.9.2." + host, 8, 0);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.reasons()).contains("techniques ping_sweep by opening segment");
  }

  @Test
  void aDhcpServerPingingTheAddressesItOffersIsNoScanner() {
    for (int client = 1; client <= 20; client++) { // dnsmasq: 20 machines boot after a power cut
      String address = "10.9.3." + (20 + client);
      wire.at(client * 0.3);
      wire.arp(1, CLIENT, address); // who-has, three times, unanswered: the address is free
      wire.arp(1, CLIENT, address);
      wire.arp(1, CLIENT, address);
      wire.icmp(CLIENT, address, 8, 0);
      wire.at(client * 0.3 + 0.2);
      wire.dhcpOffer(CLIENT, address);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @ParameterizedTest(name = "{0} partition(s)")
  @ValueSource(ints = {1, 2, 3, 4})
  void aDhcpServersOffersCountInWhicheverPartitionItsClientsRequestsFall(int partitions) {
    // as above, the server's own conversations hashed apart
    ScanAnalysis a = Wire.inPartitions(partitions, w -> checkedLeases(w, 0));
    assertThat(a.scanners()).isEmpty();
  }

  @ParameterizedTest(name = "{0} live, {1} dead")
  @CsvSource({"42, 8, false", "10, 40, true"})
  void aPingMonitorWithSomeHostsDownIsNoSweepButASweepRunInALoopIs(int live, int dead, boolean sweep) {
    // fping -C 3 over a fixed list every 15 s: the live hosts answer every round, the dead never
    for (int round = 0; round < 6; round++) {
      for (int ping = 0; ping < 3; ping++) {
        for (int host = 1; host <= live + dead; host++) {
          wire.at(round * 15 + ping + host * 0.001).icmp(SCANNER, "10.0.1." + host, 8, 0);
          if (host <= live) {
            wire.icmp("10.0.1." + host, SCANNER, 0, 0);
          }
        }
      }
    }
    assertScanByOnly(sweep, "ping_sweep");
  }

  @ParameterizedTest(name = "{0} partition(s), {1} hosts answer")
  @CsvSource({"1, 5, true", "2, 5, true", "3, 3, true", "1, 2, false", "2, 2, false"})
  void anEchoToTheBroadcastAddressIsAPingSweepOfTheHostsThatAnswer(int partitions, int answering, boolean sweep) {
    // nmap --script broadcast-ping: one echo to 255.255.255.255, unicast replies from the live hosts
    ScanAnalysis a = Wire.inPartitions(partitions, w -> {
      w.icmp(SCANNER, "255.255.255.255", 8, 0);
      for (int host = 1; host <= answering; host++) {
        w.icmp("10.0.0." + host, SCANNER, 0, 0);
      }
      w.at(30).icmp(CLIENT, "10.0.0.1", 0, 0); // an answer to no question: no sweep of anybody's
    });
    if (!sweep) {
      assertThat(a.scanners()).isEmpty();
      return;
    }
    ScannerVerdict v = only(a);
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.distinctHosts()).isEqualTo(answering);
    assertThat(v.reasons()).contains("ICMP queries to a broadcast or multicast group answered by " + answering
        + " hosts (ping sweep)");
    assertThat(v.findings()).allMatch(TargetFinding::answered);
  }

  @Test
  void offersThatAnswerNoClientsRequestExcuseNoPingSweep() {
    for (int host = 1; host <= 20; host++) { // each ping followed by a forged broadcast offer of its address
      String address = "10.9.3." + host;
      wire.at(host * 0.03);
      wire.icmp(SCANNER, address, 8, 0);
      wire.at(host * 0.03 + 0.001);
      wire.unaskedDhcpOffer(SCANNER, address);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("20 DHCP offers from it answered no request in the capture"));
  }

  @Test
  void oneForgedRequestLetsOneForgedOfferCountNotAll() {
    wire.dhcpRequest(0x1234);
    for (int host = 1; host <= 20; host++) { // every forged offer repeats the one forged request's id
      String address = "10.9.3." + host;
      wire.at(host * 0.03);
      wire.icmp(SCANNER, address, 8, 0);
      wire.at(host * 0.03 + 0.001);
      wire.dhcpReply(SCANNER, address, 0x1234);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("19 DHCP offers from it answered no request"));
  }

  @Test
  void offersExcuseNoPingThatWasAnswered() {
    // a server offers an address only when no one answered for it: answered pings it "offered" are the
    // live hosts of a sweep (each forged offer with a forged request of its own)
    for (int host = 1; host <= 20; host++) {
      String address = "10.9.3." + host;
      wire.at(host * 0.03);
      wire.icmp(SCANNER, address, 8, 0);
      if (host <= 10) {
        wire.icmp(address, SCANNER, 0, 0);
      }
      wire.at(host * 0.03 + 0.001);
      wire.dhcpOffer(SCANNER, address);
    }
    assertThat(judge().scanners()).singleElement().satisfies(v -> {
      assertThat(v.techniques()).containsExactly("ping_sweep");
      assertThat(v.distinctHosts()).isEqualTo(10);
      assertThat(v.findings()).allMatch(TargetFinding::answered);
    });
  }

  @Test
  void anIscDhcpServersPingHeldUntilArpResolvesLeavesAfterItsOfferAndIsNoScan() {
    // ISC dhcpd, ping-check, on a LAN: the ping waits in the kernel while ARP asks for the address;
    // dhcpd offers after its 1 s timeout, the client takes the address and answers ARP, and only then
    // does the held ping leave, answered by the client (real capture: /tmp/s23/dhcpR, s3)
    for (int client = 1; client <= 20; client++) {
      String address = "10.9.3." + (100 + client);
      double t = client * 1.0;
      wire.at(t);
      wire.arp(1, CLIENT, address);
      wire.at(t + 1.0);
      wire.dhcpOffer(CLIENT, address);
      wire.at(t + 2.0);
      wire.arp(2, address, CLIENT);
      wire.icmp(CLIENT, address, 8, 0);
      wire.icmp(address, CLIENT, 0, 0);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void offersAnsweringNoRequestAreNamedBesideAnyVerdict() {
    wire.unaskedDhcpOffer(SCANNER, "10.9.3.7");
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, SCANNER, 45000, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(only(judge()).reasons()).anyMatch(r -> r.startsWith("1 DHCP offer from it answered no request"));
  }

  @Test
  void aCentralDhcpServerPingingTheAddressesItOffersThroughARelayIsNoScanner() {
    for (int client = 1; client <= 20; client++) { // ISC dhcpd, ping-check, serving another subnet's clients
      String address = "10.9.3." + (20 + client);
      wire.at(client * 0.7);
      wire.icmp(CLIENT, address, 8, 0); // routed there, unanswered: the address is free
      wire.at(client * 0.7 + 0.5);
      wire.dhcpRelayedOffer(CLIENT, "10.9.3.1", address);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void pingsLongAfterTheAddressesWereOfferedStayASweep() {
    for (int host = 1; host <= 20; host++) { // leases handed out, then the gateway pings them all an hour later
      wire.at(host * 0.3);
      wire.dhcpOffer(SCANNER, "10.9.3." + host);
    }
    for (int host = 1; host <= 20; host++) {
      wire.at(3600 + host * 0.3);
      wire.icmp(SCANNER, "10.9.3." + host, 8, 0);
    }
    assertThat(only(judge()).techniques()).containsExactly("ping_sweep");
  }

  @Test
  void pingsOfAddressesADhcpServerNeverOfferedStayASweep() {
    wire.dhcpOffer(SCANNER, "10.9.3.200");
    for (int host = 1; host <= 20; host++) {
      wire.at(host * 0.3);
      wire.icmp(SCANNER, "10.9.3." + host, 8, 0);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.reasons()).noneMatch(r -> r.contains("DHCP")); // its one offer answered a request
  }

  @ParameterizedTest(name = "{0} partition(s)")
  @ValueSource(ints = {1, 2, 3})
  void aFloodOfRequestsThatPushesOutTheClientsOnesIsCountedBesideTheServersChecks(int partitions) {
    ScanAnalysis a = Wire.inPartitions(partitions, w -> {
      for (int client = 1; client <= 20; client++) { // the clients ask first...
        w.at(client * 0.01);
        w.dhcpRequest(client);
      }
      for (int forged = 0; forged < DhcpRequests.MAX_KEPT; forged++) { // ...then a flood of forged requests
        w.at(0.5 + forged * 1e-6);
        w.dhcpRequest(1_000_000 + forged);
      }
      for (int client = 1; client <= 20; client++) { // ...then the server checks each address and offers it
        String address = "10.9.3." + (20 + client);
        w.at(1 + client * 0.3);
        w.icmp(CLIENT, address, 8, 0);
        w.at(1 + client * 0.3 + 0.2);
        w.dhcpReply(CLIENT, address, client);
      }
    });
    assertThat(only(a).techniques()).as("its offers no longer answer a request kept").containsExactly("ping_sweep");
    assertThat(a.cost().dhcpExchangesNotKept()).as("the clients' 20 requests pushed out while fresh").isEqualTo(20);
    assertThat(a.cost().capped()).isTrue();
  }

  @Test
  void offersPastTheBoundOnOffersKeptAreCountedNotTakenForUnasked() {
    for (int i = 0; i <= ConversationTracker.MAX_OFFERS_KEPT; i++) {
      wire.at(i * 1e-4);
      wire.dhcpOffer(CLIENT, leaseAddress(i));
    }
    wire.unaskedDhcpOffer(CLIENT, "10.200.0.1"); // past the bound, an unasked one is still unasked
    TrackerState state = tracker.finish();
    assertThat(unaskedOffersOfTheServer(state)).isEqualTo(1);
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, state);
    assertThat(a.cost().dhcpExchangesNotKept()).isEqualTo(1);
    assertThat(a.cost().capped()).isTrue();
    assertThat(a.scanners()).isEmpty();
  }

  @Test
  void renewalsCheckNoAddressAndCostTheBoundOnOffersNothing() {
    for (int i = 0; i < ConversationTracker.MAX_OFFERS_KEPT; i++) { // 1,000 clients renewing all day
      wire.at(i * 1.3);
      wire.dhcpRenewal(CLIENT, leaseAddress(i % 1000));
    }
    checkedLeases(wire, 100_000); // then new clients, each address checked first
    TrackerState state = tracker.finish();
    assertThat(unaskedOffersOfTheServer(state)).as("renewals asked for").isZero();
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, state);
    assertThat(a.scanners()).as("its checks are still excused").isEmpty();
    assertThat(a.cost().capped()).isFalse();
  }

  @Test
  void aLeasesOfferAndAcknowledgementCostTheBoundOnOffersOneRun() {
    for (int i = 0; i < ConversationTracker.MAX_OFFERS_KEPT; i++) { // as many leases as runs are kept
      wire.at(i * 0.5);
      wire.dhcpLease(CLIENT, leaseAddress(i));
    }
    checkedLeases(wire, 40_000); // then new clients, each address checked first
    ScanAnalysis a = judge();
    assertThat(a.cost().dhcpExchangesNotKept()).as("the last 20 leases' offers only").isEqualTo(20);
    assertThat(only(a).techniques()).as("so their checks are judged").containsExactly("ping_sweep");
  }

  @Test
  void aServerCheckingAddressesForClientsThatNameTheirOldOnesIsNoScanner() {
    // each client sets ciaddr to its old address, against the RFC
    checkedLeases(wire, 0, (client, address) -> wire.dhcpOfferToAClientNamingItsOldAddress(CLIENT,
        "10.9.4." + client, address));
    assertThat(judge().scanners()).as("a new address offered is no renewal").isEmpty();
  }

  /** The DHCP server's ({@code CLIENT}'s) replies that answered no request. */
  private static int unaskedOffersOfTheServer(TrackerState state) {
    long[] server = Wire.addr(CLIENT);
    return state.sources().get(server[0], server[1]).unaskedOffers;
  }

  /** The server's 20 new leases from {@code start} s on, each address pinged first (ping-check). */
  private static void checkedLeases(Wire w, double start) {
    checkedLeases(w, start, (client, address) -> w.dhcpOffer(CLIENT, address));
  }

  /** The same, each address offered to client number 1 to 20 by {@code offer}. */
  private static void checkedLeases(Wire w, double start, java.util.function.BiConsumer<Integer, String> offer) {
    for (int client = 1; client <= 20; client++) {
      String address = "10.9.3." + (20 + client);
      w.at(start + client * 0.3);
      w.icmp(CLIENT, address, 8, 0);
      w.at(start + client * 0.3 + 0.2);
      offer.accept(client, address);
    }
  }

  private static String leaseAddress(int i) {
    return "10." + (i >> 16) + "." + ((i >> 8) & 0xFF) + "." + (i & 0xFF);
  }

  @Test
  void aScanBesideTheScannersOwnBusyTrafficIsStillAScan() {
    int[] ports = {21, 22, 23, 25, 80, 443, 445, 3389, 8080};
    int site = 0;
    for (int host = 1; host <= 9; host++) { // nmap -sS of 9 ports on 9 hosts from a crawler fetching 120 sites
      for (int port : ports) {
        wire.windowsSyns(true);
        for (int fetch = 0; fetch < 2 && site < 120; fetch++, site++) {
          wire.conversation(CLIENT, 40000 + site, "203.0.113." + (site + 1), 80);
        }
        wire.windowsSyns(false).nmapSyns(true);
        wire.tcp(CLIENT, 61000, "10.9.4." + host, port, TcpFlags.SYN, 0, 1024, 7);
        wire.tcp("10.9.4." + host, port, CLIENT, 61000, TcpFlags.RST | TcpFlags.ACK);
        wire.nmapSyns(false);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.distinctHosts()).isEqualTo(9);
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("the sequential test ran over its crafted SYNs alone"));
  }

  @Test
  void aRawSynScanOfServicesTheHostAlsoUsesIsStillAScan() {
    // the host fetches pages from ports 80 and 443 of ten servers, then nmap -sS -p22,80,443 of them:
    // its SYNs leave 80 and 443 half-open (open), and 22 is closed everywhere
    for (int host = 1; host <= 10; host++) {
      wire.windowsSyns(true);
      wire.conversation(CLIENT, 40000 + host, "10.9.4." + host, 80);
      wire.conversation(CLIENT, 41000 + host, "10.9.4." + host, 443);
      wire.windowsSyns(false);
    }
    wire.nmapSyns(true);
    for (int host = 1; host <= 10; host++) {
      for (int port : new int[] {22, 80, 443}) {
        wire.tcp(CLIENT, 61000, "10.9.4." + host, port, TcpFlags.SYN, 0, 1024, 7);
        if (port == 22) {
          wire.tcp("10.9.4." + host, port, CLIENT, 61000, TcpFlags.RST | TcpFlags.ACK);
        } else {
          wire.tcp("10.9.4." + host, port, CLIENT, 61000, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(CLIENT, 61000, "10.9.4." + host, port, TcpFlags.RST);
        }
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.findings()).hasSize(10).allSatisfy(f -> {
      assertThat(f.open()).containsExactly("tcp/80", "tcp/443");
      assertThat(f.closed()).containsExactly("tcp/22");
    });
    assertThat(v.firstProbe().port()).isEqualTo(22); // the scan's first SYN, not the earlier fetches
  }

  @ParameterizedTest(name = "lookups from one socket: {0}")
  @ValueSource(booleans = {false, true})
  void theScannersOwnLookupsAndChecksBeforeItsScanAreNoneOfItsProbes(boolean oneSocket) {
    // a host checks two services of 10.0.0.6 with empty connects every 2 s and asks TARGET's DNS
    // service every second, from a new port each time or from one socket (one conversation, going on
    // through the scan, as an NTP or SNMP client's); 10 s in, nmap -sS of TARGET's ports 1-100, all closed
    wire.timestamps(true);
    for (int i = 0; i < 20; i++) {
      wire.at(i);
      int lookupPort = oneSocket ? 50000 : 50000 + i;
      wire.udp(CLIENT, lookupPort, TARGET, 53, 40);
      wire.udp(TARGET, 53, CLIENT, lookupPort, 90);
      if (i % 2 == 0) {
        for (int port : new int[] {7, 9000}) {
          int sport = 45000 + 10 * i + port % 10;
          wire.tcp(CLIENT, sport, "10.0.0.6", port, TcpFlags.SYN);
          wire.tcp("10.0.0.6", port, CLIENT, sport, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(CLIENT, sport, "10.0.0.6", port, TcpFlags.ACK);
          wire.tcp(CLIENT, sport, "10.0.0.6", port, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp("10.0.0.6", port, CLIENT, sport, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp(CLIENT, sport, "10.0.0.6", port, TcpFlags.ACK);
        }
      }
    }
    wire.timestamps(false).nmapSyns(true);
    wire.at(10);
    for (int port = 1; port <= 100; port++) {
      wire.tcp(CLIENT, 61000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, CLIENT, 61000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.pattern()).isEqualTo("vertical");
    assertThat(v.distinctHosts()).isEqualTo(1);
    assertThat(v.distinctPorts()).isEqualTo(100);
    assertThat(v.findings()).extracting(TargetFinding::ip).containsExactly(TARGET);
    assertThat(v.findings().get(0).open()).isEmpty();
    assertThat(v.firstProbe().port()).isEqualTo(1);
    assertThat(v.firstProbe().technique()).isEqualTo("syn");
  }

  @Test
  void aSlowScansFirstProbeAnsweredLongBeforeItsFirstFailureIsStillItsProbe() {
    // nmap -sU -T1 -p 161,1-12: udp/161 answers at once, the closed ports' refusals come 15 s apart
    wire.at(0);
    wire.udp(SCANNER, 40000, TARGET, 161, 40);
    wire.udp(TARGET, 161, SCANNER, 40000, 60);
    for (int port = 1; port <= 12; port++) {
      wire.at(15.0 * port);
      wire.udp(SCANNER, 40000, TARGET, port, 0);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 40000, TARGET, port, IpProtocol.UDP);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.findings()).singleElement().satisfies(f -> assertThat(f.open()).containsExactly("udp/161"));
    assertThat(v.firstProbe().port()).isEqualTo(161);
  }

  @Test
  void aRawTcpPingMonitorOfLiveServicesIsNoScanner() {
    for (int round = 0; round < 5; round++) { // SmokePing's TCPPing: tcptraceroute's option-less SYNs, every minute
      wire.windowsSyns(true);
      for (int server = 1; server <= 30; server++) { // beside ordinary HTTP checks
        wire.at(round * 60.0 + server * 0.1);
        wire.conversation(CLIENT, 40000 + round * 100 + server, "10.9.5." + server, 80);
      }
      wire.windowsSyns(false);
      for (int server = 1; server <= 8; server++) { // the servers answer, the monitor's kernel resets
        int sport = 50000 + round * 100 + server;
        wire.tcp(CLIENT, sport, "10.9.6." + server, 443, TcpFlags.SYN, 0, 5840, 11);
        wire.tcp("10.9.6." + server, 443, CLIENT, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(CLIENT, sport, "10.9.6." + server, 443, TcpFlags.RST);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aBusyClientWhoseOwnConnectionsFailNowAndThenIsNoScanner() {
    wire.windowsSyns(true); // the same crawler, its stack's SYNs refused by nine hosts
    for (int site = 0; site < 120; site++) {
      wire.conversation(CLIENT, 40000 + site, "203.0.113." + (site + 1), 80);
      if (site % 13 == 0) {
        wire.tcp(CLIENT, 50000 + site, "10.9.4." + site, 80, TcpFlags.SYN);
        wire.tcp("10.9.4." + site, 80, CLIENT, 50000 + site, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aBrowserFallingBackFromQuicToTcpFailsNothing() {
    for (int site = 1; site <= 40; site++) { // no name lookups in sight: a resolver elsewhere, or DoH
      String server = "203.0.113." + site;
      wire.udp(CLIENT, 50000 + site, server, 443, 1200);
      wire.conversation(CLIENT, 40000 + site, server, 443);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aScanOfAFilteringHostStaysAScanWhenTheScannerAlsoTracesIt() {
    for (int port = 1; port <= 100; port++) { // nmap -A: the firewall drops all but three ports
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      if (port == 22 || port == 80 || port == 99) {
        wire.tcp(TARGET, port, SCANNER, 45000, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.RST);
      }
    }
    for (int ttl = 1; ttl <= 4; ttl++) { // then --traceroute: SYNs to port 80, routers answer
      wire.ttl = ttl;
      wire.tcp(SCANNER, 46000 + ttl, TARGET, 80, TcpFlags.SYN, 0, 1024, 8);
      if (ttl < 4) {
        wire.icmpError("10.9." + ttl + ".1", SCANNER, 11, 0, SCANNER, 46000 + ttl, TARGET, 80, 6);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.findings().get(0).open()).containsExactly("tcp/22", "tcp/80", "tcp/99");
  }

  @Test
  void firewalkingIsAScanOfWhatTheFilterPasses() {
    for (int port = 1; port <= 30; port++) { // nmap -sS --ttl 2: hop 2 expires what hop 1's filter let through
      wire.ttl = 2;
      wire.tcp(SCANNER, 44000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      if (port > 10) {
        wire.icmpError("10.9.2.1", SCANNER, 11, 0, SCANNER, 44000, TARGET, port, 6);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.findings().get(0).filtered()).containsExactly("tcp/1-30");
    assertThat(v.reasons()).anyMatch(r -> r.contains("firewalking"));
  }

  /** SYNs to TARGET's ports 1.., port i+1 sent with TTL {@code ttls[i]}, each expired at that hop's router. */
  private void firewalkAt(int... ttls) {
    for (int i = 0; i < ttls.length; i++) {
      wire.ttl = ttls[i];
      wire.tcp(SCANNER, 44000, TARGET, i + 1, TcpFlags.SYN, 0, 1024, 7);
      wire.icmpError("10.9." + ttls[i] + ".1", SCANNER, 11, 0, SCANNER, 44000, TARGET, i + 1, 6);
    }
    wire.ttl = 64;
  }

  @Test
  void aFirewalkOfFivePortsIsAScan() {
    firewalkAt(2, 2, 2, 2, 2); // minFailedContacts ports with one TTL
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).filtered()).containsExactly("tcp/1-5");
    assertThat(v.reasons()).anyMatch(r -> r.contains("firewalking"));
  }

  @Test
  void fourPortsWithALowTtlAreNoFirewalk() {
    firewalkAt(2, 2, 2, 2);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aFirewalkAlternatingBetweenTwoTtlsIsStillOneAtEach() {
    firewalkAt(2, 3, 2, 3, 2, 3, 2, 3, 2, 3);
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).filtered()).containsExactly("tcp/1-10");
    assertThat(v.reasons()).anyMatch(r -> r.contains("firewalking"));
  }

  @Test
  void expiredCopiesSentFirstDoNotHideTheScanThatFollows() {
    wire.ttl = 2;
    for (int port = 1000; port < 1060; port++) { // hping3 --ttl 2 -p ++1000: sixty "successes" of a router's
      wire.tcp(SCANNER, 43000, TARGET, port, TcpFlags.SYN, 0, 512, 7);
      wire.icmpError("10.9.2.1", SCANNER, 11, 0, SCANNER, 43000, TARGET, port, 6);
    }
    wire.ttl = 64;
    for (int port = 1; port <= 30; port++) { // then an ordinary SYN scan, refused
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.SYN, 0, 1024, 9);
      wire.tcp(TARGET, port, SCANNER, 45000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/1-30");
  }

  @Test
  void oneTracedHopExcusesNoSilentProbesOfOtherPorts() {
    wire.ttl = 1; // hping3 --traceroute -p 100: the first router answers
    wire.tcp(SCANNER, 46000, TARGET, 100, TcpFlags.SYN, 0, 512, 8);
    wire.icmpError("10.9.1.1", SCANNER, 11, 0, SCANNER, 46000, TARGET, 100, 6);
    wire.ttl = 30; // nmap --ttl 30 of 90 filtered ports: silence
    for (int port = 101; port <= 190; port++) {
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.SYN, 0, 1024, 9);
    }
    assertThat(only(judge()).findings().get(0).filtered()).containsExactly("tcp/100-190");
  }

  @Test
  void aDistantMonitorsSilentChecksAreNoFirewalkWithoutARoutersAnswer() {
    for (int round = 0; round < 10; round++) { // a device sending with TTL 32, far away: its checks of 12 ports
      wire.at(round * 60.0);
      wire.ttl = 20;
      for (int port = 8001; port <= 8012; port++) {
        int sport = 30000 + round * 100 + port - 8000;
        wire.tcp(CLIENT, sport, TARGET, port, TcpFlags.SYN);
        if (port <= 8003) { // three services up, nine down and silent: a monitor's dead targets
          wire.tcp(TARGET, port, CLIENT, sport, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(CLIENT, sport, TARGET, port, TcpFlags.ACK);
          wire.tcp(CLIENT, sport, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp(TARGET, port, CLIENT, sport, TcpFlags.FIN | TcpFlags.ACK);
        }
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aTcpTracerouteToOnePortIsNoFirewalk() {
    for (int ttl = 1; ttl <= 12; ttl++) { // traceroute -T -p 443 to a host that drops it: routers answer, then silence
      wire.ttl = ttl;
      for (int attempt = 0; attempt < 3; attempt++) {
        int sport = 40000 + ttl * 3 + attempt;
        wire.tcp(CLIENT, sport, TARGET, 443, TcpFlags.SYN);
        if (ttl <= 8) {
          wire.icmpError("10.9." + ttl + ".1", CLIENT, 11, 0, CLIENT, sport, TARGET, 443, 6);
        }
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aBsdTcpTracerouteToANewPortWithEachProbeIsNoFirewalk() {
    int seq = 0; // macOS/FreeBSD traceroute -P tcp: each probe to the next port, three per TTL, six routers
    for (int ttl = 1; ttl <= 7; ttl++) {
      wire.ttl = ttl;
      for (int attempt = 0; attempt < 3; attempt++, seq++) {
        wire.tcp(CLIENT, 50000 + seq, TARGET, 33435 + seq, TcpFlags.SYN, 0, 0, 0);
        if (ttl <= 6) {
          wire.icmpError("10.9." + ttl + ".1", CLIENT, 11, 0, CLIENT, 50000 + seq, TARGET, 33435 + seq, 6);
        } else { // the target itself, closed there
          wire.tcp(TARGET, 33435 + seq, CLIENT, 50000 + seq, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aFirewalkAtEachOfSeveralTtlsIsStillAFirewalk() {
    for (int ttl = 2; ttl <= 3; ttl++) { // the same ports tried past each of two filters
      wire.ttl = ttl;
      for (int port = ttl * 100; port < ttl * 100 + 20; port++) {
        wire.tcp(SCANNER, 44000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
        wire.icmpError("10.9." + ttl + ".1", SCANNER, 11, 0, SCANNER, 44000, TARGET, port, 6);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).filtered()).containsExactly("tcp/200-219", "tcp/300-319");
    assertThat(v.reasons()).anyMatch(r -> r.contains("firewalking"));
  }

  @Test
  void aLowTtlCopyOfEachProbeDoesNotMakeTheTargetsRefusalsSuccesses() {
    for (int port = 1; port <= 30; port++) {
      wire.ttl = 1; // a copy a router answers "time exceeded" about ...
      wire.tcp(SCANNER, 44000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.icmpError("10.9.1.1", SCANNER, 11, 0, SCANNER, 44000, TARGET, port, 6);
      wire.ttl = 64; // ... then the probe itself, refused by the target
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.SYN, 0, 1024, 9);
      wire.tcp(TARGET, port, SCANNER, 45000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/1-30");
  }

  @Test
  void fakedHandshakesToAFilteringHostThatAnswersElsewhereAreNoAnswers() {
    fakedHandshakes(60);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.findings().get(0).open()).containsExactly("tcp/20", "tcp/40", "tcp/60");
  }

  @Test
  void fakedHandshakesToAsManyPortsAsTheSourcesContactTableHoldsAreNoAnswers() {
    // 32 contacts: the table grown to exactly its size (it doubles from one), every row read
    fakedHandshakes(32);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.findings().get(0).open()).containsExactly("tcp/20");
    assertThat(v.findings().get(0).filtered()).hasSize(2); // tcp/1-19, tcp/21-32
  }

  /** SYNs to TARGET's ports 1..{@code ports}: every 20th completes the handshake, the rest get a blind ACK. */
  private void fakedHandshakes(int ports) {
    for (int port = 1; port <= ports; port++) {
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.SYN, 0, 1024, 500);
      if (port % 20 == 0) { // the open ports complete the handshake ...
        wire.tcp(TARGET, port, SCANNER, 45000, TcpFlags.SYN | TcpFlags.ACK);
      }
      wire.tcp(SCANNER, 45000, TARGET, port, TcpFlags.ACK, 0, 1024, 501); // ... the rest get a blind ACK
    }
  }

  @Test
  void aPhoneSystemCheckingItsPhonesWhileHalfAreOffIsNotASweep() {
    for (int round = 0; round < 10; round++) { // SIP OPTIONS to 31 phones every minute, 16 switched off
      for (int phone = 1; phone <= 31; phone++) {
        wire.at(round * 60.0 + phone * 0.01);
        wire.udp(CLIENT, 5060, "10.7.1." + phone, 5060, 400);
        if (phone > 16) {
          wire.udp("10.7.1." + phone, 5060, CLIENT, 5060, 500);
        }
      }
    }
    for (int i = 0; i < 20; i++) {
      wire.conversation(CLIENT, 40000 + i, "198.51.100." + (1 + i), 443);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aSweepRunThreeTimesBesideAFileServerInUseIsStillFound() {
    for (int i = 0; i < 5; i++) { // the workstation's own file server on the same port
      wire.at(i * 100.0);
      wire.conversation(CLIENT, 30000 + i, "10.0.5.5", 445);
    }
    for (int round = 0; round < 3; round++) { // the same sweep, three minutes apart
      for (int host = 1; host <= 60; host++) {
        wire.at(round * 180.0 + host * 0.1);
        String dst = "10.0.7." + host;
        int sport = 40000 + round * 100 + host;
        wire.tcp(CLIENT, sport, dst, 445, TcpFlags.SYN);
        if (host % 4 == 0) { // a quarter accept, and the workstation closes again
          wire.tcp(dst, 445, CLIENT, sport, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(CLIENT, sport, dst, 445, TcpFlags.ACK);
          wire.tcp(CLIENT, sport, dst, 445, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    for (int i = 0; i < 100; i++) {
      wire.at(600.0 + i);
      wire.conversation(CLIENT, 50000 + i, "198.51.100." + (1 + i % 100), 443);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.pattern()).isEqualTo("horizontal");
  }

  @Test
  void aTracerouteBesideASweepAddsNoTechnique() {
    for (int host = 1; host <= 30; host++) {
      String dst = "10.0.7." + host;
      wire.ttl = 64;
      wire.tcp(SCANNER, 45000, dst, 445, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(dst, 445, SCANNER, 45000, TcpFlags.RST | TcpFlags.ACK);
      wire.ttl = 1; // and one UDP traceroute probe each, answered by the first router
      wire.udp(SCANNER, 46000, dst, 33434 + host, 32);
      wire.icmpError("10.9.0.1", SCANNER, 11, 0, SCANNER, 46000, dst, 33434 + host, 17);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.distinctPorts()).isEqualTo(1);
  }

  /** A full connect from SCANNER to TARGET's {@code port} with a request and an answer: version detection's. */
  private void versionDetection(int port) {
    wire.conversation(SCANNER, 45000 + port, TARGET, port);
  }

  @Test
  void aScanWhoseEveryPortWasTalkedToSaysSoInItsReasons() {
    // nmap -sS -sV of five open ports
    rawSynScan(5, 1, 2, 3, 4, 5);
    for (int port = 1; port <= 5; port++) {
      versionDetection(port);
    }
    assertThat(only(judge()).reasons()).contains("5 of 5 distinct targets failed (5 scanned open and talked to)");
  }

  @Test
  void versionDetectionOfTheOpenPortsKeepsASmallSynScanFound() {
    // nmap -sS -sV -p 1-8: four open ports answer SYN/ACK and are reset, then talked to; four refuse
    rawSynScan(8, 2, 3, 5, 8);
    for (int port : new int[] {2, 3, 5, 8}) {
      versionDetection(port);
    }
    assertSmallScanOfEightPortsFound("syn");
  }

  @Test
  void versionDetectionOfTheOpenPortsKeepsASmallConnectScanFound() {
    // nmap -sT -sV -p 1-8: four open ports are connected to and reset at once, then talked to, each
    // several times (-sV tries probe after probe); four refuse
    smallConnectScanThenTalk(true);
    ScannerVerdict v = assertSmallScanOfEightPortsFound("connect");
    assertThat(v.reasons()).anyMatch(r -> r.contains("4 refused, 4 scanned open and talked to"));
  }

  /**
   * Beside a client's conversation, SCANNER alone is a scanner, by {@code technique}, that failed on
   * TARGET's ports 1 to 8, found 2, 3, 5 and 8 open, and began at port 1.
   */
  private ScannerVerdict assertSmallScanOfEightPortsFound(String technique) {
    wire.conversation(CLIENT, 50000, TARGET, 80);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(SCANNER);
    assertThat(v.techniques()).containsExactly(technique);
    assertThat(v.failedContacts()).isEqualTo(8);
    assertThat(v.findings().get(0).open()).containsExactly("tcp/2", "tcp/3", "tcp/5", "tcp/8");
    assertThat(v.firstProbe().port()).isEqualTo(1);
    return v;
  }

  @Test
  void connectsClosedAtOnceThenTalkedToAreNoScanWithoutARefusal() {
    // connects and talk on a host where nothing was refused: a client opening connections it closes
    // unused (a pool warming up) before it uses them
    smallConnectScanThenTalk(false);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void servicesCheckedThenUsedWithARefusalOnAnotherHostAreNoScan() {
    // a CI job checks eight services of its compose host (connect, reset) and uses them; one of its
    // tests is refused by another host
    smallConnectScanThenTalk(false);
    wire.tcp(SCANNER, 43000, "10.0.9.9", 9999, TcpFlags.SYN);
    wire.tcp("10.0.9.9", 9999, SCANNER, 43000, TcpFlags.RST | TcpFlags.ACK);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void connectsClosedInOrderThenTalkedToAreNoScanFound() {
    // wait-for-it (bash's /dev/tcp): connect, then close with FIN, before using the services; four
    // other ports of the host refuse
    healthChecks(1, 0, 4, 4);
    wire.at(1);
    for (int port = 8001; port <= 8004; port++) {
      wire.conversation(CLIENT, 44000 + port, TARGET, port);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void servicesUsedThenConnectedToAtOnceAreNoScan() {
    // the source used eight services of the host first, later connects to them and closes at once
    // (a check after use), and is refused on one other port: the empty connects came second
    for (int port = 1; port <= 8; port++) {
      wire.conversation(SCANNER, 41000 + port, TARGET, port);
    }
    wire.at(30);
    for (int port = 1; port <= 8; port++) {
      emptyConnect(42000 + port, port);
    }
    wire.tcp(SCANNER, 43000, TARGET, 9, TcpFlags.SYN);
    wire.tcp(TARGET, 9, SCANNER, 43000, TcpFlags.RST | TcpFlags.ACK);
    assertThat(judge().scanners()).isEmpty();
  }

  /**
   * SCANNER connects to TARGET's ports 1 to 8 and resets each connection at once, then talks to each
   * port that accepted three times; with {@code refusals} ports 2, 3, 5 and 8 accept and the others
   * refuse, without, all accept.
   */
  private void smallConnectScanThenTalk(boolean refusals) {
    java.util.Set<Integer> open = refusals ? java.util.Set.of(2, 3, 5, 8) : java.util.Set.of(1, 2, 3, 4, 5, 6, 7, 8);
    for (int port = 1; port <= 8; port++) {
      if (open.contains(port)) {
        emptyConnect(40000 + port, port);
      } else {
        wire.tcp(SCANNER, 40000 + port, TARGET, port, TcpFlags.SYN);
        wire.tcp(TARGET, port, SCANNER, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    wire.at(1);
    for (int port : open) {
      for (int probe = 0; probe < 3; probe++) {
        wire.conversation(SCANNER, 44000 + port * 10 + probe, TARGET, port);
      }
    }
  }

  /** SCANNER connects to TARGET's {@code port} and resets the connection at once (nmap -sT). */
  private void emptyConnect(int sport, int port) {
    wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN);
    wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
    wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK);
  }

  @Test
  void aHostWhoseServicesTheSourceUsedIsScannedLikeAnyOther() {
    // the source uses three services of the host, then SYN-scans its first eight ports
    wire.at(0);
    for (int port : new int[] {2, 3, 5}) {
      wire.conversation(SCANNER, 41000 + port, TARGET, port);
    }
    wire.at(30);
    rawSynScan(8, 2, 3, 5, 8);
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.findings().get(0).open()).containsExactly("tcp/2", "tcp/3", "tcp/5", "tcp/8");
    // the scan began with its first SYN, not with the use of a service half a minute before
    assertThat(v.firstProbe().port()).isEqualTo(1);
    assertThat(v.firstProbe().flags()).isEqualTo("S");
    assertThat(v.firstProbeNanos()).isEqualTo(1_700_000_030_000_000_000L);
  }

  @Test
  void aServiceLeftHalfOpenOnAHostWithNoOtherFailureIsNoScan() {
    // a client whose late SYN/ACKs its kernel reset (happy eyeballs' losers) and which came back to
    // those servers later, and which was refused by three others; its stack offers no SACK (a SYN
    // with no option at all, or nmap's lone MSS, is a raw scanner's, which found those ports open)
    wire.sacklessSyns(true);
    for (int i = 1; i <= 12; i++) {
      String server = "198.51.100." + i;
      lateSynAck(server, 40000 + i);
      wire.conversation(CLIENT, 41000 + i, server, 443);
    }
    for (int i = 1; i <= 3; i++) {
      String server = "192.0.2." + i;
      wire.tcp(CLIENT, 42000 + i, server, 443, TcpFlags.SYN);
      wire.tcp(server, 443, CLIENT, 42000 + i, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void haproxyChecksResettingEachConnectBeforeItsAckAreNoScan() {
    // HAProxy's tcp-check of six backends on one host every 2 s: S, S., R. from the stack's own SYNs
    haproxyChecks(5, true);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void haproxyChecksOfAPoolThatIsDownBesideOneThatIsUpAreNoScan() {
    // HAProxy's default layer-4 checks of 17 backends every 2 s, two pools: 9100 up on every backend
    // (S, S., R. from the stack's own SYNs), 8443 down on every one (S, R.)
    wire.windowsSyns(true);
    for (int round = 0; round < 15; round++) {
      wire.at(2.0 * round);
      for (int backend = 1; backend <= 17; backend++) {
        String server = "10.43.0." + (10 + backend);
        int sport = 30000 + round * 100 + backend * 2;
        wire.tcp(CLIENT, sport, server, 9100, TcpFlags.SYN);
        wire.tcp(server, 9100, CLIENT, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(CLIENT, sport, server, 9100, TcpFlags.RST | TcpFlags.ACK);
        wire.tcp(CLIENT, sport + 1, server, 8443, TcpFlags.SYN);
        wire.tcp(server, 8443, CLIENT, sport + 1, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void halfOpenChecksInTooFewRoundsStayAScan() {
    haproxyChecks(2, true);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.techniques()).containsExactly("syn"); // half-open on the wire, whoever sent the SYNs
  }

  @Test
  void aRawSynScanRunInALoopIsNoHealthCheck() {
    haproxyChecks(5, false);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  /**
   * {@code rounds} rounds, 2 s apart, of CLIENT half-opening TARGET's ports 8001 to 8006 (answered,
   * then reset before any ACK), with the stack's own SYNs (offering SACK) or raw ones.
   */
  private void haproxyChecks(int rounds, boolean stack) {
    wire.windowsSyns(stack);
    for (int round = 0; round < rounds; round++) {
      wire.at(2.0 * round);
      for (int port = 8001; port <= 8006; port++) {
        int sport = 30000 + round * 100 + port - 8000;
        wire.tcp(CLIENT, sport, TARGET, port, TcpFlags.SYN);
        wire.tcp(TARGET, port, CLIENT, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(CLIENT, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  /**
   * {@code rounds} rounds, {@code period} seconds apart, of a health checker at CLIENT connecting to
   * TARGET's ports from 8001 and closing at once: the first {@code up} accept, the next {@code down}
   * refuse.
   */
  private void healthChecks(int rounds, double period, int up, int down) {
    for (int round = 0; round < rounds; round++) {
      wire.at(round * period);
      for (int port = 8001; port <= 8000 + up + down; port++) {
        int sport = 30000 + round * 100 + port - 8000;
        wire.tcp(CLIENT, sport, TARGET, port, TcpFlags.SYN);
        if (port <= 8000 + up) {
          wire.tcp(TARGET, port, CLIENT, sport, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(CLIENT, sport, TARGET, port, TcpFlags.ACK);
          wire.tcp(CLIENT, sport, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp(TARGET, port, CLIENT, sport, TcpFlags.FIN | TcpFlags.ACK);
          wire.tcp(CLIENT, sport, TARGET, port, TcpFlags.ACK);
        } else {
          wire.tcp(TARGET, port, CLIENT, sport, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
  }

  @Test
  void aHealthCheckerRetryingItsDownBackendsIsNoScan() {
    healthChecks(10, 2, 6, 6);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aMonitorsDeadTargetsMayNumberThreePerLiveOneAndNoMore() {
    healthChecks(10, 2, 3, 9); // three of twelve backends up
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void moreDeadTargetsPerLiveOneThanAMonitorHasAreAScan() {
    healthChecks(10, 2, 2, 7); // seven dead beside two live: more like a scan run in a loop
    assertThat(only(judge()).ip()).isEqualTo(CLIENT);
  }

  @Test
  void aConnectScanRunInALoopKeepsTheOpenPortsItFound() {
    healthChecks(6, 60, 2, 48); // nmap -sT of 50 ports, two open, six times over
    ScannerVerdict v = only(judge());
    assertThat(v.distinctPorts()).isEqualTo(50);
    assertThat(v.findings().get(0).open()).containsExactly("tcp/8001", "tcp/8002");
  }

  @Test
  void portsAUdpScansVersionDetectionRetriedStayAmongItsFindings() {
    // nmap -sU -sV of 40 ports of two hosts: 37 refused once; version detection sends its probes to the
    // rest five times or more: udp/53 answers, udp/111 and udp/500 are refused each time, and udp/161
    // answers on the first host only
    for (String host : new String[] {TARGET, "10.0.0.6"}) {
      for (int port = 1; port <= 37; port++) {
        wire.udp(SCANNER, 40000, host, port, 0);
        wire.icmpError(host, SCANNER, 3, 3, SCANNER, 40000, host, port, 17);
      }
      for (int round = 0; round < 6; round++) {
        wire.at(1 + round * 0.5);
        for (int port : new int[] {53, 111, 161, 500}) {
          int sport = 41000 + round * 10 + port % 10;
          wire.udp(SCANNER, sport, host, port, 40);
          if (port == 53 || (port == 161 && host.equals(TARGET))) {
            wire.udp(host, port, SCANNER, sport, 90);
          } else {
            wire.icmpError(host, SCANNER, 3, 3, SCANNER, sport, host, port, 17);
          }
        }
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.findings()).extracting(TargetFinding::ip).containsExactly(TARGET, "10.0.0.6");
    assertThat(v.findings().get(0).open()).containsExactly("udp/53", "udp/161");
    assertThat(v.findings().get(0).closed()).containsExactly("udp/1-37", "udp/111", "udp/500");
    assertThat(v.findings().get(1).open()).containsExactly("udp/53");
    assertThat(v.findings().get(1).closed()).containsExactly("udp/1-37", "udp/111", "udp/161", "udp/500");
  }

  @Test
  void checksRepeatedFewerTimesThanAMonitorsRoundsStayAScan() {
    // four rounds: a connect scan run four times over is not a monitor yet (retriedMinRounds = 5)
    healthChecks(DetectionSettings.DEFAULTS.retriedMinRounds() - 1, 2, 6, 6);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.techniques()).containsExactly("connect");
  }

  /**
   * CLIENT's connect(), the stack's SYNs (SACK permitted) or a raw scanner's, to {@code ports} ports of
   * TARGET from 5432 every 2 s for {@code rounds} rounds, each refused: a service waiting for the
   * databases and brokers it depends on.
   */
  private void awaitDependencies(int rounds, int ports, boolean stack) {
    wire.windowsSyns(stack);
    for (int round = 0; round < rounds; round++) {
      wire.at(2.0 * round);
      for (int i = 0; i < ports; i++) {
        int sport = 30000 + round * 100 + i;
        wire.tcp(CLIENT, sport, TARGET, 5432 + i, TcpFlags.SYN);
        wire.tcp(TARGET, 5432 + i, CLIENT, sport, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    wire.windowsSyns(false);
  }

  @Test
  void aServiceWaitingForItsDependenciesIsNoScan() {
    awaitDependencies(30, 5, true);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aServiceWaitsForAtMostWaitingMaxTargetsDependencies() {
    int most = DetectionSettings.DEFAULTS.waitingMaxTargets();
    awaitDependencies(30, most, true);
    assertThat(judge().scanners()).isEmpty();
  }

  @ParameterizedTest(name = "payload {0}")
  @CsvSource({"48, false", "0, true"})
  void anNtpClientWhoseServersAreAllOutOfReachIsNoScanButEmptyDatagramsRetriedAre(int payload, boolean scan) {
    // chronyd with 7 servers behind a firewall that drops NTP: a query each, from a new port, every 8 s
    for (int round = 0; round < 10; round++) {
      for (int server = 1; server <= 7; server++) {
        wire.at(8.0 * round + server * 0.01).udp(CLIENT, 40000 + round * 10 + server, "192.0.2." + server, 123,
            payload);
      }
    }
    assertScanByOnly(scan, "udp");
  }

  @ParameterizedTest(name = "HTTP {0} s after the refusal")
  @CsvSource({"0.01, false", "5, true"})
  void aCrawlerFallingBackFromHttpsToHttpIsNoScan(double delay, boolean scan) {
    httpsFirstCrawl(delay);
    assertScanByOnly(scan, "connect");
  }

  /** https:// first on 30 intranet servers: port 443 refused, then plain HTTP on port 80 {@code delay} s later. */
  private void httpsFirstCrawl(double delay) {
    wire.timestamps(true);
    for (int host = 1; host <= 30; host++) {
      String server = "10.0.2." + host;
      wire.at(host * 10);
      wire.tcp(CLIENT, 40000 + host, server, 443, TcpFlags.SYN);
      wire.tcp(server, 443, CLIENT, 40000 + host, TcpFlags.RST | TcpFlags.ACK);
      wire.at(host * 10 + delay).conversation(CLIENT, 41000 + host, server, 80);
    }
  }

  @ParameterizedTest(name = "TTLs {0}, {1}, routers answering {2}: scan {3}")
  @CsvSource({"15, 2, true, false", "64, 64, true, true", "15, 2, false, true", "15, 64, true, true"})
  void aHostSearchingHowFarMirrorsAreIsNoPingSweep(int firstTtl, int lastTtl, boolean routerAnswers, boolean scan) {
    // netselect ranking 16 mirrors: echo requests with stepped TTLs (the first, 8, 4, 1, the last), a
    // router's "time exceeded" for those that expire, replies from the 9 mirrors up
    int[] ttls = {firstTtl, 8, 4, 1, lastTtl};
    for (int host = 1; host <= 16; host++) {
      String mirror = "10.0.40." + host;
      for (int step = 0; step < ttls.length; step++) {
        wire.at(host * 0.5 + step * 0.05);
        wire.ttl = ttls[step];
        wire.icmp(SCANNER, mirror, 8, 0);
        if (wire.ttl == 1 && routerAnswers) {
          wire.icmpError(ROUTER, SCANNER, 11, 0, SCANNER, 0, mirror, 0, 1);
        } else if (host <= 9 && wire.ttl > 1) {
          wire.icmp(mirror, SCANNER, 0, 0);
        }
      }
    }
    assertThat(judge().scanners()).hasSize(scan ? 1 : 0);
  }

  @ParameterizedTest(name = "{0} hosts guessed: scan {1}")
  @CsvSource({"5, false", "6, true"})
  void aMailClientGuessingItsServersIsNoScanOfFewHosts(int hosts, boolean scan) {
    mailGuess(hosts, java.util.Set.of(993, 587), 0, false);
    assertScanByOnly(scan, "connect");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "talked only on 587: the receiving ports' refusals stay failures, '587', 0, false, false, connect",
      "talked 3 s after the refusals, '993 587', 3, false, false, connect",
      "raw SYNs refused, '993 587', 0, true, false, syn",
      "nmap -sT -sV: the open ports connected empty then talked to, '993 587', 0, false, true, connect"})
  void aMailGuessExcusesOnlyAConnectRefusedBesideTheSameServiceTalkedToAtOnce(String what, String talked,
      double delay, boolean rawSyns, boolean probedFirst, String technique) {
    java.util.Set<Integer> ports = java.util.Arrays.stream(talked.split(" ")).map(Integer::valueOf)
        .collect(java.util.stream.Collectors.toSet());
    if (probedFirst) { // nmap -sT resets an open port right after the handshake, -sV then talks to it
      wire.timestamps(true);
      for (int host = 1; host <= 5; host++) {
        for (int port : ports) {
          wire.at(host * 0.2 - 0.1);
          String server = "10.0.25." + host;
          wire.tcp(CLIENT, 30000 + host * 10 + port % 10, server, port, TcpFlags.SYN);
          wire.tcp(server, port, CLIENT, 30000 + host * 10 + port % 10, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(CLIENT, 30000 + host * 10 + port % 10, server, port, TcpFlags.ACK);
          wire.tcp(CLIENT, 30000 + host * 10 + port % 10, server, port, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    mailGuess(5, ports, delay, rawSyns);
    assertThat(only(judge()).techniques()).contains(technique);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"IPv6 first, true, 0.0003, 0", "IPv4 first, false, 0.0003, 0",
      "each address 2.5 s apart: no fallback, true, 2.5, 1"})
  void aMailGuessOverDualStackNamesExcusesTheOtherAddressTriedAfterARefusal(String what, boolean ipv6First,
      double retryDelay, int scanners) {
    long station = 0x0260_0000_0001L;
    long router = 0x0260_0000_00FEL;
    wire.timestamps(true);
    int sport = 40000;
    for (int host = 1; host <= 5; host++) {
      String[] client = ipv6First ? new String[] {"fd60::77", CLIENT} : new String[] {CLIENT, "fd60::77"};
      String[] server = ipv6First ? new String[] {"fd60:1::" + host, "10.0.25." + host}
          : new String[] {"10.0.25." + host, "fd60:1::" + host};
      for (int port : new int[] {993, 143, 995, 110, 465, 587, 25}) {
        wire.at(host * 0.2);
        wire.linkSource = station;
        if (port == 993 || port == 587) { // the first address greets
          wire.conversation(client[0], sport++, server[0], port, router);
          continue;
        }
        for (int family = 0; family < 2; family++) { // refused, then the name's other address likewise
          wire.at(host * 0.2 + family * retryDelay);
          wire.linkSource = station;
          wire.tcp(client[family], sport, server[family], port, TcpFlags.SYN);
          wire.linkSource = router;
          wire.tcp(server[family], port, client[family], sport++, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    assertThat(judge().scanners()).hasSize(scanners);
  }

  @Test
  void eachMailGuessOfTheOtherFamilyExcusesOneRetry() {
    // the IPv6 address guesses on one name only; the IPv4 address then fails on five names' ports
    long station = 0x0260_0000_0001L;
    long router = 0x0260_0000_00FEL;
    wire.timestamps(true);
    int sport = 40000;
    int[] refused = {143, 995, 110, 465, 25};
    wire.at(0.1);
    wire.linkSource = station;
    wire.conversation("fd60::77", sport++, "fd60:1::1", 993, router);
    wire.conversation("fd60::77", sport++, "fd60:1::1", 587, router);
    for (int port : refused) {
      wire.linkSource = station;
      wire.tcp("fd60::77", sport, "fd60:1::1", port, TcpFlags.SYN);
      wire.linkSource = router;
      wire.tcp("fd60:1::1", port, "fd60::77", sport++, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int host = 1; host <= 5; host++) {
      for (int port : refused) {
        wire.at(0.2 + host * 0.001);
        wire.linkSource = station;
        wire.tcp(CLIENT, sport, "10.0.25." + host, port, TcpFlags.SYN);
        wire.linkSource = router;
        wire.tcp("10.0.25." + host, port, CLIENT, sport++, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.reasons()).anyMatch(r -> r.contains("5 mail ports guessed by a mail client"));
  }

  /**
   * A mail client setting up an account: it connects to every mail port of {@code hosts} candidate
   * names (imap., pop3., smtp., mail. and the domain) at once and keeps what greets it, the
   * conversations on {@code talked} beginning {@code delay} s after the refused tries, those crafted
   * when {@code rawSyns}.
   */
  private void mailGuess(int hosts, java.util.Set<Integer> talked, double delay, boolean rawSyns) {
    wire.timestamps(true);
    int sport = 40000;
    for (int host = 1; host <= hosts; host++) {
      String server = "10.0.25." + host;
      for (int port : new int[] {993, 143, 995, 110, 465, 587, 25}) {
        wire.at(host * 0.2 + (talked.contains(port) ? delay : 0));
        if (talked.contains(port)) {
          wire.conversation(CLIENT, sport++, server, port);
        } else if (rawSyns) { // no options, window 1024: nmap's
          wire.timestamps(false);
          wire.tcp(CLIENT, sport, server, port, TcpFlags.SYN, 0, 1024, 7);
          wire.tcp(server, port, CLIENT, sport++, TcpFlags.RST | TcpFlags.ACK);
          wire.timestamps(true);
        } else {
          wire.tcp(CLIENT, sport, server, port, TcpFlags.SYN);
          wire.tcp(server, port, CLIENT, sport++, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
  }

  @Test
  void theFailureCountSaysHowManyOfTheFailedOutcomesWereExcusedAndWhy() {
    httpsFirstCrawl(0.01); // 30 refusals on 443, each a fallback
    // and a question its first resolver left unanswered, its second answered
    wire.at(300).udp(CLIENT, 53000, "10.0.53.53", 53, 40);
    wire.at(302).udp(CLIENT, 53001, "10.0.53.54", 53, 40);
    wire.udp("10.0.53.54", 53, CLIENT, 53001, 90);
    for (int host = 1; host <= 30; host++) { // and an SSH sweep of 30 silent hosts
      wire.at(400 + host * 0.01).tcp(CLIENT, 42000 + host, "10.0.3." + host, 22, TcpFlags.SYN);
    }
    assertThat(only(judge()).reasons())
        .contains("30 of 92 distinct targets failed (30 conversation, 1 replied, 30 refused, 31 unanswered, 31 of those"
            + " failures excused: 1 failover between servers, 30 HTTPS-to-HTTP fallbacks)");
  }

  @Test
  void moreRetriedPortsThanAServiceWaitsForAreAScan() {
    awaitDependencies(30, DetectionSettings.DEFAULTS.waitingMaxTargets() + 1, true);
    assertThat(only(judge()).techniques()).containsExactly("connect");
  }

  @Test
  void dependenciesTriedFewerRoundsThanAMonitorsAreAScan() {
    awaitDependencies(DetectionSettings.DEFAULTS.retriedMinRounds() - 1, 5, true);
    assertThat(only(judge()).ip()).isEqualTo(CLIENT);
  }

  @Test
  void aRawScannerRetryingRefusedPortsIsNoServiceWaiting() {
    awaitDependencies(30, 5, false);
    assertThat(only(judge()).techniques()).containsExactly("syn");
  }

  @Test
  void aFailureBesideTheRetriedDependenciesLeavesThemAllJudged() {
    awaitDependencies(30, 5, true);
    wire.at(61).windowsSyns(true).tcp(CLIENT, 40000, TARGET, 22, TcpFlags.SYN);
    wire.tcp(TARGET, 22, CLIENT, 40000, TcpFlags.RST | TcpFlags.ACK);
    assertThat(only(judge()).distinctPorts()).isEqualTo(6);
  }

  @Test
  void aScraperRetryingItsDownExportersIsNoScan() {
    // 20 exporters on tcp/9100, 10 of them refusing, scraped in 6 rounds 5 s apart
    scrape(10, 10);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aScrapersDeadExportersMayNumberThreePerLiveOne() {
    scrape(5, 15); // monitorMaxDeadPerLive on the port
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void moreDeadExportersPerLiveOneAreAScan() {
    scrape(5, 16);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  /** CLIENT scrapes tcp/9100 of {@code up} exporters that answer and {@code down} that refuse, 6 rounds 5 s apart. */
  private void scrape(int up, int down) {
    for (int round = 0; round < 6; round++) {
      wire.at(round * 5.0);
      for (int i = 0; i < up + down; i++) {
        String host = "10.0.9." + (40 + i);
        int sport = 30000 + round * 100 + i;
        if (i < up) {
          wire.conversation(CLIENT, sport, host, 9100);
        } else {
          wire.tcp(CLIENT, sport, host, 9100, TcpFlags.SYN);
          wire.tcp(host, 9100, CLIENT, sport, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
  }

  /**
   * An SNMP poller at CLIENT asking udp/161 of two devices that answer and six that are off, once a
   * minute from 0 s, its last round {@code lastRound} ns in: one conversation per device, the polls
   * never more than the idle timeout apart.
   */
  private void pollsUntil(long lastRound) {
    long start = wire.ts;
    long minute = 60_000_000_000L;
    long[] rounds = {0, minute, 2 * minute, 3 * minute, 4 * minute, lastRound};
    for (long round : rounds) {
      for (int d = 0; d < 8; d++) {
        String device = "10.0.10." + (1 + d);
        wire.ts = start + round + d * 10_000_000L;
        wire.udp(CLIENT, 40000, device, 161, 40);
        if (d < 2) {
          wire.udp(device, 161, CLIENT, 40000, 200);
        }
      }
    }
  }

  @Test
  void devicesPolledInOneConversationOverTheRetrySpanAreMonitored() {
    pollsUntil(DetectionSettings.DEFAULTS.retriedSpanNanos()); // 300 s
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void devicesPolledOverLessThanTheRetrySpanAreNotMonitoredYet() {
    pollsUntil(DetectionSettings.DEFAULTS.retriedSpanNanos() - 1);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void probesCarryingOnlyEcnFlagsAreOddFlagsNotANullScan() {
    // nmap --scanflags ECE: closed ports reset; the open ones, every tenth, stay silent
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.ECE, 0, 1024, 7);
      if (port % 10 != 0) {
        wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("odd_tcp_flags");
    assertThat(v.firstProbe().technique()).isEqualTo("odd_tcp_flags");
    assertThat(v.findings().get(0).open()).isEmpty();
  }

  @Test
  void anEcnSetUpSynIsStillASyn() {
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR, 0, 1024, 7);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(only(judge()).techniques()).containsExactly("syn");
  }

  @Test
  void aClosedPortProbedWithManyFlagSetsBesideUsedOnesIsNoMonitorsDeadTarget() {
    // nmap -A: a SYN scan, version detection talking to the open ports again and again, and OS
    // detection sending a closed port five kinds of probe: tried often, but never the same way
    rawSynScan(10, 1, 2);
    for (int round = 0; round < 5; round++) {
      wire.at(1 + round);
      wire.conversation(SCANNER, 47000 + 10 * round, TARGET, 1);
      wire.conversation(SCANNER, 47001 + 10 * round, TARGET, 2);
    }
    int[] osProbes = {TcpFlags.SYN, TcpFlags.ACK, TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG, 0,
        TcpFlags.SYN | TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG};
    for (int i = 0; i < osProbes.length; i++) {
      wire.tcp(SCANNER, 46000 + i, TARGET, 3, osProbes[i], 0, 1024, 7);
      wire.tcp(TARGET, 3, SCANNER, 46000 + i, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.findings().get(0).closed()).containsExactly("tcp/3-10");
  }

  /** One nmap -sT run against TARGET ports 1..last: {@code open} accepts (connect, then reset), the rest refuse. */
  private void connectScanRound(int round, int last, int open) {
    for (int port = 1; port <= last; port++) {
      int sport = 20000 + (round * 7919 + port) % 40000;
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN);
      if (port == open) {
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK);
      } else {
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  // a 1000-port connect scan run in a loop (cron, `while true; do nmap -sT ...`) is no monitor
  @Test
  void aThousandPortConnectScanRepeatedFiveTimesIsStillAScan() {
    for (int round = 0; round < 5; round++) {
      wire.at(round * 60.0);
      connectScanRound(round, 1000, 22);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(SCANNER);
  }

  // nor a SYN scan repeated on a host whose web service the scanner keeps using
  @Test
  void aSynScanRepeatedOnAHostTheSourceKeepsUsingIsStillAScan() {
    for (int round = 0; round < 5; round++) {
      wire.at(round * 60.0);
      wire.conversation(SCANNER, 50000 + round, TARGET, 443); // keeps using the host's web service
      for (int port = 1; port <= 200; port++) {
        int sport = 40000 + round;
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
        if (port == 22 || port == 80) {
          wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST);
        } else {
          wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(SCANNER);
  }

  // nor nmap -sU repeated: the open port answers each round, the closed ones are unreachable each round
  @Test
  void aUdpScanRepeatedFiveTimesIsStillAScan() {
    for (int round = 0; round < 5; round++) {
      wire.at(round * 60.0);
      for (int port = 1; port <= 300; port++) {
        int sport = 40000 + round;
        wire.udp(SCANNER, sport, TARGET, port, 0);
        if (port == 53) {
          wire.udp(TARGET, 53, SCANNER, sport, 40);
        } else {
          wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, sport, TARGET, port, 17);
        }
      }
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(SCANNER);
  }

  // a slow SYN scan (-T1 -sV) whose first probe hit the open port: the first event is that probe
  @Test
  void aSlowSynScanWhoseFirstProbeFoundAnOpenPortStartsThere() {
    wire.at(0);
    wire.tcp(SCANNER, 40000, TARGET, 22, TcpFlags.SYN, 0, 1024, 7);
    wire.tcp(TARGET, 22, SCANNER, 40000, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(SCANNER, 40000, TARGET, 22, TcpFlags.RST);
    for (int i = 1; i <= 12; i++) {
      wire.at(15.0 * i);
      wire.tcp(SCANNER, 40000, TARGET, 100 + i, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, 100 + i, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    wire.at(200);
    wire.conversation(SCANNER, 45022, TARGET, 22); // version detection
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.firstProbe().port()).as("first probe port").isEqualTo(22);
    assertThat(v.firstProbeNanos()).isEqualTo(1_700_000_000_000_000_000L);
  }

  /** Ten more servers the client uses over HTTPS without any failure. */
  private void otherServers() {
    for (int i = 1; i <= 10; i++) {
      wire.at(100.0 + i);
      wire.conversation(CLIENT, 44000 + i, "192.0.2." + i, 443);
    }
  }

  /** One connection left half-open: the SYN/ACK came after the connect timeout and the kernel reset it. */
  private void lateSynAck(String server, int sport) {
    wire.tcp(CLIENT, sport, server, 443, TcpFlags.SYN);
    wire.tcp(server, 443, CLIENT, sport, TcpFlags.SYN | TcpFlags.ACK);
    wire.tcp(CLIENT, sport, server, 443, TcpFlags.RST);
  }

  /**
   * A client using six servers over HTTPS, three connections each, one of them left half-open (a late
   * SYN/ACK), after {@code otherFailure} failed on that server (given the server and its number), and
   * ten more servers used without a failure.
   */
  private void clientWithALateSynAckPerServer(java.util.function.BiConsumer<String, Integer> otherFailure) {
    wire.timestamps(true); // a client: its stack's SYNs (option-less ones are crafted, and fail as a scan's)
    otherServers();
    for (int i = 1; i <= 6; i++) {
      String server = "198.51.100." + i;
      wire.at(10.0 * i);
      otherFailure.accept(server, i);
      for (int n = 0; n < 3; n++) {
        wire.conversation(CLIENT, 41000 + 10 * i + n, server, 443);
      }
      lateSynAck(server, 42000 + i);
    }
  }

  // a client that pings its servers (their firewalls drop ICMP), one late SYN/ACK on each
  @Test
  void aClientWithOneLateSynAckPerServerAndUnansweredPingsIsNoScanner() {
    clientWithALateSynAckPerServer((server, i) -> wire.icmp(CLIENT, server, 8, 0)); // no echo reply
    assertThat(judge().scanners()).isEmpty();
  }

  // nor one whose http:// is refused, then https:// used (HTTPS-only servers), one late SYN/ACK each
  @Test
  void aClientRefusedOnPort80AndUsingPort443IsNoScanner() {
    clientWithALateSynAckPerServer((server, i) -> {
      wire.tcp(CLIENT, 43000 + i, server, 80, TcpFlags.SYN);
      wire.tcp(server, 80, CLIENT, 43000 + i, TcpFlags.RST | TcpFlags.ACK);
    });
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aGatewayPingedRoundAfterRoundBeforeASweepIsNotItsFirstEvent() {
    // a connectivity check pings the gateway every 5 s; 12 s in, a ping sweep of 20 hosts begins
    for (int i = 0; i < 7; i++) {
      wire.at(5.0 * i);
      wire.icmp(CLIENT, "10.0.0.254", 8, 0);
      wire.icmp("10.0.0.254", CLIENT, 0, 0);
    }
    for (int h = 1; h <= 20; h++) {
      wire.at(12 + 0.05 * h);
      wire.icmp(CLIENT, "10.0.3." + h, 8, 0);
      if (h <= 5) {
        wire.icmp("10.0.3." + h, CLIENT, 0, 0);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.firstProbe().dst()).isEqualTo("10.0.3.1");
    assertThat(v.firstProbeNanos()).isEqualTo(1_700_000_012_050_000_000L);
  }

  @Test
  void aSweepOfHostsAllPingedBeforeKeepsItsProbesAndTheirTimes() {
    // every host swept was pinged round after round: the sweep is still found, from its first ping
    for (int round = 0; round < 3; round++) {
      for (int h = 1; h <= 10; h++) {
        wire.at(round * 60 + 0.1 * h);
        wire.icmp(CLIENT, "10.0.3." + h, 8, 0);
        wire.icmp("10.0.3." + h, CLIENT, 0, 0);
      }
    }
    for (int h = 11; h <= 20; h++) { // and ten dead ones in the last round
      wire.at(120 + 0.1 * h);
      wire.icmp(CLIENT, "10.0.3." + h, 8, 0);
    }
    ScannerVerdict v = only(judge());
    assertThat(v.firstProbe().dst()).isEqualTo("10.0.3.11");
  }

  @Test
  void hostsPingedContinuouslyAreStillJudgedFromTheirFirstPings() {
    // eight silent hosts pinged every second for half a minute, a ping sweep by the window rule: every
    // probe row is a host pinged round after round, and the verdict keeps their times rather than the
    // scan being dropped (live hosts so pinged are a monitor's: aContinuousPingerOfLiveHostsIsNoSweep)
    for (int t = 0; t < 30; t++) {
      for (int h = 1; h <= 8; h++) {
        wire.at(t + 0.01 * h);
        wire.icmp(CLIENT, "10.0.4." + h, 8, 0);
      }
    }
    ScannerVerdict v = only(judge());
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.firstProbeNanos()).isEqualTo(1_700_000_000_010_000_000L);
  }
}

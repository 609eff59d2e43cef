package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.Packet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * ARP sweeps (nmap -sn on a LAN, arp-scan) against the ARP every LAN carries: hosts finding their
 * peers, routers finding the next hop of routed traffic, address probes and announcements.
 */
class ArpSweepTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final int REQUEST = 1;
  private static final int REPLY = 2;
  private static final String SWEEPER = "10.88.0.66";
  private static final String ROUTER = "10.88.0.1";
  private static final String REMOTE_SCANNER = "10.99.0.5";
  private static final long SWEEPER_MAC = 0x0288_0000_0066L;
  private static final long ROUTER_MAC = 0x0288_0000_0001L;
  /** Hosts whose DNS service SWEEPER uses (the first at PEER_MAC, the next one up, ...), apart from any sweep. */
  private static final List<String> PEERS = List.of(host(200), host(201), host(202));
  private static final long PEER_MAC = 0x0288_0000_0200L;
  private static final int SILENT_HOSTS = 10;

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private static String host(int n) {
    return "10.88.0." + n;
  }

  private static ScanAnalysis judge(TrackerState state) {
    return Wire.judge(DetectionSettings.DEFAULTS, state);
  }

  private ScanAnalysis judge() {
    return judge(tracker.finish());
  }

  /**
   * A sweep pinging through the kernel: requests for hosts 100..100+n-1, {@code spacing} seconds
   * apart; the first {@code live} reply and are pinged the moment they do, and answer.
   */
  private void resolveAndPing(int n, int live, double spacing) {
    resolveAndPing(n, live, 0, spacing);
  }

  /** The same, from second {@code start}. */
  private void resolveAndPing(int n, int live, double start, double spacing) {
    for (int i = 0; i < n; i++) {
      if (spacing > 0) {
        wire.at(start + i * spacing);
      }
      ask(wire, SWEEPER, SWEEPER_MAC, i, i < live);
      if (i < live) {
        wire.linkSource = SWEEPER_MAC;
        wire.icmp(SWEEPER, host(100 + i), 8, 0);
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.icmp(host(100 + i), SWEEPER, 0, 0);
      }
    }
  }

  /** Broadcast requests from {@code asker} for hosts 100..100+n-1; the first {@code live} reply. */
  private static void sweep(Wire w, String asker, long mac, int n, int live) {
    sweep(w, asker, mac, n, live, 0);
  }

  /** The same, a request every {@code spacing} seconds (0: as the wire's clock goes). */
  private static void sweep(Wire w, String asker, long mac, int n, int live, double spacing) {
    for (int i = 0; i < n; i++) {
      if (spacing > 0) {
        w.at(i * spacing);
      }
      ask(w, asker, mac, i, i < live);
    }
  }

  /** An RFC 5227 probe from 0.0.0.0 for host 100+i, broadcast from station {@code mac}. */
  private void probe(long mac, int i) {
    wire.linkSource = mac;
    wire.linkGroupDestination = true;
    wire.arp(REQUEST, "0.0.0.0", host(100 + i));
  }

  /** A broadcast request from {@code asker} for host 100+i, and the host's reply when it {@code answers}. */
  private static void ask(Wire w, String asker, long mac, int i, boolean answers) {
    w.linkSource = mac;
    w.linkGroupDestination = true;
    w.arp(REQUEST, asker, host(100 + i));
    w.linkGroupDestination = false;
    if (answers) {
      w.linkSource = 0x0288_0000_0100L + i;
      w.arp(REPLY, host(100 + i), asker);
    }
  }

  @ParameterizedTest(name = "{0} of 40 silent")
  @ValueSource(ints = {17, 4})
  void aSlowArpSweepIsJudgedByTheSlowSweepRule(int silent) {
    // arp-scan --interval=1500: a request every 1.5 s, never 8 within 10 s, most hosts answering
    int hosts = 40;
    sweep(wire, SWEEPER, SWEEPER_MAC, hosts, hosts - silent, 1.5);
    ScanAnalysis a = judge();
    if (silent < DetectionSettings.DEFAULTS.minFailedContacts()) {
      assertThat(a.scanners()).isEmpty();
      return;
    }
    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.techniques()).containsExactly("arp_sweep");
    assertThat(v.slowSweep()).isTrue();
    assertThat(v.distinctHosts()).isEqualTo(hosts);
    assertThat(v.reasons()).contains("ARP requests to 40 hosts, fewer than 8 within any 10 s (slow ARP sweep)");
    assertThat(v.findings()).filteredOn(TargetFinding::answered).hasSize(hosts - silent);
  }

  @Test
  void anArpSweepIsAHostSweepThatFoundTheHostsThatReplied() {
    sweep(wire, SWEEPER, SWEEPER_MAC, 30, 6);
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.ip()).isEqualTo(SWEEPER);
    assertThat(v.techniques()).containsExactly("arp_sweep");
    assertThat(v.pattern()).isEqualTo("horizontal");
    assertThat(v.distinctHosts()).isEqualTo(30);
    assertThat(v.failedContacts()).isEqualTo(24);
    assertThat(v.reasons()).contains("ARP requests to 30 hosts within 10 s (ARP sweep)",
        "horizontal: 30 hosts swept, no port probed");
    assertThat(v.flagStats()).containsEntry("ARP", 30L);
    assertThat(v.findings()).hasSize(30).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactly(host(100), host(101), host(102), host(103), host(104), host(105));
    ProbeEvent first = v.firstProbe();
    assertThat(first.proto()).isEqualTo("arp");
    assertThat(first.dst()).isEqualTo(host(100));
    assertThat(first.port()).isNull();
    assertThat(first.technique()).isEqualTo("arp_sweep");
    assertThat(a.suspectedPatterns()).contains("arp_sweep", "horizontal");
  }

  @ParameterizedTest(name = "{0} round(s), {1} dead")
  @CsvSource({"6, 8, false", "6, 12, false", "1, 8, true", "6, 40, true"})
  void aClientsKernelAskingRoundAfterRoundForNeighboursThatArePoweredOffIsNoSweep(int rounds, int dead,
      boolean sweep) {
    // a scraper on a LAN every 10 s: its 20 live exporters answer over kept-alive connections (their
    // addresses cached), while for each dead one the kernel asks 3 times, each round, and the scrape
    // never reaches the wire; asked in one round only, they are as many hosts as a sweep asks. Twelve
    // dead, all silent on ARP, are as many failed hosts on one protocol as the focus rule needs: they
    // are no failures either. Forty, within 3 per live one but above maxDeadNeighbours, are what a
    // worm sweeping the segment by connect() round after round leaves
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < 20; i++) {
        wire.at(round * 10 + i * 0.01);
        if (round == 0) {
          wire.tcp(SWEEPER, 40000 + i, host(10 + i), 9100, TcpFlags.SYN);
          wire.tcp(host(10 + i), 9100, SWEEPER, 40000 + i, TcpFlags.SYN | TcpFlags.ACK);
          wire.tcp(SWEEPER, 40000 + i, host(10 + i), 9100, TcpFlags.ACK);
        }
        wire.tcp(SWEEPER, 40000 + i, host(10 + i), 9100, TcpFlags.PSH | TcpFlags.ACK, 100, 64240, 1);
        wire.tcp(host(10 + i), 9100, SWEEPER, 40000 + i, TcpFlags.PSH | TcpFlags.ACK, 2000, 64240, 1);
      }
      for (int i = 0; i < dead; i++) {
        for (int retry = 0; retry < 3; retry++) {
          wire.at(round * 10 + retry + i * 0.01);
          wire.linkSource = SWEEPER_MAC;
          wire.linkGroupDestination = true;
          wire.arp(REQUEST, SWEEPER, host(100 + i));
        }
      }
      wire.linkGroupDestination = false;
    }
    ScanAnalysis a = judge();
    if (sweep) {
      assertThat(a.scanners()).singleElement().extracting(ScannerVerdict::techniques).isEqualTo(List.of("arp_sweep"));
    } else {
      assertThat(a.scanners()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} dead, SYN {1} s after the answer: sweep {2}")
  @CsvSource({"8, 0.0005, false", "8, 1.5, true", "40, 0.0005, true"})
  void aFanOutWhoseKernelAsksForEachHostItConnectsToLeavesItsDeadHostsOut(int dead, double connectAfter,
      boolean sweep) {
    // an SSH fan-out over 20 live LAN hosts and some powered off, in one round: the kernel asks for
    // each host it connects to and sends the SYN it held the moment the answer comes; the dead hosts
    // are asked 3 times over 2 s and their SYNs never reach the wire. nmap -sS of the same hosts asks
    // them all first, in its discovery phase, and probes the live ones once the phase is over; a worm
    // connecting to every address of its range resolves as a client does, but leaves many more dead
    // (maxDeadNeighbours): both are sweeps
    for (int i = 0; i < dead + 20; i++) {
      double at = i * 0.05;
      wire.at(at);
      wire.linkSource = SWEEPER_MAC;
      wire.linkGroupDestination = true;
      wire.arp(REQUEST, SWEEPER, host(100 + i));
      if (i >= dead) {
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.linkGroupDestination = false;
        wire.arp(REPLY, host(100 + i), SWEEPER);
      } else {
        for (int retry = 1; retry < 3; retry++) {
          wire.at(at + retry);
          wire.arp(REQUEST, SWEEPER, host(100 + i));
        }
      }
    }
    wire.linkGroupDestination = false;
    for (int i = dead; i < dead + 20; i++) {
      wire.at(i * 0.05 + connectAfter);
      wire.linkSource = SWEEPER_MAC;
      wire.conversation(SWEEPER, 40000 + i, host(100 + i), 22, 0x0288_0000_0100L + i);
    }
    ScanAnalysis a = judge();
    if (sweep) {
      assertThat(a.scanners()).singleElement().extracting(ScannerVerdict::techniques).isEqualTo(List.of("arp_sweep"));
    } else {
      assertThat(a.scanners()).isEmpty();
    }
  }

  @Test
  void aPingSweepOfTheSegmentIsNoClientResolvingForItsConnections() {
    // fping -g over 26 addresses, 14 alive: the kernel holds each echo until ARP answers, then sends it
    // at once, as it would a SYN; pings are no connections, and the 12 silent addresses stay the sweep's
    resolveAndPing(26, 14, 0.02);
    assertThat(judge().scanners()).singleElement().satisfies(v -> assertThat(v.techniques()).contains("arp_sweep"));
  }

  @ParameterizedTest(name = "{0} live of 100")
  @ValueSource(ints = {40, 20})
  void anArpScanRunTwiceAMinuteApartIsStillASweep(int live) {
    // arp-scan of 100 addresses, run again a minute later: the live hosts answered ARP alone, which
    // reaches no target the way a monitor reaches its live ones
    for (int round = 0; round < 2; round++) {
      wire.at(round * 60);
      sweep(wire, SWEEPER, SWEEPER_MAC, 100, live);
    }
    wire.linkGroupDestination = false;
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(SWEEPER);
  }

  @Test
  void aHostFindingThePeersItTalksToIsNoSweep() {
    for (int i = 0; i < 12; i++) {
      wire.linkSource = SWEEPER_MAC;
      wire.linkGroupDestination = true;
      wire.arp(REQUEST, SWEEPER, host(100 + i));
      wire.linkGroupDestination = false;
      wire.arp(REPLY, host(100 + i), SWEEPER);
      if (i % 2 == 0) {
        wire.conversation(SWEEPER, 40000 + i, host(100 + i), 445); // it asked, then connected
      } else {
        wire.conversation(host(100 + i), 50000 + i, SWEEPER, 80); // it asked back a client of its own
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aServerResolvingTheClientsItRefusesIsNoSweep() {
    // a server rebooted, its service not up yet: each client, its address still cached, connects;
    // the server asks for the client's, then refuses it
    for (int i = 0; i < 12; i++) {
      wire.linkSource = 0x0288_0000_0100L + i;
      wire.tcp(host(100 + i), 40000 + i, SWEEPER, 5432, TcpFlags.SYN);
      resolved(host(100 + i), 0x0288_0000_0100L + i);
      wire.linkSource = SWEEPER_MAC;
      wire.tcp(SWEEPER, 5432, host(100 + i), 40000 + i, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).doesNotContain(SWEEPER);
  }

  @Test
  void aSweeperForgingAPacketFromEachHostItAsksForStillSweepsTheDeadOnes() {
    // each host seems to reach the sweeper first (a SYN forged from it) and to be reset; only the 6
    // live hosts answer the requests that follow
    for (int i = 0; i < 30; i++) {
      wire.linkSource = 0x0288_0000_0777L;
      wire.tcp(host(100 + i), 40000 + i, SWEEPER, 5432, TcpFlags.SYN);
      wire.linkSource = SWEEPER_MAC;
      wire.tcp(SWEEPER, 5432, host(100 + i), 40000 + i, TcpFlags.RST | TcpFlags.ACK);
      if (i < 6) {
        resolved(host(100 + i), 0x0288_0000_0100L + i);
      } else {
        askedFor(host(100 + i));
      }
      wire.linkGroupDestination = false;
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::techniques)
        .contains(tuple(SWEEPER, List.of("arp_sweep")));
  }

  @Test
  void theTargetOfADecoyScanAskingForEachDecoyIsNoSweep() {
    // nmap -D with 10 decoys on the LAN: every probe goes out from each decoy's address, then the
    // scanner's, all from the scanner's station; the target asks for each decoy in order to answer it
    // (no one replies, so its answers never leave) and answers the scanner, which it has resolved
    String scanner = host(50);
    List<String> decoys = IntStream.range(200, 210).mapToObj(ArpSweepTest::host).toList();
    DecoyScans.deadDecoyScan(wire, SWEEPER, SWEEPER_MAC, scanner, 0x0288_0000_0050L, decoys, this::askedFor);
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).contains(scanner).doesNotContain(SWEEPER);
    assertThat(a.suspectedPatterns()).contains("decoy").doesNotContain("arp_sweep");
  }

  @Test
  void theTargetOfAScannerChangingItsAddressWithEveryProbeIsNoSweep() {
    // hping3 -a with a new address per probe, one port each, from one station; the target asks for
    // each address to answer it, and no one replies
    for (int i = 0; i < 40; i++) {
      wire.linkSource = 0x0288_0000_0777L;
      wire.tcp(host(100 + i), 2000 + i, SWEEPER, 1 + i, TcpFlags.SYN, 0, 512, 64);
      askedFor(host(100 + i));
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).doesNotContain(SWEEPER);
  }

  @Test
  void aRouterResolvingARoutedScansTargetsIsNoSweepButTheScannerIs() {
    // the router asks for 40 hosts as the scanner's SYNs reach it; the 5 that answer get them
    for (int i = 0; i < 40; i++) {
      wire.linkSource = ROUTER_MAC;
      wire.linkGroupDestination = true;
      wire.arp(REQUEST, ROUTER, host(100 + i));
      wire.linkGroupDestination = false;
      if (i < 5) {
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.arp(REPLY, host(100 + i), ROUTER);
        wire.linkSource = ROUTER_MAC; // forwarded: the scanner's address, the router's station
        wire.tcp(REMOTE_SCANNER, 45000, host(100 + i), 80, TcpFlags.SYN, 0, 1024, 7);
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.tcp(host(100 + i), 80, REMOTE_SCANNER, 45000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly(REMOTE_SCANNER);
  }

  /**
   * A LAN scanner's SYNs to 40 hosts, sent to the stations of {@code gateways} routers in turn (the
   * router's address, then host 2's), or with none to each host's own station; the router they went
   * to (with none, the first) asks for each, and the 10 live hosts reset the SYN from their own stations.
   */
  private void lanScanSentTo(int gateways) {
    String scanner = host(50);
    long scannerMac = 0x0288_0000_0050L;
    for (int i = 0; i < 40; i++) {
      long hostMac = 0x0288_0000_0100L + i;
      int gateway = gateways == 0 ? 0 : i % gateways;
      wire.linkSource = scannerMac;
      wire.linkDestination = gateways == 0 ? hostMac : ROUTER_MAC + gateway;
      wire.tcp(scanner, 45000, host(100 + i), 80, TcpFlags.SYN, 0, 1024, 7);
      wire.linkSource = ROUTER_MAC + gateway;
      wire.linkDestination = -1;
      wire.linkGroupDestination = true;
      wire.arp(REQUEST, host(1 + gateway), host(100 + i));
      wire.linkGroupDestination = false;
      if (i < 10) {
        wire.linkSource = hostMac;
        wire.linkDestination = scannerMac;
        wire.tcp(host(100 + i), 80, scanner, 45000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
  }

  @Test
  void theGatewayResolvingTheTargetsOfALanScanSentThroughItIsNoSweep() {
    lanScanSentTo(1); // masscan and zmap send every probe to the gateway's address
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(host(50));
  }

  @ParameterizedTest(name = "{1} of 15 hosts live, SYNs {0} s after the questions: first event {2} to host {3}")
  @CsvSource({"0.5, 15, arp, 100", "0.5, 5, arp, 100", "3, 15, tcp, 100"})
  void aLanScansFirstEventIsItsFirstQuestionForAHostItThenProbed(double lead, int live, String proto, int first) {
    // nmap -sS -p 22,80,443 of hosts 100-114: a question for each at once, then SYNs to those that
    // answered; a live host's question is no failure, as the scan then reached the host, but the scan
    // began with it, unless it came longer before the probes than a scan's discovery does
    sweep(wire, SWEEPER, SWEEPER_MAC, 15, live, 0.001);
    wire.linkSource = SWEEPER_MAC;
    wire.nmapSyns(true);
    for (int i = 0; i < live; i++) {
      for (int port : new int[] {22, 80, 443}) {
        wire.at(lead + i * 0.01 + port * 0.00001).tcp(SWEEPER, 45000, host(100 + i), port, TcpFlags.SYN, 0, 1024, 7);
        wire.tcp(host(100 + i), port, SWEEPER, 45000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    assertThat(judge().scanners()).singleElement().satisfies(v -> {
      assertThat(v.firstProbe().proto()).isEqualTo(proto);
      assertThat(v.firstProbe().dst()).isEqualTo(host(first));
    });
  }

  @Test
  void theGatewayResolvingTheTargetsOfAUdpScanSentThroughItIsNoSweepWhenOnlyErrorsAnswer() {
    // zmap -M upnp, masscan -pU: datagrams to the gateway's station; the live hosts' only answers are
    // port unreachables from their own stations
    String scanner = host(50);
    long scannerMac = 0x0288_0000_0050L;
    for (int i = 0; i < 40; i++) {
      wire.linkSource = scannerMac;
      wire.linkDestination = ROUTER_MAC;
      wire.udp(scanner, 45000, host(100 + i), 1900, 90);
      wire.linkSource = ROUTER_MAC;
      wire.linkDestination = -1;
      wire.linkGroupDestination = true;
      wire.arp(REQUEST, host(1), host(100 + i));
      wire.linkGroupDestination = false;
      if (i < 10) {
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.linkDestination = scannerMac;
        wire.icmpError(host(100 + i), scanner, 3, 3, scanner, 45000, host(100 + i), 1900, IpProtocol.UDP);
      }
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(scanner);
  }

  @Test
  void neitherOfTwoGatewaysResolvingTheTargetsOfALanScanSentThroughThemIsASweep() {
    lanScanSentTo(2); // a VRRP pair, or two routers, each sent half the probes
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(host(50));
  }

  @Test
  void aStationAskingForHostsNoOneSentThroughItStillSweeps() {
    lanScanSentTo(0);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::techniques)
        .contains(tuple(ROUTER, List.of("arp_sweep")));
  }

  @Test
  void aRouterThatForwardedBeforeItAskedAndAskedFromASecondAddressIsNoSweep() {
    // hosts it already knows get the scanner's SYNs at once; then it asks, from its other subnet's address
    for (int i = 0; i < 5; i++) {
      wire.linkSource = ROUTER_MAC;
      wire.tcp(REMOTE_SCANNER, 45000, host(10 + i), 80, TcpFlags.SYN, 0, 1024, 7);
    }
    wire.linkGroupDestination = true;
    for (int i = 0; i < 40; i++) {
      wire.arp(REQUEST, "10.89.0.1", "10.89.0." + (100 + i));
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(REMOTE_SCANNER);
  }

  @Test
  void aSlowSweepIsJudgedLikeASlowPingSweep() {
    // one request every 2 s: never 8 hosts within the sweep window, 95 of 100 silent
    for (int i = 0; i < 100; i++) {
      wire.at(2.0 * i);
      wire.linkSource = SWEEPER_MAC;
      wire.linkGroupDestination = true;
      wire.arp(REQUEST, SWEEPER, "10.88.1." + i);
      if (i < 5) {
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.linkGroupDestination = false;
        wire.arp(REPLY, "10.88.1." + i, SWEEPER);
      }
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(SWEEPER);
    assertThat(v.techniques()).containsExactly("arp_sweep");
    assertThat(v.distinctHosts()).isEqualTo(100);
    assertThat(v.reasons()).noneMatch(r -> r.contains("(ARP sweep)"));
  }

  @Test
  void theSameRequestsFromAStationThatForwardsNothingAreASweep() {
    // the control for the router above: without forwarded packets its requests are a sweep
    sweep(wire, ROUTER, ROUTER_MAC, 40, 5);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(ROUTER);
  }

  @Test
  void requestsToOneStationAddressProbesAndAnnouncementsAreNoSweep() {
    for (int i = 0; i < 20; i++) {
      wire.linkSource = SWEEPER_MAC;
      wire.linkGroupDestination = false; // unicast: Linux checking a neighbour it knows
      wire.arp(REQUEST, SWEEPER, host(100 + i));
      wire.linkSource = 0x0288_0000_0200L + i;
      wire.linkGroupDestination = true;
      wire.arp(REQUEST, "0.0.0.0", host(150 + i)); // RFC 5227 probe: is my new address taken?
      wire.arp(REQUEST, host(150 + i), host(150 + i)); // and the announcement that follows
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @ParameterizedTest(name = "also sends as an address: {0}")
  @ValueSource(booleans = {false, true})
  void aSweepAskedFromNoAddressIsKeptUnderItsStation(boolean sendsAsAddress) {
    // arp-scan --arpspa=0.0.0.0: RFC 5227 probes for every host of the range from one station; the
    // live hosts reply to 0.0.0.0 at the station's hardware address
    if (sendsAsAddress) {
      // as two addresses: a router's station sends as several, but no router asks from 0.0.0.0
      wire.linkSource = SWEEPER_MAC;
      wire.udp(SWEEPER, 40000, PEERS.get(0), 53, 30);
      wire.udp(host(67), 40000, PEERS.get(0), 53, 30);
    }
    for (int i = 0; i < 30; i++) {
      probe(SWEEPER_MAC, i);
      wire.linkGroupDestination = false;
      if (i < 6) {
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.arp(REPLY, host(100 + i), "0.0.0.0", SWEEPER_MAC);
      }
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.ip()).isEqualTo("0.0.0.0");
    assertThat(v.techniques()).containsExactly("arp_sweep");
    assertThat(v.distinctHosts()).isEqualTo(30);
    assertThat(v.reasons()).contains("ARP requests to 30 hosts within 10 s (ARP sweep)",
        "asked from 0.0.0.0, no address of its own (ARP probes, RFC 5227), by the link-layer address "
            + "02:88:00:00:00:66, " + (sendsAsAddress ? "which also sends as " + SWEEPER + ", " + host(67)
                : "which sends as no IPv4 address in the capture"));
    assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactly(host(100), host(101), host(102), host(103), host(104), host(105));
    assertThat(v.firstProbe().src()).isEqualTo("0.0.0.0");
  }

  @ParameterizedTest(name = "{0} hosts gone")
  @ValueSource(ints = {0, 3})
  void aSwitchTrackingItsHostsIsNoSweep(int gone) {
    // Cisco IP device tracking: the switch probes each host it learned, from 0.0.0.0, every 30 s;
    // a host that left stays silent to its last three probes
    for (int round = 0; round < 10; round++) {
      for (int i = 0; i < 20; i++) {
        boolean left = i < gone && round >= 2;
        if (left && round > 4) {
          continue;
        }
        wire.at(round * 30 + i * 0.05);
        probe(ROUTER_MAC, i);
        wire.linkGroupDestination = false;
        if (!left) {
          wire.linkSource = 0x0288_0000_0100L + i;
          wire.arp(REPLY, host(100 + i), "0.0.0.0", ROUTER_MAC);
        }
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aHostCheckingItsOwnNewAddressesIsNoSweep() {
    // a server taking its 12 static addresses at boot: a probe from 0.0.0.0 for each, unanswered, then
    // an announcement of each (or, for the last, its first packet sent as it)
    for (int i = 0; i < 12; i++) {
      probe(SWEEPER_MAC, i);
    }
    for (int i = 0; i < 11; i++) {
      wire.arp(REQUEST, host(100 + i), host(100 + i));
    }
    wire.linkGroupDestination = false;
    wire.udp(host(111), 40000, PEERS.get(0), 53, 30);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void probesNamingAGroupOrNoStationAreLeftOut() {
    // a sender hardware address of all zeros or of a group names no station to keep them under
    for (int i = 0; i < 30; i++) {
      probe(i % 2 == 0 ? 0 : 0x01_00_5e_00_00_01L, i);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void twoStationsAskingFromNoAddressAreTwoSources() {
    // two hosts checking 5 new addresses each (no host does more than a few): no sweep, though the ten
    // go unanswered from the one address 0.0.0.0
    for (int i = 0; i < 10; i++) {
      probe(i % 2 == 0 ? SWEEPER_MAC : PEER_MAC, i);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aProbeAndItsReplyGoToOnePartition() {
    Packet probe = new Packet();
    probe.arpOperation = REQUEST;
    probe.arpSenderLo = Packet.IPV4_MAPPED_MARK;
    probe.arpSenderHardware = SWEEPER_MAC;
    Packet reply = new Packet();
    reply.arpOperation = REPLY;
    reply.arpTargetLo = Packet.IPV4_MAPPED_MARK;
    reply.arpTargetHardware = SWEEPER_MAC;
    int[] apart = IntStream.range(0, 64).filter(i -> {
      probe.arpTargetLo = reply.arpSenderLo = Wire.addr(host(i))[1];
      return ConversationTracker.route(probe, 8) != ConversationTracker.route(reply, 8);
    }).toArray();
    assertThat(apart).isEmpty();
    probe.arpTargetLo = reply.arpSenderLo = Wire.addr(host(1))[1];
    reply.arpTargetHardware = PEER_MAC; // another station's probe: another conversation
    assertThat(IntStream.range(0, 64).filter(i -> {
      reply.arpTargetHardware = PEER_MAC + i;
      return ConversationTracker.route(probe, 8) != ConversationTracker.route(reply, 8);
    }).count()).isPositive();
  }

  @Test
  void aLanSynScanKeepsItsSweepOfDeadHostsWithoutCountingLiveOnesTwice() {
    // nmap -sS on a LAN: ARP discovery of 20 hosts, 5 live ones then get SYNs to port 22
    sweep(wire, SWEEPER, SWEEPER_MAC, 20, 5);
    for (int i = 0; i < 5; i++) {
      wire.linkSource = SWEEPER_MAC;
      wire.tcp(SWEEPER, 41000, host(100 + i), 22, TcpFlags.SYN, 0, 1024, 7);
      wire.linkSource = 0x0288_0000_0100L + i;
      wire.tcp(host(100 + i), 22, SWEEPER, 41000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.techniques()).containsExactly("syn", "arp_sweep");
    assertThat(v.distinctHosts()).isEqualTo(20);
    assertThat(v.contacts()).isEqualTo(20); // 5 SYNs and 15 unanswered requests: a live host's request is its SYN's
  }

  /** SWEEPER SYN-scans 20 ports of host 50, then asks for {@code hosts} silent hosts 2 s apart: never 8 within 10 s. */
  private ScannerVerdict synScanBesideSlowRequests(int hosts) {
    for (int port = 1; port <= 20; port++) {
      wire.linkSource = SWEEPER_MAC;
      wire.tcp(SWEEPER, 41000, host(50), port, TcpFlags.SYN, 0, 1024, 7);
      wire.linkSource = 0x0288_0000_0050L;
      wire.tcp(host(50), port, SWEEPER, 41000, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int i = 0; i < hosts; i++) {
      wire.at(10 + 2 * i);
      askedFor(host(100 + i));
    }
    wire.linkGroupDestination = false;
    return judge().scanners().get(0);
  }

  @Test
  void eightRequestsSlowerThanASweepAreStillTheScannersArpSweep() {
    assertThat(synScanBesideSlowRequests(8).techniques()).containsExactly("syn", "arp_sweep");
  }

  @Test
  void sevenRequestsSlowerThanASweepAreNoArpSweep() {
    assertThat(synScanBesideSlowRequests(7).techniques()).containsExactly("syn");
  }

  @Test
  void aScannersRequestForTheHostItProbesChangesNothing() {
    wire.linkSource = SWEEPER_MAC;
    wire.linkGroupDestination = true;
    wire.arp(REQUEST, SWEEPER, host(100));
    wire.linkGroupDestination = false;
    wire.arp(REPLY, host(100), SWEEPER);
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SWEEPER, 41000, host(100), port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(host(100), port, SWEEPER, 41000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.distinctHosts()).isEqualTo(1);
    assertThat(v.contacts()).isEqualTo(20);
    assertThat(v.firstProbe().proto()).isEqualTo("tcp");
    assertThat(v.findings()).singleElement().matches(TargetFinding::answered, "answered: it reset the probes");
  }

  @Test
  void twoPartitionsFindTheSameSweepsAndTheSameRouterAsOne() {
    ConversationTracker[] parts = {
        new ConversationTracker(DetectionSettings.DEFAULTS, 2, 0), new ConversationTracker(DetectionSettings.DEFAULTS, 2, 1)};
    Wire both = new Wire((Packet p) -> {
      for (ConversationTracker t : parts) {
        t.accept(p);
      }
    });
    for (Wire w : List.of(wire, both)) {
      sweep(w, SWEEPER, SWEEPER_MAC, 30, 6);
      for (int i = 0; i < 40; i++) {
        w.linkSource = ROUTER_MAC;
        w.linkGroupDestination = true;
        w.arp(REQUEST, ROUTER, host(10 + i));
        w.linkGroupDestination = false;
        w.tcp(REMOTE_SCANNER, 45000, host(10 + i), 80, TcpFlags.SYN, 0, 1024, 7); // forwarded by the router
      }
    }
    ScanAnalysis one = judge();
    ScanAnalysis two = judge(TrackerState.merge(List.of(parts[0].finish(), parts[1].finish())));
    assertThat(one.scanners()).extracting(ScannerVerdict::ip).containsExactlyInAnyOrder(SWEEPER, REMOTE_SCANNER);
    assertThat(MAPPER.writeValueAsString(two.scanners())).isEqualTo(MAPPER.writeValueAsString(one.scanners()));
  }

  @Test
  void aSweepPingingTheHostsThatResolvedFoundThemToo() {
    // nmap -sn --send-ip on a LAN: the kernel resolves each address, and only the five that answer
    // get the echo request; the other 26 show as ARP requests alone
    resolveAndPing(31, 5, 0);
    assertAPingAndArpSweepOf31FoundHosts100To104(judge());
  }

  @Test
  void aSlowPingLoopFoundByItsDeadHostsRequestsFoundItsLiveHostsToo() {
    // for i in ...; do ping -c1 $i; sleep 1.5; done: never 8 hosts within a sweep window, and the dead
    // hosts' echoes never leave the host, so only their unanswered requests make it a scan (the focus
    // rule); the hosts that answered its pings are what it found, and its first ping is its first probe
    int hosts = 40;
    int live = 24;
    resolveAndPing(hosts, live, 1.5);
    ScanAnalysis a = judge();
    assertThat(a.scanners()).singleElement().satisfies(v -> {
      assertThat(v.reasons()).contains("focus rule: 16 of 16 hosts on arp failed");
      assertThat(v.techniques()).containsExactlyInAnyOrder("ping_sweep", "arp_sweep");
      assertThat(v.distinctHosts()).isEqualTo(hosts);
      assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
          .containsExactlyElementsOf(IntStream.range(0, live).mapToObj(i -> host(100 + i)).toList());
      assertThat(v.firstProbe().dst()).isEqualTo(host(100));
      assertThat(v.firstProbe().technique()).isEqualTo("ping_sweep");
    });
  }

  @ParameterizedTest(name = "slow loop: {0}")
  @ValueSource(booleans = {true, false})
  void aHostsOwnQuestionsAndPingsLongBeforeASweepAreNoneOfItsProbes(boolean slowLoop) {
    // a peer met every 5 s for 200 s (its address asked for, then a conversation), another host
    // resolved and pinged once at 100 s; then at 200 s the slow ping loop (found by the focus rule), or
    // an arp-scan of the same hosts (found by the sweep rules): neither reaches back to that ping
    for (int i = 0; i < 40; i++) {
      wire.at(i * 5);
      resolved("10.88.1." + (10 + i), PEER_MAC + i);
      wire.at(i * 5 + 1); // not at once: no client whose dead neighbours are its failed connections
      wire.conversation(SWEEPER, 40000 + i, "10.88.1." + (10 + i), 443);
    }
    wire.at(100);
    resolvedAndPinged(host(99), PEER_MAC + 99);
    if (slowLoop) {
      resolveAndPing(40, 24, 200, 1.5);
    } else {
      for (int i = 0; i < 40; i++) {
        wire.at(200 + i * 0.01);
        ask(wire, SWEEPER, SWEEPER_MAC, i, i < 24);
      }
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(SWEEPER);
    assertThat(v.firstProbe().dst()).isEqualTo(host(100));
    assertThat(v.firstProbeNanos()).isGreaterThanOrEqualTo(1_700_000_200_000_000_000L);
    assertThat(v.findings()).extracting(TargetFinding::ip).doesNotContain(host(99));
    assertThat(v.distinctHosts()).isEqualTo(40);
  }

  private static void assertAPingAndArpSweepOf31FoundHosts100To104(ScanAnalysis a) {
    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.ip()).isEqualTo(SWEEPER);
    assertThat(v.techniques()).containsExactlyInAnyOrder("arp_sweep", "ping_sweep");
    assertThat(v.distinctHosts()).isEqualTo(31);
    assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactly(host(100), host(101), host(102), host(103), host(104));
    assertThat(v.firstProbe().dst()).isEqualTo(host(100));
    assertThat(v.firstProbe().technique()).isEqualTo("ping_sweep");
  }

  @Test
  void aSweepPingingHostsWhoseAddressesItKnewFoundThemToo() {
    // nmap -sn --send-ip with a warm neighbour cache: the five live hosts get their echo requests at
    // once, no ARP on the wire; the 26 dead addresses show as ARP requests alone. A ping of a remote
    // address during the sweep, and of a host of the link a minute after it, are none of its probes.
    warmSweep();
    pinged("8.8.8.8", ROUTER_MAC);
    wire.at(60);
    pinged(host(200), PEER_MAC);
    assertAPingAndArpSweepOf31FoundHosts100To104(judge());
  }

  @Test
  void pingsOfAnotherNetworkBesideAnArpSweepAreNotItsProbes() {
    // the same sweep, but the five answered pings went to hosts of another /24 (routed: no request
    // for them on this link)
    warmSweep("10.88.7.");
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.techniques()).containsExactly("arp_sweep");
    assertThat(v.distinctHosts()).isEqualTo(26);
    assertThat(v.findings()).noneMatch(TargetFinding::answered);
  }

  private void warmSweep() {
    warmSweep("10.88.0.");
  }

  /** Pings answered by {@code pinged} 100-104, then unanswered requests for this link's 105-130. */
  private void warmSweep(String pinged) {
    for (int i = 0; i < 5; i++) {
      wire.linkSource = SWEEPER_MAC;
      wire.icmp(SWEEPER, pinged + (100 + i), 8, 0);
      wire.linkSource = 0x0288_0000_0100L + i;
      wire.icmp(pinged + (100 + i), SWEEPER, 0, 0);
    }
    for (int i = 5; i < 31; i++) {
      askedFor(host(100 + i));
    }
    wire.linkGroupDestination = false;
  }

  @Test
  void aHostDroppingEveryProbeButAnsweringArpIsUp() {
    // nmap -sS -Pn on a LAN host whose firewall drops all IP: nmap says "Host is up, received
    // arp-response", and every port filtered
    resolved(host(100), 0x0288_0000_0100L);
    wire.linkSource = SWEEPER_MAC;
    for (int port = 1; port <= 20; port++) {
      wire.tcp(SWEEPER, 41000, host(100), port, TcpFlags.SYN, 0, 1024, 7);
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.findings()).singleElement().satisfies(f -> {
      assertThat(f.answered()).as("answered: its ARP reply").isTrue();
      assertThat(f.filtered()).containsExactly("tcp/1-20");
      assertThat(f.open()).isEmpty();
    });
  }

  @Test
  void hostsTheSweeperAlsoPingedAreAmongWhatItsArpSweepFound() {
    // arp-scan beside pings: hosts 100 and 101, and the gateway, are resolved and pinged at 0 s; at
    // 12 s the sweep asks for hosts 100 to 129 and 6 answer, 100 and 101 among them
    resolvedAndPinged(host(100), 0x0288_0000_0100L);
    resolvedAndPinged(host(101), 0x0288_0000_0101L);
    resolvedAndPinged(ROUTER, ROUTER_MAC);
    wire.at(12);
    sweep(wire, SWEEPER, SWEEPER_MAC, 30, 6);
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.techniques()).containsExactly("arp_sweep");
    assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactly(host(100), host(101), host(102), host(103), host(104), host(105));
    // the sweep began at 12 s: the pings' resolutions before it are no part of it
    assertThat(v.firstProbeNanos()).isGreaterThanOrEqualTo(1_700_000_012_000_000_000L);
  }

  @Test
  void aHostResolvedAgainLongBeforeTheSweepIsNotAmongItsFindings() {
    // a server the sweeper uses: resolved and pinged at 0 s, its address checked again at 100 s; the
    // sweep, at 300 s, does not ask for it
    String server = host(200);
    long mac = 0x0288_0000_0200L;
    resolvedAndPinged(server, mac);
    wire.at(100);
    resolved(server, mac);
    wire.at(300);
    sweep(wire, SWEEPER, SWEEPER_MAC, 30, 6);
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactly(host(100), host(101), host(102), host(103), host(104), host(105));
  }

  /** SWEEPER resolves {@code host}'s address, which answers from {@code mac}, and pings it. */
  private void resolvedAndPinged(String host, long mac) {
    resolved(host, mac);
    pinged(host, mac);
  }

  /** SWEEPER pings {@code host}, whose reply comes from {@code mac}. */
  private void pinged(String host, long mac) {
    wire.linkSource = SWEEPER_MAC;
    wire.icmp(SWEEPER, host, 8, 0);
    wire.linkSource = mac;
    wire.icmp(host, SWEEPER, 0, 0);
  }

  /** SWEEPER asks for {@code host}'s address, which answers from {@code mac}. */
  private void resolved(String host, long mac) {
    askedFor(host);
    wire.linkGroupDestination = false;
    wire.linkSource = mac;
    wire.arp(REPLY, host, SWEEPER);
  }

  /** SWEEPER asks the whole link for {@code host}'s address. */
  private void askedFor(String host) {
    wire.linkSource = SWEEPER_MAC;
    wire.linkGroupDestination = true;
    wire.arp(REQUEST, SWEEPER, host);
  }

  @Test
  void requestsTooSpreadOutForTheSweepWindowBringNoPeerItTalkedToBackAsAFinding() {
    // one request every 1.5 s: 7 hosts within the 10 s window at most, one short of an ARP sweep, so
    // the peers' requests stay excused as next-hop resolution (it is judged on its silent hosts alone)
    requestsBesidePeers(1.5);
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.reasons()).noneMatch(r -> r.contains("(ARP sweep)"));
    assertThat(v.findings()).extracting(TargetFinding::ip).doesNotContainAnyElementsOf(PEERS);
    assertThat(v.distinctHosts()).isEqualTo(SILENT_HOSTS);
  }

  @Test
  void theSameRequestsWithinTheWindowAreASweepThatFoundItsPeersToo() {
    // the peers' answered queries are no probes: only their requests, asked again, make them findings
    requestsBesidePeers(0.2);
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.reasons()).contains("ARP requests to " + SILENT_HOSTS + " hosts within 10 s (ARP sweep)");
    assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactlyInAnyOrderElementsOf(PEERS);
    assertThat(v.distinctHosts()).isEqualTo(SILENT_HOSTS + PEERS.size());
  }

  @Test
  void eightRequestsWithinTheWindowAreJustASweepThatFoundItsPeersToo() {
    // one request every 1.4 s: 8 hosts within the 10 s window, as many as a sweep needs
    requestsBesidePeers(1.4);
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.reasons()).anyMatch(r -> r.endsWith("(ARP sweep)"));
    assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactlyInAnyOrderElementsOf(PEERS);
    assertThat(v.distinctHosts()).isEqualTo(SILENT_HOSTS + PEERS.size());
  }

  @Test
  void anArpSweepOfEightHostsIsASweepAndOfSevenIsNone() {
    sweep(wire, SWEEPER, SWEEPER_MAC, 8, 2);
    assertThat(judge().scanners()).singleElement().satisfies(v -> {
      assertThat(v.techniques()).containsExactly("arp_sweep");
      assertThat(v.distinctHosts()).isEqualTo(8);
      assertThat(v.reasons()).contains("ARP requests to 8 hosts within 10 s (ARP sweep)");
    });
    ConversationTracker seven = new ConversationTracker(DetectionSettings.DEFAULTS);
    sweep(new Wire(seven), SWEEPER, SWEEPER_MAC, 7, 2);
    assertThat(judge(seven.finish()).scanners()).isEmpty();
  }

  /**
   * SWEEPER resolves the {@link #PEERS} and asks each a DNS question, then asks for {@link
   * #SILENT_HOSTS} hosts that never answer, {@code secondsApart} apart, and halfway through asks for
   * the peers again.
   */
  private void requestsBesidePeers(double secondsApart) {
    for (int p = 0; p < PEERS.size(); p++) {
      String peer = PEERS.get(p);
      long mac = PEER_MAC + p;
      resolved(peer, mac);
      wire.linkSource = SWEEPER_MAC;
      wire.udp(SWEEPER, 53000 + p, peer, 53, 40);
      wire.linkSource = mac;
      wire.udp(peer, 53, SWEEPER, 53000 + p, 120);
    }
    for (int i = 0; i < SILENT_HOSTS; i++) {
      wire.at(1 + secondsApart * i);
      if (i == SILENT_HOSTS / 2) {
        for (int p = 0; p < PEERS.size(); p++) {
          resolved(PEERS.get(p), PEER_MAC + p);
        }
      }
      askedFor(host(100 + i));
    }
    wire.linkGroupDestination = false;
  }

  @Test
  void aConnectivityCheckPingLongBeforeAnArpSweepIsNeitherTheFirstEventNorAPingSweep() {
    // an inventory host pings its gateway and 8.8.8.8 once a minute (answered); at 300 s it arp-scans
    for (int m = 0; m < 5; m++) {
      wire.at(60.0 * m);
      wire.icmp(SWEEPER, "8.8.8.8", 8, 0);
      wire.icmp("8.8.8.8", SWEEPER, 0, 0);
      wire.icmp(SWEEPER, "10.88.0.1", 8, 0);
      wire.icmp("10.88.0.1", SWEEPER, 0, 0);
    }
    wire.at(300);
    for (int i = 0; i < 30; i++) {
      wire.linkSource = SWEEPER_MAC;
      wire.linkGroupDestination = true;
      wire.arp(REQUEST, SWEEPER, "10.88.0." + (100 + i));
      if (i < 6) {
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.linkGroupDestination = false;
        wire.arp(REPLY, "10.88.0." + (100 + i), SWEEPER);
      }
    }
    wire.linkGroupDestination = false;
    ScanAnalysis a = judge();
    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.firstProbe().proto()).isEqualTo("arp");
    assertThat(v.techniques()).containsExactly("arp_sweep");
    assertThat(v.distinctHosts()).isEqualTo(30);
  }
}

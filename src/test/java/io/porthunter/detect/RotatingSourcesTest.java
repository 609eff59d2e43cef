package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scans from a scanner that changes its source address probe by probe, against the stations that
 * send as many addresses for other reasons: routers, and hosts whose many addresses are clients.
 */
class RotatingSourcesTest {
  private static final String TARGET = "10.60.0.100";
  private static final String TARGET6 = "fd60::100";
  private static final long STATION = 0x0260_0000_000aL;
  private static final long TARGET_MAC = 0x0260_0000_0100L;

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private static String address(int n) {
    return "10.60.3." + n;
  }

  private static String address6(int n) {
    return "fd60::a:" + Integer.toHexString(n);
  }

  private ScanAnalysis judge() {
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  /**
   * Ports 1..n of {@code target}, each probed from the next of {@code sources} with a connect's SYN
   * (TTL {@code ttl.get(i)}) and refused.
   */
  private void rotatingScan(List<String> sources, String target, List<Integer> ttl) {
    wire.timestamps(true);
    long start = wire.ts + 10_000_000L; // after whatever came before, a probe every 10 ms
    for (int i = 0; i < sources.size(); i++) {
      wire.ts = start + i * 10_000_000L;
      wire.linkSource = STATION;
      wire.ttl = ttl.get(i % ttl.size());
      wire.tcp(sources.get(i), 40000 + i, target, i + 1, TcpFlags.SYN);
      wire.linkSource = TARGET_MAC;
      wire.ttl = 64;
      wire.tcp(target, i + 1, sources.get(i), 40000 + i, TcpFlags.RST | TcpFlags.ACK);
    }
  }

  /** {@code from}, on the station, pings {@code host}, which answers. */
  private void pingAnswered(String from, String host) {
    wire.linkSource = STATION;
    wire.icmp(from, host, 8, 0);
    wire.linkSource = TARGET_MAC;
    wire.icmp(host, from, 0, 0);
  }

  private static List<String> addresses(int n) {
    return IntStream.rangeClosed(1, n).mapToObj(RotatingSourcesTest::address).toList();
  }

  @Test
  void aScannerRotatingItsIpv4AddressIsOneVerticalScanNamedByItsFirstAddress() {
    rotatingScan(addresses(40), TARGET, List.of(64));

    ScanAnalysis a = judge();

    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.ip()).isEqualTo(address(1));
    assertThat(v.pattern()).isEqualTo("vertical");
    assertThat(v.distinctPorts()).isEqualTo(40);
    assertThat(v.techniques()).containsExactly("connect");
    assertThat(v.firstProbe().src()).isEqualTo(address(1));
    assertThat(v.firstProbe().port()).isEqualTo(1);
    assertThat(v.reasons()).anyMatch(r -> r.startsWith("sent from 40 addresses of one station (10.60.3.1 to "
        + "10.60.3.40, TTL 64)"));
    assertThat(a.suspectedPatterns()).contains("rotating_source");
  }

  @Test
  void addressesAskingArpForTheirTargetAreStillCombined() {
    // each new address resolves the target first, from itself: resolution, excused, not a client's excuse
    for (int i = 1; i <= 40; i++) {
      wire.linkSource = STATION;
      wire.arp(1, address(i), TARGET);
      wire.linkSource = TARGET_MAC;
      wire.arp(2, TARGET, address(i));
    }
    rotatingScan(addresses(40), TARGET, List.of(64));

    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(address(1));
  }

  @Test
  void anIpv6ScannerRotatingThroughItsSlash64IsFoundThoughItsNeighbourDiscoveryUsesHopLimit255() {
    List<String> sources = IntStream.rangeClosed(1, 40).mapToObj(RotatingSourcesTest::address6)
        .toList();
    for (int i = 0; i < sources.size(); i++) {
      wire.linkSource = STATION; // each new address answers the target's solicitation for it, at hop limit 255
      wire.ttl = 255;
      wire.neighbourDiscovery(sources.get(i), TARGET6, 136, sources.get(i));
    }
    rotatingScan(sources, TARGET6, List.of(64));

    ScanAnalysis a = judge();

    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly(address6(1));
    assertThat(a.scanners().get(0).distinctPorts()).isEqualTo(40);
  }

  @ParameterizedTest
  @ValueSource(strings = {"49,113,241,57", "63", "127"})
  void sourcesARouterForwardedArriveBelowTheTtlsStacksStartFromAndAreNotCombined(String ttls) {
    // hosts at several distances, or a routed network of one operating system (pods behind their
    // node, an IPv6 office LAN): one lower than their stacks' 64 or 128
    rotatingScan(addresses(40), TARGET, java.util.Arrays.stream(ttls.split(",")).map(Integer::valueOf).toList());

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void clientsSharingTheirServersAreNotCombinedThoughEachFailedOnce() {
    // 32 addresses of one host at TTL 64 (containers on an ipvlan): each asks the same resolver,
    // uses the same service, and fails once on a stale endpoint of its own
    wire.timestamps(true);
    for (int i = 1; i <= 32; i++) {
      String pod = address(i);
      wire.at(i * 0.05);
      wire.linkSource = STATION;
      wire.udp(pod, 30000 + i, "10.60.0.53", 53, 40);
      wire.linkSource = TARGET_MAC;
      wire.udp("10.60.0.53", 53, pod, 30000 + i, 120);
      wire.linkSource = STATION;
      wire.conversation(pod, 41000 + i, "10.60.0.80", 8080, TARGET_MAC);
      wire.tcp(pod, 42000 + i, "10.60.1." + i, 8080, TcpFlags.SYN);
    }

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void addressesForgedAtRandomShareNoBlockAndAreNotCombined() {
    // a random-source flood to random ports, or fresh decoys: one station, addresses anywhere
    List<String> forged = IntStream.rangeClosed(1, 40).mapToObj(i -> "10." + i + ".7." + (i * 3))
        .toList();
    rotatingScan(forged, TARGET, List.of(64));

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void addressesThatWereServedAreLeftOutThoughEachAlsoFailedOnce() {
    // 40 addresses of one host at TTL 64 (containers on an ipvlan), each served by a server of its
    // own and failing once on a dead one of its own
    wire.timestamps(true);
    for (int i = 1; i <= 40; i++) {
      wire.at(i * 0.05);
      wire.linkSource = STATION;
      wire.conversation(address(i), 41000 + i, "10.60.2." + i, 443, TARGET_MAC);
      wire.tcp(address(i), 42000 + i, "10.60.5." + i, 8080, TcpFlags.SYN);
    }

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void anExcuseEachAddressEarnedAloneIsNotLostTogether() {
    // Happy Eyeballs with broken IPv6, on one host with an address per container: each IPv6 connect
    // goes unanswered, and 100 ms later the host's IPv4 address holds the conversation instead
    wire.timestamps(true);
    for (int i = 1; i <= 24; i++) {
      wire.at(i);
      wire.linkSource = STATION;
      wire.tcp(address6(i), 50000 + i, "fd61::" + Integer.toHexString(i), 443, TcpFlags.SYN);
      wire.at(i + 0.1);
      wire.conversation("10.60.0.10", 40000 + i, "10.61.0." + i, 443, TARGET_MAC);
    }

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void oneOddPacketFromAnotherAddressOfTheStationDoesNotHideTheScan() {
    wire.linkSource = STATION;
    wire.ttl = 1; // a traceroute's first probe, from the host's main address
    wire.udp("10.60.0.10", 33434, TARGET, 33434, 32);
    rotatingScan(addresses(40), TARGET, List.of(64));

    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(address(1));
  }

  @Test
  void theAddressWhoseFirstContactCameFirstNamesTheScanNotOneThatAnsweredBefore() {
    wire.linkSource = TARGET_MAC;
    wire.udp(TARGET, 5353, address(7), 5353, 40); // a question to one of the addresses, answered
    wire.linkSource = STATION;
    wire.udp(address(7), 5353, TARGET, 5353, 80);
    rotatingScan(addresses(40), TARGET, List.of(64));

    ScanAnalysis a = judge();

    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly(address(1));
    assertThat(a.scanners().get(0).firstProbe().src()).isEqualTo(address(1));
  }

  @Test
  void fewerAddressesThanASweepOfThemNeedsAreLeftAlone() {
    int n = DetectionSettings.DEFAULTS.rotatingMinSources() - 1;
    rotatingScan(addresses(n), TARGET, List.of(64));

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void asManyAddressesAsTheRuleNeedsAreJudgedAsOne() {
    int n = DetectionSettings.DEFAULTS.rotatingMinSources();
    rotatingScan(addresses(n), TARGET, List.of(64));

    ScanAnalysis a = judge();

    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly(address(1));
    assertThat(a.scanners().get(0).distinctPorts()).isEqualTo(n);
    assertThat(a.suspectedPatterns()).contains("rotating_source");
    // its probes count in the port distribution once, under the scan's name
    assertThat(a.portHits()).hasSize(n).allSatisfy(c -> assertThat(c.hits()).isEqualTo(1));
  }

  @Test
  void addressesThatOnlyHeldConversationsAreLeftOutOfTheScanBeside() {
    wire.timestamps(true);
    for (int i = 101; i <= 120; i++) { // clients of their own servers, before the scan
      wire.linkSource = STATION;
      wire.conversation(address(i), 41000 + i, "10.60.2." + i, 443, TARGET_MAC);
    }
    rotatingScan(addresses(40), "10.60.0.100", List.of(64));

    ScanAnalysis a = judge();

    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactly(address(1));
    assertThat(a.scanners().get(0).contacts()).isEqualTo(40);
  }

  @Test
  void manyAddressesOfOneHostThatAreServedAreClientsNotAScan() {
    wire.timestamps(true);
    for (int i = 1; i <= 40; i++) {
      wire.at(i * 0.05);
      wire.linkSource = STATION;
      wire.conversation(address(i), 41000 + i, TARGET, 443, TARGET_MAC);
    }

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void anAddressWithMoreContactsThanARotatingScannerUsesIsJudgedOnItsOwnAndLeftOutOfTheCombinedScan() {
    rotatingScan(addresses(40), TARGET, List.of(64));
    String alone = address(200);
    for (int port = 1000; port < 1020; port++) { // a scan of its own from another address of the station,
      wire.linkSource = STATION;
      wire.tcp(alone, 50000, "10.60.0.101", port, TcpFlags.SYN);
    }

    String client = address(201);
    for (int port = 80; port < 86; port++) { // and a client's six conversations from a third
      wire.linkSource = STATION;
      wire.conversation(client, 42000 + port, "10.60.0.102", port, TARGET_MAC);
    }

    ScanAnalysis a = judge();

    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactlyInAnyOrder(address(1), alone);
    ScannerVerdict combined = a.scanners().stream().filter(v -> v.ip().equals(address(1))).findFirst().orElseThrow();
    assertThat(combined.contacts()).isEqualTo(40);
    assertThat(combined.distinctPorts()).isEqualTo(40);
  }

  @Test
  void aPoolOfClientAddressesMostOfThemServedIsNotCombined() {
    // a mail server's 128 addresses of one /24: each delivers one message, one MX in five is dead
    wire.timestamps(true);
    for (int i = 1; i <= 128; i++) {
      wire.at(i * 0.5);
      wire.linkSource = STATION;
      String mx = "10.62." + (i / 200 + 1) + "." + (i % 200 + 1);
      if (i % 5 == 0) {
        wire.tcp("10.60.4." + i, 40000 + i, mx, 25, TcpFlags.SYN);
      } else {
        wire.conversation("10.60.4." + i, 40000 + i, mx, 25, TARGET_MAC);
      }
    }

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aRotatingPingSweepIsAPingSweepThoughEveryHostAnswered() {
    for (int i = 1; i <= 24; i++) {
      pingAnswered(address(i), "10.63.0." + i);
    }

    assertThat(judge().scanners()).singleElement().satisfies(v -> {
      assertThat(v.ip()).isEqualTo(address(1));
      assertThat(v.techniques()).containsExactly("ping_sweep");
      assertThat(v.distinctHosts()).isEqualTo(24);
    });
  }

  @Test
  void theScanIsNamedByTheAddressThatSentItsFirstProbe() {
    pingAnswered(address(40), "10.60.0.1"); // its gateway, answered first: no probe of the scan
    rotatingScan(addresses(40), TARGET, List.of(64));

    ScannerVerdict v = judge().scanners().get(0);

    assertThat(v.ip()).isEqualTo(address(1));
    assertThat(v.firstProbe().src()).isEqualTo(address(1));
    assertThat(v.firstProbe().port()).isEqualTo(1);
  }

  @Test
  void addressesThatOnlyAskedForNeighboursAreNotCombined() {
    // each answers a monitor's ping (its hop limit) and solicits four neighbours that are gone
    for (int i = 1; i <= 24; i++) {
      wire.linkSource = TARGET_MAC;
      wire.icmp("fd63::" + Integer.toHexString(i), address6(i), 128, 0);
      wire.linkSource = STATION;
      wire.icmp(address6(i), "fd63::" + Integer.toHexString(i), 129, 0);
      wire.ttl = 255;
      for (int k = 0; k < 4; k++) {
        String gone = "fd60::b:" + Integer.toHexString(i * 4 + k);
        wire.neighbourDiscovery(address6(i), "ff02::1:ff00:" + Integer.toHexString(i * 4 + k), 135, gone);
      }
      wire.ttl = 64;
    }

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void hostsOfOneSubnetEachWithItsOwnStationAreNotOneHost() {
    for (int i = 1; i <= 40; i++) { // 40 workstations, each refused once by a port of the target
      wire.linkSource = STATION + i;
      wire.tcp(address(i), 40000 + i, TARGET, i, TcpFlags.SYN);
      wire.linkSource = TARGET_MAC;
      wire.tcp(TARGET, i, address(i), 40000 + i, TcpFlags.RST | TcpFlags.ACK);
    }

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aScannerRotatingThroughLinkLocalAddressesIsFoundToo() {
    List<String> sources = IntStream.rangeClosed(1, 40).mapToObj(i -> "fe80::a:" + Integer.toHexString(i))
        .toList();
    rotatingScan(sources, "fe80::100", List.of(64));

    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly("fe80::a:1");
  }

  @Test
  void anExcuseEarnedByAnotherSourceBeforeDoesNotKeepTheAddressesApart() {
    // dual-stack clients elsewhere, each with one excused Happy Eyeballs fallback, judged first
    wire.timestamps(true);
    for (int h = 1; h <= 8; h++) {
      wire.linkSource = 0x0260_0000_0200L + h;
      wire.tcp("fd62::" + h, 50000 + h, "fd63::" + h, 443, TcpFlags.SYN);
      wire.ts += 100_000_000L;
      wire.conversation("10.64.0." + h, 40000 + h, "10.65.0." + h, 443, TARGET_MAC);
    }
    rotatingScan(addresses(40), TARGET, List.of(64));

    assertThat(judge().scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::contacts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(address(1), 40));
  }

  @Test
  void anAddressWithMoreContactsThanARotatingScannerUsesIsLeftOutThoughNotServed() {
    for (int k = 0; k < 5; k++) { // five answered pings: no scanner alone, not served, not thin
      pingAnswered(address(99), "10.60.0." + (10 + k));
    }
    rotatingScan(addresses(40), TARGET, List.of(64));

    assertThat(judge().scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::contacts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(address(1), 40));
  }

  @Test
  void anAddressWithAsManyContactsAsARotatingScannerUsesJoinsTheCombinedScan() {
    for (int k = 0; k < 4; k++) { // rotatingMaxContacts answered pings: thin enough to be one of them
      pingAnswered(address(99), "10.60.0." + (10 + k));
    }
    rotatingScan(addresses(40), TARGET, List.of(64));

    assertThat(judge().scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::contacts)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(address(1), 44));
  }

  @Test
  void withoutLinkLayerAddressesNothingIsCombined() {
    wire.linkSource = -1; // raw IP, a tun device: no station to tell one host by
    for (int i = 1; i <= 40; i++) {
      wire.tcp(address(i), 40000 + i, TARGET, i, TcpFlags.SYN);
      wire.tcp(TARGET, i, address(i), 40000 + i, TcpFlags.RST | TcpFlags.ACK);
    }

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void addressesFailingOnTheSameTargetsAreClientsOfDeadServersNotAScan() {
    // 32 addresses of one host, each failing on the same dead database and cache, and once elsewhere
    for (int i = 1; i <= 32; i++) {
      wire.linkSource = STATION;
      wire.tcp(address(i), 30000 + i, "10.66.0.5", 5432, TcpFlags.SYN);
      wire.tcp(address(i), 31000 + i, "10.66.0.6", 6379, TcpFlags.SYN);
      wire.tcp(address(i), 32000 + i, "10.66.1." + i, 8080, TcpFlags.SYN);
    }

    assertThat(judge().scanners()).isEmpty();
  }
}

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

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
    for (int i = 0; i < sources.size(); i++) {
      wire.at(i * 0.01);
      wire.linkSource = STATION;
      wire.ttl = ttl.get(i % ttl.size());
      wire.tcp(sources.get(i), 40000 + i, target, i + 1, TcpFlags.SYN);
      wire.linkSource = TARGET_MAC;
      wire.ttl = 64;
      wire.tcp(target, i + 1, sources.get(i), 40000 + i, TcpFlags.RST | TcpFlags.ACK);
    }
  }

  private static List<String> addresses(int n) {
    return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(RotatingSourcesTest::address).toList();
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
  void anIpv6ScannerRotatingThroughItsSlash64IsFoundThoughItsNeighbourDiscoveryUsesHopLimit255() {
    List<String> sources = java.util.stream.IntStream.rangeClosed(1, 40).mapToObj(RotatingSourcesTest::address6)
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

  @Test
  void aRoutersForwardedSourcesCarryTheirHostsSeveralTtlsAndAreNotCombined() {
    rotatingScan(addresses(40), TARGET, List.of(49, 113, 241, 57));

    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void fewerAddressesThanASweepOfThemNeedsAreLeftAlone() {
    int n = DetectionSettings.DEFAULTS.rotatingMinSources() - 1;
    rotatingScan(addresses(n), TARGET, List.of(64));

    assertThat(judge().scanners()).isEmpty();
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
}

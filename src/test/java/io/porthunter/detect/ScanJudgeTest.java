package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link ScanJudge} makes of the judged sources: the rules' bounds, patterns, the port distribution. */
class ScanJudgeTest {
  private static final String SCANNER = "203.0.113.7";
  private static final String CLIENT = "10.0.0.77";

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private ScanAnalysis judge() {
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  @Test
  void tenTargetsHalfOfThemFailedAreABroadScan() {
    // exactly the breadth rule's bounds: 10 distinct targets, 5 of them (half) failed; alternating
    // with its conversations, the failures never let the sequential test decide
    for (int i = 1; i <= 10; i++) {
      String host = "10.0.5." + i;
      if (i % 2 == 0) {
        wire.tcp(CLIENT, 40000 + i, host, 22, TcpFlags.SYN);
        wire.tcp(host, 22, CLIENT, 40000 + i, TcpFlags.RST | TcpFlags.ACK);
      } else {
        wire.conversation(CLIENT, 40000 + i, host, 443);
      }
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).singleElement().satisfies(v -> {
      assertThat(v.ip()).isEqualTo(CLIENT);
      assertThat(v.detectedAfterProbes()).isEqualTo(-1); // not the sequential test's
      assertThat(v.reasons()).contains("breadth rule: 10 distinct targets, 5 failed");
    });
  }

  @Test
  void aSweepOfAsManyPortsAsAHorizontalScanMayHaveIsHorizontal() {
    int ports = DetectionSettings.DEFAULTS.horizontalMaxPorts();
    for (int host = 1; host <= 10; host++) {
      for (int port = 1; port <= ports; port++) {
        wire.tcp(SCANNER, 40000, "10.0.6." + host, port, TcpFlags.SYN, 0, 1024, 7);
        wire.tcp("10.0.6." + host, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.distinctPorts()).isEqualTo(ports);
    assertThat(v.pattern()).isEqualTo("horizontal");
  }

  @Test
  void oneMorePortMakesItABlockScan() {
    int ports = DetectionSettings.DEFAULTS.horizontalMaxPorts() + 1;
    for (int host = 1; host <= 10; host++) {
      for (int port = 1; port <= ports; port++) {
        wire.tcp(SCANNER, 40000, "10.0.6." + host, port, TcpFlags.SYN, 0, 1024, 7);
        wire.tcp("10.0.6." + host, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    assertThat(judge().scanners().get(0).pattern()).isEqualTo("block");
  }

  @Test
  void thePortDistributionListsTheMostProbedPortsFirst() {
    // port 443 probed on 12 hosts, port 22 on 30, port 80 on 20
    int[][] sweeps = {{443, 12}, {22, 30}, {80, 20}};
    for (int[] sweep : sweeps) {
      for (int host = 1; host <= sweep[1]; host++) {
        wire.tcp(SCANNER, 40000, "10.0.7." + host, sweep[0], TcpFlags.SYN, 0, 1024, 7);
      }
    }
    ScanAnalysis a = judge();
    assertThat(a.portHits()).extracting(PortCount::port).containsExactly(22, 80, 443);
    assertThat(a.portHits()).extracting(PortCount::hits).containsExactly(30L, 20L, 12L);
  }

  @Test
  void scannersAreListedByScoreBeforeTheirProbeCount() {
    // .1: 20 ports refused (score 83, 20 probe packets); .2: 10 silent ports each tried four times
    // (score 80, 40 probe packets)
    for (int port = 1; port <= 20; port++) {
      wire.tcp("203.0.113.1", 40000, "10.0.8.1", port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp("10.0.8.1", port, "203.0.113.1", 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int round = 0; round < 4; round++) {
      for (int port = 1; port <= 10; port++) {
        wire.tcp("203.0.113.2", 40000, "10.0.8.2", port, TcpFlags.SYN, 0, 1024, 7);
      }
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::score, ScannerVerdict::probePackets)
        .containsExactly(tuple("203.0.113.1", 83, 20L), tuple("203.0.113.2", 80, 40L));
  }

  @Test
  void aTechniqueWithAsManyTargetsAsTheBarIsListed() {
    // nmap -sS of 50 ports, then -sF of five more: five targets (minFailedContacts) are enough
    for (int port = 1; port <= 55; port++) {
      wire.tcp(SCANNER, 40000, "10.0.8.1", port, port <= 50 ? TcpFlags.SYN : TcpFlags.FIN, 0, 1024, 7);
      wire.tcp("10.0.8.1", port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(judge().scanners()).singleElement()
        .satisfies(v -> assertThat(v.techniques()).containsExactly("syn", "fin"));
  }
  // --- from the second mutation review: the sequential test's failure share, the crafted-SYN walk,
  // connect or SYN scan at their edges

  /** {@code src} is refused on ports 1..{@code refused} of one host, from a stack offering timestamps. */
  private void refusedStackSyns(String src, int refused) {
    wire.timestamps(true);
    for (int port = 1; port <= refused; port++) {
      wire.tcp(src, 40000 + port, "10.0.5.1", port, TcpFlags.SYN);
      wire.tcp("10.0.5.1", port, src, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
  }

  /** {@code count} real conversations of {@code src} with as many web servers, its stack offering timestamps. */
  private void stackConversations(String src, int count) {
    wire.timestamps(true);
    for (int i = 1; i <= count; i++) {
      wire.conversation(src, 41000 + i, "10.0.9." + i, 443);
    }
    wire.timestamps(false);
  }

  @Test
  void theSequentialTestsVerdictStandsWhenExactlyHalfTheContactsFailed() {
    // five refusals decide the walk, then five conversations: 5 of 10 failed, the least share it takes
    refusedStackSyns(CLIENT, 5);
    stackConversations(CLIENT, 5);
    assertThat(judge().scanners()).singleElement().satisfies(v -> {
      assertThat(v.detectedAfterProbes()).isEqualTo(5);
      assertThat(v.failedContacts()).isEqualTo(5);
      assertThat(v.contacts()).isEqualTo(10);
    });
  }

  @Test
  void oneMoreConversationLeavesTheSequentialTestsVerdictBelowHalf() {
    refusedStackSyns(CLIENT, 5);
    stackConversations(CLIENT, 6);
    assertThat(judge().scanners()).isEmpty();
  }

  /**
   * A busy host's own connections, then crafted SYNs (no options): {@code refused} refused, then
   * {@code talked} answered and talked over.
   */
  private void craftedSynsBesideConversations(int refused, int talked) {
    stackConversations(SCANNER, 20);
    for (int port = 1; port <= refused; port++) {
      wire.tcp(SCANNER, 40000 + port, "10.0.5.1", port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp("10.0.5.1", port, SCANNER, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int i = 1; i <= talked; i++) {
      wire.conversation(SCANNER, 42000 + i, "10.0.10." + i, 8080); // its SYN with no options: crafted too
    }
  }

  @Test
  void theCraftedSynWalkDecidesWithExactlyHalfOfThemFailedAndCountsItsOwnContacts() {
    // 5 of the 30 contacts failed: the whole walk's verdict falls short of half; of the 10 crafted
    // SYNs, 5 failed, and their walk decided after its own fifth contact (the whole walk after 25)
    craftedSynsBesideConversations(5, 5);
    assertThat(judge().scanners()).singleElement().satisfies(v -> {
      assertThat(v.ip()).isEqualTo(SCANNER);
      assertThat(v.detectedAfterProbes()).isEqualTo(5);
      assertThat(v.reasons()).anyMatch(r -> r.contains("judged it a scanner after 5 first contacts"));
      assertThat(v.reasons()).anyMatch(r -> r.startsWith("the sequential test ran over its crafted SYNs alone")
          && r.endsWith(": 5 of them failed"));
    });
  }

  @Test
  void oneMoreCraftedConversationLeavesTheCraftedWalkBelowHalf() {
    craftedSynsBesideConversations(5, 6);
    assertThat(judge().scanners()).isEmpty();
  }

  /**
   * SYNs to ports of one host, in this order: {@code stackRefused} from the stack (SACK offered) and
   * refused, {@code rawRefused} crafted (no options, window {@code rawWindow}) and refused, {@code
   * halfOpen} crafted ones answered and reset by the scanner, and {@code connects} stack connects closed
   * at once (nmap -sT).
   */
  private ScannerVerdict synsOf(int stackRefused, int rawRefused, int rawWindow, int halfOpen, int connects) {
    String host = "10.0.8.1";
    int port = 0;
    for (int i = 0; i < rawRefused; i++) {
      port++;
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.SYN, 0, rawWindow, 7);
      wire.tcp(host, port, SCANNER, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int i = 0; i < halfOpen; i++) {
      port++;
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(host, port, SCANNER, 40000 + port, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.RST, 0, 0, 8);
    }
    wire.windowsSyns(true);
    for (int i = 0; i < stackRefused; i++) {
      port++;
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.SYN);
      wire.tcp(host, port, SCANNER, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int i = 0; i < connects; i++) {
      port++;
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.SYN);
      wire.tcp(host, port, SCANNER, 40000 + port, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.ACK);
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.RST | TcpFlags.ACK);
    }
    wire.windowsSyns(false);
    List<ScannerVerdict> scanners = judge().scanners();
    assertThat(scanners).extracting(ScannerVerdict::ip).containsExactly(SCANNER);
    return scanners.get(0);
  }

  @Test
  void halfTheSynsFromTheStackAreNotEnoughToMakeAHalfOpenScanAConnectScan() {
    // 10 SYNs, 5 offering SACK (3 refused, 2 connects), 5 crafted (4 refused, 1 left half-open)
    assertThat(synsOf(3, 4, 1024, 1, 2).techniques()).containsExactly("syn");
  }

  @Test
  void moreThanHalfTheSynsFromTheStackMakeItAConnectScan() {
    assertThat(synsOf(4, 4, 1024, 1, 2).techniques()).containsExactly("connect");
  }

  @Test
  void aConnectScanMayLeaveAsManyPortsHalfOpenAsDiscoveryProbes() {
    // nmap's discovery SYNs: two ports half-open (discoveryMaxTcpPorts) beside three connects
    assertThat(synsOf(8, 0, 1024, 2, 3).techniques()).containsExactly("connect");
  }

  @Test
  void aConnectScanLeavesFewerPortsHalfOpenThanItConnected() {
    // two half-open ports and two connects: as many, so a SYN scan
    assertThat(synsOf(8, 0, 1024, 2, 2).techniques()).containsExactly("syn");
  }

  /**
   * Crafted SYNs (no options) to ports of one host: {@code refused1024} refused with window 1024, 4 more
   * refused with window 64240, then a connect with each window closed at once (masscan --banners'
   * handshakes, completed by its own stack).
   */
  private ScannerVerdict rawSynsWithConnects(int refused1024) {
    String host = "10.0.8.1";
    int port = 0;
    for (int i = 0; i < refused1024 + 4; i++) {
      port++;
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.SYN, 0, i < refused1024 ? 1024 : 64240, 7);
      wire.tcp(host, port, SCANNER, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int window : new int[] {1024, 64240}) {
      port++;
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.SYN, 0, window, 7);
      wire.tcp(host, port, SCANNER, 40000 + port, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.ACK, 0, window, 8);
      wire.tcp(SCANNER, 40000 + port, host, port, TcpFlags.RST | TcpFlags.ACK, 0, window, 8);
    }
    List<ScannerVerdict> scanners = judge().scanners();
    assertThat(scanners).extracting(ScannerVerdict::ip).containsExactly(SCANNER);
    return scanners.get(0);
  }

  @Test
  void connectsBesideSynsHalfOfThemWithWindow1024AreAConnectScan() {
    // 10 probes, 5 with the raw scanners' window: not mostly, so the handshakes are the scanner's connects
    assertThat(rawSynsWithConnects(4).techniques()).containsExactly("connect");
  }

  @Test
  void connectsBesideSynsMostlyWithWindow1024AreARawScannersOwnHandshakes() {
    assertThat(rawSynsWithConnects(5).techniques()).containsExactly("syn");
  }
  /** {@code SCANNER} pings 10.0.11.1..8, each answering, the i-th at {@code at[i]} seconds. */
  private void pingsAt(double... at) {
    for (int i = 0; i < at.length; i++) {
      String host = "10.0.11." + (i + 1);
      wire.at(at[i]);
      wire.icmp(SCANNER, host, 8, 0);
      wire.icmp(host, SCANNER, 0, 0);
    }
  }

  @Test
  void eightHostsPingedWithTheFirstAndLastExactlyOneWindowApartAreAPingSweep() {
    pingsAt(0, 1, 2, 3, 4, 5, 6, 10); // the window is 10 s, its ends included
    assertThat(judge().scanners()).singleElement().satisfies(v -> {
      assertThat(v.techniques()).containsExactly("ping_sweep");
      assertThat(v.reasons()).contains("ICMP queries to 8 hosts within 10 s (ping sweep)");
    });
  }

  @Test
  void eightHostsPingedOverMoreThanOneWindowAreNoPingSweep() {
    pingsAt(0, 1, 2, 3, 4, 5, 6, 10.001);
    assertThat(judge().scanners()).isEmpty();
  }
}

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
}

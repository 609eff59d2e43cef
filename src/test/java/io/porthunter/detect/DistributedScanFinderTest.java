package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Distributed scans ({@link DistributedScanFinder}): one host's ports split among scanners. */
class DistributedScanFinderTest {
  private static final String TARGET = "10.0.0.5";

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  /** {@code src} SYN-probes TARGET's ports {@code from} to {@code to}, all closed, from {@code start} seconds on. */
  private void scan(String src, int from, int to, double start) {
    for (int port = from; port <= to; port++) {
      wire.at(start + port * 0.01);
      wire.tcp(src, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      wire.tcp(TARGET, port, src, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
  }

  @Test
  void twoScannersSharingOutAHostsPortsAreOneDistributedScan() {
    // ports 1-20 and 19-40: two ports in common of 40 (Jaccard 0.05)
    scan("203.0.113.1", 1, 20, 0);
    scan("203.0.113.2", 19, 40, 10);
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
    assertThat(a.scanners()).hasSize(2);
    assertThat(a.distributed()).singleElement().satisfies(d -> {
      assertThat(d.target()).isEqualTo(TARGET);
      assertThat(d.sources()).containsExactlyInAnyOrder("203.0.113.1", "203.0.113.2");
      assertThat(d.portsCovered()).isEqualTo(40);
      assertThat(d.maxOverlap()).isEqualTo(0.05);
    });
    assertThat(a.suspectedPatterns()).contains("distributed");
  }

  @Test
  void anyPairOverlappingTooMuchMakesItNoDistributedScan() {
    // .1 and .2 split ports 1-40, but .3 probes .1's ports again: not one scan shared out
    scan("203.0.113.1", 1, 20, 0);
    scan("203.0.113.2", 21, 40, 10);
    scan("203.0.113.3", 1, 20, 20);
    assertThat(judgedAsThreeSeparateScans().suspectedPatterns()).doesNotContain("distributed");
  }

  /** Judges the three scans sent (from .1, .2 and .3): three scanners, none sharing one scan out. */
  private ScanAnalysis judgedAsThreeSeparateScans() {
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
    assertThat(a.scanners()).extracting(ScannerVerdict::ip)
        .containsExactly("203.0.113.1", "203.0.113.2", "203.0.113.3");
    assertThat(a.distributed()).isEmpty();
    return a;
  }
  // --- from the second mutation review: the rule's bounds at their exact values

  @Test
  void twoScannersOverlappingByExactlyTheMostAllowedAreOneDistributedScan() {
    // ports 1-20 and 16-25: 5 in common of 25 (Jaccard 0.2, distributedMaxOverlap)
    scan("203.0.113.1", 1, 20, 0);
    scan("203.0.113.2", 16, 25, 10);
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
    assertThat(a.distributed()).singleElement().satisfies(d -> {
      assertThat(d.sources()).containsExactly("203.0.113.1", "203.0.113.2");
      assertThat(d.maxOverlap()).isEqualTo(0.2);
    });
  }

  @Test
  void aPairOverlappingByExactlyTheMostAllowedDoesNotEndTheComparisonOfTheOthers() {
    // .1 and .2 overlap by 0.2, .1 and .3 not at all, but .2 and .3 (ports 21-25 of both) by a third
    scan("203.0.113.1", 1, 20, 0);
    scan("203.0.113.2", 16, 25, 10);
    scan("203.0.113.3", 21, 30, 20);
    judgedAsThreeSeparateScans();
  }

  @Test
  void aScannerOfFivePortsOfTheHostTakesPartInItsDistributedScan() {
    // minFailedContacts ports: enough to count as a share of the host's ports
    scan("203.0.113.1", 1, 20, 0);
    scan("203.0.113.2", 21, 25, 10);
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
    assertThat(a.scanners()).hasSize(2);
    assertThat(a.distributed()).singleElement().satisfies(d -> assertThat(d.portsCovered()).isEqualTo(25));
  }
}

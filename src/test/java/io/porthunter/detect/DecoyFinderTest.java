package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The decoy rule ({@link DecoyFinder}) across scanners whose listing order is not their time order. */
class DecoyFinderTest {
  private static final String TARGET = "10.0.0.5";

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  @Test
  void decoysAreGroupedByTimeNotByTheirPlaceInTheListing() {
    // nmap -D .61,.63,ME of ports 1-30; an unrelated scan of the same size from .62 starts 10 s
    // later: all four rank alike, so by address .62 is listed between the two decoys
    String scanner = "203.0.113.7";
    String[] decoys = {"203.0.113.61", "203.0.113.63"};
    for (int port = 1; port <= 30; port++) {
      wire.at(port * 0.01);
      for (String decoy : decoys) {
        wire.tcp(decoy, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      }
      wire.tcp(scanner, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      wire.tcp(TARGET, port, scanner, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    for (int port = 1; port <= 30; port++) {
      wire.at(10 + port * 0.01);
      wire.tcp("203.0.113.62", 40000, "10.0.0.6", port, TcpFlags.SYN, 0, 1024, 5);
      wire.tcp("10.0.0.6", port, "203.0.113.62", 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
    assertThat(a.scanners()).extracting(ScannerVerdict::ip)
        .containsExactly(scanner, "203.0.113.61", "203.0.113.62", "203.0.113.63");
    assertThat(a.suspectedPatterns()).contains("decoy");
    for (ScannerVerdict v : a.scanners()) {
      boolean inScan = !v.ip().equals("203.0.113.62");
      assertThat(v.likelyForged()).as(v.ip()).isEqualTo(inScan && !v.ip().equals(scanner));
      assertThat(v.reasons()).as(v.ip()).filteredOn(r -> r.contains("decoy scan (nmap -D)"))
          .hasSize(inScan ? 1 : 0);
    }
  }
  // --- from the second mutation review: the rule's bounds at their exact values

  /**
   * nmap -D .61,ME of TARGET's ports 1-30, one every 100 ms: the scanner's SYN first, refused, then the
   * decoy's copy {@code delayMs[port - 1]} ms later, none when negative; returns whether the decoy
   * pattern was found.
   */
  private boolean decoyCopiesAfter(long... delayMs) {
    String scanner = "203.0.113.7";
    long start = wire.ts;
    for (int port = 1; port <= 30; port++) {
      long sent = start + port * 100_000_000L;
      wire.ts = sent;
      wire.tcp(scanner, 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      wire.tcp(TARGET, port, scanner, 40000, TcpFlags.RST | TcpFlags.ACK);
      if (delayMs[port - 1] >= 0) {
        wire.ts = sent + delayMs[port - 1] * 1_000_000L;
        wire.tcp("203.0.113.61", 40000, TARGET, port, TcpFlags.SYN, 0, 1024, 5);
      }
    }
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).contains(scanner, "203.0.113.61");
    return a.suspectedPatterns().contains("decoy");
  }

  /** 30 delays: {@code first} of them {@code a} ms, the rest {@code b} ms. */
  private static long[] delays(int first, long a, long b) {
    long[] d = new long[30];
    for (int i = 0; i < 30; i++) {
      d[i] = i < first ? a : b;
    }
    return d;
  }

  @Test
  void copiesExactlyTheLargestGapAfterTheProbesAreInLockstep() {
    assertThat(decoyCopiesAfter(delays(30, 5, 5))).isTrue(); // decoyMaxProbeGapNanos: 5 ms
  }

  @Test
  void copiesMoreThanTheLargestGapAfterTheProbesAreNoDecoys() {
    assertThat(decoyCopiesAfter(delays(30, 6, 6))).isFalse();
  }

  @Test
  void aDecoyCopyingNineTenthsOfTheProbesIsOne() {
    // 27 of the 30 targets shared (decoyMinOverlap, 0.9)
    assertThat(decoyCopiesAfter(delays(27, 1, -1))).isTrue();
  }

  @Test
  void aDecoyCopyingFewerThanNineTenthsIsNone() {
    assertThat(decoyCopiesAfter(delays(26, 1, -1))).isFalse();
  }

  @Test
  void nineTenthsOfTheCopiesInLockstepAreEnough() {
    assertThat(decoyCopiesAfter(delays(27, 1, 50))).isTrue();
  }

  @Test
  void fewerThanNineTenthsOfTheCopiesInLockstepAreNotEnough() {
    assertThat(decoyCopiesAfter(delays(26, 1, 50))).isFalse();
  }
}

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
}

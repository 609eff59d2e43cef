package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.CaptureSummary;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bound on the contacts all sources keep together, and what it costs. */
class StateBoundsTest {
  private static final CaptureSummary SUMMARY =
      new CaptureSummary("pcap", 0, false, null, Set.of(1), 1, 0, 0, 6, 0);

  /** {@code src} SYN-probes ports 1..{@code ports} of {@code host}, each refused, from second {@code start}. */
  private static void scan(Wire w, String src, String host, int ports, double start) {
    for (int port = 1; port <= ports; port++) {
      w.at(start + port * 0.01);
      w.tcp(src, 40000, host, port, TcpFlags.SYN, 0, 1024, 5);
      w.tcp(host, port, src, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
  }

  @Test
  void contactsPastTheGlobalBoundAreCountedAndEverySourceKeepsEnoughToBeJudged() {
    DetectionSettings d = DetectionSettings.DEFAULTS;
    DetectionSettings bounded = d.withBounds(d.maxFlows(), d.maxSources(), d.maxContactsPerSource(), 100);
    ConversationTracker tracker = new ConversationTracker(bounded);
    Wire w = new Wire(tracker);
    // far enough apart that each scan's conversations conclude before the next begins
    scan(w, "203.0.113.1", "10.0.0.5", 80, 0);
    scan(w, "203.0.113.2", "10.0.0.6", 80, 100);
    scan(w, "203.0.113.3", "10.0.0.7", 10, 200);
    ScanAnalysis a = new ScanJudge(bounded).judge(tracker.finish(), SUMMARY);

    // 80 kept, then 20 up to the bound, then the floor of 5 (minFailedContacts)
    assertThat(a.cost().contactsNotKept()).isEqualTo(60 + 5);
    assertThat(a.cost().capped()).isTrue();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip)
        .containsExactlyInAnyOrder("203.0.113.1", "203.0.113.2", "203.0.113.3");
    // what was not kept still counts
    assertThat(a.scanners()).extracting(ScannerVerdict::contacts).containsExactlyInAnyOrder(80, 80, 10);
    assertThat(a.scanners()).extracting(ScannerVerdict::distinctPorts).containsExactlyInAnyOrder(80, 20, 5);
  }
}

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The focus rule ({@link FocusRule}): a workstation that scans one host while it keeps browsing. */
class FocusRuleTest {
  private static final String WORKSTATION = "10.0.0.77";
  private static final String TARGET = "10.0.0.5";

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  /**
   * 40 sites browsed, {@code used} services of TARGET (ports 1001 up) talked to, then {@code refused}
   * ports of TARGET (1 up) probed and refused: too few failures for the other rules.
   */
  private ScanAnalysis browseThenProbe(int used, int refused) {
    wire.timestamps(true);
    for (int i = 1; i <= 40; i++) {
      wire.conversation(WORKSTATION, 40000 + i, "198.51.100." + i, 443);
    }
    for (int i = 1; i <= used; i++) {
      wire.conversation(WORKSTATION, 45000 + i, TARGET, 1000 + i);
    }
    for (int port = 1; port <= refused; port++) {
      wire.tcp(WORKSTATION, 50000 + port, TARGET, port, TcpFlags.SYN);
      wire.tcp(TARGET, port, WORKSTATION, 50000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  @Test
  void halfOfAHostsPortsFailedIsFocusEnough() {
    // 10 of the 20 ports it reached on TARGET refused it: exactly focusMinFailureShare (0.5)
    ScanAnalysis a = browseThenProbe(10, 10);
    assertThat(a.scanners()).singleElement().satisfies(v -> {
      assertThat(v.ip()).isEqualTo(WORKSTATION);
      assertThat(v.reasons()).contains("focus rule: 10 of 20 ports on " + TARGET + " failed");
    });
  }

  @Test
  void oneFailedPortFewerThanTheRuleNeedsIsNoScan() {
    assertThat(browseThenProbe(0, DetectionSettings.DEFAULTS.focusMinFailedTargets() - 1).scanners()).isEmpty();
  }
}

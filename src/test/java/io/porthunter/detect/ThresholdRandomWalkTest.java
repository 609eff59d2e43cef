package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThresholdRandomWalkTest {
  private final ThresholdRandomWalk trw = new ThresholdRandomWalk(DetectionSettings.DEFAULTS);

  @Test
  void fourFailuresCrossEtaOneButTheMinimumFailureCountHoldsTheDecisionToFive() {
    // ln(99)/ln(4) = 3.3: the ratio crosses η1 on the 4th failure; 5 failures are required.
    for (int i = 0; i < 4; i++) {
      assertThat(trw.observe(false)).isFalse();
    }
    assertThat(trw.observe(false)).isTrue();
    assertThat(trw.detectedAfter()).isEqualTo(5);
  }

  @Test
  void alternatingSuccessAndFailureNeverDecidesScanner() {
    for (int i = 0; i < 1000; i++) {
      trw.observe(i % 2 == 0);
    }
    assertThat(trw.scanner()).isFalse();
  }

  @Test
  void benignAcceptanceRestartsTheWalkSoLaterScanningIsCaught() {
    for (int i = 0; i < 50; i++) {
      trw.observe(true);
    }
    assertThat(trw.scanner()).isFalse();
    // However long the benign history, the ratio never sits below η0, so it costs at most
    // ceil((ln η1 - ln η0) / ln 4) = 7 failures to decide.
    for (int i = 0; i < 7; i++) {
      trw.observe(false);
    }
    assertThat(trw.scanner()).isTrue();
    assertThat(trw.detectedAfter()).isBetween(55, 57);
  }

  @Test
  void successesBelowEtaZeroRestartTheWalkButThreeDoNotYetReachIt() {
    // each success steps ln(θ1/θ0) = -1.39, each failure ln((1-θ1)/(1-θ0)) = +1.39; η0 = ln(0.01/0.99) = -4.6:
    // three successes (-4.16) stay above it, so 7 failures (+9.70) are needed to pass η1 = 4.6
    for (int i = 0; i < 3; i++) {
      trw.observe(true);
    }
    for (int i = 0; i < 6; i++) {
      assertThat(trw.observe(false)).isFalse();
    }
    assertThat(trw.observe(false)).isTrue();
    assertThat(trw.detectedAfter()).isEqualTo(10);
  }
}

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The score's documented points (README, Detection: "Score"). */
class ScanScoreTest {
  @Test
  void aConfirmedScanOfAThousandTargetsAllFailedScoresFull() {
    assertThat(ScanJudge.score(1000, 1000, true)).isEqualTo(100);
    assertThat(ScanJudge.score(65_536, 65_536, true)).isEqualTo(100); // breadth stops at 1000 targets
  }

  @Test
  void theOtherRulesStartTenLower() {
    assertThat(ScanJudge.score(1000, 1000, false)).isEqualTo(90);
    assertThat(ScanJudge.score(1, 0, false)).isEqualTo(40);
    assertThat(ScanJudge.score(1, 0, true)).isEqualTo(50);
  }

  @Test
  void breadthIsLogarithmicAndFailuresLinear() {
    assertThat(ScanJudge.score(10, 0, true)).isEqualTo(60); // a third of the breadth weight
    assertThat(ScanJudge.score(100, 0, true)).isEqualTo(70);
    assertThat(ScanJudge.score(100, 50, true)).isEqualTo(80); // half of the failure weight
  }
}

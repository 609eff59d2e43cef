package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActivityHistogramTest {
  /** "second:count" for each of its seconds, in order. */
  static List<String> pairs(ActivityHistogram h) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < h.size(); i++) {
      out.add(h.second(i) + ":" + h.count(i));
    }
    return out;
  }

  @Test
  void secondsAddedOutOfOrderAgainAndAgainAreFoldedAsTheyComeNotHeldAsPairs() {
    // a long-lived source concluding conversations whose packets are spread back over their spans (a
    // flood's forgotten states): 10,000 additions over 10 seconds held 10,000 pairs until read
    ActivityHistogram h = new ActivityHistogram();
    for (int i = 0; i < 10_000; i++) {
      h.add(109 - i % 10, 1);
    }
    assertThat(h.size()).isLessThanOrEqualTo(32);
    h.normalize();
    assertThat(pairs(h)).containsExactly("100:1000", "101:1000", "102:1000", "103:1000", "104:1000", "105:1000",
        "106:1000", "107:1000", "108:1000", "109:1000");
  }

  @Test
  void aSecondAddedRightAfterAFoldThatEndsWithItIsStillFoldedWhenRead() {
    // a worker's histogram merged into another's: the fold made when the array filled up reorders the
    // pairs, and the next second can then be the last one's (two workers' counts of one second)
    ActivityHistogram h = new ActivityHistogram();
    h.add(987, 4);
    h.add(986, 300); // out of order, and the array (one pair) is full at the next addition
    h.add(987, 4);
    h.normalize();
    assertThat(pairs(h)).containsExactly("986:300", "987:8");
  }

  @Test
  void inOrderSecondsAreAppendedAndARepeatedLastSecondFolds() {
    ActivityHistogram h = new ActivityHistogram();
    h.add(100, 3);
    h.add(100, 2);
    h.add(101, 1);
    h.add(105, 7);
    h.normalize();
    assertThat(pairs(h)).containsExactly("100:5", "101:1", "105:7");
  }

  @Test
  void secondsOutOfOrderAreSortedAndFoldedWhenRead() {
    ActivityHistogram h = new ActivityHistogram();
    for (long s : new long[] {50, 40, 50, 30, 40, 60, 30}) {
      h.add(s, (int) s / 10);
    }
    h.normalize();
    assertThat(pairs(h)).containsExactly("30:6", "40:8", "50:10", "60:6");
  }

  @Test
  void growsPastItsFirstPairAndMergesAnother() {
    ActivityHistogram a = new ActivityHistogram();
    ActivityHistogram b = new ActivityHistogram();
    for (int s = 0; s < 1000; s++) {
      a.add(s, 1);
      b.add(999 - s, 2);
    }
    a.merge(b);
    a.normalize();
    assertThat(a.size()).isEqualTo(1000);
    assertThat(pairs(a)).first().isEqualTo("0:3");
    assertThat(pairs(a)).last().isEqualTo("999:3");
    assertThat(pairs(a)).allMatch(p -> p.endsWith(":3"));
  }
}

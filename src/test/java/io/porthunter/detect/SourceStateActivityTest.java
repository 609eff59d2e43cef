package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A source's per-second activity ({@link SourceState#sent}), over the whole range of times a file can give. */
class SourceStateActivityTest {
  private static List<String> seconds(SourceState s) {
    return ActivityHistogramTest.pairs(s.activity());
  }

  @Test
  void packetsInOneSecondCountTogetherAndTheNextSecondStartsAnother() {
    SourceState s = new SourceState(0, 1);
    s.sent(5_000_000_000L);
    s.sent(5_999_999_999L);
    s.sent(6_000_000_000L);
    s.sent(-1);
    assertThat(seconds(s)).containsExactly("-1:1", "5:2", "6:1");
  }

  @Test
  void timesSaturatedAtEitherEndOfTheRangeStayAtTheirEnd() {
    // a hostile file's times saturate to the years 1677 and 2262: the seconds holding them must not
    // wrap into the other end (every probe in 2262, the timeline's peak wrong)
    SourceState s = new SourceState(0, 1);
    s.sent(Long.MIN_VALUE);
    s.sent(Long.MAX_VALUE);
    s.sent(Long.MIN_VALUE + 1);
    s.sent(Long.MIN_VALUE + 2);
    s.sent(Long.MAX_VALUE);
    s.sent(Long.MAX_VALUE - 1);
    assertThat(seconds(s)).containsExactly(
        Math.floorDiv(Long.MIN_VALUE, 1_000_000_000L) + ":3", Math.floorDiv(Long.MAX_VALUE, 1_000_000_000L) + ":3");
    assertThat(s.packets).isEqualTo(6);
  }
}

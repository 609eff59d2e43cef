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

  @Test
  void aConversationCountedOnlyWhenItConcludedSpreadsItsPacketsOverItsSpan() {
    // 3,000 packets over 60 s (50 a second) counted at once: spread over 8 of its seconds, not all in
    // its first (a busiest second of 3,000), its opening's class counted once
    SourceState s = new SourceState(0, 1);
    s.concludedUncounted(100_000_000_000L, 159_500_000_000L, 3000, FlagClass.UDP);
    assertThat(seconds(s)).containsExactly("100:375", "108:375", "116:375", "125:375", "133:375", "142:375",
        "150:375", "159:375");
    assertThat(s.packets).isEqualTo(3000);
    assertThat(s.firstTs).isEqualTo(100_000_000_000L);
    assertThat(s.lastTs).isEqualTo(159_500_000_000L);
    assertThat(s.flagCounts[FlagClass.UDP.ordinal()]).isEqualTo(1);
    SourceState brief = new SourceState(0, 2);
    brief.concludedUncounted(5_100_000_000L, 5_200_000_000L, 3, FlagClass.SYN);
    assertThat(seconds(brief)).containsExactly("5:3");
  }
}

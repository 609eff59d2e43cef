package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final long T = 1_795_264_982_490_185_123L;

  @Test
  void isoWithTheFileDigits() {
    assertThat(Timestamps.iso(T, 6)).isEqualTo("2026-11-21T12:43:02.490185Z");
    assertThat(Timestamps.iso(T, 9)).isEqualTo("2026-11-21T12:43:02.490185123Z");
    assertThat(Timestamps.iso(T, 0)).isEqualTo("2026-11-21T12:43:02Z");
    assertThat(Timestamps.iso(5_000, 9)).isEqualTo("1970-01-01T00:00:00.000005000Z");
    assertThat(Timestamps.iso(-1, 9)).isEqualTo("1969-12-31T23:59:59.999999999Z");
  }

  @Test
  void aSecondStartsWhereItsNanosecondsDoAndSaturatesWhereALongCannotHoldIt() {
    assertThat(Timestamps.startOfSecond(1_795_264_982L)).isEqualTo(1_795_264_982_000_000_000L);
    assertThat(Timestamps.startOfSecond(-1)).isEqualTo(-1_000_000_000L);
    // the second holding Long.MIN_VALUE began before it; the one after Long.MAX_VALUE's, after it
    long first = Math.floorDiv(Long.MIN_VALUE, 1_000_000_000L);
    long last = Math.floorDiv(Long.MAX_VALUE, 1_000_000_000L);
    assertThat(Timestamps.startOfSecond(first)).isEqualTo(Long.MIN_VALUE);
    assertThat(Timestamps.startOfSecond(first + 1)).isEqualTo((first + 1) * 1_000_000_000L);
    assertThat(Timestamps.startOfSecond(last)).isEqualTo(last * 1_000_000_000L);
    assertThat(Timestamps.startOfSecond(last + 1)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void digitsOutOfRangeAreRejected() {
    assertThatThrownBy(() -> Timestamps.iso(T, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}

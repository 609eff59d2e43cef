package io.porthunter.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressThrottleTest {
  @Test
  void passesTheFirstUpdateThenAtMostOnePerInterval() {
    AtomicLong now = new AtomicLong(1_000);
    List<Long> seen = new ArrayList<>();
    ProgressThrottle throttle = new ProgressThrottle((done, total) -> seen.add(done), now::get);
    throttle.update(1, 10);
    throttle.update(2, 10);
    now.addAndGet(ProgressThrottle.MIN_INTERVAL_NANOS - 1);
    throttle.update(3, 10);
    now.addAndGet(1);
    throttle.update(4, 10);
    throttle.update(5, 10);
    now.addAndGet(10 * ProgressThrottle.MIN_INTERVAL_NANOS);
    throttle.update(6, 10);
    assertThat(seen).containsExactly(1L, 4L, 6L);
  }

  @Test
  void progressNeverGoesBackwards() {
    AtomicLong now = new AtomicLong(1_000);
    List<Long> seen = new ArrayList<>();
    ProgressThrottle throttle = new ProgressThrottle((done, total) -> seen.add(done), now::get);
    for (long done : new long[] {40, 10, 20, 50, 45}) { // a joined pass, then the caller's own from the start
      throttle.update(done, 100);
      now.addAndGet(ProgressThrottle.MIN_INTERVAL_NANOS);
    }
    throttle.update(100, 100);
    throttle.update(30, 100);
    assertThat(seen).containsExactly(40L, 50L, 100L);
  }

  @Test
  void aFileGrowingWhileReadNeverShowsMoreDoneThanInAll() {
    AtomicLong now = new AtomicLong(1_000);
    List<long[]> seen = new ArrayList<>();
    ProgressThrottle throttle = new ProgressThrottle((done, total) -> seen.add(new long[] {done, total}), now::get);
    throttle.update(120, 100);
    now.addAndGet(ProgressThrottle.MIN_INTERVAL_NANOS);
    throttle.update(130, 100);
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0)).containsExactly(120L, 120L);
  }

  @Test
  void worksWhenTheClockIsNegative() {
    AtomicLong now = new AtomicLong(Long.MIN_VALUE + 5);
    List<Long> seen = new ArrayList<>();
    ProgressThrottle throttle = new ProgressThrottle((done, total) -> seen.add(done), now::get);
    throttle.update(1, 10);
    throttle.update(2, 10);
    assertThat(seen).containsExactly(1L);
  }

  @Test
  void theFirstUpdateReachingTheTotalPassesOnceWhateverTheInterval() {
    AtomicLong now = new AtomicLong(1_000);
    List<Long> seen = new ArrayList<>();
    ProgressThrottle throttle = new ProgressThrottle((done, total) -> seen.add(done), now::get);
    throttle.update(1, 10);
    throttle.update(10, 10);
    throttle.update(10, 10);
    now.addAndGet(10 * ProgressThrottle.MIN_INTERVAL_NANOS);
    throttle.update(12, 10);
    assertThat(seen).containsExactly(1L, 10L);
  }
}

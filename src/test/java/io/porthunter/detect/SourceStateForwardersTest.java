package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The stations a source's packets were seen forwarded by: bounded, and the same however split. */
class SourceStateForwardersTest {
  @Test
  void theLowestStationsAreKeptOnceEachInOrder() {
    SourceState s = new SourceState(0, 1);
    for (long station : new long[] {9, 3, -1, 7, 3, 12, 1, 5}) { // -1: no station known
      s.sentThrough(station);
    }
    assertThat(s.forwarders()).containsExactly(1, 3, 5, 7).hasSize(SourceState.MAX_FORWARDERS);
  }

  @Test
  void sharesMergeToWhatOnePassKeeps() {
    SourceState one = new SourceState(0, 1);
    SourceState a = new SourceState(0, 1);
    SourceState b = new SourceState(0, 1);
    long[] stations = {20, 4, 16, 8, 2, 30};
    for (int i = 0; i < stations.length; i++) {
      one.sentThrough(stations[i]);
      (i % 2 == 0 ? a : b).sentThrough(stations[i]);
    }
    b.merge(a);
    assertThat(b.forwarders()).containsExactly(one.forwarders()).containsExactly(2, 4, 8, 16);
  }
}

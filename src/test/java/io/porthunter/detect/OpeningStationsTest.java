package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OpeningStationsTest {
  private static final long X = 0x0200_0000_0001L;
  private static final long Y = 0x0200_0000_0002L;
  private static final long Z = 0x0200_0000_0003L;

  @Test
  void stationsComeInTheOrderOfTheirFirstOpeningWithTheirCounts() {
    OpeningStations s = new OpeningStations();
    s.opened(X, 1, 1, 0);
    s.opened(Y, 5, 0, 1);
    s.opened(X, 10, 1, 0);
    s.opened(-1, 0, 1, 0); // no link layer: not counted
    assertThat(s.count()).isEqualTo(2);
    assertThat(s.station(0)).isEqualTo(X);
    assertThat(s.failed(0)).isEqualTo(2);
    assertThat(s.station(1)).isEqualTo(Y);
    assertThat(s.succeeded(1)).isEqualTo(1);
    assertThat(s.many()).isFalse();
  }

  @Test
  void sharesMergeToWhatOnePassCounts() {
    OpeningStations one = new OpeningStations();
    OpeningStations a = new OpeningStations();
    OpeningStations b = new OpeningStations();
    one.opened(Y, 7, 3, 0);
    a.opened(Y, 7, 3, 0);
    one.opened(X, 2, 0, 4);
    b.opened(X, 2, 0, 4);
    one.opened(Y, 3, 1, 0);
    b.opened(Y, 3, 1, 0);
    a.merge(b);
    for (int i = 0; i < 2; i++) {
      assertThat(a.station(i)).isEqualTo(one.station(i));
      assertThat(a.failed(i)).isEqualTo(one.failed(i));
      assertThat(a.succeeded(i)).isEqualTo(one.succeeded(i));
    }
    assertThat(a.station(0)).isEqualTo(X);
    assertThat(a.failed(1)).isEqualTo(4);
  }

  @Test
  void aThirdStationMakesManyInOneShareOrAcrossShares() {
    OpeningStations whole = new OpeningStations();
    whole.opened(X, 1, 1, 0);
    whole.opened(Y, 2, 1, 0);
    whole.opened(Z, 3, 1, 0);
    assertThat(whole.many()).isTrue();
    OpeningStations merged = new OpeningStations();
    merged.merge(whole);
    assertThat(merged.many()).isTrue();
    OpeningStations a = new OpeningStations();
    OpeningStations b = new OpeningStations();
    a.opened(X, 1, 1, 0);
    a.opened(Y, 2, 1, 0);
    b.opened(Z, 3, 1, 0);
    a.merge(b);
    assertThat(a.many()).isTrue();
  }
}

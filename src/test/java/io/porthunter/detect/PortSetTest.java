package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PortSetTest {
  @Test
  void countsDistinctPortsAddedInAnyOrderAsTheTableGrows() {
    PortSet set = new PortSet();
    TreeSet<Integer> expected = new TreeSet<>();
    SplittableRandom rng = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      int port = 32768 + rng.nextInt(3000); // plenty of repeats, several table growths
      set.add(port);
      expected.add(port);
      if (i % 997 == 0) {
        assertThat(set.size()).isEqualTo(expected.size()); // reading mid-way changes nothing
      }
    }
    assertThat(set.size()).isEqualTo(expected.size());
    assertThat(set.contiguous(2)).isEqualTo(expected.last() - expected.first() + 1 == expected.size());
  }

  @Test
  void aRunOfIncrementedPortsIsContiguousAndAGapIsNot() {
    PortSet run = new PortSet();
    for (int port = 2000; port < 2600; port++) {
      run.add(port);
    }
    assertThat(run.contiguous(2)).isTrue();
    assertThat(run.contiguous(601)).isFalse();
    run.add(2601);
    assertThat(run.contiguous(2)).isFalse();
    assertThat(new PortSet().contiguous(0)).isFalse();
  }

  @Test
  void addAllUnitesTwoWorkersSharesOfOneSource() {
    PortSet a = new PortSet();
    PortSet b = new PortSet();
    for (int port = 100; port < 400; port++) {
      (port % 2 == 0 ? a : b).add(port);
    }
    b.add(100); // in both shares: counted once
    a.addAll(b);
    assertThat(a.size()).isEqualTo(300);
    assertThat(a.contiguous(300)).isTrue();
  }

  @Test
  void manyPortsSwitchToTheBitmapAndStayExact() {
    PortSet set = new PortSet();
    PortSet small = new PortSet();
    for (int port = 0; port < 65536; port += 3) {
      set.add(port);
      set.add(port); // repeats change nothing
    }
    small.add(65535);
    small.add(1);
    set.addAll(small); // 1 is new, 65535 (multiple of 3) is not
    assertThat(set.size()).isEqualTo(65536 / 3 + 1 + 1);
    assertThat(set.contiguous(2)).isFalse();
    PortSet all = new PortSet();
    for (int port = 65535; port >= 0; port--) {
      all.add(port);
    }
    assertThat(all.size()).isEqualTo(65536);
    assertThat(all.contiguous(65536)).isTrue();
    PortSet copy = new PortSet();
    copy.addAll(all);
    assertThat(copy.size()).isEqualTo(65536);
  }
}

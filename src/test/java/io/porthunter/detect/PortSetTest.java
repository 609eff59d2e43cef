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
    int longest = 0;
    for (int port = expected.first(), run = 0; port <= expected.last(); port++) {
      run = expected.contains(port) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    assertThat(set.longestRun()).isEqualTo(longest);
  }

  @Test
  void theLongestRunOfIncrementedPortsOutlastsAGapAndStrayPorts() {
    PortSet run = new PortSet();
    for (int port = 2000; port < 2600; port++) {
      run.add(port);
    }
    assertThat(run.longestRun()).isEqualTo(600);
    run.add(2601); // a gap at 2600: the run before it is still the longest
    run.add(51655); // a stray port far above
    run.add(7);
    assertThat(run.longestRun()).isEqualTo(600);
    run.add(2600);
    assertThat(run.longestRun()).isEqualTo(602);
    assertThat(new PortSet().longestRun()).isZero();
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
    assertThat(a.longestRun()).isEqualTo(300);
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
    assertThat(set.longestRun()).isEqualTo(2); // 0 and 1
    PortSet all = new PortSet();
    for (int port = 65535; port >= 0; port--) {
      all.add(port);
    }
    assertThat(all.size()).isEqualTo(65536);
    assertThat(all.longestRun()).isEqualTo(65536);
    PortSet copy = new PortSet();
    copy.addAll(all);
    assertThat(copy.size()).isEqualTo(65536);
  }
}

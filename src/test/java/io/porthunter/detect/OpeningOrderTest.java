package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The packed sort gives the order the plain comparison gives, ties and odd times included. */
class OpeningOrderTest {
  private static Flow flow(long key, long ts, long frame) {
    Flow f = new Flow(0, key, 0, 1, 40000, 80, 6, Flow.hash(0, key, 0, 1, 40000, 80, 6));
    f.technique = Technique.SYN;
    f.firstTs = ts;
    f.firstFrame = frame;
    return f;
  }

  private static Flow unopened(long key) {
    return new Flow(0, key, 0, 1, 40000, 80, 6, Flow.hash(0, key, 0, 1, 40000, 80, 6));
  }

  /** Sorts a copy both ways and checks they agree: opened ones by the comparison, then the rest. */
  private static List<Flow> assertSortsLikeTheComparison(List<Flow> flows) {
    List<Flow> expected = new ArrayList<>(flows.stream().filter(f -> f.technique != null).toList());
    expected.sort(OpeningOrder.COMPARATOR);
    expected.addAll(flows.stream().filter(f -> f.technique == null).toList());
    List<Flow> sorted = new ArrayList<>(flows);
    OpeningOrder.sort(sorted);
    assertThat(sorted).containsExactlyElementsOf(expected);
    return sorted;
  }

  @Test
  void manyTiesAndTimesRunningBackwardsSortByTimeThenFrame() {
    Random rnd = new Random(7);
    List<Flow> flows = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      long ts = 1_700_000_000_000_000_000L + rnd.nextInt(2_000) * 1_000L; // microsecond clock: many ties
      flows.add(flow(i, ts, 1 + rnd.nextInt(1 << 30)));
    }
    for (int i = 0; i < 500; i++) {
      flows.add(unopened(100_000 + i));
    }
    java.util.Collections.shuffle(flows, rnd);
    List<Flow> sorted = assertSortsLikeTheComparison(flows);
    assertThat(sorted.subList(50_000, 50_500)).allMatch(f -> f.technique == null);
  }

  @Test
  void timesTooFarApartToPackAreStillSorted() {
    List<Flow> flows = new ArrayList<>();
    flows.add(flow(1, Long.MAX_VALUE - 5, 9));
    flows.add(flow(2, -3, 4));
    flows.add(flow(3, 0, 2));
    flows.add(flow(4, Long.MAX_VALUE - 5, 3));
    flows.add(flow(5, Long.MIN_VALUE, 8));
    assertThat(assertSortsLikeTheComparison(flows)).extracting(f -> f.aLo).containsExactly(5L, 2L, 3L, 4L, 1L);
  }

  @Test
  void framesTooLargeToPackAreStillSorted() {
    List<Flow> flows = new ArrayList<>();
    flows.add(flow(1, 1_000, 1L << 62));
    flows.add(flow(2, 1_000, 5));
    flows.add(flow(3, 1_000, (1L << 62) + 1));
    assertThat(assertSortsLikeTheComparison(flows)).extracting(f -> f.aLo).containsExactly(2L, 1L, 3L);
  }

  @Test
  void noneOrOneOpenedIsLeftAsItIs() {
    List<Flow> flows = new ArrayList<>(List.of(unopened(1), flow(2, 5, 5), unopened(3)));
    assertThat(assertSortsLikeTheComparison(flows)).extracting(f -> f.aLo).containsExactly(2L, 1L, 3L);
  }
}

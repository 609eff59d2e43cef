package io.porthunter.detect;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Puts conversations in the order they opened: by the time of their opening packet, then by its
 * frame (unique, so the order is total). Conversations that never opened (only answers seen) go last;
 * concluding them records nothing, so where they go does not matter.
 *
 * <p>Under a spoofed flood the tracker sorts a hundred thousand conversations each time its table
 * fills. Comparing the objects themselves costs a cache miss per comparison; here their times and
 * frames are packed with their positions into longs that {@link Arrays#sort(long[])} orders, and
 * only a capture whose times or frames do not fit the packing is compared object by object.
 */
final class OpeningOrder {
  static final Comparator<Flow> COMPARATOR = (x, y) -> x.firstTs != y.firstTs
      ? Long.compare(x.firstTs, y.firstTs) : Long.compare(x.firstFrame, y.firstFrame);

  private OpeningOrder() {}

  /** Sorts {@code flows} in place. */
  static void sort(List<Flow> flows) {
    int n = flows.size();
    Flow[] opened = new Flow[n];
    Flow[] unopened = new Flow[n];
    int o = 0;
    int u = 0;
    long minTs = Long.MAX_VALUE;
    long maxTs = Long.MIN_VALUE;
    long minFrame = 0;
    long maxFrame = 0;
    for (Flow f : flows) {
      if (f.technique == null) {
        unopened[u++] = f;
      } else {
        opened[o++] = f;
        minTs = Math.min(minTs, f.firstTs);
        maxTs = Math.max(maxTs, f.firstTs);
        minFrame = Math.min(minFrame, f.firstFrame);
        maxFrame = Math.max(maxFrame, f.firstFrame);
      }
    }
    int positionBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, o - 1));
    long limit = 1L << (Long.SIZE - 1 - positionBits);
    long span = maxTs - minTs;
    if (o > 1 && (span < 0 || span >= limit || minFrame < 0 || maxFrame >= limit)) {
      Arrays.sort(opened, 0, o, COMPARATOR); // a span of years, or times that overflow: rare enough
    } else if (o > 1) {
      byTimeThenFrame(opened, o, minTs, positionBits);
    }
    flows.clear();
    for (int i = 0; i < o; i++) {
      flows.add(opened[i]);
    }
    for (int i = 0; i < u; i++) {
      flows.add(unopened[i]);
    }
  }

  /** Sorts by time, then each run of equal times by frame, both by {@link #byKey}. */
  private static void byTimeThenFrame(Flow[] flows, int n, long minTs, int positionBits) {
    byKey(flows, 0, n, f -> f.firstTs - minTs, positionBits);
    for (int from = 0; from < n; ) {
      int to = from + 1;
      while (to < n && flows[to].firstTs == flows[from].firstTs) {
        to++;
      }
      if (to - from > 1) {
        byKey(flows, from, to, f -> f.firstFrame, positionBits);
      }
      from = to;
    }
  }

  /**
   * Sorts {@code flows[from, to)} by {@code key} (non-negative, below 2^(63 - positionBits)), packed
   * above each flow's position in the range.
   */
  private static void byKey(Flow[] flows, int from, int to, ToLongFunction<Flow> key, int positionBits) {
    long mask = (1L << positionBits) - 1;
    long[] keys = new long[to - from];
    for (int i = from; i < to; i++) {
      keys[i - from] = key.applyAsLong(flows[i]) << positionBits | (i - from);
    }
    Arrays.sort(keys);
    Flow[] range = Arrays.copyOfRange(flows, from, to);
    for (int i = 0; i < keys.length; i++) {
      flows[from + i] = range[(int) (keys[i] & mask)];
    }
  }
}

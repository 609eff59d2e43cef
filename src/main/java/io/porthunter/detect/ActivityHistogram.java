package io.porthunter.detect;

import java.util.Arrays;

/**
 * Packets per whole second for one source, as (second, count) pairs. Captures are mostly in time
 * order, so counts are appended; a record out of order is appended too and the pairs are sorted and
 * merged once, when read, so reversed timestamps cost n log n rather than n². The pairs share one
 * array, second then count: a source's count is added at each second it sends in, for every source,
 * and one array touched there instead of two is one cache miss fewer.
 */
final class ActivityHistogram {
  private long[] pairs = new long[2];
  private int size;
  private boolean sorted = true;

  void add(long epochSecond, int packets) {
    if (size > 0 && pairs[2 * size - 2] == epochSecond) {
      pairs[2 * size - 1] += packets;
      return;
    }
    if (2 * size == pairs.length) {
      // Fold first: seconds added out of order (a concluded conversation's packets spread back over its
      // span) would otherwise pile up as pairs, without bound, in a source that lives long. Grow only when
      // folding leaves the array more than three quarters full, so a fold is paid for by many additions.
      normalize();
      if (8 * size > 3 * pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
    }
    if (size > 0 && epochSecond <= pairs[2 * size - 2]) {
      sorted = false; // (equal only after a fold reordered the pairs: folded when read)
    }
    pairs[2 * size] = epochSecond;
    pairs[2 * size + 1] = packets;
    size++;
  }

  void merge(ActivityHistogram o) {
    for (int i = 0; i < o.size; i++) {
      add(o.second(i), o.count(i));
    }
  }

  /** Sorts by second and folds repeated seconds together (a no-op while in order). */
  void normalize() {
    if (sorted) {
      return;
    }
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(second(a), second(b)));
    long[] folded = new long[Math.max(2, 2 * size)];
    int n = 0;
    for (int i : order) {
      if (n > 0 && folded[2 * n - 2] == second(i)) {
        folded[2 * n - 1] += count(i);
      } else {
        folded[2 * n] = second(i);
        folded[2 * n + 1] = count(i);
        n++;
      }
    }
    pairs = folded;
    size = n;
    sorted = true;
  }

  int size() {
    return size;
  }

  long second(int i) {
    return pairs[2 * i];
  }

  int count(int i) {
    return (int) pairs[2 * i + 1];
  }
}

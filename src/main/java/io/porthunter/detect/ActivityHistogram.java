package io.porthunter.detect;

import java.util.Arrays;

/**
 * Packets per whole second for one source, as (second, count) pairs. Captures are mostly in time
 * order, so counts are appended; a record out of order is appended too and the pairs are sorted and
 * merged once, when read, so reversed timestamps cost n log n rather than n².
 */
final class ActivityHistogram {
  private long[] seconds = new long[1];
  private int[] counts = new int[1];
  private int size;
  private boolean sorted = true;

  void add(long epochSecond, int packets) {
    if (size > 0 && seconds[size - 1] == epochSecond) {
      counts[size - 1] += packets;
      return;
    }
    if (size > 0 && epochSecond < seconds[size - 1]) {
      sorted = false;
    }
    if (size == seconds.length) {
      seconds = Arrays.copyOf(seconds, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    seconds[size] = epochSecond;
    counts[size] = packets;
    size++;
  }

  void merge(ActivityHistogram o) {
    for (int i = 0; i < o.size; i++) {
      add(o.seconds[i], o.counts[i]);
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
    Arrays.sort(order, (a, b) -> Long.compare(seconds[a], seconds[b]));
    long[] s = new long[Math.max(1, size)];
    int[] c = new int[s.length];
    int n = 0;
    for (int i : order) {
      if (n > 0 && s[n - 1] == seconds[i]) {
        c[n - 1] += counts[i];
      } else {
        s[n] = seconds[i];
        c[n++] = counts[i];
      }
    }
    seconds = s;
    counts = c;
    size = n;
    sorted = true;
  }

  int size() {
    return size;
  }

  long second(int i) {
    return seconds[i];
  }

  int count(int i) {
    return counts[i];
  }
}

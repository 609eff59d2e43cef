package io.porthunter.detect;

import java.util.Arrays;

/**
 * Packets per whole second for one source, as sorted (second, count) pairs. Captures are mostly in
 * time order, so appending is the common case; out-of-order records fall back to binary search.
 */
final class ActivityHistogram {
  private long[] seconds = new long[1];
  private int[] counts = new int[1];
  private int size;

  void add(long epochSecond, int packets) {
    if (size > 0 && seconds[size - 1] == epochSecond) {
      counts[size - 1] += packets;
      return;
    }
    int at = size == 0 || seconds[size - 1] < epochSecond ? size : Arrays.binarySearch(seconds, 0, size, epochSecond);
    if (at >= 0 && at < size) {
      counts[at] += packets;
      return;
    }
    int insert = at == size ? size : -at - 1;
    if (size == seconds.length) {
      seconds = Arrays.copyOf(seconds, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    System.arraycopy(seconds, insert, seconds, insert + 1, size - insert);
    System.arraycopy(counts, insert, counts, insert + 1, size - insert);
    seconds[insert] = epochSecond;
    counts[insert] = packets;
    size++;
  }

  void merge(ActivityHistogram o) {
    for (int i = 0; i < o.size; i++) {
      add(o.seconds[i], o.counts[i]);
    }
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

package io.porthunter.detect;

import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * Distinct port numbers added in any order. Ports are appended to a small buffer and folded into a
 * bitmap a sorted run at a time: adding random ports (a client's ephemeral ports) one by one into a
 * compressed bitmap shifts its arrays on every insertion, a sorted run merges in one pass.
 */
final class PortSet {
  private static final int FIRST_BUFFER = 4;
  /** Ports buffered before a fold; the buffer grows to this only for sources that send many. */
  private static final int MAX_BUFFER = 256;

  private final RoaringBitmap ports = new RoaringBitmap();
  private int[] pending = new int[FIRST_BUFFER];
  private int pendingCount;

  void add(int port) {
    if (pendingCount == pending.length) {
      if (pending.length < MAX_BUFFER) {
        pending = Arrays.copyOf(pending, pending.length * 2);
      } else {
        fold();
      }
    }
    pending[pendingCount++] = port;
  }

  int size() {
    fold();
    return ports.getCardinality();
  }

  /** True when the ports form one contiguous run of at least {@code min} ports. */
  boolean contiguous(int min) {
    int n = size();
    return n >= min && n > 0 && ports.last() - ports.first() + 1 == n;
  }

  /** Adds every port of another set (a parallel worker's share of the same source). */
  void addAll(PortSet other) {
    fold();
    other.fold();
    ports.or(other.ports);
  }

  private void fold() {
    if (pendingCount > 0) {
      Arrays.sort(pending, 0, pendingCount);
      ports.or(RoaringBitmap.bitmapOf(Arrays.copyOf(pending, pendingCount)));
      pendingCount = 0;
    }
  }
}

package io.porthunter.intel;

/**
 * A flat map from 128-bit address keys to values: sorted range starts, each holding its value up to
 * the next start. Value 0 means "no data" (a gap between ranges). Keys compare as unsigned numbers,
 * the high half first; IPv4 keys put the address in the high half with a zero low half, so a table
 * of them stores no low halves at all.
 */
final class RangeTable {
  static final int NO_DATA = 0;

  private final long[] hi;
  private final long[] lo; // null when every low half is zero
  private final int[] values;

  RangeTable(long[] hi, long[] lo, int[] values) {
    if (hi.length != values.length || (lo != null && lo.length != hi.length)) {
      throw new IllegalArgumentException("range table arrays differ in length");
    }
    this.hi = hi;
    this.lo = lo;
    this.values = values;
  }

  /** The value of the range holding the key, or {@link #NO_DATA}. */
  int find(long keyHi, long keyLo) {
    int low = 0;
    int high = values.length - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (compareAt(mid, keyHi, keyLo) <= 0) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found < 0 ? NO_DATA : values[found];
  }

  private int compareAt(int index, long keyHi, long keyLo) {
    int byHigh = Long.compareUnsigned(hi[index], keyHi);
    if (byHigh != 0) {
      return byHigh;
    }
    return Long.compareUnsigned(lo == null ? 0L : lo[index], keyLo);
  }
}

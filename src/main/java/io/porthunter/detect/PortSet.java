package io.porthunter.detect;

/**
 * Distinct port numbers (0–65535) added in any order, with their lowest and highest. A small
 * open-addressing set while few, a bitmap of all 65,536 ports (8 KiB) once that is smaller: adding
 * is a probe or a bit, never an insertion that shifts sorted arrays (random ephemeral ports arrive
 * one per opened connection).
 */
final class PortSet {
  private static final int FIRST_CAPACITY = 4;
  /** Table size at which a bitmap (1,024 longs) takes no more room than the table (2,048 ints). */
  private static final int BITMAP_CAPACITY = 2048;
  private static final int EMPTY = 0;

  /** Port + 1 per used slot (0 is free); null once {@link #bits} holds the ports. */
  private int[] table = new int[FIRST_CAPACITY];
  private long[] bits;
  private int size;
  private int min = Integer.MAX_VALUE;
  private int max = Integer.MIN_VALUE;

  void add(int port) {
    if (bits != null) {
      long bit = 1L << port;
      if ((bits[port >>> 6] & bit) != 0) {
        return;
      }
      bits[port >>> 6] |= bit;
    } else if (!insert(table, port)) {
      return;
    }
    size++;
    min = Math.min(min, port);
    max = Math.max(max, port);
    if (bits == null && size * 2 > table.length) {
      grow();
    }
  }

  int size() {
    return size;
  }

  /** The lowest port added; {@link Integer#MAX_VALUE} while empty. */
  int min() {
    return min;
  }

  boolean contains(int port) {
    return bits != null ? (bits[port >>> 6] & (1L << port)) != 0 : table[slot(table, port)] != EMPTY;
  }

  /** The length of the longest run of consecutive ports in the set (0 while empty). */
  int longestRun() {
    if (max - min + 1 == size) {
      return size; // one run, or empty
    }
    int longest = 0;
    int run = 0;
    for (int port = min; port <= max; port++) {
      run = contains(port) ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }

  /** Adds every port of another set (a parallel worker's share of the same source). */
  void addAll(PortSet other) {
    if (other.bits != null) {
      for (int word = 0; word < other.bits.length; word++) {
        for (long w = other.bits[word]; w != 0; w &= w - 1) {
          add(word * 64 + Long.numberOfTrailingZeros(w));
        }
      }
    } else {
      for (int slot : other.table) {
        if (slot != EMPTY) {
          add(slot - 1);
        }
      }
    }
  }

  /** Stores {@code port} unless present; answers whether it was added. */
  private static boolean insert(int[] table, int port) {
    int i = slot(table, port);
    if (table[i] != EMPTY) {
      return false;
    }
    table[i] = port + 1;
    return true;
  }

  /** The slot holding {@code port}, or the free slot where it belongs. */
  private static int slot(int[] table, int port) {
    int mask = table.length - 1;
    int i = (port * 0x9E3779B1 >>> 16) & mask;
    while (table[i] != EMPTY && table[i] != port + 1) {
      i = (i + 1) & mask;
    }
    return i;
  }

  private void grow() {
    int[] old = table;
    if (old.length * 2 >= BITMAP_CAPACITY) {
      bits = new long[65536 / 64];
      table = null;
      for (int slot : old) {
        if (slot != EMPTY) {
          bits[(slot - 1) >>> 6] |= 1L << (slot - 1);
        }
      }
      return;
    }
    table = new int[old.length * 2];
    for (int slot : old) {
      if (slot != EMPTY) {
        insert(table, slot - 1);
      }
    }
  }
}

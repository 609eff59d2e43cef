package io.porthunter.detect;

import io.porthunter.capture.KeyedHash;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Open-addressing map from an address (the {@code Packet} two-long form) to a value, so per-packet
 * lookups allocate nothing. Linear probing with back-shift deletion.
 */
final class AddressMap<V> {
  private long[] his;
  private long[] los;
  private Object[] values;
  private int size;

  AddressMap() {
    this(1 << 10);
  }

  AddressMap(int initialCapacity) {
    int capacity = Integer.highestOneBit(Math.max(16, initialCapacity - 1) << 1);
    his = new long[capacity];
    los = new long[capacity];
    values = new Object[capacity];
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(long hi, long lo) {
    int mask = values.length - 1;
    int i = hash(hi, lo) & mask;
    Object v;
    while ((v = values[i]) != null) {
      if (los[i] == lo && his[i] == hi) {
        return (V) v;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** The address's value, made by {@code make} and stored first when the address is not present. */
  V computeIfAbsent(long hi, long lo, Supplier<? extends V> make) {
    V v = get(hi, lo);
    if (v == null) {
      v = make.get();
      add(hi, lo, v);
    }
    return v;
  }

  /** Stores a value for an address that is not present yet. */
  void add(long hi, long lo, V value) {
    if ((size + 1) * 4 > values.length * 3) {
      resize(values.length * 2);
    }
    insertInto(his, los, values, hi, lo, value);
    size++;
  }

  /** Removes every entry whose value the predicate accepts; returns how many went. */
  @SuppressWarnings("unchecked")
  int removeIf(Predicate<V> condemned) {
    int mask = values.length - 1;
    int start = LinearProbing.freeSlot(values);
    int removed = 0;
    int i = start;
    do {
      Object v = values[i];
      if (v != null && condemned.test((V) v)) {
        deleteAt(i);
        removed++;
        continue;
      }
      i = (i + 1) & mask;
    } while (i != start);
    return removed;
  }

  @SuppressWarnings("unchecked")
  List<V> values() {
    List<V> out = new ArrayList<>(size);
    for (Object v : values) {
      if (v != null) {
        out.add((V) v);
      }
    }
    return out;
  }

  private void deleteAt(int hole) {
    int mask = values.length - 1;
    values[hole] = null;
    size--;
    int i = (hole + 1) & mask;
    while (values[i] != null) {
      int home = hash(his[i], los[i]) & mask;
      if (LinearProbing.fillsHole(hole, i, home)) {
        his[hole] = his[i];
        los[hole] = los[i];
        values[hole] = values[i];
        values[i] = null;
        hole = i;
      }
      i = (i + 1) & mask;
    }
  }

  private void resize(int capacity) {
    long[] nh = new long[capacity];
    long[] nl = new long[capacity];
    Object[] nv = new Object[capacity];
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        insertInto(nh, nl, nv, his[i], los[i], values[i]);
      }
    }
    his = nh;
    los = nl;
    values = nv;
  }

  private static void insertInto(long[] his, long[] los, Object[] values, long hi, long lo, Object v) {
    int mask = values.length - 1;
    int i = hash(hi, lo) & mask;
    while (values[i] != null) {
      i = (i + 1) & mask;
    }
    his[i] = hi;
    los[i] = lo;
    values[i] = v;
  }

  /** Keyed ({@link KeyedHash}): a crafted capture cannot pile its addresses into one slot. */
  static int hash(long hi, long lo) {
    return (int) KeyedHash.address(hi, lo);
  }
}

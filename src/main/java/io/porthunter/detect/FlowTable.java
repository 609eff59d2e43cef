package io.porthunter.detect;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Open-addressing (linear probing) table of {@link Flow}s keyed by their 5-tuple, either direction.
 * Lookups take the key as primitives, so finding an existing conversation allocates nothing; each
 * slot's hash sits in a parallel int array so probing past other flows touches no Flow object;
 * removal shifts entries back instead of leaving tombstones, so long captures do not degrade it.
 * Kept at most half full: a miss (every new conversation) ends within a couple of probes. Kept at
 * least an eighth full too (above a small minimum): the periodic sweep walks every slot, and after a
 * burst of conversations has ended a table left at its largest would make each sweep cost the burst's
 * size again (a capture crafted with a burst, then packets seconds apart, sweeps at every packet).
 */
final class FlowTable {
  private static final int MIN_CAPACITY = 1 << 6;

  private Flow[] slots = new Flow[MIN_CAPACITY];
  private int[] hashes = new int[MIN_CAPACITY];
  private int size;

  int size() {
    return size;
  }

  /** Slots in the table, free ones included: for tests and diagnostics. */
  int capacity() {
    return slots.length;
  }

  Flow get(long aHi, long aLo, long bHi, long bLo, int aPort, int bPort, int protocol) {
    int mask = slots.length - 1;
    int h = Flow.hash(aHi, aLo, bHi, bLo, aPort, bPort, protocol);
    int i = h & mask;
    Flow f;
    while ((f = slots[i]) != null) {
      if (hashes[i] == h && f.matches(aHi, aLo, bHi, bLo, aPort, bPort, protocol)) {
        return f;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** Inserts a flow whose key is not present. */
  void add(Flow flow) {
    if ((size + 1) * 2 > slots.length) {
      resize(slots.length * 2);
    }
    insert(slots, hashes, flow);
    size++;
  }

  void remove(Flow flow) {
    int mask = slots.length - 1;
    int i = flow.hash & mask;
    while (slots[i] != flow) {
      if (slots[i] == null) {
        return;
      }
      i = (i + 1) & mask;
    }
    deleteAt(i);
  }

  void forEach(Consumer<Flow> action) {
    for (Flow f : slots) {
      if (f != null) {
        action.accept(f);
      }
    }
  }

  /** Removes every flow the predicate accepts (the predicate may act on it first). */
  void removeIf(Predicate<Flow> condemned) {
    int mask = slots.length - 1;
    int start = LinearProbing.freeSlot(slots);
    int i = start;
    do {
      Flow f = slots[i];
      if (f != null && condemned.test(f)) {
        deleteAt(i);
        continue; // slot i now holds a shifted entry (or null): look at it again
      }
      i = (i + 1) & mask;
    } while (i != start);
    if (slots.length > MIN_CAPACITY && size * 8 < slots.length) {
      resize(Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size) * 4 - 1) << 1));
    }
  }

  private void deleteAt(int hole) {
    int mask = slots.length - 1;
    slots[hole] = null;
    size--;
    int i = (hole + 1) & mask;
    Flow f;
    while ((f = slots[i]) != null) {
      int home = hashes[i] & mask;
      if (LinearProbing.fillsHole(hole, i, home)) {
        slots[hole] = f;
        hashes[hole] = hashes[i];
        slots[i] = null;
        hole = i;
      }
      i = (i + 1) & mask;
    }
  }

  private void resize(int capacity) {
    Flow[] next = new Flow[capacity];
    int[] nextHashes = new int[capacity];
    for (Flow f : slots) {
      if (f != null) {
        insert(next, nextHashes, f);
      }
    }
    slots = next;
    hashes = nextHashes;
  }

  private static void insert(Flow[] table, int[] hashes, Flow flow) {
    int mask = table.length - 1;
    int i = flow.hash & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = flow;
    hashes[i] = flow.hash;
  }
}

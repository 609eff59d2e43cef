package io.porthunter.bench;

import java.util.Arrays;

/**
 * Binary min-heap of activities by next timestamp, ties broken by insertion order so that the
 * merge (and therefore the file) is deterministic. Re-keys the top in place after each packet.
 */
final class ActivityQueue {
  private Activity[] heap = new Activity[16];
  private int[] order = new int[16];
  private int size;
  private int inserted;

  void add(Activity a) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
      order = Arrays.copyOf(order, size * 2);
    }
    heap[size] = a;
    order[size] = inserted++;
    siftUp(size++);
  }

  boolean isEmpty() {
    return size == 0;
  }

  Activity top() {
    return heap[0];
  }

  /** Call after the top's {@link Activity#nextTs} moved forward. */
  void topChanged() {
    siftDown(0);
  }

  void removeTop() {
    size--;
    heap[0] = heap[size];
    order[0] = order[size];
    heap[size] = null;
    if (size > 0) {
      siftDown(0);
    }
  }

  private boolean less(int i, int j) {
    long a = heap[i].nextTs;
    long b = heap[j].nextTs;
    return a < b || (a == b && order[i] < order[j]);
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(i, parent)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int l = 2 * i + 1;
      if (l >= size) {
        return;
      }
      int smallest = l + 1 < size && less(l + 1, l) ? l + 1 : l;
      if (!less(smallest, i)) {
        return;
      }
      swap(i, smallest);
      i = smallest;
    }
  }

  private void swap(int i, int j) {
    Activity a = heap[i];
    heap[i] = heap[j];
    heap[j] = a;
    int o = order[i];
    order[i] = order[j];
    order[j] = o;
  }
}

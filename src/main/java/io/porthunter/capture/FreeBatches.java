package io.porthunter.capture;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The batches one producer may fill, handed back by its consumers. A producer that runs out sleeps
 * until {@code resumeAt} of them are back instead of being woken for each one: waking a sleeping
 * thread is a system call and, in a virtual machine, an interrupt between processors (about 30 µs of
 * the consumer's time measured on the project's VM, once per batch when the consumer is the slower
 * side: 0.3 s over a 10 M-packet capture).
 *
 * <p>It does not wait awake (spinning) before it sleeps: that spared the wake-ups of one analysis alone
 * on two cores (0.17 s in the median run), but two analyses side by side took 20-30 % longer, the
 * time spent awake taken from the other threads (docs/performance-history.md).
 */
final class FreeBatches<T> {
  private final BlockingQueue<T> batches;
  private final int resumeAt;
  private volatile Thread sleeper;

  FreeBatches(int capacity, int resumeAt) {
    if (resumeAt < 1 || resumeAt > capacity) {
      throw new IllegalArgumentException("resume at " + resumeAt + " of " + capacity);
    }
    this.batches = new ArrayBlockingQueue<>(capacity);
    this.resumeAt = resumeAt;
  }

  /** The producer's next batch, or null when its thread was interrupted while it waited. */
  T take() {
    T b = batches.poll();
    if (b != null) {
      return b;
    }
    sleeper = Thread.currentThread();
    try {
      // The sleeper is published before the count is read, and give() reads it after adding, so
      // one side always sees the other: no wake-up is lost.
      while (batches.size() < resumeAt) {
        LockSupport.park(this);
        if (Thread.interrupted()) {
          return null;
        }
      }
    } finally {
      sleeper = null;
    }
    return batches.poll();
  }

  /**
   * Whether the producer sleeps for batches that have not come back: asleep with fewer than it waits
   * for (one woken, or about to be, has its batches and only waits to be run).
   */
  boolean producerStarved() {
    return sleeper != null && batches.size() < resumeAt;
  }

  /** A batch back from a consumer (any thread). */
  void give(T batch) {
    if (!batches.offer(batch)) {
      throw new IllegalStateException("more batches given back than exist");
    }
    Thread s = sleeper;
    if (s != null && batches.size() >= resumeAt) {
      LockSupport.unpark(s);
    }
  }
}

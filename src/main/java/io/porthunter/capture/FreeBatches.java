package io.porthunter.capture;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The batches one producer may fill, handed back by its consumers. A producer that runs out first
 * waits awake on its own core for a short while, then sleeps until {@code resumeAt} of them are back
 * instead of being woken for each one. Waking a sleeping thread costs the consumer a system call and,
 * in a virtual machine, an interrupt between processors: about 30 µs of the consumer's time measured
 * on the project's VM, and up to 130 µs in its slow hours; once per batch when the consumer is the
 * slower side, 0.3 s over a 10 M-packet capture. Sleeping only for {@code resumeAt} cut that to a
 * wake-up per {@code resumeAt} batches; waiting awake first (the consumer hands batches back every
 * few hundred microseconds when it is the slower side) spares most of the rest.
 */
final class FreeBatches<T> {
  private final BlockingQueue<T> batches;
  private final int resumeAt;
  private final long awakeNanos;
  private volatile Thread sleeper;

  /**
   * @param awakeNanos how long a producer that ran out waits awake for {@code resumeAt} batches
   *     before it sleeps (0: it sleeps at once)
   */
  FreeBatches(int capacity, int resumeAt, long awakeNanos) {
    if (resumeAt < 1 || resumeAt > capacity || awakeNanos < 0) {
      throw new IllegalArgumentException("resume at " + resumeAt + " of " + capacity + ", awake " + awakeNanos + " ns");
    }
    this.batches = new ArrayBlockingQueue<>(capacity);
    this.resumeAt = resumeAt;
    this.awakeNanos = awakeNanos;
  }

  /** The producer's next batch, or null when its thread was interrupted while it waited. */
  T take() {
    T b = batches.poll();
    if (b != null) {
      return b;
    }
    if (awaitAwake()) {
      return batches.poll();
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

  /** Waits without sleeping, for at most {@code awakeNanos}: true when {@code resumeAt} batches are back. */
  private boolean awaitAwake() {
    long until = System.nanoTime() + awakeNanos;
    while (batches.size() < resumeAt) {
      if (System.nanoTime() - until >= 0 || Thread.currentThread().isInterrupted()) {
        return false;
      }
      Thread.onSpinWait();
    }
    return true;
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

package io.porthunter.capture;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToIntFunction;

/**
 * {@link CaptureReader#read(Path, PacketSink, ReadOptions)} with decoding on a thread of its own: the
 * reader thread reads and decodes records straight into the packets of a batch, and each consumer
 * takes every batch in file order. Decoding then overlaps with what the consumers do, on other cores.
 *
 * <p>With several consumers, a router (run once per packet, on the reader thread) names the consumer
 * a packet belongs to, {@link #ROUTE_ALL} or {@link #ROUTE_NONE}; every consumer still learns the
 * time of the packets it does not get, so all of them share the capture's clock.
 *
 * <p>Memory is fixed: {@link #BATCHES} batches of {@link #BATCH_PACKETS} reused packets circulate.
 * A consumer that throws stops the reader and the other consumers; a reader that fails (format, size,
 * cancellation) has its failure rethrown to the caller after the packets decoded before it.
 */
public final class ReadAhead {
  /** Route: every consumer gets the packet. */
  public static final int ROUTE_ALL = -1;
  /** Route: no consumer gets the packet, and it does not move the clock. */
  public static final int ROUTE_NONE = -2;
  /** Packets per batch: one hand-over per batch keeps queue traffic negligible. */
  static final int BATCH_PACKETS = 1024;
  /** Batches in circulation: enough to ride out either side's hiccups (GC, refills, sweeps). */
  static final int BATCHES = 8;
  /** A reader out of batches sleeps until this many are free again (see {@link FreeBatches}). */
  private static final int RESUME_WHEN_FREE = BATCHES / 2;
  /**
   * A consumer with nothing to take checks this often that a batch can still come: a reader that
   * died without a last batch, or batches lost to an error (an OutOfMemoryError in the hand-over
   * under a full heap parked both sides of a server's call for good), fail the read instead.
   */
  static final long WAIT_CHECK_MILLIS = 1000;

  /** One consumer of a shared read. */
  public interface Consumer {
    /** A packet routed to this consumer ({@code route} is its index or {@link #ROUTE_ALL}). */
    void accept(Packet packet, int route);

    /** A packet routed to another consumer: only its time is shown. */
    void passed(long tsNanos);
  }

  private ReadAhead() {}

  /** Reads the whole file, decoding on a second thread; the sink runs on the caller's thread. */
  public static CaptureSummary read(Path file, PacketSink sink, ReadOptions options)
      throws IOException {
    Consumer only = new Consumer() {
      @Override
      public void accept(Packet packet, int route) {
        sink.accept(packet);
      }

      @Override
      public void passed(long tsNanos) {
        throw new IllegalStateException("a single consumer is passed nothing");
      }
    };
    return read(file, List.of(only), p -> 0, options);
  }

  /**
   * Reads the whole file, decoding on one thread and running each consumer on a thread of its own
   * (the first on the caller's), every consumer seeing the packets in file order.
   */
  public static CaptureSummary read(Path file, List<? extends Consumer> consumers,
      ToIntFunction<Packet> router, ReadOptions options) throws IOException {
    if (consumers.isEmpty()) {
      throw new IllegalArgumentException("a read needs at least one consumer");
    }
    Shared shared = new Shared(consumers.size());
    Thread reader = new Thread(() -> shared.produce(file, router, options), "porthunter-decode");
    reader.setDaemon(true);
    shared.reader = reader;
    List<Thread> threads = new ArrayList<>(List.of(reader));
    for (int k = 1; k < consumers.size(); k++) {
      int index = k;
      Thread t = new Thread(() -> shared.consumeOrFail(index, consumers.get(index)), "porthunter-analysis");
      t.setDaemon(true);
      threads.add(t);
    }
    boolean completed = false;
    try {
      threads.forEach(Thread::start);
      shared.consume(0, consumers.get(0));
      if (shared.consumerFailure.get() == null) {
        for (Thread t : threads) {
          t.join();
        }
        completed = true;
      }
      return shared.result();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    } finally {
      if (!completed) {
        threads.forEach(Thread::interrupt); // a consumer failed or we were interrupted
      }
    }
  }

  /** The queues and outcome shared by the reader and the consumers of one read. */
  private static final class Shared {
    final FreeBatches<Batch> free = new FreeBatches<>(BATCHES, RESUME_WHEN_FREE);
    final List<BlockingQueue<Batch>> full = new ArrayList<>();
    final AtomicReference<Throwable> consumerFailure = new AtomicReference<>();
    /** Batches handed back so far, and consumers holding one now: what a waiting consumer watches. */
    final AtomicLong givenBack = new AtomicLong();
    final AtomicInteger holding = new AtomicInteger();
    volatile Thread reader;
    /** Made up front, so that ending the consumers allocates nothing (it may follow an OutOfMemoryError). */
    final Batch stop = Batch.stop();
    volatile CaptureSummary summary;
    volatile Throwable readFailure;

    Shared(int consumers) {
      for (int i = 0; i < BATCHES; i++) {
        free.give(new Batch());
      }
      for (int k = 0; k < consumers; k++) {
        // one place more than batches exist, so a stop batch always fits
        full.add(new ArrayBlockingQueue<>(BATCHES + 1));
      }
    }

    /**
     * The reader thread's work. Whatever happens here, every consumer's loop ends: a reader that died
     * without a last batch (an {@link Error} such as running out of memory) would leave them waiting.
     */
    void produce(Path file, ToIntFunction<Packet> router, ReadOptions options) {
      boolean ended = false;
      try {
        Filler filler = new Filler(this, router);
        try {
          summary = CaptureReader.read(file, filler, options);
        } catch (QueueInterrupted e) {
          throw e; // the consumers are gone: not a read failure to hand over (handled below)
        } catch (Throwable t) { // handed to the caller, which rethrows it on its own thread
          readFailure = t;
        }
        filler.current.last = true;
        publish(filler.current);
        ended = true;
      } catch (QueueInterrupted | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        failRead(new CancellationException("capture reader interrupted"));
      } catch (Throwable t) {
        failRead(t);
      } finally {
        if (!ended) {
          stopAll();
        }
      }
    }

    private void failRead(Throwable t) {
      if (readFailure == null) {
        readFailure = t;
      }
    }

    /** Ends every consumer's loop without more packets (never blocks: each queue has room for it). */
    void stopAll() {
      for (BlockingQueue<Batch> q : full) {
        q.offer(stop);
      }
    }

    void publish(Batch b) throws InterruptedException {
      b.pending.set(full.size());
      for (BlockingQueue<Batch> q : full) {
        q.put(b);
      }
    }

    /**
     * Runs consumer {@code k} on a thread of its own; a failure, or an interrupt the consumer did
     * not cause us to expect, stops every other thread (an interrupt during teardown finds a failure
     * already recorded).
     */
    void consumeOrFail(int k, Consumer consumer) {
      try {
        consume(k, consumer);
      } catch (Throwable t) {
        if (t instanceof InterruptedException) {
          Thread.currentThread().interrupt();
          t = new CancellationException("analysis thread interrupted");
        }
        consumerFailure.compareAndSet(null, t);
        full.get(0).offer(stop); // wake the caller's thread, which interrupts the rest
      }
    }

    void consume(int k, Consumer consumer) throws InterruptedException {
      BlockingQueue<Batch> queue = full.get(k);
      long stuckAt = NOT_STUCK;
      while (true) {
        Batch b = queue.poll(WAIT_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        if (consumerFailure.get() != null) {
          return; // another consumer failed: its stop batch may never have fit (out of memory)
        }
        if (b == null) {
          Thread r = reader;
          // in this order: a reader that ends publishes its last batch before it dies
          boolean readerGone = !r.isAlive();
          stuckAt = stillWaiting(readerGone && queue.isEmpty(),
              free.producerStarved() && holding.get() == 0 && queue.isEmpty(), givenBack.get(), stuckAt);
          continue;
        }
        stuckAt = NOT_STUCK;
        holding.incrementAndGet();
        try {
          if (follow(k, consumer, b)) {
            return;
          }
        } finally {
          holding.decrementAndGet();
        }
      }
    }

    /** Shows consumer {@code k} its packets of the batch and hands the batch back; true for the last. */
    private boolean follow(int k, Consumer consumer, Batch b) {
      Packet[] packets = b.packets;
      int[] routes = b.routes;
      for (int i = 0; i < b.count; i++) {
        int r = routes[i];
        if (r == k || r == ROUTE_ALL) {
          consumer.accept(packets[i], r);
        } else if (r != ROUTE_NONE) {
          consumer.passed(packets[i].tsNanos);
        }
      }
      if (b.last) {
        return true;
      }
      if (b.pending.decrementAndGet() == 0) {
        b.count = 0;
        free.give(b);
        givenBack.incrementAndGet();
      }
      return false;
    }

    CaptureSummary result() throws IOException {
      Throwable failure = consumerFailure.get() != null ? consumerFailure.get() : readFailure;
      if (failure instanceof IOException io) {
        throw io;
      }
      if (failure instanceof RuntimeException re) {
        throw re;
      }
      if (failure instanceof Error err) {
        throw err;
      }
      if (failure != null) {
        throw new IOException(failure);
      }
      return summary;
    }
  }

  /** {@link #stillWaiting}: the last check found nothing wrong. */
  static final long NOT_STUCK = -1;

  /**
   * A consumer's check after waiting {@link #WAIT_CHECK_MILLIS} for a batch: fails when none can come
   * any more, else returns what the next check compares with.
   *
   * @param readerEndedWithoutLast the reader thread is gone and left nothing to take
   * @param nothingMoves the reader sleeps for free batches that have not come back while no consumer
   *     holds one and none is waiting to be taken: nobody can hand one back (at two checks in a row,
   *     with none handed back between them, the batches are lost)
   * @param givenBack batches handed back so far
   * @param stuckAt the count handed back when the previous check found {@code nothingMoves}, or
   *     {@link #NOT_STUCK}
   */
  static long stillWaiting(boolean readerEndedWithoutLast, boolean nothingMoves, long givenBack, long stuckAt) {
    if (readerEndedWithoutLast) {
      throw new IllegalStateException("the capture reader stopped without ending the read");
    }
    if (!nothingMoves) {
      return NOT_STUCK;
    }
    if (stuckAt == givenBack) {
      throw new IllegalStateException("the capture read stalled: its batches were lost (out of memory?)");
    }
    return givenBack;
  }

  /** One batch of decoded packets with their routes; the last one of a read ends it. */
  private static final class Batch {
    final Packet[] packets;
    final int[] routes;
    /** Consumers yet to finish with this batch; the last one recycles it. */
    final AtomicInteger pending = new AtomicInteger();
    int count;
    boolean last;

    Batch() {
      this(BATCH_PACKETS);
    }

    private Batch(int size) {
      packets = new Packet[size];
      routes = new int[size];
      for (int i = 0; i < size; i++) {
        packets[i] = new Packet();
      }
    }

    /** An empty last batch: ends a consumer's loop without more packets. */
    static Batch stop() {
      Batch stop = new Batch(0);
      stop.last = true;
      return stop;
    }
  }

  /** The reader thread's sink: decodes into the current batch and publishes it when full. */
  private static final class Filler implements PacketSlots {
    private final Shared shared;
    private final ToIntFunction<Packet> router;
    Batch current;

    Filler(Shared shared, ToIntFunction<Packet> router) {
      this.shared = shared;
      this.router = router;
      this.current = take();
    }

    @Override
    public Packet slot() {
      return current.packets[current.count];
    }

    @Override
    public void accept(Packet packet) {
      Batch b = current;
      int route = router.applyAsInt(packet);
      if (route < ROUTE_NONE || route >= shared.full.size()) {
        throw new IllegalStateException("route " + route + " names no consumer");
      }
      b.routes[b.count] = route;
      if (++b.count == BATCH_PACKETS) {
        try {
          shared.publish(b);
        } catch (InterruptedException e) {
          throw new QueueInterrupted();
        }
        current = take();
      }
    }

    private Batch take() {
      if (Thread.interrupted()) {
        throw new QueueInterrupted();
      }
      Batch b = shared.free.take();
      if (b == null) {
        throw new QueueInterrupted();
      }
      return b;
    }
  }

  /** The consumers stopped: unwinds the reader thread without a result. */
  private static final class QueueInterrupted extends RuntimeException {
    QueueInterrupted() {
      super(null, null, false, false);
    }
  }
}

package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The producer's pool: batches come back in the order given, and a producer that ran out resumes
 * only once enough of them are back, never missing the batch that makes it enough.
 */
@Timeout(30)
class FreeBatchesTest {
  /** How long a producer that must keep waiting is watched for (it may not move at all). */
  private static final long STILL_WAITING_MS = 300;

  @Test
  void batchesComeBackInTheOrderGiven() {
    FreeBatches<String> pool = new FreeBatches<>(3, 2);
    pool.give("a");
    pool.give("b");
    assertThat(pool.take()).isEqualTo("a");
    assertThat(pool.take()).isEqualTo("b");
  }

  @Test
  void aProducerThatRanOutWaitsUntilEnoughAreBack() throws Exception {
    FreeBatches<Integer> pool = new FreeBatches<>(8, 4);
    CompletableFuture<Integer> taken = new CompletableFuture<>();
    Thread producer = new Thread(() -> taken.complete(pool.take()));
    producer.start();
    awaitParked(producer);
    for (int i = 1; i <= 3; i++) {
      pool.give(i);
    }
    Thread.sleep(STILL_WAITING_MS);
    assertThat(taken).as("three of the four batches it waits for").isNotDone();
    pool.give(4);
    assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void aProducerIsStarvedOnlyWhileFewerThanItWaitsForAreBack() throws Exception {
    FreeBatches<Integer> pool = new FreeBatches<>(8, 4);
    assertThat(pool.producerStarved()).as("no producer asleep").isFalse();
    CompletableFuture<Integer> taken = new CompletableFuture<>();
    Thread producer = new Thread(() -> taken.complete(pool.take()));
    producer.start();
    awaitParked(producer);
    assertThat(pool.producerStarved()).isTrue();
    for (int i = 1; i <= 3; i++) {
      pool.give(i);
    }
    assertThat(pool.producerStarved()).isTrue();
    pool.give(4);
    // woken, whether or not it has run yet (a descheduled producer is late, not starved)
    assertThat(pool.producerStarved()).isFalse();
    assertThat(taken.get(10, TimeUnit.SECONDS)).isEqualTo(1);
  }

  @Test
  void manyRoundsBetweenTwoThreadsLoseNoWakeUp() throws Exception {
    FreeBatches<Integer> pool = new FreeBatches<>(8, 4);
    ArrayBlockingQueue<Integer> handedOver = new ArrayBlockingQueue<>(8);
    for (int i = 0; i < 8; i++) {
      pool.give(i);
    }
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread consumer = new Thread(() -> {
      try {
        for (int round = 0; round < 200_000; round++) {
          pool.give(handedOver.take());
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    consumer.start();
    long sum = 0;
    for (int round = 0; round < 200_000; round++) {
      Integer b = pool.take();
      sum += b;
      handedOver.put(b);
    }
    consumer.join();
    assertThat(failure.get()).isNull();
    // FIFO: the ids 0..7 come round again and again, each round's eight summing to 28
    assertThat(sum).isEqualTo(200_000L / 8 * 28);
  }

  @Test
  void anInterruptedProducerStopsWaiting() throws Exception {
    FreeBatches<Integer> pool = new FreeBatches<>(8, 4);
    AtomicReference<Integer> got = new AtomicReference<>(-1);
    Thread producer = new Thread(() -> got.set(pool.take()));
    producer.start();
    awaitParked(producer);
    producer.interrupt();
    producer.join(10_000);
    assertThat(producer.isAlive()).isFalse();
    assertThat(got.get()).isNull();
  }

  @Test
  void moreBatchesThanExistIsAnError() {
    FreeBatches<Integer> pool = new FreeBatches<>(1, 1);
    pool.give(1);
    assertThatThrownBy(() -> pool.give(2)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new FreeBatches<Integer>(4, 5)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Until the thread sleeps in the pool (it ran out of batches). */
  private static void awaitParked(Thread t) throws InterruptedException {
    while (t.getState() != Thread.State.WAITING) {
      assertThat(t.isAlive()).isTrue();
      Thread.sleep(5);
    }
  }
}

package io.porthunter.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCNotification;
import io.modelcontextprotocol.spec.McpServerTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Concurrent answers reach the SDK transport one at a time, as its outgoing sink requires. */
class SerialSendsTest {
  private static final int THREADS = 8;
  private static final int SENDS_PER_THREAD = 25;

  /** Records how many sends were inside it at once; each send lingers so that overlaps would show. */
  private static final class OverlapCountingTransport implements McpServerTransport {
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final AtomicInteger sent = new AtomicInteger();

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
      return Mono.fromRunnable(() -> {
        mostAtOnce.accumulateAndGet(inside.incrementAndGet(), Math::max);
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        sent.incrementAndGet();
        inside.decrementAndGet();
      });
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }
  }

  private static int mostConcurrentSends(McpServerTransport transport, OverlapCountingTransport inner)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < SENDS_PER_THREAD; i++) {
            transport.sendMessage(new JSONRPCNotification("2.0", "notifications/message", null)).block();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(inner.sent).hasValue(THREADS * SENDS_PER_THREAD);
    return inner.mostAtOnce.get();
  }

  @Test
  void sendsFromManyThreadsReachTheTransportOneAtATime() throws Exception {
    Scheduler sender = Schedulers.newSingle("test-send", true);
    try {
      OverlapCountingTransport inner = new OverlapCountingTransport();
      assertThat(mostConcurrentSends(new SerialSends.Transport(inner, sender, new Unanswered()), inner)).isEqualTo(1);
    } finally {
      sender.dispose();
    }
  }

  @Test
  void withoutItTheSameSendsOverlap() throws Exception {
    OverlapCountingTransport inner = new OverlapCountingTransport();
    assertThat(mostConcurrentSends(inner, inner)).as("the test can see an overlap").isGreaterThan(1);
  }
}

package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.porthunter.bench.CaptureFormat;
import io.porthunter.bench.SyntheticCaptureGenerator;
import io.porthunter.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding on a thread of its own changes nothing a consumer sees: the same packets, in the same
 * order, with the same summary as {@link CaptureReader#read}; and a failure on any thread ends the
 * whole read with that failure, leaving no thread behind.
 */
class ReadAheadTest {
  /** A read that takes longer than this is hung (a whole 100k-packet read takes well under 1 s). */
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);
  /** Threads stopped by a failure must be gone within this. */
  private static final Duration LINGER = Duration.ofSeconds(5);
  private static final Set<String> READ_AHEAD_THREADS =
      Set.of("porthunter-decode", "porthunter-analysis");
  private static final int CONSUMERS = 3;
  /** Packet count of the big pcap: above one cancellation poll, and about 100 batches. */
  private static final int BIG_PACKETS = 100_000;
  /** Enough packets to fill the circulating batches four times over, so they are reused. */
  private static final int RECYCLED_MANY_TIMES = 4 * ReadAhead.BATCHES * ReadAhead.BATCH_PACKETS;
  /** Byte limit that stops the big pcap after several batches were already handed over. */
  private static final long SMALL_MAX_BYTES = 2L << 20;

  @TempDir static Path dir;
  private static Path bigPcap;
  private static Path bigPcapng;
  private static Path notACapture;

  @BeforeAll
  static void writeCaptures() throws IOException {
    bigPcap = dir.resolve("big.pcap");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(BIG_PACKETS, 31), bigPcap);
    bigPcapng = dir.resolve("big.pcapng");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(60_000, 32)
        .withFormat(CaptureFormat.PCAPNG, true).withFloodSources(500), bigPcapng);
    notACapture = dir.resolve("notes.txt");
    Files.writeString(notACapture, "not a capture, just some notes\n".repeat(100),
        StandardCharsets.US_ASCII);
  }

  // ---- one sink: the same as a plain read ----

  @Test
  void aWaitingConsumerFailsTheReadOnlyWhenNoBatchCanComeAnyMore() {
    // a reader gone with nothing left to take
    assertThatThrownBy(() -> ReadAhead.stillWaiting(true, false, 5, ReadAhead.NOT_STUCK))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped without ending");
    // the reader busy (reading, decoding, or publishing): wait on
    assertThat(ReadAhead.stillWaiting(false, false, 5, 5)).isEqualTo(ReadAhead.NOT_STUCK);
    // nothing moves once: look again; batches handed back since: not stuck
    long first = ReadAhead.stillWaiting(false, true, 5, ReadAhead.NOT_STUCK);
    assertThat(first).isEqualTo(5);
    assertThat(ReadAhead.stillWaiting(false, true, 6, first)).isEqualTo(6);
    // nothing moved between two checks: the batches are lost
    assertThatThrownBy(() -> ReadAhead.stillWaiting(false, true, 6, 6))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stalled");
  }

  @Test
  void aConsumerWaitingLongerThanTwoChecksWhileTheReaderOrAnotherConsumerWorksIsNotStalled() throws Exception {
    // the reader pauses before its first batch; later consumer 1, which gets every packet, holds a
    // batch while the reader sleeps for free ones and consumer 0 has nothing to take: each time for
    // longer than two checks, and the read still ends with every packet
    Path file = dir.resolve("slow.pcap");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(30_000, 3), file);
    long pause = 2 * ReadAhead.WAIT_CHECK_MILLIS + 500;
    long[] got = new long[2];
    AtomicBoolean readerPaused = new AtomicBoolean();
    List<ReadAhead.Consumer> consumers = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      int index = k;
      consumers.add(new ReadAhead.Consumer() {
        @Override
        public void accept(Packet packet, int route) {
          if (++got[index] == 20 * 1024) {
            sleep(pause);
          }
        }

        @Override
        public void passed(long tsNanos) {
          got[index]++;
        }
      });
    }
    CaptureSummary s = ReadAhead.read(file, consumers, p -> {
      if (readerPaused.compareAndSet(false, true)) {
        sleep(pause);
      }
      return 1;
    }, ReadOptions.DEFAULT);
    assertThat(s.records()).isEqualTo(30_000);
    assertThat(got).containsExactly(30_000, 30_000);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @TestFactory
  Stream<DynamicTest> everySharedCaptureReadsAsWithoutReadAhead() {
    return Corpus.eachCapture(label -> assertSameAsPlainRead(Corpus.file(label)));
  }

  @Test
  void bigPcapReadsAsWithoutReadAhead() throws IOException {
    assertThat(assertSameAsPlainRead(bigPcap)).as("packets").isGreaterThan(RECYCLED_MANY_TIMES);
  }

  @Test
  void bigNanosecondPcapngReadsAsWithoutReadAhead() throws IOException {
    assertThat(assertSameAsPlainRead(bigPcapng)).as("packets").isGreaterThan(RECYCLED_MANY_TIMES);
  }

  @Test
  void gzipCaptureReadsAsWithoutReadAhead() throws IOException {
    // the compressed path reads a stream rather than file ranges
    Path gz = dir.resolve("big.pcapng.gz");
    Files.write(gz, CaptureReaderTest.gzip(Files.readAllBytes(bigPcapng)));
    assertThat(assertSameAsPlainRead(gz)).as("packets").isGreaterThan(RECYCLED_MANY_TIMES);
  }

  @Test
  void fileCutMidRecordReadsToTheCutAndSaysTruncated() throws IOException {
    byte[] whole = Files.readAllBytes(bigPcap);
    Path cut = dir.resolve("cut.pcap");
    // two thirds in, past many recycled batches; that this is inside a record is checked below
    Files.write(cut, Arrays.copyOf(whole, whole.length * 2 / 3 + 7));
    CaptureSummary plain = CaptureReader.read(cut, p -> { }, ReadOptions.DEFAULT);
    assertThat(plain.truncated()).as("the cut falls inside a record").isTrue();

    assertSameAsPlainRead(cut);
    CaptureSummary ahead = ReadAhead.read(cut, p -> { }, ReadOptions.DEFAULT);
    assertThat(ahead.truncated()).isTrue();
    assertThat(ahead.truncationNote()).isEqualTo(plain.truncationNote());
    assertThat(ahead.records()).isEqualTo(plain.records()).isGreaterThan(RECYCLED_MANY_TIMES / 2);
  }

  // ---- several consumers: routing ----

  @Test
  @Timeout(60) // runs on the test thread (consumer 0 must be the caller's); a hang is interrupted
  void everyConsumerGetsItsOwnPacketsTheSharedOnesAndOnlyTheTimesOfTheOthers() throws IOException {
    List<Packet> all = plain(bigPcap, ReadOptions.DEFAULT).packets();
    Map<Integer, Long> perRoute = all.stream().collect(
        Collectors.groupingBy(ReadAheadTest::route, Collectors.counting()));
    assertThat(perRoute).as("the router uses every kind of route")
        .containsKeys(0, 1, 2, ReadAhead.ROUTE_ALL, ReadAhead.ROUTE_NONE);

    List<Recording> consumers = recordings();
    Set<Thread> routerThreads = ConcurrentHashMap.newKeySet();
    ToIntFunction<Packet> router = p -> {
      routerThreads.add(Thread.currentThread());
      return route(p);
    };
    // one consumer lags now and then, so the others run batches ahead of it
    consumers.get(1).pauseEvery = 4096;
    Set<Thread> before = readAheadThreads();
    CaptureSummary summary = ReadAhead.read(bigPcap, consumers, router, ReadOptions.DEFAULT);

    assertThat(summary).isEqualTo(CaptureReader.read(bigPcap, p -> { }, ReadOptions.DEFAULT));
    assertConsumersSaw(consumers, all);
    Set<Long> unrouted = all.stream().filter(p -> route(p) == ReadAhead.ROUTE_NONE)
        .map(p -> p.frame).collect(Collectors.toSet());
    for (Recording c : consumers) {
      Set<Long> leaked = new HashSet<>(c.acceptedFrames);
      leaked.retainAll(unrouted);
      assertThat(leaked).as("ROUTE_NONE frames accepted by consumer %d", c.index).isEmpty();
    }

    // decoding and routing on one thread of its own, each consumer on its own thread
    assertThat(routerThreads).singleElement().extracting(Thread::getName)
        .isEqualTo("porthunter-decode");
    assertThat(consumers.get(0).threads).containsExactly(Thread.currentThread());
    for (Recording c : consumers.subList(1, CONSUMERS)) {
      assertThat(c.threads).as("consumer %d", c.index).singleElement()
          .extracting(Thread::getName).isEqualTo("porthunter-analysis");
    }
    Set<Thread> distinct = new HashSet<>();
    consumers.forEach(c -> distinct.addAll(c.threads));
    distinct.addAll(routerThreads);
    assertThat(distinct).as("decoder and consumer threads").hasSize(CONSUMERS + 1);
    // a completed read has joined its threads
    assertThat(newThreads(before)).isEmpty();
  }

  // ---- failures: rethrown, nothing hangs, nothing lingers ----

  /** What the reader side fails on; each is tried with one sink and with several consumers. */
  enum ReaderFailure {
    BYTE_LIMIT(CaptureTooLargeException.class),
    NOT_A_CAPTURE(CaptureFormatException.class),
    CANCELLED(CancellationException.class);

    final Class<? extends Exception> type;

    ReaderFailure(Class<? extends Exception> type) {
      this.type = type;
    }

    Path file() {
      return this == NOT_A_CAPTURE ? notACapture : bigPcap;
    }

    ReadOptions options() {
      switch (this) {
        case BYTE_LIMIT:
          return new ReadOptions(SMALL_MAX_BYTES, b -> { }, () -> false);
        case CANCELLED:
          return new ReadOptions(Long.MAX_VALUE, b -> { }, () -> true);
        default:
          return ReadOptions.DEFAULT;
      }
    }
  }

  static Stream<Arguments> readerFailures() {
    return Arrays.stream(ReaderFailure.values())
        .flatMap(f -> Stream.of(Arguments.of(f, 1), Arguments.of(f, CONSUMERS)));
  }

  @ParameterizedTest(name = "{0}, {1} consumer(s)")
  @MethodSource("readerFailures")
  void readerFailureIsRethrownAfterThePacketsDecodedBeforeIt(ReaderFailure failure, int consumers) {
    Oracle plain = plain(failure.file(), failure.options());
    assertThat(plain.failure()).isInstanceOf(failure.type);
    switch (failure) {
      case BYTE_LIMIT:
        assertThat(plain.packets()).hasSizeGreaterThan(ReadAhead.BATCHES * ReadAhead.BATCH_PACKETS);
        break;
      case CANCELLED: // the first poll comes after this many records
        assertThat(plain.packets()).hasSize(RecordLoop.POLL_INTERVAL_RECORDS);
        break;
      default:
        assertThat(plain.packets()).isEmpty();
    }

    Throwable thrown;
    if (consumers == 1) {
      List<String> got = new ArrayList<>();
      thrown = failureOf(() -> ReadAhead.read(failure.file(),
          p -> got.add(Decoded.describe(p)), failure.options()));
      assertSamePackets("single sink", got, fingerprints(plain.packets()));
    } else {
      List<Recording> recordings = recordings();
      thrown = failureOf(() -> ReadAhead.read(failure.file(), recordings, ReadAheadTest::route,
          failure.options()));
      assertConsumersSaw(recordings, plain.packets());
    }
    assertThat(thrown).isInstanceOf(failure.type).hasMessage(plain.failure().getMessage());
  }

  @Test
  void sinkThatThrowsIsTheExceptionReadThrows() {
    RuntimeException boom = new IllegalStateException("sink gave up");
    int[] accepted = {0};
    Throwable thrown = failureOf(() -> ReadAhead.read(bigPcap, p -> {
      if (accepted[0] == 5_000) {
        throw boom;
      }
      accepted[0]++;
    }, ReadOptions.DEFAULT));
    assertThat(thrown).isSameAs(boom);
    assertThat(accepted[0]).isEqualTo(5_000);
  }

  @ParameterizedTest(name = "consumer {0} throws from {1}()")
  @CsvSource({"0,accept", "1,accept", "2,accept", "1,passed", "2,passed"})
  void consumerThatThrowsOnAnyThreadIsTheExceptionReadThrows(int failing, String where) {
    RuntimeException boom = new IllegalStateException("consumer " + failing + " gave up");
    List<Recording> consumers = recordings();
    Recording bad = consumers.get(failing);
    bad.failure = boom;
    bad.failInPassed = where.equals("passed");
    bad.failAfter = 2_000;
    Throwable thrown = failureOf(() -> ReadAhead.read(bigPcap, consumers, ReadAheadTest::route,
        ReadOptions.DEFAULT));
    assertThat(thrown).isSameAs(boom);
    assertThat(bad.failInPassed ? bad.passed : bad.accepted).hasSize(2_000);
  }

  /**
   * Consumer 2 throws on its first packet while another consumer is held up on its first: with
   * consumer 0 (the caller's) held, its queue fills up meanwhile; with consumer 2 itself held, the
   * caller's consumer runs dry and waits on its queue and the decoder waits for a free batch, and
   * only then does consumer 2 throw.
   */
  @ParameterizedTest(name = "consumer {0} held up {1} ms")
  @CsvSource({"0,300", "2,500"})
  void consumerThatThrowsAtOnceWhileAnotherIsHeldUpIsTheExceptionReadThrows(int held, long millis) {
    RuntimeException boom = new IllegalStateException("consumer 2 gave up at once");
    List<Recording> consumers = recordings();
    consumers.get(held).pauseEvery = Integer.MAX_VALUE; // on the first packet only
    consumers.get(held).pauseMillis = millis;
    consumers.get(2).failure = boom;
    consumers.get(2).failAfter = 0;
    Throwable thrown = failureOf(() -> ReadAhead.read(bigPcap, consumers, ReadAheadTest::route,
        ReadOptions.DEFAULT));
    assertThat(thrown).isSameAs(boom);
  }

  @Test
  void routerThatThrowsIsTheExceptionReadThrowsAfterThePacketsRoutedBeforeIt() {
    // the router runs on the decoding thread: its failure is a reader-side one
    RuntimeException boom = new IllegalArgumentException("cannot route");
    long badFrame = 20_000;
    List<Recording> consumers = recordings();
    Throwable thrown = failureOf(() -> ReadAhead.read(bigPcap, consumers, p -> {
      if (p.frame == badFrame) {
        throw boom;
      }
      return route(p);
    }, ReadOptions.DEFAULT));
    assertThat(thrown).isSameAs(boom);
    List<Packet> before = plain(bigPcap, ReadOptions.DEFAULT).packets().subList(0, (int) badFrame - 1);
    assertConsumersSaw(consumers, before);
  }

  @Test
  void interruptingTheCallerCancelsTheReadAndKeepsTheInterrupt() {
    boolean[] stillInterrupted = {false};
    Throwable thrown = failureOf(() -> {
      int[] seen = {0};
      try {
        ReadAhead.read(bigPcap, p -> {
          if (++seen[0] == 3_000) {
            Thread.currentThread().interrupt();
          }
        }, ReadOptions.DEFAULT);
      } finally {
        stillInterrupted[0] = Thread.interrupted();
      }
    });
    assertThat(thrown).isInstanceOf(CancellationException.class);
    assertThat(stillInterrupted[0]).as("caller's interrupt status kept").isTrue();
  }

  @ParameterizedTest(name = "consumer {0} interrupts its own thread")
  @ValueSource(ints = {1, 2})
  void aConsumerThatInterruptsItsOwnThreadCancelsTheReadInsteadOfHangingIt(int interrupting) {
    // a consumer catching an InterruptedException and restoring the flag is ordinary code; its
    // thread must not simply stop taking batches, leaving the decoder and the caller waiting
    List<ReadAhead.Consumer> consumers = new ArrayList<>(recordings());
    Recording recording = (Recording) consumers.get(interrupting);
    consumers.set(interrupting, new ReadAhead.Consumer() {
      int seen;

      @Override
      public void accept(Packet packet, int route) {
        recording.accept(packet, route);
        if (++seen == 1_000) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void passed(long tsNanos) {
        recording.passed(tsNanos);
      }
    });
    Throwable thrown = failureOf(() -> ReadAhead.read(bigPcap, consumers, ReadAheadTest::route,
        ReadOptions.DEFAULT));
    assertThat(thrown).isInstanceOf(CancellationException.class);
  }

  @Test
  void aRouteNamingNoConsumerIsAReaderFailure() {
    Throwable thrown = failureOf(() -> ReadAhead.read(bigPcap, recordings(),
        p -> p.frame == 5_000 ? CONSUMERS : route(p), ReadOptions.DEFAULT));
    assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("route " + CONSUMERS);
  }

  // ---- helpers ----

  /** The route used with several consumers: mostly by frame, some shared, some dropped. */
  private static int route(Packet p) {
    if (p.frame % 17 == 0) {
      return ReadAhead.ROUTE_ALL;
    }
    if (p.frame % 19 == 0) {
      return ReadAhead.ROUTE_NONE;
    }
    return (int) (p.frame % CONSUMERS);
  }

  /** What a plain read delivered, up to its failure if it had one. */
  private record Oracle(List<Packet> packets, CaptureSummary summary, Throwable failure) {}

  private static Oracle plain(Path file, ReadOptions options) {
    List<Packet> packets = new ArrayList<>();
    CaptureSummary summary = null;
    Throwable failure = null;
    try {
      summary = CaptureReader.read(file, p -> packets.add(Decoded.copyOf(p)), options);
    } catch (IOException | RuntimeException e) {
      failure = e;
    }
    return new Oracle(packets, summary, failure);
  }

  /**
   * Reads the file with one sink through ReadAhead and plainly; asserts equal summaries and equal
   * packets (every public field), and answers the packet count.
   */
  private static int assertSameAsPlainRead(Path file) throws IOException {
    List<String> expected = new ArrayList<>();
    CaptureSummary plain = CaptureReader.read(file, p -> expected.add(Decoded.describe(p)),
        ReadOptions.DEFAULT);
    List<String> got = new ArrayList<>();
    CaptureSummary ahead = assertTimeoutPreemptively(HANG_GUARD,
        () -> ReadAhead.read(file, p -> got.add(Decoded.describe(p)), ReadOptions.DEFAULT));
    assertThat(ahead).as("summary of %s", file).isEqualTo(plain);
    assertSamePackets(file.toString(), got, expected);
    return expected.size();
  }

  private static List<String> fingerprints(List<Packet> packets) {
    return packets.stream().map(Decoded::describe).collect(Collectors.toList());
  }

  /** Like containsExactlyElementsOf, but reports the first difference instead of 100k rows. */
  private static void assertSamePackets(String what, List<String> got, List<String> expected) {
    int n = Math.min(got.size(), expected.size());
    for (int i = 0; i < n; i++) {
      if (!got.get(i).equals(expected.get(i))) {
        assertThat(got.get(i)).as("%s: packet #%d", what, i + 1).isEqualTo(expected.get(i));
      }
    }
    assertThat(got.size()).as("%s: packet count", what).isEqualTo(expected.size());
  }

  /**
   * Each consumer accepted exactly its own packets and the ROUTE_ALL ones, in file order and with
   * the route it was given, and was passed the times of the packets routed to another consumer.
   */
  private static void assertConsumersSaw(List<Recording> consumers, List<Packet> file) {
    for (Recording c : consumers) {
      List<String> accepted = new ArrayList<>();
      List<Integer> routes = new ArrayList<>();
      List<Long> passed = new ArrayList<>();
      for (Packet p : file) {
        int r = route(p);
        if (r == c.index || r == ReadAhead.ROUTE_ALL) {
          accepted.add(Decoded.describe(p));
          routes.add(r);
        } else if (r != ReadAhead.ROUTE_NONE) {
          passed.add(p.tsNanos);
        }
      }
      assertSamePackets("consumer " + c.index, c.accepted, accepted);
      assertThat(c.routes).as("routes given to consumer %d", c.index).isEqualTo(routes);
      assertThat(c.passed).as("times passed to consumer %d", c.index).isEqualTo(passed);
    }
  }

  private static List<Recording> recordings() {
    List<Recording> out = new ArrayList<>();
    for (int k = 0; k < CONSUMERS; k++) {
      out.add(new Recording(k));
    }
    return out;
  }

  /** A consumer that keeps what it is shown, and can be told to lag or to throw. */
  private static final class Recording implements ReadAhead.Consumer {
    final int index;
    final List<String> accepted = new ArrayList<>();
    final List<Long> acceptedFrames = new ArrayList<>();
    final List<Integer> routes = new ArrayList<>();
    final List<Long> passed = new ArrayList<>();
    final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** Sleep before every this many-th accepted packet (0: never). */
    int pauseEvery;
    long pauseMillis = 1;
    /** Thrown once failAfter packets were accepted (or passed, with failInPassed). */
    RuntimeException failure;
    boolean failInPassed;
    int failAfter;

    Recording(int index) {
      this.index = index;
    }

    @Override
    public void accept(Packet packet, int route) {
      threads.add(Thread.currentThread());
      if (pauseEvery > 0 && accepted.size() % pauseEvery == 0) {
        sleep(pauseMillis);
      }
      if (failure != null && !failInPassed && accepted.size() == failAfter) {
        throw failure;
      }
      accepted.add(Decoded.describe(packet));
      acceptedFrames.add(packet.frame);
      routes.add(route);
    }

    @Override
    public void passed(long tsNanos) {
      threads.add(Thread.currentThread());
      if (failure != null && failInPassed && passed.size() == failAfter) {
        throw failure;
      }
      passed.add(tsNanos);
    }

    private static void sleep(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // stopped by another consumer's failure
      }
    }
  }

  /**
   * Runs a read that must fail: answers what it threw, after checking that it did not hang and
   * that the threads it started are gone shortly after.
   */
  private static Throwable failureOf(ThrowingCallable read) {
    Set<Thread> before = readAheadThreads();
    Throwable thrown = assertTimeoutPreemptively(HANG_GUARD, () -> catchThrowable(read));
    assertThat(thrown).as("the read failed").isNotNull();
    assertNoThreadLingers(before);
    return thrown;
  }

  private static Set<Thread> readAheadThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && READ_AHEAD_THREADS.contains(t.getName()))
        .collect(Collectors.toSet());
  }

  private static Set<Thread> newThreads(Set<Thread> before) {
    Set<Thread> now = readAheadThreads();
    now.removeAll(before);
    return now;
  }

  private static void assertNoThreadLingers(Set<Thread> before) {
    long deadline = System.nanoTime() + LINGER.toNanos();
    Set<Thread> left = newThreads(before);
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      left = newThreads(before);
    }
    if (!left.isEmpty()) {
      StringBuilder where = new StringBuilder();
      for (Thread t : left) {
        where.append(t.getName()).append(" (").append(t.getState()).append(")\n");
        for (StackTraceElement e : t.getStackTrace()) {
          where.append("    at ").append(e).append('\n');
        }
      }
      fail("read-ahead threads still alive " + LINGER.toSeconds() + " s after the read failed:\n"
          + where);
    }
  }

  @Test
  void aReadWithoutConsumersIsRefusedBeforeAnyThreadStarts() {
    Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
    assertThatThrownBy(() -> ReadAhead.read(bigPcap, List.of(), p -> 0, ReadOptions.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(t -> !before.contains(t) && t.getName().startsWith("porthunter-"))
        .isEmpty();
  }
}

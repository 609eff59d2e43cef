package io.porthunter.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porthunter.capture.ReadOptions;
import io.porthunter.detect.CaptureAnalyzer;
import io.porthunter.detect.DetectionSettings;
import io.porthunter.detect.ScanAnalysis;
import io.porthunter.report.AnalysisCache.Loader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis cache holds what its share of the heap allows, weighed by what each analysis keeps. */
class AnalysisCacheTest {
  private static final Path SAMPLE = Path.of("samples/d19_mixed_syn_masscan_benign.pcapng"); // in the repository
  /** A classic pcap file header (little-endian, µs, Ethernet) and no records. */
  private static final byte[] EMPTY_PCAP = {
      (byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      (byte) 0xFF, (byte) 0xFF, 0, 0, 1, 0, 0, 0};

  private final CaptureAnalyzer analyzer = new CaptureAnalyzer(DetectionSettings.DEFAULTS);

  /** Upper bound on any wait below: reached only when the cache blocks a caller it must not. */
  private static final long STUCK_SECONDS = 30;

  private final ExecutorService callers = Executors.newCachedThreadPool();

  @TempDir Path dir;

  @AfterEach
  void stopCallers() {
    callers.shutdownNow();
  }

  /** Holds a loader until the test lets it go on. */
  private static void hold(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(STUCK_SECONDS, TimeUnit.SECONDS)) {
        throw new IOException("never released");
      }
    } catch (InterruptedException e) {
      throw new java.io.InterruptedIOException("interrupted");
    }
  }

  private ScanAnalysis analyse(Path file) throws IOException {
    return analyzer.analyze(file, ReadOptions.DEFAULT);
  }

  @Test
  void anAnalysisWeighsWhatItKeeps() throws IOException {
    Path empty = Files.write(dir.resolve("empty.pcap"), EMPTY_PCAP);
    int nothing = AnalysisCache.weightKiB(analyse(empty));
    int sample = AnalysisCache.weightKiB(analyse(SAMPLE));
    assertThat(nothing).isBetween(1, 4);
    // two scanners and 41 findings: about 87 KB held, measured
    assertThat(sample).isBetween(60, 200);
  }

  @Test
  void analysesBeyondTheBudgetAreLetGoAndReadAgainWhenAskedFor() throws IOException {
    int weight = AnalysisCache.weightKiB(analyse(SAMPLE));
    List<Path> copies = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      copies.add(Files.copy(SAMPLE, dir.resolve("copy" + i + ".pcapng")).toRealPath());
    }
    assertThat(loadsForTwoRounds(new AnalysisCache(10L * weight * 1024), copies)).isEqualTo(6);
    assertThat(loadsForTwoRounds(new AnalysisCache(3L * weight * 1024), copies)).isGreaterThan(6);
  }

  @Test
  void theLatestAnalysisIsKeptEvenWhenItOutweighsTheBudget() throws IOException {
    AnalysisCache cache = new AnalysisCache(1024); // 1 KiB: no analysis fits
    Path sample = SAMPLE.toRealPath();
    assertThat(loadsForTwoRounds(cache, List.of(sample))).isEqualTo(1);
  }

  @Test
  void aFileRewrittenWithItsSizeAndModificationTimeKeptIsReadAnew() throws Exception {
    Path file = dir.resolve("swapped.pcap");
    Files.write(file, Files.readAllBytes(SAMPLE));
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(file);
    AnalysisCache cache = new AnalysisCache();
    AtomicInteger loads = new AtomicInteger();
    AnalysisCache.Loader loader = progress -> {
      loads.incrementAndGet();
      return analyse(file);
    };
    cache.get(file, AnalysisControl.unlimited(), loader);
    cache.get(file, AnalysisControl.unlimited(), loader);
    assertThat(loads).as("one version, one pass").hasValue(1);

    byte[] other = Files.readAllBytes(SAMPLE);
    other[other.length - 1] ^= 1; // same size, other content
    Thread.sleep(20); // the status-change clock must move on (file systems keep it to the tick)
    Files.write(file, other);
    Files.setLastModifiedTime(file, mtime); // touch -r, cp -p, rsync -t
    cache.get(file, AnalysisControl.unlimited(), loader);
    assertThat(loads).hasValue(2);
  }

  private int loadsForTwoRounds(AnalysisCache cache, List<Path> files) throws IOException {
    AtomicInteger loads = new AtomicInteger();
    for (int round = 0; round < 2; round++) {
      for (Path f : files) {
        cache.get(f, AnalysisControl.unlimited(), progress -> {
          loads.incrementAndGet();
          return analyse(f);
        });
      }
    }
    return loads.get();
  }

  /**
   * A call whose pass starts, reports 40 of 100 bytes, holds until {@code release} and then ends as
   * {@code end} does; answered once the pass has started.
   */
  private Future<ScanAnalysis> heldPass(AnalysisCache cache, Path file, CountDownLatch release, AtomicInteger loads,
      AnalysisCache.Loader end) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    Future<ScanAnalysis> call = callers.submit(() -> cache.get(file, AnalysisControl.unlimited(), progress -> {
      loads.incrementAndGet();
      progress.update(40, 100);
      started.countDown();
      hold(release);
      return end.load(progress);
    }));
    assertThat(started.await(STUCK_SECONDS, TimeUnit.SECONDS)).isTrue();
    return call;
  }

  /** A call that must find the analysis kept or under way. */
  private Future<ScanAnalysis> mustNotLoad(AnalysisCache cache, Path file, AnalysisControl control) {
    return callers.submit(() -> cache.get(file, control, progress -> {
      throw new AssertionError("a second pass of the same file");
    }));
  }

  @Test
  void aLongAnalysisOfOneFileHoldsUpNoCallAboutAnother() throws Exception {
    AnalysisCache cache = new AnalysisCache();
    Path slow = Files.write(dir.resolve("slow.pcap"), EMPTY_PCAP).toRealPath();
    CountDownLatch release = new CountDownLatch(1);
    Future<ScanAnalysis> long1 = heldPass(cache, slow, release, new AtomicInteger(), progress -> analyse(slow));
    // many other files, so that some share a bucket with the slow one in any hash table
    for (int i = 0; i < 64; i++) {
      Path other = Files.write(dir.resolve("other" + i + ".pcap"), EMPTY_PCAP).toRealPath();
      Future<ScanAnalysis> quick = callers.submit(() -> cache.get(other, AnalysisControl.unlimited(),
          progress -> analyse(other)));
      assertThat(quick.get(STUCK_SECONDS, TimeUnit.SECONDS).capture().records()).isZero();
    }
    assertThat(long1.isDone()).isFalse();
    release.countDown();
    assertThat(long1.get(STUCK_SECONDS, TimeUnit.SECONDS).capture().records()).isZero();
  }

  @Test
  void whenTheHeapHoldsOneLargePassALargeCaptureWaitsItsTurnAndMayGiveUpWhileSmallOnesRun() throws Exception {
    AnalysisCache cache = new AnalysisCache(1 << 20, 192); // the passes' share of a 256 MiB heap
    Path small = Files.write(dir.resolve("small.pcap"), EMPTY_PCAP).toRealPath();
    List<Path> large = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Path f = Files.write(dir.resolve("large" + i + ".pcap"), EMPTY_PCAP);
      try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
        raf.setLength(20L << 20); // sparse: only its size is read here
      }
      large.add(f.toRealPath());
    }
    assertThat(AnalysisCache.passWeightMiB(large.get(0), Files.size(large.get(0)))).isEqualTo(AnalysisCache.PASS_MIB);
    CountDownLatch release = new CountDownLatch(1);
    Future<ScanAnalysis> first = heldPass(cache, large.get(0), release, new AtomicInteger(), progress -> analyse(small));

    AtomicInteger secondLoads = new AtomicInteger();
    AtomicBoolean giveUp = new AtomicBoolean();
    Future<ScanAnalysis> second = callers.submit(() -> cache.get(large.get(1),
        new AnalysisControl(Long.MAX_VALUE, (d, t) -> { }, giveUp::get), progress -> {
          secondLoads.incrementAndGet();
          return analyse(small);
        }));
    // a small capture fits beside the first pass
    assertThat(callers.submit(() -> cache.get(small, AnalysisControl.unlimited(), progress -> analyse(small)))
        .get(STUCK_SECONDS, TimeUnit.SECONDS).capture().records()).isZero();
    Thread.sleep(3 * AnalysisCache.JOIN_POLL_MILLIS);
    assertThat(secondLoads).as("no room for a second large pass yet").hasValue(0);
    giveUp.set(true);
    assertThatThrownBy(() -> second.get(STUCK_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(CancellationException.class);
    assertThat(secondLoads).hasValue(0);

    Future<ScanAnalysis> third = callers.submit(() -> cache.get(large.get(2), AnalysisControl.unlimited(),
        progress -> analyse(small)));
    release.countDown();
    assertThat(first.get(STUCK_SECONDS, TimeUnit.SECONDS).capture().records()).isZero();
    assertThat(third.get(STUCK_SECONDS, TimeUnit.SECONDS).capture().records()).isZero();
  }

  @Test
  void aPassTheHeapCouldNotHoldRunsOnceMoreAfterTheKeptAnalysesAreLetGo() throws Exception {
    AnalysisCache cache = new AnalysisCache(1 << 20, 192);
    Path kept = Files.copy(SAMPLE, dir.resolve("kept.pcapng")).toRealPath();
    Path next = Files.copy(SAMPLE, dir.resolve("next.pcapng")).toRealPath();
    AtomicInteger keptLoads = new AtomicInteger();
    Loader keptLoader = progress -> {
      keptLoads.incrementAndGet();
      return analyse(kept);
    };
    cache.get(kept, AnalysisControl.unlimited(), keptLoader);
    AtomicInteger tries = new AtomicInteger();
    ScanAnalysis a = cache.get(next, AnalysisControl.unlimited(), progress -> {
      if (tries.incrementAndGet() == 1) {
        throw new OutOfMemoryError("Java heap space"); // as a pass at the bounds beside kept analyses may
      }
      return analyse(next);
    });
    assertThat(tries).hasValue(2);
    assertThat(a.capture().records()).isEqualTo(1728);
    cache.get(kept, AnalysisControl.unlimited(), keptLoader);
    assertThat(keptLoads).as("let go to make room, so read again").hasValue(2);
  }

  @Test
  void aPassTheHeapCannotHoldEvenAloneFailsWithItsError() {
    AnalysisCache cache = new AnalysisCache(1 << 20, 192);
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> cache.get(SAMPLE.toRealPath(), AnalysisControl.unlimited(), progress -> {
      tries.incrementAndGet();
      throw new OutOfMemoryError("Java heap space");
    })).isInstanceOf(OutOfMemoryError.class);
    assertThat(tries).hasValue(2);
  }

  @Test
  void aPassIsWeighedByWhatItsCaptureCanHold() throws Exception {
    Path plain = Files.write(dir.resolve("plain.pcap"), EMPTY_PCAP).toRealPath();
    assertThat(AnalysisCache.passWeightMiB(plain, 24)).isEqualTo(AnalysisCache.SMALL_PASS_MIB);
    assertThat(AnalysisCache.passWeightMiB(plain, 3L << 20)).isEqualTo(AnalysisCache.SMALL_PASS_MIB + 48);
    assertThat(AnalysisCache.passWeightMiB(plain, 5L << 30)).isEqualTo(AnalysisCache.PASS_MIB);
    // compressed as the reader tells it, by its first bytes, whatever its name: any number of packets
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(EMPTY_PCAP);
    }
    Path gzipNamedPcap = Files.write(dir.resolve("looks-plain.pcap"), gz.toByteArray()).toRealPath();
    assertThat(analyse(gzipNamedPcap).capture().records()).isZero(); // read as gzip
    assertThat(AnalysisCache.passWeightMiB(gzipNamedPcap, Files.size(gzipNamedPcap))).isEqualTo(AnalysisCache.PASS_MIB);
  }

  @Test
  void aCallerJoiningAPassSeesItsProgressAndMayGiveUpWithoutStoppingIt() throws Exception {
    AnalysisCache cache = new AnalysisCache();
    Path file = SAMPLE.toRealPath();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    Future<ScanAnalysis> owner = heldPass(cache, file, release, loads, progress -> analyse(file));
    List<long[]> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean giveUp = new AtomicBoolean();
    AnalysisControl joiner = new AnalysisControl(Long.MAX_VALUE, (done, total) -> {
      seen.add(new long[] {done, total});
      giveUp.set(true); // gives up once it has seen how far the pass is
    }, giveUp::get);
    Future<ScanAnalysis> joined = mustNotLoad(cache, file, joiner);
    assertThatThrownBy(() -> joined.get(STUCK_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CancellationException.class);
    assertThat(seen).extracting(p -> p[0] + "/" + p[1]).containsExactly("40/100");
    assertThat(owner.isDone()).as("the pass goes on for its own caller").isFalse();
    release.countDown();
    assertThat(owner.get(STUCK_SECONDS, TimeUnit.SECONDS).capture().records()).isPositive();
    assertThat(mustNotLoad(cache, file, AnalysisControl.unlimited()).get(STUCK_SECONDS, TimeUnit.SECONDS)
        .capture().records()).isPositive();
    assertThat(loads).hasValue(1);
  }

  @Test
  void whenTheCallerRunningAPassGivesUpAWaitingCallerRunsItItself() throws Exception {
    AnalysisCache cache = new AnalysisCache();
    Path file = SAMPLE.toRealPath();
    CountDownLatch giveUp = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    Future<ScanAnalysis> owner = heldPass(cache, file, giveUp, loads, progress -> {
      throw new CancellationException("the first caller gave up");
    });
    Future<ScanAnalysis> waiting = callers.submit(() -> cache.get(file, AnalysisControl.unlimited(), progress -> {
      loads.incrementAndGet();
      return analyse(file);
    }));
    giveUp.countDown();
    assertThatThrownBy(() -> owner.get(STUCK_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CancellationException.class);
    assertThat(waiting.get(STUCK_SECONDS, TimeUnit.SECONDS).capture().records()).isPositive();
    assertThat(loads).hasValue(2);
  }

  @Test
  void callersJoiningAPassThatFailsGetItsError() throws Exception {
    AnalysisCache cache = new AnalysisCache();
    Path file = SAMPLE.toRealPath();
    CountDownLatch fail = new CountDownLatch(1);
    Future<ScanAnalysis> owner = heldPass(cache, file, fail, new AtomicInteger(), progress -> {
      throw new IOException("damaged beyond reading");
    });
    Future<ScanAnalysis> joined = mustNotLoad(cache, file, AnalysisControl.unlimited());
    Thread.sleep(3 * AnalysisCache.JOIN_POLL_MILLIS); // let it join (had it come late, its loader would fail it)
    fail.countDown();
    assertThatThrownBy(() -> owner.get(STUCK_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
    assertThatThrownBy(() -> joined.get(STUCK_SECONDS, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IOException.class).hasMessageContaining("damaged beyond reading");
  }
}

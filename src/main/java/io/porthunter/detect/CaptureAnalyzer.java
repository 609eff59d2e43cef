package io.porthunter.detect;

import io.porthunter.capture.CaptureReader;
import io.porthunter.capture.CaptureSummary;
import io.porthunter.capture.ReadOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One analysis of a capture file: decode, follow conversations, judge.
 *
 * <p>On several cores the conversations are split between workers by their (symmetric) key: every
 * worker decodes the whole file — decoding costs a fraction of following conversations — and acts
 * only on its share, so each conversation and each source's packets are still seen in file order by
 * one worker. The shares' per-source states merge (counts add, sets unite, contacts fold by the same
 * rule as within a worker) and the sequential test then runs over the merged contacts in time order,
 * so the result equals a single pass. While no memory bound is reached (see {@link StateCost}), it
 * is identical; each worker gets its share of the bounds.
 */
public final class CaptureAnalyzer {
  /** Files smaller than this are analysed by one worker: threads would cost more than they save. */
  public static final long PARALLEL_MIN_BYTES = 16L << 20;
  /** Each extra worker decodes the whole file again; past a few, that outweighs the split. */
  public static final int MAX_WORKERS = 4;

  private final DetectionSettings settings;
  private final int workers;
  private final long parallelMinBytes;

  /** Uses {@link #defaultWorkers()} workers. */
  public CaptureAnalyzer(DetectionSettings settings) {
    this(settings, defaultWorkers(), PARALLEL_MIN_BYTES);
  }

  /**
   * One worker per two cores, at most {@link #MAX_WORKERS}: every worker decodes the whole file, and
   * cores usually come as hyperthread pairs, so on two cores one worker is faster than two (measured:
   * 5.3 s against 5.6 s for 10 M packets on this project's 2-vCPU machine).
   */
  public static int defaultWorkers() {
    return Math.max(1, Math.min(MAX_WORKERS, Runtime.getRuntime().availableProcessors() / 2));
  }

  public CaptureAnalyzer(DetectionSettings settings, int workers, long parallelMinBytes) {
    this.settings = settings;
    this.workers = Math.max(1, workers);
    this.parallelMinBytes = parallelMinBytes;
  }

  public ScanAnalysis analyze(Path file, ReadOptions options) throws IOException {
    int n = workersFor(file);
    if (n == 1) {
      ConversationTracker tracker = new ConversationTracker(settings);
      CaptureSummary summary = CaptureReader.read(file, tracker, options);
      return new ScanJudge(settings).judge(tracker.finish(), summary);
    }
    DetectionSettings share = settings.perWorker(n);
    AtomicBoolean failed = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "porthunter-analysis");
      t.setDaemon(true);
      return t;
    });
    try {
      List<ConversationTracker> trackers = new ArrayList<>();
      List<Future<CaptureSummary>> results = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        ConversationTracker tracker = new ConversationTracker(share, n, k);
        trackers.add(tracker);
        // Only the first worker reports progress; all stop when the caller cancels or one fails.
        ReadOptions own = new ReadOptions(options.maxBytes(), k == 0 ? options.progress() : done -> { },
            () -> failed.get() || options.cancelled().getAsBoolean());
        results.add(pool.submit(() -> {
          try {
            return CaptureReader.read(file, tracker, own);
          } catch (IOException | RuntimeException e) {
            failed.set(true);
            throw e;
          }
        }));
      }
      CaptureSummary summary = awaitAll(results);
      List<TrackerState> parts = new ArrayList<>();
      for (ConversationTracker t : trackers) {
        parts.add(t.finish());
      }
      return new ScanJudge(settings).judge(TrackerState.merge(parts), summary);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Waits for every worker; returns the first worker's summary (all read the same file). A real
   * failure (I/O, format, size) wins over the cancellations it caused in the other workers.
   */
  private static CaptureSummary awaitAll(List<Future<CaptureSummary>> results) throws IOException {
    CaptureSummary first = null;
    Throwable failure = null;
    for (Future<CaptureSummary> r : results) {
      try {
        CaptureSummary s = r.get();
        first = first == null ? s : first;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
        if (failure == null || failure instanceof CancellationException) {
          failure = cause;
        }
      }
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure != null) {
      throw new IOException(failure);
    }
    return first;
  }

  private int workersFor(Path file) throws IOException {
    // Compressed input is one stream: each worker would inflate all of it.
    if (workers == 1 || Files.size(file) < parallelMinBytes || CaptureReader.isCompressed(file)) {
      return 1;
    }
    return workers;
  }

}

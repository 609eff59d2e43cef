package io.porthunter.detect;

import io.porthunter.capture.CaptureReader;
import io.porthunter.capture.CaptureSummary;
import io.porthunter.capture.ReadAhead;
import io.porthunter.capture.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One analysis of a capture file: decode, follow conversations, judge.
 *
 * <p>The file is decoded once, on a thread of its own ({@link ReadAhead}), while conversations are
 * followed on others. With several workers the conversations are split between them by their
 * (symmetric) key, so each conversation and each source's share of packets is still seen in file
 * order by one worker, and every worker sees every packet's time, so all conclude conversations at
 * the same capture-clock moments. The shares' per-source states merge (counts add, sets unite,
 * contacts fold by the same rule as within a worker) and the sequential test then runs over the
 * merged contacts in time order, so the result equals a single pass. While no memory bound is reached
 * (see {@link StateCost}), it is identical; each worker gets its share of the bounds.
 */
public final class CaptureAnalyzer {
  /** Files smaller than this are followed by one worker: threads would cost more than they save. */
  public static final long PARALLEL_MIN_BYTES = 16L << 20;
  /** Most workers {@link #defaultWorkers()} picks (more may be asked for: {@code PORT_HUNTER_WORKERS}). */
  public static final int DEFAULT_MAX_WORKERS = 4;

  private final DetectionSettings settings;
  private final int workers;
  private final long parallelMinBytes;
  /** Decode on a thread of its own; without a second core, one worker reads and follows in turn. */
  private final boolean decodingThread;

  /** Uses {@link #defaultWorkers()} workers. */
  public CaptureAnalyzer(DetectionSettings settings) {
    this(settings, defaultWorkers(), PARALLEL_MIN_BYTES);
  }

  /**
   * Heap the JVM may use ({@link Runtime#maxMemory}) per worker {@link #defaultWorkers()} picks. The
   * memory bounds ({@link DetectionSettings#maxFlows} and the rest) are sized for a 256 MiB heap, and
   * each worker gets its share of them, but two workers concluding at their own moments peak higher:
   * on a 2 M-packet spoofed flood (the README's) two ran out of memory at {@code -Xmx256m} (245 MiB
   * usable) and finished at {@code -Xmx384m} (362 MiB); one worker finishes at {@code -Xmx256m}. Two
   * workers by default from 640 MiB on keeps a margin over what that flood needed.
   */
  static final long HEAP_PER_WORKER_BYTES = 320L << 20;

  /**
   * One worker per two cores, at most {@link #DEFAULT_MAX_WORKERS}: the decoding thread, the JIT compiler
   * and the garbage collector need the rest (measured on this project's 2-vCPU machine: one worker
   * beside the decoding thread is faster than two); and at most one per {@link #HEAP_PER_WORKER_BYTES}
   * of heap.
   */
  public static int defaultWorkers() {
    return defaultWorkers(Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory());
  }

  static int defaultWorkers(int cores, long maxHeapBytes) {
    long byHeap = maxHeapBytes / HEAP_PER_WORKER_BYTES;
    return (int) Math.max(1, Math.min(Math.min(DEFAULT_MAX_WORKERS, cores / 2), byHeap));
  }

  public CaptureAnalyzer(DetectionSettings settings, int workers, long parallelMinBytes) {
    this(settings, workers, parallelMinBytes, Runtime.getRuntime().availableProcessors() > 1);
  }

  CaptureAnalyzer(DetectionSettings settings, int workers, long parallelMinBytes, boolean decodingThread) {
    this.settings = settings;
    this.workers = Math.max(1, workers);
    this.parallelMinBytes = parallelMinBytes;
    this.decodingThread = decodingThread;
  }

  public ScanAnalysis analyze(Path file, ReadOptions options) throws IOException {
    int n = workersFor(file);
    if (n == 1 && !decodingThread) {
      ConversationTracker tracker = new ConversationTracker(settings);
      CaptureSummary summary = CaptureReader.read(file, tracker, options);
      return new ScanJudge(settings).judge(tracker.finish(), summary);
    }
    DetectionSettings share = n == 1 ? settings : settings.perWorker(n);
    List<ConversationTracker> trackers = new ArrayList<>();
    for (int k = 0; k < n; k++) {
      trackers.add(new ConversationTracker(share, n, k));
    }
    CaptureSummary summary = ReadAhead.read(file, trackers, p -> ConversationTracker.route(p, n), options);
    List<TrackerState> parts = new ArrayList<>();
    for (ConversationTracker t : trackers) {
      parts.add(t.finish());
    }
    return new ScanJudge(settings).judge(TrackerState.merge(parts), summary);
  }

  private int workersFor(Path file) throws IOException {
    return workers == 1 || Files.size(file) < parallelMinBytes ? 1 : workers;
  }
}

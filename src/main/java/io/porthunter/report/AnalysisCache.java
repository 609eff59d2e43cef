package io.porthunter.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.porthunter.capture.CaptureReader;
import io.porthunter.detect.ScanAnalysis;
import io.porthunter.detect.ScannerVerdict;
import io.porthunter.detect.TargetFinding;
import io.porthunter.detect.TargetSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One analysis per file version, shared by every tool: keyed by real path, size, modification time,
 * inode and status-change time ({@link Key}), so overview → suspects → first event pays for one pass,
 * and a rewritten file is read anew.
 * Concurrent calls for the same file join the one pass under way (each may still give up on its own);
 * calls about other files wait for it only when the heap has no room for their own pass too.
 */
final class AnalysisCache {
  /**
   * The analyses kept weigh at most this share of the heap, so that a server asked about thousands
   * of captures stays beside the pass it is running (which may hold up to {@link #PASS_MIB} MiB).
   */
  static final int HEAP_SHARE_DIVISOR = 4;

  // Approximate bytes an analysis keeps, measured by holding analyses of the real corpus.
  private static final long BASE_BYTES = 2048;
  private static final long SENDER_BYTES = 72;
  private static final long PORT_HIT_BYTES = 32;
  private static final long SCANNER_BYTES = 2048;
  private static final long ACTIVE_SECOND_BYTES = 12;
  private static final long ENTRY_BYTES = 512;
  private static final long LISTED_PORT_BYTES = 48;

  /** How often a caller waiting for another caller's pass checks its own cancellation and progress. */
  static final long JOIN_POLL_MILLIS = 100;

  /**
   * What one pass may hold at most, in MiB: every table at its bound ({@link
   * io.porthunter.detect.DetectionSettings}), the read ring, the judging. A compressed capture (told
   * by its first bytes, as the reader tells it) may hold any number of packets, so it is weighed so.
   */
  static final int PASS_MIB = 160;
  /** What a pass of a small capture holds at least: the read ring of reused packets, scratch. */
  static final int SMALL_PASS_MIB = 16;
  /**
   * What each MiB of an uncompressed capture can add at most before the bounds stop it (a spoofed
   * source, a conversation and a contact per 60-byte frame).
   */
  static final int STATE_MIB_PER_CAPTURE_MIB = 16;

  /**
   * A file version: its real path, size and modification time, and where the file system tells them
   * (Unix) its inode and status-change time, which a rewrite cannot set back: a file rewritten with
   * the same size and its old modification time restored (touch -r, rsync -t, cp -p) is read anew.
   */
  private record Key(Path realPath, long size, long modifiedNanos, Object inode, long changedNanos) {}

  /** The work to run on a miss, reporting its progress to the sink it is given. */
  @FunctionalInterface
  interface Loader {
    ScanAnalysis load(AnalysisControl.Progress progress) throws IOException;
  }

  /**
   * One analysis under way. Callers asking for the same file meanwhile join it: they wait for its
   * result, see its progress, and may give up on their own without stopping it.
   */
  private static final class Pass {
    final CompletableFuture<ScanAnalysis> result = new CompletableFuture<>();
    volatile long done = -1;
    volatile long total = -1;

    void progress(long doneBytes, long totalBytes) {
      total = totalBytes;
      done = doneBytes;
    }
  }

  private final Cache<Key, ScanAnalysis> cache;
  /**
   * MiB of heap the passes under way may hold together, beside the analyses kept: calls about other
   * files run side by side while they fit, and wait their turn (fairly) when the heap could not hold
   * one more (ten large captures at once under -Xmx1g ran out of memory).
   */
  private final Semaphore passBudget;
  private final int passBudgetMiB;
  /**
   * Passes under way, by file version. Kept apart from the cache so that a pass runs outside any lock
   * of the map: a long analysis of one file never holds up calls about another.
   */
  private final ConcurrentHashMap<Key, Pass> running = new ConcurrentHashMap<>();
  /**
   * The analysis asked for last, kept whatever it weighs: one heavier than the whole budget (a sweep
   * of a /16 under a small heap) is still read once for all the views a session asks of it.
   */
  private volatile Latest latest;

  private record Latest(Key key, ScanAnalysis analysis) {}

  AnalysisCache() {
    this(Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR);
  }

  AnalysisCache(long maxBytes) {
    this(maxBytes, (int) Math.min(Integer.MAX_VALUE,
        (Runtime.getRuntime().maxMemory() - maxBytes) / (1024 * 1024)));
  }

  AnalysisCache(long maxBytes, int passBudgetMiB) {
    this.passBudgetMiB = Math.max(1, passBudgetMiB);
    passBudget = new Semaphore(this.passBudgetMiB, true);
    cache = Caffeine.newBuilder()
        .maximumWeight(Math.max(1, maxBytes / 1024))
        .executor(Runnable::run) // evict at once, on the caller's thread: a burst cannot overshoot
        .weigher((Key k, ScanAnalysis a) -> weightKiB(a))
        .build();
  }

  /**
   * What an analysis keeps, in KiB: the senders and probed hosts it can answer about, its port counts, and each
   * scanner's verdict with its activity and findings, each target with its port lists.
   */
  static int weightKiB(ScanAnalysis a) {
    long bytes = BASE_BYTES + SENDER_BYTES * (a.senders().size() + a.probed().size())
        + PORT_HIT_BYTES * a.portHits().size();
    for (ScannerVerdict v : a.scanners()) {
      bytes += SCANNER_BYTES + ACTIVE_SECOND_BYTES * v.activity().seconds().length;
      for (TargetFinding f : v.findings()) {
        bytes += entryBytes(f.open().size() + f.closed().size() + f.filtered().size() + f.unfiltered().size());
      }
    }
    for (TargetSummary t : a.targets()) {
      bytes += entryBytes(
          t.open().size() + t.closed().size() + t.filtered().size() + t.unfiltered().size() + t.scannedBy().size());
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes / 1024 + 1);
  }

  /** A finding or target entry listing this many ports (or scanners). */
  private static long entryBytes(int listed) {
    return ENTRY_BYTES + LISTED_PORT_BYTES * listed;
  }

  /**
   * The analysis of the file as it is now: kept, joined while another caller's pass of it runs, or
   * run here on the caller's thread (its progress and cancellation are the caller's).
   *
   * @throws java.util.concurrent.CancellationException when the caller gave up, whoever runs the pass
   */
  ScanAnalysis get(Path realPath, AnalysisControl control, Loader loader) throws IOException {
    Key key = keyOf(realPath);
    while (true) {
      Latest last = latest;
      if (last != null && last.key().equals(key)) {
        return last.analysis();
      }
      ScanAnalysis kept = cache.getIfPresent(key);
      if (kept != null) {
        return remember(key, kept);
      }
      Pass mine = new Pass();
      Pass other = running.putIfAbsent(key, mine);
      if (other == null) {
        return run(key, mine, control, loader);
      }
      ScanAnalysis joined = join(other, control);
      if (joined != null) {
        return remember(key, joined);
      }
      // the pass was given up by the caller running it: look again, and run it here if still needed
    }
  }

  private static Key keyOf(Path realPath) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(realPath, BasicFileAttributes.class);
    Object inode = attrs.fileKey(); // (device, inode) on Unix
    long changed = 0;
    try {
      changed = nanos((FileTime) Files.getAttribute(realPath, "unix:ctime"));
    } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
      // size, modification time and file key are all there is
    }
    return new Key(realPath, attrs.size(), nanos(attrs.lastModifiedTime()), inode, changed);
  }

  private static long nanos(FileTime t) {
    return t.toInstant().getEpochSecond() * 1_000_000_000L + t.toInstant().getNano();
  }

  private ScanAnalysis run(Key key, Pass pass, AnalysisControl control, Loader loader) throws IOException {
    try {
      ScanAnalysis kept = cache.getIfPresent(key); // finished between the look and the claim
      ScanAnalysis analysis = kept != null ? kept : load(key, pass, control, loader);
      cache.put(key, analysis);
      pass.result.complete(analysis);
      return remember(key, analysis);
    } catch (IOException | RuntimeException | Error e) {
      pass.result.completeExceptionally(e);
      throw e;
    } finally {
      running.remove(key, pass);
    }
  }

  /**
   * Runs the loader once the heap has room for its pass. When the heap held less than the weights
   * said (hostile captures at the bounds beside the analyses kept, the last one asked for and answers
   * being written), the pass runs once more after every kept analysis is let go, with the whole pass
   * budget to itself: a call that finds the heap full answers, later, instead of failing.
   */
  private ScanAnalysis load(Key key, Pass pass, AnalysisControl control, Loader loader) throws IOException {
    AnalysisControl.Progress progress = (done, total) -> {
      pass.progress(done, total);
      control.progress().update(done, total);
    };
    try {
      return loadHolding(Math.min(passBudgetMiB, passWeightMiB(key)), control, loader, progress);
    } catch (OutOfMemoryError heapFull) {
      // its tables are garbage now; so may the kept analyses be
    }
    cache.invalidateAll();
    latest = null;
    return loadHolding(passBudgetMiB, control, loader, progress);
  }

  /**
   * Runs the loader holding {@code mib} of the pass budget, taken first (waiting while the caller has
   * not given up) and given back when it ends, however it ends.
   */
  private ScanAnalysis loadHolding(int mib, AnalysisControl control, Loader loader, AnalysisControl.Progress progress)
      throws IOException {
    try {
      while (!passBudget.tryAcquire(mib, JOIN_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (control.cancelled().getAsBoolean()) {
          throw new CancellationException("cancelled while waiting for room to analyse the file");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    }
    try {
      return loader.load(progress);
    } finally {
      passBudget.release(mib);
    }
  }

  /** What a pass of this file may hold, in MiB (see {@link #PASS_MIB}); a failed look counts as compressed. */
  static int passWeightMiB(Path realPath, long size) {
    try {
      if (CaptureReader.isCompressed(realPath)) {
        return PASS_MIB;
      }
    } catch (IOException unreadable) {
      return PASS_MIB; // the pass itself will say what is wrong
    }
    long mib = size / (1024 * 1024);
    return (int) Math.min(PASS_MIB, SMALL_PASS_MIB + mib * STATE_MIB_PER_CAPTURE_MIB);
  }

  private static int passWeightMiB(Key key) {
    return passWeightMiB(key.realPath(), key.size());
  }

  /**
   * Waits for another caller's pass, passing its progress on; null when that caller gave up (its
   * cancellation is its own, not this caller's). Fails as the pass failed otherwise.
   */
  private static ScanAnalysis join(Pass pass, AnalysisControl control) throws IOException {
    long shown = -1;
    while (true) {
      try {
        return pass.result.get(JOIN_POLL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (control.cancelled().getAsBoolean()) {
          throw new CancellationException("cancelled while another call's analysis of the file ran");
        }
        long done = pass.done;
        if (done > shown) {
          shown = done;
          control.progress().update(done, pass.total);
        }
      } catch (CancellationException e) { // how a future reports a pass that ended in cancellation
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof RuntimeException re) {
          throw re;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw new IOException(cause);
      }
    }
  }

  private ScanAnalysis remember(Key key, ScanAnalysis analysis) {
    latest = new Latest(key, analysis);
    return analysis;
  }
}

package io.porthunter.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.porthunter.detect.ScanAnalysis;
import io.porthunter.detect.ScannerVerdict;
import io.porthunter.detect.TargetFinding;
import io.porthunter.detect.TargetSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * One analysis per file version, shared by every tool: keyed by real path, size and modification
 * time, so overview → suspects → first event pays for one pass, and a rewritten file is read anew.
 * Concurrent calls for the same key wait for the one pass under way.
 */
final class AnalysisCache {
  /**
   * The analyses kept weigh at most this share of the heap, so that a server asked about thousands
   * of captures stays beside the pass it is running (which needs about 150 MB at most).
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

  private record Key(Path realPath, long size, long modifiedNanos) {}

  /** The work to run on a miss. */
  @FunctionalInterface
  interface Loader {
    ScanAnalysis load() throws IOException;
  }

  private final Cache<Key, ScanAnalysis> cache;
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
    cache = Caffeine.newBuilder()
        .maximumWeight(Math.max(1, maxBytes / 1024))
        .executor(Runnable::run) // evict at once, on the caller's thread: a burst cannot overshoot
        .weigher((Key k, ScanAnalysis a) -> weightKiB(a))
        .build();
  }

  /**
   * What an analysis keeps, in KiB: the senders it can answer about, its port counts, and each
   * scanner's verdict with its activity and findings, each target with its port lists.
   */
  static int weightKiB(ScanAnalysis a) {
    long bytes = BASE_BYTES + SENDER_BYTES * a.senders().size() + PORT_HIT_BYTES * a.portHits().size();
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

  ScanAnalysis get(Path realPath, Loader loader) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(realPath, BasicFileAttributes.class);
    Key key = new Key(realPath, attrs.size(), attrs.lastModifiedTime().toInstant().toEpochMilli() * 1_000_000L
        + attrs.lastModifiedTime().toInstant().getNano() % 1_000_000);
    Latest last = latest;
    if (last != null && last.key().equals(key)) {
      return last.analysis();
    }
    ScanAnalysis analysis;
    try {
      analysis = cache.get(key, k -> {
        try {
          return loader.load();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    latest = new Latest(key, analysis);
    return analysis;
  }
}

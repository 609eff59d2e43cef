package io.porthunter.report;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.porthunter.detect.ScanAnalysis;
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
   * Total weight of the analyses kept, one unit per scanner, target and finding (each a few hundred
   * bytes): a sweep of a /16 weighs more than a handful of small captures.
   */
  static final long MAX_WEIGHT = 500_000;

  private record Key(Path realPath, long size, long modifiedNanos) {}

  /** The work to run on a miss. */
  @FunctionalInterface
  interface Loader {
    ScanAnalysis load() throws IOException;
  }

  private final Cache<Key, ScanAnalysis> cache = Caffeine.newBuilder()
      .maximumWeight(MAX_WEIGHT)
      .weigher((Key k, ScanAnalysis a) -> weight(a))
      .build();

  static int weight(ScanAnalysis a) {
    long w = 1L + a.scanners().size() + a.targets().size();
    for (var v : a.scanners()) {
      w += v.findings().size();
    }
    return (int) Math.min(Integer.MAX_VALUE, w);
  }

  ScanAnalysis get(Path realPath, Loader loader) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(realPath, BasicFileAttributes.class);
    Key key = new Key(realPath, attrs.size(), attrs.lastModifiedTime().toInstant().toEpochMilli() * 1_000_000L
        + attrs.lastModifiedTime().toInstant().getNano() % 1_000_000);
    try {
      return cache.get(key, k -> {
        try {
          return loader.load();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}

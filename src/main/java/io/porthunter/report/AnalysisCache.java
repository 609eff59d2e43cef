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
  /** Analyses kept; each holds only verdicts and a compact sender set, not per-packet state. */
  static final int MAX_ENTRIES = 16;

  private record Key(Path realPath, long size, long modifiedNanos) {}

  /** The work to run on a miss. */
  @FunctionalInterface
  interface Loader {
    ScanAnalysis load() throws IOException;
  }

  private final Cache<Key, ScanAnalysis> cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

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

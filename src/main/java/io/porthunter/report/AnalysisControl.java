package io.porthunter.report;

import java.util.function.BooleanSupplier;

/**
 * Hooks a long analysis reports to and is stopped by.
 *
 * @param maxBytes  uncompressed bytes allowed (the size setting), checked while reading
 * @param progress  receives (bytes done, bytes total or -1) a few times per second at most
 * @param cancelled answers true once the caller gave up
 */
public record AnalysisControl(long maxBytes, Progress progress, BooleanSupplier cancelled) {
  @FunctionalInterface
  public interface Progress {
    void update(long done, long total);
  }

  public static AnalysisControl unlimited() {
    return upTo(Long.MAX_VALUE);
  }

  /** No progress reports, never cancelled, at most {@code maxBytes}. */
  public static AnalysisControl upTo(long maxBytes) {
    return new AnalysisControl(maxBytes, (d, t) -> {}, () -> false);
  }
}

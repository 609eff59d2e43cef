package io.porthunter.tools;

import io.porthunter.report.AnalysisControl;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Passes progress on at most once per {@link #MIN_INTERVAL_NANOS}, whatever rate the analysis
 * reports at: progress notifications and terminal redraws are cheap but not free. The first update
 * that reaches the total always passes, once, so a client sees its progress end at 100 %. Progress
 * only goes forward, as MCP requires: a call that followed another call's pass of the file, then had
 * to read it itself (the other caller gave up), stays silent until its own pass gets further. A file
 * growing while it is read never shows more done than in all: the total grows with it. Thread-safe.
 */
public final class ProgressThrottle implements AnalysisControl.Progress {
  /** About four updates a second. */
  public static final long MIN_INTERVAL_NANOS = 250_000_000L;

  private final AnalysisControl.Progress target;
  private final LongSupplier nanoTime;
  /** When the last update went out; starts one interval in the past so the first one passes. */
  private final AtomicLong lastSent;
  private final AtomicBoolean completed = new AtomicBoolean();
  /** The furthest progress passed on so far. */
  private final AtomicLong furthest = new AtomicLong(-1);

  public ProgressThrottle(AnalysisControl.Progress target) {
    this(target, System::nanoTime);
  }

  ProgressThrottle(AnalysisControl.Progress target, LongSupplier nanoTime) {
    this.target = target;
    this.nanoTime = nanoTime;
    this.lastSent = new AtomicLong(nanoTime.getAsLong() - MIN_INTERVAL_NANOS);
  }

  @Override
  public void update(long done, long total) {
    if (total > 0 && done >= total) {
      if (completed.compareAndSet(false, true) && forward(done)) {
        lastSent.set(nanoTime.getAsLong());
        target.update(done, done);
      }
      return;
    }
    long now = nanoTime.getAsLong();
    long previous = lastSent.get();
    if (now - previous < MIN_INTERVAL_NANOS) {
      return;
    }
    // Only the thread that wins the swap reports, so concurrent callers cannot burst.
    if (lastSent.compareAndSet(previous, now) && forward(done)) {
      target.update(done, total);
    }
  }

  /** Records {@code done} as the furthest progress when it is further; false when it is not. */
  private boolean forward(long done) {
    while (true) {
      long before = furthest.get();
      if (done <= before) {
        return false;
      }
      if (furthest.compareAndSet(before, done)) {
        return true;
      }
    }
  }
}

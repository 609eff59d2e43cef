package io.porthunter.cli;

import io.porthunter.report.AnalysisControl;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A one-line progress bar on stderr, redrawn in place; callers throttle the updates. */
final class ProgressBar implements AnalysisControl.Progress {
  private static final int WIDTH = 30;
  private static final double MB = 1024.0 * 1024.0;

  private final PrintStream err;
  private boolean drawn;

  ProgressBar(PrintStream err) {
    this.err = err;
  }

  @Override
  public synchronized void update(long done, long total) {
    String line;
    if (total > 0) {
      int filled = (int) Math.min(WIDTH, WIDTH * done / total);
      line = String.format("\r[%s%s] %3d%% %.1f/%.1f MB", "#".repeat(filled), " ".repeat(WIDTH - filled),
          100 * done / total, done / MB, total / MB);
    } else {
      line = String.format("\r%.1f MB read", done / MB);
    }
    err.print(line);
    err.flush();
    drawn = true;
  }

  /** Ends the bar's line so the next output starts clean. */
  synchronized void finish() {
    if (drawn) {
      err.println();
    }
  }

  /**
   * Whether stderr is a terminal. Java 17 cannot ask about one stream, so Linux's fd table is read;
   * elsewhere a console on stdin/stdout stands in.
   */
  static boolean stderrIsTerminal() {
    try {
      Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/2"));
      return target.startsWith("/dev/pts") || target.toString().startsWith("/dev/tty");
    } catch (Exception notLinux) {
      return System.console() != null;
    }
  }
}

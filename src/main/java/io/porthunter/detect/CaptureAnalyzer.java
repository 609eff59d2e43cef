package io.porthunter.detect;

import io.porthunter.capture.CaptureReader;
import io.porthunter.capture.CaptureSummary;
import io.porthunter.capture.ReadOptions;
import java.io.IOException;
import java.nio.file.Path;

/** One pass over a capture file: decode, follow conversations, judge. */
public final class CaptureAnalyzer {
  private final DetectionSettings settings;

  public CaptureAnalyzer(DetectionSettings settings) {
    this.settings = settings;
  }

  public ScanAnalysis analyze(Path file, ReadOptions options) throws IOException {
    ConversationTracker tracker = new ConversationTracker(settings);
    CaptureSummary summary = CaptureReader.read(file, tracker, options);
    return new ScanJudge(settings).judge(tracker.finish(), summary);
  }
}

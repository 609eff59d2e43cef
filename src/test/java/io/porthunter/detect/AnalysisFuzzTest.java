package io.porthunter.detect;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.porthunter.capture.CaptureFormatException;
import io.porthunter.capture.CaptureTooLargeException;
import io.porthunter.capture.ReadOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the whole analysis (Jazzer), differential: whatever the bytes, following
 * the conversations on one worker and on two gives the same result, and neither fails. A plain {@code
 * mvn test} replays the inputs under {@code
 * src/test/resources/io/porthunter/detect/AnalysisFuzzTestInputs/}; {@code JAZZER_FUZZ=1 mvn test
 * -Dtest=AnalysisFuzzTest} fuzzes (README, Tests).
 */
class AnalysisFuzzTest {
  private static final ReadOptions OPTIONS = new ReadOptions(4L << 20, b -> {}, () -> false);

  @FuzzTest(maxDuration = "5m")
  void anyCaptureGivesOneResultOnOneWorkerOrTwo(byte[] data) throws Exception {
    Path file = Files.createTempFile("fuzz", ".cap");
    try {
      Files.write(file, data);
      ParallelAnalysisTest.assertSameAnalysis(file, 2, OPTIONS);
    } catch (CaptureFormatException | CaptureTooLargeException documented) {
      // not a capture, or a bomb: the documented errors
    } finally {
      Files.delete(file);
    }
  }
}

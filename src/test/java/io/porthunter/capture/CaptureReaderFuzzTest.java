package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the capture reader (Jazzer). A plain {@code mvn test} replays every input
 * under {@code src/test/resources/io/porthunter/capture/CaptureReaderFuzzTestInputs/} (small real
 * captures as seeds, and what fuzzing found); {@code JAZZER_FUZZ=1 mvn test -Dtest=CaptureReaderFuzzTest}
 * fuzzes for the duration given (README, Tests). Any exception but the two documented ones, a hang or
 * a broken invariant is a finding.
 */
class CaptureReaderFuzzTest {
  /** Uncompressed bytes one input may expand to: a decompression bomb must stop here, early. */
  private static final long MAX_BYTES = 4L << 20;
  private static final ReadOptions OPTIONS = new ReadOptions(MAX_BYTES, b -> {}, () -> false);

  /**
   * Any bytes give a summary, or a format error or a too-large error: every record is delivered once,
   * numbered in order; a truncated read says why; the same bytes read from a file (another input
   * path) give the same summary.
   */
  @FuzzTest(maxDuration = "5m")
  void anyBytesGiveASummaryOrADocumentedError(byte[] data) throws IOException {
    long[] delivered = {0};
    CaptureSummary fromStream;
    try {
      fromStream = CaptureReader.read(new ByteArrayInputStream(data), p -> {
        delivered[0]++;
        assertThat(p.frame).isEqualTo(delivered[0]);
      }, OPTIONS);
    } catch (CaptureFormatException | CaptureTooLargeException documented) {
      return;
    }
    assertThat(delivered[0]).isEqualTo(fromStream.records());
    assertThat(fromStream.truncationNote() != null).isEqualTo(fromStream.truncated());
    assertThat(fromStream.bytesRead()).isLessThanOrEqualTo(MAX_BYTES);
    Path file = Files.createTempFile("fuzz", ".cap");
    try {
      Files.write(file, data);
      assertThat(CaptureReader.read(file, p -> {}, OPTIONS)).isEqualTo(fromStream);
    } finally {
      Files.delete(file);
    }
  }
}

package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;

/** Every shared capture decodes to exactly the fields tshark printed for it. */
class CaptureOracleTest {

  @TestFactory
  Stream<DynamicTest> everyCaptureMatchesItsOracle() {
    return Corpus.eachCapture(CaptureOracleTest::check);
  }

  private static void check(JsonNode label) throws IOException {
    Path file = Corpus.file(label);
    List<String> rows = new ArrayList<>();
    CaptureSummary summary =
        CaptureReader.read(file, p -> rows.add(OracleRow.of(p)), ReadOptions.DEFAULT);

    List<String> expected = Files.readAllLines(Path.of(file + ".oracle.tsv"));
    expected.removeIf(line -> line.startsWith("#") || line.isEmpty());
    assertThat(rows).as("packet rows of %s", file).containsExactlyElementsOf(expected);

    long packets = label.get("packets").asLong();
    assertThat(summary.records()).isEqualTo(packets);
    assertThat(summary.truncated()).isEqualTo(label.has("truncated_mid_record"));
    assertThat(Timestamps.iso(summary.firstTsNanos(), summary.fractionDigits()))
        .isEqualTo(label.get("first_ts").asString());
    assertThat(Timestamps.iso(summary.lastTsNanos(), summary.fractionDigits()))
        .isEqualTo(label.get("last_ts").asString());
    assertThat(summary.format()).startsWith(label.get("format").asString());
    if (label.has("interfaces")) {
      assertThat(summary.interfaces()).isEqualTo(label.get("interfaces").asInt());
    }
    assertThat(summary.bytesRead()).isEqualTo(Files.size(file));
  }
}

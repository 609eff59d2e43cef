package io.porthunter.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.cli.PortHunterCli;
import io.porthunter.detect.CaptureAnalyzer;
import io.porthunter.detect.DetectionSettings;
import io.porthunter.report.AnalysisControl;
import io.porthunter.report.DefaultScanReports;
import io.porthunter.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class CorpusEvaluatorTest {
  private final CorpusEvaluator evaluator =
      new CorpusEvaluator(new DefaultScanReports(new CaptureAnalyzer(DetectionSettings.DEFAULTS), null),
          AnalysisControl.unlimited());

  @Test
  void everyLabelOfTheSharedCorpusIsReproduced() throws Exception {
    Corpus.assumePresent();
    Evaluation e = evaluator.evaluate(Corpus.DIR);
    assertThat(e.mismatches()).isEmpty();
    assertThat(e.captures()).isEqualTo(Corpus.labels().size());
    assertThat(e.scannersFound()).isEqualTo(e.labelledScanners()).isPositive();
    assertThat(e.falsePositives()).isZero();
    assertThat(e.techniques()).containsKeys("syn", "connect", "fin", "null", "xmas", "ack", "maimon", "udp",
        "ping_sweep");
    e.techniques().values().forEach(s -> {
      assertThat(s.precision()).isEqualTo(1.0);
      assertThat(s.recall()).isEqualTo(1.0);
    });
    assertThat(e.pattern().accuracy()).isEqualTo(1.0);
    assertThat(e.firstEvent().accuracy()).isEqualTo(1.0);
    assertThat(e.tool().accuracy()).isEqualTo(1.0);
  }

  @Test
  void theCommandPrintsATableAndExitsZeroOnThePerfectRun() {
    Corpus.assumePresent();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = PortHunterCli.run(PortHunterCli.Services.DEFAULT, Map.of(), new PrintStream(out, true),
        new PrintStream(new ByteArrayOutputStream()), "evaluate", Corpus.DIR.toString());
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(table).contains("| syn ", "pattern accuracy", "tool accuracy").doesNotContain("not reproduced");
  }

  @Test
  void aWrongLabelIsReportedAsAMismatchWithExitOne(@TempDir Path dir) throws Exception {
    Corpus.assumePresent();
    Files.copy(Corpus.DIR.resolve("d05_nmap_sX.pcap"), dir.resolve("d05_nmap_sX.pcap"));
    // Keep d05's entry only, and claim the scan was a FIN scan.
    ObjectNode entry = (ObjectNode) Corpus.labels().stream()
        .filter(l -> l.get("file").asString().equals("d05_nmap_sX.pcap")).findFirst().orElseThrow();
    ((ObjectNode) entry.get("scanners").get(0)).putArray("techniques").add("fin");
    JsonMapper mapper = JsonMapper.builder().build();
    ArrayNode labels = mapper.createArrayNode().add(entry);
    Files.writeString(dir.resolve("labels.json"), mapper.writeValueAsString(labels));
    Evaluation e = evaluator.evaluate(dir);
    assertThat(e.perfect()).isFalse();
    assertThat(e.techniques().get("fin").falseNegatives()).isEqualTo(1);
    assertThat(e.techniques().get("xmas").falsePositives()).isEqualTo(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = PortHunterCli.run(PortHunterCli.Services.DEFAULT, Map.of(), new PrintStream(out, true),
        new PrintStream(new ByteArrayOutputStream()), "evaluate", "--json", dir.toString());
    assertThat(code).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"mismatches\"", "technique fin missed");
    // the table's scores are in the JSON too: fin missed (recall 0), xmas claimed wrongly (precision 0)
    JsonNode scores = JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(scores.at("/techniques/fin/recall").asDouble()).isEqualTo(0.0);
    assertThat(scores.at("/techniques/fin/precision").asDouble()).isEqualTo(1.0);
    assertThat(scores.at("/techniques/xmas/precision").asDouble()).isEqualTo(0.0);
    assertThat(scores.at("/pattern/accuracy").isNumber()).isTrue();
  }

  @Test
  void theCommandKeepsTheSizeLimitLikeEveryOther() {
    Corpus.assumePresent();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = PortHunterCli.run(PortHunterCli.Services.DEFAULT, Map.of("PORT_HUNTER_MAX_PCAP_MB", "0.001"),
        new PrintStream(out, true), new PrintStream(err, true), "evaluate", Corpus.DIR.toString());
    assertThat(code).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("porthunter: evaluate: ");
  }
}

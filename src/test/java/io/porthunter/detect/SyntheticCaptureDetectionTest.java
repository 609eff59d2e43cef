package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.bench.GroundTruth;
import io.porthunter.bench.SyntheticCaptureGenerator;
import io.porthunter.capture.ReadOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detector on generated captures: known scanners among benign traffic, and a spoofed flood. */
class SyntheticCaptureDetectionTest {
  @TempDir Path dir;

  private static void assertFindsEveryScanner(ScanAnalysis a, GroundTruth truth) {
    Map<String, ScannerVerdict> byIp = a.scanners().stream()
        .collect(Collectors.toMap(ScannerVerdict::ip, Function.identity()));
    for (GroundTruth.Scanner s : truth.scanners()) {
      ScannerVerdict v = byIp.get(s.source());
      assertThat(v).as("scanner %s (%s)", s.source(), s.technique()).isNotNull();
      assertThat(v.techniques()).as("techniques of %s", s.source()).containsExactly(s.technique().label());
      if (!s.technique().label().equals("ping_sweep")) {
        // An ICMP sweep probes no ports, so it is horizontal whatever its generator called it.
        assertThat(v.pattern()).as("pattern of %s", s.source())
            .isEqualTo(s.pattern().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).doesNotContainAnyElementsOf(truth.benignClients());
  }

  @Test
  void findsEveryGeneratedScannerAndNoBenignClient() throws Exception {
    Path file = dir.resolve("mixed.pcapng");
    GroundTruth truth = SyntheticCaptureGenerator.generate(
        SyntheticCaptureGenerator.Config.of(300_000, 11).withFormat(
            io.porthunter.bench.CaptureFormat.PCAPNG, true), file);
    ScanAnalysis a = new CaptureAnalyzer(DetectionSettings.DEFAULTS).analyze(file, ReadOptions.DEFAULT);
    assertThat(a.capture().records()).isEqualTo(truth.totalPackets());
    assertThat(a.scanners()).hasSize(truth.scanners().size());
    assertFindsEveryScanner(a, truth);
    assertThat(a.cost().capped()).isFalse();
  }

  @Test
  void aSpoofedFloodCapsTheStateButTheScannersInsideItAreStillFound() throws Exception {
    Path file = dir.resolve("flood.pcap");
    GroundTruth truth = SyntheticCaptureGenerator.generate(
        SyntheticCaptureGenerator.Config.of(400_000, 5).withFloodSources(60_000), file);
    DetectionSettings small = DetectionSettings.DEFAULTS.withBounds(1 << 16, 1 << 13, 1 << 16, 1 << 19);
    ScanAnalysis a = new CaptureAnalyzer(small).analyze(file, ReadOptions.DEFAULT);
    assertThat(a.cost().capped()).isTrue();
    assertThat(a.cost().sourcesDropped()).isPositive();
    assertFindsEveryScanner(a, truth);
    assertThat(a.scanners()).as("flood sources are not scanners").hasSize(truth.scanners().size());
  }

}

package io.porthunter.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import io.porthunter.detect.CaptureAnalyzer;
import io.porthunter.detect.DetectionSettings;
import io.porthunter.intel.DefaultIpIntel;
import io.porthunter.intel.IntelSettings;
import io.porthunter.intel.IpIntel;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compressed captures through the views: the bundled sample, so this runs without the corpus. */
class CompressedCaptureReportsTest {
  private static IpIntel intel;
  private static DefaultScanReports reports;
  private final AnalysisControl control = AnalysisControl.unlimited();

  @BeforeAll
  static void setUp() {
    intel = DefaultIpIntel.create(IntelSettings.fromEnv(Map.of()));
    reports = new DefaultScanReports(new CaptureAnalyzer(DetectionSettings.DEFAULTS), intel);
  }

  @AfterAll
  static void tearDown() {
    intel.close();
  }

  @Test
  void gzipAndZstdCopiesOfACaptureGiveTheSameOverviewAsTheFile(@TempDir Path dir) throws Exception {
    Path plain = Path.of("samples/d19_mixed_syn_masscan_benign.pcapng"); // in the repository
    byte[] bytes = Files.readAllBytes(plain);
    Path gz = dir.resolve("copy.pcapng.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(bytes);
    }
    Path zst = dir.resolve("copy.pcapng.zst");
    try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(zst))) {
      out.write(bytes);
    }
    ScanOverview expected = reports.overview(plain, 1, 20, control);
    for (Path compressed : List.of(gz, zst)) {
      ScanOverview o = reports.overview(compressed, 1, 20, control);
      assertThat(o).usingRecursiveComparison().ignoringFields("file", "generated_at").isEqualTo(expected);
    }
  }
}

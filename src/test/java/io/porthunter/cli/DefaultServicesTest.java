package io.porthunter.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porthunter.capture.OutsideDirectoryException;
import io.porthunter.config.Settings;
import io.porthunter.report.AnalysisControl;
import io.porthunter.report.DefaultScanReports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production wiring: the server reads captures only beneath its allowed directory, the CLI anywhere. */
class DefaultServicesTest {
  private static final byte[] HEADER_ONLY_PCAP = {
      (byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      (byte) 0xff, (byte) 0xff, 0, 0, 1, 0, 0, 0};

  @TempDir Path tmp;

  @Test
  void theServerOpensCapturesOnlyBeneathItsAllowedDirectoryTheCommandLineAnywhere() throws Exception {
    Path allowed = Files.createDirectories(tmp.resolve("allowed"));
    Path elsewhere = Files.write(tmp.resolve("elsewhere.pcap"), HEADER_ONLY_PCAP).toRealPath();
    Settings server = Settings.fromEnv(Map.of(Settings.ALLOWED_DIR, allowed.toString(),
        Settings.REQUIRE_TOKEN, "false"));
    DefaultScanReports confined = (DefaultScanReports) new DefaultServices().reports(server, null);
    assertThatThrownBy(() -> confined.analysis(elsewhere, AnalysisControl.unlimited()))
        .isInstanceOf(OutsideDirectoryException.class);

    DefaultScanReports local = (DefaultScanReports) new DefaultServices().reports(Settings.forLocalUse(Map.of()), null);
    assertThat(local.analysis(elsewhere, AnalysisControl.unlimited()).capture().records()).isZero();
  }
}

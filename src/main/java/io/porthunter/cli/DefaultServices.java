package io.porthunter.cli;

import io.porthunter.config.Settings;
import io.porthunter.detect.CaptureAnalyzer;
import io.porthunter.detect.DetectionSettings;
import io.porthunter.intel.DefaultIpIntel;
import io.porthunter.intel.IntelSettings;
import io.porthunter.intel.IpIntel;
import io.porthunter.report.DefaultScanReports;
import io.porthunter.report.ScanReports;
import java.util.Map;

/** The production wiring: the detector behind the reports, embedded data and threat intel behind intel. */
final class DefaultServices implements PortHunterCli.Services {
  @Override
  public IpIntel intel(Map<String, String> env) {
    return DefaultIpIntel.create(IntelSettings.fromEnv(env));
  }

  @Override
  public ScanReports reports(Settings settings, IpIntel intel) {
    return new DefaultScanReports(analyzer(settings), intel, settings.confined() ? settings.allowedDir() : null);
  }

  /** The detector with the configured workers (else the analyser's default). */
  static CaptureAnalyzer analyzer(Settings settings) {
    int workers = settings.workers() > 0 ? settings.workers() : CaptureAnalyzer.defaultWorkers();
    return new CaptureAnalyzer(DetectionSettings.DEFAULTS, workers, CaptureAnalyzer.PARALLEL_MIN_BYTES);
  }
}

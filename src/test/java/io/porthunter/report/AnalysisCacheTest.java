package io.porthunter.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.ReadOptions;
import io.porthunter.detect.CaptureAnalyzer;
import io.porthunter.detect.DetectionSettings;
import io.porthunter.detect.ScanAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analysis cache holds what its share of the heap allows, weighed by what each analysis keeps. */
class AnalysisCacheTest {
  private static final Path SAMPLE = Path.of("samples/d19_mixed_syn_masscan_benign.pcapng"); // in the repository
  /** A classic pcap file header (little-endian, µs, Ethernet) and no records. */
  private static final byte[] EMPTY_PCAP = {
      (byte) 0xD4, (byte) 0xC3, (byte) 0xB2, (byte) 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
      (byte) 0xFF, (byte) 0xFF, 0, 0, 1, 0, 0, 0};

  private final CaptureAnalyzer analyzer = new CaptureAnalyzer(DetectionSettings.DEFAULTS);

  @TempDir Path dir;

  private ScanAnalysis analyse(Path file) throws IOException {
    return analyzer.analyze(file, ReadOptions.DEFAULT);
  }

  @Test
  void anAnalysisWeighsWhatItKeeps() throws IOException {
    Path empty = Files.write(dir.resolve("empty.pcap"), EMPTY_PCAP);
    int nothing = AnalysisCache.weightKiB(analyse(empty));
    int sample = AnalysisCache.weightKiB(analyse(SAMPLE));
    assertThat(nothing).isBetween(1, 4);
    // two scanners and 41 findings: about 87 KB held, measured
    assertThat(sample).isBetween(60, 200);
  }

  @Test
  void analysesBeyondTheBudgetAreLetGoAndReadAgainWhenAskedFor() throws IOException {
    int weight = AnalysisCache.weightKiB(analyse(SAMPLE));
    List<Path> copies = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      copies.add(Files.copy(SAMPLE, dir.resolve("copy" + i + ".pcapng")).toRealPath());
    }
    assertThat(loadsForTwoRounds(new AnalysisCache(10L * weight * 1024), copies)).isEqualTo(6);
    assertThat(loadsForTwoRounds(new AnalysisCache(3L * weight * 1024), copies)).isGreaterThan(6);
  }

  @Test
  void theLatestAnalysisIsKeptEvenWhenItOutweighsTheBudget() throws IOException {
    AnalysisCache cache = new AnalysisCache(1024); // 1 KiB: no analysis fits
    Path sample = SAMPLE.toRealPath();
    assertThat(loadsForTwoRounds(cache, List.of(sample))).isEqualTo(1);
  }

  private int loadsForTwoRounds(AnalysisCache cache, List<Path> files) throws IOException {
    AtomicInteger loads = new AtomicInteger();
    for (int round = 0; round < 2; round++) {
      for (Path f : files) {
        cache.get(f, () -> {
          loads.incrementAndGet();
          return analyse(f);
        });
      }
    }
    return loads.get();
  }
}

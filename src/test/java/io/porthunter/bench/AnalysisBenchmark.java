package io.porthunter.bench;

import io.porthunter.capture.ReadOptions;
import io.porthunter.detect.CaptureAnalyzer;
import io.porthunter.detect.DetectionSettings;
import io.porthunter.detect.ScanAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole analysis (decode, conversations, judgement) of a generated capture of mixed benign and
 * scan traffic, on one worker and on two. Scores are analyses per second; multiply by
 * {@link #PACKETS} for packets per second. Run (not part of the test suite) with
 * {@code java -cp target/test-classes:target/classes:<deps> org.openjdk.jmh.Main AnalysisBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = "-Xmx256m")
public class AnalysisBenchmark {
  static final int PACKETS = 1_000_000;

  @Param({"1", "2"})
  public int workers;

  private Path file;
  private CaptureAnalyzer analyzer;

  @Setup(Level.Trial)
  public void writeCapture() throws IOException {
    file = Files.createTempFile("porthunter-analysis-bench", ".pcap");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(PACKETS, 42), file);
    analyzer = new CaptureAnalyzer(DetectionSettings.DEFAULTS, workers, 0);
  }

  @TearDown(Level.Trial)
  public void deleteCapture() throws IOException {
    Files.deleteIfExists(file);
  }

  @Benchmark
  public ScanAnalysis analyse() throws IOException {
    return analyzer.analyze(file, ReadOptions.DEFAULT);
  }
}

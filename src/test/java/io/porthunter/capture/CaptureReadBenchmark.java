package io.porthunter.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding throughput of the hot loop: one sequential read of a synthetic pcap of small TCP SYNs
 * (the shape of a port scan). Scores are reads per second; multiply by {@link #PACKETS} for packets
 * per second. Run (not part of the test suite) with {@code java -cp
 * target/test-classes:target/classes:<deps> org.openjdk.jmh.Main CaptureReadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(1)
public class CaptureReadBenchmark {
  static final int PACKETS = 1_000_000;

  private Path file;

  @Setup(Level.Trial)
  public void writeCapture() throws IOException {
    file = Files.createTempFile("porthunter-bench", ".pcap");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      out.write(CaptureFiles.pcapHeader(false, false, LinkTypes.ETHERNET, 65535).toBytes());
      for (int i = 0; i < PACKETS; i++) {
        byte[] frame = Frames.syn(Frames.v4(10, 0, 0, 1 + (i & 0xFF)),
            Frames.v4(10, 0, 1, i >>> 8 & 0xFF), 40000, i & 0xFFFF);
        ByteWriter record = new ByteWriter(false);
        CaptureFiles.pcapRecord(record, 1_700_000_000L + i / 1_000_000, i % 1_000_000, frame,
            frame.length);
        out.write(record.toBytes());
      }
    }
  }

  @TearDown(Level.Trial)
  public void deleteCapture() throws IOException {
    Files.deleteIfExists(file);
  }

  @Benchmark
  public CaptureSummary sequentialRead(Blackhole sink) throws IOException {
    return CaptureReader.read(file, p -> sink.consume(p.dstPort + p.tcpFlags + p.srcLo),
        ReadOptions.DEFAULT);
  }
}

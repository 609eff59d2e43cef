package io.porthunter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.porthunter.capture.CaptureReader;
import io.porthunter.capture.Packet;
import io.porthunter.capture.ReadOptions;
import io.porthunter.detect.TcpFlags;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench's yardsticks (bench/yardstick: SynCount.java, and syn_count.c where a C compiler is)
 * count what PortHunter's decoder counts: their figures beside the analysis's in the bench table are
 * about the same file's same records.
 */
class YardstickTest {
  private static final Path SOURCE = Path.of("bench", "yardstick", "SynCount.java");
  private static final Path C_SOURCE = Path.of("bench", "yardstick", "syn_count.c");

  @TempDir static Path dir;
  private static Path classes;
  private static Path pcap;
  private static String expected;

  @BeforeAll
  static void compileYardstickAndGenerateCapture() throws IOException {
    classes = dir.resolve("classes");
    int javac = ToolProvider.getSystemJavaCompiler()
        .run(null, null, null, "-d", classes.toString(), SOURCE.toString());
    assertThat(javac).as("javac exit").isZero();
    pcap = dir.resolve("bench.pcap");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(30_000, 5), pcap);
    expected = decodersCount(pcap);
  }

  @Test
  void countsTheSynsAndSourcesTheDecoderSeesAcrossManySmallWindows() throws Exception {
    assertThat(run(javaYardstick("-Dsyncount.window=4096", pcap))).isEqualTo(new Result(0, expected));
    assertThat(run(javaYardstick(null, pcap))).isEqualTo(new Result(0, expected));
  }

  @Test
  void theCYardstickCountsTheSame() throws Exception {
    Path binary = dir.resolve("syn_count");
    boolean compiled;
    try {
      compiled = run(List.of("cc", "-O2", "-o", binary.toString(), C_SOURCE.toString())).exit() == 0;
    } catch (IOException noCompiler) {
      compiled = false;
    }
    assumeTrue(compiled, "SKIPPED: no C compiler (cc) to build bench/yardstick/syn_count.c");

    assertThat(run(List.of(binary.toString(), pcap.toString()))).isEqualTo(new Result(0, expected));
  }

  @Test
  void refusesWhatItDoesNotRead() throws Exception {
    Path pcapng = dir.resolve("bench.pcapng");
    SyntheticCaptureGenerator.generate(
        SyntheticCaptureGenerator.Config.of(30_000, 5).withFormat(CaptureFormat.PCAPNG, false), pcapng);

    assertThat(run(javaYardstick(null, pcapng))).isEqualTo(new Result(2, ""));
  }

  /** The yardsticks' line, from what PortHunter's decoder reads of the file. */
  private static String decodersCount(Path file) throws IOException {
    AtomicLong packets = new AtomicLong();
    AtomicLong syns = new AtomicLong();
    Set<Long> sources = new HashSet<>();
    CaptureReader.read(file, p -> {
      packets.incrementAndGet();
      if (isIpv4Syn(p)) {
        syns.incrementAndGet();
        sources.add(p.srcLo);
      }
    }, ReadOptions.DEFAULT);
    assertThat(syns.get()).isPositive();
    return packets.get() + " packets, " + syns.get() + " SYNs from " + sources.size() + " sources";
  }

  private static boolean isIpv4Syn(Packet p) {
    return p.ipVersion == 4 && p.hasTcp && (p.tcpFlags & (TcpFlags.SYN | TcpFlags.ACK)) == TcpFlags.SYN;
  }

  private record Result(int exit, String stdout) {}

  private static List<String> javaYardstick(String property, Path file) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (property != null) {
      command.add(property);
    }
    command.addAll(List.of("-cp", classes.toString(), "SynCount", file.toString()));
    return command;
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("yardstick finished").isTrue();
    return new Result(process.exitValue(), out);
  }
}

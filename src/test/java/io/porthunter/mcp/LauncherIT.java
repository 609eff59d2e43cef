package io.porthunter.mcp;

import static io.porthunter.mcp.ServerUnderTest.ipsOf;
import static io.porthunter.mcp.ServerUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code porthunter} launcher script of the README's first command, run as a user and an MCP host
 * run it: a command-line tool and the server behind it, on the JDK running these tests.
 */
class LauncherIT {
  static final Path LAUNCHER = Path.of("porthunter").toAbsolutePath();
  static final String SAMPLE = "d19_mixed_syn_masscan_benign.pcapng";

  @Test
  void anOverviewPrintsOnlyTheToolsJsonAndKeepsAClassArchiveForCommandLineRuns() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "overview",
        ServerUnderTest.samples().resolve(SAMPLE).toString());
    pb.environment().put("JAVA", ServerUnderTest.java());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    Map<String, Object> result = Json.parseObject(out);
    assertThat(result).containsEntry("ok", true);
    @SuppressWarnings("unchecked")
    Map<String, Object> overview = (Map<String, Object>) result.get("overview");
    assertThat(overview).containsEntry("total_pkts", 1728);
    assertThat(ipsOf(overview.get("scanners"))).containsExactly("10.77.1.11", "10.77.1.12");
    if (jdkCanArchive()) { // one the launcher will use: made for this kind of run, after the jar
      long jarTime = Files.getLastModifiedTime(ServerUnderTest.jar()).toMillis();
      assertThat(archives()).anySatisfy(a -> {
        assertThat(a.getFileName().toString()).endsWith("-cli.jsa");
        assertThat(Files.getLastModifiedTime(a).toMillis()).isGreaterThanOrEqualTo(jarTime);
      });
    }
  }

  @Test
  void helpAndAFailedFirstRunLeaveNoArchiveToBeUsedLater() throws Exception {
    for (Path a : archives()) {
      if (a.getFileName().toString().contains("-cli.jsa")) {
        Files.delete(a);
      }
    }
    assertThat(launch("--help")).isZero();
    assertThat(launch("overview", ServerUnderTest.samples().resolve("no-such.pcap").toString())).isEqualTo(1);
    assertThat(archives()).noneSatisfy(a -> assertThat(a.getFileName().toString()).contains("-cli.jsa"));
  }

  @Test
  void anMcpHostCanStartTheServerThroughIt() throws Exception {
    try (ServerUnderTest server = ServerUnderTest.start(LAUNCHER.toString(), List.of("serve"), Map.of(
        "JAVA", ServerUnderTest.java(),
        "PORT_HUNTER_TOKEN", "launcher-token",
        "PORT_HUNTER_ALLOWED_DIR", ServerUnderTest.samples().toString()))) {
      Map<String, Object> answer = json(server.call("list_suspects", "path", SAMPLE));
      assertThat(answer).containsEntry("ok", true);
      assertThat(ipsOf(answer.get("suspects"))).containsExactlyInAnyOrder("10.77.1.11", "10.77.1.12");
    }
  }

  private static int launch(String... args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args)).toList());
    pb.environment().put("JAVA", ServerUnderTest.java());
    pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  /** The launcher records an archive only where the JDK ships its own base archive. */
  private static boolean jdkCanArchive() {
    return Files.isRegularFile(Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa"));
  }

  private static List<Path> archives() throws IOException {
    Path dir = LAUNCHER.resolveSibling("target").resolve("cds");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }
}

package io.porthunter.mcp;

import static io.porthunter.mcp.ServerUnderTest.ipsOf;
import static io.porthunter.mcp.ServerUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.porthunter.bench.GroundTruth;
import io.porthunter.bench.SyntheticCaptureGenerator;
import io.porthunter.tools.PlainJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways the program is started besides the tests' own {@code java -jar}: the {@code porthunter}
 * launcher script of the README's first command, run as a user and as an MCP host run it (a
 * command-line tool and the server behind it), and the jar on a bare Java SE runtime. All on the JDK
 * running these tests, and the launcher's AOT cache on a JDK 25 or later installed beside it.
 */
class LauncherIT {
  static final Path LAUNCHER = Path.of("porthunter").toAbsolutePath();
  static final String SAMPLE = "d19_mixed_syn_masscan_benign.pcapng";
  /** The first JDK on which the launcher keeps an AOT cache instead of a class-data-sharing archive. */
  private static final int FIRST_AOT_CACHE_JDK = 25;

  @Test
  void anOverviewPrintsOnlyTheToolsJsonAndRecordsAClassArchiveForCommandLineRuns() throws Exception {
    awaitArchivesMade();
    deleteCommandLineArchives();
    Map<String, Object> overview = overviewOfTheSample(command(LAUNCHER.toString()));
    assertThat(overview).containsEntry("total_pkts", 1728);
    assertThat(ipsOf(overview.get("scanners"))).containsExactly("10.77.1.11", "10.77.1.12");
    if (jdkCanArchive() && !aheadOfTimeCache(Path.of(ServerUnderTest.java()))) {
      // recorded by this run, for this JDK and this kind of run, and made in the background
      awaitArchivesMade();
      assertThat(archives()).contains(commandLineArchive());
      // a static archive: picocli's classes (class-file version 49) are in it, as they are not in
      // one dumped at exit
      assertThat(launchOverview(Path.of(ServerUnderTest.java()), "-Xlog:class+load=info:stderr").err())
          .contains("picocli.CommandLine source: shared objects file");
    }
  }

  @Test
  void onJdk25OrLaterItKeepsAnAheadOfTimeCacheAndStdoutStaysTheTools() throws Exception {
    Path java = newestJdkFrom25().orElse(null);
    assumeTrue(java != null, "SKIPPED: no JDK 25 or later beside " + System.getProperty("java.home")
        + ": the launcher's AOT cache is not tested");
    Path cache = archiveOf(java, "cli.aot");
    Files.deleteIfExists(cache);
    // the recording run: the JVM's closing report of it must not reach stdout
    LaunchResult first = launchOverview(java, "");
    assertThat(PlainJson.parse(first.out())).as(first.out()).containsEntry("ok", true);
    // made in the background from the recorded configuration, after the launcher has ended
    awaitArchivesMade();
    assertThat(archives()).contains(cache);
    LaunchResult second = launchOverview(java, "-Xlog:aot=info:stderr");
    assertThat(second.err()).contains("Opened AOT cache " + cache);
    assertThat(PlainJson.parse(second.out()).get("overview")).isEqualTo(PlainJson.parse(first.out()).get("overview"));
  }

  private record LaunchResult(String out, String err) {}

  /** The launcher's overview of the sample on {@code java}, which must succeed. */
  private static LaunchResult launchOverview(Path java, String javaOptions) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "overview",
        ServerUnderTest.samples().resolve(SAMPLE).toString());
    pb.environment().put("JAVA", java.toString());
    pb.environment().put("PORTHUNTER_JAVA_OPTS", javaOptions);
    Path err = Files.createTempFile("launcher", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String errText = Files.readString(err);
    Files.delete(err);
    assertThat(p.exitValue()).as(errText).isZero();
    return new LaunchResult(out, errText);
  }

  /** The java of the newest JDK 25 or later installed beside the one running the tests, if any. */
  private static Optional<Path> newestJdkFrom25() throws IOException {
    Path jvms = Path.of(System.getProperty("java.home")).toRealPath().getParent();
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes.filter(h -> Files.isRegularFile(h.resolve("lib/server/classes.jsa")))
          .filter(h -> Files.isExecutable(h.resolve("bin/java")) && featureVersion(h) >= FIRST_AOT_CACHE_JDK)
          .max(Comparator.comparingInt(LauncherIT::featureVersion))
          .map(h -> h.resolve("bin/java"));
    }
  }

  /** The JDK's feature version from its {@code release} file, 0 when it does not say. */
  private static int featureVersion(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        Matcher m = Pattern.compile("^JAVA_VERSION=\"(\\d+)").matcher(line);
        if (m.find()) {
          return Integer.parseInt(m.group(1));
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }

  @Test
  void usageHelpAndAFailedFirstRunLeaveNoArchiveToBeUsedLater() throws Exception {
    awaitArchivesMade(); // by earlier tests' runs
    deleteCommandLineArchives();
    assertThat(launch()).isEqualTo(2); // no command: a usage error
    assertThat(launch("--help")).isZero();
    assertThat(launch("-hV")).isZero();
    assertThat(launch("overview", ServerUnderTest.samples().resolve("no-such.pcap").toString())).isEqualTo(1);
    assertThat(archives()).doesNotContain(commandLineArchive()).noneMatch(LauncherIT::temporary);
  }

  @Test
  void itPicksTheThroughputCollectorUnlessTheOptionsChooseOne() throws Exception {
    // the JVM refuses to start with two collectors, so the launcher's must give way
    assertThat(collectorLog("-Xlog:gc=info:stderr")).contains("Using Parallel");
    assertThat(collectorLog("-XX:+UseGCOverheadLimit -Xlog:gc=info:stderr")).as("an option that names no collector")
        .contains("Using Parallel");
    assertThat(collectorLog("-XX:+UseSerialGC -Xlog:gc=info:stderr")).contains("Using Serial")
        .doesNotContain("Using Parallel");
  }

  /** The launcher's stderr for an overview of the sample with these JVM options, which must succeed. */
  private static String collectorLog(String javaOptions) throws Exception {
    return launchOverview(Path.of(ServerUnderTest.java()), javaOptions).err();
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

  @Test
  void underAPosixLocaleItStillReadsACaptureWithANonAsciiName(@TempDir Path dir) throws Exception {
    // how hosts, cron and systemd start programs: Java 17 would refuse the name as unmappable
    Path named = Files.copy(ServerUnderTest.samples().resolve(SAMPLE), dir.resolve("prise de l'été.pcapng"));
    ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString(), "overview", named.toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG"));
    pb.environment().put("LC_ALL", "C");
    pb.environment().put("JAVA", ServerUnderTest.java());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(PlainJson.parse(out)).as(out).containsEntry("ok", true);
  }

  @Test
  void theJarRunsOnAJavaSeRuntimeWithoutTheJdkModules() throws Exception {
    // what a jlink'ed runtime of java.se has: no jdk.management, so no HotSpot diagnostic bean
    Map<String, Object> overview = overviewOfTheSample(command(ServerUnderTest.java(), "--limit-modules",
        "java.se,jdk.unsupported", "-XX:TieredStopAtLevel=1", "-jar", ServerUnderTest.jar().toString()));
    assertThat(overview).containsEntry("total_pkts", 1728);
    assertThat(ipsOf(overview.get("scanners"))).containsExactly("10.77.1.11", "10.77.1.12");
  }

  @Test
  void aSpoofedFloodFitsA256MiBHeapOnAMachineOfFourCores(@TempDir Path dir) throws Exception {
    // four cores would give two workers, and two workers' tables ran out of a 256 MiB heap on this flood
    // (an audit of the README's example): the default follows the heap as well as the cores
    Path flood = dir.resolve("flood.pcap");
    GroundTruth truth = SyntheticCaptureGenerator.generate(
        SyntheticCaptureGenerator.Config.of(2_000_000, 42).withFloodSources(600_000), flood);
    ProcessBuilder pb = new ProcessBuilder(ServerUnderTest.java(), "-Xmx256m", "-XX:ActiveProcessorCount=4",
        "-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC", "-jar", ServerUnderTest.jar().toString(), "overview",
        flood.toString());
    pb.environment().put("PORT_HUNTER_MAX_PCAP_MB", "1000");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Map<String, Object> result = PlainJson.parse(out);
    assertThat(result).as(out).containsEntry("ok", true);
    @SuppressWarnings("unchecked")
    Map<String, Object> overview = (Map<String, Object>) result.get("overview");
    assertThat(overview).containsEntry("state_capped", true);
    assertThat(ipsOf(overview.get("scanners"))).containsExactlyInAnyOrderElementsOf(
        truth.scanners().stream().map(GroundTruth.Scanner::source).toList());
  }

  /** A command line the test can still append to. */
  private static List<String> command(String... words) {
    return new ArrayList<>(List.of(words));
  }

  /** Runs {@code overview} of the sample with {@code command}; only the tool's JSON may be on stdout. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> overviewOfTheSample(List<String> command) throws Exception {
    command.add("overview");
    command.add(ServerUnderTest.samples().resolve(SAMPLE).toString());
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("JAVA", ServerUnderTest.java());
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Map<String, Object> result = PlainJson.parse(out);
    assertThat(result).containsEntry("ok", true);
    return (Map<String, Object>) result.get("overview");
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

  /** Where the launcher keeps this JDK's archive of command-line runs (named as the script names it). */
  private static Path commandLineArchive() throws IOException {
    return archiveOf(Path.of(System.getProperty("java.home"), "bin", "java"), "cli.jsa");
  }

  /** Where the launcher keeps the archive of {@code java}'s JDK for a kind of run ("cli.jsa", "serve.aot"). */
  private static Path archiveOf(Path java, String kind) throws IOException {
    String home = java.toRealPath().getParent().getParent().toString();
    return cdsDir().resolve(home.replaceAll("[^A-Za-z0-9.\\-]", "_") + "-" + kind);
  }

  /** A recording, or an archive being made of one ("….tmp", "….tmp.cache"). */
  private static boolean temporary(Path archive) {
    return archive.getFileName().toString().contains(".tmp");
  }

  /**
   * Waits (a minute at most) until no archive is being recorded or made: the launcher makes them
   * in the background after a recording run has ended. Fails if one is still unfinished. A
   * temporary whose launcher is gone (killed outright) is not waited for: the next launcher removes it.
   */
  private static void awaitArchivesMade() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (archives().stream().anyMatch(LauncherIT::beingMade) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(archives()).noneMatch(LauncherIT::beingMade);
  }

  /** A temporary whose owner, the process named in it ("….&lt;pid&gt;.tmp"), is still running. */
  private static boolean beingMade(Path archive) {
    Matcher owner = Pattern.compile("\\.(\\d+)\\.tmp").matcher(archive.getFileName().toString());
    return owner.find() && ProcessHandle.of(Long.parseLong(owner.group(1))).map(ProcessHandle::isAlive).orElse(false);
  }

  /** Whether the launcher keeps an AOT cache rather than a class-data-sharing archive for {@code java}. */
  private static boolean aheadOfTimeCache(Path java) throws IOException {
    return featureVersion(java.toRealPath().getParent().getParent()) >= FIRST_AOT_CACHE_JDK;
  }

  private static void deleteCommandLineArchives() throws IOException {
    for (Path a : archives()) {
      if (a.getFileName().toString().contains("-cli.jsa")) {
        Files.delete(a);
      }
    }
  }

  private static Path cdsDir() {
    return LAUNCHER.resolveSibling("target").resolve("cds");
  }

  private static List<Path> archives() throws IOException {
    if (!Files.isDirectory(cdsDir())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cdsDir())) {
      return files.toList();
    }
  }
}

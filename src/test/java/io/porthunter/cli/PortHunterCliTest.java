package io.porthunter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.config.Settings;
import io.porthunter.intel.IpIntel;
import io.porthunter.mcp.PortHunterServer;
import io.porthunter.report.ScanReports;
import io.porthunter.tools.FakeIntel;
import io.porthunter.tools.FakeReports;
import io.porthunter.tools.PlainJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortHunterCliTest {
  @TempDir Path dir;
  final FakeReports reports = new FakeReports();
  final FakeIntel intel = new FakeIntel();
  final Map<String, String> env = new HashMap<>();
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  Path capture;

  final PortHunterCli.Services services = new PortHunterCli.Services() {
    @Override
    public ScanReports reports(Settings settings, IpIntel unused) {
      return reports;
    }

    @Override
    public IpIntel intel(Map<String, String> unused) {
      return intel;
    }
  };

  @BeforeEach
  void file() throws Exception {
    capture = Files.writeString(dir.resolve("d19.pcapng"), "capture bytes");
  }

  private int run(String... args) {
    return PortHunterCli.run(services, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args);
  }

  private Map<String, Object> json() throws Exception {
    return PlainJson.parse(out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void noCommandIsAUsageErrorThatListsTheCommands() {
    assertThat(run()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("serve", "overview", "correlate");
    assertThat(out.size()).isZero();
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("serve", "overview", "suspects", "first-event",
        "enrich", "correlate");
    out.reset();
    assertThat(run("overview", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--window", "--top", "--progress");
  }

  @Test
  void everyCommandPrintsTheVersion() {
    for (String command : new String[] {"overview", "serve", "evaluate"}) {
      out.reset();
      assertThat(run(command, "--version")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8).trim()).as(command).isEqualTo(PortHunterServer.VERSION);
    }
  }

  @Test
  void aResultThatCannotBeWrittenIsNotASuccess() {
    // stdout full or closed: PrintStream swallows the error, so a script would take the run as done
    PrintStream broken = new PrintStream(new java.io.OutputStream() {
      @Override
      public void write(int b) throws java.io.IOException {
        throw new java.io.IOException("No space left on device");
      }
    }, true, StandardCharsets.UTF_8);
    int exit = PortHunterCli.run(services, env, broken, new PrintStream(err, true, StandardCharsets.UTF_8),
        "overview", capture.toString());
    assertThat(exit).isEqualTo(PortHunterCli.EXIT_OUTPUT_FAILED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not be written");
    for (String[] args : new String[][] {{"--version"}, {"suspects", "--help"}}) {
      assertThat(PortHunterCli.run(services, env, broken, new PrintStream(err, true, StandardCharsets.UTF_8), args))
          .as(String.join(" ", args)).isEqualTo(PortHunterCli.EXIT_OUTPUT_FAILED);
    }
  }

  @Test
  void overviewPrintsTheToolJsonPretty() throws Exception {
    assertThat(run("overview", capture.toString(), "--window", "30", "--top", "3")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\n  \"ok\" : true");
    assertThat(json()).containsEntry("ok", true).containsKeys("overview", "generated_at");
    assertThat(reports.lastArgs).containsExactly(30, 3);
  }

  @Test
  void suspectsAndFirstEventUseTheirDefaults() throws Exception {
    assertThat(run("suspects", capture.toString())).isZero();
    assertThat(reports.lastArgs).containsExactly(10, 5.0);
    out.reset();
    assertThat(run("first-event", capture.toString())).isZero();
    assertThat(json()).containsKey("first_event");
  }

  @Test
  void theCaptureCommandsPrintATextSummaryWhenAskedFor() throws Exception {
    assertThat(run("suspects", "--format", "text", capture.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("1 suspect, most suspicious first\n")
        .contains("\n10.0.0.5  score 90  vertical syn  tool nmap (0.90)\n");
    out.reset();
    assertThat(run("first-event", "--format", "TEXT", capture.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("first scan event: 2024-01-01T00:00:00Z, frame 7:");
    out.reset();
    assertThat(run("overview", "--format", "text", dir.resolve("missing.pcap").toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("error: file_not_found: ");
    out.reset();
    assertThat(run("overview", "--format", "xml", capture.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--format", "JSON, TEXT");
    assertThat(out.size()).isZero();
  }

  @Test
  void theTextSummaryOfTheBundledSampleNamesItsTwoScanners() {
    env.put(Settings.ALLOWED_DIR, Path.of("samples").toAbsolutePath().toString());
    int exit = PortHunterCli.run(PortHunterCli.Services.DEFAULT, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "suspects", "--format", "text",
        Path.of("samples", "d19_mixed_syn_masscan_benign.pcapng").toString());
    assertThat(exit).isZero();
    List<String> headings = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("10.77.1.1"))
        .toList();
    assertThat(headings).hasSize(2);
    assertThat(headings.get(0)).startsWith("10.77.1.11  score ").endsWith("  vertical syn  tool nmap (0.90)");
    assertThat(headings.get(1)).startsWith("10.77.1.12  score ").endsWith("  horizontal syn  tool masscan (0.95)");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\n  10.77.2.10 up: 508 probes to 500 ports; open "
        + "tcp/21,tcp/22,tcp/25,tcp/80,tcp/443,tcp/3306,tcp/5432,tcp/8080; ");
  }

  @Test
  void errorResultsExitOne() throws Exception {
    assertThat(run("overview", dir.resolve("missing.pcap").toString())).isEqualTo(1);
    assertThat(json()).containsEntry("ok", false).containsEntry("error", "file_not_found");
    out.reset();
    Path text = Files.writeString(dir.resolve("notes.txt"), "x");
    assertThat(run("suspects", text.toString())).isEqualTo(1);
    assertThat(json()).containsEntry("error", "unsupported_file_type");
    out.reset();
    assertThat(run("enrich", "example.com")).isEqualTo(1);
    assertThat(json()).containsEntry("error", "invalid_ip");
  }

  @Test
  void aLinkToACaptureIsReadAsTheCaptureItNames() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("latest.pcapng"), capture);
    assertThat(run("overview", link.toString())).isZero();
    assertThat(json()).containsEntry("ok", true);
    assertThat(reports.lastCapture).isEqualTo(capture.toRealPath());
  }

  @Test
  void theSizeLimitAppliesOnTheCommandLine() throws Exception {
    env.put(Settings.MAX_PCAP_MB, "0.000001"); // one byte
    assertThat(run("overview", capture.toString())).isEqualTo(1);
    assertThat(json()).containsEntry("error", "file_too_large");
    assertThat(reports.lastCapture).as("nothing was read").isNull();
  }

  @Test
  void badArgumentsAndSettingsExitTwo() throws Exception {
    assertThat(run("overview", capture.toString(), "--top", "0")).isEqualTo(2);
    assertThat(json()).containsEntry("error", "invalid_argument");
    assertThat(run("overview", capture.toString(), "--top", "many")).isEqualTo(2);
    assertThat(run("no-such-command")).isEqualTo(2);
    assertThat(run("enrich")).isEqualTo(2);
    env.put(Settings.MAX_PCAP_MB, "lots");
    assertThat(run("overview", capture.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(Settings.MAX_PCAP_MB);
  }

  @Test
  void aBadEnrichmentSettingIsReportedAsTheOthersAre() {
    env.put("PORT_HUNTER_INTEL_TIMEOUT_MS", "abc");
    int exit = PortHunterCli.run(PortHunterCli.Services.DEFAULT, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "enrich", "8.8.8.8");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8).trim())
        .isEqualTo("porthunter: PORT_HUNTER_INTEL_TIMEOUT_MS must be a whole number, got 'abc'");
    assertThat(out.size()).isZero();
  }

  @Test
  void serveRefusesToStartWithoutARequiredToken() {
    env.put(Settings.ALLOWED_DIR, dir.toString());
    assertThat(run("serve")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains(Settings.TOKEN);
    assertThat(out.size()).isZero();
  }

  @Test
  void serveSaysOnStderrWhatAnyCallerMayRead() throws Exception {
    // the allowed directory defaults to the working directory, where a host may start the server
    env.put(Settings.ALLOWED_DIR, dir.toString());
    env.put(Settings.REQUIRE_TOKEN, "false");
    PortHunterCli cli = new PortHunterCli(services, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC());
    ByteArrayOutputStream transport = new ByteArrayOutputStream();
    assertThat(PortHunterCli.Serve.serve(cli, new java.io.ByteArrayInputStream(new byte[0]), transport)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("serving captures under " + dir.toRealPath(), "no auth_token required", "52428800 bytes each")
        .doesNotContain("warning").doesNotContain("not checked").doesNotContain("private addresses");
    err.reset();
    env.put(Settings.TOKEN, "forgotten");
    env.put(Settings.ALLOW_PRIVATE, "true");
    assertThat(PortHunterCli.Serve.serve(cli, new java.io.ByteArrayInputStream(new byte[0]), transport)).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(Settings.TOKEN + " is set but not checked", "private addresses enriched");
    assertThat(transport.size()).isZero();
  }

  @Test
  void serveWarnsWhenEveryCaptureOfTheMachineOrTheWorkingDirectoryIsServed() throws Exception {
    Path somewhere = dir.toRealPath();
    Path home = Path.of("/home/alice");
    assertThat(PortHunterCli.Serve.wideOpen(null, somewhere, home)).contains(Settings.ALLOWED_DIR + " is not set")
        .contains(somewhere.toString());
    assertThat(PortHunterCli.Serve.wideOpen(" ", somewhere, home)).contains("is not set");
    assertThat(PortHunterCli.Serve.wideOpen("/", Path.of("/"), home)).contains("root");
    assertThat(PortHunterCli.Serve.wideOpen("~", home, home)).contains("is the home directory");
    assertThat(PortHunterCli.Serve.wideOpen("/home", Path.of("/home"), home)).contains("holds the users' home directories");
    assertThat(PortHunterCli.Serve.wideOpen("/home/alice/pcaps", Path.of("/home/alice/pcaps"), home)).isNull();
    // root (home /root) or a service account with no home: /home still holds the users' homes
    assertThat(PortHunterCli.Serve.wideOpen("/home", Path.of("/home"), Path.of("/root"))).contains("holds the users'");
    assertThat(PortHunterCli.Serve.wideOpen("/home", Path.of("/home"), null)).contains("holds the users'");
    assertThat(PortHunterCli.Serve.wideOpen(somewhere.toString(), somewhere, null)).isNull();

    env.put(Settings.ALLOWED_DIR, "/");
    env.put(Settings.REQUIRE_TOKEN, "false");
    PortHunterCli cli = new PortHunterCli(services, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), java.time.Clock.systemUTC());
    assertThat(PortHunterCli.Serve.serve(cli, new java.io.ByteArrayInputStream(new byte[0]),
        new ByteArrayOutputStream())).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("warning: the allowed directory is the file system's root, so any caller may read every capture");
  }

  @Test
  void enrichAndCorrelateCloseTheIntelService() throws Exception {
    assertThat(run("enrich", "8.8.8.8")).isZero();
    assertThat(json()).containsEntry("kind", "public");
    assertThat(intel.closed).isTrue();
    out.reset();
    assertThat(run("correlate", "10.0.0.5", "bad", "8.8.8.8", "--path", capture.toString())).isZero();
    assertThat(json().get("results")).asList().hasSize(3);
    assertThat(reports.lastArgs).containsExactly(java.util.List.of("10.0.0.5", "8.8.8.8"));
  }

  @Test
  void privateAddressesAreEnrichedWhenTheEnvironmentAllowsIt() throws Exception {
    env.put(Settings.ALLOW_PRIVATE, "yes");
    assertThat(run("enrich", "10.0.0.1")).isZero();
    assertThat(json()).containsEntry("kind", "special");
  }

  @Test
  void progressBarDrawsOnStderrWhenAskedFor() throws Exception {
    reports.progressToSend = new long[] {50};
    assertThat(run("overview", capture.toString(), "--progress")).isZero();
    String drawn = err.toString(StandardCharsets.UTF_8);
    assertThat(drawn).contains("\r[").contains(" 50%").endsWith(System.lineSeparator());
    assertThat(json()).containsEntry("ok", true);
  }

  @Test
  void servicesThatCannotStartAreASetupError() {
    PortHunterCli.Services broken = new PortHunterCli.Services() {
      @Override
      public ScanReports reports(Settings settings, IpIntel unused) {
        throw new IllegalStateException("GeoLite2 database missing");
      }

      @Override
      public IpIntel intel(Map<String, String> unused) {
        return intel;
      }
    };
    int code = PortHunterCli.run(broken, env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), "overview", capture.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("GeoLite2 database missing");
    assertThat(intel.closed).as("the half-built services are closed").isTrue();
    assertThat(out.size()).isZero();
  }
}

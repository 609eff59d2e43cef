package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.report.AnalysisControl;
import io.porthunter.report.DefaultScanReports;
import io.porthunter.report.FirstEvent;
import io.porthunter.testing.Corpus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Detection against the ground truth of every real capture in ../shared/captures. */
class LabelledCorpusTest {
  /** The lab target's listeners (labels README / detection issue). */
  static final Set<String> LISTENERS = Set.of("tcp/21", "tcp/22", "tcp/25", "tcp/80", "tcp/443", "tcp/3306",
      "tcp/5432", "tcp/6379", "tcp/8080", "udp/53", "udp/123", "udp/161", "udp/5353");
  /** Techniques whose answers can show a port open (ACK and Maimon cannot, on Linux targets). */
  static final Set<String> REVEAL_OPEN = Set.of("syn", "connect", "fin", "null", "xmas", "udp");

  static DefaultScanReports reports;

  @BeforeAll
  static void setUp() {
    reports = new DefaultScanReports(new CaptureAnalyzer(DetectionSettings.DEFAULTS), null);
  }

  private static ScanAnalysis analyse(JsonNode label) throws IOException {
    return reports.analysis(Corpus.file(label), AnalysisControl.unlimited());
  }

  @ParameterizedTest
  @MethodSource("io.porthunter.testing.Corpus#eachLabel")
  void countsEveryRecord(JsonNode label) throws IOException {
    ScanAnalysis a = analyse(label);
    assertThat(a.capture().records()).isEqualTo(label.get("packets").asLong());
    assertThat(a.capture().truncated()).isEqualTo(label.path("truncated_mid_record").asBoolean(false));
  }

  @ParameterizedTest
  @MethodSource("io.porthunter.testing.Corpus#eachLabel")
  void flagsExactlyTheLabelledScanners(JsonNode label) throws IOException {
    ScanAnalysis a = analyse(label);
    Set<String> expected = new TreeSet<>();
    label.get("scanners").forEach(s -> expected.add(s.get("ip").asString()));
    Set<String> flagged = a.scanners().stream().map(ScannerVerdict::ip).collect(Collectors.toCollection(TreeSet::new));
    assertThat(flagged).as("scanners flagged").isEqualTo(expected);
    Set<String> benign = new HashSet<>();
    label.get("benign").forEach(b -> benign.add(b.asString()));
    assertThat(flagged).as("benign addresses are never scanners").noneMatch(benign::contains);
  }

  @ParameterizedTest
  @MethodSource("io.porthunter.testing.Corpus#eachLabel")
  void namesTechniquePatternBreadthAndProbes(JsonNode label) throws IOException {
    ScanAnalysis a = analyse(label);
    Map<String, ScannerVerdict> byIp = a.scanners().stream()
        .collect(Collectors.toMap(ScannerVerdict::ip, Function.identity()));
    for (JsonNode s : label.get("scanners")) {
      ScannerVerdict v = byIp.get(s.get("ip").asString());
      assertThat(v).as("scanner %s", s.get("ip")).isNotNull();
      List<String> techniques = new ArrayList<>();
      // Window scans are ACK scans on the wire (see Technique).
      s.get("techniques").forEach(t -> techniques.add(t.asString().equals("window") ? "ack" : t.asString()));
      assertThat(v.techniques()).as("techniques of %s", v.ip()).containsExactlyInAnyOrderElementsOf(techniques);
      assertThat(v.pattern()).as("pattern of %s", v.ip()).isEqualTo(s.get("pattern").asString());
      assertThat(v.distinctHosts()).as("targets of %s", v.ip()).isEqualTo(s.get("targets").asInt());
      assertThat(v.distinctPorts()).as("ports of %s", v.ip()).isEqualTo(s.get("ports").asInt());
      assertThat(v.probePackets()).as("probe packets of %s", v.ip()).isEqualTo(s.get("probe_packets").asLong());
    }
  }

  @ParameterizedTest
  @MethodSource("io.porthunter.testing.Corpus#eachLabel")
  void firstScanEventIsTheEarliestLabelledProbe(JsonNode label) throws IOException {
    analyse(label);
    FirstEvent event = reports.firstEvent(Corpus.file(label), AnalysisControl.unlimited()).view();
    List<JsonNode> scanners = new ArrayList<>();
    label.get("scanners").forEach(scanners::add);
    if (scanners.isEmpty()) {
      assertThat(event).isNull();
      return;
    }
    JsonNode s = scanners.stream()
        .min(Comparator.comparing((JsonNode n) -> n.get("first_probe").get("ts").asString())).orElseThrow();
    JsonNode probe = s.get("first_probe");
    assertThat(event).isNotNull();
    assertThat(event.ts()).isEqualTo(probe.get("ts").asString());
    assertThat(event.src()).isEqualTo(s.get("ip").asString());
    assertThat(event.dst()).isEqualTo(probe.get("dst").asString());
    assertThat(event.frame()).isEqualTo(probe.get("frame").asLong());
    assertThat(event.proto()).isEqualTo(probe.get("proto").asString());
    assertThat(event.port()).isEqualTo(probe.get("port").isNull() ? null : probe.get("port").asInt());
    assertThat(event.flags()).isEqualTo(probe.get("flags").isNull() ? null : probe.get("flags").asString());
  }

  @ParameterizedTest
  @MethodSource("io.porthunter.testing.Corpus#eachLabel")
  void namesTheTool(JsonNode label) throws IOException {
    ScanAnalysis a = analyse(label);
    for (JsonNode s : label.get("scanners")) {
      String tool = s.get("tool").asString().split(" ")[0];
      ScannerVerdict v = a.scanners().stream().filter(x -> x.ip().equals(s.get("ip").asString())).findFirst()
          .orElseThrow();
      assertThat(v.tool().name()).as("tool of %s (%s)", v.ip(), v.tool().evidence()).isEqualTo(tool);
      assertThat(v.tool().evidence()).isNotEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("io.porthunter.testing.Corpus#eachLabel")
  void reportsTheTargetsRealOpenPorts(JsonNode label) throws IOException {
    ScanAnalysis a = analyse(label);
    for (ScannerVerdict v : a.scanners()) {
      if (v.techniques().stream().noneMatch(REVEAL_OPEN::contains)) {
        continue;
      }
      for (TargetFinding f : v.findings()) {
        Set<String> probed = new HashSet<>();
        Stream.of(f.open(), f.closed(), f.filtered(), f.unfiltered()).flatMap(List::stream)
            .forEach(entry -> probed.addAll(expand(entry)));
        Set<String> expected = new TreeSet<>(probed);
        expected.retainAll(isLabTarget(f.ip()) ? LISTENERS : Set.of());
        assertThat(new TreeSet<>(f.open())).as("open ports of %s seen by %s", f.ip(), v.ip())
            .isEqualTo(expected);
      }
    }
  }

  /** The target host's addresses: main 10.77.2.10, 50 extras .20-.69, second segment, IPv6. */
  static boolean isLabTarget(String ip) {
    if (ip.equals("10.77.2.10") || ip.equals("10.77.3.10") || ip.equals("fd77:2::10")) {
      return true;
    }
    if (ip.startsWith("10.77.2.")) {
      int last = Integer.parseInt(ip.substring("10.77.2.".length()));
      return last >= 20 && last <= 69;
    }
    return false;
  }

  static List<String> expand(String entry) {
    String proto = entry.substring(0, entry.indexOf('/'));
    String ports = entry.substring(entry.indexOf('/') + 1);
    int dash = ports.indexOf('-');
    if (dash < 0) {
      return List.of(entry);
    }
    List<String> out = new ArrayList<>();
    for (int p = Integer.parseInt(ports.substring(0, dash)); p <= Integer.parseInt(ports.substring(dash + 1)); p++) {
      out.add(proto + "/" + p);
    }
    return out;
  }

}

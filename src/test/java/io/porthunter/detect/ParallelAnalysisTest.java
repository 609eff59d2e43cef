package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porthunter.bench.CaptureFormat;
import io.porthunter.bench.SyntheticCaptureGenerator;
import io.porthunter.capture.CaptureTooLargeException;
import io.porthunter.capture.ReadAhead;
import io.porthunter.capture.ReadOptions;
import io.porthunter.testing.Corpus;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Splitting the conversations between workers gives exactly the single-pass result. */
class ParallelAnalysisTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();
  private static final CaptureAnalyzer SEQUENTIAL = new CaptureAnalyzer(DetectionSettings.DEFAULTS, 1, 0);

  private static void assertSameAnalysis(Path file, int workers) throws Exception {
    assertSameAnalysis(file, workers, ReadOptions.DEFAULT);
  }

  static void assertSameAnalysis(Path file, int workers, ReadOptions options) throws Exception {
    ScanAnalysis one = SEQUENTIAL.analyze(file, options);
    ScanAnalysis many = new CaptureAnalyzer(DetectionSettings.DEFAULTS, workers, 0).analyze(file, options);
    // JSON of every field (arrays by content) except the address counts, compared by size and by
    // every scanner's and target's count.
    assertThat(json(one)).contains("\"scanners\"", "\"records\"", "\"suspectedPatterns\"");
    assertThat(json(many)).isEqualTo(json(one));
    assertThat(many.senders().size()).isEqualTo(one.senders().size());
    assertThat(many.probed().size()).isEqualTo(one.probed().size());
    List<String> addresses = new ArrayList<>();
    one.scanners().forEach(v -> addresses.add(v.ip()));
    one.targets().forEach(t -> addresses.add(t.ip()));
    for (String ip : addresses) {
      byte[] address = InetAddress.getByName(ip).getAddress(); // a literal: no lookup
      assertThat(many.senders().count(address)).as("sent by %s", ip).isEqualTo(one.senders().count(address));
      assertThat(many.probed().count(address)).as("received by %s", ip).isEqualTo(one.probed().count(address));
    }
  }

  private static String json(ScanAnalysis a) {
    return MAPPER.writeValueAsString(new ScanAnalysis(a.capture(), a.scanners(), a.targets(), a.portHits(),
        a.suspectedPatterns(), a.distributed(), a.cost(), null, null));
  }

  @ParameterizedTest
  @MethodSource("io.porthunter.testing.Corpus#eachLabel")
  void everySharedCaptureGivesTheSameResultOnTwoAndThreeWorkers(JsonNode label) throws Exception {
    Path file = Corpus.file(label);
    assertSameAnalysis(file, 2);
    assertSameAnalysis(file, 3);
  }

  @ParameterizedTest
  @MethodSource("io.porthunter.testing.Corpus#eachLabel")
  void withoutADecodingThreadEverySharedCaptureGivesTheSameResult(JsonNode label) throws Exception {
    // what a single-core machine runs: one thread reads and follows in turn
    Path file = Corpus.file(label);
    CaptureAnalyzer inTurn = new CaptureAnalyzer(DetectionSettings.DEFAULTS, 1, 0, false);
    assertThat(json(inTurn.analyze(file, ReadOptions.DEFAULT)))
        .isEqualTo(json(SEQUENTIAL.analyze(file, ReadOptions.DEFAULT)));
  }

  @Test
  void syntheticCapturesGiveTheSameResult(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("a.pcap");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(250_000, 3), pcap);
    assertSameAnalysis(pcap, 2);
    Path pcapng = dir.resolve("b.pcapng");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(250_000, 4)
        .withFormat(CaptureFormat.PCAPNG, true).withFloodSources(5_000), pcapng);
    assertSameAnalysis(pcapng, 2);
  }

  @Test
  void ipProtocolScansAreSharedBetweenWorkersAndGiveTheSameResult() {
    // nmap -sO of six hosts: each probe, and the protocol unreachable quoting it, go to the worker of
    // the probe's conversation; so several workers' results are the single pass's
    ConversationTracker single = new ConversationTracker(DetectionSettings.DEFAULTS);
    List<ConversationTracker> shares = List.of(
        new ConversationTracker(DetectionSettings.DEFAULTS.perWorker(2), 2, 0),
        new ConversationTracker(DetectionSettings.DEFAULTS.perWorker(2), 2, 1));
    int[] packetsPerShare = new int[2];
    Wire wire = new Wire(p -> {
      single.accept(p);
      int route = ConversationTracker.route(p, 2);
      for (int k = 0; k < 2; k++) {
        if (route == k || route == ReadAhead.ROUTE_ALL) {
          shares.get(k).accept(p, route);
          packetsPerShare[k]++;
        } else {
          shares.get(k).passed(p.tsNanos);
        }
      }
    });
    for (int host = 1; host <= 6; host++) {
      for (int proto = 2; proto <= 40; proto++) {
        if (proto == 4 || proto == 6 || proto == 17) {
          continue; // decoded as a tunnel, or sent with real TCP and UDP headers
        }
        wire.ip("10.0.0.9", "10.0.1." + host, proto, 0);
        wire.icmpError("10.0.1." + host, "10.0.0.9", 3, proto % 2 == 0 ? 2 : 3, "10.0.0.9", 0, "10.0.1." + host, 0,
            proto);
      }
    }
    ScanAnalysis one = Wire.judge(DetectionSettings.DEFAULTS, single.finish());
    ScanAnalysis many = Wire.judge(DetectionSettings.DEFAULTS,
        TrackerState.merge(List.of(shares.get(0).finish(), shares.get(1).finish())));
    assertThat(one.scanners()).singleElement().satisfies(v -> assertThat(v.techniques()).contains("ip_protocol"));
    assertThat(json(many)).isEqualTo(json(one));
    assertThat(packetsPerShare[0]).as("packets for worker 0").isGreaterThan(100);
    assertThat(packetsPerShare[1]).as("packets for worker 1").isGreaterThan(100);
  }

  @Test
  void aWorkersFailureIsTheErrorReported(@TempDir Path dir) throws Exception {
    Path pcap = dir.resolve("a.pcap");
    SyntheticCaptureGenerator.generate(SyntheticCaptureGenerator.Config.of(100_000, 3), pcap);
    CaptureAnalyzer two = new CaptureAnalyzer(DetectionSettings.DEFAULTS, 2, 0);
    assertThatThrownBy(() -> two.analyze(pcap, new ReadOptions(1 << 20, b -> { }, () -> false)))
        .isInstanceOf(CaptureTooLargeException.class);
  }
}

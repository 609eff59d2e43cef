package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.porthunter.bench.CaptureFormat;
import io.porthunter.bench.SyntheticCaptureGenerator;
import io.porthunter.capture.CaptureTooLargeException;
import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.ReadAhead;
import io.porthunter.capture.ReadOptions;
import io.porthunter.testing.Corpus;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
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

  /** What one tracker and two workers sharing the conversations make of the packets {@code script} sends. */
  private record Shared(ScanAnalysis one, ScanAnalysis two, int[] packetsPerWorker) {
    static Shared of(Consumer<Wire> script) {
      ConversationTracker single = new ConversationTracker(DetectionSettings.DEFAULTS);
      List<ConversationTracker> workers = List.of(
          new ConversationTracker(DetectionSettings.DEFAULTS.perWorker(2), 2, 0),
          new ConversationTracker(DetectionSettings.DEFAULTS.perWorker(2), 2, 1));
      int[] packetsPerWorker = new int[2];
      script.accept(new Wire(p -> {
        single.accept(p);
        int route = ConversationTracker.route(p, 2);
        for (int k = 0; k < 2; k++) {
          if (route == k || route == ReadAhead.ROUTE_ALL) {
            workers.get(k).accept(p, route);
            packetsPerWorker[k]++;
          } else if (route != ReadAhead.ROUTE_NONE) {
            workers.get(k).passed(p.tsNanos);
          }
        }
      }));
      return new Shared(Wire.judge(DetectionSettings.DEFAULTS, single.finish()),
          Wire.judge(DetectionSettings.DEFAULTS,
              TrackerState.merge(List.of(workers.get(0).finish(), workers.get(1).finish()))),
          packetsPerWorker);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"10.0.1.", "2001:db8:1::"})
  void ipProtocolScansAreSharedBetweenWorkersAndGiveTheSameResult(String hosts) {
    // nmap -sO of six hosts: each probe, and the protocol unreachable (IPv6: unrecognized next header)
    // quoting it, go to the worker of the probe's conversation; so several workers' results are the
    // single pass's
    String scanner = hosts.indexOf(':') >= 0 ? "2001:db8::9" : "10.0.0.9";
    int unreachable = hosts.indexOf(':') >= 0 ? 4 : 3;
    int otherFamilysIcmp = unreachable == 4 ? IpProtocol.ICMP : IpProtocol.ICMPV6; // a bare header too
    int[] protocols = IntStream.concat(IntStream.rangeClosed(2, 40), IntStream.of(otherFamilysIcmp)).toArray();
    Shared shared = Shared.of(wire -> {
      for (int host = 1; host <= 6; host++) {
        for (int proto : protocols) {
          if (proto == 4 || proto == 6 || proto == 17 || proto == 41) {
            continue; // decoded as a tunnel, or sent with real TCP and UDP headers
          }
          wire.ip(scanner, hosts + host, proto, 0);
          int code = unreachable == 4 ? 1 : proto % 2 == 0 ? 2 : 3;
          wire.icmpError(hosts + host, scanner, unreachable, code, scanner, 0, hosts + host, 0, proto);
        }
      }
    });
    assertThat(shared.one().scanners()).singleElement()
        .satisfies(v -> assertThat(v.techniques()).contains("ip_protocol"))
        // 2-40 less 4, 6 and 17, and the other family's ICMP
        .satisfies(v -> assertThat(v.findings()).extracting(TargetFinding::portsProbed).containsOnly(37));
    assertThat(json(shared.two())).isEqualTo(json(shared.one()));
    assertThat(shared.packetsPerWorker()[0]).as("packets for worker 0").isGreaterThan(100);
    assertThat(shared.packetsPerWorker()[1]).as("packets for worker 1").isGreaterThan(100);
  }

  @ParameterizedTest
  @ValueSource(ints = {67, 68})
  void aUdpScanToOrFromDhcpsPortsIsJudgedAlikeOnTwoWorkers(int dhcpPort) {
    // nmap -sU -p1-100 (through 67 and 68) and nmap -sU -g 68 (every probe from the client's port):
    // DHCP's datagrams stay in one worker, and so must the port unreachables quoting them
    for (int scan = 0; scan < 2; scan++) {
      boolean fromDhcpPort = scan == 1;
      Shared shared = Shared.of(wire -> {
        for (int port = 1; port <= 100; port++) {
          int sport = fromDhcpPort ? dhcpPort : 40000;
          wire.udp("203.0.113.7", sport, "10.0.5.9", port, 0);
          wire.icmpError("10.0.5.9", "203.0.113.7", 3, 3, "203.0.113.7", sport, "10.0.5.9", port, IpProtocol.UDP);
        }
      });
      assertThat(shared.one().scanners()).singleElement()
          .satisfies(v -> assertThat(v.findings().get(0).closed()).containsExactly("udp/1-100"));
      assertThat(json(shared.two())).as("from port %s", fromDhcpPort ? dhcpPort : 40000).isEqualTo(json(shared.one()));
    }
  }

  @Test
  void anFtpBouncesOrdersAreCountedAlikeOnTwoWorkers() {
    // two controllers' PORT commands, each on two control connections, which fall to the workers
    // differently as their ports vary, and the server's connects, spread over both
    bounceCountedAlikeOnTwoWorkers(first -> wire -> {
      for (int port = 1; port <= 24; port++) {
        String controller = port % 3 == 0 ? "198.51.100.8" : "198.51.100.7";
        bouncedPort(wire, controller, first + port % 2, port);
      }
    }, "from 198.51.100.7 (16), 198.51.100.8 (8);");
  }

  @Test
  void anFtpBounceBesideOtherClientsCommandsIsCountedAlikeOnTwoWorkers() {
    // one PORT each from .30 and .31 (active clients behind NAT naming their private address), then
    // the bounce's controller .7 sends 24, on control connections whose ports vary so that they fall
    // to the workers differently
    bounceCountedAlikeOnTwoWorkers(first -> wire -> {
      wire.ftpPortCommand("198.51.100.30", first, "10.0.0.21", "192.168.1.10", 40001);
      wire.ftpPortCommand("198.51.100.7", first + 1, "10.0.0.21", "10.0.5.9", 1);
      wire.ftpPortCommand("198.51.100.31", first + 2, "10.0.0.21", "192.168.1.11", 40002);
      for (int port = 1; port <= 24; port++) {
        bouncedPort(wire, "198.51.100.7", first + 1 + port % 2 * 3, port);
      }
    }, "it received 25 PORT commands naming hosts it then failed on, from 198.51.100.7 (25);");
  }

  /**
   * The traffic {@code script} makes for each first control port from 36800 to 36815, judged by one
   * tracker and by two workers alike, the FTP server 10.0.0.21 the one scanner, a reason holding
   * {@code reason}.
   */
  private static void bounceCountedAlikeOnTwoWorkers(IntFunction<Consumer<Wire>> script, String reason) {
    for (int first = 36800; first < 36816; first++) {
      Shared shared = Shared.of(script.apply(first));
      assertThat(shared.one().scanners()).singleElement().satisfies(v -> assertThat(v.reasons())
          .anyMatch(r -> r.contains(reason)));
      assertThat(json(shared.two())).as("control port %d", first).isEqualTo(json(shared.one()));
    }
  }

  /** A PORT command from {@code controller} naming 10.0.5.9's {@code port}, and the server's refused connect there. */
  private static void bouncedPort(Wire wire, String controller, int controlPort, int port) {
    wire.ftpPortCommand(controller, controlPort, "10.0.0.21", "10.0.5.9", port);
    wire.tcp("10.0.0.21", 40000 + port, "10.0.5.9", port, TcpFlags.SYN);
    wire.tcp("10.0.5.9", port, "10.0.0.21", 40000 + port, TcpFlags.RST | TcpFlags.ACK);
  }

  @Test
  void anSctpCookieEchoScansToolIsNamedAlikeOnTwoWorkers() {
    // nmap -sZ -p 1-60: each port's COOKIE ECHO, a 4-byte cookie, is a conversation of its own, so the
    // workers each count some of the probes' traits, which must add up to the single pass's
    Shared shared = Shared.of(wire -> {
      for (int port = 1; port <= 60; port++) {
        wire.sctpCookieEcho("10.0.0.9", 57309, "10.0.5.9", port, 8);
        wire.sctp("10.0.5.9", port, "10.0.0.9", 57309, 6);
      }
    });
    assertThat(shared.one().scanners()).singleElement().satisfies(v -> assertThat(v.tool().evidence())
        .containsExactly("60/60 SCTP COOKIE ECHOs with a 4-byte cookie (nmap -sZ's; a stack echoes the long cookie"
            + " its peer gave)"));
    assertThat(json(shared.two())).isEqualTo(json(shared.one()));
    assertThat(shared.packetsPerWorker()[0]).as("packets for worker 0").isGreaterThan(20);
    assertThat(shared.packetsPerWorker()[1]).as("packets for worker 1").isGreaterThan(20);
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 63})
  void aRotatingSourceScanIsJudgedAlikeOnTwoWorkers(int lastTtl) {
    // 40 addresses of one station, each probing one port; the last one probes its port again, with
    // lastTtl: with 63 that address shows two TTLs, whichever worker saw which, and is left out.
    // The second probe's source port varies, so that the two probes fall to the workers differently.
    for (int secondPort = 40001; secondPort <= 40016; secondPort++) {
      int again = secondPort;
      Shared shared = Shared.of(wire -> {
        for (int i = 1; i <= 40; i++) {
          String src = "10.60.3." + i;
          for (int sport : i == 40 ? new int[] {40000, again} : new int[] {40000}) {
            wire.linkSource = 0x0260_0000_000aL;
            wire.ttl = sport == again ? lastTtl : 64;
            wire.tcp(src, sport, "10.60.0.100", i, TcpFlags.SYN);
            wire.linkSource = 0x0260_0000_0100L;
            wire.ttl = 64;
            wire.tcp("10.60.0.100", i, src, sport, TcpFlags.RST | TcpFlags.ACK);
          }
        }
      });
      assertThat(shared.one().scanners()).singleElement().satisfies(v -> assertThat(v.reasons())
          .anyMatch(r -> r.startsWith("sent from " + (lastTtl == 64 ? 40 : 39) + " addresses")));
      assertThat(json(shared.two())).as("second probe from port %d", again).isEqualTo(json(shared.one()));
    }
  }

  @Test
  void theDecoyRuleNamesTheSameScannerOnTwoWorkers() {
    // nmap -D <live host>,ME, the live decoy sending a query of its own from its own station just
    // after its first forged copy: which worker saw which first must not change who is named (each
    // source's station is its earliest record's, whichever worker saw it); the ports vary, so that
    // the conversations fall to the workers differently each time
    for (int port = 41000; port < 41040; port++) {
      int queryPort = port;
      Shared shared = Shared.of(wire -> {
        wire.linkSource = DecoyScans.SCANNER_MAC;
        wire.arp(1, DecoyScans.SCANNER, DecoyScans.TARGET);
        DecoyScans.liveDecoyScan(wire, DecoyScans.SCANNER_MAC, queryPort + 100, () -> {
          wire.linkSource = DecoyScans.DECOY_MAC; // the decoy host's own query
          wire.udp(DecoyScans.LIVE_DECOY, queryPort, "10.0.0.53", 53, 40);
          DecoyScans.arpAnswered(wire, DecoyScans.LIVE_DECOY, DecoyScans.DECOY_MAC);
        });
      });
      assertThat(shared.one().scanners()).extracting(ScannerVerdict::ip, ScannerVerdict::likelyForged)
          .as("one pass").containsExactlyInAnyOrder(tuple("10.0.0.1", false), tuple("10.0.0.4", true));
      assertThat(json(shared.two())).as("query from port %d", queryPort).isEqualTo(json(shared.one()));
    }
  }

  @ParameterizedTest(name = "{0} cores, {1} MiB of heap: {2} workers")
  @CsvSource({"2, 6144, 1", "4, 245, 1", "4, 455, 1", "4, 683, 2", "8, 910, 2", "16, 6144, 4", "1, 6144, 1"})
  void theDefaultWorkersFollowTheCoresAndTheHeap(int cores, long heapMiB, int workers) {
    // -Xmx256m leaves 245 MiB to use: two workers' tables ran out of it on the README's spoofed flood
    assertThat(CaptureAnalyzer.defaultWorkers(cores, heapMiB << 20)).isEqualTo(workers);
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

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tool rules ({@link ToolFingerprint}) on scripted probes: which tool, how sure, on what evidence. */
class ToolFingerprintTest {
  private static final String SCANNER = "203.0.113.7";
  private static final String TARGET = "10.0.0.5";

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private ScannerVerdict only() {
    ScanAnalysis a = Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
    assertThat(a.scanners()).hasSize(1);
    return a.scanners().get(0);
  }

  @Test
  void masscansIpv4CookieIsItsSignature() {
    // masscan over IPv4: IP ID = (destination ^ destination port ^ sequence) mod 2^16, window 1024,
    // TTL 255, SYNs without options; the cookie alone names it with the signature's confidence
    wire.ttl = 255;
    long seq = 0x1234_5678L;
    for (int port = 1; port <= 30; port++) {
      wire.ipId = (int) ((0x0A00_0005L ^ port ^ seq) & 0xFFFF); // 10.0.0.5
      wire.tcp(SCANNER, 61000, TARGET, port, TcpFlags.SYN, 0, 1024, seq);
      wire.tcp(TARGET, port, SCANNER, 61000, TcpFlags.RST | TcpFlags.ACK);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("masscan");
    assertThat(tool.confidence()).isEqualTo(0.95);
    assertThat(tool.evidence()).containsExactly(
        "30/30 probes with IP ID = dst ^ dport ^ seq (masscan's stateless cookie)",
        "30/30 probes with window 1024", "30/30 probes with TTL >= 250 (sent as 255)");
  }

  @ParameterizedTest(name = "a_rwnd {0}, {1} outbound and {2} inbound streams, TTL {3}: {4}")
  @CsvSource({"32768, 10, 2048, 50, nmap", "32768, 10, 2048, 255, masscan", "106496, 10, 65535, 64, unknown",
      "32768, 10, 65535, 50, unknown"})
  void nmapsSctpInitCarriesItsConstantsAndMasscansTheSameWithTtl255(long arwnd, int outbound, int inbound, int ttl,
      String tool) {
    // nmap -sY: every INIT offers a_rwnd 32768, 10 outbound and 2048 inbound streams, from one port,
    // with a TTL it picks at random; masscan copies the constants and sends with TTL 255; Linux's own
    // INIT offers its receive buffer and 65535 inbound streams
    wire.ttl = ttl;
    for (int port = 1; port <= 30; port++) {
      wire.sctpInit(SCANNER, 57370, TARGET, port, arwnd, outbound, inbound);
      wire.sctp(TARGET, port, SCANNER, 57370, 6); // ABORT: closed
    }
    ScannerVerdict v = only();
    assertThat(v.techniques()).containsExactly("sctp_init");
    assertThat(v.tool().name()).isEqualTo(tool);
    String constants = "30/30 SCTP INITs with a_rwnd 32768, 10 outbound and 2048 inbound streams (nmap -sY's"
        + " constants, masscan's too)";
    if (tool.equals("nmap")) {
      assertThat(v.tool().confidence()).isEqualTo(0.9);
      assertThat(v.tool().evidence()).containsExactly(constants,
          "30 over IPv4 with TTLs below 250 (nmap picks each at random)");
    } else if (tool.equals("masscan")) {
      assertThat(v.tool().confidence()).isEqualTo(0.8);
      assertThat(v.tool().evidence()).containsExactly(constants,
          "30/30 over IPv4 with TTL >= 250 (sent as 255; nmap's are random)");
    }
  }

  @ParameterizedTest(name = "COOKIE ECHO chunks of {0} bytes: {1}")
  @CsvSource({"8, nmap", "300, unknown"})
  void nmapsCookieEchoCarriesAFourByteCookie(int chunkLength, String tool) {
    // nmap -sZ: COOKIE ECHOs with no association, a 4-byte cookie each, from one port; a stack echoes
    // the state cookie its peer's INIT ACK gave, hundreds of bytes on Linux
    wire.ttl = 47;
    for (int port = 1; port <= 30; port++) {
      wire.sctpCookieEcho(SCANNER, 57309, TARGET, port, chunkLength);
      wire.sctp(TARGET, port, SCANNER, 57309, 6); // ABORT: closed
    }
    ScannerVerdict v = only();
    assertThat(v.techniques()).containsExactly("sctp_cookie_echo");
    assertThat(v.tool().name()).isEqualTo(tool);
    if (tool.equals("nmap")) {
      assertThat(v.tool().confidence()).isEqualTo(0.9);
      assertThat(v.tool().evidence()).containsExactly("30/30 SCTP COOKIE ECHOs with a 4-byte cookie (nmap -sZ's; a"
          + " stack echoes the long cookie its peer gave)");
    }
  }

  @Test
  void cookieEchoesWithNmapsCookieInLessThanTheMinimumShareNameNoTool() {
    // 23 of 30 (below toolMinShare, 0.8) with a 4-byte cookie
    for (int port = 1; port <= 30; port++) {
      wire.sctpCookieEcho(SCANNER, 57309, TARGET, port, port <= 23 ? 8 : 300);
      wire.sctp(TARGET, port, SCANNER, 57309, 6);
    }
    assertThat(only().tool().name()).isEqualTo("unknown");
  }

  @Test
  void window512IsHping3sDefault() {
    // hping3 --scan 1-30 -S: window 512, one source port per probe, incremented
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 2000 + port, TARGET, port, TcpFlags.SYN, 0, 512, 7);
      wire.tcp(TARGET, port, SCANNER, 2000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("hping3");
    assertThat(tool.confidence()).isEqualTo(0.85);
    assertThat(tool.evidence()).containsExactly("30/30 probes with window 512 (hping3's default)",
        "source ports one contiguous run of 30 (incremented per probe)");
  }

  @Test
  void window16384IsUnicornscans() {
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000, TARGET, port, TcpFlags.SYN, 0, 16384, 7);
      wire.tcp(TARGET, port, SCANNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("unicornscan");
    assertThat(tool.confidence()).isEqualTo(0.7);
    assertThat(tool.evidence()).containsExactly("30/30 probes with window 16384 (unicornscan)");
  }

  @Test
  void anOpenBsdHostsConnectScanWithItsStacksWindow16384IsNotUnicornscans() {
    // OpenBSD's connect() opens with window 16384 and a full option set (SACK offered, timestamps):
    // a stack's SYNs, which unicornscan's crafted probes are not (an audit's capture named unicornscan)
    wire.timestamps(true);
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 40000 + port, TARGET, port, TcpFlags.SYN, 0, 16384, 7);
      wire.tcp(TARGET, port, SCANNER, 40000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = only();
    assertThat(v.techniques()).containsExactly("connect");
    assertThat(v.tool().name()).isEqualTo("unknown");
  }

  @Test
  void aTraitInExactlyTheMinimumShareOfTheProbesNamesTheTool() {
    // 24 of 30 probes (toolMinShare, 0.8) with hping3's window; the rest with a stack's
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 2000 + port, TARGET, port, TcpFlags.SYN, 0, port <= 24 ? 512 : 64240, 7);
      wire.tcp(TARGET, port, SCANNER, 2000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("hping3");
    assertThat(tool.evidence()).first().isEqualTo("24/30 probes with window 512 (hping3's default)");
  }

  // --- a scan beside the host's own connections (a red team's nmap beside curl, ab and nc -z)

  @Test
  void aRawScanIsNamedByItsProbesNotByTheHostsOwnFailedConnects() {
    // the host's browser tries 30 dead sites (its stack's SYNs, unanswered) while nmap -sS probes 30
    // closed ports: half the TCP probes are the stack's
    wire.timestamps(true);
    for (int h = 1; h <= 30; h++) {
      wire.tcp(SCANNER, 40000 + h, "198.51.100." + h, 443, TcpFlags.SYN);
    }
    wire.timestamps(false).nmapSyns(true);
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 61000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, SCANNER, 61000, TcpFlags.RST | TcpFlags.ACK);
    }
    ScannerVerdict v = only();
    assertThat(v.techniques()).containsExactly("syn");
    assertThat(v.tool().name()).isEqualTo("nmap");
    assertThat(v.tool().evidence()).containsExactly("30/30 TCP probes with window 1024 (nmap's raw probes)",
        "30/30 SYNs with a single option, MSS 1460", "30 probes from 1 source port (reused across destination ports)",
        "30 SYNs of the source's own stack (connect()) left out: not this scan's probes");
  }

  @Test
  void nmapsConnectScanIsNamedBesideTheHostsOwnChecksClosedWithFin() {
    // nc -z checks the target's ports 22 and 25 every 2 s from 0 s (connects closed with FIN); at 10 s
    // nmap -sT probes its ports 20-39 and resets the open ones (20, 22, 25, 30, 35) right after the handshake
    wire.timestamps(true);
    for (int i = 0; i < 20; i += 2) {
      wire.at(i);
      for (int port : new int[] {22, 25}) {
        int sport = 45000 + 10 * i + port % 10;
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN);
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.FIN | TcpFlags.ACK);
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.FIN | TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
      }
    }
    wire.at(10);
    for (int port = 20; port < 40; port++) {
      int sport = 40000 + port;
      wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.SYN);
      if (port % 5 == 0 || port == 22) {
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.ACK);
        wire.tcp(SCANNER, sport, TARGET, port, TcpFlags.RST | TcpFlags.ACK);
      } else {
        wire.tcp(TARGET, port, SCANNER, sport, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    ScannerVerdict v = only();
    assertThat(v.techniques()).containsExactly("connect");
    assertThat(v.tool().name()).isEqualTo("nmap");
    // the checks' ports are the host's own use, not the scan's probes: only the scan's resets count
    assertThat(v.tool().evidence()).containsExactly("40/40 SYNs from the operating system's stack (connect())",
        "3 open ports closed with RST right after the handshake, before the server spoke (SO_LINGER 0, as nmap -sT)");
  }

  @Test
  void sctpProbesBesideRawSynsCountForNoTcpRule() {
    // nmap -sS -sY: its raw SYNs, and SCTP INITs, which carry no window, to the same closed ports
    wire.nmapSyns(true);
    for (int port = 1; port <= 30; port++) {
      wire.tcp(SCANNER, 61000, TARGET, port, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(TARGET, port, SCANNER, 61000, TcpFlags.RST | TcpFlags.ACK);
      wire.sctp(SCANNER, 61000, TARGET, port, 1);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("nmap");
    assertThat(tool.evidence()).startsWith("30/30 TCP probes with window 1024 (nmap's raw probes)");
  }

  @ParameterizedTest(name = "TTL {0}")
  @CsvSource({"255, masscan", "64, unknown"})
  void pingsWithTtl255AreMasscansAndAStacksAreNoOnes(int ttl, String tool) {
    // masscan --ping 10.0.9.0/24: echo requests with TTL 255; a stack (ping, fping) sends 64
    wire.ttl = ttl;
    for (int h = 1; h <= 30; h++) {
      wire.icmp(SCANNER, "10.0.9." + h, 8, 0);
    }
    ScannerVerdict v = only();
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.tool().name()).isEqualTo(tool);
  }

  // --- from the second mutation review: the rules' bounds at their exact values

  /** The first {@code kinds} of nmap's OS-detection SYNs (SEQ windows 1, 63, 4, 16; ECN), to open port 22. */
  private void osProbeKinds(int kinds) {
    int[][] probes = {{TcpFlags.SYN, 1}, {TcpFlags.SYN, 63}, {TcpFlags.SYN, 4}, {TcpFlags.SYN, 16},
        {TcpFlags.SYN | TcpFlags.ECE | TcpFlags.CWR, 3}};
    for (int i = 0; i < kinds; i++) {
      int sport = 50001 + i;
      wire.tcp(SCANNER, sport, TARGET, 22, probes[i][0], 0, probes[i][1], 5);
      wire.tcp(TARGET, 22, SCANNER, sport, TcpFlags.SYN | TcpFlags.ACK);
      wire.tcp(SCANNER, sport, TARGET, 22, TcpFlags.RST);
    }
  }

  @Test
  void fiveKindsOfNmapsOsProbesAreOsDetectionOnOnePort() {
    osProbeKinds(5); // nmapOsMinProbeKinds: one port, no other rule
    ScannerVerdict v = only();
    assertThat(v.osDetection()).isTrue();
    assertThat(v.reasons()).contains("OS detection rule: 5 probes of nmap's OS detection (-O), 5 of its 10 kinds"
        + " (flags and window fixed per probe)");
    assertThat(v.tool().name()).isEqualTo("nmap");
    assertThat(v.tool().confidence()).isEqualTo(0.95);
  }

  @Test
  void fourKindsOfNmapsOsProbesAreNoScan() {
    osProbeKinds(4);
    assertThat(Wire.judge(DetectionSettings.DEFAULTS, tracker.finish()).scanners()).isEmpty();
  }

  @Test
  void fiveProbesWithZmapsIpIdNameZmap() {
    // toolMinProbes: five SYNs with IP ID 54321 and window 65535, each refused
    wire.ipId = 54321;
    for (int port = 1; port <= 5; port++) {
      wire.tcp(SCANNER, 61000, TARGET, port, TcpFlags.SYN, 0, 65535, 7);
      wire.tcp(TARGET, port, SCANNER, 61000, TcpFlags.RST | TcpFlags.ACK);
    }
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("zmap");
    assertThat(tool.evidence()).containsExactly("5/5 probes with IP ID 54321 (zmap's fixed ID)",
        "5/5 probes with window 65535");
  }

  /**
   * {@code count} datagrams to closed UDP ports 1.., from source port {@code sport(i)}, each refused;
   * sent with the TTLs given in turn, if any (nmap picks each at random).
   */
  private void refusedDatagrams(int count, java.util.function.IntUnaryOperator sport, int... ttls) {
    for (int port = 1; port <= count; port++) {
      if (ttls.length > 0) {
        wire.ttl = ttls[port % ttls.length];
      }
      int from = sport.applyAsInt(port);
      wire.udp(SCANNER, from, TARGET, port, 0);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, from, TARGET, port, 17);
    }
  }

  @Test
  void fiveDatagramsWithTtl255AreMasscansUdpProbes() {
    wire.ttl = 255;
    refusedDatagrams(5, port -> 40000 + 7 * port);
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("masscan");
    assertThat(tool.evidence()).containsExactly("5/5 probes over IPv4 UDP with TTL >= 250 (sent as 255), from 5 source ports");
  }

  @Test
  void masscansUdpRuleTakesExactlyTheMinimumShareOfItsProbes() {
    // 8 of 10 probes are datagrams with TTL 255 (toolMinShare, 0.8), 2 are SYNs with a stack's window
    wire.ttl = 255;
    refusedDatagrams(8, port -> 40000 + 7 * port);
    wire.ttl = 64;
    for (int port = 1; port <= 2; port++) {
      wire.tcp(SCANNER, 41000 + port, TARGET, port, TcpFlags.SYN, 0, 64240, 7);
      wire.tcp(TARGET, port, SCANNER, 41000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(only().tool().name()).isEqualTo("masscan");
  }

  /** {@code ttl255} datagrams with TTL 255 and {@code ttl64} with TTL 64, then {@code syns} stack SYNs, all refused. */
  private ToolMatch datagramsBesideSyns(int ttl255, int ttl64, int syns) {
    wire.ttl = 255;
    refusedDatagrams(ttl255, port -> 40000 + 7 * port);
    wire.ttl = 64;
    for (int port = ttl255 + 1; port <= ttl255 + ttl64; port++) {
      wire.udp(SCANNER, 40000 + 7 * port, TARGET, port, 0);
      wire.icmpError(TARGET, SCANNER, 3, 3, SCANNER, 40000 + 7 * port, TARGET, port, 17);
    }
    for (int port = 1; port <= syns; port++) {
      wire.tcp(SCANNER, 41000 + port, TARGET, port, TcpFlags.SYN, 0, 64240, 7);
      wire.tcp(TARGET, port, SCANNER, 41000 + port, TcpFlags.RST | TcpFlags.ACK);
    }
    return only().tool();
  }

  @Test
  void datagramsWithTtl255UnderFourFifthsOfAllProbesAreNotMasscans() {
    // 7 of 9 probes are datagrams (all with TTL 255): under toolMinShare of the UDP and TCP probes
    assertThat(datagramsBesideSyns(7, 0, 2).name()).isEqualTo("unknown");
  }

  @Test
  void datagramsMostlyWithoutTtl255AreNotMasscans() {
    // 8 of 10 probes are datagrams, but only 6 of the 10 were sent with TTL 255
    assertThat(datagramsBesideSyns(6, 2, 2).name()).isEqualTo("unknown");
  }

  /** nmap -sU's TTLs, as a capture showed them. */
  private static final int[] NMAP_TTLS = {38, 48, 40, 57, 46};

  @Test
  void fiveDatagramsFromOneSourcePortWithTtlsAtRandomAreNmapsUdpScan() {
    refusedDatagrams(5, port -> 40000, NMAP_TTLS);
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("nmap");
    assertThat(tool.evidence()).containsExactly("5 UDP probes from 1 source port (nmap -sU reuses its source port"
        + " across probes)", "their TTLs from 38 to 57 (nmap picks each raw probe's TTL at random)");
  }

  @ParameterizedTest(name = "TTLs {0}")
  @ValueSource(strings = {"64", "63,62"})
  void datagramsFromOneSocketWithTheStacksTtlAreNoNmaps(String ttls) {
    // nbtscan, onesixtyone, svmap: one socket's datagrams, TTL 64 (a hop or two less at the targets)
    refusedDatagrams(30, port -> 40000, Arrays.stream(ttls.split(",")).mapToInt(Integer::parseInt).toArray());
    assertThat(only().tool().name()).isEqualTo("unknown");
  }

  @ParameterizedTest(name = "{0} reverse lookups beside")
  @ValueSource(ints = {0, 2})
  void datagramsFromASourcePortOneHigherEachTimeAreHping3s(int lookups) {
    // hping3 --udp -p ++1000: its base port, one up per probe; without -n, PTR queries for its target
    // too, unanswered, from the stack's ports
    for (int i = 0; i < lookups; i++) {
      wire.udp(SCANNER, 51655 - 3546 * i, "10.0.0.53", 53, 40);
    }
    refusedDatagrams(30, port -> 1121 + port);
    ToolMatch tool = only().tool();
    assertThat(tool.name()).isEqualTo("hping3");
    assertThat(tool.evidence()).containsExactly((30 + lookups) + " UDP probes from source ports in one contiguous"
        + " run of 30 (incremented per probe, as hping3 --udp)");
  }

  @Test
  void datagramsFromSourcePortsAStackPickedAreNoHping3s() {
    refusedDatagrams(30, port -> 32768 + (port * 7919) % 28000); // one socket each, ports at random
    assertThat(only().tool().name()).isEqualTo("unknown");
  }

  @Test
  void nmapsUdpRuleTakesEightOfTenRepeatedSourcePorts() {
    // 11 datagrams from 3 source ports: 8 of the 10 after the first reuse one (toolMinShare, 0.8)
    refusedDatagrams(11, port -> port <= 9 ? 40000 : 40000 + port, NMAP_TTLS);
    assertThat(only().tool().name()).isEqualTo("nmap");
  }

  @Test
  void sevenOfTenRepeatedSourcePortsAreNoNmapUdpScan() {
    refusedDatagrams(11, port -> port <= 8 ? 40000 : 40000 + port, NMAP_TTLS);
    assertThat(only().tool().name()).isEqualTo("unknown");
  }
}

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * IPv6 neighbour-discovery sweeps (nmap -6 -sn on a LAN) against the neighbour discovery every IPv6
 * LAN carries: duplicate address detection, reachability checks, routers resolving next hops.
 */
class NeighbourSweepTest {
  private static final int SOLICITATION = 135;
  private static final int ADVERTISEMENT = 136;
  private static final String SWEEPER = "fd88::66";
  private static final String ROUTER = "fd88::1";
  private static final String REMOTE_SCANNER = "fd99::5";
  private static final long SWEEPER_MAC = 0x0288_0000_0066L;
  private static final long ROUTER_MAC = 0x0288_0000_0001L;

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private static String host(int n) {
    return "fd88::" + Integer.toHexString(0x100 + n);
  }

  /** The solicited-node multicast group of {@link #host}: ff02::1:ff plus the address's last 24 bits. */
  private static String group(int n) {
    return "ff02::1:ff00:" + Integer.toHexString(0x100 + n);
  }

  private ScanAnalysis judge() {
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  /** Solicitations from {@code asker} for hosts 0..n-1; the first {@code live} advertise back. */
  private void sweep(String asker, long mac, int n, int live) {
    for (int i = 0; i < n; i++) {
      ask(asker, mac, i, i < live);
    }
  }

  /** A solicitation from {@code asker} for host i, and its advertisement when it {@code answers}. */
  private void ask(String asker, long mac, int i, boolean answers) {
    wire.linkSource = mac;
    wire.neighbourDiscovery(asker, group(i), SOLICITATION, host(i));
    if (answers) {
      wire.linkSource = 0x0288_0000_0100L + i;
      wire.neighbourDiscovery(host(i), asker, ADVERTISEMENT, host(i));
    }
  }

  @ParameterizedTest(name = "{0} IPv4 connections: sweep {1}")
  @CsvSource({"12, false", "3, true", "0, true"})
  void aDualStackClientFallingBackFromStaleNeighboursIsNoSweep(int connections, boolean sweep) {
    // curl with Happy Eyeballs to 12 LAN servers whose IPv6 addresses are stale: the kernel solicits
    // each 3 times a second apart, no IPv6 SYN ever leaves, and the same station's IPv4 address
    // connects to the server 200 ms after the first solicitation. Each connection excuses one
    // solicited host: a sweep beside a few connections of the other family is still a sweep
    for (int i = 0; i < 12; i++) {
      for (int retry = 0; retry < 3; retry++) {
        wire.at(i * 0.5 + retry);
        wire.linkSource = SWEEPER_MAC;
        wire.neighbourDiscovery(SWEEPER, group(i), SOLICITATION, host(i));
      }
    }
    for (int i = 0; i < connections; i++) {
      wire.at(i * 0.5 + 0.2);
      wire.linkSource = SWEEPER_MAC;
      wire.conversation("10.88.0.66", 40000 + i, "10.88.1." + (i + 1), 80, 0x0288_0000_0100L + i);
    }
    List<ScannerVerdict> scanners = judge().scanners();
    if (sweep) {
      assertThat(scanners).singleElement().satisfies(v -> assertThat(v.techniques()).containsExactly("nd_sweep"));
    } else {
      assertThat(scanners).isEmpty();
    }
  }

  @Test
  void theTargetOfAScannerChangingItsAddressIsNoSweeper() {
    // a connect scan of SWEEPER, each probe from another address of the scanner's /64: the target
    // solicits each new address to answer it, then resets it
    for (int i = 0; i < 30; i++) {
      String prober = "fd99::a:" + Integer.toHexString(i + 1);
      wire.linkSource = 0x0299_0000_0001L;
      wire.tcp(prober, 40000, SWEEPER, 1 + i, TcpFlags.SYN);
      wire.linkSource = SWEEPER_MAC;
      wire.neighbourDiscovery(SWEEPER, "ff02::1:ff0a:" + Integer.toHexString(i + 1), SOLICITATION, prober);
      wire.linkSource = 0x0299_0000_0001L;
      wire.neighbourDiscovery(prober, SWEEPER, ADVERTISEMENT, prober);
      wire.linkSource = SWEEPER_MAC;
      wire.tcp(SWEEPER, 1 + i, prober, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).doesNotContain(SWEEPER);
  }

  @Test
  void theTargetOfADecoyScanSolicitingEachDecoyIsNoSweeper() {
    // nmap -6 -D with 10 decoys on the LAN, all sent from the scanner's station: the target solicits
    // each decoy in order to answer it, no one advertises, and its answers never leave
    String scanner = "fd88::50";
    List<String> decoys = IntStream.range(0, 10).mapToObj(d -> "fd88::2" + d).toList();
    DecoyScans.deadDecoyScan(wire, SWEEPER, SWEEPER_MAC, scanner, 0x0288_0000_0050L, decoys, decoy -> {
      wire.linkSource = SWEEPER_MAC;
      wire.neighbourDiscovery(SWEEPER, "ff02::1:ff00:" + decoy.substring("fd88::".length()), SOLICITATION, decoy);
    });
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).contains(scanner).doesNotContain(SWEEPER);
    assertThat(a.suspectedPatterns()).doesNotContain("nd_sweep");
  }

  @Test
  void aNeighbourSolicitationSweepIsAnNdSweepThatFoundTheHostsThatAnswered() {
    sweep(SWEEPER, SWEEPER_MAC, 30, 5);
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(SWEEPER);
    assertThat(v.techniques()).containsExactly("nd_sweep");
    assertThat(v.distinctHosts()).isEqualTo(30);
    assertThat(v.reasons()).contains("neighbour solicitations to 30 hosts within 10 s (ND sweep)");
    assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactly("fd88::100", "fd88::101", "fd88::102", "fd88::103", "fd88::104");
    assertThat(v.firstProbe().proto()).isEqualTo("icmpv6");
    assertThat(v.firstProbe().technique()).isEqualTo("nd_sweep");
  }

  @Test
  void aSlowPingLoopFoundByItsDeadHostsSolicitationsFoundItsLiveHostsToo() {
    // ping -6 -c1 to 40 addresses, 1.5 s apart: the 22 live hosts answer the solicitation, then the
    // echo; only the 18 dead ones' unanswered solicitations make it a scan (the focus rule)
    int hosts = 40;
    int live = 22;
    for (int i = 0; i < hosts; i++) {
      wire.at(i * 1.5);
      ask(SWEEPER, SWEEPER_MAC, i, i < live);
      if (i < live) {
        wire.linkSource = SWEEPER_MAC;
        wire.icmp6(SWEEPER, host(i), 128, 0);
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.icmp6(host(i), SWEEPER, 129, 0);
      }
    }
    assertThat(judge().scanners()).singleElement().satisfies(v -> {
      assertThat(v.reasons()).contains("focus rule: 18 of 18 hosts on icmpv6 failed");
      assertThat(v.techniques()).containsExactlyInAnyOrder("ping_sweep", "nd_sweep");
      assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
          .containsExactlyElementsOf(IntStream.range(0, live).mapToObj(NeighbourSweepTest::host).toList());
      assertThat(v.firstProbe().dst()).isEqualTo(host(0));
      assertThat(v.firstProbe().technique()).isEqualTo("ping_sweep");
    });
  }

  @Test
  void duplicateAddressDetectionAndReachabilityChecksAreNoSweep() {
    for (int i = 0; i < 20; i++) {
      wire.linkSource = 0x0288_0000_0200L + i;
      wire.neighbourDiscovery("::", group(i), SOLICITATION, host(i)); // is my new address free?
      wire.linkSource = SWEEPER_MAC;
      wire.neighbourDiscovery(SWEEPER, host(40 + i), SOLICITATION, host(40 + i)); // still there? (unicast)
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void solicitationsOfEachTargetsOwnAddressInFramesToEveryStationAreASweep() {
    // a crafted sweep: each solicitation addressed to the target itself, as a reachability check is,
    // but in a broadcast frame, since the asker knows no station to send it to
    for (int i = 0; i < 30; i++) {
      wire.linkSource = SWEEPER_MAC;
      wire.linkGroupDestination = true;
      wire.neighbourDiscovery(SWEEPER, host(i), SOLICITATION, host(i));
      wire.linkGroupDestination = false;
      if (i < 5) {
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.neighbourDiscovery(host(i), SWEEPER, ADVERTISEMENT, host(i));
      }
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(SWEEPER);
    assertThat(v.techniques()).containsExactly("nd_sweep");
    assertThat(v.findings()).filteredOn(TargetFinding::answered).hasSize(5);
  }

  @Test
  void aSweepFromAStationThatAlsoSentFromTheUnspecifiedAddressOrAnotherPrefixIsStillASweep() {
    wire.linkSource = SWEEPER_MAC;
    wire.neighbourDiscovery("::", group(99), SOLICITATION, SWEEPER); // its own address checked first
    wire.conversation("2001:db8:1::66", 40000, "2001:db8:2::9", 443); // and a second prefix in use
    sweep(SWEEPER, SWEEPER_MAC, 30, 5);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(SWEEPER);
  }

  @Test
  void aRouterAskingFromItsLinkLocalAddressForARoutedScansTargetsIsNoSweep() {
    // Linux routers solicit next hops from their link-local address; the routed SYNs follow to the live ones
    String routerLinkLocal = "fe80::88:ff:fe00:1";
    for (int i = 0; i < 30; i++) {
      wire.linkSource = ROUTER_MAC;
      wire.neighbourDiscovery(routerLinkLocal, group(i), SOLICITATION, host(i));
      if (i < 5) {
        wire.linkSource = 0x0288_0000_0100L + i;
        wire.neighbourDiscovery(host(i), routerLinkLocal, ADVERTISEMENT, host(i));
        wire.linkSource = ROUTER_MAC;
        wire.tcp(REMOTE_SCANNER, 45000, host(i), 80, TcpFlags.SYN, 0, 1024, 7);
      }
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).doesNotContain(routerLinkLocal);
  }

  @Test
  void aHostAskingFromItsLinkLocalAddressForPeersItTalksToFromItsGlobalOneIsNoSweep() {
    for (int i = 0; i < 12; i++) {
      wire.linkSource = SWEEPER_MAC;
      wire.neighbourDiscovery("fe80::88:ff:fe00:66", group(i), SOLICITATION, host(i));
      wire.conversation(SWEEPER, 40000 + i, host(i), 80);
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aRouterResolvingARoutedScansTargetsIsNoSweepButAHostWithSeveralOwnAddressesStillSweeps() {
    // the router solicits 40 targets of a routed scan; it forwards the remote scanner's SYNs (another /64)
    for (int i = 0; i < 40; i++) {
      wire.linkSource = ROUTER_MAC;
      wire.neighbourDiscovery(ROUTER, group(i), SOLICITATION, host(i));
      wire.tcp(REMOTE_SCANNER, 45000, host(i), 80, TcpFlags.SYN, 0, 1024, 7);
    }
    // a host sending from a temporary address of its own /64 and its link-local one forwards nothing
    wire.linkSource = SWEEPER_MAC;
    wire.conversation("fd88::1234", 50000, "fd88::10", 80);
    wire.icmp("fe80::88:ff:fe00:66", "fe80::1", 133, 0); // a router solicitation
    for (int i = 0; i < 30; i++) {
      wire.neighbourDiscovery(SWEEPER, group(60 + i), SOLICITATION, host(60 + i));
    }
    ScanAnalysis a = judge();
    assertThat(a.scanners()).extracting(ScannerVerdict::ip).containsExactlyInAnyOrder(REMOTE_SCANNER, SWEEPER);
  }
}

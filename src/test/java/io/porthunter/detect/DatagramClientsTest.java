package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Datagram clients whose tries go unanswered or are refused by design: senders to services that never
 * answer (logs, traps, flow records) and ICE agents checking every candidate a peer offered.
 */
class DatagramClientsTest {
  private static final String SENDER = "10.120.0.1";
  private static final String PEER = "10.120.0.2";
  private static final int ICMP_UNREACHABLE = 3;
  private static final int PORT_UNREACHABLE = 3;

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private ScanAnalysis judge() {
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  @Test
  void aRouterExportingLogsTrapsAndFlowsToSilentCollectorsIsNoScanner() {
    // three rounds to two syslog collectors, two trap receivers, one NetFlow collector: all listen,
    // none ever answers
    int[][] collectors = {{100, 514}, {101, 514}, {102, 162}, {103, 162}, {104, 2055}};
    for (int round = 0; round < 3; round++) {
      wire.at(2.0 * round);
      for (int[] c : collectors) {
        wire.udp(SENDER, 40000 + round * 10 + c[0] % 10, "10.120.0." + c[0], c[1], 120);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aUdpScanOfTheLogPortsFindsThemFiltered() {
    // nmap -sU over six hosts: its probes of the syslog and trap ports are empty, and go unanswered
    for (int host = 1; host <= 6; host++) {
      String target = "10.120.1." + host;
      for (int port : new int[] {514, 162, 161, 53, 123}) {
        wire.udp(SENDER, 41000, target, port, 0);
        if (port != 514 && port != 162) {
          wire.icmpError(target, SENDER, ICMP_UNREACHABLE, PORT_UNREACHABLE, SENDER, 41000, target, port, 17);
        }
      }
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(SENDER);
    assertThat(v.techniques()).containsExactly("udp");
    assertThat(v.findings()).allSatisfy(f -> {
      assertThat(f.closed()).containsExactly("udp/53", "udp/123", "udp/161");
      assertThat(f.filtered()).containsExactly("udp/162", "udp/514");
    });
  }

  @Test
  void emptyDatagramsToOneHostsOneWayPortsAreAScan() {
    // nmap -sU of only the one-way ports of a filtered host: nothing answers, nothing is logged
    for (int port : new int[] {162, 514, 2055, 4739, 6343, 8125, 9995, 9996, 12201}) {
      wire.udp(SENDER, 41000, PEER, port, 0);
    }
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(SENDER);
  }

  /** Log lines to udp/514 of {@code collectors} hosts, none answering. */
  private void logsTo(int collectors) {
    for (int host = 1; host <= collectors; host++) {
      wire.udp(SENDER, 40000 + host, "10.120.3." + host, 514, 120);
    }
  }

  @Test
  void logsToAsManyCollectorsAsAHostSendsToAreNoScan() {
    logsTo(DetectionSettings.DEFAULTS.oneWayMaxHosts()); // 8
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void logsToOneCollectorMoreAreASweepOfThePort() {
    logsTo(DetectionSettings.DEFAULTS.oneWayMaxHosts() + 1);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(SENDER);
  }

  @Test
  void aSilentSweepOfTheSyslogPortIsStillASweep() {
    // looking for syslog receivers: udp/514 on 30 hosts, none answering
    for (int host = 1; host <= 30; host++) {
      wire.udp(SENDER, 41000, "10.120.2." + host, 514, 0);
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(SENDER);
    assertThat(v.distinctHosts()).isEqualTo(30);
  }

  @Test
  void anIceAgentCheckingEveryCandidateOfItsPeerIsNoScanner() {
    // one socket checks six candidates of a call's peer (retrying each): one answers, two ports are
    // closed, a NAT's stale mappings are closed, two routed addresses are unreachable
    iceChecks(true);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void theSameDatagramsWithoutStunAreAScan() {
    iceChecks(false);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(SENDER);
  }

  @Test
  void twoCallsWhosePeersOfferedManyDeadCandidatesAreNoScan() {
    // each peer answers on one candidate; twenty others each (VPN, container, stale NAT addresses)
    // stay silent: 40 failed checks, 32 of them within the allowance of two answering peers
    wire.stun = true;
    for (int call = 1; call <= 2; call++) {
      String peer = "10.120.4." + call;
      wire.udp(SENDER, 50000, peer, 50002, 20);
      wire.udp(peer, 50002, SENDER, 50000, 32);
      for (int candidate = 1; candidate <= 20; candidate++) {
        wire.udp(SENDER, 50000, "10.12" + call + ".9." + candidate, 50002, 20);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aUdpScanCarryingStunPayloadsIsStillAScan() {
    // nmap -sU --data with a Binding Request: 4 hosts x 10 ports, all refused, none answering STUN
    wire.stun = true;
    for (int host = 1; host <= 4; host++) {
      String target = "10.120.3." + host;
      for (int port = 1; port <= 10; port++) {
        wire.udp(SENDER, 41000, target, port, 20);
        wire.icmpError(target, SENDER, ICMP_UNREACHABLE, PORT_UNREACHABLE, SENDER, 41000, target, port, 17);
      }
    }
    ScannerVerdict v = judge().scanners().get(0);
    assertThat(v.ip()).isEqualTo(SENDER);
    assertThat(v.failedContacts()).isEqualTo(40 - DetectionSettings.DEFAULTS.iceMaxFailedChecks());
  }

  private void iceChecks(boolean stun) {
    wire.stun = stun;
    String[][] refused = {{PEER, "50001"}, {"10.120.0.254", "61000"}, {"10.120.0.254", "61001"}};
    for (int retry = 0; retry < 3; retry++) {
      wire.udp(SENDER, 50000, PEER, 50002, 20);
      wire.stun = false;
      wire.udp(PEER, 50002, SENDER, 50000, 32);
      wire.stun = stun;
      for (String[] candidate : refused) {
        int port = Integer.parseInt(candidate[1]);
        wire.udp(SENDER, 50000, candidate[0], port, 20);
        wire.icmpError(candidate[0], SENDER, ICMP_UNREACHABLE, PORT_UNREACHABLE, SENDER, 50000, candidate[0], port, 17);
      }
      for (String routed : new String[] {"10.121.0.50", "10.121.0.51"}) {
        wire.udp(SENDER, 50000, routed, 50005, 20);
        wire.icmpError("10.120.0.254", SENDER, ICMP_UNREACHABLE, 1, SENDER, 50000, routed, 50005, 17);
      }
    }
  }
}

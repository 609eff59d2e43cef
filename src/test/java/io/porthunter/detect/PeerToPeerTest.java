package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Peer-to-peer clients (BitTorrent, a DHT) contact hosts on the ports those hosts chose, and many of
 * the peers are gone; scans pick ports for their services. Each test's control is a scan that keeps
 * its verdict.
 */
class PeerToPeerTest {
  private static final String CLIENT = "10.120.0.30";

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  private ScanAnalysis judge() {
    return Wire.judge(DetectionSettings.DEFAULTS, tracker.finish());
  }

  /** Peer {@code i}'s own port: distinct, above the well-known ports, spread like a tracker's list. */
  private static int peerPort(int i) {
    return 20_000 + (i * 7_919) % 40_000;
  }

  /**
   * Contacts {@code peers} hosts, host {@code i} on {@code port(i)}: the first {@code talking} hold a
   * conversation with data both ways, the next {@code refusing} reset, the rest stay silent.
   */
  private void contactPeers(int peers, int talking, int refusing, java.util.function.IntUnaryOperator port) {
    for (int i = 0; i < peers; i++) {
      String peer = "10.120." + (1 + i % 2) + "." + (10 + i);
      int cport = 40_000 + i;
      if (i < talking) {
        wire.conversation(CLIENT, cport, peer, port.applyAsInt(i));
      } else {
        wire.tcp(CLIENT, cport, peer, port.applyAsInt(i), TcpFlags.SYN);
        if (i < talking + refusing) {
          wire.tcp(peer, port.applyAsInt(i), CLIENT, cport, TcpFlags.RST | TcpFlags.ACK);
        }
      }
    }
  }

  @Test
  void aClientTalkingToPeersOnTheirOwnPortsIsNoScanner() {
    contactPeers(40, 15, 15, PeerToPeerTest::peerPort);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aDhtClientWhosePeersPartlyAnswerIsNoScanner() {
    for (int i = 0; i < 60; i++) {
      String peer = "10.120.3." + (10 + i);
      wire.udp(CLIENT, 6881, peer, peerPort(i), 60);
      if (i % 3 == 0) {
        wire.udp(peer, peerPort(i), CLIENT, 6881, 200);
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void oneRandomHighPortPerHostThatAlmostNothingAnswersIsStillAScan() {
    // masscan over a high port range at a low rate: each host met once or twice, on random ports
    contactPeers(40, 2, 20, PeerToPeerTest::peerPort);
    ScannerVerdict v = only(judge());
    assertThat(v.ip()).isEqualTo(CLIENT);
    assertThat(v.techniques()).containsExactly("syn");
  }

  @Test
  void aSweepOfOneHighPortIsStillAScanWhateverAnswers() {
    contactPeers(40, 15, 15, i -> 8080);
    assertThat(only(judge()).pattern()).isEqualTo("horizontal");
  }

  @Test
  void manyHighPortsOnAHostAreStillAScan() {
    for (int i = 0; i < 40; i++) {
      String host = "10.120.1." + (10 + i % 4);
      int port = peerPort(i);
      if (i % 3 == 0) {
        wire.conversation(CLIENT, 40_000 + i, host, port);
      } else {
        wire.tcp(CLIENT, 40_000 + i, host, port, TcpFlags.SYN);
        wire.tcp(host, port, CLIENT, 40_000 + i, TcpFlags.RST | TcpFlags.ACK);
      }
    }
    assertThat(only(judge()).pattern()).isEqualTo("block");
  }

  @Test
  void aClientBrowsingBesideItsPeersIsNoScanner() {
    contactPeers(40, 15, 15, PeerToPeerTest::peerPort);
    wire.conversation(CLIENT, 39_000, "192.0.2.80", 443);
    wire.conversation(CLIENT, 39_001, "192.0.2.81", 443);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aSweepBesidePeersIsStillAScanAndOnlyTheSweepIsProbes() {
    // BitTorrent running while nmap -sS -p 3389 sweeps 30 hosts
    contactPeers(40, 15, 15, PeerToPeerTest::peerPort);
    sweepRdp(30);
    ScannerVerdict v = only(judge());
    assertThat(v.reasons()).anyMatch(r -> r.endsWith(", 25 of those failures excused: 25 departed peers)"));
    assertThat(v.pattern()).isEqualTo("horizontal");
    assertThat(v.distinctHosts()).isEqualTo(30);
    assertThat(v.distinctPorts()).isEqualTo(1);
  }

  @ParameterizedTest(name = "peers spoke BitTorrent: {0}")
  @ValueSource(booleans = {true, false})
  void aSwarmWhosePeersShareTheDefaultPortIsNoScanWhenItSpokeBitTorrent(boolean bitTorrent) {
    // a third of the swarm on Transmission's default port, where 13 of 20 peers are gone: a sweep's
    // share of failures on one port, unless the peers it reached there were spoken BitTorrent to
    wire.peerMessages = bitTorrent;
    wire.timestamps(true); // the client's own stack
    contactPeers(60, 20, 20, i -> i % 3 == 0 ? 51413 : peerPort(i));
    if (bitTorrent) {
      assertThat(judge().scanners()).isEmpty();
    } else {
      assertThat(only(judge()).reasons()).contains("focus rule: 13 of 20 hosts on tcp/51413 failed");
    }
  }

  @ParameterizedTest(name = "nodes sent DHT queries: {0}")
  @ValueSource(booleans = {true, false})
  void aDhtClientWhoseNodesShareTheDefaultPortIsNoScanWhenItSentDhtQueries(boolean dht) {
    wire.peerMessages = dht;
    for (int i = 0; i < 60; i++) {
      String node = "10.120.3." + (10 + i);
      int port = i % 3 == 0 ? 6881 : peerPort(i);
      wire.udp(CLIENT, 6881, node, port, 60);
      if (i % 3 == 0 ? i < 21 : i % 2 == 0) { // 7 of the 20 nodes on 6881 answer
        wire.udp(node, port, CLIENT, 6881, 200);
      }
    }
    assertThat(judge().scanners()).hasSize(dht ? 0 : 1);
  }

  @Test
  void oneHostSpokenBitTorrentOnAPortTwentyFailedOnMakesNoSwarm() {
    // a tenth as many hosts served in the peer's protocol as failed there, at least: one is too few
    wire.peerMessages = true;
    wire.timestamps(true);
    contactPeers(60, 20, 20, i -> i == 0 || i >= 40 ? 51413 : peerPort(i));
    assertThat(only(judge()).reasons()).contains("focus rule: 20 of 21 hosts on tcp/51413 failed");
  }

  @Test
  void aSweepOfTheDefaultPortIsAScanEvenWhenItSpeaksBitTorrentToWhatAnswered() {
    // one port on every host: no swarm, whatever the hosts that answered were told
    wire.peerMessages = true;
    contactPeers(40, 10, 15, i -> 51413);
    ScannerVerdict v = only(judge());
    assertThat(v.pattern()).isEqualTo("horizontal");
    assertThat(v.distinctHosts()).as("the hosts it failed on and those it reached").isEqualTo(40);
  }

  private static ScannerVerdict only(ScanAnalysis a) {
    assertThat(a.scanners()).hasSize(1);
    return a.scanners().get(0);
  }
  // --- from the second mutation review: the peer excuse's bounds at their exact values

  @Test
  void fivePeersServingOfFiftyAreEnoughToExcuseTheRest() {
    // minFailedContacts peers served it, a tenth of its peers (peerMinConversationShare)
    contactPeers(50, 5, 15, PeerToPeerTest::peerPort);
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void fivePeersServingOfSixtyAreTooFew() {
    contactPeers(60, 5, 15, PeerToPeerTest::peerPort);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void fourPeersServingAreTooFewWhateverTheirShare() {
    contactPeers(40, 4, 15, PeerToPeerTest::peerPort);
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void peersOnHalfAsManyPortsAsThereArePeersAreStillPeers() {
    // two peers on each port: 20 ports for 40 peers (peerMinDistinctPortShare, 0.5)
    contactPeers(40, 15, 15, i -> peerPort(i / 2));
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void peersOnFewerPortsThanHalfThePeersAreAScan() {
    contactPeers(40, 15, 15, i -> peerPort(i / 3));
    assertThat(judge().scanners()).extracting(ScannerVerdict::ip).containsExactly(CLIENT);
  }

  @Test
  void aPeerMetOnTwoOfItsPortsIsStillAPeer() {
    // peerMaxPortsPerHost: each of the 40 hosts on its port and the next one, both the same way
    for (int i = 0; i < 40; i++) {
      String peer = "10.120." + (1 + i % 2) + "." + (10 + i);
      for (int k = 0; k < 2; k++) {
        int port = peerPort(i) + k;
        int cport = 40_000 + 2 * i + k;
        if (i < 15) {
          wire.conversation(CLIENT, cport, peer, port);
        } else {
          wire.tcp(CLIENT, cport, peer, port, TcpFlags.SYN);
          if (i < 30) {
            wire.tcp(peer, port, CLIENT, cport, TcpFlags.RST | TcpFlags.ACK);
          }
        }
      }
    }
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void peersServingOnTheFirstUnprivilegedPortCountAsPeers() {
    // five peers serve it on port 1024 (its first unprivileged port), 45 others are gone
    contactPeers(50, 5, 15, i -> i < 5 ? 1024 : peerPort(i));
    assertThat(judge().scanners()).isEmpty();
  }

  @Test
  void aSweepOfAPortOnFiveHostsBesidePeersIsNoPeers() {
    // a port that failed on minFailedContacts hosts is a sweep's, not its peers'
    contactPeers(40, 15, 15, PeerToPeerTest::peerPort);
    sweepRdp(5);
    ScannerVerdict v = only(judge());
    assertThat(v.distinctHosts()).isEqualTo(5);
    assertThat(v.distinctPorts()).isEqualTo(1);
  }

  /** nmap -sS -p 3389 over {@code hosts} hosts, each refusing. */
  private void sweepRdp(int hosts) {
    for (int i = 0; i < hosts; i++) {
      String host = "10.121.0." + (10 + i);
      wire.tcp(CLIENT, 45_000, host, 3389, TcpFlags.SYN, 0, 1024, 7);
      wire.tcp(host, 3389, CLIENT, 45_000, TcpFlags.RST | TcpFlags.ACK);
    }
  }
}

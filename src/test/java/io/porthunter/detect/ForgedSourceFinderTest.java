package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A scan forging the address of a live host of the segment (hping3 -a, netdiscover's ARP requests):
 * the probes leave from the forger's link-layer address, the host's own conversations from its own.
 */
class ForgedSourceFinderTest {
  private static final String OWNER = "10.37.0.3";
  private static final String FORGER = "10.37.0.2";
  private static final String TARGET = "10.37.0.10";
  private static final long OWNER_MAC = 0x6a5d_1712_7982L;
  private static final long FORGER_MAC = 0x8a2b_ad9a_3982L;
  private static final long TARGET_MAC = 0x0288_0000_0010L;
  private static final String FORGED = "its 30 failed conversations were opened from the link-layer address"
      + " 8a:2b:ad:9a:39:82 (which also sends as 10.37.0.2), its 3 others from 6a:5d:17:12:79:82, which sends"
      + " as no other address: another host of the segment likely forged this one (or the address changed hands,"
      + " or one host sends it from two network cards)";

  /**
   * OWNER browses TARGET three times from its own station while FORGER's station, which also sends as
   * FORGER, scans TARGET's ports 1 to 30 as OWNER; then {@code more} adds its part.
   */
  private static void spoofedScan(Wire w, Consumer<Wire> more) {
    w.linkSource = FORGER_MAC;
    w.conversation(FORGER, 50000, TARGET, 443, TARGET_MAC);
    for (int port = 1; port <= 30; port++) {
      w.linkSource = FORGER_MAC;
      w.tcp(OWNER, 40000, TARGET, port, TcpFlags.SYN, 0, 512, port);
      w.linkSource = TARGET_MAC;
      w.tcp(TARGET, port, OWNER, 40000, TcpFlags.RST | TcpFlags.ACK);
      if (port % 10 == 0) {
        w.linkSource = OWNER_MAC;
        w.conversation(OWNER, 41000 + port, TARGET, 80, TARGET_MAC);
      }
    }
    more.accept(w);
  }

  private static ScannerVerdict owner(ScanAnalysis a) {
    return a.scanners().stream().filter(v -> v.ip().equals(OWNER)).findFirst().orElseThrow();
  }

  @Test
  void aScanFromAnotherStationThanTheAddresssOwnTrafficIsLikelyForged() {
    ScannerVerdict v = owner(Wire.inPartitions(1, w -> spoofedScan(w, x -> { })));
    assertThat(v.likelyForged()).isTrue();
    assertThat(v.reasons()).contains(FORGED);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 5})
  void partitionedTheStationsCountTheSame(int partitions) {
    ScannerVerdict v = owner(Wire.inPartitions(partitions, w -> spoofedScan(w, x -> { })));
    assertThat(v.likelyForged()).isTrue();
    assertThat(v.reasons()).contains(FORGED);
  }

  @Test
  void anOwnerStationSendingAsAnotherAddressIsNoOnesOwn() {
    // the "owner" sends as a second IPv4 address too: a router's station, forwarding the address's
    // traffic along another path, no host's
    ScannerVerdict v = owner(Wire.inPartitions(1, w -> spoofedScan(w, x -> {
      x.linkSource = OWNER_MAC;
      x.conversation("192.0.2.44", 52000, TARGET, 80, TARGET_MAC);
    })));
    assertThat(v.likelyForged()).isFalse();
  }

  @Test
  void anOwnerStationForwardingOthersPacketsIsARouters() {
    // TARGET's packet to a remote host, sent to the "owner"'s station, is answered from another: a
    // gateway's station, whose sources are the hosts it routes for
    ScannerVerdict v = owner(Wire.inPartitions(1, w -> spoofedScan(w, x -> {
      x.linkSource = TARGET_MAC;
      x.linkDestination = OWNER_MAC;
      x.tcp(TARGET, 45000, "198.51.100.9", 443, TcpFlags.SYN);
      x.linkSource = 0x0288_0000_0077L;
      x.linkDestination = TARGET_MAC;
      x.tcp("198.51.100.9", 443, TARGET, 45000, TcpFlags.SYN | TcpFlags.ACK);
    })));
    assertThat(v.likelyForged()).isFalse();
  }

  @Test
  void aStationWithNoConversationOfTheAddressIsNoOwner() {
    // the other station's only openings as the address failed, though too few for a scan
    ScannerVerdict v = owner(Wire.inPartitions(1, w -> {
      w.linkSource = FORGER_MAC;
      scanFromOneStation(w);
      w.linkSource = OWNER_MAC;
      w.tcp(OWNER, 43000, TARGET, 2000, TcpFlags.SYN);
    }));
    assertThat(v.likelyForged()).isFalse();
  }

  @Test
  void aGatewayTakingOverAnothersTrafficIsNoOwner() {
    // a remote scanner's probes came through one gateway, its conversations through another, which
    // after a failover also carries another remote host's, whose first packets came through the first
    ScannerVerdict v = owner(Wire.inPartitions(1, w -> spoofedScan(w, x -> {
      x.linkSource = FORGER_MAC;
      x.conversation("192.0.2.44", 52000, TARGET, 80, TARGET_MAC);
      x.linkSource = OWNER_MAC;
      x.conversation("192.0.2.44", 52001, TARGET, 80, TARGET_MAC);
    })));
    assertThat(v.likelyForged()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void overIpv6TheOwnersStationMaySendAsAddressesOfItsPrefix(boolean samePrefix) {
    // the owner's station also sends as a temporary address of the owner's /64, or of another one
    String owner = "fd37::3";
    ScanAnalysis a = Wire.inPartitions(1, w -> {
      w.linkSource = OWNER_MAC;
      w.conversation(samePrefix ? "fd37::3:3" : "fd38::3", 52000, "fd37::10", 80, TARGET_MAC);
      w.conversation(owner, 52001, "fd37::10", 80, TARGET_MAC);
      for (int port = 1; port <= 30; port++) {
        w.linkSource = FORGER_MAC;
        w.tcp(owner, 40000, "fd37::10", port, TcpFlags.SYN, 0, 512, port);
        w.linkSource = TARGET_MAC;
        w.tcp("fd37::10", port, owner, 40000, TcpFlags.RST | TcpFlags.ACK);
      }
    });
    ScannerVerdict v = a.scanners().stream().filter(s -> s.ip().equals(owner)).findFirst().orElseThrow();
    assertThat(v.likelyForged()).isEqualTo(samePrefix);
  }

  @Test
  void anOwnerFailingAsAScanWouldIsNoInnocentOwner() {
    ScannerVerdict v = owner(Wire.inPartitions(1, w -> spoofedScan(w, x -> {
      x.linkSource = OWNER_MAC;
      for (int port = 2000; port < 2005; port++) {
        x.tcp(OWNER, 43000, TARGET, port, TcpFlags.SYN);
      }
    })));
    assertThat(v.likelyForged()).isFalse();
  }

  @Test
  void aThirdStationLeavesTheAddressUnjudged() {
    ScannerVerdict v = owner(Wire.inPartitions(2, w -> spoofedScan(w, x -> {
      x.linkSource = 0x0288_0000_0099L;
      x.conversation(OWNER, 44000, TARGET, 80, TARGET_MAC);
    })));
    assertThat(v.likelyForged()).isFalse();
  }

  @Test
  void aScanFromTheAddresssOnlyStationIsNotForged() {
    ScannerVerdict v = owner(Wire.inPartitions(1, w -> {
      w.linkSource = OWNER_MAC;
      scanFromOneStation(w);
    }));
    assertThat(v.likelyForged()).isFalse();
    assertThat(v.reasons()).noneMatch(r -> r.contains("forged"));
  }

  private static void scanFromOneStation(Wire w) {
    for (int port = 1; port <= 30; port++) {
      w.tcp(OWNER, 40000, TARGET, port, TcpFlags.SYN, 0, 512, port);
      w.tcp(TARGET, port, OWNER, 40000, TcpFlags.RST | TcpFlags.ACK);
    }
    w.conversation(OWNER, 41000, TARGET, 80);
  }
}

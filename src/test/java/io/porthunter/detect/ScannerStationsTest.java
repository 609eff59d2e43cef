package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each scanner's link-layer station, and the other addresses it sent as, on one and on several partitions. */
class ScannerStationsTest {
  private static final int SYN = 0x02;
  private static final int RST_ACK = 0x14;
  private static final long HOST_MAC = 0x02_42_0a_2a_00_03L;
  private static final long OTHER_MAC = 0x02_42_0a_2a_00_07L;

  /** A refused SYN to each of 20 ports of {@code target} from {@code src}, at {@code mac} (-1: no link layer). */
  private static void scan(Wire w, String src, String target, long mac) {
    for (int port = 1; port <= 20; port++) {
      w.linkSource = mac;
      w.tcp(src, 40_000, target, port, SYN);
      w.linkSource = 0x02_42_0a_2a_00_99L;
      w.tcp(target, port, src, 40_000, RST_ACK);
    }
  }

  @ParameterizedTest(name = "{0} partition(s)")
  @ValueSource(ints = {1, 3})
  void aHostsTwoAddressesNameEachOtherAndAnotherStationStaysApart(int partitions) {
    ScanAnalysis a = Wire.inPartitions(partitions, w -> {
      scan(w, "fe80::42:aff:fe2a:3", "fd42::20", HOST_MAC); // one host's link-local and global address
      scan(w, "fd42::3", "fd42::21", HOST_MAC);
      w.linkSource = HOST_MAC;
      w.conversation("10.42.0.3", 50_000, "10.42.0.20", 443, 0x02_42_0a_2a_00_14L); // its IPv4 address scans nothing
      scan(w, "fd42::7", "fd42::22", OTHER_MAC);
    });
    assertThat(a.scanners()).extracting(ScannerVerdict::ip)
        .containsExactlyInAnyOrder("fe80::42:aff:fe2a:3", "fd42::3", "fd42::7");
    assertThat(station(a, "fe80::42:aff:fe2a:3"))
        .isEqualTo(new ScannerVerdict.Station("02:42:0a:2a:00:03", List.of("10.42.0.3", "fd42::3"), false));
    assertThat(station(a, "fd42::3"))
        .isEqualTo(new ScannerVerdict.Station("02:42:0a:2a:00:03", List.of("10.42.0.3", "fe80::42:aff:fe2a:3"), false));
    assertThat(station(a, "fd42::7")).isEqualTo(new ScannerVerdict.Station("02:42:0a:2a:00:07", List.of(), false));
  }

  @ParameterizedTest(name = "{0} partition(s)")
  @ValueSource(ints = {1, 3})
  void aScannerRoutedOntoTheSegmentArrivesFromARouterThatForwardsOthers(int partitions) {
    long router = 0x02_42_0a_2a_00_01L;
    ScanAnalysis a = Wire.inPartitions(partitions, w -> {
      scan(w, "198.51.100.7", "10.42.0.20", router);
      w.linkSource = router;
      w.conversation("203.0.113.9", 50_000, "10.42.0.21", 443, 0x02_42_0a_2a_00_15L); // a client it forwarded
    });
    assertThat(station(a, "198.51.100.7"))
        .isEqualTo(new ScannerVerdict.Station("02:42:0a:2a:00:01", List.of("203.0.113.9"), true));
  }

  @ParameterizedTest(name = "{0} partition(s), link source {1}")
  @CsvSource({"1, -1", "2, -1", "1, 0", "2, 0"}) // no link layer (raw IP); a loopback's all-zero Ethernet header
  void aLinkThatShowsNoStationNamesNone(int partitions, long mac) {
    ScanAnalysis a = Wire.inPartitions(partitions, w -> scan(w, "198.51.100.7", "10.0.0.9", mac));
    assertThat(a.scanners()).singleElement().satisfies(v -> assertThat(v.station()).isNull());
  }

  private static ScannerVerdict.Station station(ScanAnalysis a, String ip) {
    return a.scanners().stream().filter(v -> v.ip().equals(ip)).findFirst().orElseThrow().station();
  }
}

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.ReadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * arp-scan --arpspa=0.0.0.0 as a capture file: the decoder's hardware addresses name the sweeping
 * station, on one worker and on several.
 */
class UnnamedStationCaptureTest {
  private static final int HOSTS = 40;
  private static final int LIVE = 7;
  private static final byte[] SCANNER = {(byte) 0xf6, 0x0c, (byte) 0xc9, (byte) 0xf2, (byte) 0xed, 0x11};
  private static final byte[] BROADCAST = {-1, -1, -1, -1, -1, -1};
  private static final byte[] NONE = new byte[6];
  private static final int ARP_FRAME = 42;

  @ParameterizedTest(name = "{0} workers")
  @ValueSource(ints = {1, 3})
  void aSweepFromNoAddressIsListedUnderItsStation(int workers, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("arp-scan-spa0.pcap");
    Files.write(file, capture());
    ScanAnalysis a = new CaptureAnalyzer(DetectionSettings.DEFAULTS, workers, 0).analyze(file, ReadOptions.DEFAULT);
    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.ip()).isEqualTo("0.0.0.0");
    assertThat(v.techniques()).containsExactly("arp_sweep");
    assertThat(v.distinctHosts()).isEqualTo(HOSTS);
    assertThat(v.failedContacts()).isEqualTo(HOSTS - LIVE);
    assertThat(v.findings()).filteredOn(TargetFinding::answered).extracting(TargetFinding::ip)
        .containsExactly("10.42.0.1", "10.42.0.2", "10.42.0.3", "10.42.0.4", "10.42.0.5", "10.42.0.6", "10.42.0.7");
    assertThat(v.reasons()).anyMatch(r -> r.contains("by the link-layer address f6:0c:c9:f2:ed:11"));
    assertThat(v.station()).isEqualTo(new ScannerVerdict.Station("f6:0c:c9:f2:ed:11", List.of(), false));
  }

  /** A request from 0.0.0.0 for each host, 2 ms apart; the first LIVE reply to 0.0.0.0 at the scanner's address. */
  private static byte[] capture() {
    ByteBuffer b = ByteBuffer.allocate(24 + 2 * HOSTS * (16 + ARP_FRAME)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
    for (int i = 1; i <= HOSTS; i++) {
      byte[] host = {10, 42, 0, (byte) i};
      byte[] hostMac = {2, 0, 0, 0, 0, (byte) i};
      record(b, i * 2_000, BROADCAST, SCANNER, 1, SCANNER, new byte[4], NONE, host);
      if (i <= LIVE) {
        record(b, i * 2_000 + 50, SCANNER, hostMac, 2, hostMac, host, SCANNER, new byte[4]);
      }
    }
    byte[] out = new byte[b.position()];
    b.flip().get(out);
    return out;
  }

  private static void record(ByteBuffer b, int micros, byte[] to, byte[] from, int operation, byte[] senderMac,
      byte[] senderIp, byte[] targetMac, byte[] targetIp) {
    b.putInt(1_700_000_000).putInt(micros).putInt(ARP_FRAME).putInt(ARP_FRAME);
    b.put(to).put(from).order(ByteOrder.BIG_ENDIAN).putShort((short) 0x0806);
    b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) operation);
    b.put(senderMac).put(senderIp).put(targetMac).put(targetIp).order(ByteOrder.LITTLE_ENDIAN);
  }
}

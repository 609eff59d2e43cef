package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.ReadOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host discovery through a message to a multicast group that every host must refuse aloud: nmap
 * --script targets-ipv6-multicast-invalid-dst sends one ICMPv6 message to ff02::1 with a destination
 * option of type 0x80 ("discard, send a parameter problem even to a group"), and each live host's
 * parameter problem names it.
 */
class GroupDiscoveryTest {
  private static final String ASKER = "fd42::3";
  private static final String ALL_NODES = "ff02::1";
  /** The private-experimentation type nmap's script sends; the type does not matter to the hosts. */
  private static final int PROBE_TYPE = 254;
  private static final int PARAMETER_PROBLEM = 4;
  private static final int UNRECOGNIZED_NEXT_HEADER = 1;
  private static final int UNRECOGNIZED_OPTION = 2;

  private static String host(int n) {
    return "fd42::" + Integer.toHexString(0x100 + n);
  }

  /** The group message at time 0, then a parameter problem of {@code code} from each of {@code hosts}, {@code delay} s later. */
  private static ScanAnalysis discovery(int partitions, int hosts, int code, double delay, String quotedAsker) {
    return Wire.inPartitions(partitions, w -> {
      w.at(0).icmp6(ASKER, ALL_NODES, PROBE_TYPE, 0);
      for (int i = 0; i < hosts; i++) {
        w.at(delay + i * 0.0001).icmpError(host(i), ASKER, PARAMETER_PROBLEM, code, quotedAsker, 0, ALL_NODES, 0,
            IpProtocol.ICMPV6);
      }
    });
  }

  @ParameterizedTest(name = "{0} partition(s)")
  @ValueSource(ints = {1, 2, 3})
  void hostsRefusingTheGroupsOptionAreAPingSweep(int partitions) {
    ScanAnalysis a = discovery(partitions, 23, UNRECOGNIZED_OPTION, 0.001, ASKER);
    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.ip()).isEqualTo(ASKER);
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.distinctHosts()).isEqualTo(23);
    assertThat(v.findings()).hasSize(23).allMatch(TargetFinding::answered);
    assertThat(v.firstProbe().tsNanos()).isEqualTo(1_700_000_000_000_000_000L); // the group message's
  }

  @ParameterizedTest(name = "{0} partition(s), an echo: {1}")
  @CsvSource({"1, true", "3, true", "1, false", "3, false"})
  void listenerReportsInBetweenPushNoGroupMessageOut(int partitions, boolean echo) {
    // nmap's IPv6 multicast scripts run at once: a listener query draws each host's reports (40 of
    // them) between the message to ff02::1 and its answers
    ScanAnalysis a = Wire.inPartitions(partitions, w -> {
      w.at(0).icmp6(ASKER, ALL_NODES, echo ? 128 : PROBE_TYPE, 0);
      for (int i = 0; i < 40; i++) {
        w.at(0.0001 + i * 0.00001).icmp6(host(i % 20), "ff02::16", 143, 0); // MLDv2 reports
      }
      for (int i = 0; i < 20; i++) {
        if (echo) {
          w.at(0.001 + i * 0.0001).icmp6(host(i), ASKER, 129, 0);
        } else {
          w.at(0.001 + i * 0.0001).icmpError(host(i), ASKER, PARAMETER_PROBLEM, UNRECOGNIZED_OPTION, ASKER, 0,
              ALL_NODES, 0, IpProtocol.ICMPV6);
        }
      }
    });
    assertThat(a.scanners()).singleElement().satisfies(v -> {
      assertThat(v.techniques()).containsExactly("ping_sweep");
      assertThat(v.distinctHosts()).isEqualTo(20);
    });
  }

  @ParameterizedTest(name = "code {0}, {1} s late, quoting {2}: no sweep")
  @CsvSource({
      UNRECOGNIZED_NEXT_HEADER + ", 0.001, fd42::3", // not the error a group message may draw
      "2, 6, fd42::3",     // long after the message: answers nothing
      "2, 0.001, fd42::9", // quoting another asker's message, which the capture does not hold
  })
  void errorsAnsweringNoGroupMessageFindNobody(int code, double delay, String quotedAsker) {
    for (int partitions = 1; partitions <= 2; partitions++) {
      assertThat(discovery(partitions, 23, code, delay, quotedAsker).scanners()).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0} workers")
  @ValueSource(ints = {1, 3})
  void theScriptsCaptureIsAPingSweepOfTheHostsThatRefused(int workers, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("invalid-dst.pcap");
    Files.write(file, InvalidDestinationCapture.bytes(12));
    ScanAnalysis a = new CaptureAnalyzer(DetectionSettings.DEFAULTS, workers, 0).analyze(file, ReadOptions.DEFAULT);
    assertThat(a.scanners()).hasSize(1);
    ScannerVerdict v = a.scanners().get(0);
    assertThat(v.ip()).isEqualTo("fd42::3");
    assertThat(v.techniques()).containsExactly("ping_sweep");
    assertThat(v.findings()).filteredOn(TargetFinding::answered).hasSize(12);
    assertThat(v.firstProbe().frame()).isEqualTo(1);
  }

  /**
   * The script's packets as Ethernet frames: the message to ff02::1 behind a destination-options header
   * (option 0x80, then padding), and each host's parameter problem quoting it whole.
   */
  private static final class InvalidDestinationCapture {
    private static final int ETHERNET = 14;
    private static final int IPV6 = 40;
    private static final int OPTIONS = 8;
    private static final int MESSAGE = 8;
    private static final int PROBE = IPV6 + OPTIONS + MESSAGE;
    private static final byte[] ALL_NODES_STATION = {0x33, 0x33, 0, 0, 0, 1};

    static byte[] bytes(int hosts) {
      ByteBuffer b = ByteBuffer.allocate(24 + (hosts + 1) * (16 + ETHERNET + 2 * IPV6 + 8 + PROBE))
          .order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
      byte[] probe = probe();
      frame(b, 0, ALL_NODES_STATION, station(3), probe);
      for (int i = 1; i <= hosts; i++) {
        ByteBuffer error = ByteBuffer.allocate(IPV6 + 8 + PROBE);
        ipv6(error, 8 + PROBE, IpProtocol.ICMPV6, address(0x100 + i), address(3));
        error.put((byte) PARAMETER_PROBLEM).put((byte) UNRECOGNIZED_OPTION).putShort((short) 0)
            .putInt(IPV6 + 2) // the pointer: the option's type byte
            .put(probe);
        frame(b, 1_000 + i * 5, station(3), station(0x100 + i), error.array());
      }
      byte[] out = new byte[b.position()];
      b.flip().get(out);
      return out;
    }

    private static byte[] probe() {
      ByteBuffer probe = ByteBuffer.allocate(PROBE);
      ipv6(probe, OPTIONS + MESSAGE, 60, address(3), allNodes());
      probe.put((byte) IpProtocol.ICMPV6).put((byte) 0).put((byte) 0x80).put((byte) 1).put((byte) 0)
          .put(new byte[3]); // the option, then three Pad1
      probe.put((byte) PROBE_TYPE).put((byte) 0).putShort((short) 0).putInt(0);
      return probe.array();
    }

    private static void ipv6(ByteBuffer b, int payload, int nextHeader, byte[] src, byte[] dst) {
      b.putInt(0x6000_0000).putShort((short) payload).put((byte) nextHeader).put((byte) 255).put(src).put(dst);
    }

    private static byte[] address(int last) {
      byte[] a = new byte[16];
      a[0] = (byte) 0xfd;
      a[1] = 0x42;
      a[14] = (byte) (last >> 8);
      a[15] = (byte) last;
      return a;
    }

    private static byte[] allNodes() {
      byte[] a = new byte[16];
      a[0] = (byte) 0xff;
      a[1] = 0x02;
      a[15] = 1;
      return a;
    }

    private static byte[] station(int n) {
      return new byte[] {2, 0, 0, 0, (byte) (n >> 8), (byte) n};
    }

    private static void frame(ByteBuffer b, int micros, byte[] to, byte[] from, byte[] packet) {
      b.putInt(1_700_000_000).putInt(micros).putInt(ETHERNET + packet.length).putInt(ETHERNET + packet.length);
      b.put(to).put(from).order(ByteOrder.BIG_ENDIAN).putShort((short) 0x86DD).put(packet).order(ByteOrder.LITTLE_ENDIAN);
    }
  }
}

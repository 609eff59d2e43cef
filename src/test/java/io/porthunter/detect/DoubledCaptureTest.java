package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.ReadOptions;
import io.porthunter.testing.Corpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real capture of the corpus in classic pcap over Ethernet, as {@code tcpdump -i any} on a
 * router would have seen it: each IP frame again 20 µs later with its TTL (hop limit) one lower, as
 * the forwarded copy leaves. The analysis must be the single capture's, the copies counted apart.
 */
class DoubledCaptureTest {
  private static final int PCAP_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int ETHERTYPE = 12;
  private static final int VLAN_TAG = 4;
  private static final long FORWARDING_DELAY_NANOS = 20_000;
  /** Frames dumpcap wrote of one interface before the other's, in a red team's router capture. */
  private static final int DUMPCAP_BATCH = 1000;

  static Stream<String> classicCaptures() {
    return Stream.of("d01_nmap_sS_top1000.pcap", "d03_nmap_sF_nsec.pcap", "d05_nmap_sX.pcap", "d06_nmap_sA_nsec.pcap",
        "d08_nmap_sM.pcap", "d10_nmap_sn_sweep.pcap", "d12_masscan_sweep.pcap", "d14_hping3_scan_nsec.pcap",
        "d16_nmap_slow_sS.pcap", "d18_benign_manyconn.pcap", "d22_vlan77_sS.pcap");
  }

  @ParameterizedTest
  @MethodSource("classicCaptures")
  void aRoutersCaptureOnEveryInterfaceGivesTheSingleCapturesAnswer(String name, @TempDir Path dir) throws IOException {
    Path single = Corpus.file(name);
    Path doubled = dir.resolve(name);
    assertCopiesCountedApart(single, doubled, writeDoubled(single, doubled));
  }

  /** {@code doubled} holds {@code single}'s frames and {@code copies} copies: the answer is the single one's. */
  private static void assertCopiesCountedApart(Path single, Path doubled, long copies) throws IOException {
    CaptureAnalyzer analyzer = new CaptureAnalyzer(DetectionSettings.DEFAULTS);
    ScanAnalysis once = analyzer.analyze(single, ReadOptions.DEFAULT);
    ScanAnalysis twice = analyzer.analyze(doubled, ReadOptions.DEFAULT);

    assertThat(copies).isPositive();
    assertThat(twice.capture().records()).isEqualTo(once.capture().records() + copies);
    assertThat(twice.capture().duplicateFrames()).isEqualTo(copies);
    assertThat(once.capture().duplicateFrames()).isZero();
    // frame numbers count the copies before the first probe: the same probe, further down the file
    assertThat(twice.scanners()).usingRecursiveComparison().ignoringFields("firstProbe.frame")
        .isEqualTo(once.scanners());
    assertThat(twice.targets()).isEqualTo(once.targets());
    assertThat(twice.portHits()).isEqualTo(once.portHits());
    assertThat(twice.suspectedPatterns()).isEqualTo(once.suspectedPatterns());
  }

  /**
   * The same captures as dumpcap (or Wireshark) capturing both legs of the router writes them: a
   * pcapng file of two interfaces, each one's packets in batches of {@link #DUMPCAP_BATCH}, so each
   * copy comes a batch after the packet it repeats and the file is out of time order. Beside the
   * capture of one interface written alike, the copies are counted apart and nothing else changes.
   */
  @ParameterizedTest
  @MethodSource("classicCaptures")
  void dumpcapsCaptureOfBothLegsInBatchesGivesTheOneLegsAnswer(String name, @TempDir Path dir) throws IOException {
    Path oneLeg = dir.resolve("one-leg.pcapng");
    Path bothLegs = dir.resolve("both-legs.pcapng");
    writeInBatches(Corpus.file(name), oneLeg, false);
    assertCopiesCountedApart(oneLeg, bothLegs, writeInBatches(Corpus.file(name), bothLegs, true));
  }

  /**
   * Writes {@code from}'s frames as a pcapng file, in nanoseconds: on interface 0 in batches, each
   * batch's IP frames followed, with {@code copies}, by their forwarded copies on interface 1 (20 µs
   * later, the TTL one lower). Returns how many copies.
   */
  private static long writeInBatches(Path from, Path to, boolean copies) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(from)).order(ByteOrder.LITTLE_ENDIAN);
    long unit = in.getInt(0) == 0xA1B23C4D ? 1 : 1000;
    int linkType = in.getInt(20);
    ByteBuffer out = ByteBuffer.allocate(in.capacity() * 3 + 1024).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1)
        .putInt(28);
    for (int i = 0; i < (copies ? 2 : 1); i++) { // if_tsresol 9: nanoseconds
      out.putInt(1).putInt(32).putShort((short) linkType).putShort((short) 0).putInt(0)
          .putShort((short) 9).putShort((short) 1).putInt(9).putInt(0).putInt(32);
    }
    List<Integer> batch = new ArrayList<>();
    long written = 0;
    int at = PCAP_HEADER;
    while (at + RECORD_HEADER <= in.capacity()) {
      batch.add(at);
      at += RECORD_HEADER + in.getInt(at + 8);
      if (batch.size() == DUMPCAP_BATCH || at + RECORD_HEADER > in.capacity()) {
        for (int record : batch) {
          enhancedPacket(out, in, record, unit, 0, false);
        }
        for (int record : copies ? batch : List.<Integer>of()) {
          written += enhancedPacket(out, in, record, unit, 1, true) ? 1 : 0;
        }
        batch.clear();
      }
    }
    Files.write(to, Arrays.copyOf(out.array(), out.position()));
    return written;
  }

  /** Writes a pcap record as an enhanced packet block, a forwarded copy of an IP frame or none. */
  private static boolean enhancedPacket(ByteBuffer out, ByteBuffer in, int record, long unit, int ifId, boolean copy) {
    int capLen = in.getInt(record + 8);
    int ip = ipOffset(in, record + RECORD_HEADER, capLen);
    if (copy && ip < 0) {
      return false;
    }
    long ts = (in.getInt(record) & 0xFFFF_FFFFL) * 1_000_000_000L + (in.getInt(record + 4) & 0xFFFF_FFFFL) * unit
        + (copy ? FORWARDING_DELAY_NANOS : 0);
    int padded = (capLen + 3) & ~3;
    out.putInt(6).putInt(32 + padded).putInt(ifId).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(capLen)
        .putInt(in.getInt(record + 12));
    int data = out.position();
    out.put(in.array(), record + RECORD_HEADER, capLen).put(new byte[padded - capLen]).putInt(32 + padded);
    if (copy) {
      int ttl = data + ip + ((out.get(data + ip) >>> 4) == 4 ? 8 : 7);
      out.put(ttl, (byte) (out.get(ttl) - 1));
    }
    return copy;
  }

  /** Writes {@code from} with each IP frame followed by its forwarded copy; returns how many copies. */
  private static long writeDoubled(Path from, Path to) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(from)).order(ByteOrder.LITTLE_ENDIAN);
    boolean nanos = in.getInt(0) == 0xA1B23C4D;
    long perSecond = nanos ? 1_000_000_000L : 1_000_000L;
    long delay = FORWARDING_DELAY_NANOS / (nanos ? 1 : 1000);
    ByteBuffer out = ByteBuffer.allocate(in.capacity() * 2).order(ByteOrder.LITTLE_ENDIAN);
    out.put(in.array(), 0, PCAP_HEADER);
    long copies = 0;
    int at = PCAP_HEADER;
    while (at + RECORD_HEADER <= in.capacity()) {
      int capLen = in.getInt(at + 8);
      int length = RECORD_HEADER + capLen;
      out.put(in.array(), at, length);
      int ip = ipOffset(in, at + RECORD_HEADER, capLen);
      if (ip >= 0) {
        int copy = out.position();
        out.put(in.array(), at, length);
        long fraction = (in.getInt(at + 4) & 0xFFFF_FFFFL) + delay;
        out.putInt(copy, in.getInt(at) + (int) (fraction / perSecond));
        out.putInt(copy + 4, (int) (fraction % perSecond));
        int ttl = copy + RECORD_HEADER + ip + ((out.get(copy + RECORD_HEADER + ip) >>> 4) == 4 ? 8 : 7);
        out.put(ttl, (byte) (out.get(ttl) - 1));
        copies++;
      }
      at += length;
    }
    Files.write(to, Arrays.copyOf(out.array(), out.position()));
    return copies;
  }

  /** Where the IP header starts in an Ethernet frame (one VLAN tag allowed), or -1 for other frames. */
  private static int ipOffset(ByteBuffer in, int frame, int capLen) {
    int typeAt = ETHERTYPE;
    int type = Short.toUnsignedInt(in.order(ByteOrder.BIG_ENDIAN).getShort(frame + typeAt));
    if (type == 0x8100) {
      typeAt += VLAN_TAG;
      type = Short.toUnsignedInt(in.getShort(frame + typeAt));
    }
    in.order(ByteOrder.LITTLE_ENDIAN);
    boolean ip = (type == 0x0800 || type == 0x86DD) && capLen > typeAt + 2 + 8;
    return ip ? typeAt + 2 : -1;
  }
}

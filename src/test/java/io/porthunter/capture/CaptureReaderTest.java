package io.porthunter.capture;

import static io.porthunter.capture.Frames.syn;
import static io.porthunter.capture.Frames.v4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.porthunter.capture.CaptureFiles.Pcapng;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureReaderTest {
  private static final int A = v4(192, 0, 2, 1);
  private static final int B = v4(198, 51, 100, 7);
  private static final long SECOND = 1_000_000_000L;

  @TempDir Path dir;

  @Test
  void tcpHeadersTheSnapLengthCutShortOfTheirFlagsAreCounted() throws IOException {
    // tcpdump -s 64 over IPv6: 54 bytes of headers leave 10 of TCP's, short of its flags; the same
    // SYN whole beside them, and one over IPv4 that 64 bytes hold
    byte[] v6 = Frames.ethernet(0x86DD, Frames.ipv6(0x2001_0DB8L << 32, 1, 0x2001_0DB8L << 32, 2, 6,
        Frames.tcp(40000, 22, 0x02, new byte[0], 0)));
    ByteWriter w = CaptureFiles.pcapHeader(false, false, 1, 64);
    CaptureFiles.pcapRecord(w, 1_700_000_000L, 0, Arrays.copyOf(v6, 64), v6.length);
    CaptureFiles.pcapRecord(w, 1_700_000_000L, 1, Arrays.copyOf(v6, 64), v6.length);
    CaptureFiles.pcapRecord(w, 1_700_000_000L, 2, v6, v6.length);
    CaptureFiles.pcapRecord(w, 1_700_000_000L, 3, syn(A, B, 1000, 22), 54);
    Decoded.Result r = Decoded.read(dir, w.toBytes());

    assertThat(r.summary().tcpHeadersCutShort()).isEqualTo(2);
    assertThat(r.packets().get(0).hasPorts).isTrue();
    assertThat(r.packets().get(0).hasTcp).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"false,false,pcap", "true,false,pcap-be", "false,true,pcap-nsec",
      "true,true,pcap-be-nsec"})
  void classicPcapInBothByteOrdersAndResolutions(boolean big, boolean nanos, String format)
      throws IOException {
    ByteWriter w = CaptureFiles.pcapHeader(big, nanos, 1 | 0xF000_0000, 65535);
    CaptureFiles.pcapRecord(w, 1_700_000_000L, 123_456, syn(A, B, 1000, 22), 60);
    CaptureFiles.pcapRecord(w, 1_700_000_001L, 5, syn(B, A, 22, 1000), 54);
    Decoded.Result r = Decoded.read(dir, w.toBytes());

    long unit = nanos ? 1 : 1000;
    assertThat(r.summary().format()).isEqualTo(format);
    assertThat(r.summary().records()).isEqualTo(2);
    assertThat(r.summary().truncated()).isFalse();
    assertThat(r.summary().linkTypes()).containsExactly(1);
    assertThat(r.summary().fractionDigits()).isEqualTo(nanos ? 9 : 6);
    assertThat(r.summary().firstTsNanos()).isEqualTo(1_700_000_000L * SECOND + 123_456 * unit);
    assertThat(r.summary().lastTsNanos()).isEqualTo(1_700_000_001L * SECOND + 5 * unit);
    Packet first = r.packets().get(0);
    assertThat(first.frame).isEqualTo(1);
    assertThat(first.linkType).isEqualTo(1);
    assertThat(first.origLen).isEqualTo(60);
    assertThat(first.capLen).isEqualTo(54);
    assertThat(first.dstPort).isEqualTo(22);
    assertThat(r.packets().get(1).frame).isEqualTo(2);
    assertThat(r.packets().get(1).srcPort).isEqualTo(22);
  }

  @Test
  void pcapngBigEndianSection() throws IOException {
    byte[] file = new Pcapng(true)
        .interfaceDescription(1, 0, null, null)
        .enhancedPacket(0, 1_700_000_000_000_001L, syn(A, B, 1, 80), 54)
        .toBytes();
    Decoded.Result r = Decoded.read(dir, file);
    assertThat(r.summary().format()).isEqualTo("pcapng");
    assertThat(r.summary().interfaces()).isEqualTo(1);
    assertThat(r.summary().fractionDigits()).isEqualTo(6);
    assertThat(r.packets()).hasSize(1);
    assertThat(r.packets().get(0).tsNanos).isEqualTo(1_700_000_000_000_001_000L);
    assertThat(r.packets().get(0).dstPort).isEqualTo(80);
  }

  @Test
  void secondSectionResetsInterfacesAndMayChangeByteOrder() throws IOException {
    byte[] file = new Pcapng(false)
        .interfaceDescription(LinkTypes.RAW, 0, 9, null)
        .interfaceDescription(LinkTypes.ETHERNET, 0, 9, null)
        .enhancedPacket(1, 5 * SECOND, syn(A, B, 1, 80), 54)
        .section(true)
        .interfaceDescription(LinkTypes.LINUX_SLL, 0, null, null)
        .enhancedPacket(0, 7_000_000, Frames.sll(0x0800, Frames.ipv4(A, B, 17,
            Frames.udp(53, 53, 0))), 36)
        .toBytes();
    Decoded.Result r = Decoded.read(dir, file);
    assertThat(r.summary().interfaces()).isEqualTo(3);
    assertThat(r.summary().linkTypes()).containsExactlyInAnyOrder(1, 101, 113);
    assertThat(r.packets()).extracting(p -> p.linkType).containsExactly(1, 113);
    assertThat(r.packets()).extracting(p -> p.interfaceId).containsExactly(1, 0);
    assertThat(r.packets()).extracting(p -> p.tsNanos).containsExactly(5 * SECOND, 7 * SECOND);
    assertThat(r.packets().get(1).dstPort).isEqualTo(53);
  }

  @Test
  void interfacesWithTheirOwnLinkTypeResolutionAndOffset() throws IOException {
    // interface 1: 2^-20 s units, clock 100 s behind
    long binaryUnits = (3L << 20) | (1L << 19);
    byte[] file = new Pcapng(false)
        .interfaceDescription(LinkTypes.ETHERNET, 0, 9, null)
        .interfaceDescription(LinkTypes.RAW, 0, 0x80 | 20, 100L)
        .enhancedPacket(0, 2 * SECOND + 1, syn(A, B, 1, 80), 54)
        .enhancedPacket(1, binaryUnits, Frames.ipv4(A, B, 17, Frames.udp(1, 2, 0)), 28)
        .toBytes();
    Decoded.Result r = Decoded.read(dir, file);
    assertThat(r.summary().fractionDigits()).isEqualTo(9);
    assertThat(r.packets()).extracting(p -> p.tsNanos)
        .containsExactly(2 * SECOND + 1, 103 * SECOND + SECOND / 2);
    assertThat(r.packets()).extracting(p -> p.linkType).containsExactly(1, 101);
    assertThat(r.packets().get(1).dstPort).isEqualTo(2);
    assertThat(r.summary().firstTsNanos()).isEqualTo(2 * SECOND + 1);
    assertThat(r.summary().lastTsNanos()).isEqualTo(103 * SECOND + SECOND / 2);
  }

  @Test
  void simplePacketBlockCapturedLengthIsTheSmallestOfThree() throws IOException {
    byte[] frame = syn(A, B, 1, 80);
    byte[] file = new Pcapng(false)
        .interfaceDescription(LinkTypes.ETHERNET, 40, null, null)
        .simplePacket(frame, 100)
        .simplePacket(Arrays.copyOf(frame, 30), 30)
        .section(false)
        .interfaceDescription(LinkTypes.ETHERNET, 0, null, null)
        .simplePacket(frame, 200)
        .toBytes();
    Decoded.Result r = Decoded.read(dir, file);
    // without a snap length the block body, padding included, is all there is to go by
    int padded = (frame.length + 3) & ~3;
    assertThat(r.packets()).extracting(p -> p.capLen).containsExactly(40, 30, padded);
    assertThat(r.packets()).extracting(p -> p.origLen).containsExactly(100, 30, 200);
    assertThat(r.packets().get(0).ipVersion).isEqualTo(4);
    assertThat(r.packets().get(0).hasPorts).isTrue();
    assertThat(r.packets().get(0).tsNanos).isZero();
    assertThat(r.summary().timed()).as("simple packet blocks carry no time").isFalse();
  }

  @Test
  void aRepeatedTimeResolutionOrOffsetIsReadAsItsFirst() throws IOException {
    // the spec allows each once; tshark reads the first of each, so the times agree with it
    byte[] file = new Pcapng(false)
        .block(PcapngLoop.INTERFACE_DESCRIPTION, w -> w.u16(LinkTypes.ETHERNET).u16(0).u32(0)
            .u16(9).u16(1).u8(3).zeros(3) // milliseconds
            .u16(14).u16(8).u64(10)
            .u16(9).u16(1).u8(9).zeros(3)
            .u16(14).u16(8).u64(20)
            .u16(0).u16(0))
        .enhancedPacket(0, 1500, syn(A, B, 1, 80), 54)
        .toBytes();
    Decoded.Result r = Decoded.read(dir, file);
    assertThat(r.packets()).extracting(p -> p.tsNanos).containsExactly(11 * SECOND + SECOND / 2);
  }

  @Test
  void framesOnALinkTypeTheDecoderDoesNotReadAreCountedAsUnread() throws IOException {
    // an 802.11 interface (LINKTYPE_IEEE802_11, 105) beside an Ethernet one: its frames are numbered
    // and counted, and the summary says they were not analysed, rather than passing for no traffic
    int ieee80211 = 105;
    byte[] file = new Pcapng(false)
        .interfaceDescription(LinkTypes.ETHERNET, 0, null, null)
        .interfaceDescription(ieee80211, 0, null, null)
        .enhancedPacket(1, SECOND, new byte[40], 40)
        .enhancedPacket(0, 2 * SECOND, syn(A, B, 1, 80), 54)
        .enhancedPacket(1, 3 * SECOND, new byte[40], 40)
        .block(0x0000_0BAD, w -> w.u32(42))
        .toBytes();
    Decoded.Result r = Decoded.read(dir, file);
    assertThat(r.summary().records()).isEqualTo(4);
    assertThat(r.summary().unreadFrames()).isEqualTo(2);
    assertThat(r.packets()).extracting(p -> p.dstPort).containsExactly(-1, 80, -1, -1);
  }

  @Test
  void aSimplePacketBlockAmongTimedOnesIsTakenToBeSentAtThePreviousOnesTime() throws IOException {
    // an untimed packet among timed ones is not dated 1970 (it would become any scan's first probe);
    // before the first timed one there is no time to take
    byte[] file = new Pcapng(false)
        .interfaceDescription(LinkTypes.ETHERNET, 0, null, null)
        .simplePacket(syn(A, B, 1, 79), 54)
        .enhancedPacket(0, 5_000_000, syn(A, B, 1, 80), 54)
        .simplePacket(syn(A, B, 1, 81), 54)
        .enhancedPacket(0, 3_000_000, syn(A, B, 1, 82), 54)
        .simplePacket(syn(A, B, 1, 83), 54)
        .toBytes();
    Decoded.Result r = Decoded.read(dir, file);
    assertThat(r.packets()).extracting(p -> p.dstPort).containsExactly(79, 80, 81, 82, 83);
    long five = 5 * SECOND; // the interface counts microseconds
    long three = 3 * SECOND;
    assertThat(r.packets()).extracting(p -> p.tsNanos).containsExactly(0L, five, five, three, three);
    assertThat(r.summary().firstTsNanos()).isEqualTo(three);
    assertThat(r.summary().lastTsNanos()).isEqualTo(five);
  }

  @Test
  void customAndJournalBlocksAreFramesWithoutPacketsAndOtherUnknownBlocksAreSkipped() throws IOException {
    byte[] file = new Pcapng(true)
        .block(0x0BAD_F00D, w -> w.zeros(10))
        .interfaceDescription(LinkTypes.ETHERNET, 0, null, null)
        .block(0x0000_0BAD, w -> w.u32(42))
        .obsoletePacket(0, 1_000_000, syn(A, B, 7, 8))
        .block(0x4000_0BAD, w -> w.zeros(0))
        .block(9, w -> w.zeros(12))
        .block(0x0000_0004, w -> w.zeros(4))
        .enhancedPacket(0, 2_000_000, syn(A, B, 9, 10), 54)
        .toBytes();
    Decoded.Result r = Decoded.read(dir, file);
    assertThat(r.summary().truncated()).isFalse();
    // tshark numbers custom (0xBAD, 0x40000BAD) and systemd journal export (9) blocks as frames,
    // not an unknown type or a name resolution block (4)
    assertThat(r.packets()).extracting(p -> p.frame).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(r.packets()).extracting(p -> p.dstPort).containsExactly(-1, 8, -1, -1, 10);
    assertThat(r.packets()).extracting(p -> p.linkType)
        .containsExactly(Packet.NO_INTERFACE, LinkTypes.ETHERNET, Packet.NO_INTERFACE, Packet.NO_INTERFACE,
            LinkTypes.ETHERNET);
    assertThat(r.packets()).extracting(p -> p.ipVersion).containsExactly(0, 4, 0, 0, 4);
    assertThat(r.summary().records()).isEqualTo(5);
    assertThat(r.summary().firstTsNanos()).isEqualTo(SECOND); // the blocks without a time do not count
    assertThat(r.packets().get(1).tsNanos).isEqualTo(SECOND);
  }

  @Test
  void aPacketBlockWithMegabytesOfCommentsIsReadWhole() throws IOException {
    byte[] data = syn(A, B, 7, 8);
    int comments = 24; // 24 opt_comment options of 65,532 bytes: about 1.5 MiB of options
    byte[] file = new Pcapng(false)
        .interfaceDescription(LinkTypes.ETHERNET, 0, null, null)
        .block(PcapngLoop.ENHANCED_PACKET, w -> {
          w.u32(0).u32(0).u32(1_000_000).u32(data.length).u32(data.length).bytes(data)
              .zeros(-data.length & 3);
          for (int i = 0; i < comments; i++) {
            w.u16(1).u16(65_532).zeros(65_532);
          }
          w.u16(0).u16(0);
        })
        .enhancedPacket(0, 2_000_000, syn(A, B, 9, 10), 54)
        .toBytes();
    assertThat(file.length).isGreaterThan(3 << 19);
    Decoded.Result r = Decoded.read(dir, file);
    assertThat(r.summary().truncated()).as(r.summary().truncationNote()).isFalse();
    assertThat(r.packets()).extracting(p -> p.dstPort).containsExactly(8, 10);
  }

  @Test
  void gzipIsReadTransparently() throws IOException {
    byte[] plain = smallPcap(3);
    Path gz = dir.resolve("capture.pcap.whatever");
    Files.write(gz, gzip(plain));
    Decoded.Result r = Decoded.read(gz, ReadOptions.DEFAULT);
    assertThat(r.summary().records()).isEqualTo(3);
    assertThat(r.summary().bytesRead()).isEqualTo(plain.length);
    assertThat(r.packets().get(2).dstPort).isEqualTo(3);
  }

  @Test
  void gzipByteLimitCountsUncompressedBytesAndStopsABombEarly() throws IOException {
    Path gz = dir.resolve("bomb.gz");
    Files.write(gz, bomb(GZIPOutputStream::new));
    assertByteLimitStopsTheBombEarly(gz);
  }

  /** A compressing view of a stream (gzip, zstd). */
  interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  /** About 64 MiB of zero-length records, compressed to a few dozen KiB. */
  static byte[] bomb(Compressor compressor) throws IOException {
    ByteArrayOutputStream bomb = new ByteArrayOutputStream();
    try (OutputStream out = compressor.wrap(bomb)) {
      out.write(CaptureFiles.pcapHeader(false, false, 1, 65535).toBytes());
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        out.write(zeros);
      }
    }
    return bomb.toByteArray();
  }

  /** Reading stops with CaptureTooLargeException once 8 MiB were inflated, records before it read. */
  static void assertByteLimitStopsTheBombEarly(Path file) throws IOException {
    assertThat(Files.size(file)).isLessThan(1 << 20);
    AtomicLong seen = new AtomicLong();
    assertThatThrownBy(() -> CaptureReader.read(file, p -> seen.incrementAndGet(),
        new ReadOptions(8L << 20, b -> {}, () -> false)))
        .isInstanceOf(CaptureTooLargeException.class);
    // nothing past the limit was delivered (the zeros are padding, not records)
    assertThat(seen.get()).isLessThanOrEqualTo((8L << 20) / 16);
  }

  @Test
  void byteLimitAppliesToPlainFilesToo() throws IOException {
    Path file = dir.resolve("plain.pcap");
    Files.write(file, smallPcap(50));
    assertThatThrownBy(() -> CaptureReader.read(file, p -> {},
        new ReadOptions(100, b -> {}, () -> false)))
        .isInstanceOf(CaptureTooLargeException.class);
  }

  @Test
  void cutGzipStreamReadsAsTruncated() throws IOException {
    byte[] compressed = gzip(smallPcap(400));
    Path gz = dir.resolve("cut.gz");
    Files.write(gz, Arrays.copyOf(compressed, compressed.length / 2));
    Decoded.Result r = Decoded.read(gz, ReadOptions.DEFAULT);
    assertThat(r.summary().truncated()).isTrue();
    assertThat(r.summary().truncationNote()).isNotBlank();
    assertThat(r.summary().records()).isLessThan(400);
  }

  @Test
  void progressIsReportedAndCancellationStopsTheRead() throws IOException {
    int records = RecordLoop.POLL_INTERVAL_RECORDS * 2 + 10;
    ByteWriter w = CaptureFiles.pcapHeader(false, false, 1, 65535);
    for (int i = 0; i < records; i++) {
      CaptureFiles.pcapRecord(w, i + 1, 0, new byte[0], 0); // from 1 s: an all-zero header is padding
    }
    Path file = dir.resolve("many.pcap");
    Files.write(file, w.toBytes());
    AtomicLong lastProgress = new AtomicLong();
    CaptureSummary s = CaptureReader.read(file, p -> {},
        new ReadOptions(Long.MAX_VALUE, lastProgress::set, () -> false));
    assertThat(s.records()).isEqualTo(records);
    // reported while delivering record 2 * interval: the bytes before it
    assertThat(lastProgress.get())
        .isEqualTo(24L + 16L * (RecordLoop.POLL_INTERVAL_RECORDS * 2 - 1));

    AtomicLong delivered = new AtomicLong();
    assertThatThrownBy(() -> CaptureReader.read(file, p -> delivered.incrementAndGet(),
        new ReadOptions(Long.MAX_VALUE, b -> {}, () -> true)))
        .isInstanceOf(CancellationException.class);
    assertThat(delivered.get()).isEqualTo(RecordLoop.POLL_INTERVAL_RECORDS);
  }

  @Test
  void notACaptureIsAFormatError() throws IOException {
    Path text = dir.resolve("notes.pcap");
    Files.writeString(text, "hello, this is not a capture at all");
    assertThatThrownBy(() -> CaptureReader.read(text, p -> {}, ReadOptions.DEFAULT))
        .isInstanceOf(CaptureFormatException.class).hasMessage("unknown magic number");
    Path modified = dir.resolve("modified.pcap"); // magic 0xa1b2cd34, written little-endian
    Files.write(modified, new byte[] {0x34, (byte) 0xcd, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0});
    assertThatThrownBy(() -> CaptureReader.read(modified, p -> {}, ReadOptions.DEFAULT))
        .isInstanceOf(CaptureFormatException.class).hasMessageContaining("modified (Kuznetzov) pcap");
    Path empty = dir.resolve("empty.pcap");
    Files.write(empty, new byte[0]);
    assertThatThrownBy(() -> CaptureReader.read(empty, p -> {}, ReadOptions.DEFAULT))
        .isInstanceOf(CaptureFormatException.class);
    Path badGzip = dir.resolve("bad.gz");
    Files.write(badGzip, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
    assertThatThrownBy(() -> CaptureReader.read(badGzip, p -> {}, ReadOptions.DEFAULT))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageStartingWith("starts like gzip but its header is damaged: ")
        .hasMessageContaining("compression method");
    Path cutGzip = dir.resolve("cut.gz");
    Files.write(cutGzip, new byte[] {0x1f, (byte) 0x8b, 8, 0}); // the 10-byte header cut after 4
    assertThatThrownBy(() -> CaptureReader.read(cutGzip, p -> {}, ReadOptions.DEFAULT))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageStartingWith("starts like gzip but its header is damaged: ");
  }

  @Test
  void zerosAfterTheLastRecordArePaddingNotRecordsFrom1970() throws IOException {
    byte[] records = smallPcap(5);
    Path padded = dir.resolve("padded.pcap");
    Files.write(padded, Arrays.copyOf(records, records.length + 4096));
    Decoded.Result r = Decoded.read(padded, ReadOptions.DEFAULT);
    assertThat(r.summary().records()).isEqualTo(5);
    assertThat(r.summary().firstTsNanos()).isPositive();
    assertThat(r.summary().truncated()).isTrue();
    assertThat(r.summary().truncationNote()).contains("ends in 4096 zero bytes after record 5");
    // a long run of zeros with data after it is damage, not the end of the file
    byte[] more = Arrays.copyOf(records, records.length + 8192 + 1);
    more[more.length - 1] = 7;
    Path damaged = dir.resolve("zeros-then-data.pcap");
    Files.write(damaged, more);
    Decoded.Result d = Decoded.read(damaged, ReadOptions.DEFAULT);
    assertThat(d.summary().records()).isEqualTo(5);
    assertThat(d.summary().truncationNote()).contains("record 6 starts 8192 zero bytes that are not a record");
  }

  @Test
  void oneAllZeroRecordBetweenRecordsIsReadAsTheEmptyRecordItClaimsToBe() throws IOException {
    byte[] before = smallPcap(3);
    byte[] after = smallPcap(4);
    // the header-less records of the second file after 16 zero bytes
    byte[] file = new byte[before.length + 16 + after.length - 24];
    System.arraycopy(before, 0, file, 0, before.length);
    System.arraycopy(after, 24, file, before.length + 16, after.length - 24);
    Path zeroRecord = dir.resolve("zero-record.pcap");
    Files.write(zeroRecord, file);
    Decoded.Result r = Decoded.read(zeroRecord, ReadOptions.DEFAULT);
    assertThat(r.summary().records()).isEqualTo(3 + 1 + 4); // as tshark counts them
    assertThat(r.summary().truncated()).isFalse();
  }

  @Test
  void headerOnlyFileHasNoRecords() throws IOException {
    Decoded.Result r = Decoded.read(dir, CaptureFiles.pcapHeader(false, false, 1, 1).toBytes());
    assertThat(r.summary().records()).isZero();
    assertThat(r.summary().truncated()).isFalse();
    assertThat(r.summary().timed()).isFalse();
    assertThat(r.summary().linkTypes()).isEqualTo(Set.of(1));
  }

  @Test
  void aRecordOneNanosecondBeforeTheEpochIsATimeLikeAnyOther() throws IOException {
    byte[] file = new Pcapng(false)
        .interfaceDescription(LinkTypes.ETHERNET, 0, 9, -1L) // the clock one second behind
        .enhancedPacket(0, SECOND - 1, syn(A, B, 1, 80), 54)
        .toBytes();
    Decoded.Result r = Decoded.read(dir, file);
    assertThat(r.packets().get(0).tsNanos).isEqualTo(-1);
    assertThat(r.summary().timed()).isTrue();
    assertThat(r.summary().firstTsNanos()).isEqualTo(-1);
    assertThat(r.summary().lastTsNanos()).isEqualTo(-1);
  }

  @Test
  void aFileCutShortWhileItIsReadIsAnalysedUpToTheCutAndSaysSo() throws IOException {
    ByteWriter w = CaptureFiles.pcapHeader(false, false, 1, 65535);
    int records = 20_000; // 1.2 MB: several read windows
    for (int i = 0; i < records; i++) {
      CaptureFiles.pcapRecord(w, 1_700_000_000L + i, 0, syn(A, B, 1000 + i % 50_000, 22), 54);
    }
    Path file = dir.resolve("shrinking.pcap");
    Files.write(file, w.toBytes());
    AtomicLong seen = new AtomicLong();
    CaptureSummary s = CaptureReader.read(file, p -> {
      if (seen.incrementAndGet() == 1) {
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
          channel.truncate(Files.size(file) / 2); // another program rewrites the capture
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }, ReadOptions.DEFAULT);
    assertThat(s.truncated()).isTrue();
    assertThat(s.truncationNote()).contains("shrank while it was read");
    assertThat(s.records()).isEqualTo(seen.get()).isBetween(1L, records / 2L);
  }

  static byte[] smallPcap(int records) {
    ByteWriter w = CaptureFiles.pcapHeader(false, false, 1, 65535);
    for (int i = 1; i <= records; i++) {
      byte[] frame = syn(A, B, 1000 + i, i);
      CaptureFiles.pcapRecord(w, 1_700_000_000L + i, i, frame, frame.length);
    }
    return w.toBytes();
  }

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  static List<Integer> ports(List<Packet> packets) {
    return packets.stream().map(p -> p.dstPort).toList();
  }
}

package io.porthunter.capture;

import static io.porthunter.capture.Frames.syn;
import static io.porthunter.capture.Frames.v4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.porthunter.capture.CaptureFiles.Pcapng;
import io.porthunter.testing.Corpus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.NavigableSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Damaged and malicious files end quickly, in bounded memory, with the damage reported. */
class HostileInputTest {
  private static final int A = v4(10, 0, 0, 1);
  private static final int B = v4(10, 0, 0, 2);
  private static final Duration QUICKLY = Duration.ofSeconds(5);
  /** Allocation allowed for reading one hostile file: the window plus change. */
  private static final long ALLOCATION_BOUND = 16L << 20;
  private static final long HUGE = 0xFFFF_FFF0L;

  @TempDir Path dir;

  @Test
  void builtPcapngCutAtEveryOffset() throws IOException {
    byte[] file = new Pcapng(false)
        .interfaceDescription(LinkTypes.ETHERNET, 0, 9, null)
        .enhancedPacket(0, 1, syn(A, B, 1, 2), 54)
        .block(0x0BAD, w -> w.zeros(7))
        .simplePacket(syn(A, B, 3, 4), 54)
        .section(true)
        .interfaceDescription(LinkTypes.RAW, 0, null, null)
        .obsoletePacket(0, 2, Frames.ipv4(A, B, 17, Frames.udp(5, 6, 1)))
        .toBytes();
    everyCut(file);
  }

  @Test
  void builtPcapCutAtEveryOffset() throws IOException {
    everyCut(CaptureReaderTest.smallPcap(6));
  }

  @Test
  void sharedCapturesCutAtEveryOffset() throws IOException {
    for (JsonNode label : Corpus.labels()) {
      String name = label.get("file").asString();
      if (name.startsWith("d16_") || name.startsWith("d09_")) {
        everyCut(Files.readAllBytes(Corpus.file(label)));
      }
    }
  }

  /**
   * Reads every prefix of a capture (as a stream, so as not to write thousands of files; the file
   * path shares the loop): a prefix too short for the file header is a format error;
   * any other prefix reads without exception, with record counts that never go down, and is
   * truncated exactly when it does not end on a record or block boundary.
   */
  private void everyCut(byte[] whole) throws IOException {
    Path full = dir.resolve("whole");
    Files.write(full, whole);
    NavigableSet<Long> boundaries = RecordBoundaries.of(whole);
    long headerEnd = boundaries.first();
    boolean pcapng = Bytes.i32(whole, 0) == PcapngLoop.SECTION_HEADER;
    long firstReadable = pcapng ? Bytes.u32(whole, 4, false) : headerEnd;

    long previous = 0;
    for (int n = 0; n <= whole.length; n++) {
      InputStream cut = new ByteArrayInputStream(whole, 0, n);
      if (n < firstReadable) {
        assertThatThrownBy(() -> CaptureReader.read(cut, p -> {}, ReadOptions.DEFAULT))
            .as("prefix of %d bytes", n).isInstanceOf(CaptureFormatException.class);
        continue;
      }
      CaptureSummary s = CaptureReader.read(cut, p -> {}, ReadOptions.DEFAULT);
      assertThat(s.records()).as("records at %d bytes", n).isGreaterThanOrEqualTo(previous);
      assertThat(s.truncated()).as("truncated at %d bytes", n)
          .isEqualTo(!boundaries.contains((long) n));
      assertThat(s.truncationNote() != null).isEqualTo(s.truncated());
      previous = s.records();
    }
    assertThat(previous).isEqualTo(CaptureReader.read(full, p -> {}, ReadOptions.DEFAULT).records());
  }

  @Test
  void randomBytesAfterValidPcapHeader() throws IOException {
    ByteWriter w = CaptureFiles.pcapHeader(false, false, 1, 65535);
    w.bytes(randomBytes(1 << 20, 7));
    CaptureSummary s = readBounded(w.toBytes());
    assertThat(s.truncated()).isTrue();
    assertThat(s.truncationNote()).isNotBlank();
  }

  @Test
  void randomBytesAfterValidPcapngHeader() throws IOException {
    byte[] head = new Pcapng(false).interfaceDescription(1, 0, null, null).toBytes();
    byte[] file = Arrays.copyOf(head, head.length + (1 << 20));
    System.arraycopy(randomBytes(1 << 20, 11), 0, file, head.length, 1 << 20);
    CaptureSummary s = readBounded(file);
    assertThat(s.truncated()).isTrue();
    assertThat(s.records()).isZero();
  }

  @Test
  void hugeRecordLengthInPcapIsCorruption() throws IOException {
    ByteWriter w = CaptureFiles.pcapHeader(true, false, 1, 65535);
    CaptureFiles.pcapRecord(w, 1, 0, syn(A, B, 1, 2), 54);
    w.u32(2).u32(0).u32(HUGE).u32(HUGE).zeros(64);
    CaptureSummary s = readBounded(w.toBytes());
    assertThat(s.records()).isEqualTo(1);
    assertThat(s.truncated()).isTrue();
    assertThat(s.truncationNote()).contains("corrupt").contains("limit");
  }

  @Test
  void recordJustOverTheLimitIsCorruptionAndOneUnderItIsACut() throws IOException {
    ByteWriter over = CaptureFiles.pcapHeader(false, false, 1, 65535);
    over.u32(1).u32(0).u32(CaptureReader.MAX_RECORD_BYTES + 1).u32(70000).zeros(100);
    assertThat(readBounded(over.toBytes()).truncationNote()).contains("corrupt");

    ByteWriter under = CaptureFiles.pcapHeader(false, false, 1, 65535);
    under.u32(1).u32(0).u32(CaptureReader.MAX_RECORD_BYTES).u32(70000).zeros(100);
    assertThat(readBounded(under.toBytes()).truncationNote()).contains("ends inside record 1");
  }

  @Test
  void hugePcapngBlockLengths() throws IOException {
    byte[] known = new Pcapng(false).interfaceDescription(1, 0, null, null).toBytes();
    byte[] withHugeEpb = new ByteWriter(false).bytes(known).u32(PcapngLoop.ENHANCED_PACKET)
        .u32(0xFFFF_FFFCL).zeros(200).toBytes();
    CaptureSummary s = readBounded(withHugeEpb);
    assertThat(s.truncationNote()).contains("exceeds");

    byte[] withHugeUnknown = new ByteWriter(false).bytes(known).u32(0x7777)
        .u32(0xFFFF_FFFCL).zeros(200).toBytes();
    s = readBounded(withHugeUnknown);
    assertThat(s.truncated()).isTrue();
    assertThat(s.truncationNote()).contains("ends inside a block");
  }

  @Test
  void impossibleBlockLengthsStopWithANote() throws IOException {
    byte[] known = new Pcapng(false).interfaceDescription(1, 0, null, null).toBytes();
    for (long length : new long[] {0, 4, 13, 30}) {
      byte[] file = new ByteWriter(false).bytes(known).u32(PcapngLoop.ENHANCED_PACKET).u32(length)
          .zeros(64).toBytes();
      CaptureSummary s = readBounded(file);
      assertThat(s.truncated()).as("length %d", length).isTrue();
      assertThat(s.truncationNote()).as("length %d", length).contains("corrupt");
    }
  }

  @Test
  void mismatchedTrailingLengthStops() throws IOException {
    byte[] file = new Pcapng(false).interfaceDescription(1, 0, null, null)
        .enhancedPacket(0, 1, syn(A, B, 1, 2), 54).toBytes();
    file[file.length - 4] ^= 4;
    CaptureSummary s = readBounded(file);
    assertThat(s.records()).isZero();
    assertThat(s.truncationNote()).contains("trailing length");
  }

  @Test
  void packetNamingAMissingInterfaceOrOverrunningItsBlockStops() throws IOException {
    byte[] noInterface = new Pcapng(false).interfaceDescription(1, 0, null, null)
        .enhancedPacket(3, 1, syn(A, B, 1, 2), 54).toBytes();
    assertThat(readBounded(noInterface).truncationNote()).contains("interface 3");
    byte[] largestId = new Pcapng(false).interfaceDescription(1, 0, null, null)
        .enhancedPacket(-1, 1, syn(A, B, 1, 2), 54).toBytes();
    assertThat(readBounded(largestId).truncationNote()).contains("interface 4294967295 but");

    byte[] overrun = new Pcapng(true).interfaceDescription(1, 0, null, null)
        .enhancedPacket(0, 1, syn(A, B, 1, 2), 54).toBytes();
    int capLenAt = overrun.length - 4 - 56 - 8;
    overrun[capLenAt] = 0x7F;
    assertThat(readBounded(overrun).truncationNote()).contains("does not fit");
  }

  @Test
  void laterSectionWithoutByteOrderMagicStops() throws IOException {
    byte[] good = new Pcapng(false).interfaceDescription(1, 0, null, null)
        .enhancedPacket(0, 1, syn(A, B, 1, 2), 54).toBytes();
    byte[] file = new ByteWriter(false).bytes(good).u32(PcapngLoop.SECTION_HEADER).u32(28)
        .u32(0x12345678).zeros(12).u32(28).toBytes();
    CaptureSummary s = readBounded(file);
    assertThat(s.records()).isEqualTo(1);
    assertThat(s.truncationNote()).contains("byte-order");
  }

  @Test
  void firstSectionHeaderMustBeWhole() throws IOException {
    byte[] file = new Pcapng(false).toBytes();
    Path path = dir.resolve("shb");
    Files.write(path, Arrays.copyOf(file, file.length - 1));
    assertThatThrownBy(() -> CaptureReader.read(path, p -> {}, ReadOptions.DEFAULT))
        .isInstanceOf(CaptureFormatException.class);
  }

  /** Reads within a time and allocation bound, delivering every packet to a sink. */
  private CaptureSummary readBounded(byte[] bytes) throws IOException {
    Path file = dir.resolve("hostile");
    Files.write(file, bytes);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return assertTimeoutPreemptively(QUICKLY, () -> {
      long before = threads.getCurrentThreadAllocatedBytes();
      CaptureSummary s = CaptureReader.read(file, p -> {}, ReadOptions.DEFAULT);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      assertThat(allocated).as("bytes allocated").isLessThan(ALLOCATION_BOUND);
      return s;
    });
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void aSymbolicLinkIsNotFollowed() throws Exception {
    Path real = dir.resolve("real.pcap");
    Files.write(real, CaptureFiles.pcapHeader(false, false, 1, 65535).toBytes());
    Path link = Files.createSymbolicLink(dir.resolve("link.pcap"), real);
    assertThatThrownBy(() -> CaptureReader.read(link, p -> { }, ReadOptions.DEFAULT))
        .isInstanceOf(CaptureFormatException.class).hasMessageContaining("regular file");
  }

  @Test
  void aFifoIsRefusedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("fifo.pcap");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo not available");
    assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () ->
        assertThatThrownBy(() -> CaptureReader.read(fifo, p -> { }, ReadOptions.DEFAULT))
            .isInstanceOf(CaptureFormatException.class));
  }
}

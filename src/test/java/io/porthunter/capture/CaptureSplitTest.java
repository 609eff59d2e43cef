package io.porthunter.capture;

import static io.porthunter.capture.Frames.syn;
import static io.porthunter.capture.Frames.v4;
import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.CaptureFiles.Pcapng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Chunks read on their own give exactly the packets of one sequential read. */
class CaptureSplitTest {
  private static final int[] PARTS = {1, 2, 3, 8};

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> everySharedCaptureSplitsIntoTheSamePackets() throws IOException {
    return SharedCaptures.labels().stream().map(label -> DynamicTest.dynamicTest(
        label.get("file").asString(), () -> {
          Path file = SharedCaptures.file(label);
          for (int parts : PARTS) {
            assertSplitMatchesSequential(file, parts);
          }
        }));
  }

  @Test
  void chunksDecodeInParallel() throws Exception {
    Path file = dir.resolve("many.pcap");
    Files.write(file, CaptureReaderTest.smallPcap(5000));
    List<CaptureChunk> chunks = CaptureReader.split(file, 4);
    assertThat(chunks).hasSize(4);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<String>>> futures = new ArrayList<>();
      for (CaptureChunk c : chunks) {
        futures.add(pool.submit(() -> {
          List<String> rows = new ArrayList<>();
          CaptureReader.readChunk(c, p -> rows.add(Decoded.describe(p)), ReadOptions.DEFAULT);
          return rows;
        }));
      }
      List<String> all = new ArrayList<>();
      for (Future<List<String>> f : futures) {
        all.addAll(f.get());
      }
      assertThat(all).containsExactlyElementsOf(sequential(file));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void builtMultiSectionPcapngSplitAtEveryBoundary() throws IOException {
    int a = v4(10, 1, 1, 1);
    int b = v4(10, 1, 1, 2);
    byte[] bytes = new Pcapng(false)
        .interfaceDescription(LinkTypes.ETHERNET, 0, 9, null)
        .interfaceDescription(LinkTypes.RAW, 0, 0x80 | 10, 5L)
        .enhancedPacket(1, 1024, Frames.ipv4(a, b, 17, Frames.udp(1, 2, 0)), 28)
        .block(0x0BAD, w -> w.zeros(3))
        .enhancedPacket(0, 77, syn(a, b, 3, 4), 54)
        .section(true)
        .interfaceDescription(LinkTypes.LINUX_SLL2, 0, null, null)
        .simplePacket(Frames.sll2(0x0800, Frames.ipv4(a, b, 17, Frames.udp(5, 6, 0))), 48)
        .obsoletePacket(0, 9, Frames.sll2(0x0800, Frames.ipv4(b, a, 17, Frames.udp(6, 5, 0))))
        .toBytes();
    Path file = dir.resolve("sections.pcapng");
    Files.write(file, bytes);
    List<CaptureChunk> chunks = assertSplitMatchesSequential(file, bytes.length);
    // one chunk per block: 2 sections, 3 interfaces, 4 packets, 1 unknown block
    assertThat(chunks).hasSize(10);
    assertThat(chunks.get(6).bigEndian()).as("chunk starting at the second section").isFalse();
    assertThat(chunks.get(6).interfaces()).hasSize(2);
    CaptureChunk afterSecondSection = chunks.get(8);
    assertThat(afterSecondSection.bigEndian()).isTrue();
    assertThat(afterSecondSection.interfaces()).extracting(InterfaceDescription::linkType)
        .containsExactly(LinkTypes.LINUX_SLL2);
  }

  @Test
  void chunkBeyondTwoGigabytesIsReadAtItsLongOffset() throws IOException {
    long at = 3L << 30;
    byte[] frame = syn(v4(10, 9, 9, 9), v4(10, 8, 8, 8), 1, 4444);
    ByteWriter record = new ByteWriter(false);
    CaptureFiles.pcapRecord(record, 1_700_000_000L, 42, frame, frame.length);
    Path file = dir.resolve("sparse.pcap");
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.StandardOpenOption.SPARSE)) {
      ch.write(java.nio.ByteBuffer.wrap(record.toBytes()), at);
    }
    CaptureChunk chunk = new CaptureChunk(file, 5, at, at + record.size(), 1_000_001L, "pcap",
        false, List.of(new InterfaceDescription(LinkTypes.ETHERNET, 65535, 6, 0)), false);
    List<Packet> packets = new ArrayList<>();
    CaptureSummary s = CaptureReader.readChunk(chunk, p -> packets.add(Decoded.copyOf(p)),
        ReadOptions.DEFAULT);
    assertThat(s.records()).isEqualTo(1);
    assertThat(s.truncated()).isFalse();
    assertThat(packets.get(0).frame).isEqualTo(1_000_001L);
    assertThat(packets.get(0).dstPort).isEqualTo(4444);
    assertThat(packets.get(0).tsNanos).isEqualTo(1_700_000_000_000_042_000L);
  }

  @Test
  void boundaryWalkHonoursCancellation() throws IOException {
    Path file = dir.resolve("walk.pcap");
    int records = RecordLoop.POLL_INTERVAL_RECORDS + 1;
    ByteWriter w = CaptureFiles.pcapHeader(false, false, 1, 65535);
    for (int i = 0; i < records; i++) {
      CaptureFiles.pcapRecord(w, i + 1, 0, new byte[0], 0); // from 1 s: an all-zero header is padding
    }
    Files.write(file, w.toBytes());
    assertThat(CaptureReader.split(file, 2)).hasSize(2);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CaptureReader.split(file, 2,
            new ReadOptions(Long.MAX_VALUE, b -> {}, () -> true)))
        .isInstanceOf(java.util.concurrent.CancellationException.class);
  }

  @Test
  void gzipIsOneCompressedChunk() throws IOException {
    Path file = dir.resolve("capture.gz");
    Files.write(file, CaptureReaderTest.gzip(CaptureReaderTest.smallPcap(20)));
    List<CaptureChunk> chunks = CaptureReader.split(file, 4);
    assertThat(chunks).hasSize(1);
    assertThat(chunks.get(0).compressed()).isTrue();
    assertThat(chunks.get(0).format()).isEqualTo("pcap");
    List<String> rows = new ArrayList<>();
    CaptureReader.readChunk(chunks.get(0), p -> rows.add(Decoded.describe(p)), ReadOptions.DEFAULT);
    assertThat(rows).containsExactlyElementsOf(sequential(file));
  }

  @Test
  void truncatedFileKeepsItsDamageInTheLastChunk() throws IOException {
    byte[] whole = CaptureReaderTest.smallPcap(100);
    Path file = dir.resolve("cut.pcap");
    Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 10));
    List<CaptureChunk> chunks = assertSplitMatchesSequential(file, 3);
    CaptureSummary last = CaptureReader.readChunk(chunks.get(chunks.size() - 1), p -> {},
        ReadOptions.DEFAULT);
    assertThat(last.truncated()).isTrue();
    assertThat(last.truncationNote()).contains("record 100");
  }

  private static List<CaptureChunk> assertSplitMatchesSequential(Path file, int parts)
      throws IOException {
    List<CaptureChunk> chunks = CaptureReader.split(file, parts);
    assertThat(chunks).isNotEmpty().hasSizeLessThanOrEqualTo(parts);
    assertThat(chunks.get(chunks.size() - 1).endOffset()).isEqualTo(Files.size(file));
    List<String> rows = new ArrayList<>();
    long records = 0;
    for (int i = 0; i < chunks.size(); i++) {
      CaptureChunk c = chunks.get(i);
      assertThat(c.index()).isEqualTo(i);
      if (i > 0) {
        assertThat(c.startOffset()).isEqualTo(chunks.get(i - 1).endOffset());
      }
      assertThat(c.firstFrame()).isEqualTo(records + 1);
      CaptureSummary s = CaptureReader.readChunk(c, p -> rows.add(Decoded.describe(p)),
          ReadOptions.DEFAULT);
      if (!s.truncated()) {
        assertThat(s.bytesRead()).isEqualTo(c.endOffset() - c.startOffset());
      }
      records += s.records();
    }
    assertThat(rows).as("%s in %d parts", file, parts).containsExactlyElementsOf(sequential(file));
    return chunks;
  }

  private static List<String> sequential(Path file) throws IOException {
    List<String> rows = new ArrayList<>();
    CaptureReader.read(file, p -> rows.add(Decoded.describe(p)), ReadOptions.DEFAULT);
    return rows;
  }
}

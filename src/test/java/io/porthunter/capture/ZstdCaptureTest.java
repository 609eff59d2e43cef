package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zstd-compressed captures: read as a stream, limits on uncompressed bytes, damage reported. */
class ZstdCaptureTest {
  /**
   * {@code CaptureReaderTest.smallPcap(3)} compressed by the reference tool ({@code zstd -19},
   * v1.5.4), so that reading is checked against the real format, not only against our writer.
   */
  private static final String SMALL_PCAP_BY_ZSTD_CLI = "28b52ffd24eae50200c2c51119b06b0e3891f605838f26b749"
      + "123e751ad6fabf32d4a24dee14c12d085eed410ef7bef01a8b180b066601f12015f04e0fcb8971cc2cde3fe09f72007238e"
      + "0c05d57f82289ba020720702d73c8cc3c801d717b82d975e06571b7d8f909";

  @TempDir Path dir;

  @Test
  void aFileCompressedByTheZstdToolReadsLikeThePlainCapture() throws IOException {
    Path zst = dir.resolve("small.pcap.zst");
    Files.write(zst, HexFormat.of().parseHex(SMALL_PCAP_BY_ZSTD_CLI));
    byte[] plain = CaptureReaderTest.smallPcap(3);
    assertSameAsPlain(zst, plain);
  }

  @Test
  void aLargerCaptureOfManyZstdBlocksReadsLikeThePlainCapture() throws IOException {
    byte[] plain = CaptureReaderTest.smallPcap(20_000); // ~1.5 MB: several 128 KB zstd blocks
    Path zst = dir.resolve("large.pcap.zst");
    Files.write(zst, zstd(plain));
    assertThat(Files.size(zst)).isLessThan(plain.length / 4);
    assertSameAsPlain(zst, plain);
  }

  @Test
  void byteLimitCountsUncompressedBytesAndStopsABombEarly() throws IOException {
    Path zst = dir.resolve("bomb.pcap.zst");
    Files.write(zst, CaptureReaderTest.bomb(ZstdOutputStream::new));
    CaptureReaderTest.assertByteLimitStopsTheBombEarly(zst);
  }

  @Test
  void aWindowLargerThanTheReaderAllowsIsSaidSoNotCalledDamage() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(out)) {
      z.setLong(30); // zstd --long=30: a 1 GiB window, beyond the decoder's default limit
      z.setWindowLog(30);
      byte[] capture = CaptureReaderTest.smallPcap(2_000);
      z.write(capture, 0, capture.length / 2);
      z.flush(); // the frame header goes out before the size is known, so it keeps the whole window
      z.write(capture, capture.length / 2, capture.length - capture.length / 2);
    }
    Path zst = dir.resolve("long.pcap.zst");
    Files.write(zst, out.toByteArray());
    assertThatThrownBy(() -> CaptureReader.read(zst, p -> {}, ReadOptions.DEFAULT))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining("zstd window larger than the reader allows");
  }

  @Test
  void aCutStreamIsReadToTheCutAndSaysTruncated() throws IOException {
    byte[] compressed = zstd(CaptureReaderTest.smallPcap(20_000));
    Path zst = dir.resolve("cut.pcap.zst");
    Files.write(zst, Arrays.copyOf(compressed, compressed.length / 2));
    Decoded.Result r = Decoded.read(zst, ReadOptions.DEFAULT);
    assertThat(r.summary().truncated()).isTrue();
    assertThat(r.summary().truncationNote()).contains("compressed stream");
    assertThat(r.summary().records()).isBetween(1L, 19_999L);
  }

  @Test
  void damagedBytesAnywhereGiveAResultOrAFormatErrorNeverAnotherFailure() throws IOException {
    byte[] compressed = zstd(CaptureReaderTest.smallPcap(2_000));
    Path zst = dir.resolve("damaged.pcap.zst");
    int results = 0;
    for (int at = 0; at < compressed.length; at += Math.max(1, compressed.length / 300)) {
      byte[] damaged = compressed.clone();
      damaged[at] ^= (byte) 0x5A;
      Files.write(zst, damaged);
      try {
        CaptureSummary s = CaptureReader.read(zst, p -> {}, ReadOptions.DEFAULT);
        assertThat(s.records()).isBetween(0L, 2_000L);
        results++;
      } catch (CaptureFormatException expected) {
        // a damaged frame header or capture header: a clear error is a fine outcome
      }
    }
    assertThat(results).isPositive();
  }

  private static void assertSameAsPlain(Path compressed, byte[] plain) throws IOException {
    Decoded.Result expected = Decoded.read(compressed.getParent(), plain);
    Decoded.Result actual = Decoded.read(compressed, ReadOptions.DEFAULT);
    assertThat(actual.summary().records()).isEqualTo(expected.summary().records());
    assertThat(actual.summary().bytesRead()).isEqualTo(plain.length);
    assertThat(actual.summary().truncated()).isFalse();
    assertThat(actual.packets()).extracting(Decoded::describe)
        .containsExactlyElementsOf(expected.packets().stream().map(Decoded::describe).toList());
  }

  private static byte[] zstd(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(out)) {
      z.write(plain);
    }
    return out.toByteArray();
  }

  @Test
  void aFileStartingWithASkippableFrameAsPzstdWritesReadsLikeThePlainCapture() throws IOException {
    byte[] plain = CaptureReaderTest.smallPcap(500);
    byte[] frame = zstd(plain);
    ByteBuffer file = ByteBuffer.allocate(8 + 4 + frame.length).order(ByteOrder.LITTLE_ENDIAN);
    file.putInt(0x184D2A50).putInt(4).putInt(1234).put(frame); // magic, size, 4 bytes of metadata
    Path zst = dir.resolve("parallel.pcap.zst");
    Files.write(zst, file.array());
    assertSameAsPlain(zst, plain);
  }

  @Test
  void aWindowTooLargeToDecodeInBoundedMemoryIsAClearFormatError() throws IOException {
    // a valid frame (one raw block) whose header asks for a 2 GiB window, as zstd --long=31 writes:
    // more than a reader with bounded memory will hold
    byte[] content = CaptureReaderTest.smallPcap(10);
    ByteBuffer frame = ByteBuffer.allocate(4 + 2 + 3 + content.length).order(ByteOrder.LITTLE_ENDIAN);
    frame.putInt(0xFD2FB528);
    frame.put((byte) 0x00); // frame header descriptor: no content size, checksum or dictionary
    frame.put((byte) (21 << 3)); // window descriptor: window log 10 + 21 = 31
    int blockHeader = content.length << 3 | 1; // raw block, the last one
    frame.put((byte) blockHeader).put((byte) (blockHeader >>> 8)).put((byte) (blockHeader >>> 16));
    frame.put(content);
    Path zst = dir.resolve("long.pcap.zst");
    Files.write(zst, frame.array());
    assertThatThrownBy(() -> CaptureReader.read(zst, p -> {}, ReadOptions.DEFAULT))
        .isInstanceOf(CaptureFormatException.class)
        .hasMessageContaining("cannot be decompressed");
  }
}

package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gzip captures of several members (pigz --independent, bgzip, {@code cat a.gz b.gz}): every member
 * is read, and a damaged later member or bytes after the last one are damage the summary reports,
 * never a quiet end of the data.
 */
class GzipCaptureTest {
  private static final int RECORDS = 400;

  @TempDir Path dir;

  /** The plain capture and its gzip as two members, split at a record boundary. */
  private final byte[] plain = CaptureReaderTest.smallPcap(RECORDS);
  private final int split = recordBoundaryNearTheMiddle(plain);
  private final byte[] first = CaptureReaderTest.gzip(Arrays.copyOfRange(plain, 0, split));
  private final byte[] second = CaptureReaderTest.gzip(Arrays.copyOfRange(plain, split, plain.length));

  GzipCaptureTest() throws IOException {}

  @Test
  void everyMemberIsRead() throws IOException {
    Decoded.Result r = read(concat(first, second));
    assertThat(r.summary().records()).isEqualTo(RECORDS);
    assertThat(r.summary().truncated()).isFalse();
  }

  @Test
  void tenThousandEmptyMembersBeforeTheDataAreNoDeeperThanOne() throws IOException {
    // the JDK's stream recursed once per member: a valid 229 KB file overflowed the stack
    byte[] empty = CaptureReaderTest.gzip(new byte[0]);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    for (int i = 0; i < 10_000; i++) {
      file.writeBytes(empty);
    }
    file.writeBytes(first);
    file.writeBytes(second);
    Decoded.Result r = read(file.toByteArray());
    assertThat(r.summary().records()).isEqualTo(RECORDS);
    assertThat(r.summary().truncated()).isFalse();
  }

  @Test
  void aDamagedLaterMemberIsReportedNotTakenForTheEnd() throws IOException {
    byte[] damaged = second.clone();
    damaged[0] = 0; // the second member's magic
    assertTruncatedAfterTheFirstMember(read(concat(first, damaged)));
  }

  @Test
  void aLaterMemberCutInsideItsHeaderIsReported() throws IOException {
    assertTruncatedAfterTheFirstMember(read(concat(first, Arrays.copyOf(second, 6))));
  }

  @Test
  void zerosPaddingTheFileAfterTheLastMemberAreNoDamage() throws IOException {
    Decoded.Result r = read(concat(first, second, new byte[4096]));
    assertThat(r.summary().records()).isEqualTo(RECORDS);
    assertThat(r.summary().truncated()).isFalse();
    // zeros then anything else are
    byte[] zerosThenData = new byte[100];
    zerosThenData[99] = 1;
    assertThat(read(concat(first, second, zerosThenData)).summary().truncated()).isTrue();
  }

  @Test
  void bytesAfterTheLastMemberAreReported() throws IOException {
    Decoded.Result r = read(concat(first, second, "trailing garbage".getBytes()));
    assertThat(r.summary().records()).isEqualTo(RECORDS);
    assertThat(r.summary().truncated()).isTrue();
    assertThat(r.summary().truncationNote()).contains("compressed stream is damaged or cut");
  }

  @Test
  void progressCountsTheFilesCompressedBytesAndEndsAtItsSize() throws IOException {
    byte[] big = CaptureReaderTest.gzip(CaptureReaderTest.smallPcap(RecordLoop.POLL_INTERVAL_RECORDS * 3));
    Path gz = dir.resolve("big.pcap.gz");
    Files.write(gz, big);
    AtomicLong most = new AtomicLong();
    CaptureReader.read(gz, p -> {}, new ReadOptions(Long.MAX_VALUE, b -> most.accumulateAndGet(b, Math::max),
        () -> false));
    // against the file's size, the only total a caller knows: uncompressed bytes overshot it 5 times
    assertThat(most.get()).isPositive().isLessThanOrEqualTo(big.length);
  }

  private void assertTruncatedAfterTheFirstMember(Decoded.Result r) {
    assertThat(r.summary().truncated()).isTrue();
    assertThat(r.summary().truncationNote()).contains("compressed stream is damaged or cut");
    assertThat(r.summary().records()).isLessThan(RECORDS).isGreaterThan(0);
  }

  private Decoded.Result read(byte[] bytes) throws IOException {
    Path gz = dir.resolve("capture.pcap.gz");
    Files.write(gz, bytes);
    return Decoded.read(gz, ReadOptions.DEFAULT);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The offset of the first record that starts at or after the middle of a classic pcap. */
  private static int recordBoundaryNearTheMiddle(byte[] pcap) {
    int offset = 24;
    while (offset < pcap.length / 2) {
      int capLen = (pcap[offset + 8] & 0xff) | (pcap[offset + 9] & 0xff) << 8 | (pcap[offset + 10] & 0xff) << 16
          | (pcap[offset + 11] & 0xff) << 24;
      offset += 16 + capLen;
    }
    return offset;
  }
}

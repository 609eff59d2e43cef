package io.porthunter.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Streams capture records through one large buffer into a file channel. Subclasses lay out the
 * container; records are written little-endian (both formats announce their byte order).
 */
abstract class CaptureWriter implements AutoCloseable {
  /** Link type 1: Ethernet (LINKTYPE_ETHERNET). */
  static final int LINKTYPE_ETHERNET = 1;
  static final int SNAP_LENGTH = 65535;
  static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final int BUFFER_BYTES = 8 << 20;

  private final FileChannel channel;
  protected final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
  private final boolean nanos;
  private long records;

  protected CaptureWriter(Path file, boolean nanos) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
    this.nanos = nanos;
  }

  static CaptureWriter open(CaptureFormat format, Path file, boolean nanos) throws IOException {
    CaptureWriter w = format == CaptureFormat.PCAP ? new PcapWriter(file, nanos) : new PcapngWriter(file, nanos);
    w.writeFileHeader();
    return w;
  }

  /** Nanoseconds per timestamp unit: 1 for nanosecond files, 1000 for microsecond ones. */
  final long tickNanos() {
    return nanos ? 1 : 1000;
  }

  final boolean nanos() {
    return nanos;
  }

  final long records() {
    return records;
  }

  /** Appends one record; {@code tsNanos} is truncated to the file's resolution. */
  final void write(long tsNanos, byte[] frame, int length) throws IOException {
    ensure(length + recordOverhead());
    writeRecord(tsNanos, frame, length);
    records++;
  }

  protected abstract void writeFileHeader() throws IOException;

  /** Bytes a record adds around its frame (headers, padding, trailer), at most. */
  protected abstract int recordOverhead();

  protected abstract void writeRecord(long tsNanos, byte[] frame, int length);

  protected final void ensure(int bytes) throws IOException {
    if (buffer.remaining() < bytes) {
      flush();
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      channel.close();
    }
  }
}

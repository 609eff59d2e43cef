package io.porthunter.bench;

import java.io.IOException;
import java.nio.file.Path;

/** Classic libpcap layout: 24-byte global header, 16-byte record headers, no padding. */
final class PcapWriter extends CaptureWriter {
  static final int MAGIC_MICROS = 0xa1b2c3d4;
  static final int MAGIC_NANOS = 0xa1b23c4d;
  private static final int VERSION_MAJOR = 2;
  private static final int VERSION_MINOR = 4;
  private static final int RECORD_HEADER = 16;

  PcapWriter(Path file, boolean nanos) throws IOException {
    super(file, nanos);
  }

  @Override
  protected void writeFileHeader() throws IOException {
    ensure(24);
    buffer.putInt(nanos() ? MAGIC_NANOS : MAGIC_MICROS);
    buffer.putShort((short) VERSION_MAJOR);
    buffer.putShort((short) VERSION_MINOR);
    buffer.putInt(0); // thiszone: timestamps are UTC
    buffer.putInt(0); // sigfigs
    buffer.putInt(SNAP_LENGTH);
    buffer.putInt(LINKTYPE_ETHERNET);
  }

  @Override
  protected int recordOverhead() {
    return RECORD_HEADER;
  }

  @Override
  protected void writeRecord(long tsNanos, byte[] frame, int length) {
    long sub = tsNanos % NANOS_PER_SECOND;
    buffer.putInt((int) (tsNanos / NANOS_PER_SECOND));
    buffer.putInt((int) (sub / tickNanos()));
    buffer.putInt(length);
    buffer.putInt(length);
    buffer.put(frame, 0, length);
  }
}

package io.porthunter.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * PCAPNG layout (draft-ietf-opsawg-pcapng): one Section Header Block, one Interface Description
 * Block carrying {@code if_tsresol}, then one Enhanced Packet Block per record.
 */
final class PcapngWriter extends CaptureWriter {
  static final int SHB_TYPE = 0x0a0d0d0a;
  static final int IDB_TYPE = 1;
  static final int EPB_TYPE = 6;
  static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
  private static final int OPT_END = 0;
  private static final int SHB_USER_APPL = 4;
  private static final int IF_TSRESOL = 9;
  /** if_tsresol values: negative powers of ten. */
  private static final int TSRESOL_MICROS = 6;
  private static final int TSRESOL_NANOS = 9;
  /** type, length, interface id, ts high, ts low, captured length, original length. */
  private static final int EPB_HEADER = 28;
  private static final int BLOCK_TRAILER = 4;
  private static final byte[] USER_APPL =
      "PortHunter SyntheticCaptureGenerator".getBytes(StandardCharsets.US_ASCII);

  PcapngWriter(Path file, boolean nanos) throws IOException {
    super(file, nanos);
  }

  @Override
  protected void writeFileHeader() throws IOException {
    int applOption = 4 + pad4(USER_APPL.length);
    int shbLength = 24 + applOption + 4 + BLOCK_TRAILER;
    ensure(shbLength + 32);
    buffer.putInt(SHB_TYPE);
    buffer.putInt(shbLength);
    buffer.putInt(BYTE_ORDER_MAGIC);
    buffer.putShort((short) 1); // major version
    buffer.putShort((short) 0); // minor version
    buffer.putLong(-1L); // section length not specified
    buffer.putShort((short) SHB_USER_APPL);
    buffer.putShort((short) USER_APPL.length);
    buffer.put(USER_APPL);
    padTo4(USER_APPL.length);
    buffer.putShort((short) OPT_END);
    buffer.putShort((short) 0);
    buffer.putInt(shbLength);

    int idbLength = 16 + 8 + 4 + BLOCK_TRAILER;
    buffer.putInt(IDB_TYPE);
    buffer.putInt(idbLength);
    buffer.putShort((short) LINKTYPE_ETHERNET);
    buffer.putShort((short) 0); // reserved
    buffer.putInt(SNAP_LENGTH);
    buffer.putShort((short) IF_TSRESOL);
    buffer.putShort((short) 1);
    buffer.put((byte) (nanos() ? TSRESOL_NANOS : TSRESOL_MICROS));
    padTo4(1);
    buffer.putShort((short) OPT_END);
    buffer.putShort((short) 0);
    buffer.putInt(idbLength);
  }

  @Override
  protected int recordOverhead() {
    return EPB_HEADER + 3 + BLOCK_TRAILER;
  }

  @Override
  protected void writeRecord(long tsNanos, byte[] frame, int length) {
    int blockLength = EPB_HEADER + pad4(length) + BLOCK_TRAILER;
    long units = tsNanos / tickNanos();
    buffer.putInt(EPB_TYPE);
    buffer.putInt(blockLength);
    buffer.putInt(0); // interface id
    buffer.putInt((int) (units >>> 32));
    buffer.putInt((int) units);
    buffer.putInt(length);
    buffer.putInt(length);
    buffer.put(frame, 0, length);
    padTo4(length);
    buffer.putInt(blockLength);
  }

  private static int pad4(int n) {
    return (n + 3) & ~3;
  }

  private void padTo4(int written) {
    for (int i = written; i < pad4(written); i++) {
      buffer.put((byte) 0);
    }
  }
}

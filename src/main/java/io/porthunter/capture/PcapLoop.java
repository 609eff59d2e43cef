package io.porthunter.capture;

import static io.porthunter.capture.Bytes.u32;

import java.io.IOException;

/** Record loop of a classic pcap file (after its 24-byte file header). */
final class PcapLoop extends RecordLoop {
  static final int FILE_HEADER = 24;
  static final int RECORD_HEADER = 16;
  static final int MAGIC_MICROS = 0xA1B2C3D4;
  static final int MAGIC_NANOS = 0xA1B23C4D;
  static final int VERSION_MAJOR = 2;
  /** The link type is the low 16 bits; the high bits may carry the FCS length. */
  static final int LINK_TYPE_MASK = 0xFFFF;

  private static final long NANOS_PER_MICRO = 1_000L;
  /** How far past an all-zero record header zeros must run before they are taken for padding. */
  private static final int ZERO_LOOKAHEAD = 4096;

  private final boolean bigEndian;
  private final InterfaceDescription iface;
  private final long fractionToNanos;

  PcapLoop(InputWindow in, PacketSink sink, ReadOptions options, boolean bigEndian,
      InterfaceDescription iface) {
    super(in, sink, options);
    this.bigEndian = bigEndian;
    this.iface = iface;
    this.fractionToNanos =
        iface.tsResolution() == InterfaceDescription.NANOSECOND_TS_RESOLUTION ? 1 : NANOS_PER_MICRO;
    linkTypes.add(iface.linkType());
  }

  /** Format name of a classic pcap file by byte order and resolution. */
  static String formatName(boolean bigEndian, boolean nanos) {
    return "pcap" + (bigEndian ? "-be" : "") + (nanos ? "-nsec" : "");
  }

  @Override
  void run() throws IOException {
    final int linkType = iface.linkType();
    for (; ; ) {
      if (!in.require(RECORD_HEADER)) {
        if (in.available() > 0) {
          stopTruncated("file ends inside the header of record " + nextFrame());
        }
        return;
      }
      long capLen = u32(in.buf, in.pos + 8, bigEndian);
      if (capLen > CaptureReader.MAX_RECORD_BYTES) {
        stopCorrupt("record " + nextFrame() + " claims " + capLen + " captured bytes (limit "
            + CaptureReader.MAX_RECORD_BYTES + ")");
        return;
      }
      if (capLen == 0 && zeroFilledHeader(in.buf, in.pos) && in.onlyZerosAhead(ZERO_LOOKAHEAD)) {
        // a writer killed mid-file, or a preallocated file, leaves zeros: not records dated 1970
        // (an all-zero header with records right after it is read as the empty record it claims to be)
        long zeros = in.skipZeros();
        if (in.require(1)) {
          stopCorrupt("record " + nextFrame() + " starts " + zeros + " zero bytes that are not a record");
        } else {
          stopTruncated("the file ends in " + zeros + " zero bytes after record " + (nextFrame() - 1)
              + " (padding left by a writer that stopped), not records");
        }
        return;
      }
      int size = RECORD_HEADER + (int) capLen;
      if (!in.require(size)) {
        stopTruncated("file ends inside record " + nextFrame() + " (" + in.available() + " of "
            + size + " bytes present)");
        return;
      }
      byte[] b = in.buf;
      int p = in.pos;
      long ts = u32(b, p, bigEndian) * Timestamps.NANOS_PER_SECOND + u32(b, p + 4, bigEndian) * fractionToNanos;
      deliver(b, p + RECORD_HEADER, (int) capLen, u32(b, p + 12, bigEndian), ts, true, 0, linkType);
      in.pos = p + size;
    }
  }

  /** A record header of zeros only: no time, no length, not even an original length. */
  private static boolean zeroFilledHeader(byte[] b, int p) {
    for (int i = 0; i < RECORD_HEADER; i++) {
      if (b[p + i] != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  String format() {
    return formatName(bigEndian, fractionToNanos == 1);
  }

  @Override
  int interfaceCount() {
    return 1;
  }

  @Override
  int fractionDigits() {
    return iface.fractionDigits();
  }
}

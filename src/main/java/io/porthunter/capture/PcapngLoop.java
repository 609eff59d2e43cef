package io.porthunter.capture;

import static io.porthunter.capture.Bytes.i32;
import static io.porthunter.capture.Bytes.i64;
import static io.porthunter.capture.Bytes.u16;
import static io.porthunter.capture.Bytes.u32;
import static io.porthunter.capture.Bytes.u8;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Block loop of a PCAPNG file. Every block is {@code type, total length, body, total length}; the
 * byte order is set by each Section Header Block, and each section has its own interface table.
 */
final class PcapngLoop extends RecordLoop {
  static final int SECTION_HEADER = 0x0A0D0D0A;
  static final int INTERFACE_DESCRIPTION = 1;
  static final int OBSOLETE_PACKET = 2;
  static final int SIMPLE_PACKET = 3;
  static final int ENHANCED_PACKET = 6;
  static final int SYSTEMD_JOURNAL_EXPORT = 9;
  static final int CUSTOM = 0x00000BAD;
  /** A custom block that a rewriting tool must not copy; for a reader, the same as {@link #CUSTOM}. */
  static final int CUSTOM_NO_COPY = 0x40000BAD;
  static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

  static final int MIN_BLOCK = 12;
  static final int MIN_SECTION_HEADER = 28;
  private static final int MIN_INTERFACE_DESCRIPTION = 20;
  private static final int MIN_SIMPLE_PACKET = 16;
  /** Enhanced and obsolete packet blocks share the 28-byte layout before the packet data. */
  private static final int PACKET_DATA_OFFSET = 28;
  private static final int MIN_PACKET = PACKET_DATA_OFFSET + 4;
  private static final int SIMPLE_DATA_OFFSET = 12;
  /** More interfaces than this in one section is taken for damage, not a capture setup. */
  static final int MAX_INTERFACES = 1 << 16;

  private static final int OPT_END = 0;
  private static final int OPT_IF_TSRESOL = 9;
  private static final int OPT_IF_TSOFFSET = 14;

  private boolean bigEndian;
  private final List<InterfaceDescription> interfaces = new ArrayList<>();
  private int interfaceCount;
  private int finestDigits;

  PcapngLoop(InputWindow in, PacketSink sink, ReadOptions options, boolean bigEndian) {
    super(in, sink, options);
    this.bigEndian = bigEndian;
  }

  /** Byte order announced by a section header's byte-order magic, or null when it is neither. */
  static Boolean sectionBigEndian(byte[] b, int blockStart) {
    int magic = i32(b, blockStart + 8);
    if (magic == BYTE_ORDER_MAGIC) {
      return Boolean.TRUE;
    }
    return magic == Integer.reverseBytes(BYTE_ORDER_MAGIC) ? Boolean.FALSE : null;
  }

  @Override
  void run() throws IOException {
    for (; ; ) {
      if (!in.require(8)) {
        if (in.available() > 0) {
          stopTruncated("file ends inside a block header at offset " + in.offset());
        }
        return;
      }
      int type = i32(in.buf, in.pos, bigEndian);
      if (type == SECTION_HEADER) {
        if (!in.require(MIN_BLOCK)) {
          stopTruncated("file ends inside a section header at offset " + in.offset());
          return;
        }
        Boolean big = sectionBigEndian(in.buf, in.pos);
        if (big == null) {
          stopCorrupt("section header without a valid byte-order magic");
          return;
        }
        bigEndian = big;
      }
      long length = u32(in.buf, in.pos + 4, bigEndian);
      if (length < MIN_BLOCK || length % 4 != 0) {
        stopCorrupt("block length " + length + " is below 12 or not a multiple of 4");
        return;
      }
      boolean stillGoing = isKnown(type) ? knownBlock(type, length) : skipBlock(length);
      if (!stillGoing) {
        return;
      }
      if (isRecordWithoutPacket(type)) {
        deliverWithoutPacket();
      }
    }
  }

  private static boolean isKnown(int type) {
    return type == SECTION_HEADER
        || type == INTERFACE_DESCRIPTION
        || type == ENHANCED_PACKET
        || type == SIMPLE_PACKET
        || type == OBSOLETE_PACKET;
  }

  /** Blocks that are records to tshark (it numbers them as frames) but hold no packet. */
  private static boolean isRecordWithoutPacket(int type) {
    return type == CUSTOM || type == CUSTOM_NO_COPY || type == SYSTEMD_JOURNAL_EXPORT;
  }

  /** Blocks this reader does not use are stepped over without being held in memory. */
  private boolean skipBlock(long length) throws IOException {
    long start = in.offset();
    if (!in.skip(length - 4) || !in.require(4)) {
      stopTruncated("file ends inside a block that starts at offset " + start);
      return false;
    }
    if (u32(in.buf, in.pos, bigEndian) != length) {
      stopCorrupt("trailing length of the block at offset " + start + " does not match");
      return false;
    }
    in.pos += 4;
    return true;
  }

  private boolean knownBlock(int type, long length) throws IOException {
    if (length > CaptureReader.MAX_BLOCK_BYTES) {
      stopCorrupt("block length " + length + " exceeds the limit of " + CaptureReader.MAX_BLOCK_BYTES);
      return false;
    }
    int n = (int) length;
    if (!in.require(n)) {
      stopTruncated("file ends inside the block at offset " + in.offset() + " (" + in.available()
          + " of " + n + " bytes present)");
      return false;
    }
    byte[] b = in.buf;
    int p = in.pos;
    if (u32(b, p + n - 4, bigEndian) != length) {
      stopCorrupt("trailing length does not match the block length " + length);
      return false;
    }
    boolean ok;
    switch (type) {
      case SECTION_HEADER:
        ok = sectionHeader(n);
        break;
      case INTERFACE_DESCRIPTION:
        ok = interfaceDescription(b, p, n);
        break;
      case ENHANCED_PACKET:
        ok = packet(b, p, n, u32(b, p + 8, bigEndian));
        break;
      case OBSOLETE_PACKET:
        ok = packet(b, p, n, u16(b, p + 8, bigEndian));
        break;
      default:
        ok = simplePacket(b, p, n);
        break;
    }
    if (ok) {
      in.pos = p + n;
    }
    return ok;
  }

  private boolean sectionHeader(int n) {
    if (n < MIN_SECTION_HEADER) {
      stopCorrupt("section header of " + n + " bytes is too short");
      return false;
    }
    interfaces.clear();
    return true;
  }

  private boolean interfaceDescription(byte[] b, int p, int n) {
    if (n < MIN_INTERFACE_DESCRIPTION) {
      stopCorrupt("interface description of " + n + " bytes is too short");
      return false;
    }
    if (interfaces.size() >= MAX_INTERFACES) {
      stopCorrupt("more than " + MAX_INTERFACES + " interfaces in one section");
      return false;
    }
    int linkType = u16(b, p + 8, bigEndian);
    int snapLength = (int) Math.min(Integer.MAX_VALUE, u32(b, p + 12, bigEndian));
    int tsResolution = -1;
    long tsOffset = 0;
    boolean offsetSeen = false;
    int end = p + n - 4;
    int o = p + 16;
    while (end - o >= 4) {
      int code = u16(b, o, bigEndian);
      int len = u16(b, o + 2, bigEndian);
      int value = o + 4;
      if (code == OPT_END || len > end - value) {
        break;
      }
      // each may appear once (the spec); repeated, the first stands, as tshark reads it
      if (code == OPT_IF_TSRESOL && len >= 1 && tsResolution < 0) {
        tsResolution = u8(b, value);
      } else if (code == OPT_IF_TSOFFSET && len >= 8 && !offsetSeen) {
        tsOffset = i64(b, value, bigEndian);
        offsetSeen = true;
      }
      o = value + ((len + 3) & ~3);
    }
    InterfaceDescription d = new InterfaceDescription(linkType, snapLength,
        tsResolution < 0 ? InterfaceDescription.DEFAULT_TS_RESOLUTION : tsResolution, tsOffset);
    interfaces.add(d);
    interfacesDescribed(interfaces.size());
    interfaceCount++;
    linkTypes.add(linkType);
    finestDigits = Math.max(finestDigits, d.fractionDigits());
    return true;
  }

  /** Enhanced (type 6) or obsolete (type 2) packet block. */
  private boolean packet(byte[] b, int p, int n, long ifId) {
    if (n < MIN_PACKET) {
      stopCorrupt("packet block of " + n + " bytes is too short");
      return false;
    }
    long capLen = u32(b, p + 20, bigEndian);
    if (capLen > n - MIN_PACKET || capLen > CaptureReader.MAX_RECORD_BYTES) {
      stopCorrupt("captured length " + capLen + " does not fit the block of " + n + " bytes");
      return false;
    }
    if (ifId >= interfaces.size()) { // an unsigned 32-bit id, shown as the file has it
      stopCorrupt("packet names interface " + ifId + " but the section has " + interfaces.size());
      return false;
    }
    InterfaceDescription d = interfaces.get((int) ifId);
    long units = (u32(b, p + 12, bigEndian) << 32) | u32(b, p + 16, bigEndian);
    deliver(b, p + PACKET_DATA_OFFSET, (int) capLen, u32(b, p + 24, bigEndian), d.toNanos(units),
        true, (int) ifId, d.linkType());
    return true;
  }

  /** Simple packet block: interface 0, no timestamp, captured length implied by the block. */
  private boolean simplePacket(byte[] b, int p, int n) {
    if (n < MIN_SIMPLE_PACKET) {
      stopCorrupt("simple packet block of " + n + " bytes is too short");
      return false;
    }
    if (interfaces.isEmpty()) {
      stopCorrupt("simple packet block before any interface description");
      return false;
    }
    InterfaceDescription d = interfaces.get(0);
    long origLen = u32(b, p + 8, bigEndian);
    long capLen = Math.min(origLen, n - MIN_SIMPLE_PACKET);
    if (d.snapLength() > 0) {
      capLen = Math.min(capLen, d.snapLength());
    }
    if (capLen > CaptureReader.MAX_RECORD_BYTES) {
      stopCorrupt("captured length " + capLen + " exceeds the limit");
      return false;
    }
    deliver(b, p + SIMPLE_DATA_OFFSET, (int) capLen, origLen, 0, false, 0, d.linkType());
    return true;
  }

  @Override
  String format() {
    return CaptureReader.FORMAT_PCAPNG;
  }

  @Override
  int interfaceCount() {
    return interfaceCount;
  }

  @Override
  int fractionDigits() {
    return interfaceCount == 0 ? InterfaceDescription.DEFAULT_TS_RESOLUTION : finestDigits;
  }
}

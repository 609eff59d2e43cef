package io.porthunter.capture;

/** Builds classic pcap and pcapng files byte by byte. */
final class CaptureFiles {
  private CaptureFiles() {}

  /** Classic pcap file header in the given order and resolution. */
  static ByteWriter pcapHeader(boolean bigEndian, boolean nanos, int linkType, int snapLength) {
    return new ByteWriter(bigEndian).u32(nanos ? 0xA1B23C4DL : 0xA1B2C3D4L).u16(2).u16(4).u32(0)
        .u32(0).u32(snapLength).u32(linkType);
  }

  static void pcapRecord(ByteWriter w, long seconds, long fraction, byte[] data, int origLen) {
    w.u32(seconds).u32(fraction).u32(data.length).u32(origLen).bytes(data);
  }

  /** A PCAPNG file under construction; blocks are written in the current section's order. */
  static final class Pcapng {
    private final ByteWriter out = new ByteWriter(true);
    private boolean bigEndian;

    Pcapng(boolean bigEndian) {
      section(bigEndian);
    }

    Pcapng section(boolean big) {
      bigEndian = big;
      return block(PcapngLoop.SECTION_HEADER,
          w -> w.u32(PcapngLoop.BYTE_ORDER_MAGIC).u16(1).u16(0).u64(-1L));
    }

    /** Interface description; tsResolution/tsOffset are written as options when not null. */
    Pcapng interfaceDescription(int linkType, int snapLength, Integer tsResolution, Long tsOffset) {
      return block(PcapngLoop.INTERFACE_DESCRIPTION, w -> {
        w.u16(linkType).u16(0).u32(snapLength);
        if (tsResolution != null) {
          w.u16(9).u16(1).u8(tsResolution).zeros(3);
        }
        if (tsOffset != null) {
          w.u16(14).u16(8).u64(tsOffset);
        }
        if (tsResolution != null || tsOffset != null) {
          w.u16(0).u16(0);
        }
      });
    }

    Pcapng enhancedPacket(int ifId, long tsUnits, byte[] data, int origLen) {
      return block(PcapngLoop.ENHANCED_PACKET, w -> w.u32(ifId).u32(tsUnits >>> 32).u32(tsUnits)
          .u32(data.length).u32(origLen).bytes(data).zeros(pad(data.length)));
    }

    Pcapng obsoletePacket(int ifId, long tsUnits, byte[] data) {
      return block(PcapngLoop.OBSOLETE_PACKET, w -> w.u16(ifId).u16(0).u32(tsUnits >>> 32)
          .u32(tsUnits).u32(data.length).u32(data.length).bytes(data).zeros(pad(data.length)));
    }

    Pcapng simplePacket(byte[] data, int origLen) {
      return block(PcapngLoop.SIMPLE_PACKET,
          w -> w.u32(origLen).bytes(data).zeros(pad(data.length)));
    }

    /** A block of any type; the body is written by {@code body} and padded to 4 bytes. */
    Pcapng block(int type, java.util.function.Consumer<ByteWriter> body) {
      ByteWriter inner = new ByteWriter(bigEndian);
      body.accept(inner);
      byte[] b = inner.toBytes();
      int length = 12 + b.length + pad(b.length);
      ByteWriter w = new ByteWriter(bigEndian).u32(type).u32(length).bytes(b).zeros(pad(b.length))
          .u32(length);
      out.bytes(w.toBytes());
      return this;
    }

    byte[] toBytes() {
      return out.toBytes();
    }

    private static int pad(int n) {
      return (4 - n % 4) % 4;
    }
  }
}

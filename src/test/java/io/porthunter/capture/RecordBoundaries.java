package io.porthunter.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The offsets at which a whole, undamaged capture can be cut leaving only whole records: where each
 * pcap record or pcapng block starts, and the end. Found by following the length fields alone, not
 * by the reader under test.
 */
final class RecordBoundaries {
  private RecordBoundaries() {}

  static NavigableSet<Long> of(byte[] capture) {
    ByteBuffer b = ByteBuffer.wrap(capture);
    NavigableSet<Long> starts = new TreeSet<>();
    // the section header type reads the same in either byte order
    if (b.getInt(0) == PcapngLoop.SECTION_HEADER) {
      for (int at = 0; at < capture.length; at += b.getInt(at + 4)) {
        if (b.getInt(at) == PcapngLoop.SECTION_HEADER) {
          b.order(sectionOrder(b, at));
        }
        starts.add((long) at);
      }
    } else {
      int magic = b.getInt(0);
      boolean bigEndian = magic == PcapLoop.MAGIC_MICROS || magic == PcapLoop.MAGIC_NANOS;
      b.order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
      for (int at = PcapLoop.FILE_HEADER; at < capture.length;
          at += PcapLoop.RECORD_HEADER + b.getInt(at + 8)) {
        starts.add((long) at);
      }
    }
    starts.add((long) capture.length);
    return starts;
  }

  private static ByteOrder sectionOrder(ByteBuffer b, int sectionStart) {
    int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(sectionStart + 8);
    return magic == PcapngLoop.BYTE_ORDER_MAGIC ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }
}

package io.porthunter.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only reader for the generator's output, written independently of the writers: it parses
 * and validates container structure and hands back each record's header fields and frame bytes.
 * Validation failures throw {@link IllegalStateException} with the offending offset.
 */
final class CaptureFileReader {
  static final int PCAP_MAGIC_US = 0xa1b2c3d4;
  static final int PCAP_MAGIC_NS = 0xa1b23c4d;
  static final int PCAPNG_SHB = 0x0a0d0d0a;
  static final int PCAPNG_IDB = 1;
  static final int PCAPNG_EPB = 6;
  static final int PCAPNG_BOM = 0x1a2b3c4d;
  static final int OPT_IF_TSRESOL = 9;

  /** One record: timestamp in epoch nanoseconds, lengths, and where its frame starts in {@link Capture#data}. */
  record Rec(long tsNanos, int inclLen, int origLen, int offset) {}

  /** A parsed file; {@code nanosResolution} is true for ns pcap magic or if_tsresol 9. */
  record Capture(byte[] data, List<Rec> records, int linkType, boolean nanosResolution, String format) {}

  private CaptureFileReader() {}

  static Capture read(Path file) throws IOException {
    byte[] data = Files.readAllBytes(file);
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.getInt(0);
    if (magic == PCAPNG_SHB) {
      return readPcapng(data, b);
    }
    if (magic == PCAP_MAGIC_US || magic == PCAP_MAGIC_NS) {
      return readPcap(data, b, magic == PCAP_MAGIC_NS);
    }
    throw new IllegalStateException("unknown magic " + Integer.toHexString(magic));
  }

  private static Capture readPcap(byte[] data, ByteBuffer b, boolean ns) {
    check(b.getShort(4) == 2 && b.getShort(6) == 4, 4, "version 2.4 expected");
    int snap = b.getInt(16);
    int linkType = b.getInt(20);
    List<Rec> recs = new ArrayList<>();
    int pos = 24;
    while (pos < data.length) {
      check(pos + 16 <= data.length, pos, "truncated record header");
      long sec = b.getInt(pos) & 0xffffffffL;
      long frac = b.getInt(pos + 4) & 0xffffffffL;
      check(frac < (ns ? 1_000_000_000L : 1_000_000L), pos, "sub-second field out of range");
      int incl = b.getInt(pos + 8);
      int orig = b.getInt(pos + 12);
      check(incl >= 0 && incl <= snap, pos, "incl_len beyond snaplen");
      check(pos + 16 + incl <= data.length, pos, "truncated record data");
      recs.add(new Rec(sec * 1_000_000_000L + frac * (ns ? 1 : 1000), incl, orig, pos + 16));
      pos += 16 + incl;
    }
    return new Capture(data, recs, linkType, ns, "pcap");
  }

  private static Capture readPcapng(byte[] data, ByteBuffer b) {
    List<Rec> recs = new ArrayList<>();
    int linkType = -1;
    int tsresol = 6;
    int pos = 0;
    boolean first = true;
    while (pos < data.length) {
      check(pos + 12 <= data.length, pos, "truncated block");
      int type = b.getInt(pos);
      int len = b.getInt(pos + 4);
      check(len % 4 == 0 && len >= 12, pos, "block length " + len + " not a multiple of 4");
      check(pos + len <= data.length, pos, "block runs past the end");
      check(b.getInt(pos + len - 4) == len, pos, "trailing block length differs from leading");
      check(!first || type == PCAPNG_SHB, pos, "file must start with a section header");
      first = false;
      if (type == PCAPNG_SHB) {
        check(b.getInt(pos + 8) == PCAPNG_BOM, pos, "byte-order magic");
        check(b.getShort(pos + 12) == 1 && b.getShort(pos + 14) == 0, pos, "version 1.0 expected");
      } else if (type == PCAPNG_IDB) {
        linkType = b.getShort(pos + 8) & 0xffff;
        tsresol = idbTsresol(b, pos + 16, pos + len - 4);
      } else if (type == PCAPNG_EPB) {
        check(linkType >= 0, pos, "packet before interface description");
        long units = ((b.getInt(pos + 12) & 0xffffffffL) << 32) | (b.getInt(pos + 16) & 0xffffffffL);
        int incl = b.getInt(pos + 20);
        int orig = b.getInt(pos + 24);
        check(28 + ((incl + 3) & ~3) + 4 <= len, pos, "captured length exceeds block");
        long ts = tsresol == 9 ? units : units * 1000;
        recs.add(new Rec(ts, incl, orig, pos + 28));
      }
      pos += len;
    }
    return new Capture(data, recs, linkType, tsresol == 9, "pcapng");
  }

  private static int idbTsresol(ByteBuffer b, int pos, int end) {
    int tsresol = 6;
    while (pos + 4 <= end) {
      int code = b.getShort(pos) & 0xffff;
      int len = b.getShort(pos + 2) & 0xffff;
      if (code == 0) {
        break;
      }
      if (code == OPT_IF_TSRESOL) {
        tsresol = b.get(pos + 4);
      }
      pos += 4 + ((len + 3) & ~3);
    }
    return tsresol;
  }

  private static void check(boolean ok, int offset, String what) {
    if (!ok) {
      throw new IllegalStateException(what + " at offset " + offset);
    }
  }
}

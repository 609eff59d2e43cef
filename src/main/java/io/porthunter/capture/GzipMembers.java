package io.porthunter.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * A gzip file (RFC 1952) read member by member: several members are common (pigz --independent,
 * bgzip, {@code cat a.gz b.gz}), and each is checked against its trailer (CRC-32 and length).
 *
 * <p>Written here because the JDK's {@code GZIPInputStream} takes a damaged later member, or bytes
 * after the last one, for the end of the data (silently dropping the rest of a capture) and recurses
 * once per member (10,000 empty members overflow the stack), and libraries that do better fail a
 * read after decoding into it, losing those bytes. Here a read returns as soon as it has any data,
 * so a failure (a cut, corruption, bytes that are no member) comes from a read that delivered
 * nothing: everything before the damage reaches the caller.
 */
final class GzipMembers extends InputStream {
  private static final int ID1 = 0x1f;
  private static final int ID2 = 0x8b;
  private static final int DEFLATE = 8;
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED_FLAGS = 0xe0;
  /** MTIME (4), XFL, OS: header bytes nothing here needs. */
  private static final int UNUSED_HEADER_BYTES = 6;

  private final InputStream in;
  private final byte[] input;
  private int pos;
  private int limit;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private long memberLength;
  private boolean inMember;
  private boolean ended;

  /** Reads the first member's header: a file that does not start as gzip fails here. */
  GzipMembers(InputStream in, int bufferSize) throws IOException {
    this.in = in;
    this.input = new byte[bufferSize];
    if (!startMember(true)) {
      throw new EOFException("no gzip header");
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!ended) {
      if (!inMember && !startMember(false)) {
        ended = true;
        break;
      }
      int n = inflate(b, off, len);
      if (n > 0) {
        return n;
      }
      endMember();
    }
    return -1;
  }

  /** Some bytes of the current member, or 0 once its compressed data is over. */
  private int inflate(byte[] b, int off, int len) throws IOException {
    try {
      while (!inflater.finished()) {
        if (inflater.needsInput()) {
          if (pos == limit && !fill()) {
            throw new EOFException("it ends inside a gzip member");
          }
          inflater.setInput(input, pos, limit - pos);
          pos = limit;
        }
        int n = inflater.inflate(b, off, len);
        if (n > 0) {
          crc.update(b, off, n);
          memberLength += n;
          return n;
        }
        if (inflater.needsDictionary()) {
          throw new ZipException("a gzip member needs a preset dictionary");
        }
      }
      return 0;
    } catch (DataFormatException e) {
      throw new ZipException("corrupt gzip data: " + e.getMessage());
    }
  }

  /** Checks the member's trailer against what it decoded. */
  private void endMember() throws IOException {
    pos = limit - inflater.getRemaining();
    long expectedCrc = u32();
    long expectedLength = u32();
    if (expectedCrc != crc.getValue() || expectedLength != (memberLength & 0xffff_ffffL)) {
      throw new ZipException("a gzip member's checksum does not match its data");
    }
    inMember = false;
  }

  /**
   * Reads a member header: true when one starts, false at the end of the file (never for the first).
   */
  private boolean startMember(boolean first) throws IOException {
    int id1 = next();
    if (!first && (id1 < 0 || (id1 == 0 && onlyZerosLeft()))) {
      return false; // the end, or zeros padding the file to a block size (gzip(1) ignores them too)
    }
    if (id1 != ID1 || nextOrFail() != ID2) {
      throw new ZipException(first ? "not in gzip format" : "bytes after the last gzip member are not another member");
    }
    int method = nextOrFail();
    if (method != DEFLATE) {
      throw new ZipException("unsupported compression method " + method);
    }
    int flags = nextOrFail();
    if ((flags & RESERVED_FLAGS) != 0) {
      throw new ZipException("reserved gzip header flags are set");
    }
    skip(UNUSED_HEADER_BYTES);
    if ((flags & FEXTRA) != 0) {
      skip(nextOrFail() | nextOrFail() << 8);
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FHCRC) != 0) {
      skip(2);
    }
    inflater.reset();
    crc.reset();
    memberLength = 0;
    inMember = true;
    return true;
  }

  /** After a zero byte: true when nothing but zeros follows to the end (all consumed). */
  private boolean onlyZerosLeft() throws IOException {
    int b;
    while ((b = next()) == 0) {
      // padding
    }
    return b < 0;
  }

  private long u32() throws IOException {
    return nextOrFail() | (long) nextOrFail() << 8 | (long) nextOrFail() << 16 | (long) nextOrFail() << 24;
  }

  private void skip(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      nextOrFail();
    }
  }

  private void skipZeroTerminated() throws IOException {
    while (nextOrFail() != 0) {
      // a file name or comment: not needed
    }
  }

  private int nextOrFail() throws IOException {
    int b = next();
    if (b < 0) {
      throw new EOFException("it ends inside a gzip header or trailer");
    }
    return b;
  }

  private int next() throws IOException {
    if (pos == limit && !fill()) {
      return -1;
    }
    return input[pos++] & 0xff;
  }

  private boolean fill() throws IOException {
    int n = in.read(input, 0, input.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  @Override
  public void close() {
    inflater.end(); // the native memory now, not whenever the collector runs; the stream is the caller's
  }
}

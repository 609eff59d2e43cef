package io.porthunter.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.util.function.LongSupplier;

/**
 * A reusable byte window over a capture stream. Records are decoded in place from {@link #buf}
 * starting at {@link #pos}; when a record straddles the end of the window the unread tail is moved
 * to the front and the rest refilled. Every byte pulled from the source counts against the byte
 * limit, so a decompression bomb stops after at most one window past the limit.
 */
final class InputWindow {
  /** Default window: refills stay rare, and a window just read in is still in L2 when decoded. */
  static final int DEFAULT_CAPACITY = 256 << 10;
  /** Starting window for short files and for streams of unknown length. */
  static final int MIN_CAPACITY = 64 << 10;

  /** Where bytes come from; answers -1 at the end. */
  interface Source {
    int read(byte[] b, int off, int len) throws IOException;

    /** Why the source ended before its natural end, or null. */
    default String damage() {
      return null;
    }

    /** Bytes of the file read so far when they differ from the bytes delivered (compressed), else -1. */
    default long fileBytesRead() {
      return -1;
    }
  }

  byte[] buf;
  int pos;
  int limit;
  /** Stream offset of {@code buf[0]}. */
  private long base;
  private final Source source;
  private final long maxBytes;
  private long pulled;
  private boolean eof;

  InputWindow(Source source, int capacity, long maxBytes) {
    this.source = source;
    this.buf = new byte[capacity];
    this.maxBytes = maxBytes;
  }

  /**
   * Reads the first {@code end} bytes of a file (its size when opened) with positional reads into the
   * window's own buffer. Unlike memory-mapping, nothing stays mapped (resident size does not grow
   * with the file), and offsets are longs, so files of any size work. A file cut short while it is
   * read (rewritten, truncated) ends there, and says so, like a cut capture.
   */
  static Source file(FileChannel channel, long end) {
    return new Source() {
      private long next;
      private String damage;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (next >= end || damage != null) {
          return -1;
        }
        int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - next)), next);
        if (n < 0) {
          damage = "the capture file shrank while it was read (" + end + " bytes when opened, " + next
              + " when it ended)";
          return -1;
        }
        next += n;
        return n;
      }

      @Override
      public String damage() {
        return damage;
      }
    };
  }

  /** zstd's complaint about a frame whose window exceeds the decoder's limit (128 MiB by default). */
  private static final String ZSTD_WINDOW_TOO_LARGE = "Frame requires too much memory";

  /** A decompressing stream; a damaged or cut compressed stream reads as an early end. */
  static final class Decompressed implements Source {
    private final InputStream in;
    private final LongSupplier compressedBytesRead;
    private String damage;

    Decompressed(InputStream in, LongSupplier compressedBytesRead) {
      this.in = in;
      this.compressedBytesRead = compressedBytesRead;
    }

    @Override
    public long fileBytesRead() {
      return compressedBytesRead.getAsLong();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (damage != null) {
        return -1;
      }
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        if (!isDamage(e)) {
          throw e;
        }
        damage = e.getMessage() != null && e.getMessage().contains(ZSTD_WINDOW_TOO_LARGE)
            ? "compressed with a zstd window larger than the reader allows (zstd --long=28 or more): "
                + "recompress with a smaller window"
            : "compressed stream is damaged or cut (" + why(e) + ")";
        return -1;
      }
    }

    /**
     * True for a decompressor's complaint about its input (cut, corrupt, a bad checksum, bytes after
     * the last gzip member); false for the file itself failing or a cancelled read, which are not
     * the capture's damage.
     */
    static boolean isDamage(IOException e) {
      return !(e instanceof ClosedChannelException || e instanceof InterruptedIOException
          || e instanceof FileSystemException);
    }

    /** The library's message; an {@link EOFException} often has none. */
    static String why(IOException e) {
      if (e.getMessage() != null) {
        return e.getMessage();
      }
      return e instanceof EOFException ? "it ends early" : e.getClass().getSimpleName();
    }

    @Override
    public String damage() {
      return damage;
    }
  }

  /** Window size for a stream of the given length: no bigger than needed, never below the minimum. */
  static int capacityFor(long streamLength) {
    return (int) Math.max(MIN_CAPACITY, Math.min(DEFAULT_CAPACITY, streamLength));
  }

  /**
   * Makes {@code n} bytes available from {@link #pos} (n is already bounded by the caller's record
   * limits). Answers false when the stream ends first; the bytes that were there stay readable.
   */
  boolean require(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (eof) {
      return false;
    }
    if (pos + n > buf.length) {
      // a window that started small (unknown or short stream) doubles up to the default size
      if (n > buf.length || buf.length < DEFAULT_CAPACITY) {
        grow(n);
      } else {
        compact();
      }
    }
    while (limit - pos < n) {
      int got = source.read(buf, limit, buf.length - limit);
      if (got < 0) {
        eof = true;
        return false;
      }
      limit += got;
      pulled += got;
      if (pulled > maxBytes) {
        throw new CaptureTooLargeException(maxBytes);
      }
    }
    return true;
  }

  /** Skips {@code n} bytes without keeping them; answers false when the stream ends first. */
  boolean skip(long n) throws IOException {
    long left = n;
    while (left > limit - pos) {
      left -= limit - pos;
      pos = limit;
      if (!require(1)) {
        return false;
      }
    }
    pos += (int) left;
    return true;
  }

  /** True when the next {@code n} bytes (or all that is left, if fewer) are zeros; consumes nothing. */
  boolean onlyZerosAhead(int n) throws IOException {
    require(n);
    int end = Math.min(limit, pos + n);
    for (int i = pos; i < end; i++) {
      if (buf[i] != 0) {
        return false;
      }
    }
    return true;
  }

  /** Consumes the zero bytes from {@link #pos} on, to the first other byte or the end; returns how many. */
  long skipZeros() throws IOException {
    long skipped = 0;
    while (require(1)) {
      int start = pos;
      while (pos < limit && buf[pos] == 0) {
        pos++;
      }
      skipped += pos - start;
      if (pos < limit) {
        break;
      }
    }
    return skipped;
  }

  int available() {
    return limit - pos;
  }

  /**
   * How far into the file the read is, for progress against the file's size: the compressed bytes
   * read under a decompressor (the capture's own bytes outnumber the file's), else {@link #offset()}.
   */
  long fileProgress() {
    long read = source.fileBytesRead();
    return read >= 0 ? read : offset();
  }

  /** Stream offset of {@link #pos}: the bytes consumed so far. */
  long offset() {
    return base + pos;
  }

  /** Why the stream ended early (a damaged compressed stream), or null. */
  String damage() {
    return source.damage();
  }

  private void compact() {
    int live = limit - pos;
    System.arraycopy(buf, pos, buf, 0, live);
    base += pos;
    limit = live;
    pos = 0;
  }

  private void grow(int n) {
    int live = limit - pos;
    byte[] bigger = new byte[Math.max(n, Math.min(DEFAULT_CAPACITY, buf.length * 2))];
    System.arraycopy(buf, pos, bigger, 0, live);
    base += pos;
    buf = bigger;
    limit = live;
    pos = 0;
  }
}

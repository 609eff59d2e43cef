package io.porthunter.capture;

import static io.porthunter.capture.Bytes.i32;
import static io.porthunter.capture.Bytes.u16;
import static io.porthunter.capture.Bytes.u32;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Entry point: reads a capture file (format by magic number) and hands every record to a sink.
 *
 * <p>Formats: classic pcap (µs and ns magic, either byte order), PCAPNG (any number of sections and
 * interfaces), and either of them gzip- or zstd-compressed. Records are delivered in file order
 * through one reused {@link Packet}. A file that ends inside a record, or whose lengths stop making
 * sense, is read up to the last whole record and the summary says {@code truncated}.
 *
 * <p>Simple Packet Blocks carry no timestamp: their packets have {@code tsNanos == 0} and do not
 * count towards the summary's time range.
 */
public final class CaptureReader {
  /** Largest captured length accepted for one record; a larger one marks the file as corrupt. */
  public static final int MAX_RECORD_BYTES = 256 << 10;
  /**
   * Largest pcapng block this reader holds in memory (packet data plus options): room for a packet
   * block with long comments, still a bound a hostile length cannot push past.
   */
  public static final int MAX_BLOCK_BYTES = 16 << 20;

  static final String FORMAT_PCAPNG = "pcapng";

  private static final int GZIP_MAGIC = 0x1F8B;
  /** The "modified" pcap of old Linux patches, its record headers 8 bytes longer: named, not read. */
  private static final int MODIFIED_PCAP_MAGIC = 0xA1B2CD34;
  /** A zstd frame's magic number, 0xFD2FB528, as its first four bytes read big-endian. */
  private static final int ZSTD_MAGIC = 0x28B52FFD;
  /**
   * A zstd skippable frame (magic 0x184D2A50–5F, first four bytes big-endian with the low nibble
   * masked): pzstd starts its files with one.
   */
  private static final int ZSTD_SKIPPABLE_MAGIC = 0x502A4D18;
  private static final int ZSTD_SKIPPABLE_MASK = 0xF0FFFFFF;
  private static final int GZIP_BUFFER = 64 << 10;
  private static final int ZSTD_BUFFER = 64 << 10;
  private static final int MAGIC_BYTES = 4;

  private CaptureReader() {}

  /**
   * Reads the whole file.
   *
   * @throws CaptureFormatException   when the file does not start like a capture
   * @throws CaptureTooLargeException when more than {@code options.maxBytes()} uncompressed bytes
   *                                  would be read
   * @throws java.util.concurrent.CancellationException when {@code options.cancelled()} says so
   */
  public static CaptureSummary read(Path file, PacketSink sink, ReadOptions options)
      throws IOException {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(options, "options");
    try (FileChannel channel = ConfinedOpen.open(file, options.confinedTo())) {
      if (isCompressed(channel)) {
        // The same open file, not the path again.
        return read(Channels.newInputStream(channel.position(0)), sink, options);
      }
      long size = channel.size();
      InputWindow in = new InputWindow(InputWindow.file(channel, size), InputWindow.capacityFor(size),
          options.maxBytes());
      return run(startLoop(in, sink, options));
    }
  }

  /**
   * Reads a whole capture from a stream (plain, gzip or zstd, told apart by magic number). The stream is
   * read to the end of the capture but not closed.
   *
   * @throws CaptureFormatException   when the stream does not start like a capture
   * @throws CaptureTooLargeException when more than {@code options.maxBytes()} uncompressed bytes
   *                                  would be read
   */
  public static CaptureSummary read(InputStream stream, PacketSink sink, ReadOptions options)
      throws IOException {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(options, "options");
    KeptOpen raw = new KeptOpen(stream);
    try (InputStream data = decompressing(raw)) {
      InputWindow in = new InputWindow(new InputWindow.Decompressed(data, () -> raw.taken),
          InputWindow.MIN_CAPACITY, options.maxBytes());
      return run(startLoop(in, sink, options));
    }
  }

  private static CaptureSummary run(RecordLoop loop) throws IOException {
    loop.run();
    return loop.summary();
  }

  /**
   * True when the regular file starts like gzip or zstd, as {@link #read(Path, PacketSink, ReadOptions)}
   * tells them apart: a compressed capture may hold any number of packets, whatever its size or name.
   * Opened without following a link; false for anything but a regular file.
   */
  public static boolean isCompressed(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return isCompressed(channel);
    }
  }

  /** True when the file starts like gzip or zstd: it can only be read as one stream. */
  private static boolean isCompressed(FileChannel channel) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(MAGIC_BYTES);
    while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
      // positional reads: the channel position stays at 0
    }
    return compressedMagic(head.array(), head.position());
  }

  private static boolean compressedMagic(byte[] head, int length) {
    boolean gzip = length >= 2 && (u16(head, 0) == GZIP_MAGIC);
    return gzip || zstdMagic(head, length);
  }

  private static boolean zstdMagic(byte[] head, int length) {
    return length >= MAGIC_BYTES
        && (i32(head, 0) == ZSTD_MAGIC || (i32(head, 0) & ZSTD_SKIPPABLE_MASK) == ZSTD_SKIPPABLE_MAGIC);
  }

  /**
   * A stream whose close() leaves the caller's stream open, counting the bytes taken from it: under
   * a decompressor, progress is told in the file's own (compressed) bytes, the size it is measured
   * against.
   */
  private static final class KeptOpen extends FilterInputStream {
    private long taken;

    KeptOpen(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        taken++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        taken += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      taken += skipped;
      return skipped;
    }

    @Override
    public void close() {
      // the caller owns the underlying stream
    }
  }

  /**
   * The stream itself, or a decompressing view of it when it starts with the gzip or zstd magic.
   * Closing what it answers frees the decompressor's native memory at once (not whenever the
   * collector runs) and never closes the caller's stream.
   */
  private static InputStream decompressing(KeptOpen raw) throws IOException {
    PushbackInputStream in = new PushbackInputStream(raw, MAGIC_BYTES);
    byte[] head = in.readNBytes(MAGIC_BYTES);
    in.unread(head);
    if (!compressedMagic(head, head.length)) {
      return in;
    }
    if (zstdMagic(head, head.length)) {
      return new ZstdInputStreamNoFinalizer(new BufferedInputStream(in, ZSTD_BUFFER));
    }
    try {
      return new GzipMembers(in, GZIP_BUFFER);
    } catch (IOException e) {
      if (!InputWindow.Decompressed.isDamage(e)) {
        throw e;
      }
      throw new CaptureFormatException("starts like gzip but its header is damaged: "
          + InputWindow.Decompressed.why(e));
    }
  }

  /** Reads the file header at the start of {@code in} and answers the loop for the records. */
  private static RecordLoop startLoop(InputWindow in, PacketSink sink, ReadOptions options)
      throws IOException {
    if (!in.require(MAGIC_BYTES)) {
      if (in.damage() != null) { // a compressed stream that gave nothing: say why, not "short"
        throw new CaptureFormatException("cannot be decompressed: " + in.damage());
      }
      throw new CaptureFormatException("too short to be a capture (" + in.available() + " bytes)");
    }
    int magic = i32(in.buf, in.pos);
    if (magic == PcapngLoop.SECTION_HEADER) {
      return pcapngStart(in, sink, options);
    }
    boolean nanos = magic == PcapLoop.MAGIC_NANOS || magic == Integer.reverseBytes(PcapLoop.MAGIC_NANOS);
    boolean micros =
        magic == PcapLoop.MAGIC_MICROS || magic == Integer.reverseBytes(PcapLoop.MAGIC_MICROS);
    if (!nanos && !micros) {
      boolean modified = magic == MODIFIED_PCAP_MAGIC || magic == Integer.reverseBytes(MODIFIED_PCAP_MAGIC);
      throw new CaptureFormatException(modified
          ? "a modified (Kuznetzov) pcap, whose longer record headers are not read: convert it with editcap -F pcap"
          : "unknown magic number");
    }
    boolean bigEndian = magic == PcapLoop.MAGIC_MICROS || magic == PcapLoop.MAGIC_NANOS;
    if (!in.require(PcapLoop.FILE_HEADER)) {
      throw new CaptureFormatException("file ends inside the pcap file header");
    }
    byte[] b = in.buf;
    int p = in.pos;
    int major = u16(b, p + 4, bigEndian);
    if (major != PcapLoop.VERSION_MAJOR) {
      throw new CaptureFormatException("unsupported pcap version " + major);
    }
    int snapLength = (int) Math.min(Integer.MAX_VALUE, u32(b, p + 16, bigEndian));
    int linkType = (int) u32(b, p + 20, bigEndian) & PcapLoop.LINK_TYPE_MASK;
    int resolution = nanos
        ? InterfaceDescription.NANOSECOND_TS_RESOLUTION
        : InterfaceDescription.DEFAULT_TS_RESOLUTION;
    in.pos += PcapLoop.FILE_HEADER;
    return new PcapLoop(in, sink, options, bigEndian,
        new InterfaceDescription(linkType, snapLength, resolution, 0));
  }

  /** Checks that the first section header is whole; the loop then reads it like any other. */
  private static RecordLoop pcapngStart(InputWindow in, PacketSink sink, ReadOptions options)
      throws IOException {
    if (!in.require(PcapngLoop.MIN_SECTION_HEADER)) {
      throw new CaptureFormatException("file ends inside the first pcapng section header");
    }
    Boolean bigEndian = PcapngLoop.sectionBigEndian(in.buf, in.pos);
    if (bigEndian == null) {
      throw new CaptureFormatException("pcapng section header has no valid byte-order magic");
    }
    long length = u32(in.buf, in.pos + 4, bigEndian);
    if (length < PcapngLoop.MIN_SECTION_HEADER || length % 4 != 0
        || length > MAX_BLOCK_BYTES) {
      throw new CaptureFormatException("impossible pcapng section header length " + length);
    }
    if (!in.require((int) length)
        || u32(in.buf, in.pos + (int) length - 4, bigEndian) != length) {
      throw new CaptureFormatException("first pcapng section header is cut or inconsistent");
    }
    return new PcapngLoop(in, sink, options, bigEndian);
  }
}

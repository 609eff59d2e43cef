package io.porthunter.intel;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * The open ASN and country data shipped inside the jar (see NOTICE), read once on first use.
 *
 * <p>Resource layout (gzip over big-endian data; counts and numbers are unsigned LEB128 varints):
 * magic, version, a UTF note naming the source packages; the organisation string table; the ASN
 * records (number, organisation index); the country codes; then four range tables (ASN IPv4, ASN
 * IPv6, country IPv4, country IPv6), each a count and per range the start's high half as a delta from
 * the previous start's high half, its low half, and a value (0 = no data, else index + 1 into the
 * ASN records or the country codes).
 */
final class EmbeddedIpDb {
  static final String RESOURCE = "/io/porthunter/intel/ip-asn-country.bin.gz";
  static final int MAGIC = 0x50484950; // "PHIP"
  static final int VERSION = 1;
  private static final int INFLATE_BUFFER = 64 * 1024;

  private final String[] orgs;
  private final long[] asnNumbers;
  private final int[] asnOrgs;
  private final String[] countries;
  private final RangeTable asnV4;
  private final RangeTable asnV6;
  private final RangeTable countryV4;
  private final RangeTable countryV6;

  private EmbeddedIpDb(Cursor in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a PortHunter IP data file");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("IP data file version " + version + ", expected " + VERSION);
    }
    in.readUtf(); // the note naming the source packages (attribution): lookups need none of it
    orgs = readStrings(in);
    int asnCount = in.readCount();
    asnNumbers = new long[asnCount];
    asnOrgs = new int[asnCount];
    for (int i = 0; i < asnCount; i++) {
      asnNumbers[i] = in.readVarLong();
      asnOrgs[i] = in.readCount();
    }
    countries = readStrings(in);
    asnV4 = readTable(in);
    asnV6 = readTable(in);
    countryV4 = readTable(in);
    countryV6 = readTable(in);
  }

  /** The embedded data, loaded by the first caller; later callers share it. */
  static EmbeddedIpDb get() {
    return Holder.INSTANCE;
  }

  /** Reads a data file in the layout above (the refresh tooling checks its output through this). */
  static EmbeddedIpDb read(InputStream gzipped) throws IOException {
    // Inflated whole (9 MB, once per process) and parsed from the array: about half the CPU of
    // DataInputStream's byte-at-a-time calls, JIT included.
    try (InputStream in = new GZIPInputStream(gzipped, INFLATE_BUFFER)) {
      return new EmbeddedIpDb(new Cursor(in.readAllBytes()));
    }
  }

  /** ASN, organisation and country; {@link OfflineFacts#UNKNOWN} parts stay null. */
  OfflineFacts lookup(InetAddress ip) {
    InetAddress address = Addresses.canonical(ip);
    long hi = Addresses.keyHigh(address);
    long lo = Addresses.keyLow(address);
    boolean v4 = Addresses.isIpv4(address);
    int asn = (v4 ? asnV4 : asnV6).find(hi, lo);
    int country = (v4 ? countryV4 : countryV6).find(hi, lo);
    if (asn == RangeTable.NO_DATA && country == RangeTable.NO_DATA) {
      return OfflineFacts.UNKNOWN;
    }
    Long number = asn == RangeTable.NO_DATA ? null : asnNumbers[asn - 1];
    String org = asn == RangeTable.NO_DATA ? null : orgs[asnOrgs[asn - 1]];
    String cc = country == RangeTable.NO_DATA ? null : countries[country - 1];
    return OfflineFacts.embedded(number, org, cc);
  }

  private static String[] readStrings(Cursor in) throws IOException {
    String[] strings = new String[in.readCount()];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = in.readUtf();
    }
    return strings;
  }

  private static RangeTable readTable(Cursor in) throws IOException {
    int n = in.readCount();
    long[] hi = new long[n];
    long[] lo = new long[n];
    int[] values = new int[n];
    boolean anyLow = false;
    long previousHi = 0;
    for (int i = 0; i < n; i++) {
      previousHi += in.readVarLong();
      hi[i] = previousHi;
      lo[i] = in.readVarLong();
      anyLow |= lo[i] != 0;
      values[i] = in.readCount();
    }
    return new RangeTable(hi, anyLow ? lo : null, values);
  }

  /** Reads the layout's primitives from the inflated bytes; running past the end is an IOException. */
  static final class Cursor {
    private final byte[] data;
    private int pos;

    Cursor(byte[] data) {
      this.data = data;
    }

    int readInt() throws IOException {
      require(Integer.BYTES);
      int v = (data[pos] & 0xff) << 24 | (data[pos + 1] & 0xff) << 16 | (data[pos + 2] & 0xff) << 8
          | (data[pos + 3] & 0xff);
      pos += Integer.BYTES;
      return v;
    }

    /** Unsigned LEB128. */
    long readVarLong() throws IOException {
      long value = 0;
      for (int shift = 0; shift < Long.SIZE; shift += 7) {
        require(1);
        int b = data[pos++];
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IOException("varint longer than 64 bits");
    }

    int readCount() throws IOException {
      long value = readVarLong();
      if (value > Integer.MAX_VALUE) {
        throw new IOException("count or index out of range: " + value);
      }
      return (int) value;
    }

    /** A {@link DataInput#readUTF} string: ASCII directly, anything else through the JDK's decoder. */
    String readUtf() throws IOException {
      require(2);
      int length = (data[pos] & 0xff) << 8 | (data[pos + 1] & 0xff);
      require(2 + length);
      int start = pos + 2;
      boolean ascii = true;
      for (int i = start; i < start + length && ascii; i++) {
        ascii = data[i] > 0;
      }
      String s = ascii
          ? new String(data, start, length, StandardCharsets.ISO_8859_1)
          : new DataInputStream(new ByteArrayInputStream(data, pos, 2 + length)).readUTF();
      pos = start + length;
      return s;
    }

    private void require(int n) throws EOFException {
      if (n > data.length - pos) {
        throw new EOFException("IP data file ends early");
      }
    }
  }

  /** Lazy holder: the JVM runs the load once, on first use, with the needed happens-before. */
  private static final class Holder {
    static final EmbeddedIpDb INSTANCE = load();

    private static EmbeddedIpDb load() {
      try (InputStream in = EmbeddedIpDb.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("embedded IP data missing from the jar: " + RESOURCE);
        }
        return read(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read embedded IP data " + RESOURCE, e);
      }
    }
  }
}

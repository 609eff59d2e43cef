package io.porthunter.intel;

import java.io.BufferedInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
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

  private final String sourceNote;
  private final String[] orgs;
  private final long[] asnNumbers;
  private final int[] asnOrgs;
  private final String[] countries;
  private final RangeTable asnV4;
  private final RangeTable asnV6;
  private final RangeTable countryV4;
  private final RangeTable countryV6;

  private EmbeddedIpDb(DataInput in) throws IOException {
    if (in.readInt() != MAGIC) {
      throw new IOException("not a PortHunter IP data file");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("IP data file version " + version + ", expected " + VERSION);
    }
    sourceNote = in.readUTF();
    orgs = readStrings(in);
    int asnCount = readCount(in);
    asnNumbers = new long[asnCount];
    asnOrgs = new int[asnCount];
    for (int i = 0; i < asnCount; i++) {
      asnNumbers[i] = readVarLong(in);
      asnOrgs[i] = readCount(in);
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
    return new EmbeddedIpDb(new DataInputStream(new BufferedInputStream(new GZIPInputStream(gzipped))));
  }

  String sourceNote() {
    return sourceNote;
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

  private static String[] readStrings(DataInput in) throws IOException {
    String[] strings = new String[readCount(in)];
    for (int i = 0; i < strings.length; i++) {
      strings[i] = in.readUTF();
    }
    return strings;
  }

  private static RangeTable readTable(DataInput in) throws IOException {
    int n = readCount(in);
    long[] hi = new long[n];
    long[] lo = new long[n];
    int[] values = new int[n];
    boolean anyLow = false;
    long previousHi = 0;
    for (int i = 0; i < n; i++) {
      previousHi += readVarLong(in);
      hi[i] = previousHi;
      lo[i] = readVarLong(in);
      anyLow |= lo[i] != 0;
      values[i] = readCount(in);
    }
    return new RangeTable(hi, anyLow ? lo : null, values);
  }

  private static int readCount(DataInput in) throws IOException {
    long value = readVarLong(in);
    if (value > Integer.MAX_VALUE) {
      throw new IOException("count or index out of range: " + value);
    }
    return (int) value;
  }

  static long readVarLong(DataInput in) throws IOException {
    long value = 0;
    for (int shift = 0; shift < Long.SIZE; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("varint longer than 64 bits");
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

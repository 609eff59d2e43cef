package io.porthunter.intel;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Builds the embedded IP data resource read by {@link EmbeddedIpDb} from the numeric CSVs of the npm
 * packages {@code @ip-location-db/asn} ({@code start,end,asn,org}) and {@code
 * @ip-location-db/geo-whois-asn-country} ({@code start,end,cc}). Run by scripts/refresh-intel-data.sh.
 *
 * <p>The country data holds nested ranges (a more specific block inside a wider one); ranges are
 * painted widest first so the most specific one wins, then equal neighbours are merged.
 */
public final class EmbeddedDbBuilder {
  static final String ASN_V4 = "asn-ipv4-num.csv";
  static final String ASN_V6 = "asn-ipv6-num.csv";
  static final String COUNTRY_V4 = "geo-whois-asn-country-ipv4-num.csv";
  static final String COUNTRY_V6 = "geo-whois-asn-country-ipv6-num.csv";

  private static final BigInteger LOW_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
  private static final int IPV4_KEY_SHIFT = 64;
  private static final int KEY_BITS = 128;

  private final Map<String, Integer> orgIndex = new LinkedHashMap<>();
  private final Map<AsnRecord, Integer> asnIndex = new LinkedHashMap<>();
  private final Map<String, Integer> countryIndex = new LinkedHashMap<>();

  private EmbeddedDbBuilder() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: EmbeddedDbBuilder <asn-package-dir> <country-package-dir> <out.bin.gz> <source-note>");
      System.exit(2);
    }
    Path out = Path.of(args[2]);
    build(Path.of(args[0]), Path.of(args[1]), out, args[3]);
    System.err.println("wrote " + out + " (" + Files.size(out) + " bytes)");
  }

  /** Reads the four CSVs from the two package folders and writes the gzip resource. */
  static void build(Path asnDir, Path countryDir, Path out, String sourceNote) throws IOException {
    EmbeddedDbBuilder b = new EmbeddedDbBuilder();
    List<Range> asnV4 = b.readAsn(asnDir.resolve(ASN_V4), true);
    List<Range> asnV6 = b.readAsn(asnDir.resolve(ASN_V6), false);
    List<Range> countryV4 = b.readCountry(countryDir.resolve(COUNTRY_V4), true);
    List<Range> countryV6 = b.readCountry(countryDir.resolve(COUNTRY_V6), false);
    try (OutputStream file = Files.newOutputStream(out);
        DataOutputStream data = new DataOutputStream(
            new BufferedOutputStream(new GZIPOutputStream(file)))) {
      data.writeInt(EmbeddedIpDb.MAGIC);
      data.writeInt(EmbeddedIpDb.VERSION);
      data.writeUTF(sourceNote);
      writeStrings(data, new ArrayList<>(b.orgIndex.keySet()));
      writeVarLong(data, b.asnIndex.size());
      for (AsnRecord record : b.asnIndex.keySet()) {
        writeVarLong(data, record.asn());
        writeVarLong(data, b.orgIndex.get(record.org()));
      }
      writeStrings(data, new ArrayList<>(b.countryIndex.keySet()));
      for (List<Range> table : List.of(asnV4, asnV6, countryV4, countryV6)) {
        writeTable(data, flatten(table));
      }
    }
  }

  private List<Range> readAsn(Path csv, boolean v4) throws IOException {
    List<Range> ranges = new ArrayList<>();
    for (List<String> f : readCsv(csv, 4)) {
      String org = f.get(3);
      orgIndex.putIfAbsent(org, orgIndex.size());
      int value = 1 + asnIndex.computeIfAbsent(new AsnRecord(Long.parseLong(f.get(2)), org),
          k -> asnIndex.size());
      ranges.add(range(f, v4, value, ranges.size()));
    }
    return ranges;
  }

  private List<Range> readCountry(Path csv, boolean v4) throws IOException {
    List<Range> ranges = new ArrayList<>();
    for (List<String> f : readCsv(csv, 3)) {
      int value = 1 + countryIndex.computeIfAbsent(f.get(2), k -> countryIndex.size());
      ranges.add(range(f, v4, value, ranges.size()));
    }
    return ranges;
  }

  private static Range range(List<String> fields, boolean v4, int value, int order) {
    BigInteger start = new BigInteger(fields.get(0));
    BigInteger end = new BigInteger(fields.get(1));
    if (v4) { // IPv4 keys keep the address in the high half
      start = start.shiftLeft(IPV4_KEY_SHIFT);
      end = end.shiftLeft(IPV4_KEY_SHIFT).or(LOW_MASK);
    }
    return new Range(start, end, value, order);
  }

  /** Paints ranges widest first (file order among equals) into start -> value boundaries, merged. */
  static NavigableMap<BigInteger, Integer> flatten(List<Range> ranges) {
    List<Range> order = new ArrayList<>(ranges);
    order.sort(Comparator.comparing((Range r) -> r.end.subtract(r.start)).reversed()
        .thenComparingInt(r -> r.order));
    TreeMap<BigInteger, Integer> painted = new TreeMap<>();
    for (Range r : order) {
      BigInteger after = r.end.add(BigInteger.ONE);
      Map.Entry<BigInteger, Integer> before = painted.floorEntry(after);
      int valueAfter = before == null ? RangeTable.NO_DATA : before.getValue();
      painted.subMap(r.start, true, after, false).clear();
      painted.put(r.start, r.value);
      if (after.bitLength() <= KEY_BITS) { // nothing lies past the last address
        painted.putIfAbsent(after, valueAfter);
      }
    }
    TreeMap<BigInteger, Integer> merged = new TreeMap<>();
    int previous = RangeTable.NO_DATA;
    for (Map.Entry<BigInteger, Integer> e : painted.entrySet()) {
      if (e.getValue() != previous) {
        merged.put(e.getKey(), e.getValue());
        previous = e.getValue();
      }
    }
    return merged;
  }

  private static void writeTable(DataOutputStream out, NavigableMap<BigInteger, Integer> table)
      throws IOException {
    writeVarLong(out, table.size());
    long previousHi = 0;
    for (Map.Entry<BigInteger, Integer> e : table.entrySet()) {
      long hi = e.getKey().shiftRight(64).longValue();
      writeVarLong(out, hi - previousHi);
      writeVarLong(out, e.getKey().and(LOW_MASK).longValue());
      writeVarLong(out, e.getValue());
      previousHi = hi;
    }
  }

  private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    writeVarLong(out, strings.size());
    for (String s : strings) {
      out.writeUTF(s);
    }
  }

  /** Unsigned LEB128, the inverse of {@link EmbeddedIpDb.Cursor#readVarLong}. */
  static void writeVarLong(DataOutputStream out, long value) throws IOException {
    long v = value;
    while ((v & ~0x7fL) != 0) {
      out.writeByte((int) (v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  /** RFC 4180 records, one per line (these files hold no line breaks inside fields). */
  static List<List<String>> readCsv(Path csv, int fields) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        List<String> row = splitCsvLine(line);
        if (row.size() != fields) {
          throw new IOException(csv + ": expected " + fields + " fields: " + line);
        }
        rows.add(row);
      }
    }
    return rows;
  }

  static List<String> splitCsvLine(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    out.add(field.toString());
    return out;
  }

  /** An AS number with the organisation the data names for it. */
  record AsnRecord(long asn, String org) {}

  /** One CSV range with its value (index + 1) and its line number for stable tie-breaking. */
  record Range(BigInteger start, BigInteger end, int value, int order) {}
}

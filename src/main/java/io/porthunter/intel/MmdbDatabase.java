package io.porthunter.intel;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A user-supplied MaxMind or DB-IP database (GeoIP2/GeoLite2 City or Country, DB-IP City/Country
 * Lite, or an ASN database), read through the MaxMind DB reader into plain maps. The GeoIP2 record
 * layout is shared by all of them: {@code country.iso_code}, {@code city.names.en},
 * {@code subdivisions[0].names.en}, {@code location.latitude}, {@code autonomous_system_number}...
 */
final class MmdbDatabase implements AutoCloseable {
  private static final String LANGUAGE = "en";

  private final Path file;
  private final Reader reader;

  /** Opens the file named by the setting {@code variable}; a file that is no MMDB is a bad setting. */
  MmdbDatabase(Path file, String variable) {
    this.file = file;
    try {
      this.reader = new Reader(file.toFile(), new CHMCache());
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          variable + " is not a usable MMDB file: " + file + " (" + e.getMessage() + ")", e);
    }
  }

  Path file() {
    return file;
  }

  /** Country and, for City databases, city, region and coordinates; UNKNOWN when absent. */
  OfflineFacts geo(InetAddress ip) throws IOException {
    Map<String, Object> r = record(ip);
    String country = string(at(r, "country", "iso_code"));
    if (country == null) {
      country = string(at(r, "registered_country", "iso_code"));
    }
    if (country == null) {
      return OfflineFacts.UNKNOWN;
    }
    Object subdivisions = r.get("subdivisions");
    Object region = subdivisions instanceof List<?> list && !list.isEmpty()
        ? at(list.get(0), "names", LANGUAGE)
        : null;
    return new OfflineFacts(null, null, country, string(at(r, "city", "names", LANGUAGE)),
        string(region), number(at(r, "location", "latitude")), number(at(r, "location", "longitude")),
        null, OfflineFacts.SOURCE_MMDB);
  }

  /** AS number and organisation; UNKNOWN when absent. */
  OfflineFacts asn(InetAddress ip) throws IOException {
    Map<String, Object> r = record(ip);
    Object number = r.get("autonomous_system_number");
    if (!(number instanceof Number n)) {
      return OfflineFacts.UNKNOWN;
    }
    return new OfflineFacts(n.longValue(), string(r.get("autonomous_system_organization")), null,
        null, null, null, null, OfflineFacts.SOURCE_MMDB, null);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> record(InetAddress ip) throws IOException {
    Map<String, Object> r = reader.get(ip, Map.class);
    return r == null ? Map.of() : r;
  }

  /** Follows nested map keys; null as soon as one is missing. */
  private static Object at(Object root, String... keys) {
    Object node = root;
    for (String key : keys) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node;
  }

  private static String string(Object o) {
    return o instanceof String s ? s : null;
  }

  private static Double number(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // a read-only memory map: nothing can be lost
    }
  }
}

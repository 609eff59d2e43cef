package io.porthunter.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User MMDB files win over the embedded data where they have a record, and only there. */
class MmdbPrecedenceTest {
  @TempDir Path dir;

  private IpIntel withUserDatabases() throws Exception {
    Path city = dir.resolve("City.mmdb");
    new MmdbTestWriter()
        .add("8.8.8.0/24", Map.of(
            "country", Map.of("iso_code", "CH", "names", Map.of("en", "Switzerland")),
            "city", Map.of("names", Map.of("en", "Zurich")),
            "subdivisions", List.of(Map.of("iso_code", "ZH", "names", Map.of("en", "Zurich"))),
            "location", Map.of("latitude", 47.37, "longitude", 8.54)))
        .add("9.9.9.0/24", Map.of("registered_country", Map.of("iso_code", "DE")))
        .write(city, "GeoLite2-City");
    Path asn = dir.resolve("ASN.mmdb");
    new MmdbTestWriter()
        .add("8.8.8.0/24", Map.of("autonomous_system_number", new MmdbTestWriter.U32(64512),
            "autonomous_system_organization", "Example Transit"))
        .write(asn, "GeoLite2-ASN");
    return DefaultIpIntel.create(IntelSettings.fromEnv(Map.of(
        IntelSettings.GEOIP_DB, city.toString(),
        IntelSettings.ASN_DB, asn.toString(),
        IntelSettings.CACHE_DIR, dir.resolve("cache").toString())));
  }

  @Test
  void userDatabasesAnswerFirst() throws Exception {
    try (IpIntel intel = withUserDatabases()) {
      Enrichment e = intel.enrich(InetAddress.getByName("8.8.8.8"));
      assertThat(e.asn()).isEqualTo("AS64512");
      assertThat(e.org()).isEqualTo("Example Transit");
      assertThat(e.geo()).containsEntry("country", "CH").containsEntry("city", "Zurich")
          .containsEntry("region", "Zurich").containsEntry("latitude", 47.37)
          .containsEntry("longitude", 8.54).containsEntry("source", "mmdb");
      OfflineFacts f = intel.offline(InetAddress.getByName("8.8.8.8"));
      assertThat(f.asn_source()).isEqualTo("mmdb");
      assertThat(f.geo_source()).isEqualTo("mmdb");
    }
  }

  @Test
  void aFileThatIsNoMmdbIsRejectedNamingItsSetting() throws Exception {
    Path junk = Files.writeString(dir.resolve("junk.mmdb"), "not a MaxMind database");
    IntelSettings settings = IntelSettings.fromEnv(Map.of(IntelSettings.ASN_DB, junk.toString(),
        IntelSettings.CACHE_DIR, dir.toString()));
    assertThatIllegalArgumentException().isThrownBy(() -> DefaultIpIntel.create(settings))
        .withMessageContaining(IntelSettings.ASN_DB);
  }

  @Test
  void registeredCountryStandsInForAMissingCountry() throws Exception {
    try (IpIntel intel = withUserDatabases()) {
      OfflineFacts f = intel.offline(InetAddress.getByName("9.9.9.9"));
      assertThat(f.country()).isEqualTo("DE");
      assertThat(f.geo_source()).isEqualTo("mmdb");
      assertThat(f.asn_source()).isEqualTo("embedded"); // the ASN file has no record for it
    }
  }

  @Test
  void addressesMissingFromUserDatabasesFallBackToEmbeddedData() throws Exception {
    try (IpIntel intel = withUserDatabases()) {
      OfflineFacts f = intel.offline(InetAddress.getByName("1.1.1.1"));
      assertThat(f.asn()).isEqualTo(13335L);
      assertThat(f.asn_source()).isEqualTo("embedded");
      Enrichment e = intel.enrich(InetAddress.getByName("2001:4860:4860::8888")); // IPv4-only user files
      assertThat(e.asn()).isEqualTo("AS15169");
      assertThat(e.geo()).containsEntry("source", "embedded");
    }
  }
}

package io.porthunter.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The data shipped in the jar answers the well-known addresses with no network. */
class EmbeddedIpDbTest {
  private static OfflineFacts lookup(String ip) throws Exception {
    return EmbeddedIpDb.get().lookup(InetAddress.getByName(ip));
  }

  private static OfflineFacts assertAs(String ip, long asn, String orgPart) throws Exception {
    OfflineFacts f = lookup(ip);
    assertThat(f.asn()).as(ip).isEqualTo(asn);
    assertThat(f.org()).as(ip).containsIgnoringCase(orgPart);
    return f;
  }

  @Test
  void googleDnsIpv4() throws Exception {
    OfflineFacts f = assertAs("8.8.8.8", 15169L, "Google");
    assertThat(f.country()).isEqualTo("US");
    assertThat(f.asn_source()).isEqualTo(OfflineFacts.SOURCE_EMBEDDED);
    assertThat(f.geo_source()).isEqualTo(OfflineFacts.SOURCE_EMBEDDED);
  }

  @Test
  void googleDnsIpv6() throws Exception {
    assertThat(assertAs("2001:4860:4860::8888", 15169L, "Google").country()).isEqualTo("US");
  }

  @Test
  void cloudflareDns() throws Exception {
    assertAs("1.1.1.1", 13335L, "Cloudflare");
    assertAs("2606:4700:4700::1111", 13335L, "Cloudflare");
  }

  @Test
  void ipv4MappedFormIsLookedUpAsIpv4() throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    mapped[12] = 8;
    mapped[13] = 8;
    mapped[14] = 8;
    mapped[15] = 8;
    InetAddress ip = java.net.Inet6Address.getByAddress(null, mapped, -1);
    assertThat(EmbeddedIpDb.get().lookup(ip).asn()).isEqualTo(15169L);
  }

  @Test
  void addressesOutsideTheDataAreUnknown() throws Exception {
    assertThat(lookup("10.1.2.3")).isEqualTo(OfflineFacts.UNKNOWN);
    assertThat(lookup("240.0.0.1")).isEqualTo(OfflineFacts.UNKNOWN);
    assertThat(lookup("fd00::1")).isEqualTo(OfflineFacts.UNKNOWN);
    assertThat(lookup("3ffe::1")).isEqualTo(OfflineFacts.UNKNOWN); // the returned 6bone block
  }

  @Test
  void highestAddressesDoNotBreakTheSearch() throws Exception {
    assertThat(lookup("255.255.255.255")).isEqualTo(OfflineFacts.UNKNOWN);
    assertThat(lookup("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).isEqualTo(OfflineFacts.UNKNOWN);
    assertThat(lookup("0.0.0.0")).isEqualTo(OfflineFacts.UNKNOWN);
  }

  @Test
  void theShippedDataNamesItsSourcePackages() throws Exception {
    try (DataInputStream in = new DataInputStream(
        new GZIPInputStream(EmbeddedIpDb.class.getResourceAsStream(EmbeddedIpDb.RESOURCE)))) {
      assertThat(in.readInt()).isEqualTo(EmbeddedIpDb.MAGIC);
      assertThat(in.readInt()).isEqualTo(EmbeddedIpDb.VERSION);
      assertThat(in.readUTF()).contains("@ip-location-db/asn").contains("@ip-location-db/geo-whois-asn-country");
    }
  }
}

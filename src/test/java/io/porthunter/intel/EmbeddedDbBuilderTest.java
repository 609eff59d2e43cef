package io.porthunter.intel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The converter's output read back by the runtime reader, on small CSVs with the data's quirks. */
class EmbeddedDbBuilderTest {
  @TempDir Path dir;

  private EmbeddedIpDb build() throws Exception {
    Path asn = Files.createDirectories(dir.resolve("asn"));
    Path country = Files.createDirectories(dir.resolve("country"));
    // 1.0.0.0-1.0.0.255 and 1.0.4.0-1.0.7.255, a quoted organisation with a comma
    Files.writeString(asn.resolve(EmbeddedDbBuilder.ASN_V4),
        "16777216,16777471,13335,\"Cloudflare, Inc.\"\n16778240,16779263,38803,Gtelecom Pty Ltd\n"
            // names outside ASCII (one beyond the BMP) take the reader's other string path
            + "16781312,16781567,3352,Telefónica de España\n16781568,16781823,64502,Ünïcode \uD83D\uDE80 Net\n");
    // 2001:db9::/32 (aligned) and a range ending inside a /64
    Files.writeString(asn.resolve(EmbeddedDbBuilder.ASN_V6),
        "42540766490510755371168322545197776896,42540766569738917885432660138741727231,64500,\"Example \"\"Six\"\"\"\n"
            + "42540766569738917885432660138741727232,42540766569738917885432660138741727487,64501,Tiny\n");
    // a wide block with a nested more specific one: 1.0.0.0/22 AU with 1.0.1.0/24 CN inside
    Files.writeString(country.resolve(EmbeddedDbBuilder.COUNTRY_V4),
        "16777216,16778239,AU\n16777472,16777727,CN\n");
    // the last IPv6 range runs to the very last address
    Files.writeString(country.resolve(EmbeddedDbBuilder.COUNTRY_V6),
        "340282366920938463463374607431768211200,340282366920938463463374607431768211455,ZZ\n");
    Path out = dir.resolve("db.bin.gz");
    EmbeddedDbBuilder.build(asn, country, out, "test data");
    try (InputStream in = Files.newInputStream(out)) {
      return EmbeddedIpDb.read(in);
    }
  }

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @Test
  void rangesAndNestedRangesReadBack() throws Exception {
    EmbeddedIpDb db = build();
    assertThat(db.lookup(ip("1.0.0.200"))).isEqualTo(OfflineFacts.embedded(13335L, "Cloudflare, Inc.", "AU"));
    assertThat(db.lookup(ip("1.0.1.7")).country()).isEqualTo("CN");
    assertThat(db.lookup(ip("1.0.2.1"))).isEqualTo(OfflineFacts.embedded(null, null, "AU"));
    assertThat(db.lookup(ip("1.0.3.255")).country()).isEqualTo("AU");
    assertThat(db.lookup(ip("1.0.4.0")).asn()).isEqualTo(38803L);
    assertThat(db.lookup(ip("1.0.8.0"))).isEqualTo(OfflineFacts.UNKNOWN);
    assertThat(db.lookup(ip("0.255.255.255"))).isEqualTo(OfflineFacts.UNKNOWN);
  }

  @Test
  void ipv6KeysUseBothHalves() throws Exception {
    EmbeddedIpDb db = build();
    assertThat(db.lookup(ip("2001:db9:ffff::1")).org()).isEqualTo("Example \"Six\"");
    assertThat(db.lookup(ip("2001:dba::80")).org()).isEqualTo("Tiny");
    assertThat(db.lookup(ip("2001:dba::100"))).isEqualTo(OfflineFacts.UNKNOWN);
    assertThat(db.lookup(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")).country()).isEqualTo("ZZ");
    assertThat(db.lookup(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:feff"))).isEqualTo(OfflineFacts.UNKNOWN);
  }

  @Test
  void namesOutsideAsciiReadBackExactly() throws Exception {
    EmbeddedIpDb db = build();
    assertThat(db.lookup(ip("1.0.16.1")).org()).isEqualTo("Telefónica de España");
    assertThat(db.lookup(ip("1.0.17.1")).org()).isEqualTo("Ünïcode \uD83D\uDE80 Net");
  }

  @Test
  void aFileCutShortIsAnErrorNotAPartialTable() throws Exception {
    build();
    byte[] whole;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("db.bin.gz")))) {
      whole = in.readAllBytes();
    }
    for (int cut : new int[] {2, 9, whole.length / 2, whole.length - 1}) {
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
        out.write(whole, 0, cut);
      }
      assertThatThrownBy(() -> EmbeddedIpDb.read(new ByteArrayInputStream(gz.toByteArray())))
          .as("cut at %d of %d bytes", cut, whole.length)
          .isInstanceOf(EOFException.class);
    }
  }

  @Test
  void csvSplittingFollowsRfc4180Quoting() {
    assertThat(EmbeddedDbBuilder.splitCsvLine("1,2,3,\"A, \"\"B\"\" C\""))
        .isEqualTo(List.of("1", "2", "3", "A, \"B\" C"));
  }
}

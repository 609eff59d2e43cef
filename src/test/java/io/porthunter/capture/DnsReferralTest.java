package io.porthunter.capture;

import static io.porthunter.capture.Frames.ipv4;
import static io.porthunter.capture.Frames.v4;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The name servers' addresses a DNS referral (RFC 1034 §4.3.2) gives its asker, read from the datagram. */
class DnsReferralTest {
  private static final int ROOT = v4(10, 37, 0, 10);
  private static final int RESOLVER = v4(10, 37, 0, 4);
  private static final int TYPE_A = 1;
  private static final int TYPE_NS = 2;
  private static final int TYPE_SOA = 6;
  private static final int TYPE_AAAA = 28;
  private static final int TYPE_OPT = 41;
  /** Where the question's name starts in the message: the compression pointer to it. */
  private static final int QUESTION_NAME = 0xC00C;

  /** A response to "www.z3. A" with {@code flags}, {@code answers} answers, authority and additional records. */
  private static ByteWriter response(int flags, int answers, int authority, int additional) {
    ByteWriter m = ByteWriter.network().u16(0x4d21).u16(flags).u16(1).u16(answers).u16(authority).u16(additional);
    return name(m, "www", "z3").u16(TYPE_A).u16(1);
  }

  private static ByteWriter name(ByteWriter m, String... labels) {
    for (String label : labels) {
      m.u8(label.length()).bytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    return m.u8(0);
  }

  /** A record owned by the question's name (a pointer), of {@code type}, with {@code data}. */
  private static ByteWriter record(ByteWriter m, int type, byte[] data) {
    return m.u16(QUESTION_NAME).u16(type).u16(1).u32(86400).u16(data.length).bytes(data);
  }

  private static byte[] ns(String server) {
    return name(ByteWriter.network(), server, "z3").toBytes();
  }

  private static Packet decode(byte[] dns, int cut) {
    byte[] datagram = ByteWriter.network().u16(53).u16(40123).u16(8 + dns.length).u16(0).bytes(dns).toBytes();
    byte[] packet = ipv4(ROOT, RESOLVER, 17, datagram);
    return Decoded.frame(Arrays.copyOf(packet, packet.length - cut), LinkTypes.RAW);
  }

  private static List<String> referred(Packet p) {
    List<String> servers = new ArrayList<>();
    for (int i = 0; i < p.dnsReferredServers; i++) {
      servers.add(IpText.format(p.dnsReferredHi[i], p.dnsReferredLo[i]));
    }
    return servers;
  }

  /** The root's referral for z3.: two NS records, the first server's A and the second's AAAA, and an OPT record. */
  private static byte[] referral(int flags, int answers, int authorityType) {
    ByteWriter m = response(flags, answers, 2, 3);
    for (int i = 0; i < answers; i++) {
      record(m, TYPE_A, new byte[] {10, (byte) 137, 0, 99});
    }
    record(m, authorityType, ns("ns1"));
    record(m, authorityType, ns("ns2"));
    name(m, "ns1", "z3").u16(TYPE_A).u16(1).u32(86400).u16(4).bytes(new byte[] {10, (byte) 137, 0, 103});
    name(m, "ns2", "z3").u16(TYPE_AAAA).u16(1).u32(86400).u16(16).u64(0xfd37_0001_0000_0000L).u64(0x103);
    return name(m).u16(TYPE_OPT).u16(1232).u32(0).u16(0).toBytes(); // EDNS: class is the UDP size
  }

  @Test
  void aReferralGivesTheAddressesOfTheServersItNames() {
    Packet p = decode(referral(0x8000, 0, TYPE_NS), 0);
    assertThat(referred(p)).containsExactly("10.137.0.103", "fd37:1::103");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"a query, 0x0000, 0, 2", "an answer, 0x8000, 1, 2", "no such name, 0x8003, 0, 2",
      "a server failure, 0x8002, 0, 2", "no data: the zone's SOA, 0x8000, 0, 6", "an update's response, 0xA800, 0, 2",
      "the zone's own answer: authoritative, 0x8400, 0, 2"})
  void whatIsNoReferralNamesNoServer(String what, int flags, int answers, int authorityType) {
    assertThat(decode(referral(flags, answers, authorityType), 0).dnsReferredServers).isZero();
  }

  @Test
  void recordsOfAnotherClassThanInternetAreNoDelegationNorGlue() {
    int chaos = 3;
    ByteWriter m = response(0x8000, 0, 2, 2);
    m.u16(QUESTION_NAME).u16(TYPE_NS).u16(chaos).u32(0).u16(ns("ns1").length).bytes(ns("ns1"));
    record(m, TYPE_NS, ns("ns2"));
    m.u16(QUESTION_NAME).u16(TYPE_A).u16(chaos).u32(0).u16(4).bytes(new byte[] {10, (byte) 137, 0, 101});
    record(m, TYPE_A, new byte[] {10, (byte) 137, 0, 102});
    assertThat(referred(decode(m.toBytes(), 0))).containsExactly("10.137.0.102");
    ByteWriter chaosOnly = response(0x8000, 0, 1, 1);
    chaosOnly.u16(QUESTION_NAME).u16(TYPE_NS).u16(chaos).u32(0).u16(ns("ns1").length).bytes(ns("ns1"));
    record(chaosOnly, TYPE_A, new byte[] {10, (byte) 137, 0, 102});
    assertThat(decode(chaosOnly.toBytes(), 0).dnsReferredServers).as("no delegation in class IN").isZero();
  }

  @Test
  void aReferralCutShortGivesTheServersBeforeTheCut() {
    byte[] whole = referral(0x8000, 0, TYPE_NS);
    int opt = 11;
    assertThat(referred(decode(whole, opt))).containsExactly("10.137.0.103", "fd37:1::103");
    assertThat(referred(decode(whole, opt + 1))).as("the AAAA record's last byte cut").containsExactly("10.137.0.103");
    assertThat(decode(whole, whole.length - 20).dnsReferredServers).as("cut in the question").isZero();
  }

  @Test
  void aReferralNamingMoreServersThanAPacketKeepsGivesTheFirstOnes() {
    int glue = Packet.MAX_REFERRED_SERVERS + 5;
    ByteWriter m = response(0x8000, 0, 1, glue);
    record(m, TYPE_NS, ns("ns1"));
    for (int i = 0; i < glue; i++) {
      record(m, TYPE_A, new byte[] {10, (byte) 137, 1, (byte) i});
    }
    List<String> servers = referred(decode(m.toBytes(), 0));
    assertThat(servers).hasSize(Packet.MAX_REFERRED_SERVERS).startsWith("10.137.1.0").endsWith("10.137.1.31");
  }

  @Test
  void hostileCountsAndNamesEndTheReadingAtTheCapturedBytes() {
    // every count at its maximum over a few bytes; a label running past the end; a reserved label type
    byte[] counts = ByteWriter.network().u16(1).u16(0x8000).u16(0xFFFF).u16(0).u16(0xFFFF).u16(0xFFFF)
        .u8(0xC0).u8(0x0C).zeros(30).toBytes();
    byte[] longLabel = response(0x8000, 0, 1, 1).u8(63).zeros(10).toBytes();
    byte[] reserved = response(0x8000, 0, 1, 1).u8(0x80).zeros(40).toBytes();
    for (byte[] dns : List.of(counts, longLabel, reserved)) {
      assertThat(decode(dns, 0).dnsReferredServers).isZero();
    }
  }
}

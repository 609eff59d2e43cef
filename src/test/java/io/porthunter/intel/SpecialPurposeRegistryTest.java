package io.porthunter.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecialPurposeRegistryTest {

  @ParameterizedTest(name = "{0} is {1} in {2}")
  @CsvSource({
      "0.1.2.3, this_network, 0.0.0.0/8",
      "10.20.30.40, private, 10.0.0.0/8",
      "172.31.255.1, private, 172.16.0.0/12",
      "192.168.1.1, private, 192.168.0.0/16",
      "100.100.1.1, cgnat, 100.64.0.0/10",
      "127.0.0.1, loopback, 127.0.0.0/8",
      "169.254.10.10, link_local, 169.254.0.0/16",
      "192.0.0.8, ietf_protocol_assignment, 192.0.0.0/24",
      "192.0.2.55, documentation, 192.0.2.0/24",
      "198.51.100.7, documentation, 198.51.100.0/24",
      "203.0.113.9, documentation, 203.0.113.0/24",
      "198.19.1.1, benchmarking, 198.18.0.0/15",
      "239.255.255.250, multicast, 224.0.0.0/4",
      "250.1.1.1, reserved, 240.0.0.0/4",
      "255.255.255.255, broadcast, 255.255.255.255/32",
      "::, unspecified, ::/128",
      "::1, loopback, ::1/128",
      "100::1, discard, 100::/64",
      "2001:2::5, benchmarking, 2001:2::/48",
      "2001:db8:1::1, documentation, 2001:db8::/32",
      "3fff:abc::1, documentation, 3fff::/20",
      "fd12:3456::1, unique_local, fc00::/7",
      "fe80::1, link_local, fe80::/10",
      "ff02::1, multicast, ff00::/8",
      "64:ff9b:1::1, local_translation, 64:ff9b:1::/48",
      "2001:10::1, ietf_protocol_assignment, 2001::/23",
      "2002:0a00:0001::1, private, 10.0.0.0/8",
      "64:ff9b::c0a8:101, private, 192.168.0.0/16",
      // outside 2000::/3, IANA's IPv6 address space is reserved (or one of the blocks above)
      "::2, reserved, ::/8",
      "::8.8.8.8, reserved, ::/8",
      "1fff::1, reserved, 1000::/4",
      "4000::1, reserved, 4000::/2",
      "a000::1, reserved, 8000::/2",
      "e000::1, reserved, e000::/4",
      "fe00::1, reserved, fe00::/9",
  })
  void specialBlocks(String ip, String detail, String block) throws Exception {
    assertThat(SpecialPurposeRegistry.lookup(InetAddress.getByName(ip)))
        .contains(new SpecialPurpose("private_ip", detail, block));
  }

  @ParameterizedTest
  @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "192.0.0.9", "100.63.255.255", "172.32.0.1",
      "2001:4860:4860::8888", "2001::1", "2001:4:112::1", "2002:0808:0808::1", "64:ff9b::808:808",
      "3ffe:831f::1"})
  void globallyRoutableAddressesAreNotSpecial(String ip) throws Exception {
    assertThat(SpecialPurposeRegistry.lookup(InetAddress.getByName(ip))).isEmpty();
  }

  @ParameterizedTest(name = "::ffff:{0}")
  @CsvSource({"10.1.2.3, private", "127.0.0.1, loopback", "8.8.8.8, ''"})
  void ipv4MappedIsJudgedByItsIpv4Address(String v4, String detail) throws Exception {
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(InetAddress.getByName(v4).getAddress(), 0, mapped, 12, 4);
    InetAddress ip = Inet6Address.getByAddress(null, mapped, -1);
    assertThat(ip).isInstanceOf(Inet6Address.class); // really the IPv6 form, not unwrapped by Java
    Optional<SpecialPurpose> found = SpecialPurposeRegistry.lookup(ip);
    assertThat(found.map(SpecialPurpose::detail).orElse("")).isEqualTo(detail);
  }
}

package io.porthunter.intel;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0:0:0:0:0:0:0:0, ::",
      "0:0:0:0:0:0:0:1, ::1",
      "1:0:0:0:0:0:0:0, 1::",
      "2001:4860:4860:0:0:0:0:8888, 2001:4860:4860::8888",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // a lone zero group stays
      "2001:0:0:1:0:0:0:1, 2001:0:0:1::1", // the longest run is compressed
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // the first of equal runs
      "8.8.8.8, 8.8.8.8",
  })
  void textIsRfc5952(String in, String out) throws Exception {
    assertThat(Addresses.text(InetAddress.getByName(in))).isEqualTo(out);
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
      "8.8.8.8, 8.8.8.0/24",
      "203.0.113.255, 203.0.113.0/24",
      "2001:4860:4860::8888, 2001:4860:4860::/48",
      "2a00:1450:4001:82b::200e, 2a00:1450:4001::/48",
  })
  void groupPrefix(String in, String prefix) throws Exception {
    assertThat(Addresses.groupPrefix(InetAddress.getByName(in))).isEqualTo(prefix);
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "64:ff9b::808:808, 8.8.8.8", // NAT64's well-known prefix: the translator reaches that very host
      "8.8.8.8, 8.8.8.8",
      "2002:808:808::1, 2002:808:808::1", // a 6to4 site, not its router
      "64:ff9b:1::808:808, 64:ff9b:1::808:808", // a local translation prefix: who knows which host
      "2001:4860:4860::8888, 2001:4860:4860::8888",
  })
  void anIpv4HostUnderAnIpv6NameIsLookedUpAsItself(String in, String canonical) throws Exception {
    assertThat(Addresses.text(Addresses.canonical(InetAddress.getByName(in)))).isEqualTo(canonical);
  }
}

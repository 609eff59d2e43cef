package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpTextTest {

  @ParameterizedTest
  @CsvSource({
      "10.77.1.11, 10.77.1.11",
      "0.0.0.0, 0.0.0.0",
      "255.255.255.255, 255.255.255.255",
      "::, ::",
      "::1, ::1",
      "fd77:1::11, fd77:1::11",
      "FD77:0001:0000:0000:0000:0000:0000:0011, fd77:1::11",
      "fe80::77:aff:fe02:1, fe80::77:aff:fe02:1",
      "ff02::1:ff00:10, ff02::1:ff00:10",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "1:0:0:2:0:0:0:0, 1:0:0:2::",
      "1::, 1::",
      "::ffff:192.0.2.1, 192.0.2.1",
      "::192.0.2.1, ::192.0.2.1",
      "::1:0, ::0.1.0.0",
      "0:0:0:0:0:1:0:0, ::1:0:0",
      "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
      "64:ff9b::192.0.2.33, 64:ff9b::c000:221"})
  void parsesAndFormatsLikeTshark(String input, String expected) {
    long[] hiLo = new long[2];
    assertThat(IpText.parse(input, hiLo)).isTrue();
    assertThat(IpText.format(hiLo[0], hiLo[1])).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d",
      ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1::", "1:", "g::1", "::1.2.3",
      "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%eth0", "example.com", "１.2.3.4"})
  void rejectsWhatIsNotAnAddress(String input) {
    long[] out = {7, 7};
    assertThat(IpText.parse(input, out)).isFalse();
    assertThat(out).containsExactly(7, 7);
  }

  @Test
  void ipv4IsStoredMapped() {
    long[] hiLo = new long[2];
    assertThat(IpText.parse("10.0.0.1", hiLo)).isTrue();
    assertThat(hiLo[0]).isZero();
    assertThat(hiLo[1]).isEqualTo(Packet.IPV4_MAPPED_MARK | 0x0A000001L);
  }
}

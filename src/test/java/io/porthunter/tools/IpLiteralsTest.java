package io.porthunter.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.porthunter.config.ErrorCode;
import io.porthunter.config.ToolFailure;
import java.net.Inet6Address;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralsTest {
  @ParameterizedTest
  @CsvSource({"8.8.8.8,8.8.8.8", "0.0.0.0,0.0.0.0", "255.255.255.255,255.255.255.255", "' 1.2.3.4 ',1.2.3.4",
      "2001:db8::1,2001:db8:0:0:0:0:0:1", "::1,0:0:0:0:0:0:0:1", "::,0:0:0:0:0:0:0:0",
      "::ffff:1.2.3.4,1.2.3.4", "FE80::1,fe80:0:0:0:0:0:0:1"})
  void literalsParse(String text, String canonical) throws Exception {
    assertThat(IpLiterals.parse(text).getHostAddress()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "localhost", "example.com", "dns.google", "1.2.3", "1.2.3.4.5", "01.2.3.4",
      "256.1.1.1", "1.2.3.-4", "0x7f.0.0.1", "::g", "2001:db8::1::2", "fe80::1%eth0", "[::1]", "1.2.3.4/24",
      "12345::", "a:b:c:d:e:f:1:2:3", "face", ".:1", "..::", "0.0.0.0.", "1.2.3.4%eth0", "fe80::1%eth0"})
  void everythingElseIsAnInvalidIp(String text) {
    ToolFailure f = catchThrowableOfType(ToolFailure.class, () -> IpLiterals.parse(text));
    assertThat(f).isNotNull();
    assertThat(f.code()).isEqualTo(ErrorCode.INVALID_IP);
  }

  @ParameterizedTest
  @ValueSource(strings = {"beef::", "::beef", "abcd:ef01::"})
  void ipv6StartingWithAHexLetterIsStillALiteral(String text) throws Exception {
    assertThat(IpLiterals.parse(text)).isInstanceOf(Inet6Address.class);
  }

  @org.junit.jupiter.api.Test
  void aHugeArgumentIsQuotedOnlyInPart() {
    String huge = "x".repeat(10_000_000);
    ToolFailure f = catchThrowableOfType(ToolFailure.class, () -> IpLiterals.parse(huge));
    assertThat(f.code()).isEqualTo(ErrorCode.INVALID_IP);
    assertThat(f.getMessage()).hasSize(ToolFailure.MAX_MESSAGE_CHARS).startsWith("'xxx").endsWith("…");
  }

  @org.junit.jupiter.api.Test
  void nullIsAnInvalidIp() {
    assertThat(catchThrowableOfType(ToolFailure.class, () -> IpLiterals.parse(null)).code())
        .isEqualTo(ErrorCode.INVALID_IP);
  }
}

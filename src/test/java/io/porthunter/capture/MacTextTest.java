package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MacTextTest {
  @Test
  void writesSixLowerCaseHexPairsMostSignificantFirst() {
    assertThat(MacText.format(0x8a2b_ad9a_3982L)).isEqualTo("8a:2b:ad:9a:39:82");
    assertThat(MacText.format(0x0000_0000_0a01L)).isEqualTo("00:00:00:00:0a:01");
    assertThat(MacText.format(0xffff_ffff_ffffL)).isEqualTo("ff:ff:ff:ff:ff:ff");
  }
}

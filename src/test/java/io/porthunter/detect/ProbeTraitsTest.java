package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeTraitsTest {
  private static Packet syn(int optionsLength, int optionsDecoded) {
    Packet p = new Packet();
    p.clearDecoded();
    p.ipVersion = 4;
    p.protocol = IpProtocol.TCP;
    p.hasPorts = p.hasTcp = true;
    p.srcPort = 40000;
    p.dstPort = 80;
    p.tcpFlags = 0x02;
    p.tcpWindow = 64240;
    p.tcpSeq = 1;
    p.tcpOptionsLength = optionsLength;
    p.tcpOptionCount = optionsDecoded;
    return p;
  }

  @Test
  void aSynWithNoOptionsInItsHeaderIsARawScannersSyn() {
    assertThat(ProbeTraits.rawSyn(ProbeTraits.ofTcp(syn(0, 0), Technique.SYN))).isTrue();
  }

  @ParameterizedTest(name = "option kinds {0}: a stack's {1}")
  @CsvSource({"0x0403040102, true", "0x030801040102, true", "0x06030801040102, false", "0x0e0402, false",
      "0x0f0402, false", "0x100402, true"})
  void aSynOfferingSackIsAStacksUnlessItCarriesAHistoricOption(String kinds, boolean stack) {
    // MSS, SACK permitted, ...; atk6-alive6 adds RFC 1072's echo option (6), which no stack sends
    Packet p = syn(20, 5);
    p.tcpOptionKinds = Long.decode(kinds);
    assertThat(ProbeTraits.stackSyn(ProbeTraits.ofTcp(p, Technique.SYN))).isEqualTo(stack);
  }

  @Test
  void aSynWhoseOptionsTheSnapLengthCutIsNoRawScannersSyn() {
    // tcpdump -s 54 keeps none of a client's 20 bytes of options: its data offset still says they were there
    assertThat(ProbeTraits.rawSyn(ProbeTraits.ofTcp(syn(20, 0), Technique.SYN))).isFalse();
  }
}

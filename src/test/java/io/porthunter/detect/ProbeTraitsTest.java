package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.Packet;
import org.junit.jupiter.api.Test;

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

  @Test
  void aSynWhoseOptionsTheSnapLengthCutIsNoRawScannersSyn() {
    // tcpdump -s 54 keeps none of a client's 20 bytes of options: its data offset still says they were there
    assertThat(ProbeTraits.rawSyn(ProbeTraits.ofTcp(syn(20, 0), Technique.SYN))).isFalse();
  }
}

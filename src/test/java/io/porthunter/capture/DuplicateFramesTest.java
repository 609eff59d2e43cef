package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DuplicateFramesTest {
  private final DuplicateFrames frames = new DuplicateFrames();
  private long frame;

  /** A SYN from 10.0.0.1:40000 to 10.0.0.2:80, as decoded, at {@code ts}, in the next frame. */
  private Packet syn(long ts) {
    Packet p = new Packet();
    p.clearDecoded();
    p.frame = ++frame;
    p.tsNanos = ts;
    p.ipVersion = 4;
    p.srcHi = p.dstHi = Packet.IPV4_MAPPED_MARK;
    p.srcLo = 0x0A00_0001L;
    p.dstLo = 0x0A00_0002L;
    p.protocol = IpProtocol.TCP;
    p.ttl = 64;
    p.ipId = 4321;
    p.hasPorts = p.hasTcp = true;
    p.srcPort = 40000;
    p.dstPort = 80;
    p.tcpFlags = 0x02;
    p.tcpSeq = 123_456_789L;
    p.tcpAck = 0;
    p.tcpWindow = 1024;
    p.transportChecksum = 0xBEEF;
    return p;
  }

  @Test
  void aForwardedCopyRepeatsThePacketAndSoDoesAThird() {
    assertThat(frames.repeats(syn(1_000_000))).isFalse();
    Packet forwarded = syn(1_020_000);
    forwarded.ttl = 63;
    assertThat(frames.repeats(forwarded)).isTrue();
    assertThat(frames.repeats(syn(1_040_000))).isTrue();
    assertThat(frames.found()).isEqualTo(2);
  }

  @Test
  void theSamePacketARoundTripLaterIsARetransmission() {
    frames.repeats(syn(0));
    assertThat(frames.repeats(syn(DuplicateFrames.MAX_GAP_NANOS + 1))).isFalse();
    assertThat(frames.repeats(syn(DuplicateFrames.MAX_GAP_NANOS))).isTrue(); // of the second
  }

  @Test
  void datagramsAlikeButForTheirPayloadAreTwo() {
    // nmap's two NTP payloads to one port: one IPv4 identification, one length, other bytes
    Packet first = syn(0);
    Packet second = syn(10_000);
    second.transportChecksum = 0xBEF0;
    frames.repeats(first);
    assertThat(frames.repeats(second)).isFalse();
  }

  /** An ICMPv6 port unreachable about a UDP probe to {@code port} whose length and checksum were {@code word}. */
  private Packet portUnreachable(long ts, int port, long word) {
    Packet p = syn(ts);
    p.hasTcp = false;
    p.protocol = IpProtocol.ICMPV6;
    p.icmpType = 1;
    p.icmpCode = 4;
    p.hasQuoted = true;
    p.quotedProtocol = IpProtocol.UDP;
    p.quotedSrcPort = 36270;
    p.quotedDstPort = port;
    p.quotedSecondWord = word;
    return p;
  }

  @Test
  void errorsAboutTwoProbesAreTwoThoughTheirChecksumsAgree() {
    // nmap -6 -sU of a host that refuses: the quoted datagram's checksum makes up for its port and
    // payload, so every error carries one checksum; what it quotes tells them apart
    frames.repeats(portUnreachable(0, 40003, 0x0030_55A2L));
    assertThat(frames.repeats(portUnreachable(5_000, 40004, 0x0030_55A1L))).isFalse();
    // its two NTP payloads to one port, refused
    frames.repeats(portUnreachable(10_000, 123, 0x0038_E0E1L));
    assertThat(frames.repeats(portUnreachable(15_000, 123, 0x0038_F054L))).isFalse();
    assertThat(frames.repeats(portUnreachable(20_000, 123, 0x0038_F054L))).isTrue();
  }

  @Test
  void anyHeaderFieldTellsTwoPacketsApart() {
    Packet otherId = syn(1);
    otherId.ipId = 4322;
    Packet otherPort = syn(2);
    otherPort.dstPort = 81;
    Packet otherSeq = syn(3);
    otherSeq.tcpSeq++;
    Packet otherSource = syn(4);
    otherSource.srcLo++;
    Packet otherFlags = syn(5);
    otherFlags.tcpFlags = 0x12;
    for (Packet other : new Packet[] {otherId, otherPort, otherSeq, otherSource, otherFlags}) {
      DuplicateFrames fresh = new DuplicateFrames();
      fresh.repeats(syn(0));
      assertThat(fresh.repeats(other)).isFalse();
    }
  }

  @Test
  void aCopyIsLookedForOnlyAmongTheLastFrames() {
    frames.repeats(syn(0));
    for (int i = 1; i <= DuplicateFrames.WINDOW_FRAMES; i++) {
      Packet other = syn(i); // in other slots: its checksum differs
      other.dstPort = 1000 + i;
      other.transportChecksum = i;
      frames.repeats(other);
    }
    assertThat(frames.repeats(syn(DuplicateFrames.WINDOW_FRAMES + 1))).isFalse();
  }

  @Test
  void aPacketSharingTheSlotOfOneBeforeMakesItsCopyMissedNeverMistaken() {
    // the SYN to some port between takes the first SYN's slot: its copy is missed, never mistaken
    int evicting = 0;
    for (int port = 81; evicting == 0; port++) {
      DuplicateFrames d = new DuplicateFrames();
      frame = 0;
      d.repeats(syn(0));
      Packet between = syn(1);
      between.dstPort = port;
      assertThat(d.repeats(between)).isFalse();
      if (!d.repeats(syn(2))) { // the first was pushed out: its copy counts again
        evicting = port;
        assertThat(d.repeats(syn(3))).isTrue();
        assertThat(d.found()).isEqualTo(1);
      }
    }
    assertThat(evicting).isLessThan(81 + 256 * 16); // one port in about 256 shares its slot
  }

  @Test
  void acrossInterfacesACopyIsFoundABatchLater() {
    // dumpcap on two interfaces: a thousand packets of one, then their copies on the other
    DuplicateFrames plain = new DuplicateFrames();
    DuplicateFrames across = DuplicateFrames.acrossInterfaces(plain);
    for (DuplicateFrames d : java.util.List.of(plain, across)) {
      frame = 0;
      for (int copy = 0; copy < 2; copy++) {
        for (int port = 1; port <= 1000; port++) {
          Packet p = syn(port * 1000L + copy * 20_000L);
          p.dstPort = port;
          p.ttl = 64 - copy;
          d.repeats(p);
        }
      }
    }
    assertThat(across.found()).isEqualTo(1000);
    assertThat(plain.found()).isZero();
  }

  @Test
  void packetsWithoutAChecksumAndFragmentsAreNeverCopies() {
    Packet cut = syn(0);
    cut.transportChecksum = -1;
    frames.repeats(cut);
    assertThat(frames.repeats(cut)).isFalse();
    Packet unchecked = syn(0); // a UDP datagram sent without a checksum: its payload may differ
    unchecked.hasTcp = false;
    unchecked.protocol = IpProtocol.UDP;
    unchecked.transportChecksum = 0;
    frames.repeats(unchecked);
    assertThat(frames.repeats(unchecked)).isFalse();
    Packet fragment = syn(0);
    fragment.unassembledFragment = true;
    frames.repeats(fragment);
    assertThat(frames.repeats(fragment)).isFalse();
  }

  @Test
  void timesAtTheEndsOfTheRangeAreFarApart() {
    frames.repeats(syn(Long.MIN_VALUE));
    assertThat(frames.repeats(syn(Long.MAX_VALUE))).isFalse(); // the difference overflows
    assertThat(frames.found()).isZero();
  }
}

package io.porthunter.capture;

import static io.porthunter.capture.Frames.ethernet;
import static io.porthunter.capture.Frames.icmp;
import static io.porthunter.capture.Frames.ipv4;
import static io.porthunter.capture.Frames.ipv6;
import static io.porthunter.capture.Frames.tcp;
import static io.porthunter.capture.Frames.udp;
import static io.porthunter.capture.Frames.v4;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameDecoderTest {
  private static final int SRC = v4(10, 77, 1, 11);
  private static final int DST = v4(10, 77, 2, 10);
  private static final long V6_HI = 0xfd77_0001_0000_0000L;
  private static final long V6_DST_HI = 0xfd77_0002_0000_0000L;
  private static final byte[] NO_OPTIONS = new byte[0];

  private static byte[] tcpV4(int flags) {
    return ipv4(SRC, DST, 6, tcp(40000, 443, flags, NO_OPTIONS, 0));
  }

  private static void assertSyn(Packet p) {
    assertThat(p.ipVersion).isEqualTo(4);
    assertThat(Decoded.source(p)).isEqualTo("10.77.1.11");
    assertThat(Decoded.destination(p)).isEqualTo("10.77.2.10");
    assertThat(p.protocol).isEqualTo(6);
    assertThat(p.srcPort).isEqualTo(40000);
    assertThat(p.dstPort).isEqualTo(443);
    assertThat(p.tcpFlags).isEqualTo(0x02);
  }

  @ParameterizedTest
  @ValueSource(ints = {0x8100, 0x88A8, 0x9100})
  void stackedVlanTagsAreWalked(int outer) {
    byte[] frame = ethernet(0x0800, tcpV4(0x02), new int[] {outer, 10}, new int[] {0x8100, 77});
    assertSyn(Decoded.frame(frame, LinkTypes.ETHERNET));
  }

  @Test
  void vlanTagCutShortLeavesNoIp() {
    byte[] frame = Arrays.copyOf(ethernet(0x0800, tcpV4(2), new int[] {0x8100, 77}), 16);
    assertThat(Decoded.frame(frame, LinkTypes.ETHERNET).ipVersion).isZero();
  }

  @Test
  void linuxCookedV1AndV2() {
    assertSyn(Decoded.frame(Frames.sll(0x0800, tcpV4(2)), LinkTypes.LINUX_SLL));
    assertSyn(Decoded.frame(Frames.sll2(0x0800, tcpV4(2)), LinkTypes.LINUX_SLL2));
  }

  @Test
  void an8023FrameWithLlcSnapCarriesIpAndAnIpv4EthertypeMayCarryIpv6() {
    byte[] snap = ByteWriter.network().u8(0xAA).u8(0xAA).u8(0x03).u8(0).u16(0).u16(0x0800).toBytes();
    byte[] ip = tcpV4(2);
    assertSyn(Decoded.frame(ethernet(8 + ip.length, concat(snap, ip)), LinkTypes.ETHERNET));
    Packet v6 = Decoded.frame(ethernet(0x0800, ipv6(V6_HI, 1, V6_DST_HI, 2, 6, tcp(50000, 22, 2, NO_OPTIONS, 0))),
        LinkTypes.ETHERNET);
    assertThat(v6.ipVersion).isEqualTo(6);
    assertThat(v6.dstPort).isEqualTo(22);
  }

  @Test
  void anMplsLabelStackIsWalkedToTheIpPacket() {
    byte[] labels = ByteWriter.network().u32(0x0001_2040L).u32(0x0003_4140L).toBytes(); // two labels, S on the second
    assertSyn(Decoded.frame(ethernet(0x8847, concat(labels, tcpV4(2))), LinkTypes.ETHERNET));
  }

  @Test
  void aPppoeSessionCarriesIp() {
    byte[] pppoe = ByteWriter.network().u8(0x11).u8(0).u16(0x1234).u16(2 + tcpV4(2).length).u16(0x0021).toBytes();
    assertSyn(Decoded.frame(ethernet(0x8864, concat(pppoe, tcpV4(2))), LinkTypes.ETHERNET));
  }

  @ParameterizedTest(name = "PPP header {0}")
  @ValueSource(strings = {"ff030021", "0021", "21"})
  void pppFramesWithOrWithoutAddressAndCompressedProtocol(String header) {
    byte[] head = java.util.HexFormat.of().parseHex(header);
    assertSyn(Decoded.frame(concat(head, tcpV4(2)), LinkTypes.PPP));
  }

  @Test
  void tunnelsAreFollowedToTheInnermostPacket() {
    byte[] ipInIp = ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 4, tcpV4(2));
    assertSyn(Decoded.frame(ipInIp, LinkTypes.RAW));
    byte[] gre = concat(ByteWriter.network().u16(0x2000).u16(0x0800).u32(77).toBytes(), tcpV4(2)); // with a key
    assertSyn(Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 47, gre), LinkTypes.RAW));
    byte[] bridged = concat(ByteWriter.network().u16(0).u16(0x6558).toBytes(), ethernet(0x0800, tcpV4(2)));
    assertSyn(Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 47, bridged), LinkTypes.RAW));
    byte[] v6 = ipv6(V6_HI, 1, V6_DST_HI, 2, 6, tcp(50000, 22, 2, NO_OPTIONS, 0));
    Packet sixInFour = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 41, v6), LinkTypes.RAW);
    assertThat(sixInFour.ipVersion).isEqualTo(6);
    assertThat(sixInFour.dstPort).isEqualTo(22);
  }

  @Test
  void vxlanIsFollowedToTheInnerFrameWhateverItHolds() {
    // RFC 7348: UDP to 4789, flags with the I bit, a 24-bit VNI, then an Ethernet frame
    byte[] vxlanHeader = ByteWriter.network().u8(0x08).zeros(3).u32(68 << 8).toBytes();
    byte[] innerSyn = concat(vxlanHeader, ethernet(0x0800, tcpV4(2)));
    byte[] outer = ByteWriter.network().u16(51234).u16(4789).u16(8 + innerSyn.length).u16(0).bytes(innerSyn)
        .toBytes();
    assertSyn(Decoded.frame(ethernet(0x0800, ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, outer)),
        LinkTypes.ETHERNET));
    // an ARP request in the overlay is an ARP request, with no IP (the outer headers only carried it)
    byte[] innerArp = concat(vxlanHeader, ethernet(0x0806, Frames.arp(1, Frames.MAC_B, SRC, new byte[6], DST)));
    byte[] carried = ByteWriter.network().u16(51234).u16(4789).u16(8 + innerArp.length).u16(0).bytes(innerArp)
        .toBytes();
    Packet arp = Decoded.frame(ethernet(0x0800, ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, carried)),
        LinkTypes.ETHERNET);
    assertThat(arp.ipVersion).isZero();
    assertThat(arp.hasPorts).isFalse();
    assertThat(arp.arpOperation).isEqualTo(1);
    // without the I flag, with nothing after the header, or cut by the snap length within the inner
    // Ethernet header, it is the datagram it is
    byte[] noFlag = innerSyn.clone();
    noFlag[0] = 0;
    for (byte[] payload : new byte[][] {noFlag, vxlanHeader, Arrays.copyOf(innerSyn, 8 + 10)}) {
      byte[] udp = ByteWriter.network().u16(51234).u16(4789).u16(8 + innerSyn.length).u16(0).bytes(payload)
          .toBytes();
      Packet datagram = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, udp), LinkTypes.RAW);
      assertThat(datagram.protocol).isEqualTo(17);
      assertThat(datagram.dstPort).isEqualTo(4789);
    }
  }

  @Test
  void geneveIsFollowedToTheInnerFrameOrPacket() {
    // RFC 8926: UDP to 6081, version 0, one 4-byte word of options, a VNI, then an Ethernet frame
    byte[] header = ByteWriter.network().u8(1).u8(0).u16(0x6558).u32(68 << 8).u32(0x0101_0100).toBytes();
    assertSyn(Decoded.frame(ethernet(0x0800, ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17,
        geneveDatagram(concat(header, ethernet(0x0800, tcpV4(2)))))), LinkTypes.ETHERNET));
    // an IPv4 packet straight after the header (protocol type 0x0800): the outer ports are gone
    byte[] ipHeader = ByteWriter.network().u8(0).u8(0).u16(0x0800).u32(68 << 8).toBytes();
    Packet ping = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17,
        geneveDatagram(concat(ipHeader, ipv4(SRC, DST, 1, Frames.icmp(8, 0, 4, 1, new byte[0]))))), LinkTypes.RAW);
    assertThat(ping.protocol).isEqualTo(1);
    assertThat(ping.icmpType).isEqualTo(8);
    assertThat(ping.hasPorts).isFalse();
    // version 1, options running past the datagram, or an IP packet of the wrong version: a datagram
    byte[] version1 = concat(header, ethernet(0x0800, tcpV4(2)));
    version1[0] |= 0x40;
    byte[] longOptions = concat(header, ethernet(0x0800, tcpV4(2)));
    longOptions[0] = 0x3F;
    byte[] wrongVersion = concat(ByteWriter.network().u8(0).u8(0).u16(0x86DD).u32(68 << 8).toBytes(), tcpV4(2));
    for (byte[] payload : new byte[][] {version1, longOptions, wrongVersion}) {
      Packet datagram = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, geneveDatagram(payload)),
          LinkTypes.RAW);
      assertThat(datagram.protocol).isEqualTo(17);
      assertThat(datagram.dstPort).isEqualTo(6081);
    }
  }

  private static byte[] geneveDatagram(byte[] payload) {
    return ByteWriter.network().u16(51234).u16(6081).u16(8 + payload.length).u16(0).bytes(payload).toBytes();
  }

  @Test
  void tunnelsNestedBeyondTheBoundStopThere() {
    byte[] frame = tcpV4(2);
    for (int i = 0; i < 3000; i++) { // a crafted frame: thousands of IP-in-IP headers
      frame = ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 4, frame);
      if (frame.length > 60_000) {
        break;
      }
    }
    Packet p = Decoded.frame(frame, LinkTypes.RAW);
    assertThat(p.ipVersion).isEqualTo(4);
    assertThat(p.protocol).isEqualTo(4);
    assertThat(p.hasPorts).isFalse();
    byte[] four = tcpV4(2);
    for (int i = 0; i < FrameDecoder.MAX_TUNNELS; i++) {
      four = ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 4, four);
    }
    assertSyn(Decoded.frame(four, LinkTypes.RAW));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void anArpRequestIsReadWithItsStationsAndNoIp() {
    byte[] request = Frames.arp(1, Frames.MAC_B, SRC, new byte[6], DST);
    Packet p = Decoded.frame(ethernet(0x0806, request), LinkTypes.ETHERNET);
    assertThat(p.ipVersion).isZero();
    assertThat(p.arpOperation).isEqualTo(1);
    assertThat(IpText.format(0, p.arpSenderLo)).isEqualTo("10.77.1.11");
    assertThat(IpText.format(0, p.arpTargetLo)).isEqualTo("10.77.2.10");
    assertThat(p.linkSource).isEqualTo(0x0200_0000_0002L); // MAC_B, the Ethernet source
    assertThat(p.linkDestination).isEqualTo(0x0200_0000_0001L); // MAC_A, its destination
    assertThat(p.arpSenderHardware).isEqualTo(0x0200_0000_0002L);
    assertThat(p.arpTargetHardware).isZero();
    Packet tagged = Decoded.frame(ethernet(0x0806, Frames.arp(2, Frames.MAC_A, DST, Frames.MAC_B, SRC),
        new int[] {0x8100, 77}), LinkTypes.ETHERNET);
    assertThat(tagged.arpOperation).isEqualTo(2);
    assertThat(IpText.format(0, tagged.arpSenderLo)).isEqualTo("10.77.2.10");
    assertThat(tagged.arpSenderHardware).isEqualTo(0x0200_0000_0001L);
    assertThat(tagged.arpTargetHardware).as("a reply names the station it answers").isEqualTo(0x0200_0000_0002L);
  }

  @Test
  void cookedCapturesGiveTheSendingStationToo() {
    byte[] request = Frames.arp(1, Frames.MAC_A, SRC, new byte[6], DST);
    assertThat(Decoded.frame(Frames.sll(0x0806, request), LinkTypes.LINUX_SLL).linkSource).isEqualTo(0x0200_0000_0001L);
    Packet v2 = Decoded.frame(Frames.sll2(0x0806, request), LinkTypes.LINUX_SLL2);
    assertThat(v2.linkSource).isEqualTo(0x0200_0000_0001L);
    assertThat(v2.arpOperation).isEqualTo(1);
    assertThat(v2.linkDestination).as("a cooked capture keeps the sender's address alone").isEqualTo(-1);
    assertThat(Decoded.frame(tcpV4(2), LinkTypes.RAW).linkSource).isEqualTo(-1);
  }

  @Test
  void neighbourSolicitationsAndAdvertisementsCarryTheirTarget() {
    byte[] target = ByteWriter.network().u64(V6_DST_HI).u64(0x10).toBytes();
    byte[] ns = icmp(135, 0, 0, 0, target); // reserved word, then the target
    Packet p = Decoded.frame(ipv6(V6_HI, 0x66, 0xff02_0000_0000_0000L, 0x0001_ff00_0010L, 58, ns), LinkTypes.RAW);
    assertThat(p.icmpType).isEqualTo(135);
    assertThat(p.hasNdTarget).isTrue();
    assertThat(IpText.format(p.ndTargetHi, p.ndTargetLo)).isEqualTo("fd77:2::10");
    byte[] na = icmp(136, 0, 0x6000, 0, target); // flags word: solicited, override
    Packet answer = Decoded.frame(ipv6(V6_DST_HI, 0x10, V6_HI, 0x66, 58, na), LinkTypes.RAW);
    assertThat(answer.hasNdTarget).isTrue();
    assertThat(answer.ndTargetLo).isEqualTo(0x10);
    byte[] cut = Arrays.copyOf(ns, 23);
    assertThat(Decoded.frame(ipv6(V6_HI, 0x66, V6_DST_HI, 0x10, 58, cut), LinkTypes.RAW).hasNdTarget).isFalse();
    assertThat(Decoded.frame(ipv6(V6_HI, 1, V6_DST_HI, 2, 58, icmp(128, 0, 1, 1, target)), LinkTypes.RAW)
        .hasNdTarget).as("an echo request carries no target").isFalse();
  }

  @Test
  void arpCutShortOrForAnotherProtocolIsNoArp() {
    byte[] request = Frames.arp(1, Frames.MAC_B, SRC, new byte[6], DST);
    Packet cut = Decoded.frame(ethernet(0x0806, Arrays.copyOf(request, 27)), LinkTypes.ETHERNET);
    assertThat(cut.arpOperation).isEqualTo(-1);
    request[3] = 0x01; // protocol type 0x0801: not IPv4
    assertThat(Decoded.frame(ethernet(0x0806, request), LinkTypes.ETHERNET).arpOperation).isEqualTo(-1);
  }

  @ParameterizedTest(name = "destination MAC starting {0}: group {1}")
  @CsvSource({"0xFF, true", "0x01, true", "0x33, true", "0x00, false", "0x02, false"})
  void anEthernetGroupDestinationIsMarked(int firstByte, boolean group) {
    byte[] frame = ethernet(0x0800, ipv4(SRC, DST, 17, udp(5353, 161, 0)));
    frame[0] = (byte) firstByte;
    Packet p = Decoded.frame(frame, LinkTypes.ETHERNET);
    assertThat(p.linkGroupDestination).isEqualTo(group);
    assertThat(p.dstPort).isEqualTo(161);
  }

  @ParameterizedTest(name = "first byte {0}, cookie {1}: STUN {2}")
  @CsvSource({"0x00, 0x2112A442, true", "0x01, 0x2112A442, true", "0x40, 0x2112A442, false", "0x00, 0x2112A443, false"})
  void aUdpDatagramCarryingAStunMessageIsMarked(int firstByte, long cookie, boolean stun) {
    // a Binding Request (type 0x0001, length 0, the cookie, a 12-byte transaction id)
    byte[] message = ByteWriter.network().u8(firstByte).u8(1).u16(0).u32(cookie).zeros(12).toBytes();
    byte[] datagram = ByteWriter.network().u16(50000).u16(3478).u16(8 + message.length).u16(0).bytes(message)
        .toBytes();
    Packet p = Decoded.frame(ethernet(0x0800, ipv4(SRC, DST, 17, datagram)), LinkTypes.ETHERNET);
    assertThat(p.dstPort).isEqualTo(3478);
    assertThat(p.stunMessage).isEqualTo(stun);
  }

  @ParameterizedTest(name = "from port {0}, flags {1}, {2} questions: no answer {3}")
  @CsvSource({"53, 0x8180, 1, false", "53, 0x0100, 1, true", "53, 0xE3CA, 0, true", "53, 0x8001, 0, false",
      "53, 0x8000, 0, true", "5353, 0x0100, 1, false"})
  void aDatagramFromPort53IsMarkedWhenItsDnsHeaderIsNoAnswer(int sport, int flags, int questions, boolean mark) {
    // an answer sets QR and repeats its question (a FORMERR may not); nmap's -g 53 probes carry other
    // ports' payloads (0xE3CA: opcode 12, which no one uses)
    byte[] header = ByteWriter.network().u16(0x3eec).u16(flags).u16(questions).zeros(6).toBytes();
    byte[] datagram = ByteWriter.network().u16(sport).u16(40003).u16(8 + header.length).u16(0).bytes(header)
        .toBytes();
    Packet p = Decoded.frame(ethernet(0x0800, ipv4(SRC, DST, 17, datagram)), LinkTypes.ETHERNET);
    assertThat(p.srcPort).isEqualTo(sport);
    assertThat(p.dnsNonAnswer).isEqualTo(mark);
  }

  @ParameterizedTest(name = "to port {0}, flags {1}, {2} questions, {3} type {4}, {5} bytes: reverse lookup {6}")
  @CsvSource({"53, 0x0100, 1, 21.1.32.10.in-addr.arpa, 12, 0, true",
      "53, 0x0100, 1, 1.0.0.0.ip6.ARPA, 12, 0, true",
      "53, 0x0100, 1, 21.1.32.10.in-addr.arpa, 1, 0, false", // an A query
      "53, 0x0100, 1, version.bind, 12, 0, false",
      "53, 0x8180, 1, 21.1.32.10.in-addr.arpa, 12, 0, false", // an answer
      "53, 0x1000, 1, 21.1.32.10.in-addr.arpa, 12, 0, false", // nmap's status request opcode
      "53, 0x0100, 2, 21.1.32.10.in-addr.arpa, 12, 0, false",
      "53, 0x0100, 1, arpa, 12, 0, false",
      "53, 0x0100, 1, 21.1.32.10.in-addr.arpa, 12, 3, false", // cut before the type
      "5353, 0x0100, 1, 21.1.32.10.in-addr.arpa, 12, 0, false"})
  void aPtrQueryForAnAddressIsAReverseLookup(int dport, int flags, int questions, String name, int type,
      int cut, boolean lookup) {
    ByteWriter message = ByteWriter.network().u16(0x3eec).u16(flags).u16(questions).zeros(6);
    for (String label : name.split("\\.")) {
      message.u8(label.length()).bytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    byte[] dns = message.u8(0).u16(type).u16(1).toBytes();
    byte[] datagram = ByteWriter.network().u16(40003).u16(dport).u16(8 + dns.length).u16(0).bytes(dns).toBytes();
    byte[] frame = ethernet(0x0800, ipv4(SRC, DST, 17, datagram));
    Packet p = Decoded.frame(Arrays.copyOf(frame, frame.length - cut), LinkTypes.ETHERNET);
    assertThat(p.dstPort).isEqualTo(dport);
    assertThat(p.dnsReverseLookup).isEqualTo(lookup);
  }

  @ParameterizedTest(name = "{0} type {1}, flags {2}: priming {3}")
  @CsvSource({"'', 2, 0x0000, true", "'', 1, 0x0000, false", "com, 2, 0x0000, false", "'', 2, 0x8000, false",
      "'', 2, 0x1000, false"})
  void aStandardQueryForTheRootsNameServersIsAPrimingQuery(String name, int type, int flags, boolean priming) {
    ByteWriter message = ByteWriter.network().u16(0x1d2e).u16(flags).u16(1).zeros(6);
    if (!name.isEmpty()) {
      message.u8(name.length()).bytes(name.getBytes(StandardCharsets.US_ASCII));
    }
    byte[] dns = message.u8(0).u16(type).u16(1).toBytes();
    byte[] datagram = ByteWriter.network().u16(40003).u16(53).u16(8 + dns.length).u16(0).bytes(dns).toBytes();
    Packet p = Decoded.frame(ipv4(SRC, DST, 17, datagram), LinkTypes.RAW);
    assertThat(p.dnsRootPriming).isEqualTo(priming);
    assertThat(p.dnsReverseLookup).isFalse();
  }

  @ParameterizedTest(name = "a name of {0} octets: reverse lookup {1}")
  @CsvSource({"255, true", "256, false"})
  void aReverseLookupsNameHoldsAt255Octets(int octets, boolean lookup) {
    // three labels of 63, one to make up the length, then in-addr.arpa and the root's zero byte
    ByteWriter name = ByteWriter.network();
    for (int i = 0; i < 3; i++) {
      name.u8(63).bytes("1".repeat(63).getBytes(StandardCharsets.US_ASCII));
    }
    int last = octets - 3 * 64 - 8 - 5 - 1 - 1;
    name.u8(last).bytes("2".repeat(last).getBytes(StandardCharsets.US_ASCII));
    byte[] question = name.u8(7).bytes("in-addr".getBytes(StandardCharsets.US_ASCII)).u8(4)
        .bytes("arpa".getBytes(StandardCharsets.US_ASCII)).u8(0).toBytes();
    assertThat(question).hasSize(octets);
    byte[] dns = ByteWriter.network().u16(1).u16(0x0100).u16(1).zeros(6).bytes(question).u16(12).u16(1).toBytes();
    byte[] datagram = ByteWriter.network().u16(40003).u16(53).u16(8 + dns.length).u16(0).bytes(dns).toBytes();
    assertThat(Decoded.frame(ipv4(SRC, DST, 17, datagram), LinkTypes.RAW).dnsReverseLookup).isEqualTo(lookup);
  }

  @Test
  void aDnsNameRunningPastTheCapturedBytesOrWithAPointerIsNoReverseLookup() {
    byte[] pointer = ByteWriter.network().u16(1).u16(0x0100).u16(1).zeros(6).u8(2).bytes(new byte[] {'1', '0'})
        .u16(0xC00C).u16(12).u16(1).toBytes();
    byte[] endless = ByteWriter.network().u16(1).u16(0x0100).u16(1).zeros(6).u8(63).zeros(20).toBytes();
    for (byte[] dns : List.of(pointer, endless)) {
      byte[] datagram = ByteWriter.network().u16(40003).u16(53).u16(8 + dns.length).u16(0).bytes(dns).toBytes();
      assertThat(Decoded.frame(ipv4(SRC, DST, 17, datagram), LinkTypes.RAW).dnsReverseLookup).isFalse();
    }
  }

  @ParameterizedTest(name = "{0} over {1}, {2} bytes cut: peer message {3}")
  @CsvSource({"^BitTorrent protocol........, 6, 0, true", "^BitTorrent protocol, 6, 1, false",
      "^BitTorrent protocoL, 6, 0, false", "BitTorrent protocol, 6, 0, false",
      "d1:ad2:id20:abcdefghijklmnopqrst, 17, 0, true",
      "d1:rd2:id20:abcdefghijklmnopqrst, 17, 0, true", "d1:eli201e, 17, 0, false", "GET / HTTP/1.1, 6, 0, false",
      "d1:ad2:id20:, 6, 0, true", "d1:ad2:id20:, 17, 1, false"})
  void aBitTorrentHandshakeOrDhtMessageIsAPeerProtocolMessage(String payload, int protocol, int cut, boolean peer) {
    // "^" stands for the handshake's length byte, 19, which the CSV reader would trim as blank
    byte[] data = payload.replace('^', (char) 19).getBytes(StandardCharsets.ISO_8859_1);
    byte[] header = protocol == 6 ? Frames.tcp(50000, 51413, 0x18, new byte[0], 0) : Frames.udp(50000, 6881, 0);
    byte[] segment = ByteWriter.network().bytes(header).bytes(data).toBytes();
    if (protocol == 17) {
      segment[5] = (byte) segment.length; // the UDP length
    }
    byte[] frame = ipv4(SRC, DST, protocol, segment);
    Packet p = Decoded.frame(Arrays.copyOf(frame, frame.length - cut), LinkTypes.RAW);
    assertThat(p.payloadLength).isEqualTo(data.length);
    assertThat(p.peerProtocol).isEqualTo(peer);
  }

  @ParameterizedTest(name = "{0} to port {1}, {2} bytes cut: {3}")
  @CsvSource(delimiter = '|', value = {"PORT 10,37,9,4,0,21~| 21| 0| 10.37.9.4:21",
      "port 192,168,1,200,12,234~| 21| 0| 192.168.1.200:3306", "PORT 10,37,9,4,0,21| 21| 0| none",
      "PORT 10,37,9,4,0,21~| 2121| 0| ''", "PORT 10,37,9,256,0,21~| 21| 0| none",
      "PORT 10,37,9,4,0~| 21| 0| none", "PORT 10,37,9,4,0,21,7~| 21| 0| none", "PORT 10,37,9,4,0,21~| 21| 3| none",
      "PORTS 10,37,9,4,0,21~| 21| 0| none", "PORT 10,37,9,4,0,0021~| 21| 0| none", "EPRT !1!10.37.9.4!21!~| 21| 0| none", "PORT 1,2,3,4,5,6 x| 21| 0| none"})
  void anFtpPortCommandsAddressAndPortAreDecoded(String command, int port, int cut, String named) {
    // RFC 959: PORT h1,h2,h3,h4,p1,p2 to the control port, ended by CRLF ("~" here); read for port 21 only
    byte[] data = command.replace("~", "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    byte[] segment = ByteWriter.network().bytes(Frames.tcp(36828, port, 0x18, new byte[0], 0)).bytes(data).toBytes();
    byte[] frame = ipv4(SRC, DST, 6, segment);
    Packet p = Decoded.frame(Arrays.copyOf(frame, frame.length - cut), LinkTypes.RAW);
    if (port != 21) {
      return; // the field is meaningful for segments to port 21 alone
    }
    if (named.equals("none")) {
      assertThat(p.ftpPortPort).isEqualTo(-1);
    } else {
      assertThat(IpText.format(0, p.ftpPortLo) + ":" + p.ftpPortPort).isEqualTo(named);
    }
  }

  @ParameterizedTest(name = "{0} -> {1}, op {2}, {3} bytes: offers {4}")
  @CsvSource({"67, 68, 2, 240, 10.121.0.45", "67, 68, 1, 240, ''", "68, 67, 2, 240, ''", "67, 68, 2, 19, ''",
      "67, 68, 2, 20, 10.121.0.45", "67, 67, 2, 240, 10.121.0.45", "67, 67, 1, 240, ''", "67, 69, 2, 240, ''"})
  void aDhcpServersReplyGivesTheAddressItOffers(int sport, int dport, int op, int captured, String offered) {
    // 67 -> 67: through a relay agent; its requests on the same ports are no replies
    byte[] message = ByteWriter.network().u8(op).u8(1).u8(6).u8(0).u32(0x1234).zeros(8).u8(10).u8(121).u8(0).u8(45)
        .zeros(240 - 20).toBytes();
    byte[] datagram = ByteWriter.network().u16(sport).u16(dport).u16(8 + message.length).u16(0).bytes(message)
        .toBytes();
    byte[] frame = ethernet(0x0800, ipv4(SRC, DST, 17, datagram));
    Packet p = Decoded.frame(Arrays.copyOf(frame, frame.length - message.length + captured), LinkTypes.ETHERNET);
    assertThat(p.bootpYourAddressLo == 0 ? "" : IpText.format(0, p.bootpYourAddressLo)).isEqualTo(offered);
  }

  @ParameterizedTest(name = "{0} -> {1}, op {2}: {3}")
  @CsvSource({"68, 67, 1, 1", "67, 67, 1, 1", "67, 68, 2, 2", "67, 67, 2, 2", "67, 68, 1, 0", "68, 67, 2, 0",
      "69, 67, 1, 0", "67, 69, 2, 0", "68, 68, 1, 0"})
  void aBootpMessageSaysWhetherItIsARequestOrAReplyAndItsTransaction(int sport, int dport, int op, int kind) {
    // requests go to the server's 67 from a client's 68 or a relay's 67; replies back from 67
    byte[] message = ByteWriter.network().u8(op).u8(1).u8(6).u8(0).u32(0x074a0c7c).zeros(240 - 8).toBytes();
    byte[] datagram = ByteWriter.network().u16(sport).u16(dport).u16(8 + message.length).u16(0).bytes(message)
        .toBytes();
    Packet p = Decoded.frame(ethernet(0x0800, ipv4(SRC, DST, 17, datagram)), LinkTypes.ETHERNET);
    assertThat(p.bootpOp).isEqualTo(kind);
    if (kind != 0) {
      assertThat(p.bootpTransactionId).isEqualTo(0x074a0c7c);
    }
  }

  @ParameterizedTest(name = "ciaddr {0}.{1}.{2}.{3}: {4}")
  @CsvSource({"0, 0, 0, 0, ''", "10, 121, 0, 45, 10.121.0.45", "0, 0, 0, 1, 0.0.0.1", "128, 0, 0, 0, 128.0.0.0"})
  void aRequestGivesTheAddressItsClientHolds(int a, int b, int c, int d, String held) {
    // ciaddr, 12 bytes in: set by a client renewing or rebinding its lease (RFC 2131 table 5)
    byte[] message = ByteWriter.network().u8(1).u8(1).u8(6).u8(0).u32(0x074a0c7c).zeros(4).u8(a).u8(b).u8(c).u8(d)
        .zeros(240 - 16).toBytes();
    byte[] datagram = ByteWriter.network().u16(68).u16(67).u16(8 + message.length).u16(0).bytes(message).toBytes();
    Packet p = Decoded.frame(ethernet(0x0800, ipv4(SRC, DST, 17, datagram)), LinkTypes.ETHERNET);
    assertThat(p.bootpOp).isEqualTo(Packet.BOOTP_REQUEST);
    assertThat(p.bootpClientAddressLo == 0 ? "" : IpText.format(0, p.bootpClientAddressLo)).isEqualTo(held);
  }

  @Test
  void aDatagramFromPort53CutBeforeItsQuestionCountIsNotMarked() {
    // the snap length stops the capture within the header of a 12-byte payload: nothing is known of it
    byte[] datagram = ByteWriter.network().u16(53).u16(40003).u16(8 + 12).u16(0).u16(0x3eec).u8(0x01).u8(0).u8(0)
        .toBytes();
    assertThat(Decoded.frame(ipv4(SRC, DST, 17, 0, 8 + 12, datagram), LinkTypes.RAW).dnsNonAnswer).isFalse();
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 5, 11})
  void aDatagramFromPort53ShorterThanADnsHeaderIsNoAnswer(int payload) {
    // nmap -sU -g 53 sends each port's probe from port 53: Apple Remote Desktop's (udp/3283) is 5
    // bytes, which no DNS message is
    assertThat(Decoded.frame(ipv4(SRC, DST, 17, udp(53, 3283, payload)), LinkTypes.RAW).dnsNonAnswer).isTrue();
  }

  @Test
  void aUdpDatagramCutBeforeTheStunCookieIsNoStunMessage() {
    byte[] datagram = ByteWriter.network().u16(50000).u16(3478).u16(8 + 20).u16(0).u8(0).u8(1).u16(0).u16(0x2112)
        .toBytes(); // the capture stops within the cookie
    assertThat(Decoded.frame(ipv4(SRC, DST, 17, datagram), LinkTypes.RAW).stunMessage).isFalse();
    assertThat(Decoded.frame(ipv4(SRC, DST, 17, udp(50000, 3478, 20)), LinkTypes.RAW).stunMessage).isFalse();
  }

  @ParameterizedTest(name = "cooked packet type {0}: group {1}")
  @CsvSource({"0, false", "1, true", "2, true", "3, false", "4, false"})
  void cookedCapturesMarkBroadcastAndMulticastPacketTypes(int packetType, boolean group) {
    byte[] v1 = Frames.sll(0x0800, tcpV4(2));
    v1[1] = (byte) packetType;
    byte[] v2 = Frames.sll2(0x0800, tcpV4(2));
    v2[10] = (byte) packetType;
    assertThat(Decoded.frame(v1, LinkTypes.LINUX_SLL).linkGroupDestination).isEqualTo(group);
    assertThat(Decoded.frame(v2, LinkTypes.LINUX_SLL2).linkGroupDestination).isEqualTo(group);
  }

  @ParameterizedTest
  @ValueSource(ints = {LinkTypes.RAW, LinkTypes.RAW_BSD_12, LinkTypes.RAW_BSD_14, LinkTypes.IPV4})
  void rawIpv4(int linkType) {
    assertSyn(Decoded.frame(tcpV4(2), linkType));
  }

  @Test
  void rawIpv6TakesTheVersionFromTheFirstNibble() {
    byte[] v6 = ipv6(V6_HI, 0x11, V6_DST_HI, 0x10, 17, udp(5353, 53, 4));
    Packet p = Decoded.frame(v6, LinkTypes.RAW);
    assertThat(p.ipVersion).isEqualTo(6);
    assertThat(Decoded.source(p)).isEqualTo("fd77:1::11");
    assertThat(p.dstPort).isEqualTo(53);
    assertThat(p.payloadLength).isEqualTo(4);
  }

  @ParameterizedTest
  @CsvSource({"2,false,4", "2,true,4", "24,false,6", "28,true,6", "30,false,6", "99,false,0"})
  void bsdLoopbackFamilyInEitherByteOrder(int family, boolean bigEndian, int version) {
    byte[] payload = version == 6
        ? ipv6(V6_HI, 1, V6_DST_HI, 2, 6, tcp(1, 2, 2, NO_OPTIONS, 0))
        : tcpV4(2);
    Packet p = Decoded.frame(Frames.loopback(family, bigEndian, payload), LinkTypes.NULL);
    assertThat(p.ipVersion).isEqualTo(version);
  }

  @Test
  void openBsdLoopIsNetworkOrder() {
    assertSyn(Decoded.frame(Frames.loopback(2, true, tcpV4(2)), LinkTypes.LOOP));
    assertThat(Decoded.frame(Frames.loopback(2, false, tcpV4(2)), LinkTypes.LOOP).ipVersion)
        .isZero();
  }

  @Test
  void unknownLinkTypeDecodesNothing() {
    Packet p = Decoded.frame(tcpV4(2), 147);
    assertThat(p.ipVersion).isZero();
    assertThat(p.protocol).isEqualTo(-1);
  }

  @Test
  void optionsOfSegmentsOtherThanSynAreSkipped() {
    byte[] options = {2, 4, 0x05, (byte) 0xB4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0};
    byte[] seg = tcp(40000, 80, 0x10, options, 5);
    Packet p = Decoded.frame(ethernet(0x0800, ipv4(SRC, DST, 6, seg)), LinkTypes.ETHERNET);
    assertThat(p.tcpOptionsLength).isEqualTo(20);
    assertThat(p.tcpOptionCount).isZero();
    assertThat(p.tcpMss).isEqualTo(-1);
    assertThat(p.payloadLength).isEqualTo(5);
  }

  @Test
  void aSegmentBeginningWithTheUsualTimestampLayoutSaysSo() {
    byte[] timestamps = {1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 9};
    Packet p = Decoded.frame(ethernet(0x0800, ipv4(SRC, DST, 6, tcp(6667, 10001, 0x10, timestamps, 0))),
        LinkTypes.ETHERNET);
    assertThat(p.tcpOptionKinds).isEqualTo(0x08_01_01L);
    assertThat(p.tcpOptionCount).isEqualTo(3);
    byte[] otherwise = {8, 10, 0, 0, 0, 7, 0, 0, 0, 9, 1, 1}; // timestamps, but not laid out as usual
    Packet q = Decoded.frame(ethernet(0x0800, ipv4(SRC, DST, 6, tcp(6667, 10001, 0x10, otherwise, 0))),
        LinkTypes.ETHERNET);
    assertThat(q.tcpOptionKinds).isZero();
    byte[] nothingEchoed = {1, 1, 8, 10, 0, 0, 0, 7, 0, 0, 0, 0}; // hping3 --tcp-timestamp
    Packet r = Decoded.frame(ethernet(0x0800, ipv4(SRC, DST, 6, tcp(6667, 10001, 0x10, nothingEchoed, 0))),
        LinkTypes.ETHERNET);
    assertThat(r.tcpOptionKinds).isZero();
  }

  @Test
  void tcpHeaderFieldsAndOptionsInOrder() {
    byte[] options = {2, 4, 0x05, (byte) 0xB4, 1, 3, 3, 7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0};
    byte[] seg = tcp(40000, 80, 0x100 | 0xC2, options, 5);
    Packet p = Decoded.frame(ethernet(0x0800, ipv4(SRC, DST, 6, seg)), LinkTypes.ETHERNET);
    assertThat(p.hasTcp).isTrue();
    assertThat(p.tcpFlags).isEqualTo(0x1C2);
    assertThat(p.tcpSeq).isEqualTo(1000);
    assertThat(p.tcpAck).isEqualTo(2000);
    assertThat(p.tcpWindow).isEqualTo(1024);
    assertThat(p.tcpOptionsLength).isEqualTo(20);
    assertThat(p.tcpMss).isEqualTo(1460);
    assertThat(p.tcpOptionCount).isEqualTo(5);
    assertThat(p.tcpOptionKinds).isEqualTo(0x08_04_03_01_02L);
    assertThat(p.payloadLength).isEqualTo(5);
    assertThat(p.ttl).isEqualTo(64);
    assertThat(p.ipId).isEqualTo(0x1234);
  }

  @Test
  void snapLengthCutInsideTcpHeaderKeepsPortsOnly() {
    byte[] whole = ethernet(0x0800, tcpV4(0x12));
    Packet p = Decoded.frame(Arrays.copyOf(whole, 14 + 20 + 10), LinkTypes.ETHERNET);
    assertThat(p.ipVersion).isEqualTo(4);
    assertThat(p.hasPorts).isTrue();
    assertThat(p.srcPort).isEqualTo(40000);
    assertThat(p.hasTcp).isFalse();
    assertThat(p.tcpFlags).isZero();
    assertThat(p.payloadLength).isEqualTo(20);
  }

  @ParameterizedTest
  @CsvSource({"15, false", "16, true", "19, true"})
  void aTcpHeaderCutAfterItsWindowStillGivesItsFlagsAsTsharkDoes(int tcpBytes, boolean flags) {
    // a SYN on a VLAN trunk captured with -s 54 keeps 16 bytes of its TCP header
    byte[] whole = ethernet(0x0800, tcpV4(0x02), new int[] {0x8100, 20});
    Packet p = Decoded.frame(Arrays.copyOf(whole, 18 + 20 + tcpBytes), LinkTypes.ETHERNET);
    assertThat(p.hasPorts).isTrue();
    assertThat(p.hasTcp).isEqualTo(flags);
    assertThat(p.tcpFlags).isEqualTo(flags ? 0x02 : 0);
  }

  @Test
  void aTcpHeaderIsCutShortOnlyWhenTheCaptureEndedBeforeTheDatagramDid() {
    byte[] segment = Frames.tcp(40000, 22, 0x02, new byte[0], 0);
    byte[] whole = ethernet(0x86DD, Frames.ipv6(1, 1, 1, 2, 6, segment));
    Packet cut = Decoded.frame(Arrays.copyOf(whole, 14 + 40 + 10), 1); // tcpdump -s 64
    assertThat(cut.tcpHeaderCutShort).isTrue();
    assertThat(cut.dstPort).isEqualTo(22);
    assertThat(Decoded.frame(whole, 1).tcpHeaderCutShort).isFalse();
    // a datagram whose TCP header is 10 bytes long is malformed, not cut: the capture holds it all
    byte[] shortDatagram = ethernet(0x86DD, Frames.ipv6(1, 1, 1, 2, 6, Arrays.copyOf(segment, 10)));
    assertThat(Decoded.frame(shortDatagram, 1).tcpHeaderCutShort).isFalse();
  }

  @Test
  void snapLengthCutInsideIpHeaderLeavesNoAddresses() {
    Packet p = Decoded.frame(Arrays.copyOf(ethernet(0x0800, tcpV4(2)), 14 + 19), 1);
    assertThat(p.ipVersion).isZero();
    assertThat(p.hasPorts).isFalse();
  }

  @Test
  void sctpPortsAndFirstChunkAreDecodedAlsoWhenQuotedInAnIcmpError() {
    // common header (ports, verification tag, checksum), then an INIT chunk (type 1)
    byte[] init = ByteWriter.network().u16(40000).u16(2905).u32(0).u32(0).u8(1).u8(0).u16(20).zeros(16).toBytes();
    Packet p = Decoded.frame(ipv4(SRC, DST, 132, init), LinkTypes.RAW);
    assertThat(p.protocol).isEqualTo(132);
    assertThat(p.hasPorts).isTrue();
    assertThat(p.srcPort).isEqualTo(40000);
    assertThat(p.dstPort).isEqualTo(2905);
    assertThat(p.sctpChunkType).isEqualTo(1);
    assertThat(p.payloadLength).isEqualTo(20);
    Packet error = Decoded.frame(ipv4(DST, SRC, 1, Frames.icmp(3, 2, 0, 0, ipv4(SRC, DST, 132, init))), LinkTypes.RAW);
    assertThat(error.quotedProtocol).isEqualTo(132);
    assertThat(error.quotedHasPorts).isTrue();
    assertThat(error.quotedDstPort).isEqualTo(2905);
    // a UDP datagram has no chunk
    assertThat(Decoded.frame(ipv4(SRC, DST, 17, udp(1, 2, 0)), LinkTypes.RAW).sctpChunkType).isEqualTo(-1);
  }

  @ParameterizedTest(name = "an INIT chunk of {0} bytes captured")
  @ValueSource(ints = {20, 19})
  void anSctpInitsReceiveWindowAndStreamCountsAreDecodedWhenItsFixedPartIsCaptured(int captured) {
    // RFC 9260 3.3.2: type 1, flags, length, Initiate Tag, a_rwnd, outbound and inbound streams, Initial TSN
    byte[] chunk = ByteWriter.network().u8(1).u8(0).u16(20).u32(0xA1B2C3D4L).u32(32768).u16(10).u16(2048)
        .u32(7).toBytes();
    byte[] sctp = ByteWriter.network().u16(57370).u16(80).u32(0).u32(0).bytes(Arrays.copyOf(chunk, captured))
        .toBytes();
    Packet p = Decoded.frame(ipv4(SRC, DST, 132, sctp), LinkTypes.RAW);
    assertThat(p.sctpChunkType).isEqualTo(1);
    boolean whole = captured == 20;
    assertThat(p.sctpInitArwnd).isEqualTo(whole ? 32768 : -1);
    assertThat(p.sctpInitOutboundStreams).isEqualTo(whole ? 10 : -1);
    assertThat(p.sctpInitInboundStreams).isEqualTo(whole ? 2048 : -1);
  }

  @ParameterizedTest(name = "a chunk header of {0} bytes captured")
  @ValueSource(ints = {4, 3})
  void anSctpChunksLengthIsDecodedWhenItsHeaderIsCaptured(int captured) {
    // nmap -sZ's COOKIE ECHO (type 10): the chunk header, length 8, and a 4-byte cookie
    byte[] chunk = ByteWriter.network().u8(10).u8(0).u16(8).u32(0x98378E0FL).toBytes();
    byte[] sctp = ByteWriter.network().u16(57309).u16(18).u32(0xC31CFC7EL).u32(0)
        .bytes(Arrays.copyOf(chunk, captured)).toBytes();
    Packet p = Decoded.frame(ipv4(SRC, DST, 132, sctp), LinkTypes.RAW);
    assertThat(p.sctpChunkType).isEqualTo(10);
    assertThat(p.sctpChunkLength).isEqualTo(captured == 4 ? 8 : -1);
  }

  @Test
  void anSctpChunkOtherThanInitHasNoInitFields() {
    // an ABORT (type 6) whose bytes would read as nmap's INIT values
    byte[] sctp = ByteWriter.network().u16(80).u16(57370).u32(0).u32(0).u8(6).u8(0).u16(20).u32(0).u32(32768)
        .u16(10).u16(2048).u32(0).toBytes();
    Packet p = Decoded.frame(ipv4(SRC, DST, 132, sctp), LinkTypes.RAW);
    assertThat(p.sctpChunkType).isEqualTo(6);
    assertThat(p.sctpInitArwnd).isEqualTo(-1);
  }

  @Test
  void ipv4OptionsAreSkipped() {
    byte[] l4 = udp(1234, 161, 0);
    byte[] ip = ByteWriter.network().u8(0x46).u8(0).u16(24 + l4.length).u16(1).u16(0).u8(3)
        .u8(17).u16(0).u32(SRC).u32(DST).u32(0x01010100).bytes(l4).toBytes();
    Packet p = Decoded.frame(ip, LinkTypes.RAW);
    assertThat(p.dstPort).isEqualTo(161);
    assertThat(p.ttl).isEqualTo(3);
  }

  @ParameterizedTest(name = "IHL {0} words, total length {1}")
  @CsvSource({"5, 10", "15, 20", "5, 19"})
  void ipv4TotalLengthBelowTheHeaderIsBogusAndDecodesNothing(int ihl, int totalLength) {
    byte[] l4 = tcp(1234, 80, 0x02, NO_OPTIONS, 0);
    byte[] ip = ByteWriter.network().u8(0x40 | ihl).u8(0).u16(totalLength).u16(1).u16(0).u8(64)
        .u8(6).u16(0).u32(SRC).u32(DST).zeros(ihl * 4 - 20).bytes(l4).toBytes();
    Packet p = Decoded.frame(ip, LinkTypes.RAW);
    assertThat(p.ipVersion).as("tshark: Bogus IP length").isZero();
    assertThat(p.hasPorts).isFalse();
  }

  @Test
  void ipv4TotalLengthZeroIsSegmentationOffloadAndTheCapturedBytesCount() {
    byte[] l4 = tcp(1234, 80, 0x18, NO_OPTIONS, 100);
    byte[] ip = ByteWriter.network().u8(0x45).u8(0).u16(0).u16(1).u16(0).u8(64)
        .u8(6).u16(0).u32(SRC).u32(DST).bytes(l4).toBytes();
    Packet p = Decoded.frame(ip, LinkTypes.RAW);
    assertThat(p.ipVersion).isEqualTo(4);
    assertThat(p.tcpFlags).isEqualTo(0x18);
    assertThat(p.payloadLength).isEqualTo(100);
  }

  @ParameterizedTest(name = "data offset {0} words")
  @ValueSource(ints = {0, 3, 4})
  void tcpDataOffsetBelowFiveWordsKeepsThePortsOnly(int words) {
    byte[] l4 = tcp(40000, 443, 0x02, NO_OPTIONS, 0);
    l4[12] = (byte) (words << 4);
    Packet p = Decoded.frame(ipv4(SRC, DST, 6, l4), LinkTypes.RAW);
    assertThat(p.hasPorts).isTrue();
    assertThat(p.dstPort).isEqualTo(443);
    assertThat(p.hasTcp).as("tshark: bogus TCP header length").isFalse();
    assertThat(p.tcpFlags).isZero();
    assertThat(p.tcpSeq).isEqualTo(-1);
  }

  /** An IPv4 fragment of a datagram with id 0x1234: {@code units} of 8 bytes in, more to come or not. */
  private static byte[] v4Fragment(int proto, byte[] whole, int fromUnit, int bytes, boolean more) {
    byte[] piece = Arrays.copyOfRange(whole, fromUnit * 8, fromUnit * 8 + bytes);
    return ipv4(SRC, DST, proto, (more ? 0x2000 : 0) | fromUnit, piece.length, piece);
  }

  @Test
  void aLaterFragmentAloneCarriesNoTransport() {
    Packet p = Decoded.frame(ipv4(SRC, DST, 17, 185, 16, udp(1, 2, 8)), LinkTypes.RAW);
    assertThat(p.unassembledFragment).isTrue();
    assertThat(p.protocol).isEqualTo(17);
    assertThat(p.hasPorts).isFalse();
    assertThat(p.payloadLength).isEqualTo(16);
  }

  @Test
  void aTcpHeaderSplitInEightByteFragmentsIsReassembledOnTheFragmentThatCompletesIt() {
    byte[] syn = tcp(40000, 443, 0x02, NO_OPTIONS, 0); // nmap -f: 8, 8 and 4 bytes of header
    List<Packet> ps = Decoded.frames(LinkTypes.RAW, v4Fragment(6, syn, 0, 8, true), v4Fragment(6, syn, 1, 8, true),
        v4Fragment(6, syn, 2, 4, false));
    assertThat(ps).extracting(p -> p.unassembledFragment).containsExactly(true, true, false);
    assertThat(ps).extracting(p -> p.hasPorts).containsExactly(false, false, true);
    Packet whole = ps.get(2);
    assertThat(whole.reassembled).isTrue();
    assertSyn(whole);
    assertThat(whole.hasTcp).isTrue();
    assertThat(whole.payloadLength).isZero();
  }

  @Test
  void fragmentsOutOfOrderCompleteOnTheLastToArrive() {
    byte[] datagram = udp(5353, 161, 30);
    List<Packet> ps = Decoded.frames(LinkTypes.RAW, v4Fragment(17, datagram, 4, 6, false),
        v4Fragment(17, datagram, 0, 16, true), v4Fragment(17, datagram, 2, 16, true));
    assertThat(ps).extracting(p -> p.reassembled).containsExactly(false, false, true);
    assertThat(ps.get(2).dstPort).isEqualTo(161);
    assertThat(ps.get(2).payloadLength).isEqualTo(30);
  }

  @Test
  void aDatagramMissingAFragmentOrSplitWithoutEndNeverCarriesATransportHeader() {
    byte[] syn = tcp(40000, 443, 0x02, NO_OPTIONS, 0);
    List<Packet> gap = Decoded.frames(LinkTypes.RAW, v4Fragment(6, syn, 0, 8, true), v4Fragment(6, syn, 2, 4, false));
    List<Packet> noEnd = Decoded.frames(LinkTypes.RAW, v4Fragment(6, syn, 0, 8, true), v4Fragment(6, syn, 1, 8, true));
    assertThat(gap).extracting(p -> p.hasPorts).containsExactly(false, false);
    assertThat(noEnd).extracting(p -> p.hasPorts).containsExactly(false, false);
  }

  @Test
  void aSnapLengthCutLaterFragmentStillCompletesItsDatagram() {
    byte[] datagram = udp(4000, 53, 300);
    byte[] last = v4Fragment(17, datagram, 2, datagram.length - 16, false);
    List<Packet> ps = Decoded.frames(LinkTypes.RAW, v4Fragment(17, datagram, 0, 16, true),
        Arrays.copyOf(last, 20 + 40)); // only 40 of its 292 payload bytes captured
    assertThat(ps.get(1).reassembled).isTrue();
    assertThat(ps.get(1).dstPort).isEqualTo(53);
    assertThat(ps.get(1).payloadLength).isEqualTo(300);
  }

  @Test
  void ipv6ExtensionHeadersAreWalkedToTcp() {
    byte[] rest = Frames.extension(43, 1,
        Frames.extension(60, 2,
            Frames.extension(51, 1,
                Frames.authentication(6, 4, tcp(50000, 22, 2, NO_OPTIONS, 3)))));
    byte[] frame = ethernet(0x86DD, ipv6(V6_HI, 0x11, V6_DST_HI, 0x10, 0, rest));
    Packet p = Decoded.frame(frame, LinkTypes.ETHERNET);
    assertThat(p.ipVersion).isEqualTo(6);
    assertThat(p.ipHeaderProtocol).isZero();
    assertThat(p.protocol).isEqualTo(6);
    assertThat(p.dstPort).isEqualTo(22);
    assertThat(p.tcpFlags).isEqualTo(2);
    assertThat(p.payloadLength).isEqualTo(3);
    assertThat(p.ttl).isEqualTo(57);
    assertThat(Decoded.destination(p)).isEqualTo("fd77:2::10");
  }

  @Test
  void ipv6FragmentsAreReassembledThroughTheirExtensionHeaders() {
    byte[] datagram = Frames.extension(17, 1, udp(4000, 5000, 16)); // destination options, then UDP
    byte[] first = ipv6(V6_HI, 1, V6_DST_HI, 2, 44,
        Frames.fragment(60, 0, true, 0xABCDEF, Arrays.copyOf(datagram, 16)));
    byte[] later = ipv6(V6_HI, 1, V6_DST_HI, 2, 44,
        Frames.fragment(60, 2, false, 0xABCDEF, Arrays.copyOfRange(datagram, 16, datagram.length)));
    List<Packet> ps = Decoded.frames(LinkTypes.RAW, first, later);
    assertThat(ps).extracting(p -> p.ipId).containsExactly(0xABCDEF, 0xABCDEF);
    assertThat(ps.get(0).unassembledFragment).isTrue();
    assertThat(ps.get(0).hasPorts).isFalse();
    Packet whole = ps.get(1);
    assertThat(whole.reassembled).isTrue();
    assertThat(whole.protocol).isEqualTo(17);
    assertThat(whole.dstPort).isEqualTo(5000);
    assertThat(whole.payloadLength).isEqualTo(16);
  }

  @Test
  void ipv6ExtensionHeaderRunningPastTheFrameStops() {
    byte[] rest = ByteWriter.network().u8(6).u8(30).zeros(6).toBytes();
    Packet p = Decoded.frame(ipv6(V6_HI, 1, V6_DST_HI, 2, 0, rest), LinkTypes.RAW);
    assertThat(p.ipVersion).isEqualTo(6);
    assertThat(p.protocol).isEqualTo(-1);
    assertThat(p.hasPorts).isFalse();
  }

  @Test
  void icmpPortUnreachableQuotesTheClosedUdpPort() {
    byte[] probe = ipv4(SRC, DST, 17, udp(45000, 161, 0));
    byte[] error = ipv4(DST, SRC, 1, icmp(3, 3, 0, 0, probe));
    Packet p = Decoded.frame(ethernet(0x0800, error), LinkTypes.ETHERNET);
    assertThat(p.icmpType).isEqualTo(3);
    assertThat(p.icmpCode).isEqualTo(3);
    assertThat(p.hasPorts).isFalse();
    assertThat(p.hasQuoted).isTrue();
    assertThat(IpText.format(p.quotedSrcHi, p.quotedSrcLo)).isEqualTo("10.77.1.11");
    assertThat(IpText.format(p.quotedDstHi, p.quotedDstLo)).isEqualTo("10.77.2.10");
    assertThat(p.quotedProtocol).isEqualTo(17);
    assertThat(p.quotedHasPorts).isTrue();
    assertThat(p.quotedSrcPort).isEqualTo(45000);
    assertThat(p.quotedDstPort).isEqualTo(161);
    assertThat(p.icmpId).isEqualTo(-1);
  }

  @Test
  void icmpv6UnreachableQuotesTcp() {
    byte[] probe = ipv6(V6_HI, 0x11, V6_DST_HI, 0x10, 6, tcp(41000, 8080, 2, NO_OPTIONS, 0));
    byte[] error = ipv6(V6_DST_HI, 1, V6_HI, 0x11, 58, icmp(1, 4, 0, 0, probe));
    Packet p = Decoded.frame(error, LinkTypes.RAW);
    assertThat(p.icmpType).isEqualTo(1);
    assertThat(p.quotedProtocol).isEqualTo(6);
    assertThat(p.quotedDstPort).isEqualTo(8080);
    assertThat(IpText.format(p.quotedDstHi, p.quotedDstLo)).isEqualTo("fd77:2::10");
  }

  @Test
  void aRoutersIcmpErrorQuotesTheProbeNotItsOwnHeader() {
    // a gateway's "host unreachable" (its own address outside, the probe's inside): the quoted
    // addresses come from the quoted header, which an error from the probed host alone cannot tell
    byte[] probe = ipv4(SRC, DST, 17, udp(45000, 161, 0));
    byte[] error = ipv4(v4(10, 77, 2, 1), SRC, 1, icmp(3, 1, 0, 0, probe));
    Packet p = Decoded.frame(ethernet(0x0800, error), LinkTypes.ETHERNET);
    assertThat(IpText.format(p.quotedSrcHi, p.quotedSrcLo)).isEqualTo("10.77.1.11");
    assertThat(IpText.format(p.quotedDstHi, p.quotedDstLo)).isEqualTo("10.77.2.10");
  }

  @Test
  void aRoutersIcmpv6ErrorQuotesTheProbesSource() {
    byte[] probe = ipv6(V6_HI, 0x11, V6_DST_HI, 0x10, 6, tcp(41000, 8080, 2, NO_OPTIONS, 0));
    byte[] error = ipv6(V6_DST_HI, 1, V6_HI, 0x11, 58, icmp(1, 3, 0, 0, probe));
    Packet p = Decoded.frame(error, LinkTypes.RAW);
    assertThat(IpText.format(p.quotedSrcHi, p.quotedSrcLo)).isEqualTo("fd77:1::11");
    assertThat(IpText.format(p.quotedDstHi, p.quotedDstLo)).isEqualTo("fd77:2::10");
  }

  @Test
  void icmpQuoteWithoutRoomForPortsKeepsTheAddresses() {
    byte[] probe = Arrays.copyOf(ipv4(SRC, DST, 6, tcp(1, 2, 2, NO_OPTIONS, 0)), 22);
    Packet p = Decoded.frame(ipv4(DST, SRC, 1, icmp(11, 0, 0, 0, probe)), LinkTypes.RAW);
    assertThat(p.hasQuoted).isTrue();
    assertThat(p.quotedHasPorts).isFalse();
    assertThat(p.quotedProtocol).isEqualTo(6);
  }

  @ParameterizedTest
  @CsvSource({"8,false", "0,false", "13,false", "17,false", "128,true", "129,true"})
  void echoLikeQueriesCarryIdAndSequence(int type, boolean v6) {
    byte[] msg = icmp(type, 0, 0x4242, 7, new byte[12]);
    byte[] ip = v6 ? ipv6(V6_HI, 1, V6_DST_HI, 2, 58, msg) : ipv4(SRC, DST, 1, msg);
    Packet p = Decoded.frame(ip, LinkTypes.RAW);
    assertThat(p.icmpType).isEqualTo(type);
    assertThat(p.icmpId).isEqualTo(0x4242);
    assertThat(p.icmpSeq).isEqualTo(7);
    assertThat(p.payloadLength).isEqualTo(12);
  }

  @Test
  void ethernetPaddingIsNotPayload() {
    byte[] frame = Arrays.copyOf(ethernet(0x0800, tcpV4(0x04)), 60);
    Packet p = Decoded.frame(frame, LinkTypes.ETHERNET);
    assertThat(p.payloadLength).isZero();
    assertThat(p.tcpFlags).isEqualTo(4);
  }
  // --- from the second mutation review: optional GRE fields, GENEVE's inner version, IPv6 payload
  // length 0, and the guards a snap-length cut meets at exactly a header's length

  @ParameterizedTest(name = "GRE flags {0}: {1} bytes of header")
  @CsvSource({"0x8000, 8", "0x2000, 8", "0x1000, 8", "0xA000, 12", "0x3000, 12", "0xB000, 16"})
  void greChecksumKeyAndSequenceEachShiftTheInnerPacketByFourBytes(int flags, int headerLength) {
    // RFC 2784 / 2890: checksum (+ reserved), key and sequence number, 4 bytes each when flagged
    byte[] header = ByteWriter.network().u16(flags).u16(0x0800).zeros(headerLength - 4).toBytes();
    assertSyn(Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 47, concat(header, tcpV4(2))), LinkTypes.RAW));
  }

  @Test
  void aGreHeaderCutBeforeItsKeyLeavesTheOuterPacket() {
    // transparent bridging with a key, captured through the first 4 bytes only: no inner frame
    byte[] cut = ByteWriter.network().u16(0x2000).u16(0x6558).toBytes();
    Packet p = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 47, cut), LinkTypes.RAW);
    assertThat(p.ipVersion).isEqualTo(4);
    assertThat(p.protocol).isEqualTo(47);
    assertThat(Decoded.source(p)).isEqualTo("192.0.2.1");
    // cut within its first 4 bytes
    Packet oneByte = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 47, 0, 4, new byte[] {0x20}), LinkTypes.RAW);
    assertThat(oneByte.protocol).isEqualTo(47);
    assertThat(Decoded.source(oneByte)).isEqualTo("192.0.2.1");
  }

  @ParameterizedTest(name = "inner frame of {0} bytes, ethertype {1}")
  @CsvSource({"0, 0x0800", "14, 0x0800", "60, 0x88cc"})
  void aGreBridgedFrameCutShortOrCarryingNoIpLeavesTheOuterPacketAsVxlanDoes(int captured, int innerType) {
    // transparent bridging (0x6558): no inner frame, only its header, or LLDP inside
    byte[] frame = ByteWriter.network().zeros(12).u16(innerType).zeros(46).toBytes();
    byte[] gre = concat(ByteWriter.network().u16(0).u16(0x6558).toBytes(), Arrays.copyOf(frame, captured));
    Packet p = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 47, gre), LinkTypes.RAW);
    assertThat(p.ipVersion).isEqualTo(4);
    assertThat(p.protocol).isEqualTo(47);
    assertThat(Decoded.source(p)).isEqualTo("192.0.2.1");
  }

  @Test
  void geneveFollowsAnIpv6PacketOnlyUnderTheIpv6ProtocolType() {
    byte[] v6 = ipv6(V6_HI, 1, V6_DST_HI, 2, 6, tcp(50000, 22, 2, NO_OPTIONS, 0));
    byte[] asV6 = concat(ByteWriter.network().u8(0).u8(0).u16(0x86DD).u32(68 << 8).toBytes(), v6);
    Packet inner = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, geneveDatagram(asV6)), LinkTypes.RAW);
    assertThat(inner.ipVersion).isEqualTo(6);
    assertThat(inner.protocol).isEqualTo(6);
    assertThat(inner.dstPort).isEqualTo(22);
    // the same IPv6 packet under the IPv4 protocol type: the datagram it is
    byte[] asV4 = concat(ByteWriter.network().u8(0).u8(0).u16(0x0800).u32(68 << 8).toBytes(), v6);
    Packet datagram = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, geneveDatagram(asV4)),
        LinkTypes.RAW);
    assertThat(datagram.ipVersion).isEqualTo(4);
    assertThat(datagram.dstPort).isEqualTo(6081);
  }

  @Test
  void aGeneveHeaderWithNothingAfterItIsADatagramWhateverPaddingFollows() {
    // an IP protocol type and no packet: Ethernet padding after the IP datagram is not its payload
    byte[] header = ByteWriter.network().u8(0).u8(0).u16(0x0800).u32(68 << 8).toBytes();
    byte[] frame = ethernet(0x0800, ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, geneveDatagram(header)));
    byte[] padded = Arrays.copyOf(frame, frame.length + 6);
    Arrays.fill(padded, frame.length, padded.length, (byte) 0x45);
    Packet p = Decoded.frame(padded, LinkTypes.ETHERNET);
    assertThat(p.ipVersion).isEqualTo(4);
    assertThat(p.dstPort).isEqualTo(6081);
  }

  @Test
  void vxlanAndGeneveCarryingOnlyAnEthernetHeaderStayDatagrams() {
    // the snap length cut the inner frame right after its 14-byte header
    byte[] innerHeader = Arrays.copyOf(ethernet(0x0800, tcpV4(2)), 14);
    byte[] vxlan = concat(ByteWriter.network().u8(0x08).zeros(3).u32(68 << 8).toBytes(), innerHeader);
    byte[] udpVxlan = ByteWriter.network().u16(51234).u16(4789).u16(8 + vxlan.length).u16(0).bytes(vxlan).toBytes();
    Packet v = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, udpVxlan), LinkTypes.RAW);
    assertThat(v.ipVersion).isEqualTo(4);
    assertThat(v.dstPort).isEqualTo(4789);
    byte[] geneve = concat(ByteWriter.network().u8(0).u8(0).u16(0x6558).u32(68 << 8).toBytes(), innerHeader);
    Packet g = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, geneveDatagram(geneve)), LinkTypes.RAW);
    assertThat(g.ipVersion).isEqualTo(4);
    assertThat(g.dstPort).isEqualTo(6081);
  }

  @Test
  void aDatagramToATunnelPortTooShortForItsHeaderIsADatagram() {
    for (int port : new int[] {4789, 6081}) {
      byte[] udp = ByteWriter.network().u16(51234).u16(port).u16(9).u16(0).u8(0x08).toBytes();
      Packet p = Decoded.frame(ipv4(v4(192, 0, 2, 1), v4(192, 0, 2, 2), 17, udp), LinkTypes.RAW);
      assertThat(p.dstPort).isEqualTo(port);
      assertThat(p.payloadLength).isEqualTo(1);
    }
  }

  /** The IPv6 packet with its payload-length field zeroed (a jumbogram, or segmentation offload). */
  private static byte[] payloadLengthZero(byte[] frame, int ipAt) {
    byte[] out = frame.clone();
    out[ipAt + 4] = 0;
    out[ipAt + 5] = 0;
    return out;
  }

  @Test
  void ipv6PayloadLengthZeroMeansTheCapturedBytesAreThePacket() {
    byte[] frame = ethernet(0x86DD, ipv6(V6_HI, 1, V6_DST_HI, 2, 6, tcp(50000, 22, 0x18, NO_OPTIONS, 100)));
    Packet p = Decoded.frame(payloadLengthZero(frame, 14), LinkTypes.ETHERNET);
    assertThat(p.ipVersion).isEqualTo(6);
    assertThat(p.dstPort).isEqualTo(22);
    assertThat(p.tcpFlags).isEqualTo(0x18);
    assertThat(p.payloadLength).isEqualTo(100);
  }

  @Test
  void ipv6FragmentsWithPayloadLengthZeroReassembleFromTheCapturedBytes() {
    byte[] datagram = udp(4000, 5000, 16);
    byte[] first = ethernet(0x86DD, ipv6(V6_HI, 1, V6_DST_HI, 2, 44,
        Frames.fragment(17, 0, true, 0x5151, Arrays.copyOf(datagram, 16))));
    byte[] later = ethernet(0x86DD, ipv6(V6_HI, 1, V6_DST_HI, 2, 44,
        Frames.fragment(17, 2, false, 0x5151, Arrays.copyOfRange(datagram, 16, datagram.length))));
    List<Packet> ps = Decoded.frames(LinkTypes.ETHERNET, payloadLengthZero(first, 14), payloadLengthZero(later, 14));
    assertThat(ps.get(0).unassembledFragment).isTrue();
    Packet whole = ps.get(1);
    assertThat(whole.reassembled).isTrue();
    assertThat(whole.dstPort).isEqualTo(5000);
    assertThat(whole.payloadLength).isEqualTo(16);
  }

  @Test
  void ipv4TotalLengthZeroBehindAnEthernetHeaderCountsTheBytesAfterTheIpHeader() {
    byte[] l4 = tcp(1234, 80, 0x18, NO_OPTIONS, 100);
    byte[] ip = ByteWriter.network().u8(0x45).u8(0).u16(0).u16(1).u16(0).u8(64)
        .u8(6).u16(0).u32(SRC).u32(DST).bytes(l4).toBytes();
    Packet p = Decoded.frame(ethernet(0x0800, ip), LinkTypes.ETHERNET);
    assertThat(p.tcpFlags).isEqualTo(0x18);
    assertThat(p.payloadLength).isEqualTo(100);
  }

  @Test
  void cookedHeadersCapturedWholeGiveTheSender() {
    // a frame cut right after its link header: the header is there, nothing after it
    byte[] v1 = Arrays.copyOf(Frames.sll(0x0800, tcpV4(2)), 16);
    byte[] v2 = Arrays.copyOf(Frames.sll2(0x0800, tcpV4(2)), 20);
    assertThat(Decoded.frame(v1, LinkTypes.LINUX_SLL).linkSource).isEqualTo(0x0200_0000_0001L);
    assertThat(Decoded.frame(v2, LinkTypes.LINUX_SLL2).linkSource).isEqualTo(0x0200_0000_0001L);
    assertThat(Decoded.frame(Arrays.copyOf(v1, 15), LinkTypes.LINUX_SLL).linkSource).isEqualTo(-1);
    assertThat(Decoded.frame(Arrays.copyOf(v2, 19), LinkTypes.LINUX_SLL2).linkSource).isEqualTo(-1);
  }

  @Test
  void anEthernetHeaderCapturedWholeGivesItsAddresses() {
    byte[] frame = ethernet(0x0800, tcpV4(2));
    Packet header = Decoded.frame(Arrays.copyOf(frame, 14), LinkTypes.ETHERNET);
    assertThat(header.linkSource).isEqualTo(0x0200_0000_0002L);
    assertThat(header.linkDestination).isEqualTo(0x0200_0000_0001L);
    Packet cut = Decoded.frame(Arrays.copyOf(frame, 13), LinkTypes.ETHERNET);
    assertThat(cut.linkSource).isEqualTo(-1);
    assertThat(cut.ipVersion).isZero();
    // the same 13 bytes inside a reader's buffer, other bytes around them
    byte[] buffer = new byte[100];
    Arrays.fill(buffer, (byte) 0x45);
    System.arraycopy(frame, 0, buffer, 50, 13);
    Packet inBuffer = new Packet();
    inBuffer.clearDecoded();
    new FrameDecoder().decode(buffer, 50, 13, LinkTypes.ETHERNET, inBuffer);
    assertThat(inBuffer.linkSource).isEqualTo(-1);
  }

  @Test
  void anLlcFrameCutAfterItsEthernetHeaderDecodesNoFurther() {
    byte[] frame = Arrays.copyOf(ethernet(46, new byte[0]), 14); // an 802.3 length, then nothing captured
    Packet p = Decoded.frame(frame, LinkTypes.ETHERNET);
    assertThat(p.linkSource).isEqualTo(0x0200_0000_0002L);
    assertThat(p.ipVersion).isZero();
    assertThat(Decoded.frame(new byte[0], LinkTypes.RAW).ipVersion).isZero();
  }

  @Test
  void ipHeadersCapturedWithNothingAfterThemGiveTheirAddresses() {
    // IPv4: total length 20, the header alone; Ethernet padding after it is no payload
    byte[] v4 = ipv4(SRC, DST, 6, new byte[0]);
    Packet four = Decoded.frame(Arrays.copyOf(ethernet(0x0800, v4), 60), LinkTypes.ETHERNET);
    assertThat(four.ipVersion).isEqualTo(4);
    assertThat(Decoded.source(four)).isEqualTo("10.77.1.11");
    assertThat(four.payloadLength).isZero();
    assertThat(four.hasPorts).isFalse();
    // IPv6 with no next header (59)
    Packet six = Decoded.frame(ipv6(V6_HI, 1, V6_DST_HI, 2, 59, new byte[0]), LinkTypes.RAW);
    assertThat(six.ipVersion).isEqualTo(6);
    assertThat(Decoded.destination(six)).isEqualTo("fd77:2::2");
    assertThat(six.protocol).isEqualTo(59);
    Packet rawFour = Decoded.frame(v4, LinkTypes.RAW);
    assertThat(rawFour.ipVersion).isEqualTo(4);
    assertThat(Decoded.destination(rawFour)).isEqualTo("10.77.2.10");
    // one byte short of either header: nothing (also behind an Ethernet header)
    assertThat(Decoded.frame(Arrays.copyOf(ethernet(0x86DD, ipv6(V6_HI, 1, V6_DST_HI, 2, 59, new byte[0])), 14 + 39),
        LinkTypes.ETHERNET).ipVersion).isZero();
    assertThat(Decoded.frame(Arrays.copyOf(v4, 19), LinkTypes.RAW).ipVersion).isZero();
    assertThat(Decoded.frame(Arrays.copyOf(ipv6(V6_HI, 1, V6_DST_HI, 2, 59, new byte[0]), 39), LinkTypes.RAW)
        .ipVersion).isZero();
  }

  @ParameterizedTest(name = "IPv6 extension header {0}, exactly 8 bytes")
  @ValueSource(ints = {0, 43, 60, 51, 44})
  void anIpv6ExtensionHeaderEndingThePacketIsWalked(int kind) {
    byte[] header = kind == 51 ? Frames.authentication(59, 2, new byte[0])
        : kind == 44 ? Frames.fragment(59, 0, false, 7, new byte[0])
        : Frames.extension(59, 1, new byte[0]);
    Packet p = Decoded.frame(ipv6(V6_HI, 1, V6_DST_HI, 2, kind, header), LinkTypes.RAW);
    assertThat(p.ipHeaderProtocol).isEqualTo(kind);
    assertThat(p.protocol).as("no next header, reached").isEqualTo(59);
    assertThat(p.payloadLength).isZero();
  }

  @ParameterizedTest(name = "IPv6 extension header {0} cut to one byte")
  @ValueSource(ints = {0, 51, 44})
  void anIpv6ExtensionHeaderCutShortStopsTheWalk(int kind) {
    byte[] frame = ethernet(0x86DD, ipv6(V6_HI, 1, V6_DST_HI, 2, kind, new byte[] {59}));
    Packet p = Decoded.frame(frame, LinkTypes.ETHERNET);
    assertThat(p.ipVersion).isEqualTo(6);
    assertThat(p.protocol).isEqualTo(-1);
  }

  @Test
  void transportHeadersCutToTheirPortsGiveThePorts() {
    for (int proto : new int[] {6, 17}) {
      byte[] l4 = proto == 6 ? tcp(40000, 443, 2, NO_OPTIONS, 0) : udp(40000, 443, 0);
      Packet p = Decoded.frame(Arrays.copyOf(ipv4(SRC, DST, proto, l4), 24), LinkTypes.RAW);
      assertThat(p.hasPorts).isTrue();
      assertThat(p.dstPort).isEqualTo(443);
      assertThat(Decoded.frame(Arrays.copyOf(ipv4(SRC, DST, proto, l4), 23), LinkTypes.RAW).hasPorts).isFalse();
    }
    // an SCTP common header alone: its ports, no chunk
    byte[] sctp = ByteWriter.network().u16(40000).u16(2905).u32(0).u32(0).toBytes();
    Packet s = Decoded.frame(ipv4(SRC, DST, 132, sctp), LinkTypes.RAW);
    assertThat(s.dstPort).isEqualTo(2905);
    assertThat(s.sctpChunkType).isEqualTo(-1);
  }

  @Test
  void theTransportChecksumIsKeptWhereCapturedAndItsAbsenceSaid() {
    byte[] segment = tcp(40000, 80, 2, NO_OPTIONS, 0);
    segment[16] = (byte) 0xBE;
    segment[17] = (byte) 0xEF;
    assertThat(Decoded.frame(ipv4(SRC, DST, 6, segment), LinkTypes.RAW).transportChecksum).isEqualTo(0xBEEF);
    // a snap length through the window but not the checksum: flags, and no checksum
    Packet cut = Decoded.frame(Arrays.copyOf(ipv4(SRC, DST, 6, segment), 20 + 17), LinkTypes.RAW);
    assertThat(cut.hasTcp).isTrue();
    assertThat(cut.transportChecksum).isEqualTo(-1);
    byte[] datagram = udp(45000, 53, 4);
    datagram[6] = 0x12;
    datagram[7] = 0x34;
    assertThat(Decoded.frame(ipv4(SRC, DST, 17, datagram), LinkTypes.RAW).transportChecksum).isEqualTo(0x1234);
    // an error quoting it: the word after the ports (length and checksum), when all 8 bytes are quoted
    byte[] probe = ipv4(SRC, DST, 17, datagram);
    Packet refused = Decoded.frame(ipv4(DST, SRC, 1, icmp(3, 3, 0, 0, Arrays.copyOf(probe, 28))), LinkTypes.RAW);
    assertThat(refused.quotedSecondWord).isEqualTo(0x000C_1234L);
    Packet shortQuote = Decoded.frame(ipv4(DST, SRC, 1, icmp(3, 3, 0, 0, Arrays.copyOf(probe, 27))), LinkTypes.RAW);
    assertThat(shortQuote.quotedHasPorts).isTrue();
    assertThat(shortQuote.quotedSecondWord).isEqualTo(-1);
    byte[] echo = icmp(8, 0, 0x4242, 7, new byte[0]);
    echo[2] = (byte) 0xF7;
    echo[3] = (byte) 0xB5;
    assertThat(Decoded.frame(ipv4(SRC, DST, 1, echo), LinkTypes.RAW).transportChecksum).isEqualTo(0xF7B5);
    byte[] sctp = ByteWriter.network().u16(40000).u16(2905).u32(0).u32(0xCAFE_F00DL).toBytes();
    assertThat(Decoded.frame(ipv4(SRC, DST, 132, sctp), LinkTypes.RAW).transportChecksum).isEqualTo(0xCAFE_F00DL);
  }

  @Test
  void icmpCutToItsTypeAndCodeOrToItsFixedPart() {
    byte[] echo = icmp(8, 0, 0x4242, 7, new byte[0]); // 8 bytes: type, code, checksum, id, sequence
    Packet whole = Decoded.frame(ipv4(SRC, DST, 1, echo), LinkTypes.RAW);
    assertThat(whole.icmpId).isEqualTo(0x4242);
    assertThat(whole.icmpSeq).isEqualTo(7);
    Packet typeOnly = Decoded.frame(Arrays.copyOf(ipv4(SRC, DST, 1, echo), 22), LinkTypes.RAW);
    assertThat(typeOnly.icmpType).isEqualTo(8);
    assertThat(typeOnly.icmpId).isEqualTo(-1);
    assertThat(Decoded.frame(Arrays.copyOf(ipv4(SRC, DST, 1, echo), 21), LinkTypes.RAW).icmpType).isEqualTo(-1);
    // an error quoting nothing
    Packet bare = Decoded.frame(ipv4(DST, SRC, 1, icmp(3, 3, 0, 0, new byte[0])), LinkTypes.RAW);
    assertThat(bare.icmpType).isEqualTo(3);
    assertThat(bare.hasQuoted).isFalse();
  }

  @Test
  void anIcmpErrorQuotingExactlyTheHeadersItNeedsGivesThem() {
    // the quoted IPv4 header alone, then with exactly the 4 bytes of its ports
    byte[] probe = ipv4(SRC, DST, 17, udp(45000, 161, 0));
    Packet header = Decoded.frame(ipv4(DST, SRC, 1, icmp(3, 3, 0, 0, Arrays.copyOf(probe, 20))), LinkTypes.RAW);
    assertThat(header.hasQuoted).isTrue();
    assertThat(header.quotedHasPorts).isFalse();
    Packet ports = Decoded.frame(ipv4(DST, SRC, 1, icmp(3, 3, 0, 0, Arrays.copyOf(probe, 24))), LinkTypes.RAW);
    assertThat(ports.quotedHasPorts).isTrue();
    assertThat(ports.quotedDstPort).isEqualTo(161);
    assertThat(Decoded.frame(ipv4(DST, SRC, 1, icmp(3, 3, 0, 0, Arrays.copyOf(probe, 19))), LinkTypes.RAW).hasQuoted)
        .isFalse();
    // the quoted IPv6 header alone
    byte[] probe6 = ipv6(V6_HI, 0x11, V6_DST_HI, 0x10, 6, tcp(41000, 8080, 2, NO_OPTIONS, 0));
    Packet six = Decoded.frame(ipv6(V6_DST_HI, 1, V6_HI, 0x11, 58, icmp(1, 4, 0, 0, Arrays.copyOf(probe6, 40))),
        LinkTypes.RAW);
    assertThat(six.hasQuoted).isTrue();
    assertThat(IpText.format(six.quotedDstHi, six.quotedDstLo)).isEqualTo("fd77:2::10");
    assertThat(Decoded.frame(ipv6(V6_DST_HI, 1, V6_HI, 0x11, 58, icmp(1, 4, 0, 0, Arrays.copyOf(probe6, 39))),
        LinkTypes.RAW).hasQuoted).isFalse();
  }

  @Test
  void udpPayloadsCapturedThroughExactlyTheFieldsRead() {
    // STUN through its cookie (8 bytes), DNS through its question count (6 bytes)
    byte[] stun = ByteWriter.network().u16(50000).u16(3478).u16(8 + 20).u16(0).u8(0).u8(1).u16(0).u32(0x2112A442L)
        .toBytes();
    assertThat(Decoded.frame(ipv4(SRC, DST, 17, stun), LinkTypes.RAW).stunMessage).isTrue();
    byte[] dns = ByteWriter.network().u16(53).u16(40003).u16(8 + 12).u16(0).u16(0x3eec).u16(0x0100).u16(1).toBytes();
    assertThat(Decoded.frame(ipv4(SRC, DST, 17, dns), LinkTypes.RAW).dnsNonAnswer).isTrue();
  }

  @Test
  void aSynsLastTwoByteOptionIsRead() {
    // MSS, NOP, NOP, then SACK permitted (kind 4, length 2) ending the header
    byte[] options = {2, 4, 0x05, (byte) 0xB4, 1, 1, 4, 2};
    Packet p = Decoded.frame(ipv4(SRC, DST, 6, tcp(40000, 80, 2, options, 0)), LinkTypes.RAW);
    assertThat(p.tcpOptionCount).isEqualTo(4);
    assertThat(p.tcpOptionKinds).isEqualTo(0x04_01_01_02L);
  }

  /**
   * Fields meaningful only beside another, which the decoder therefore writes only with it (their
   * docs say so): a packet reused for another frame may keep the old values there.
   */
  private static final List<String> SET_WITH_ANOTHER =
      List.of("bootpTransactionId", "ftpPortPort", "ftpPortLo", "sctpChunkLength", "dnsReferredHi", "dnsReferredLo");

  @Test
  void aPacketDecodedAgainKeepsNothingOfTheFrameBefore() throws IllegalAccessException {
    byte[] init = ByteWriter.network().u16(40000).u16(2905).u32(0).u32(0).u8(1).u8(0).u16(20).u32(1).u32(32768)
        .u16(10).u16(2048).u32(7).toBytes();
    byte[] dhcpRequest = ByteWriter.network().u16(68).u16(67).u16(8 + 240).u16(0).u8(1).u8(1).u8(6).u8(0)
        .u32(0x1234).zeros(4).u32(v4(10, 77, 1, 11)).u32(v4(10, 77, 1, 12)).zeros(240 - 20).toBytes();
    byte[] target = ByteWriter.network().u64(V6_DST_HI).u64(0x10).toBytes();
    List<byte[]> before = List.of(
        ethernet(0x0806, Frames.arp(1, Frames.MAC_A, SRC, new byte[6], DST)),
        ethernet(0x0800, ipv4(DST, SRC, 1, icmp(3, 3, 0, 0, ipv4(SRC, DST, 132, init)))),
        ethernet(0x0800, ipv4(SRC, DST, 1, icmp(8, 0, 7, 9, new byte[0]))),
        ethernet(0x86DD, ipv6(V6_HI, 0x66, V6_DST_HI, 0x10, 58, icmp(135, 0, 0, 0, target))),
        ethernet(0x0800, ipv4(SRC, DST, 17, dhcpRequest)),
        ethernet(0x0800, ipv4(SRC, DST, 132, init)));
    List<byte[]> after = List.of(ethernet(0x0800, tcpV4(0x02)), ethernet(0x0800, ipv4(SRC, DST, 17, udp(1, 2, 0))),
        ethernet(0x0806, Frames.arp(2, Frames.MAC_B, DST, Frames.MAC_A, SRC)));
    for (byte[] first : before) {
      for (byte[] second : after) {
        Packet reused = new Packet();
        FrameDecoder decoder = new FrameDecoder();
        reused.clearDecoded();
        decoder.decode(first, 0, first.length, LinkTypes.ETHERNET, reused);
        reused.clearDecoded();
        decoder.decode(second, 0, second.length, LinkTypes.ETHERNET, reused);
        Packet fresh = Decoded.frame(second, LinkTypes.ETHERNET);
        for (java.lang.reflect.Field f : Packet.class.getFields()) {
          if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) && !SET_WITH_ANOTHER.contains(f.getName())) {
            assertThat(f.get(reused)).as(f.getName()).isEqualTo(f.get(fresh));
          }
        }
      }
    }
  }
}

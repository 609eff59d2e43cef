package io.porthunter.capture;

/** Builds link-layer frames and IP datagrams for decoder tests (checksums left zero). */
final class Frames {
  static final byte[] MAC_A = {2, 0, 0, 0, 0, 1};
  static final byte[] MAC_B = {2, 0, 0, 0, 0, 2};

  private Frames() {}

  static int v4(int a, int b, int c, int d) {
    return (a << 24) | (b << 16) | (c << 8) | d;
  }

  /** Ethernet II with optional stacked tags, each given as {tpid, tci}. */
  static byte[] ethernet(int etherType, byte[] payload, int[]... tags) {
    ByteWriter w = ByteWriter.network().bytes(MAC_A).bytes(MAC_B);
    for (int[] tag : tags) {
      w.u16(tag[0]).u16(tag[1]);
    }
    return w.u16(etherType).bytes(payload).toBytes();
  }

  static byte[] sll(int protocol, byte[] payload) {
    return ByteWriter.network().u16(0).u16(1).u16(6).bytes(MAC_A).u16(0).u16(protocol)
        .bytes(payload).toBytes();
  }

  static byte[] sll2(int protocol, byte[] payload) {
    return ByteWriter.network().u16(protocol).u16(0).u32(3).u16(1).u8(0).u8(6).bytes(MAC_A).u16(0)
        .bytes(payload).toBytes();
  }

  /** An ARP packet for IPv4 over Ethernet (RFC 826): operation, sender and target addresses. */
  static byte[] arp(int operation, byte[] senderMac, int senderIp, byte[] targetMac, int targetIp) {
    return ByteWriter.network().u16(1).u16(0x0800).u8(6).u8(4).u16(operation).bytes(senderMac).u32(senderIp)
        .bytes(targetMac).u32(targetIp).toBytes();
  }

  /** BSD loopback header: the family in the given byte order. */
  static byte[] loopback(int family, boolean bigEndian, byte[] payload) {
    return new ByteWriter(bigEndian).u32(family).bytes(payload).toBytes();
  }

  static byte[] ipv4(int src, int dst, int proto, byte[] l4) {
    return ipv4(src, dst, proto, 0, l4.length, l4);
  }

  /** IPv4 with a chosen flags/fragment-offset field and total length (20-byte header). */
  static byte[] ipv4(int src, int dst, int proto, int fragField, int l4Length, byte[] l4) {
    return ByteWriter.network().u8(0x45).u8(0).u16(20 + l4Length).u16(0x1234).u16(fragField)
        .u8(64).u8(proto).u16(0).u32(src & 0xFFFF_FFFFL).u32(dst & 0xFFFF_FFFFL).bytes(l4)
        .toBytes();
  }

  /** IPv6 whose payload (extension headers and upper layer) is {@code rest}. */
  static byte[] ipv6(long srcHi, long srcLo, long dstHi, long dstLo, int nextHeader, byte[] rest) {
    return ByteWriter.network().u32(0x6000_0000L).u16(rest.length).u8(nextHeader).u8(57)
        .u64(srcHi).u64(srcLo).u64(dstHi).u64(dstLo).bytes(rest).toBytes();
  }

  /** An 8-byte-unit extension header (hop-by-hop, routing, destination options). */
  static byte[] extension(int nextHeader, int units, byte[] rest) {
    return ByteWriter.network().u8(nextHeader).u8(units - 1).zeros(units * 8 - 2).bytes(rest)
        .toBytes();
  }

  static byte[] fragment(int nextHeader, int offsetUnits, boolean more, int id, byte[] rest) {
    return ByteWriter.network().u8(nextHeader).u8(0).u16((offsetUnits << 3) | (more ? 1 : 0))
        .u32(id).bytes(rest).toBytes();
  }

  /** Authentication header of {@code words} 4-byte words in total. */
  static byte[] authentication(int nextHeader, int words, byte[] rest) {
    return ByteWriter.network().u8(nextHeader).u8(words - 2).zeros(words * 4 - 2).bytes(rest)
        .toBytes();
  }

  static byte[] tcp(int sport, int dport, int flags, byte[] options, int payload) {
    int headerLen = 20 + options.length;
    return ByteWriter.network().u16(sport).u16(dport).u32(1000).u32(2000)
        .u16(((headerLen / 4) << 12) | flags).u16(1024).u16(0).u16(0).bytes(options)
        .zeros(payload).toBytes();
  }

  static byte[] udp(int sport, int dport, int payload) {
    return ByteWriter.network().u16(sport).u16(dport).u16(8 + payload).u16(0).zeros(payload)
        .toBytes();
  }

  static byte[] icmp(int type, int code, int id, int seq, byte[] body) {
    return ByteWriter.network().u8(type).u8(code).u16(0).u16(id).u16(seq).bytes(body).toBytes();
  }

  /** A simple TCP SYN in IPv4 over Ethernet. */
  static byte[] syn(int src, int dst, int sport, int dport) {
    return ethernet(FrameDecoder.ETHERTYPE_IPV4,
        ipv4(src, dst, IpProtocol.TCP, tcp(sport, dport, 0x02, new byte[0], 0)));
  }
}

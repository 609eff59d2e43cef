package io.porthunter.bench;

import io.porthunter.capture.IpProtocol;
import java.util.Arrays;

/**
 * Builds one Ethernet frame at a time into a single reused buffer: Ethernet II, IPv4 (RFC 791) or
 * IPv6 (RFC 8200), then TCP (RFC 9293), UDP (RFC 768), ICMP (RFC 792) or ICMPv6 (RFC 4443).
 * Every length and checksum field is filled in; frames shorter than the Ethernet minimum are
 * zero-padded, the IP length fields still count only the real datagram.
 */
final class FrameBuilder {
  static final int MIN_FRAME = 60;
  static final int MAX_FRAME = 1500;
  static final int ETHERNET_HEADER = 14;
  static final int IPV4_HEADER = 20;
  static final int IPV6_HEADER = 40;
  static final int TCP_HEADER = 20;
  static final int UDP_HEADER = 8;
  static final int ICMP_HEADER = 8;

  static final int ETHERTYPE_IPV4 = 0x0800;
  static final int ETHERTYPE_IPV6 = 0x86dd;

  static final int FIN = 0x01;
  static final int SYN = 0x02;
  static final int RST = 0x04;
  static final int PSH = 0x08;
  static final int ACK = 0x10;
  static final int URG = 0x20;

  /** TCP option layouts a segment can carry. */
  enum TcpOptions {
    NONE(0),
    /** MSS only, as raw-socket scanners send. */
    MSS(4),
    /** MSS, SACK-permitted, timestamps, NOP, window scale: a Linux connect() SYN. */
    OS_SYN(20);

    final int length;

    TcpOptions(int length) {
      this.length = length;
    }
  }

  private static final int MSS_VALUE = 1460;
  private static final int WINDOW_SCALE = 7;
  private static final int IPV4_DONT_FRAGMENT = 0x4000;
  private static final int ICMP_ECHO_REQUEST = 8;
  private static final int ICMP_ECHO_REPLY = 0;
  private static final int ICMP_UNREACHABLE = 3;
  private static final int ICMP_PORT_UNREACHABLE = 3;
  private static final int ICMPV6_ECHO_REQUEST = 128;
  private static final int ICMPV6_ECHO_REPLY = 129;
  private static final int ICMPV6_UNREACHABLE = 1;
  private static final int ICMPV6_PORT_UNREACHABLE = 4;

  final byte[] frame = new byte[MAX_FRAME];
  private int nextIpv4Id;
  private int lastIpv4Id;

  FrameBuilder(int firstIpv4Id) {
    this.nextIpv4Id = firstIpv4Id & 0xffff;
  }

  /** IPv4 identification of the last frame built (to quote it in an ICMP error). */
  int lastIpv4Id() {
    return lastIpv4Id;
  }

  /** A TCP segment; returns the frame length. {@code tsValue} feeds the timestamp option. */
  int tcp(Endpoint src, Endpoint dst, int ttl, int srcPort, int dstPort, long seq, long ack,
      int flags, int window, TcpOptions options, Payload payload, int payloadLength, int tsValue) {
    int tcpLength = TCP_HEADER + options.length + payloadLength;
    int l4 = begin(src, dst, IpProtocol.TCP, ttl, tcpLength);
    byte[] f = frame;
    put16(f, l4, srcPort);
    put16(f, l4 + 2, dstPort);
    put32(f, l4 + 4, seq);
    put32(f, l4 + 8, (flags & ACK) != 0 ? ack : 0);
    f[l4 + 12] = (byte) (((TCP_HEADER + options.length) / 4) << 4);
    f[l4 + 13] = (byte) flags;
    put16(f, l4 + 14, window);
    put16(f, l4 + 16, 0);
    put16(f, l4 + 18, 0);
    writeOptions(l4 + TCP_HEADER, options, tsValue);
    int headerLength = TCP_HEADER + options.length;
    if (payloadLength > 0) {
      payload.copyTo(f, l4 + headerLength, payloadLength);
    }
    long sum = pseudoHeader(src, dst, IpProtocol.TCP, tcpLength) + Checksum.add(0, f, l4, headerLength);
    if (payloadLength > 0) {
      sum += payload.sum(payloadLength);
    }
    put16(f, l4 + 16, Checksum.finish(sum));
    return end(l4 + tcpLength);
  }

  /** A UDP datagram carrying a payload prefix. */
  int udp(Endpoint src, Endpoint dst, int ttl, int srcPort, int dstPort, Payload payload, int payloadLength) {
    int udpLength = UDP_HEADER + payloadLength;
    int l4 = begin(src, dst, IpProtocol.UDP, ttl, udpLength);
    writeUdp(l4, src, dst, srcPort, dstPort, payload, payloadLength);
    return end(l4 + udpLength);
  }

  /** ICMP / ICMPv6 echo request or reply. */
  int echo(Endpoint src, Endpoint dst, int ttl, boolean reply, int id, int seq, Payload payload, int payloadLength) {
    boolean v6 = src.ipv6();
    int proto = v6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP;
    int type = v6 ? (reply ? ICMPV6_ECHO_REPLY : ICMPV6_ECHO_REQUEST) : (reply ? ICMP_ECHO_REPLY : ICMP_ECHO_REQUEST);
    int icmpLength = ICMP_HEADER + payloadLength;
    int l4 = begin(src, dst, proto, ttl, icmpLength);
    frame[l4] = (byte) type;
    frame[l4 + 1] = 0;
    put16(frame, l4 + 2, 0);
    put16(frame, l4 + 4, id);
    put16(frame, l4 + 6, seq);
    payload.copyTo(frame, l4 + ICMP_HEADER, payloadLength);
    finishIcmp(src, dst, proto, l4, icmpLength);
    return end(l4 + icmpLength);
  }

  /**
   * The target's "port unreachable" answer to a UDP probe, quoting the probe's IP header, UDP
   * header and payload as the probe was sent (same addresses, ports, lengths and IPv4 id).
   */
  int portUnreachable(Endpoint target, Endpoint scanner, int ttl, int probeTtl, int probeIpv4Id,
      int probeSrcPort, int probeDstPort, Payload probePayload, int probePayloadLength) {
    boolean v6 = target.ipv6();
    int proto = v6 ? IpProtocol.ICMPV6 : IpProtocol.ICMP;
    int quotedUdp = UDP_HEADER + probePayloadLength;
    int quotedIp = (v6 ? IPV6_HEADER : IPV4_HEADER) + quotedUdp;
    int icmpLength = ICMP_HEADER + quotedIp;
    int l4 = begin(target, scanner, proto, ttl, icmpLength);
    frame[l4] = (byte) (v6 ? ICMPV6_UNREACHABLE : ICMP_UNREACHABLE);
    frame[l4 + 1] = (byte) (v6 ? ICMPV6_PORT_UNREACHABLE : ICMP_PORT_UNREACHABLE);
    put16(frame, l4 + 2, 0);
    put32(frame, l4 + 4, 0); // unused
    int quoted = l4 + ICMP_HEADER;
    int qUdp = quoted + writeIp(quoted, scanner, target, IpProtocol.UDP, probeTtl, quotedUdp, probeIpv4Id);
    writeUdp(qUdp, scanner, target, probeSrcPort, probeDstPort, probePayload, probePayloadLength);
    finishIcmp(target, scanner, proto, l4, icmpLength);
    return end(l4 + icmpLength);
  }

  private void finishIcmp(Endpoint src, Endpoint dst, int proto, int l4, int icmpLength) {
    // ICMPv6 covers a pseudo-header, ICMPv4 does not
    long sum = proto == IpProtocol.ICMPV6 ? pseudoHeader(src, dst, proto, icmpLength) : 0;
    put16(frame, l4 + 2, Checksum.finish(Checksum.add(sum, frame, l4, icmpLength)));
  }

  /** Writes Ethernet and IP headers; returns the offset of the transport header. */
  private int begin(Endpoint src, Endpoint dst, int proto, int ttl, int l4Length) {
    byte[] f = frame;
    System.arraycopy(dst.mac(), 0, f, 0, 6);
    System.arraycopy(src.mac(), 0, f, 6, 6);
    put16(f, 12, src.ipv6() ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4);
    int id = nextIpv4Id;
    nextIpv4Id = (nextIpv4Id + 1) & 0xffff;
    lastIpv4Id = id;
    return ETHERNET_HEADER + writeIp(ETHERNET_HEADER, src, dst, proto, ttl, l4Length, id);
  }

  /** Writes an IP header at {@code off}; returns its length. */
  private int writeIp(int off, Endpoint src, Endpoint dst, int proto, int ttl, int l4Length, int ipv4Id) {
    byte[] f = frame;
    if (src.ipv6()) {
      put32(f, off, 0x6000_0000L);
      put16(f, off + 4, l4Length);
      f[off + 6] = (byte) proto;
      f[off + 7] = (byte) ttl;
      System.arraycopy(src.address(), 0, f, off + 8, 16);
      System.arraycopy(dst.address(), 0, f, off + 24, 16);
      return IPV6_HEADER;
    }
    f[off] = 0x45;
    f[off + 1] = 0;
    put16(f, off + 2, IPV4_HEADER + l4Length);
    put16(f, off + 4, ipv4Id);
    put16(f, off + 6, proto == IpProtocol.TCP ? IPV4_DONT_FRAGMENT : 0);
    f[off + 8] = (byte) ttl;
    f[off + 9] = (byte) proto;
    put16(f, off + 10, 0);
    System.arraycopy(src.address(), 0, f, off + 12, 4);
    System.arraycopy(dst.address(), 0, f, off + 16, 4);
    put16(f, off + 10, Checksum.finish(Checksum.add(0, f, off, IPV4_HEADER)));
    return IPV4_HEADER;
  }

  /** Writes a UDP header, payload and checksum at {@code off} (also used for quoted probes). */
  private void writeUdp(int off, Endpoint src, Endpoint dst, int srcPort, int dstPort, Payload payload,
      int payloadLength) {
    int udpLength = UDP_HEADER + payloadLength;
    put16(frame, off, srcPort);
    put16(frame, off + 2, dstPort);
    put16(frame, off + 4, udpLength);
    put16(frame, off + 6, 0);
    long sum = pseudoHeader(src, dst, IpProtocol.UDP, udpLength) + Checksum.add(0, frame, off, UDP_HEADER);
    if (payloadLength > 0) {
      payload.copyTo(frame, off + UDP_HEADER, payloadLength);
      sum += payload.sum(payloadLength);
    }
    int c = Checksum.finish(sum);
    put16(frame, off + 6, c == 0 ? 0xffff : c); // 0 would mean "no checksum"
  }

  private void writeOptions(int off, TcpOptions options, int tsValue) {
    byte[] f = frame;
    switch (options) {
      case NONE:
        break;
      case MSS:
        f[off] = 2;
        f[off + 1] = 4;
        put16(f, off + 2, MSS_VALUE);
        break;
      case OS_SYN:
        f[off] = 2;
        f[off + 1] = 4;
        put16(f, off + 2, MSS_VALUE);
        f[off + 4] = 4; // SACK permitted
        f[off + 5] = 2;
        f[off + 6] = 8; // timestamps
        f[off + 7] = 10;
        put32(f, off + 8, tsValue & 0xffffffffL);
        put32(f, off + 12, 0);
        f[off + 16] = 1; // NOP
        f[off + 17] = 3; // window scale
        f[off + 18] = 3;
        f[off + 19] = WINDOW_SCALE;
        break;
      default:
        throw new IllegalStateException(options.name());
    }
  }

  private static long pseudoHeader(Endpoint src, Endpoint dst, int proto, int l4Length) {
    byte[] s = src.address();
    byte[] d = dst.address();
    return Checksum.add(Checksum.add(0, s, 0, s.length), d, 0, d.length) + proto + l4Length;
  }

  /** Pads to the Ethernet minimum with zeros (the buffer is reused) and returns the frame length. */
  private int end(int length) {
    if (length >= MIN_FRAME) {
      return length;
    }
    Arrays.fill(frame, length, MIN_FRAME, (byte) 0);
    return MIN_FRAME;
  }

  static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  static void put32(byte[] b, int off, long v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}

package io.porthunter.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Test-only field access into an Ethernet frame (IPv4/IPv6 without extension headers, as the
 * generator writes them), independent of {@link FrameBuilder}.
 */
final class Frames {
  static final int ETHERTYPE_IPV4 = 0x0800;
  static final int ETHERTYPE_IPV6 = 0x86dd;
  private static final int ETH = 14;

  private Frames() {}

  static int u16(byte[] d, int off) {
    return ((d[off] & 0xff) << 8) | (d[off + 1] & 0xff);
  }

  static int etherType(byte[] d, int frame) {
    return u16(d, frame + 12);
  }

  static boolean ipv6(byte[] d, int frame) {
    return etherType(d, frame) == ETHERTYPE_IPV6;
  }

  static int ipHeaderLength(byte[] d, int frame) {
    return ipv6(d, frame) ? 40 : (d[frame + ETH] & 0x0f) * 4;
  }

  static int protocol(byte[] d, int frame) {
    return d[frame + ETH + (ipv6(d, frame) ? 6 : 9)] & 0xff;
  }

  static byte[] src(byte[] d, int frame) {
    int ip = frame + ETH;
    return ipv6(d, frame) ? Arrays.copyOfRange(d, ip + 8, ip + 24) : Arrays.copyOfRange(d, ip + 12, ip + 16);
  }

  static byte[] dst(byte[] d, int frame) {
    int ip = frame + ETH;
    return ipv6(d, frame) ? Arrays.copyOfRange(d, ip + 24, ip + 40) : Arrays.copyOfRange(d, ip + 16, ip + 20);
  }

  static int transport(byte[] d, int frame) {
    return frame + ETH + ipHeaderLength(d, frame);
  }

  static int dstPort(byte[] d, int frame) {
    return u16(d, transport(d, frame) + 2);
  }

  static int tcpFlags(byte[] d, int frame) {
    return d[transport(d, frame) + 13] & 0xff;
  }

  static int icmpType(byte[] d, int frame) {
    return d[transport(d, frame)] & 0xff;
  }

  /** Parses an address literal (no name lookup happens for literals). */
  static byte[] address(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}

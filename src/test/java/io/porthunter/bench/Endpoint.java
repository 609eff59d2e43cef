package io.porthunter.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A host on the synthetic network, created once and reused by every packet it appears in.
 *
 * @param address 4 or 16 bytes in network order
 * @param mac the host's (or, for remote hosts, the gateway's) Ethernet address
 * @param text the address as text, for ground truth
 */
record Endpoint(byte[] address, byte[] mac, String text) {

  boolean ipv6() {
    return address.length == 16;
  }

  /** Builds an endpoint from raw address bytes; the MAC is derived from the address so it is stable. */
  static Endpoint of(byte[] address) {
    byte[] mac = new byte[6];
    mac[0] = 0x02; // locally administered, unicast
    for (int i = 0; i < address.length; i++) {
      mac[1 + i % 5] ^= address[i];
    }
    return new Endpoint(address, mac, text(address));
  }

  /** Dotted quad, or RFC 5952 IPv6 text (longest run of two or more zero groups shortened). */
  static String text(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((a[2 * i] & 0xff) << 8) | (a[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }

  /** Parses a literal IPv4/IPv6 address (never a name: no lookup happens for literals). */
  static Endpoint parse(String literal) {
    try {
      return of(InetAddress.getByName(literal).getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address literal: " + literal, e);
    }
  }

  static Endpoint ipv4(int a, int b, int c, int d) {
    return of(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
  }

  /** An IPv6 address made of a fixed /64 prefix and a 64-bit interface id. */
  static Endpoint ipv6(long prefix, long interfaceId) {
    byte[] a = new byte[16];
    for (int i = 0; i < 8; i++) {
      a[i] = (byte) (prefix >>> (56 - 8 * i));
      a[8 + i] = (byte) (interfaceId >>> (56 - 8 * i));
    }
    return of(a);
  }
}

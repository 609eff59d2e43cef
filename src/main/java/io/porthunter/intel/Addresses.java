package io.porthunter.intel;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Address arithmetic shared by the lookups: unwrapping IPv4 hosts in IPv6 forms, 128-bit keys, prefixes. */
final class Addresses {
  static final int IPV4_BYTES = 4;
  static final int IPV6_BYTES = 16;
  /** Grouping prefixes: a /24 is one typical IPv4 allocation unit, a /48 one IPv6 site. */
  static final int IPV4_GROUP_PREFIX = 24;
  static final int IPV6_GROUP_PREFIX = 48;

  private static final int MAPPED_PREFIX_BYTES = 12;

  private Addresses() {}

  static boolean isIpv4(InetAddress ip) {
    return ip instanceof Inet4Address;
  }

  /**
   * An IPv6 address that is an IPv4 host under another name as that IPv4 address: IPv4-mapped
   * (::ffff:a.b.c.d) and the NAT64 well-known prefix (64:ff9b::a.b.c.d, RFC 6052), whose translator
   * reaches exactly that host. Anything else unchanged: a 6to4 address (2002:a.b.c.d::/48) names a
   * site behind that IPv4 router, not the router itself.
   */
  static InetAddress canonical(InetAddress ip) {
    byte[] b = ip.getAddress();
    if (b.length != IPV6_BYTES || !(isMapped(b) || isNat64WellKnown(b))) {
      return ip;
    }
    return ipv4(b, MAPPED_PREFIX_BYTES);
  }

  /** Whether {@code b} lies in 64:ff9b::/96, the NAT64 well-known prefix (the IPv4 address in its last 4 bytes). */
  private static boolean isNat64WellKnown(byte[] b) {
    for (int i = 4; i < MAPPED_PREFIX_BYTES; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b;
  }

  private static boolean isMapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** The IPv4 address in four bytes of {@code b} starting at {@code offset}. */
  static InetAddress ipv4(byte[] b, int offset) {
    byte[] v4 = new byte[IPV4_BYTES];
    System.arraycopy(b, offset, v4, 0, IPV4_BYTES);
    try {
      return InetAddress.getByAddress(v4);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an IPv4 address", e);
    }
  }

  /** High half of the lookup key: the IPv4 address as an unsigned number, or IPv6 bits 0-63. */
  static long keyHigh(InetAddress ip) {
    byte[] b = ip.getAddress();
    return b.length == IPV4_BYTES ? Integer.toUnsignedLong(bigEndianInt(b)) : bigEndianLong(b, 0);
  }

  /** Low half of the lookup key: zero for IPv4, IPv6 bits 64-127. */
  static long keyLow(InetAddress ip) {
    byte[] b = ip.getAddress();
    return b.length == IPV4_BYTES ? 0L : bigEndianLong(b, 8);
  }

  /** The grouping network holding the address: "8.8.8.0/24" or "2001:4860:4860::/48". */
  static String groupPrefix(InetAddress ip) {
    InetAddress address = canonical(ip);
    int bits = isIpv4(address) ? IPV4_GROUP_PREFIX : IPV6_GROUP_PREFIX;
    byte[] masked = mask(address.getAddress(), bits);
    try {
      return text(InetAddress.getByAddress(masked)) + "/" + bits;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a masked address keeps its length", e);
    }
  }

  /** Keeps the first {@code bits} bits. */
  static byte[] mask(byte[] address, int bits) {
    byte[] out = address.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - i * 8));
      out[i] &= (byte) (0xff << (8 - keep));
    }
    return out;
  }

  /** True when the first {@code bits} bits of both arrays (of equal length) agree. */
  static boolean samePrefix(byte[] a, byte[] b, int bits) {
    if (a.length != b.length) {
      return false;
    }
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int m = 0xff << (8 - rest) & 0xff;
    return (a[full] & m) == (b[full] & m);
  }

  /** Text form with no host name lookup; IPv6 per RFC 5952 ("::" for the longest zero run). */
  static String text(InetAddress ip) {
    if (isIpv4(ip)) {
      return ip.getHostAddress();
    }
    byte[] b = ip.getAddress();
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // RFC 5952: a single zero group is not compressed
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  private static int bigEndianInt(byte[] b) {
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  private static long bigEndianLong(byte[] b, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (b[offset + i] & 0xff);
    }
    return v;
  }
}

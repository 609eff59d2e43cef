package io.porthunter.capture;

/**
 * Addresses as text, in the two-long form of {@link Packet} (IPv4 stored IPv4-mapped). Formatting
 * follows what tshark prints: dotted quad for IPv4; RFC 5952 for IPv6 (lower case, no leading
 * zeros, the longest run of two or more zero groups shortened to "::", the first one on a tie),
 * with the IPv4-compatible form {@code ::a.b.c.d} as the C library's {@code inet_ntop} writes it.
 * Parsing accepts those forms and the uncompressed ones; it never resolves names.
 */
public final class IpText {
  private static final int GROUPS = 8;
  private static final int IPV4_GROUPS = 2;
  private static final int MAX_HEX_DIGITS = 4;

  private IpText() {}

  /** Text of an address held as (hi, lo). */
  public static String format(long hi, long lo) {
    if (Packet.isIpv4Mapped(hi, lo)) {
      return formatV4((int) lo);
    }
    int[] g = new int[GROUPS];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
      g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < GROUPS; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < GROUPS && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    // IPv4-compatible (deprecated) form: exactly the first six groups zero
    boolean embedV4 = bestStart == 0 && bestLen == 6;
    int last = embedV4 ? GROUPS - IPV4_GROUPS : GROUPS;
    for (int i = 0; i < last; i++) {
      if (i == bestStart) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      sb.append(Integer.toHexString(g[i]));
      if (i < GROUPS - 1) {
        sb.append(':');
      }
    }
    if (embedV4) {
      sb.append(formatV4((int) lo));
    }
    return sb.toString();
  }

  /** Dotted quad of an IPv4 address in network order. */
  private static String formatV4(int address) {
    return (address >>> 24) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF)
        + "." + (address & 0xFF);
  }

  /**
   * Parses IPv4 or IPv6 text into {@code out[0]} (hi) and {@code out[1]} (lo); false, leaving out
   * alone, if invalid.
   */
  public static boolean parse(CharSequence text, long[] out) {
    if (text == null || text.length() == 0) {
      return false;
    }
    int colon = indexOf(text, ':', 0);
    if (colon < 0) {
      long v4 = parseV4(text, 0, text.length());
      if (v4 < 0) {
        return false;
      }
      out[0] = 0;
      out[1] = Packet.IPV4_MAPPED_MARK | v4;
      return true;
    }
    int[] g = new int[GROUPS];
    if (!parseV6(text, g)) {
      return false;
    }
    out[0] = pack(g, 0);
    out[1] = pack(g, 4);
    return true;
  }

  private static long pack(int[] g, int from) {
    return ((long) g[from] << 48) | ((long) g[from + 1] << 32) | ((long) g[from + 2] << 16)
        | g[from + 3];
  }

  /** Parses a dotted quad in [from, to): four decimal parts 0-255 without leading zeros, or -1. */
  private static long parseV4(CharSequence s, int from, int to) {
    long value = 0;
    int parts = 0;
    int i = from;
    while (parts < 4) {
      int start = i;
      int part = 0;
      while (i < to && i - start < 3 && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
        part = part * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || part > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      value = (value << 8) | part;
      parts++;
      if (parts < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
    }
    return i == to ? value : -1;
  }

  private static boolean parseV6(CharSequence s, int[] g) {
    int len = s.length();
    int gap = -1;
    int n = 0;
    int i = 0;
    if (s.charAt(0) == ':') {
      if (len < 2 || s.charAt(1) != ':') {
        return false;
      }
      gap = 0;
      i = 2;
      if (i == len) {
        return true;
      }
    }
    while (i < len) {
      if (n == GROUPS) {
        return false;
      }
      int dot = indexOf(s, '.', i);
      int nextColon = indexOf(s, ':', i);
      if (dot >= 0 && (nextColon < 0 || dot < nextColon)) {
        // trailing dotted quad fills the last two groups
        if (n > GROUPS - IPV4_GROUPS) {
          return false;
        }
        long v4 = parseV4(s, i, len);
        if (v4 < 0) {
          return false;
        }
        g[n++] = (int) (v4 >>> 16);
        g[n++] = (int) (v4 & 0xFFFF);
        i = len;
        break;
      }
      int start = i;
      int value = 0;
      while (i < len && i - start <= MAX_HEX_DIGITS) {
        int d = Character.digit(s.charAt(i), 16);
        if (d < 0 || s.charAt(i) >= 128) {
          break;
        }
        value = (value << 4) | d;
        i++;
      }
      if (i == start || i - start > MAX_HEX_DIGITS) {
        return false;
      }
      g[n++] = value;
      if (i == len) {
        break;
      }
      if (s.charAt(i) != ':') {
        return false;
      }
      i++;
      if (i < len && s.charAt(i) == ':') {
        if (gap >= 0) {
          return false;
        }
        gap = n;
        i++;
      } else if (i == len) {
        return false;
      }
    }
    if (gap < 0) {
      return n == GROUPS;
    }
    if (n == GROUPS) {
      return false;
    }
    int tail = n - gap;
    System.arraycopy(g, gap, g, GROUPS - tail, tail);
    for (int k = gap; k < GROUPS - tail; k++) {
      g[k] = 0;
    }
    return true;
  }

  private static int indexOf(CharSequence s, char c, int from) {
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }
}

package io.porthunter.detect;

import io.porthunter.capture.IpText;
import io.porthunter.capture.Packet;

/** Address predicates over the {@link Packet} two-long form (IPv4 stored IPv4-mapped). */
final class Addresses {
  /**
   * The high half of the key standing for a station that asked from no address of its own (ARP
   * probes from 0.0.0.0), its hardware address in the low half: 100::/64 is discard-only (RFC 6666),
   * no packet comes from it. Reported as 0.0.0.0 ({@link #text}), the reasons naming the station.
   */
  static final long UNNAMED_STATION_HI = 0x0100_0000_0000_0000L;

  private Addresses() {}

  /** A source of the IPv4 family: an IPv4 address, or a station that asked over ARP from none. */
  static boolean isIpv4Source(long hi, long lo) {
    return isIpv4(hi, lo) || isUnnamedStation(hi, lo);
  }

  /** A key of {@link #UNNAMED_STATION_HI}: 100::/64 with a 48-bit hardware address in the low half. */
  static boolean isUnnamedStation(long hi, long lo) {
    return hi == UNNAMED_STATION_HI && (lo >>> 48) == 0;
  }

  /** A source's address as reported: a station that asked from none ({@link #UNNAMED_STATION_HI}) as 0.0.0.0. */
  static String text(long hi, long lo) {
    return isUnnamedStation(hi, lo) ? "0.0.0.0" : IpText.format(hi, lo);
  }

  static boolean isIpv4(long hi, long lo) {
    return Packet.isIpv4Mapped(hi, lo);
  }

  /** False for multicast, broadcast and unspecified destinations: nobody "probes" those. */
  static boolean isUnicast(long hi, long lo) {
    if (isIpv4(hi, lo)) {
      int v4 = (int) lo;
      int first = v4 >>> 24;
      return v4 != 0 && v4 != -1 && (first < 224);
    }
    boolean multicast = (hi >>> 56) == 0xFF;
    return !multicast && (hi != 0 || lo != 0);
  }

  /**
   * The block of addresses holding this one, an IPv4 /24 or an IPv6 /64 (compare within one family):
   * what one network, or one host's addresses, most often spans.
   */
  static long block(long hi, long lo) {
    return isIpv4(hi, lo) ? lo >>> 8 : hi;
  }

  /** fe80::/10: an address valid on one link only. */
  static boolean isLinkLocal(long hi, long lo) {
    return (hi >>> 54) == 0x3FA;
  }

  /**
   * An IPv4 address ending in .255: the broadcast address of a /24 or any larger subnet, or a host
   * of a /22 or larger. Only with a link-layer broadcast destination does it say which.
   */
  static boolean endsInBroadcastOctet(long hi, long lo) {
    return isIpv4(hi, lo) && (lo & 0xFF) == 0xFF;
  }
}

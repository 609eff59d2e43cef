package io.porthunter.detect;

import static io.porthunter.capture.IpProtocol.ICMP;
import static io.porthunter.capture.IpProtocol.ICMPV6;

/** ICMP (RFC 792) and ICMPv6 (RFC 4443) message types that matter for scans. */
final class IcmpTypes {
  private static final int[] V4_QUERIES = {8, 13, 17};
  private static final int[] V6_QUERIES = {128};

  private IcmpTypes() {}

  /** Echo, timestamp and address-mask requests (ICMPv6: echo request). */
  static boolean isQuery(int proto, int type) {
    for (int query : queries(proto)) {
      if (type == query) {
        return true;
      }
    }
    return false;
  }

  /**
   * ICMPv6 messages past echo (130 on: multicast listener reports, router and neighbour discovery)
   * go out with a hop limit their RFCs fix (1, 255), not the host's own.
   */
  static boolean fixedHopLimit(int proto, int type) {
    return proto == ICMPV6 && type >= 130;
  }

  /** The request types {@link #isQuery} accepts. */
  static int[] queries(int proto) {
    return proto == ICMP ? V4_QUERIES : V6_QUERIES;
  }

  /** The request type a reply answers, or -1 when the message is not a reply. */
  static int queryOfReply(int proto, int type) {
    if (proto == ICMP) {
      return switch (type) {
        case 0 -> 8;
        case 14 -> 13;
        case 18 -> 17;
        default -> -1;
      };
    }
    return type == 129 ? 128 : -1;
  }

  /**
   * Protocol unreachable (RFC 792), or its IPv6 counterpart, parameter problem "unrecognized Next
   * Header type" (RFC 4443): the host does not speak the quoted datagram's protocol.
   */
  static boolean protocolUnreachable(int proto, int type, int code) {
    return proto == ICMP ? type == 3 && code == 2 : type == 4 && code == 1;
  }

  /**
   * The {@link Flow} bit an ICMP error about a conversation sets: destination unreachable (port,
   * prohibited, other; ICMPv6's unrecognized next header counts as other) or time exceeded; 0 for
   * other messages.
   */
  static int errorBit(int proto, int type, int code) {
    if (type == (proto == ICMP ? 11 : 3)) {
      return Flow.ICMP_TIME_EXCEEDED;
    }
    if (proto == ICMP) {
      if (type != 3) {
        return 0;
      }
      return switch (code) {
        case 3 -> Flow.ICMP_PORT_UNREACHABLE;
        case 9, 10, 13 -> Flow.ICMP_PROHIBITED;
        default -> Flow.ICMP_UNREACHABLE;
      };
    }
    if (type == 4) { // parameter problem: only "unrecognized next header" is about a datagram's goal
      return protocolUnreachable(proto, type, code) ? Flow.ICMP_UNREACHABLE : 0;
    }
    if (type != 1) {
      return 0;
    }
    return switch (code) {
      case 4 -> Flow.ICMP_PORT_UNREACHABLE;
      case 1 -> Flow.ICMP_PROHIBITED;
      default -> Flow.ICMP_UNREACHABLE;
    };
  }
}

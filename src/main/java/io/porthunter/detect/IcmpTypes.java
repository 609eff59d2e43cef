package io.porthunter.detect;

import static io.porthunter.capture.IpProtocol.ICMP;
import static io.porthunter.capture.IpProtocol.ICMPV6;

import io.porthunter.capture.IcmpType;

/** ICMP (RFC 792) and ICMPv6 (RFC 4443) message types that matter for scans. */
final class IcmpTypes {
  private static final int[] V4_QUERIES = {IcmpType.ECHO_REQUEST, IcmpType.TIMESTAMP_REQUEST,
      IcmpType.ADDRESS_MASK_REQUEST};
  private static final int[] V6_QUERIES = {IcmpType.V6_ECHO_REQUEST};

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
    return proto == ICMPV6 && type >= IcmpType.V6_MULTICAST_LISTENER_QUERY;
  }

  /**
   * The messages every segment carries to its groups: ICMPv6 multicast listener discovery (130-132,
   * 143), router and neighbour discovery (133-137), multicast router discovery (151-153); ICMP router
   * advertisements and solicitations (9, 10). A burst of them (each host's reports to a listener
   * query) must not push out the group messages {@link GroupQueries} keeps for their answers.
   */
  static boolean linkHousekeeping(int proto, int type) {
    if (proto == ICMP) {
      return type == IcmpType.ROUTER_ADVERTISEMENT || type == IcmpType.ROUTER_SOLICITATION;
    }
    return (type >= IcmpType.V6_MULTICAST_LISTENER_QUERY && type <= IcmpType.NEIGHBOUR_ADVERTISEMENT)
        || type == IcmpType.V6_MULTICAST_LISTENER_REPORT_V2
        || (type >= IcmpType.V6_MULTICAST_ROUTER_ADVERTISEMENT && type <= IcmpType.V6_MULTICAST_ROUTER_TERMINATION);
  }

  /** The request types {@link #isQuery} accepts. */
  static int[] queries(int proto) {
    return proto == ICMP ? V4_QUERIES : V6_QUERIES;
  }

  /** The request type a reply answers, or -1 when the message is not a reply. */
  static int queryOfReply(int proto, int type) {
    if (proto == ICMP) {
      return switch (type) {
        case IcmpType.ECHO_REPLY -> IcmpType.ECHO_REQUEST;
        case IcmpType.TIMESTAMP_REPLY -> IcmpType.TIMESTAMP_REQUEST;
        case IcmpType.ADDRESS_MASK_REPLY -> IcmpType.ADDRESS_MASK_REQUEST;
        default -> -1;
      };
    }
    return type == IcmpType.V6_ECHO_REPLY ? IcmpType.V6_ECHO_REQUEST : -1;
  }

  /**
   * Protocol unreachable (RFC 792), or its IPv6 counterpart, parameter problem "unrecognized Next
   * Header type" (RFC 4443): the host does not speak the quoted datagram's protocol.
   */
  static boolean protocolUnreachable(int proto, int type, int code) {
    return proto == ICMP
        ? type == IcmpType.DESTINATION_UNREACHABLE && code == IcmpType.PROTOCOL_UNREACHABLE
        : type == IcmpType.V6_PARAMETER_PROBLEM && code == IcmpType.V6_UNRECOGNIZED_NEXT_HEADER;
  }

  /**
   * ICMPv6 parameter problem "unrecognized IPv6 option": beside packet too big, the one error a host
   * sends about a packet to a multicast group (RFC 4443 2.4 e.2, e.3), when an option's type says to.
   */
  static boolean unrecognizedOption(int proto, int type, int code) {
    return proto == ICMPV6 && type == IcmpType.V6_PARAMETER_PROBLEM && code == IcmpType.V6_UNRECOGNIZED_OPTION;
  }

  /**
   * The {@link Flow} bit an ICMP error about a conversation sets: destination unreachable (port,
   * prohibited, other; ICMPv6's unrecognized next header counts as other) or time exceeded; 0 for
   * other messages.
   */
  static int errorBit(int proto, int type, int code) {
    if (type == (proto == ICMP ? IcmpType.TIME_EXCEEDED : IcmpType.V6_TIME_EXCEEDED)) {
      return Flow.ICMP_TIME_EXCEEDED;
    }
    if (proto == ICMP) {
      if (type != IcmpType.DESTINATION_UNREACHABLE) {
        return 0;
      }
      return switch (code) {
        case IcmpType.PORT_UNREACHABLE -> Flow.ICMP_PORT_UNREACHABLE;
        case IcmpType.NET_PROHIBITED, IcmpType.HOST_PROHIBITED, IcmpType.ADMINISTRATIVELY_PROHIBITED ->
            Flow.ICMP_PROHIBITED;
        default -> Flow.ICMP_UNREACHABLE;
      };
    }
    if (type == IcmpType.V6_PARAMETER_PROBLEM) { // only "unrecognized next header" is about a datagram's goal
      return protocolUnreachable(proto, type, code) ? Flow.ICMP_UNREACHABLE : 0;
    }
    if (type != IcmpType.V6_DESTINATION_UNREACHABLE) {
      return 0;
    }
    return switch (code) {
      case IcmpType.V6_PORT_UNREACHABLE -> Flow.ICMP_PORT_UNREACHABLE;
      case IcmpType.V6_ADMINISTRATIVELY_PROHIBITED -> Flow.ICMP_PROHIBITED;
      default -> Flow.ICMP_UNREACHABLE;
    };
  }
}

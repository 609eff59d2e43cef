package io.porthunter.capture;

/**
 * ICMP (RFC 792, RFC 950) and ICMPv6 (RFC 4443, RFC 4861) message types and the codes this project
 * reads, by their names in those RFCs. ICMPv6 numbers its types apart from ICMP's, so its names
 * carry a {@code V6_} prefix where the two would clash.
 */
public final class IcmpType {
  // ---- ICMP types ----
  public static final int ECHO_REPLY = 0;
  public static final int DESTINATION_UNREACHABLE = 3;
  public static final int SOURCE_QUENCH = 4;
  public static final int REDIRECT = 5;
  public static final int ECHO_REQUEST = 8;
  public static final int ROUTER_ADVERTISEMENT = 9;
  public static final int ROUTER_SOLICITATION = 10;
  public static final int TIME_EXCEEDED = 11;
  public static final int PARAMETER_PROBLEM = 12;
  public static final int TIMESTAMP_REQUEST = 13;
  public static final int TIMESTAMP_REPLY = 14;
  public static final int INFORMATION_REQUEST = 15;
  public static final int INFORMATION_REPLY = 16;
  public static final int ADDRESS_MASK_REQUEST = 17;
  public static final int ADDRESS_MASK_REPLY = 18;

  // ---- ICMP destination unreachable codes ----
  public static final int PROTOCOL_UNREACHABLE = 2;
  public static final int PORT_UNREACHABLE = 3;
  public static final int NET_PROHIBITED = 9;
  public static final int HOST_PROHIBITED = 10;
  public static final int ADMINISTRATIVELY_PROHIBITED = 13;

  // ---- ICMPv6 types ----
  public static final int V6_DESTINATION_UNREACHABLE = 1;
  public static final int V6_PACKET_TOO_BIG = 2;
  public static final int V6_TIME_EXCEEDED = 3;
  public static final int V6_PARAMETER_PROBLEM = 4;
  public static final int V6_ECHO_REQUEST = 128;
  public static final int V6_ECHO_REPLY = 129;
  /** The first type past echo: multicast listener discovery, router and neighbour discovery. */
  public static final int V6_MULTICAST_LISTENER_QUERY = 130;
  public static final int NEIGHBOUR_SOLICITATION = 135;
  public static final int NEIGHBOUR_ADVERTISEMENT = 136;
  public static final int V6_MULTICAST_LISTENER_REPORT_V2 = 143;
  public static final int V6_MULTICAST_ROUTER_ADVERTISEMENT = 151;
  public static final int V6_MULTICAST_ROUTER_TERMINATION = 153;

  // ---- ICMPv6 codes ----
  /** Destination unreachable: communication with the destination administratively prohibited. */
  public static final int V6_ADMINISTRATIVELY_PROHIBITED = 1;
  public static final int V6_PORT_UNREACHABLE = 4;
  /** Parameter problem: unrecognized Next Header type encountered. */
  public static final int V6_UNRECOGNIZED_NEXT_HEADER = 1;
  /** Parameter problem: unrecognized IPv6 option encountered. */
  public static final int V6_UNRECOGNIZED_OPTION = 2;

  private IcmpType() {}
}

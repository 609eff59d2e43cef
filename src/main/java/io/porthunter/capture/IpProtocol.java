package io.porthunter.capture;

/** The IP protocol numbers (IANA) of the transports the decoder reads, and what sets them apart. */
public final class IpProtocol {
  public static final int ICMP = 1;
  public static final int TCP = 6;
  public static final int UDP = 17;
  public static final int ICMPV6 = 58;
  public static final int SCTP = 132;

  private IpProtocol() {}

  /** ICMP or ICMPv6: messages about hosts and about other datagrams, without ports. */
  public static boolean isIcmp(int protocol) {
    return protocol == ICMP || protocol == ICMPV6;
  }

  /** TCP, UDP and SCTP: the protocols whose headers begin with the source and destination port. */
  public static boolean hasPorts(int protocol) {
    return protocol == TCP || protocol == UDP || protocol == SCTP;
  }
}

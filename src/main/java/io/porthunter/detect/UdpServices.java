package io.porthunter.detect;

/**
 * UDP services whose answers can appear without their question, and those that never answer. Answers
 * appear alone in a one-way capture, or when the server speaks first (DHCP offers): a first datagram
 * from one of these ports to a client port is taken as such an answer, not as a probe, when it carries
 * a payload, as every answer of theirs does, and, from DNS's port, when that payload is a DNS answer.
 * An empty one, or one from port 53 that is no DNS answer, is a probe sent from the service's port to
 * slip through firewalls (nmap -sU -g 53 sends nothing to ports it has no payload for, and the target
 * port's own payload to the others); a scanner filling its probes from another service's port, or
 * with forged DNS answers, could still hide them, a documented trade.
 */
final class UdpServices {
  /** DNS, DHCP server, NTP, NetBIOS names, SNMP, IKE, DHCPv6 server, SSDP, mDNS. */
  private static final int[] SERVER_PORTS = {53, 67, 123, 137, 161, 500, 547, 1900, 5353};
  /** Client ports start here (the IANA registered/dynamic ranges); DHCP clients listen below it. */
  private static final int FIRST_CLIENT_PORT = 1024;
  private static final int DHCP_SERVER = 67;
  private static final int DHCP_CLIENT = 68;
  private static final int DHCPV6_CLIENT = 546;

  /**
   * Services that never answer, whose datagrams go unanswered by design: syslog, SNMP traps, NetFlow
   * (v5/v9 collectors' usual ports), IPFIX, sFlow, statsd, Graylog's GELF.
   */
  private static final int[] ONE_WAY_PORTS = {162, 514, 2055, 4739, 6343, 8125, 9995, 9996, 12201};

  /**
   * Services whose own datagrams, questions included, leave from their well-known port: DHCP, NTP,
   * NetBIOS names and datagrams, IKE (and its NAT traversal), DHCPv6, mDNS. A querier reusing one of
   * these ports is such a service asking (Windows' and Samba's NetBIOS node-status queries), not a
   * scanner that chose one source port.
   */
  private static final int[] OWN_SOURCE_PORTS = {67, 68, 123, 137, 138, 500, 546, 547, 4500, 5353};

  private UdpServices() {}

  /** True when datagrams from {@code srcPort} are those of a service sending from its own port. */
  static boolean sendsFromOwnPort(int srcPort) {
    return listed(OWN_SOURCE_PORTS, srcPort);
  }

  /** True for DHCP's (BOOTP's) two ports, the server's and the client's. */
  static boolean isBootp(int port) {
    return port == DHCP_SERVER || port == DHCP_CLIENT;
  }

  /** True for a destination port of a one-way service ({@link #ONE_WAY_PORTS}). */
  static boolean isOneWay(int dstPort) {
    return listed(ONE_WAY_PORTS, dstPort);
  }

  /**
   * Whether a first datagram is an answer whose question the capture missed; {@code dnsNonAnswer}:
   * its payload is a DNS message but no answer to a question ({@link
   * io.porthunter.capture.Packet#dnsNonAnswer}).
   */
  static boolean isReply(int srcPort, int dstPort, int payloadLength, boolean dnsNonAnswer) {
    return payloadLength > 0 && !dnsNonAnswer && listed(SERVER_PORTS, srcPort)
        && (dstPort >= FIRST_CLIENT_PORT || dstPort == DHCP_CLIENT || dstPort == DHCPV6_CLIENT);
  }

  private static boolean listed(int[] ports, int port) {
    for (int p : ports) {
      if (p == port) {
        return true;
      }
    }
    return false;
  }
}

package io.porthunter.detect;

/**
 * UDP services whose answers can appear without their question: in a one-way capture, or when the
 * server speaks first (DHCP offers). A first datagram from one of these ports to a client port is
 * taken as such an answer, not as a probe. A scanner could send from port 53 to hide its probes to
 * high ports; that trade is documented, and the probes' ICMP errors still show in flag counts.
 */
final class UdpServices {
  /** DNS, DHCP server, NTP, NetBIOS names, SNMP, IKE, DHCPv6 server, SSDP, mDNS. */
  private static final int[] SERVER_PORTS = {53, 67, 123, 137, 161, 500, 547, 1900, 5353};
  /** Client ports start here (the IANA registered/dynamic ranges); DHCP clients listen below it. */
  private static final int FIRST_CLIENT_PORT = 1024;
  private static final int DHCP_CLIENT = 68;
  private static final int DHCPV6_CLIENT = 546;

  private UdpServices() {}

  static boolean isReply(int srcPort, int dstPort) {
    boolean server = false;
    for (int port : SERVER_PORTS) {
      server |= port == srcPort;
    }
    return server && (dstPort >= FIRST_CLIENT_PORT || dstPort == DHCP_CLIENT || dstPort == DHCPV6_CLIENT);
  }
}

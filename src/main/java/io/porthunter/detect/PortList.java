package io.porthunter.detect;

import io.porthunter.capture.IpProtocol;
import java.util.ArrayList;
import java.util.List;

/** Writes (protocol, port) sets as "tcp/22" entries, folding runs into ranges when asked. */
final class PortList {
  /** Runs at least this long become "tcp/a-b" in folded lists. */
  private static final int MIN_RUN = 3;

  /**
   * The protocol number ARP's questions are kept under, beside IP's: its ethertype, above every IP
   * protocol number (0-255).
   */
  static final int ARP = 0x0806;
  /**
   * The protocol number IPv6 neighbour discovery's questions are kept under, apart from ICMPv6's
   * queries: above every IP protocol number.
   */
  static final int ND = 0x0135;
  /**
   * The protocol number IP protocol probes (nmap -sO) are kept under, with the protocol they probe as
   * their port ("ip/47"): IPv4's ethertype, above every IP protocol number.
   */
  static final int IP = 0x0800;

  private PortList() {}

  /** Whether a (protocol, port) pair names a port: TCP, UDP and SCTP, and the protocols IP probes. */
  static boolean hasPorts(int protocol) {
    return IpProtocol.hasPorts(protocol) || protocol == IP;
  }

  /** ARP and neighbour discovery: questions that look for a host on the link. */
  static boolean isResolution(int protocol) {
    return protocol == ARP || protocol == ND;
  }

  static String protoName(int protocol) {
    return switch (protocol) {
      case IpProtocol.TCP -> "tcp";
      case IpProtocol.UDP -> "udp";
      case IpProtocol.SCTP -> "sctp";
      case IpProtocol.ICMP -> "icmp";
      case IpProtocol.ICMPV6 -> "icmpv6";
      case ARP -> "arp";
      case ND -> "icmpv6";
      case IP -> "ip";
      default -> "ip" + protocol;
    };
  }

  /**
   * @param keys sorted keys, protocol << 16 | port
   * @param fold fold runs of consecutive ports into ranges
   */
  static List<String> format(int[] keys, int count, boolean fold) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < count) {
      int j = i;
      if (fold) {
        while (j + 1 < count && keys[j + 1] == keys[j] + 1 && (keys[j + 1] >>> 16) == (keys[i] >>> 16)) {
          j++;
        }
      }
      String proto = protoName(keys[i] >>> 16);
      int from = keys[i] & 0xFFFF;
      int to = keys[j] & 0xFFFF;
      if (j - i + 1 >= MIN_RUN) {
        out.add(proto + "/" + from + "-" + to);
        i = j + 1;
      } else {
        out.add(proto + "/" + from);
        i++;
      }
    }
    return out;
  }
}

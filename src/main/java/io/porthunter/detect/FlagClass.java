package io.porthunter.detect;

import io.porthunter.capture.IpProtocol;

/** The per-source packet counters of {@code flag_stats}: TCP flag combinations, then UDP, ICMP, SCTP and ARP. */
enum FlagClass {
  SYN, SYN_ACK, ACK, PSH_ACK, FIN, FIN_ACK, RST, RST_ACK, NULL, XMAS, SYN_FIN, OTHER_TCP, UDP, ICMP, SCTP, ARP;

  /**
   * The class of a conversation's opening packet, {@code protocol} as the conversation is keyed (ARP
   * and neighbour discovery by {@link PortList}'s pseudo-protocols); null for a raw IP protocol probe,
   * which no class counts.
   */
  static FlagClass ofOpening(int protocol, int tcpFlags) {
    return switch (protocol) {
      case IpProtocol.TCP -> ofTcp(tcpFlags);
      case IpProtocol.UDP -> UDP;
      case IpProtocol.SCTP -> SCTP;
      case IpProtocol.ICMP, IpProtocol.ICMPV6, PortList.ND -> ICMP;
      case PortList.ARP -> ARP;
      default -> null;
    };
  }

  static FlagClass ofTcp(int flags) {
    int f = flags & TcpFlags.CLASSIC;
    switch (f) {
      case TcpFlags.SYN:
        return SYN;
      case TcpFlags.SYN | TcpFlags.ACK:
        return SYN_ACK;
      case TcpFlags.ACK:
        return ACK;
      case TcpFlags.PSH | TcpFlags.ACK:
        return PSH_ACK;
      case TcpFlags.FIN:
        return FIN;
      case TcpFlags.FIN | TcpFlags.ACK:
      case TcpFlags.FIN | TcpFlags.PSH | TcpFlags.ACK:
        return FIN_ACK;
      case TcpFlags.RST:
        return RST;
      case TcpFlags.RST | TcpFlags.ACK:
        return RST_ACK;
      case 0:
        return NULL;
      case TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG:
        return XMAS;
      default:
        return (f & (TcpFlags.SYN | TcpFlags.FIN)) == (TcpFlags.SYN | TcpFlags.FIN) ? SYN_FIN : OTHER_TCP;
    }
  }
}

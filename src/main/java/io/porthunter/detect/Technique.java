package io.porthunter.detect;

/**
 * What a probe asks, named with the shared vocabulary. Window scans (nmap -sW) send the same bare
 * ACK as ACK scans and differ only in how the scanner reads the RST's window, which no capture of
 * the probes can show: they are reported as {@link #ACK}.
 */
public enum Technique {
  SYN("syn"),
  CONNECT("connect"),
  FIN("fin"),
  NULL("null"),
  XMAS("xmas"),
  ACK("ack"),
  MAIMON("maimon"),
  SYN_FIN("syn_fin"),
  ODD_TCP_FLAGS("odd_tcp_flags"),
  UDP("udp"),
  PING_SWEEP("ping_sweep"),
  /** SCTP INIT (nmap -sY): INIT ACK = open, ABORT = closed, as SYN scans read SYN/ACK and RST. */
  SCTP_INIT("sctp_init"),
  /** SCTP COOKIE ECHO without an association (nmap -sZ): ABORT = closed, silence = open. */
  SCTP_COOKIE_ECHO("sctp_cookie_echo"),
  /**
   * ARP requests (nmap -sn on a LAN, arp-scan, netdiscover): asks who has an IPv4 address; a reply
   * says the host is up. A host sweep like {@link #PING_SWEEP}, one link away.
   */
  ARP_SWEEP("arp_sweep"),
  /** IPv6 neighbour solicitations (nmap -6 -sn on a LAN): the IPv6 counterpart of {@link #ARP_SWEEP}. */
  ND_SWEEP("nd_sweep"),
  /**
   * A datagram of another IP protocol (nmap -sO sends each protocol number to a host): protocol
   * unreachable from the host = it does not speak that protocol, an answer in the protocol = it does,
   * silence = it does or a filter dropped it. Its "port" is the protocol number ({@link PortList#IP}).
   */
  IP_PROTOCOL("ip_protocol"),
  /**
   * Not a segment's: the scanner behind an idle scan (nmap -sI), whose probes carry its zombie's
   * address and which reads the zombie's IP ID with SYN/ACKs to learn each port's state.
   */
  IDLE("idle");

  /** ARP and neighbour-discovery sweeps: questions for a host one link away. */
  boolean findsNeighbours() {
    return this == ARP_SWEEP || this == ND_SWEEP;
  }

  /** Ports below this are the well-known ones (RFC 6335): what scans probe, not what clients use. */
  static final int WELL_KNOWN_PORTS = 1024;

  private final String wireName;

  Technique(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in every output. */
  public String wireName() {
    return wireName;
  }

  /**
   * The technique a TCP segment opening a conversation asks with, or null when the segment is an
   * answer (SYN-ACK, RST) or the middle of a conversation (data) rather than a question. {@code flags}
   * may carry the ECN bits: beside SYN they are a stack's ECN set-up, alone they make no NULL segment
   * but another flag set (nmap --scanflags ECE, CWR).
   */
  public static Technique ofOpeningSegment(int flags, int payloadLength) {
    int f = flags & TcpFlags.CLASSIC;
    if ((f & (TcpFlags.SYN | TcpFlags.RST)) == (TcpFlags.SYN | TcpFlags.RST)) {
      return ODD_TCP_FLAGS; // no stack sends SYN and RST together (nmap --scanflags SYNRST, all flags)
    }
    if ((f & TcpFlags.RST) != 0 || f == (TcpFlags.SYN | TcpFlags.ACK)) {
      return null;
    }
    if ((f & (TcpFlags.SYN | TcpFlags.FIN)) == (TcpFlags.SYN | TcpFlags.FIN)) {
      return SYN_FIN;
    }
    if ((f & TcpFlags.SYN) != 0) {
      return (f & TcpFlags.ACK) == 0 ? SYN : null;
    }
    // Data with an ACK may be the middle of a connection older than the capture. Without an ACK no
    // segment but SYN and RST is valid in any connection state, so a FIN, NULL or Xmas probe stays
    // one when the scanner pads it (nmap --data-length).
    if (payloadLength > 0 && (f & TcpFlags.ACK) != 0) {
      return null;
    }
    switch (f) {
      case 0:
        return (flags & (TcpFlags.ECE | TcpFlags.CWR)) == 0 ? NULL : ODD_TCP_FLAGS;
      case TcpFlags.FIN:
        return FIN;
      case TcpFlags.FIN | TcpFlags.PSH | TcpFlags.URG:
        return XMAS;
      case TcpFlags.ACK:
        return ACK;
      case TcpFlags.FIN | TcpFlags.ACK:
        return MAIMON;
      default:
        return ODD_TCP_FLAGS;
    }
  }

  /**
   * The technique of a SYN/ACK that answers no SYN seen, sent to a well-known port from a port above
   * it: what a SYN/ACK probe looks like (hping3 -S -A, nmap --scanflags SYNACK), and also the answer
   * of a server on a high port whose client's SYN the capture missed, or a flooded server's answer to
   * a spoofed source (backscatter). Only the answer and the IP header tell them apart (see {@link
   * FlowVerdict#paddedProbe} and the tracker): a probed host resets, a client completes the
   * handshake, and a stack's SYN/ACK carries a timestamp or don't-fragment. A server's SYN/ACK to a
   * client on a higher port, the usual case, stays an answer.
   */
  static Technique ofUnsolicitedSynAck(int flags, int srcPort, int dstPort) {
    return (flags & TcpFlags.CLASSIC) == (TcpFlags.SYN | TcpFlags.ACK) && srcPort > dstPort
        && dstPort < WELL_KNOWN_PORTS ? ODD_TCP_FLAGS : null;
  }

  /**
   * The technique of an ACK or FIN/ACK segment carrying data that opens nothing: what an ACK,
   * Window or Maimon probe padded with data (nmap --data-length, hping3 -d) looks like, and also what
   * the middle of a connection older than the capture looks like. Null for any other segment. Only
   * the answer tells them apart (see {@link FlowVerdict#paddedProbe}). Real data usually carries PSH
   * or a TCP timestamp; these probes carry neither.
   */
  static Technique ofPaddedSegment(int flags, int payloadLength) {
    if (payloadLength == 0) {
      return null;
    }
    return switch (flags & TcpFlags.CLASSIC) {
      case TcpFlags.ACK -> ACK;
      case TcpFlags.FIN | TcpFlags.ACK -> MAIMON;
      default -> null;
    };
  }
}

package io.porthunter.detect;

/**
 * What a probe taught the scanner about one port (or, for ICMP queries, the host), read the way
 * nmap reads it: SYN-ACK or a UDP reply = open; RST, or ICMP port unreachable to a datagram = closed;
 * no answer or any other ICMP unreachable (port unreachable to a raw TCP probe too; to the operating
 * system's SYN, a connect(), it is "connection refused": closed, as nmap -sT reports) = filtered; a RST to
 * an ACK probe = unfiltered (open or closed unknown). FIN/NULL/Xmas probes left unanswered by a host that resets other ports mean open.
 */
public enum PortState {
  OPEN,
  CLOSED,
  UNFILTERED,
  FILTERED;

  /** The more informative of two answers about the same port (an answer beats silence). */
  static PortState stronger(PortState a, PortState b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return a.ordinal() <= b.ordinal() ? a : b;
  }
}

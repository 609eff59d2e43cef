package io.porthunter.detect;

/**
 * How a first contact ended. Only {@link #CONVERSATION}, {@link #REPLIED} and {@link #TRACED} are successes in the
 * sense of the sequential test: a handshake the initiator then abandons (half-open, or connect and
 * close without a byte) is what scanners do and clients do not.
 */
public enum Outcome {
  /** Data went over an accepted connection (from the initiator, or to it on a connection it kept). */
  CONVERSATION,
  /** A UDP or ICMP query drew an answer. */
  REPLIED,
  /** A router answered "time exceeded": a traceroute hop, not a question to the target. */
  TRACED,
  /** SYN answered by SYN-ACK, and the initiator reset or dropped it without completing. */
  HALF_OPEN,
  /** Handshake completed, then closed with no data (see {@link #CONVERSATION}). */
  EMPTY_CONNECT,
  /** RST to a TCP probe, or ICMP port unreachable to a datagram. */
  REFUSED,
  /** ICMP unreachable / administratively prohibited (to a TCP probe, port unreachable too). */
  UNREACHABLE,
  /** Nothing came back. */
  UNANSWERED;

  public boolean success() {
    return this == CONVERSATION || this == REPLIED || this == TRACED;
  }

  /**
   * The contact got through: a success, or a handshake completed and closed without a byte (a health
   * check's, or a connect scan's open port, failed only by the judge's rules), not a refusal or silence.
   */
  public boolean accepted() {
    return success() || this == EMPTY_CONNECT;
  }
}

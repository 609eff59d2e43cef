package io.porthunter.detect;

/**
 * How a concluded conversation ended, read per technique (see {@link PortState} for the rules).
 * {@code learned} is null for a silent FIN/NULL/Xmas/Maimon probe: open or filtered, decided later
 * from how the same host answered the source's other probes.
 */
record FlowVerdict(Outcome outcome, PortState learned) {
  static FlowVerdict of(Flow f) {
    return switch (f.technique) {
      case SYN, SYN_FIN, CONNECT -> syn(f);
      case ACK -> ack(f);
      case UDP, PING_SWEEP -> query(f);
      default -> stealth(f);
    };
  }

  private static FlowVerdict syn(Flow f) {
    if (f.has(Flow.SYN_ACK)) {
      Outcome o = carriedData(f) ? Outcome.CONVERSATION
          : f.has(Flow.HANDSHAKE_DONE) ? Outcome.EMPTY_CONNECT : Outcome.HALF_OPEN;
      return new FlowVerdict(o, PortState.OPEN);
    }
    if (f.has(Flow.RESP_RST) || f.has(Flow.ICMP_PORT_UNREACHABLE)) {
      return new FlowVerdict(Outcome.REFUSED, PortState.CLOSED);
    }
    return silentOrUnreachable(f, PortState.FILTERED);
  }

  private static FlowVerdict ack(Flow f) {
    if (f.has(Flow.RESP_RST)) {
      return new FlowVerdict(Outcome.REFUSED, PortState.UNFILTERED);
    }
    if (answeredInConversation(f)) {
      return new FlowVerdict(Outcome.CONVERSATION, null);
    }
    return silentOrUnreachable(f, PortState.FILTERED);
  }

  private static FlowVerdict stealth(Flow f) {
    if (f.has(Flow.RESP_RST)) {
      return new FlowVerdict(Outcome.REFUSED, PortState.CLOSED);
    }
    if (answeredInConversation(f)) {
      return new FlowVerdict(Outcome.CONVERSATION, null);
    }
    return silentOrUnreachable(f, null);
  }

  private static FlowVerdict query(Flow f) {
    if (f.has(Flow.REPLY)) {
      return new FlowVerdict(Outcome.REPLIED, PortState.OPEN);
    }
    if (f.has(Flow.ICMP_PORT_UNREACHABLE)) {
      return new FlowVerdict(Outcome.REFUSED, PortState.CLOSED);
    }
    return silentOrUnreachable(f, PortState.FILTERED);
  }

  /**
   * Data from the initiator, or from the responder on a connection the initiator did not reset (a
   * download the client only acknowledges, as a passive FTP data connection). A connect scan's reset
   * right after the handshake may cross a service's banner, which then does not make a conversation.
   */
  private static boolean carriedData(Flow f) {
    return f.has(Flow.INIT_DATA) || (f.has(Flow.RESP_DATA) && !f.has(Flow.INIT_RST));
  }

  /** A non-RST answer (ACK, data, FIN) means the segment belonged to a live connection. */
  private static boolean answeredInConversation(Flow f) {
    return f.has(Flow.RESP_ACK) || f.has(Flow.RESP_DATA) || f.has(Flow.RESP_FIN);
  }

  private static FlowVerdict silentOrUnreachable(Flow f, PortState whenSilent) {
    if (f.has(Flow.ICMP_PROHIBITED) || f.has(Flow.ICMP_UNREACHABLE)) {
      return new FlowVerdict(Outcome.UNREACHABLE, PortState.FILTERED);
    }
    if (f.has(Flow.ICMP_TIME_EXCEEDED)) {
      return new FlowVerdict(Outcome.TRACED, null);
    }
    return new FlowVerdict(Outcome.UNANSWERED, whenSilent);
  }
}

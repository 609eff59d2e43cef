package io.porthunter.detect;

/**
 * How a concluded conversation ended, read per technique (see {@link PortState} for the rules).
 * {@code learned} is null for a silent FIN/NULL/Xmas/Maimon probe: open or filtered, decided later
 * from how the same host answered the source's other probes.
 */
record FlowVerdict(Outcome outcome, PortState learned) {
  private static final int ICMP_ERRORS = Flow.ICMP_PORT_UNREACHABLE | Flow.ICMP_PROHIBITED | Flow.ICMP_UNREACHABLE;

  static FlowVerdict of(Flow f) {
    return switch (f.technique) {
      case SYN, SYN_FIN, CONNECT, SCTP_INIT -> syn(f);
      case ACK -> ack(f);
      case UDP, PING_SWEEP, ARP_SWEEP, ND_SWEEP, IP_PROTOCOL -> query(f);
      // flags of the scanner's choosing (nmap --scanflags) are read as nmap reads them without a base
      // scan type, like a SYN scan's: silence is filtered, not open
      case ODD_TCP_FLAGS -> stealth(f, PortState.FILTERED);
      default -> stealth(f, null);
    };
  }

  /**
   * True when a conversation first seen mid-stream was an ACK or FIN/ACK probe padded with data
   * ({@link Technique#ofPaddedSegment}): it drew resets or an ICMP unreachable and nothing else, as a
   * host or its filter answers a segment of no connection it knows. A live connection answers with
   * ACKs or data; a silent one stays a conversation, since silence cannot tell a filtered probe from
   * an idle peer. A SYN/ACK that answered no SYN seen ({@link Technique#ofUnsolicitedSynAck}) is read
   * the same way, but only a reset makes it a probe.
   */
  static boolean paddedProbe(Flow f) {
    // a SYN/ACK probe must draw a reset: an unreachable also answers a flooded server's backscatter
    return f.technique != null && (f.has(Flow.RESP_RST) || (!f.openedBySynAck() && f.has(ICMP_ERRORS)))
        && !answeredInConversation(f);
  }

  /**
   * True when the SYN counts as answered only by inference: the initiator's ACK followed its SYN's
   * sequence number and nothing at all came back (see {@link Flow#HANDSHAKE_INFERRED}).
   */
  static boolean answeredByInference(Flow f) {
    return f.has(Flow.HANDSHAKE_INFERRED) && !f.has(Flow.SYN_ACK) && f.responderPackets == 0
        && !f.has(ICMP_ERRORS);
  }

  private static FlowVerdict syn(Flow f) {
    boolean inferred = answeredByInference(f);
    if (f.has(Flow.SYN_ACK) || inferred) {
      Outcome o = carriedData(f) ? Outcome.CONVERSATION
          : f.has(Flow.HANDSHAKE_DONE) || inferred ? Outcome.EMPTY_CONNECT : Outcome.HALF_OPEN;
      return new FlowVerdict(o, PortState.OPEN);
    }
    // the operating system's SYN (connect()): its stack turns a port unreachable, from the host or a
    // router, into "connection refused", as a reset, which nmap -sT reports closed; a raw scanner reads
    // it as a filter
    if (f.has(Flow.RESP_RST) || (f.has(Flow.ICMP_PORT_UNREACHABLE) && ProbeTraits.stackSyn(f.traits))) {
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

  private static FlowVerdict stealth(Flow f, PortState whenSilent) {
    if (f.has(Flow.RESP_RST)) {
      return new FlowVerdict(Outcome.REFUSED, PortState.CLOSED);
    }
    if (answeredInConversation(f)) {
      return new FlowVerdict(Outcome.CONVERSATION, null);
    }
    return silentOrUnreachable(f, whenSilent);
  }

  private static FlowVerdict query(Flow f) {
    if (f.has(Flow.REPLY)) {
      // answered, then refused by a stateless scanner that had no socket for the answer: half-open
      return new FlowVerdict(f.has(Flow.INIT_REFUSED_REPLY) ? Outcome.HALF_OPEN : Outcome.REPLIED, PortState.OPEN);
    }
    if (f.has(Flow.ICMP_PORT_UNREACHABLE)) {
      return new FlowVerdict(Outcome.REFUSED, PortState.CLOSED);
    }
    return silentOrUnreachable(f, PortState.FILTERED);
  }

  /**
   * Data from the initiator, or from the responder that the initiator acknowledged while its side
   * was still open and did not reset afterwards (a download the client only acknowledges, as a
   * passive FTP data connection). A connect scanner's banner ports stay probes: nmap -sT resets (its
   * kernel may have acknowledged the banner first), a FIN right after the handshake carries the
   * banner's acknowledgement itself.
   */
  private static boolean carriedData(Flow f) {
    return f.has(Flow.INIT_DATA) || (f.has(Flow.INIT_ACKED_DATA) && !f.has(Flow.INIT_RST));
  }

  /** A non-RST answer (ACK, data, FIN) means the segment belonged to a live connection. */
  private static boolean answeredInConversation(Flow f) {
    return f.has(Flow.RESP_ACK) || f.has(Flow.RESP_DATA) || f.has(Flow.RESP_FIN);
  }

  /**
   * A TCP probe, or a datagram without a port-unreachable answer: any ICMP unreachable means a
   * filter, as nmap reads it (to a TCP probe even "port unreachable", what iptables' REJECT sends by
   * default: only a UDP port answers with it when closed).
   */
  private static FlowVerdict silentOrUnreachable(Flow f, PortState whenSilent) {
    if (f.has(ICMP_ERRORS)) {
      return new FlowVerdict(Outcome.UNREACHABLE, PortState.FILTERED);
    }
    if (f.has(Flow.ICMP_TIME_EXCEEDED)) {
      return new FlowVerdict(Outcome.TRACED, null);
    }
    return new FlowVerdict(Outcome.UNANSWERED, whenSilent);
  }
}

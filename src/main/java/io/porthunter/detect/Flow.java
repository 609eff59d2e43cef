package io.porthunter.detect;

import static io.porthunter.capture.IpProtocol.SCTP;
import static io.porthunter.capture.IpProtocol.TCP;
import static io.porthunter.capture.IpProtocol.UDP;

import io.porthunter.capture.KeyedHash;

/**
 * One conversation between an initiator (a) and a responder (b) on (aPort, bPort, protocol), and
 * what each side showed. Its key is symmetric: packets in both directions find it. ICMP queries use the query type as aPort and 0 as bPort. Mutable: only
 * the single-threaded {@link ConversationTracker} touches it.
 */
final class Flow {
  // what the responder did
  static final int SYN_ACK = 1;
  static final int RESP_RST = 1 << 1;
  static final int RESP_DATA = 1 << 2;
  static final int RESP_ACK = 1 << 3;
  static final int RESP_FIN = 1 << 4;
  static final int REPLY = 1 << 5;
  static final int ICMP_PORT_UNREACHABLE = 1 << 6;
  static final int ICMP_PROHIBITED = 1 << 7;
  static final int ICMP_UNREACHABLE = 1 << 8;
  // what the initiator did after opening
  static final int HANDSHAKE_DONE = 1 << 9;
  static final int INIT_DATA = 1 << 10;
  static final int INIT_RST = 1 << 11;
  static final int INIT_FIN = 1 << 12;
  /**
   * First seen mid-conversation (data, or a teardown): a conversation, not a probe, unless it opened
   * like a padded ACK or FIN/ACK probe and was answered only by resets ({@link FlowVerdict#paddedProbe}).
   */
  static final int MIDSTREAM = 1 << 13;
  /** A router answered ICMP time exceeded: the datagram was a traceroute hop. */
  static final int ICMP_TIME_EXCEEDED = 1 << 14;
  /**
   * The initiator's ACK carried its SYN's sequence number plus one while nothing had come back: the
   * handshake's third segment, its SYN/ACK missing from the capture (one-way capture, asymmetric
   * routing). It stands for an answer only if nothing from the responder ever shows (a RST would
   * mean a scanner faking the third segment).
   */
  static final int HANDSHAKE_INFERRED = 1 << 15;
  /** The initiator acknowledged the responder's data while its side was still open (a download). */
  static final int INIT_ACKED_DATA = 1 << 16;
  /** The probed host itself sent an ICMP error about it (its firewall's REJECT): it is up. */
  static final int ICMP_FROM_HOST = 1 << 17;
  /** The initiator's first datagram was a STUN message: an ICE connectivity check of a candidate. */
  static final int STUN_CHECK = 1 << 18;
  /**
   * The initiator refused the answer to its own datagram at once, with a port unreachable: no socket
   * waited for it, as none waits behind a stateless scanner's raw probe (zmap): a datagram left
   * half-open.
   */
  static final int INIT_REFUSED_REPLY = 1 << 19;
  /** Opened by an ICMP query to a broadcast or multicast group ({@link GroupQueries}) this host answered. */
  static final int GROUP_ASKED = 1 << 20;
  /**
   * The initiator asked for an address's name: a reverse lookup ({@link
   * io.porthunter.capture.Packet#dnsReverseLookup}).
   */
  static final int REVERSE_LOOKUP = 1 << 21;
  /**
   * The initiator spoke a BitTorrent peer's protocol ({@link io.porthunter.capture.Packet#peerProtocol}):
   * a peer wire handshake, a DHT query.
   */
  static final int PEER_PROTOCOL = 1 << 22;
  /** The responder's host answered "protocol unreachable" ({@link IcmpTypes#protocolUnreachable}). */
  static final int PROTOCOL_REFUSED = 1 << 23;
  /** The initiator asked for the root's name servers: a resolver's priming query. */
  static final int ROOT_PRIMING = 1 << 24;
  /**
   * The initiator sent a datagram that was neither a reverse lookup nor a priming query: its
   * conversation is neither.
   */
  static final int NOT_OWN_QUERY = 1 << 25;
  /** The initiator sent an ICMP query after its first with a TTL above a traceroute's. */
  static final int ABOVE_TRACEROUTE_TTL = 1 << 26;
  /** The initiator sent a datagram after an answer: a client asking again, as no scanner re-asks a port that answered. */
  static final int ASKED_AFTER_REPLY = 1 << 27;
  /** The initiator sent while the source table had no room for it: its packets went uncounted. */
  static final int INITIATOR_UNTRACKED = 1 << 28;

  /**
   * Start of the ephemeral port range (Linux 32768–60999; Windows, macOS, OpenBSD and NetBSD start at
   * 49152, FreeBSD lower, at 10000: its clients are told by their TCP timestamps instead).
   */
  static final int FIRST_EPHEMERAL_PORT = 32768;
  /** Packets each way that still make a one-shot exchange (see {@link #over()}). */
  static final int ONE_SHOT_MAX_PACKETS = 4;

  final long aHi;
  final long aLo;
  final long bHi;
  final long bLo;
  final int aPort;
  final int bPort;
  final int protocol;
  final int hash;

  /** The endpoints' state, looked up once per conversation rather than once per packet. */
  SourceState initiator;
  SourceState responder;
  /** Technique of the initiator's opening packet; null while only answers were seen. */
  Technique technique;
  long firstTs = Long.MAX_VALUE;
  long firstFrame;
  int firstFlags;
  long firstSeq = -1;
  long lastTs;
  /** Latest packet of the initiator (its last probe packet, for probe conversations). */
  long lastInitiatorTs = Long.MIN_VALUE;
  int initiatorPackets;
  int responderPackets;
  int bits;
  /** The opening packet's wire traits ({@link ProbeTraits#ofTcp}, {@link ProbeTraits#ofIpHeader}). */
  int traits;
  /** The opening packet's TTL or hop limit. */
  int openingTtl = Integer.MAX_VALUE;
  /** The station the opening packet was sent to, when it went to one (unicast); -1 otherwise. */
  long openingLinkDestination = -1;
  /** The link-layer source of the opening packet; -1 when the link shows none. */
  long openingLinkSource = -1;

  Flow(long aHi, long aLo, long bHi, long bLo, int aPort, int bPort, int protocol, int hash) {
    this.aHi = aHi;
    this.aLo = aLo;
    this.bHi = bHi;
    this.bLo = bLo;
    this.aPort = aPort;
    this.bPort = bPort;
    this.protocol = protocol;
    this.hash = hash;
  }

  boolean has(int bit) {
    return (bits & bit) != 0;
  }

  /** The opening segment was a SYN/ACK (one that answered no SYN seen: {@link Technique#ofUnsolicitedSynAck}). */
  boolean openedBySynAck() {
    return (firstFlags & TcpFlags.CLASSIC) == (TcpFlags.SYN | TcpFlags.ACK);
  }

  /** A reset from either side, or both FINs: later packets are stragglers of this conversation. */
  boolean closed() {
    return has(RESP_RST) || has(INIT_RST) || (has(INIT_FIN) && has(RESP_FIN));
  }

  /**
   * Nothing more is expected: a TCP connection {@link #closed()}, or a one-shot exchange that was
   * answered: a client's query from an ephemeral port (DNS, NTP, a UDP probe) or an ICMP query, with
   * at most {@link #ONE_SHOT_MAX_PACKETS} packets each way (retries, {@code ping -c 4}). Such a
   * conversation lingers briefly for stragglers instead of waiting out the idle timeout. A longer
   * datagram conversation (a tunnel, a game, polling on fixed ports) may pause and resume, and one
   * started from a service port may be a server speaking first: those keep the idle timeout, so a
   * pause neither splits them into many probes nor turns the server into an initiator.
   */
  boolean over() {
    if (protocol == TCP || protocol == SCTP) {
      return closed();
    }
    return has(REPLY) && initiatorPackets <= ONE_SHOT_MAX_PACKETS && responderPackets <= ONE_SHOT_MAX_PACKETS
        && (protocol != UDP || aPort >= FIRST_EPHEMERAL_PORT);
  }

  /** True when the packet from (hi, lo, port) was sent by this conversation's initiator. */
  boolean sentByInitiator(long hi, long lo, int port) {
    return aLo == lo && aPort == port && aHi == hi;
  }

  /** The same conversation seen from either side: x→y is a→b or b→a. */
  boolean matches(long xHi, long xLo, long yHi, long yLo, int xPort, int yPort, int protocol) {
    if (this.protocol != protocol) {
      return false;
    }
    if (aLo == xLo && bLo == yLo && aPort == xPort && bPort == yPort && aHi == xHi && bHi == yHi) {
      return true;
    }
    return aLo == yLo && bLo == xLo && aPort == yPort && bPort == xPort && aHi == yHi && bHi == xHi;
  }

  /**
   * Symmetric in the two endpoints, so one lookup finds a conversation from either side; keyed
   * ({@link KeyedHash}), so a crafted capture cannot pile its conversations into one slot.
   */
  static int hash(long aHi, long aLo, long bHi, long bLo, int aPort, int bPort, int protocol) {
    long h = KeyedHash.endpoint(aHi, aLo, aPort) + KeyedHash.endpoint(bHi, bLo, bPort) + protocol;
    h *= 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 29) ^ (h >>> 47));
  }
}

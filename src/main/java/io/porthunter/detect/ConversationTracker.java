package io.porthunter.detect;

import static io.porthunter.capture.IpProtocol.ICMP;
import static io.porthunter.capture.IpProtocol.ICMPV6;
import static io.porthunter.capture.IpProtocol.SCTP;
import static io.porthunter.capture.IpProtocol.TCP;
import static io.porthunter.capture.IpProtocol.UDP;

import io.porthunter.capture.IcmpType;
import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.LinkTypes;
import io.porthunter.capture.Packet;
import io.porthunter.capture.PacketSink;
import io.porthunter.capture.ReadAhead;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * The single pass: follows every conversation (TCP connection, UDP exchange, ICMP query) between a
 * source and a target and, when one concludes, records it as a first contact of its initiator with
 * the outcome and what it revealed. Also counts each source's packets and probe traits.
 *
 * <p>Answers may precede their question in the file (records out of order, or a capture that began
 * mid-scan): an answer with no conversation opens one on behalf of its receiver, and the question,
 * when it comes, completes it. Memory is bounded by {@link DetectionSettings#maxFlows},
 * {@link DetectionSettings#maxSources} and {@link DetectionSettings#maxContacts}; what the bounds cost
 * is counted in {@link StateBudget}.
 */
public final class ConversationTracker implements PacketSink, ReadAhead.Consumer {
  // SCTP chunk types (RFC 9260 section 3.2)
  private static final int SCTP_DATA = 0;
  private static final int SCTP_INIT = 1;
  private static final int SCTP_INIT_ACK = 2;
  private static final int SCTP_ABORT = 6;
  private static final int SCTP_SHUTDOWN = 7;
  private static final int SCTP_COOKIE_ECHO = 10;
  private static final int SCTP_COOKIE_ACK = 11;
  // ARP operations (RFC 826)
  private static final int ARP_REQUEST = 1;
  private static final int ARP_REPLY = 2;
  /** 0.0.0.0, IPv4-mapped: the sender of an RFC 5227 address probe, which has no address yet. */
  private static final long UNSPECIFIED_IPV4 = Packet.IPV4_MAPPED_MARK;
  /** The I/G bit of a 48-bit MAC address, set in multicast and broadcast ones (IEEE 802). */
  private static final long MAC_GROUP_BIT = 1L << 40;
  /** A conversation that is over ({@link Flow#over()}) stays this long to absorb stragglers. */
  private static final long CLOSED_LINGER_NANOS = 5_000_000_000L;
  /**
   * A datagram's answer refused by its initiator this soon after the datagram left had no socket
   * waiting for it ({@link Flow#INIT_REFUSED_REPLY}); a client refuses only answers later than its
   * timeout (a second or more for DNS, NTP and SNMP clients).
   */
  private static final long STATELESS_REFUSAL_NANOS = 500_000_000L;
  /**
   * Conversations are swept on the capture's clock, every this much capture time (and at once under
   * memory pressure): every partition sees every timestamp, so all sweep at the same moments and
   * conclude exactly what a single pass would.
   */
  private static final long SWEEP_PERIOD_NANOS = CLOSED_LINGER_NANOS;
  /** The highest IP protocol number (an 8-bit field). */
  private static final int MAX_IP_PROTOCOL = 255;
  /** The most payload an IP protocol probe carries: nmap -sO sends bare headers, IGMP's of 8 bytes. */
  private static final int PROTOCOL_PROBE_MAX_PAYLOAD = 8;
  /**
   * Runs of DHCP replies a tracker keeps over the whole capture, over all sources, at most about
   * 3 MiB: one per new lease (its offer and acknowledgement, {@link SourceState#joinOfferRun};
   * renewals check no address and are not kept). A capture of more new leases (a day at a very busy
   * server), or a hostile one, goes past it: the replies past it are counted ({@code state_dropped})
   * and the address checks they would have excused stay judged.
   */
  static final int MAX_OFFERS_KEPT = 65_536;
  /**
   * Name servers DNS referrals named that a tracker keeps over all resolvers, at most about 5 MiB: a
   * busy resolver meets some thousands in a day. The bound is each worker's: referrals are followed
   * with their conversations. Mentions past it are counted ({@code state_dropped}), and a resolver's
   * questions to those servers are judged.
   */
  static final int MAX_REFERRED_SERVERS_KEPT = 65_536;
  /** TCP sequence numbers are 32 bits wide and wrap. */
  private static final long SEQ_MASK = 0xFFFF_FFFFL;

  private final DetectionSettings settings;
  private final int partitions;
  private final int partition;
  private final FlowTable flows = new FlowTable();
  private final GroupQueries groupQueries = new GroupQueries();
  private final StateBudget budget = new StateBudget();
  private final SourceTable sources;
  /**
   * The tracker's clock: the latest packet time seen, plus {@link #clockOffset}. Conversations go idle
   * by it ({@link Flow#lastTs} is kept on it), so it never goes back, and it does not follow a lone
   * frame dated far from it (see {@link #tick}).
   */
  private long now = Long.MIN_VALUE;
  /**
   * The packet being followed's time as its conversation keeps it ({@link Flow#lastTs}): the clock, or
   * for a packet the clock does not follow yet, its own time if later (a capture resuming after a
   * pause: its first conversations are not idle at once when the next packet moves the clock).
   */
  private long packetTs;
  /** Added to packet times: the capture's clock stepped back by this much in all, confirmed steps. */
  private long clockOffset;
  /**
   * The last packet came dated more than a conversation's idle timeout from the clock: the next one
   * says whether the capture's clock moved or that frame was misdated.
   */
  private boolean jumpPending;
  private long nextSweepTs = Long.MIN_VALUE;
  /**
   * Contacts recorded in detail over all sources; less those of sources forgotten since, they are what
   * counts against {@link DetectionSettings#maxContacts} ({@link #contactsKept}).
   */
  private long contactsRecorded;
  /** Runs of DHCP offers kept over all sources ({@link SourceState#offered}), against {@link #MAX_OFFERS_KEPT}. */
  private long offersKept;
  /** Name servers kept over all sources ({@link SourceState#referredTo}), against {@link #MAX_REFERRED_SERVERS_KEPT}. */
  private long referredServersKept;
  /** The DHCP requests an offer must answer to count ({@link #route} brings them all to one tracker). */
  private final DhcpRequests dhcpRequests = new DhcpRequests(budget);
  /**
   * The most contacts any source has kept, against {@link DetectionSettings#maxContactsPerSource}
   * (not lowered when a source goes: it only decides when concluded conversations are sorted).
   */
  private int mostContacts;
  /** The conversations one sweep concludes, gathered so a bound that may cut sees them in time order. */
  private final ArrayList<Flow> concluding = new ArrayList<>();

  public ConversationTracker(DetectionSettings settings) {
    this(settings, 1, 0);
  }

  /**
   * A tracker that owns one of {@code partitions} shares of the conversations: it learns the time of
   * every packet (so its clock is the capture's) but acts only on those of conversations whose
   * symmetric key hashes to {@code partition}. The shares' states merge ({@link TrackerState#merge})
   * into what one tracker would have built.
   */
  public ConversationTracker(DetectionSettings settings, int partitions, int partition) {
    this.settings = settings;
    this.partitions = partitions;
    this.partition = partition;
    this.sources = new SourceTable(settings, budget, SWEEP_PERIOD_NANOS);
  }

  @Override
  public void accept(Packet p) {
    int route = route(p, partitions);
    if (route == ReadAhead.ROUTE_NONE) {
      return;
    }
    tick(p.tsNanos);
    if (route == partition || route == ReadAhead.ROUTE_ALL) {
      follow(p, route);
    }
  }

  /** A packet routed here by {@link #route} (on the decoding thread). */
  @Override
  public void accept(Packet p, int route) {
    tick(p.tsNanos);
    follow(p, route);
  }

  /** A packet another partition acts on: only the clock moves. */
  @Override
  public void passed(long tsNanos) {
    tick(tsNanos);
  }

  /**
   * Moves the clock to a packet's time. A time more than a conversation's idle timeout from the clock,
   * either way, moves it only when the next packet's is not back near the clock: one misdated frame (a
   * year ahead) must not conclude every open conversation as idle, nor leave the clock a year ahead,
   * where no sweep would come again and a full table would conclude the newest conversations as idle
   * before their answers (a busy server's replies then look like probes). A step back so confirmed
   * (the capture's clock set back, files concatenated out of order) is added to {@link #clockOffset},
   * so the clock goes on from where it was.
   */
  private void tick(long ts) {
    long t = plus(ts, clockOffset);
    long idle = settings.flowIdleTimeoutNanos();
    // a time saturated at either end of the range (a hostile file's) never moves the clock: pinned
    // there, it would leave no time for a next sweep
    boolean saturated = t == Long.MAX_VALUE || t == Long.MIN_VALUE;
    boolean far = now != Long.MIN_VALUE && farApart(t, now, idle);
    if (saturated || (far && !jumpPending)) {
      jumpPending = far && !saturated;
      // its conversation's time: its own when later (a capture resuming after a pause keeps its first
      // conversation when the next packet moves the clock there), a saturated one's the clock's
      packetTs = now == Long.MIN_VALUE || !saturated ? Math.max(now, t) : now;
    } else {
      jumpPending = false;
      if (far && t < now) {
        long back = now - t;
        clockOffset = plus(clockOffset, back < 0 ? Long.MAX_VALUE : back); // a step past the range saturates
        t = now;
      }
      if (t > now) {
        now = t;
      }
      packetTs = now;
    }
    if ((now != Long.MIN_VALUE && now >= nextSweepTs) || flows.size() >= settings.maxFlows()) {
      sweepFlows();
    }
  }

  /** {@code t + d} for {@code d >= 0}, saturating at the range's end. */
  private static long plus(long t, long d) {
    return t > Long.MAX_VALUE - d ? Long.MAX_VALUE : t + d;
  }

  /** {@code t - d} for {@code d >= 0}, saturating at the range's start. */
  private static long minus(long t, long d) {
    return t < Long.MIN_VALUE + d ? Long.MIN_VALUE : t - d;
  }

  /** Whether two times are more than {@code gap} apart, however far apart they are. */
  private static boolean farApart(long a, long b, long gap) {
    long hi = Math.max(a, b);
    long lo = Math.min(a, b);
    return (lo < 0 && hi > Long.MAX_VALUE + lo) || hi - lo > gap;
  }

  private void follow(Packet p, int route) {
    if (route == ReadAhead.ROUTE_ALL) {
      if (IcmpTypes.isQuery(p.protocol, p.icmpType)) {
        groupQuery(p, partition == 0); // a query to a group: each partition notes it
      } else if (p.hasQuoted) {
        icmpError(p, partition == 0); // an error quoting an ICMP message: each partition looks for it
      } else {
        noteGroupMessage(p, partition == 0); // another message to a group: each partition notes it
      }
      return;
    }
    if (p.ipVersion == 0) {
      arp(p);
      return;
    }
    boolean handled = false;
    if (!p.unassembledFragment) {
      switch (p.protocol) {
        case TCP -> handled = p.hasTcp && tcp(p);
        case UDP -> handled = p.hasPorts && udp(p);
        case SCTP -> handled = p.hasPorts && sctp(p);
        case ICMP, ICMPV6 -> handled = familyIcmp(p.protocol, p.ipVersion) ? p.icmpType >= 0 && icmp(p) : otherProtocol(p);
        default -> handled = otherProtocol(p);
      }
    }
    if (!handled) {
      SourceState src = source(p.srcHi, p.srcLo);
      if (src != null) {
        src.sent(p.tsNanos);
      }
      if (p.bootpOp != 0) {
        bootp(src, p); // a DHCP request, or an offer, to the broadcast address
      }
    }
  }

  /**
   * Which of {@code partitions} acts on a packet: the one owning its conversation (packets outside
   * any: 0), {@link ReadAhead#ROUTE_ALL} for an ICMP error quoting an ICMP query (every partition
   * looks for the query among its own conversations), {@link ReadAhead#ROUTE_NONE} for a packet
   * without IP other than an ARP request or reply, or a second copy of a packet ({@link
   * Packet#duplicate}), which no partition acts on and which does not move the clock.
   */
  public static int route(Packet p, int partitions) {
    if (p.duplicate) {
      return ReadAhead.ROUTE_NONE; // the packet was followed once already
    }
    if (p.ipVersion == 0) {
      if (p.arpOperation != ARP_REQUEST && p.arpOperation != ARP_REPLY) {
        return ReadAhead.ROUTE_NONE;
      }
      return partitions == 1 ? 0
          : partitionOf(Flow.hash(arpAskerHi(p), arpAsker(p), 0, arpAsked(p), 0, 0, PortList.ARP), partitions);
    }
    if (partitions == 1 || p.unassembledFragment) {
      return 0;
    }
    int proto = p.protocol;
    if (p.hasPorts && dhcp(proto, p.srcPort, p.dstPort)) {
      return 0; // a DHCP server's offers count only in the tracker that saw the requests they answer
    }
    int hash;
    if ((proto == TCP && p.hasTcp) || ((proto == UDP || proto == SCTP) && p.hasPorts)) {
      hash = Flow.hash(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, proto);
    } else if (familyIcmp(proto, p.ipVersion) && p.icmpType >= 0) {
      int type = p.icmpType;
      int reply = IcmpTypes.queryOfReply(proto, type);
      if (IcmpTypes.isQuery(proto, type)) {
        if (!toOneHost(p)) {
          return ReadAhead.ROUTE_ALL; // its replies may come to any partition (GroupQueries)
        }
        hash = Flow.hash(p.srcHi, p.srcLo, p.dstHi, p.dstLo, type, 0, proto);
      } else if (reply >= 0) {
        // The query's conversation is keyed from the asker's side.
        hash = Flow.hash(p.dstHi, p.dstLo, p.srcHi, p.srcLo, reply, 0, proto);
      } else if (p.hasQuoted && p.quotedHasPorts && dhcp(p.quotedProtocol, p.quotedSrcPort, p.quotedDstPort)) {
        return 0; // an error about a DHCP datagram goes where the datagram went
      } else if (p.hasQuoted && p.quotedHasPorts) {
        hash = Flow.hash(p.quotedSrcHi, p.quotedSrcLo, p.quotedDstHi, p.quotedDstLo, p.quotedSrcPort,
            p.quotedDstPort, p.quotedProtocol);
      } else if (p.hasQuoted && familyIcmp(p.quotedProtocol, p.ipVersion)) {
        return ReadAhead.ROUTE_ALL;
      } else if (isGroupMessage(p)) {
        return ReadAhead.ROUTE_ALL; // errors quoting it may come to any partition (GroupQueries)
      } else if (p.hasQuoted && isOtherProtocol(p.quotedProtocol, p.ipVersion)) {
        hash = Flow.hash(p.quotedSrcHi, p.quotedSrcLo, p.quotedDstHi, p.quotedDstLo, p.quotedProtocol,
            p.quotedProtocol, PortList.IP); // the protocol scan's probe it is about (quotedError)
      } else {
        return 0;
      }
    } else if (isOtherProtocol(proto, p.ipVersion)) {
      hash = Flow.hash(p.srcHi, p.srcLo, p.dstHi, p.dstLo, proto, proto, PortList.IP); // as otherProtocol keys it
    } else {
      return 0;
    }
    return partitionOf(hash, partitions);
  }

  /** A UDP datagram to or from DHCP's ports, which {@link #route} keeps in one partition. */
  private static boolean dhcp(int proto, int srcPort, int dstPort) {
    return proto == UDP && (UdpServices.isBootp(srcPort) || UdpServices.isBootp(dstPort));
  }

  /** An IP protocol number {@link #otherProtocol} keys conversations by: no ports, not ICMP. */
  private static boolean isOtherProtocol(int proto, int ipVersion) {
    return proto >= 0 && proto <= MAX_IP_PROTOCOL && !IpProtocol.hasPorts(proto) && !familyIcmp(proto, ipVersion);
  }

  /**
   * The ICMP of the packet's own IP version. The other one (ICMPv6 over IPv4, ICMP over IPv6) is just
   * another protocol number, which only a protocol scan sends (nmap -sO: a bare header).
   */
  private static boolean familyIcmp(int proto, int ipVersion) {
    return ipVersion == 6 ? proto == ICMPV6 : proto == ICMP;
  }

  /** Whether this partition owns the conversation of key hash {@code hash} ({@link #route}'s choice). */
  private boolean owns(int hash) {
    return partitions == 1 || partitionOf(hash, partitions) == partition;
  }

  private static int partitionOf(int hash, int partitions) {
    return Integer.remainderUnsigned(Integer.reverse(hash), partitions);
  }

  /**
   * The sender's state, counted as having sent this packet: taken from the conversation when it
   * knows it (one lookup per conversation, not per packet), else looked up and remembered there.
   */
  private SourceState sender(Flow f, boolean initiator, Packet p) {
    SourceState s = f == null ? null : initiator ? f.initiator : f.responder;
    if (s == null || s.dropped) {
      s = attach(f, initiator, p.srcHi, p.srcLo);
      if (!initiator && f != null) {
        answeredFrom(f, p);
      }
      if (s != null) {
        s.sentFrom(p.linkSource, p.frame);
        if (!IcmpTypes.fixedHopLimit(p.protocol, p.icmpType)) {
          s.sentWithTtl(p.ttl);
        }
      }
    }
    if (s != null) {
      s.sent(p.tsNanos);
    }
    return s;
  }

  /**
   * The responder answered {@code f}'s opening (in the conversation, or with an ICMP error of its own)
   * from {@code p.linkSource}: when that is another station than the one the opening was sent to, the
   * first forwarded it (a router; zmap and masscan send a LAN scan through the gateway's address).
   */
  private static void answeredFrom(Flow f, Packet p) {
    if (f.initiator != null && !f.initiator.dropped && p.linkSource >= 0 && f.openingLinkDestination >= 0
        && p.linkSource != f.openingLinkDestination) {
      f.initiator.sentThrough(f.openingLinkDestination);
    }
  }

  /** Looks up the state of one side of a conversation (when there is one) and remembers it there. */
  private SourceState attach(Flow f, boolean initiator, long hi, long lo) {
    SourceState s = source(hi, lo);
    if (f != null) {
      if (initiator) {
        initiatedBy(f, s);
      } else {
        f.responder = s;
      }
    }
    return s;
  }

  /** Sets a conversation's initiator: when untracked (null), its packets go uncounted until it concludes. */
  private static void initiatedBy(Flow f, SourceState initiator) {
    if (initiator == null) {
      f.bits |= Flow.INITIATOR_UNTRACKED;
    } else if (f.initiator != initiator) {
      initiator.openConversations++;
    }
    f.initiator = initiator;
  }

  /** A conversation leaves the table: its initiator's state has one open conversation fewer. */
  private static void closed(Flow f) {
    if (f.initiator != null) {
      f.initiator.openConversations--;
    }
  }

  /**
   * Notes a DHCP request's transaction id, or keeps what a reply answering one offered ({@code server}
   * its sender's state, if tracked), up to {@link #MAX_OFFERS_KEPT} over all sources; those past it
   * are counted ({@link StateBudget#dhcpExchangesNotKept}).
   */
  private void bootp(SourceState server, Packet p) {
    if (p.bootpOp == Packet.BOOTP_REQUEST) {
      dhcpRequests.asked(p.bootpTransactionId, p.tsNanos, p.bootpClientAddressLo);
    } else if (server != null && p.bootpYourAddressLo != 0) {
      switch (dhcpRequests.answer(p.bootpTransactionId, p.tsNanos, p.bootpYourAddressLo)) {
        case NONE -> {
          if (server.unaskedOffers < Integer.MAX_VALUE) {
            server.unaskedOffers++;
          }
        }
        case HELD_ADDRESS -> { } // a renewal: the client keeps its address, which no one checked
        case FREE_ADDRESS -> keepOffer(server, p);
      }
    }
  }

  /**
   * Keeps what a reply answering a request for an address offered: in one of the server's latest runs
   * of that address when it joins one (the acknowledgement of an offer, a reply repeated), else as a
   * run of its own while {@link #MAX_OFFERS_KEPT} allows.
   */
  private void keepOffer(SourceState server, Packet p) {
    if (server.joinOfferRun(p.bootpYourAddressLo, p.tsNanos)) {
      return;
    }
    if (offersKept < MAX_OFFERS_KEPT) {
      server.offered(p.bootpYourAddressLo, p.tsNanos);
      offersKept++;
    } else {
      budget.dhcpExchangesNotKept++;
    }
  }

  /**
   * Keeps the name servers a DNS referral answering {@code resolver}'s question named, while {@link
   * #MAX_REFERRED_SERVERS_KEPT} allows. Only the first answer to its question counts: a referral that
   * opened its conversation (its question not in the capture, or forged) names none, and more sent
   * after the first (forged to name a sweep's targets) name none either.
   */
  private void referred(SourceState resolver, Packet p) {
    for (int i = 0; i < p.dnsReferredServers; i++) {
      long hi = p.dnsReferredHi[i];
      long lo = p.dnsReferredLo[i];
      if (referredServersKept < MAX_REFERRED_SERVERS_KEPT || resolver.knowsReferred(hi, lo)) {
        referredServersKept += resolver.referredTo(hi, lo, p.tsNanos) ? 1 : 0;
      } else {
        budget.referredServersNotKept++;
      }
    }
  }

  /** Concludes every open conversation; the tracker is spent afterwards. */
  public TrackerState finish() {
    expire(true, 0, 0, false);
    return new TrackerState(sources.all(), budget);
  }

  // ---------------------------------------------------------------- TCP

  private boolean tcp(Packet p) {
    if (p.dstPort == Packet.FTP_CONTROL_PORT && p.payloadLength > 0 && p.ftpPortPort >= 0) {
      bounceOrder(p);
    }
    Flow f = flows.get(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, TCP);
    int flags = p.tcpFlags & TcpFlags.CLASSIC;
    if (f != null) {
      boolean initiator = f.sentByInitiator(p.srcHi, p.srcLo, p.srcPort);
      SourceState src = countTcp(sender(f, initiator, p), p);
      if (initiator) {
        tcpFromInitiator(f, p, src);
      } else if (flags == TcpFlags.SYN && pendingSynAck(f)) {
        repair(f, p, src);
      } else {
        tcpFromResponder(f, p);
      }
      return true;
    }
    Technique t = openingTechnique(p, flags);
    Technique synAckProbe = flags == (TcpFlags.SYN | TcpFlags.ACK) ? unsolicitedSynAck(p, flags) : null;
    if (t != null) {
      if (!toOneHost(p)) {
        return false;
      }
      f = open(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, TCP);
      countTcp(sender(f, true, p), p);
      openTcp(f, p, t);
    } else if ((flags == (TcpFlags.SYN | TcpFlags.ACK) && synAckProbe == null) || (flags & TcpFlags.RST) != 0) {
      f = open(p.dstHi, p.dstLo, p.srcHi, p.srcLo, p.dstPort, p.srcPort, TCP);
      countTcp(sender(f, false, p), p);
      tcpFromResponder(f, p);
    } else {
      f = open(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, TCP);
      countTcp(sender(f, true, p), p);
      f.bits |= Flow.MIDSTREAM;
      f.lastTs = packetTs;
      Technique pending = synAckProbe != null ? synAckProbe : pendingTechnique(p, flags);
      if (pending != null && toOneHost(p)) {
        openTcp(f, p, pending); // kept in case only resets answer it (FlowVerdict.paddedProbe)
      }
    }
    return true;
  }

  /**
   * An FTP PORT command naming a host other than its sender: the server is to connect there on the
   * sender's behalf (a bounce), which the server's state keeps for its verdict.
   */
  private void bounceOrder(Packet p) {
    if (p.srcHi == 0 && p.srcLo == p.ftpPortLo) {
      return; // active mode: the client names itself
    }
    SourceState server = source(p.dstHi, p.dstLo);
    if (server != null) {
      server.bounceOrdered(p.srcHi, p.srcLo, 0, p.ftpPortLo, p.ftpPortPort, p.frame);
    }
  }

  /**
   * The technique of a SYN/ACK that may be a probe ({@link Technique#ofUnsolicitedSynAck}), or null:
   * it must carry no TCP timestamp, which the SYN/ACKs of today's stacks carry whenever the client's
   * SYN did, and no IPv4 don't-fragment, which stacks set (path MTU discovery) and raw scanners do
   * not: a flooded server's answers to spoofed sources carry it.
   */
  private static Technique unsolicitedSynAck(Packet p, int flags) {
    return ProbeTraits.carriesTimestamp(p) || p.dontFragment ? null
        : Technique.ofUnsolicitedSynAck(flags, p.srcPort, p.dstPort);
  }

  /**
   * True for a conversation opened by an unsolicited SYN/ACK ({@link #unsolicitedSynAck}) that has
   * drawn nothing from its receiver but resets: when the receiver's SYN comes after all (records out
   * of order), it was the answer, and the conversation is the receiver's.
   */
  private static boolean pendingSynAck(Flow f) {
    return f.has(Flow.MIDSTREAM) && f.technique != null && f.openedBySynAck() && !f.has(Flow.RESP_ACK)
        && !f.has(Flow.RESP_DATA) && !f.has(Flow.RESP_FIN);
  }

  /** Turns a {@link #pendingSynAck} conversation round: its receiver's SYN {@code p} opened it. */
  private void repair(Flow f, Packet p, SourceState src) {
    closed(f);
    flows.remove(f);
    Flow g = open(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, TCP);
    initiatedBy(g, src);
    g.responder = f.initiator;
    openTcp(g, p, Technique.SYN);
    g.bits |= Flow.SYN_ACK | (f.has(Flow.RESP_RST) ? Flow.INIT_RST : 0);
    g.responderPackets = f.initiatorPackets;
    touch(g, f.lastTs);
  }

  /**
   * The technique of a segment that opens a conversation, or null for an answer or the middle of a
   * conversation: an ACK-bearing segment from a service port or echoing a timestamp is a keep-alive
   * or teardown of a connection that began before the capture, also when an answer came first.
   */
  private static Technique openingTechnique(Packet p, int flags) {
    return olderConnection(p, flags) ? null : Technique.ofOpeningSegment(p.tcpFlags, p.payloadLength);
  }

  private static boolean olderConnection(Packet p, int flags) {
    return (flags & TcpFlags.ACK) != 0 && (fromServiceSide(p) || ProbeTraits.carriesTimestamp(p));
  }

  /**
   * The technique a segment first seen mid-stream is kept with, in case only resets or unreachables
   * answer it ({@link FlowVerdict#paddedProbe}): an ACK or FIN/ACK probe padded with data, or one
   * from a service port crafted as no stack sends it (nmap -sA -g 80: {@link
   * ProbeTraits#rawScannerSegment}), which a server's keep-alive of an older connection would
   * otherwise be taken for; null for the rest.
   */
  private static Technique pendingTechnique(Packet p, int flags) {
    if (!olderConnection(p, flags)) {
      return Technique.ofPaddedSegment(flags, p.payloadLength);
    }
    return ProbeTraits.rawScannerSegment(p) ? Technique.ofOpeningSegment(flags, 0) : null;
  }

  /**
   * True for a segment from a service port to a client's ephemeral port. An ACK-bearing segment with
   * no conversation behind it in that direction is a server's keep-alive or teardown of a connection
   * older than the capture; scanners send their ACK and FIN/ACK probes from high ports to service ports.
   * Clients on low ports (FreeBSD's ephemeral range starts at 10000, NAT gateways map anywhere) are
   * told by the segment's TCP timestamp instead ({@link ProbeTraits#carriesTimestamp}).
   */
  private static boolean fromServiceSide(Packet p) {
    return p.srcPort < Flow.FIRST_EPHEMERAL_PORT && p.dstPort >= Flow.FIRST_EPHEMERAL_PORT;
  }

  /**
   * True when the packet went to one host: a unicast IP address, and not a subnet broadcast (such as
   * 192.168.1.255, which looks like a host by its address alone: the link-layer broadcast it went to
   * tells). A link-layer broadcast to an address not ending in .255 still counts, so a scanner on the
   * segment cannot hide its probes by sending them to ff:ff:ff:ff:ff:ff.
   */
  private static boolean toOneHost(Packet p) {
    return Addresses.isUnicast(p.dstHi, p.dstLo)
        && !(p.linkGroupDestination && Addresses.endsInBroadcastOctet(p.dstHi, p.dstLo));
  }

  private static SourceState countTcp(SourceState src, Packet p) {
    if (src != null) {
      src.flagCounts[FlagClass.ofTcp(p.tcpFlags).ordinal()]++;
    }
    return src;
  }

  private void openTcp(Flow f, Packet p, Technique t) {
    openedBy(f, p, t);
    f.firstSeq = p.tcpSeq;
    f.traits = ProbeTraits.ofTcp(p, t);
  }

  private void tcpFromInitiator(Flow f, Packet p, SourceState src) {
    int flags = p.tcpFlags & TcpFlags.CLASSIC;
    if (f.technique == null && !f.has(Flow.MIDSTREAM)) {
      // after a SYN/ACK whose SYN the capture missed, an ACK completes the handshake: no ACK probe
      Technique t = f.has(Flow.SYN_ACK) && (flags & TcpFlags.ACK) != 0 ? null : openingTechnique(p, flags);
      if (t != null) {
        openTcp(f, p, t);
        return;
      }
      f.bits |= Flow.MIDSTREAM;
    }
    if (flags == TcpFlags.SYN && f.closed() && p.tcpSeq != f.firstSeq) {
      // The same ports reused for a new connection: the old one is over.
      conclude(f);
      flows.remove(f);
      Flow next = open(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, TCP);
      initiatedBy(next, src);
      openTcp(next, p, Technique.SYN);
      return;
    }
    initiatorSent(f, p);
    if ((flags & TcpFlags.RST) != 0) {
      f.bits |= Flow.INIT_RST;
    } else if ((flags & TcpFlags.ACK) != 0 && f.has(Flow.SYN_ACK)) {
      f.bits |= Flow.HANDSHAKE_DONE;
    } else if ((flags & TcpFlags.ACK) != 0 && f.technique == Technique.SYN && f.firstSeq >= 0
        && f.responderPackets == 0 && p.tcpSeq == ((f.firstSeq + 1) & SEQ_MASK)) {
      f.bits |= Flow.HANDSHAKE_INFERRED;
    }
    if ((flags & (TcpFlags.ACK | TcpFlags.FIN | TcpFlags.RST)) == TcpFlags.ACK && f.has(Flow.RESP_DATA)
        && !f.has(Flow.INIT_FIN)) {
      f.bits |= Flow.INIT_ACKED_DATA;
    }
    if ((flags & TcpFlags.FIN) != 0) {
      f.bits |= Flow.INIT_FIN;
    }
    if (p.payloadLength > 0) {
      f.bits |= Flow.INIT_DATA | (p.peerProtocol ? Flow.PEER_PROTOCOL : 0);
    }
  }

  private void tcpFromResponder(Flow f, Packet p) {
    int flags = p.tcpFlags & TcpFlags.CLASSIC;
    f.responderPackets++;
    touch(f, packetTs);
    if ((flags & (TcpFlags.SYN | TcpFlags.ACK)) == (TcpFlags.SYN | TcpFlags.ACK)) {
      f.bits |= Flow.SYN_ACK;
    } else if ((flags & TcpFlags.RST) != 0) {
      f.bits |= Flow.RESP_RST;
    } else {
      if ((flags & TcpFlags.FIN) != 0) {
        f.bits |= Flow.RESP_FIN;
      }
      if (p.payloadLength > 0) {
        f.bits |= Flow.RESP_DATA;
      }
      if ((flags & TcpFlags.ACK) != 0) {
        f.bits |= Flow.RESP_ACK;
      }
    }
  }

  // ---------------------------------------------------------------- UDP

  private boolean udp(Packet p) {
    Flow f = flows.get(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, UDP);
    if (f == null) {
      if (!toOneHost(p)) {
        return false;
      }
      f = open(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, UDP);
      if (UdpServices.isReply(p.srcPort, p.dstPort, p.payloadLength, p.dnsNonAnswer)) {
        // A server's answer whose request is not in the capture (one-way capture, DHCP offers).
        f.bits |= Flow.MIDSTREAM;
      }
    }
    boolean initiator = f.sentByInitiator(p.srcHi, p.srcLo, p.srcPort);
    SourceState src = sender(f, initiator, p);
    if (src != null) {
      src.flagCounts[FlagClass.UDP.ordinal()]++;
    }
    if (p.bootpOp != 0) {
      bootp(src, p);
    }
    if (!initiator && p.dnsReferredServers > 0 && f.responderPackets == 0 && f.initiator != null
        && !f.initiator.dropped) {
      referred(f.initiator, p);
    }
    if (initiator) {
      f.bits |= (p.payloadLength > 0 ? Flow.INIT_DATA : 0) | (p.peerProtocol ? Flow.PEER_PROTOCOL : 0)
          | (p.dnsReverseLookup ? Flow.REVERSE_LOOKUP : p.dnsRootPriming ? Flow.ROOT_PRIMING : Flow.NOT_OWN_QUERY)
          | (f.has(Flow.REPLY) ? Flow.ASKED_AFTER_REPLY : 0);
    }
    if (!initiator) {
      replied(f, p);
    } else if (f.has(Flow.MIDSTREAM)) {
      touch(f, packetTs);
    } else if (f.technique == null) {
      openedBy(f, p, Technique.UDP);
      f.traits = ProbeTraits.ofIpHeader(p);
      if (p.stunMessage) {
        f.bits |= Flow.STUN_CHECK;
      }
    } else {
      initiatorSent(f, p);
    }
    return true;
  }

  /**
   * {@link ContactTable#REVERSE_LOOKUP} or {@link ContactTable#ROOT_PRIMING} when every datagram the
   * initiator sent was a question of that one kind, and {@link ContactTable#ASKED_OWN_QUERY} when one
   * was either.
   */
  private static int ownQueries(Flow f) {
    int asked = f.bits & (Flow.REVERSE_LOOKUP | Flow.ROOT_PRIMING | Flow.NOT_OWN_QUERY);
    int some = f.has(Flow.REVERSE_LOOKUP) || f.has(Flow.ROOT_PRIMING) ? ContactTable.ASKED_OWN_QUERY : 0;
    return some | (asked == Flow.REVERSE_LOOKUP ? ContactTable.REVERSE_LOOKUP
        : asked == Flow.ROOT_PRIMING ? ContactTable.ROOT_PRIMING : 0);
  }

  // ---------------------------------------------------------------- SCTP

  /**
   * SCTP, read like TCP: an INIT opens (INIT ACK = open, ABORT = closed), a COOKIE ECHO with no
   * association behind it is a probe (ABORT = closed, silence = open or filtered), anything else
   * first seen is the middle of an association older than the capture.
   */
  private boolean sctp(Packet p) {
    int chunk = p.sctpChunkType;
    Flow f = flows.get(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, SCTP);
    boolean initiator;
    if (f != null) {
      initiator = f.sentByInitiator(p.srcHi, p.srcLo, p.srcPort);
    } else if (chunk == SCTP_INIT || chunk == SCTP_COOKIE_ECHO) {
      if (!toOneHost(p)) {
        return false;
      }
      f = open(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, SCTP);
      initiator = true;
    } else if (chunk == SCTP_INIT_ACK || chunk == SCTP_ABORT) {
      f = open(p.dstHi, p.dstLo, p.srcHi, p.srcLo, p.dstPort, p.srcPort, SCTP); // an answer first
      initiator = false;
    } else {
      f = open(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort, p.dstPort, SCTP);
      f.bits |= Flow.MIDSTREAM;
      initiator = true;
    }
    SourceState src = sender(f, initiator, p);
    if (src != null) {
      src.flagCounts[FlagClass.SCTP.ordinal()]++;
    }
    if (!initiator) {
      f.responderPackets++;
      touch(f, packetTs);
      f.bits |= switch (chunk) {
        case SCTP_INIT_ACK -> Flow.SYN_ACK;
        case SCTP_ABORT -> Flow.RESP_RST;
        case SCTP_DATA -> Flow.RESP_DATA;
        case SCTP_SHUTDOWN -> Flow.RESP_FIN;
        case SCTP_COOKIE_ACK -> Flow.RESP_ACK;
        default -> 0;
      };
      return true;
    }
    if (f.technique == null && !f.has(Flow.MIDSTREAM)) {
      if (chunk == SCTP_INIT || chunk == SCTP_COOKIE_ECHO) {
        openedBy(f, p, chunk == SCTP_INIT ? Technique.SCTP_INIT : Technique.SCTP_COOKIE_ECHO);
        f.traits = chunk == SCTP_INIT ? ProbeTraits.ofSctpInit(p) : ProbeTraits.ofSctpCookieEcho(p);
        return true;
      }
      f.bits |= Flow.MIDSTREAM; // an answer came first, then the middle of an older association
    }
    initiatorSent(f, p);
    f.bits |= switch (chunk) {
      case SCTP_COOKIE_ECHO -> f.has(Flow.SYN_ACK) ? Flow.HANDSHAKE_DONE : 0;
      case SCTP_ABORT -> Flow.INIT_RST;
      case SCTP_DATA -> Flow.INIT_DATA;
      case SCTP_SHUTDOWN -> Flow.INIT_FIN;
      default -> 0;
    };
    return true;
  }

  // ---------------------------------------------------------------- other IP protocols

  /**
   * A packet of another IP protocol (GRE outside a tunnel the decoder opens, ESP, IGMP, OSPF, ...), read
   * like a datagram whose port is the protocol number: an IP protocol scan (nmap -sO) sends each
   * protocol to a host, which answers protocol unreachable for those it does not speak ({@link
   * #quotedError}); an answer in the protocol is a conversation's.
   */
  private boolean otherProtocol(Packet p) {
    int proto = p.protocol;
    if (proto < 0 || proto > MAX_IP_PROTOCOL) {
      return false; // extension headers cut short by the capture: no protocol known
    }
    Flow f = flows.get(p.srcHi, p.srcLo, p.dstHi, p.dstLo, proto, proto, PortList.IP);
    if (f == null) {
      // nmap's probes are bare headers (IGMP's 8 bytes at most); the first packet seen of a tunnel
      // or a VPN's traffic carries more, and stays out of judging when a one-way capture never
      // shows its answers
      if (!toOneHost(p) || p.payloadLength > PROTOCOL_PROBE_MAX_PAYLOAD) {
        return false;
      }
      f = open(p.srcHi, p.srcLo, p.dstHi, p.dstLo, proto, proto, PortList.IP);
    }
    boolean initiator = f.sentByInitiator(p.srcHi, p.srcLo, proto);
    sender(f, initiator, p);
    if (!initiator) {
      replied(f, p);
    } else if (f.technique == null) {
      openedBy(f, p, Technique.IP_PROTOCOL);
      f.traits = ProbeTraits.ofIpHeader(p);
    } else {
      initiatorSent(f, p);
    }
    return true;
  }

  // ---------------------------------------------------------------- ARP and neighbour discovery

  /**
   * ARP, read like an ICMP echo: a request asks one host whether it is there, a reply from it answers.
   * An announcement (for the sender's own address) asks for no other host and opens nothing. A probe
   * (from 0.0.0.0, RFC 5227) is asked by a station with no address of its own: a host checking its
   * new address asks for one, a sweep (arp-scan --arpspa=0.0.0.0) for many, so its questions are kept
   * under the station ({@link Addresses#UNNAMED_STATION_HI}) and the replies sent to it answer them.
   */
  private void arp(Packet p) {
    long askerHi = arpAskerHi(p);
    long asker = arpAsker(p);
    long asked = arpAsked(p);
    if (p.arpSenderLo == UNSPECIFIED_IPV4 && askerHi == 0) {
      return;
    }
    if (p.arpOperation == ARP_REQUEST) {
      Flow f = resolutionAsked(askerHi, asker, 0, asked, PortList.ARP, Technique.ARP_SWEEP, !refresh(p), p);
      SourceState src = countArp(f != null ? attach(f, true, askerHi, asker) : source(askerHi, asker), p);
      if (f != null && src != null) {
        src.sentFrom(p.linkSource, p.frame); // its requests', not replies': anyone may answer for any address
      }
      arpFrom(src, p);
    } else {
      Flow f = resolutionAnswered(askerHi, asker, 0, asked, PortList.ARP, p);
      arpFrom(countArp(f != null ? attach(f, false, 0, asked) : source(0, p.arpSenderLo), p), p);
    }
  }

  private static void arpFrom(SourceState sender, Packet p) {
    if (sender != null) {
      sender.arpFrom(p.linkSource);
    }
  }

  /**
   * IPv6 neighbour discovery (RFC 4861), read like ARP: a solicitation asks for its target, the
   * target's advertisement to the asker answers. A solicitation from :: checks that the sender's own
   * new address is free (RFC 4862), and one sent to the target's own address and station checks a
   * neighbour the asker knows: neither looks for a host. A sweep asks each target's solicited-node
   * multicast group, or its address in a frame to every station (a crafted sweep).
   */
  private boolean neighbourDiscovery(Packet p) {
    boolean solicitation = p.icmpType == IcmpType.NEIGHBOUR_SOLICITATION;
    Flow f;
    if (solicitation) {
      boolean toAll = !Addresses.isUnicast(p.dstHi, p.dstLo)
          || (p.linkType == LinkTypes.ETHERNET && p.linkGroupDestination);
      boolean looks = (p.srcHi != 0 || p.srcLo != 0) && toAll;
      f = resolutionAsked(p.srcHi, p.srcLo, p.ndTargetHi, p.ndTargetLo, PortList.ND, Technique.ND_SWEEP, looks, p);
    } else {
      f = p.icmpType == IcmpType.NEIGHBOUR_ADVERTISEMENT && Addresses.isUnicast(p.dstHi, p.dstLo)
          ? resolutionAnswered(p.dstHi, p.dstLo, p.ndTargetHi, p.ndTargetLo, PortList.ND, p) : null;
    }
    countIcmp(sender(f, solicitation, p));
    return true;
  }

  /**
   * A question who has {@code asked} from {@code asker} (an ARP request, a neighbour solicitation):
   * the conversation it opens or goes on with when it {@code looks} for another host, else null.
   */
  private Flow resolutionAsked(long askerHi, long askerLo, long askedHi, long askedLo, int protocol, Technique t,
      boolean looks, Packet p) {
    if (!looks || (askerHi == askedHi && askerLo == askedLo) || !Addresses.isUnicast(askedHi, askedLo)) {
      return null;
    }
    Flow f = flows.get(askerHi, askerLo, askedHi, askedLo, 0, 0, protocol);
    if (f == null) {
      f = open(askerHi, askerLo, askedHi, askedLo, 0, 0, protocol);
    } else if (!f.sentByInitiator(askerHi, askerLo, 0)) {
      return null; // the key is symmetric: the asked host asking back is no question of this one's
    }
    if (f.technique == null) {
      openedBy(f, p, t);
    } else {
      initiatorSent(f, p);
    }
    return f;
  }

  /** {@code asked}'s answer to {@code asker}: the conversation it answers, or null when none asked. */
  private Flow resolutionAnswered(long askerHi, long askerLo, long askedHi, long askedLo, int protocol, Packet p) {
    Flow f = flows.get(askerHi, askerLo, askedHi, askedLo, 0, 0, protocol);
    if (f == null || f.technique == null || !f.sentByInitiator(askerHi, askerLo, 0)) {
      return null;
    }
    replied(f, p);
    return f;
  }

  /**
   * A request sent to one station's Ethernet address: a host checking a neighbour it already knows
   * (Linux probes a stale entry so), not looking for one. Sweeps ask the broadcast address. Other
   * links (Linux cooked captures) do not show where a sent frame went.
   */
  private static boolean refresh(Packet p) {
    return p.linkType == LinkTypes.ETHERNET && !p.linkGroupDestination;
  }

  /**
   * The address an ARP request asks from, or a reply answers to; for a probe from 0.0.0.0 and its
   * replies, the asking station's hardware address (then {@link #arpAskerHi} marks it so).
   */
  private static long arpAsker(Packet p) {
    long station = unnamedAsker(p);
    return station >= 0 ? station : p.arpOperation == ARP_REQUEST ? p.arpSenderLo : p.arpTargetLo;
  }

  /** {@link Addresses#UNNAMED_STATION_HI} when {@link #arpAsker} is a station, else 0 (an IPv4 address). */
  private static long arpAskerHi(Packet p) {
    return unnamedAsker(p) >= 0 ? Addresses.UNNAMED_STATION_HI : 0;
  }

  /**
   * The station that asked from 0.0.0.0 (a request's sender, a reply's target), when its hardware
   * address names one station (not all zeros, no group's: the I/G bit clear); else -1.
   */
  private static long unnamedAsker(Packet p) {
    boolean request = p.arpOperation == ARP_REQUEST;
    long station = request ? p.arpSenderHardware : p.arpTargetHardware;
    boolean unnamed = (request ? p.arpSenderLo : p.arpTargetLo) == UNSPECIFIED_IPV4;
    return unnamed && station != 0 && (station & MAC_GROUP_BIT) == 0 ? station : -1;
  }

  /** The address an ARP request asks for, or a reply gives. */
  private static long arpAsked(Packet p) {
    return p.arpOperation == ARP_REQUEST ? p.arpTargetLo : p.arpSenderLo;
  }

  private static SourceState countArp(SourceState src, Packet p) {
    if (src != null) {
      src.sent(p.tsNanos);
      src.flagCounts[FlagClass.ARP.ordinal()]++;
    }
    return src;
  }

  // ---------------------------------------------------------------- ICMP

  private boolean icmp(Packet p) {
    int proto = p.protocol;
    int type = p.icmpType;
    if (p.hasNdTarget) {
      return neighbourDiscovery(p);
    }
    if (IcmpTypes.isQuery(proto, type)) {
      if (!toOneHost(p)) {
        groupQuery(p, true);
        return true;
      }
      Flow f = getOrOpen(p.srcHi, p.srcLo, p.dstHi, p.dstLo, type, 0, proto);
      countIcmp(sender(f, true, p));
      if (f.technique == null) {
        openedBy(f, p, Technique.PING_SWEEP);
        f.traits = ProbeTraits.ofIpHeader(p);
      } else {
        initiatorSent(f, p);
        f.bits |= p.ttl > settings.tracerouteMaxTtl() ? Flow.ABOVE_TRACEROUTE_TTL : 0;
      }
      return true;
    }
    int queryType = IcmpTypes.queryOfReply(proto, type);
    if (queryType >= 0) {
      Flow f = getOrOpen(p.dstHi, p.dstLo, p.srcHi, p.srcLo, queryType, 0, proto);
      if (f.technique == null && f.initiatorPackets == 0) {
        int slot = groupQueries.repliedTo(p, queryType);
        if (slot >= 0) {
          groupQueries.open(f, slot);
        }
      }
      countIcmp(sender(f, false, p));
      replied(f, p);
      return true;
    }
    if (isGroupMessage(p)) {
      noteGroupMessage(p, true);
      return true;
    }
    icmpError(p, true);
    return true;
  }

  /**
   * An ICMP message to a group that is no query, no error and none of the link's housekeeping (listener
   * reports, router and neighbour discovery): a message hosts may refuse aloud ({@link GroupQueries}).
   */
  private static boolean isGroupMessage(Packet p) {
    return !p.hasQuoted && !p.hasNdTarget && !toOneHost(p) && !IcmpTypes.linkHousekeeping(p.protocol, p.icmpType);
  }

  /**
   * An ICMP message to a group that is neither a query nor an error, noted for the errors it may
   * draw ({@link GroupQueries}); counted for its sender when {@code countSender}, as any other message.
   */
  private void noteGroupMessage(Packet p, boolean countSender) {
    groupQueries.note(p);
    if (countSender) {
      countIcmp(sender(null, false, p));
    }
  }

  /**
   * An ICMP query to a broadcast or multicast address, noted for the replies it draws; counted for its
   * sender when {@code countSender} (partitioned, it reaches every partition and only partition 0 counts it).
   */
  private void groupQuery(Packet p, boolean countSender) {
    groupQueries.note(p);
    SourceState src = countSender ? source(p.srcHi, p.srcLo) : null;
    if (src != null) {
      src.sent(p.tsNanos);
    }
  }

  /**
   * An ICMP error: counted for its sender when {@code countSender} (partitioned, an error about an
   * ICMP query reaches every partition and only partition 0 counts it), then applied to the
   * conversation its quoted header names.
   */
  private void icmpError(Packet p, boolean countSender) {
    if (countSender) {
      countIcmp(sender(null, false, p));
    }
    if (IcmpTypes.unrecognizedOption(p.protocol, p.icmpType, p.icmpCode) && p.hasQuoted
        && !Addresses.isUnicast(p.quotedDstHi, p.quotedDstLo)) {
      groupMessageRefused(p);
      return;
    }
    int bit = IcmpTypes.errorBit(p.protocol, p.icmpType, p.icmpCode);
    if (bit != 0 && p.hasQuoted) {
      quotedError(p, bit);
    }
  }

  /**
   * A host's parameter problem about an option in a message its asker sent to a group: the host is
   * there, as if it had answered an echo to the group; the partition owning the pair keeps it.
   */
  private void groupMessageRefused(Packet p) {
    int slot = groupQueries.quotedBy(p);
    if (slot < 0 || !Addresses.isUnicast(p.srcHi, p.srcLo)) {
      return;
    }
    int type = groupQueries.type(slot);
    int proto = p.quotedProtocol;
    if (!owns(Flow.hash(p.dstHi, p.dstLo, p.srcHi, p.srcLo, type, 0, proto))) {
      return;
    }
    Flow f = getOrOpen(p.dstHi, p.dstLo, p.srcHi, p.srcLo, type, 0, proto);
    if (f.technique == null && f.initiatorPackets == 0) {
      groupQueries.open(f, slot);
    }
    replied(f, p);
  }

  private static SourceState countIcmp(SourceState src) {
    if (src != null) {
      src.flagCounts[FlagClass.ICMP.ordinal()]++;
    }
    return src;
  }

  /** An ICMP error about a probe: find the conversation its quoted header belongs to. */
  private void quotedError(Packet p, int bit) {
    int qp = p.quotedProtocol;
    boolean fromHost = fromProbedHost(p);
    boolean protocolRefused = fromHost && IcmpTypes.protocolUnreachable(p.protocol, p.icmpType, p.icmpCode);
    Flow f;
    if (IpProtocol.hasPorts(qp)) {
      if (!p.quotedHasPorts) {
        return;
      }
      f = getOrOpen(p.quotedSrcHi, p.quotedSrcLo, p.quotedDstHi, p.quotedDstLo, p.quotedSrcPort,
          p.quotedDstPort, qp);
      if (refusedOwnAnswer(f, p, bit)) {
        f.bits |= Flow.INIT_REFUSED_REPLY;
        touch(f, packetTs);
        return;
      }
    } else if (familyIcmp(qp, p.ipVersion)) {
      f = null;
      for (int query : IcmpTypes.queries(qp)) {
        if (!owns(Flow.hash(p.quotedSrcHi, p.quotedSrcLo, p.quotedDstHi, p.quotedDstLo, query, 0, qp))) {
          continue;
        }
        f = flows.get(p.quotedSrcHi, p.quotedSrcLo, p.quotedDstHi, p.quotedDstLo, query, 0, qp);
        if (f != null) {
          break;
        }
      }
      if (f == null) {
        return;
      }
    } else {
      f = flows.get(p.quotedSrcHi, p.quotedSrcLo, p.quotedDstHi, p.quotedDstLo, qp, qp, PortList.IP);
      if (f == null) {
        return;
      }
      // only the host saying it does not speak the protocol closes it (as a UDP port); any other
      // unreachable, a port unreachable included, is a filter's, as nmap reads it
      bit = protocolRefused ? Flow.ICMP_PORT_UNREACHABLE
          : bit == Flow.ICMP_PORT_UNREACHABLE ? Flow.ICMP_UNREACHABLE : bit;
    }
    // only the host closes its port: from anyone else it is a filter, as nmap reads it; but the stack
    // turns a port unreachable from anyone into "connection refused" for its own SYN (Linux's
    // icmp_err_convert), which nmap -sT reports closed
    if (bit == Flow.ICMP_PORT_UNREACHABLE && !fromHost
        && !(f.technique == Technique.SYN && ProbeTraits.stackSyn(f.traits))) {
      bit = Flow.ICMP_UNREACHABLE;
    }
    f.bits |= bit | (fromHost ? Flow.ICMP_FROM_HOST : 0) | (protocolRefused ? Flow.PROTOCOL_REFUSED : 0);
    if (fromHost) {
      answeredFrom(f, p);
    }
    touch(f, packetTs);
  }

  /**
   * Whether the error is the initiator of a datagram conversation refusing the answer it drew, at
   * once ({@link #STATELESS_REFUSAL_NANOS}), its datagram crafted as stateless scanners craft theirs
   * ({@link ProbeTraits#statelessScannerHeader}): the quoted datagram is the answer, and the
   * initiator itself, the host it went to, sent the port unreachable. A resolver whose own short timeout passed
   * (unbound's first is 376 ms) refuses late answers as fast, but sends with its stack's IP ID and TTL.
   */
  private static boolean refusedOwnAnswer(Flow f, Packet p, int bit) {
    return f.protocol == UDP && f.has(Flow.REPLY) && bit == Flow.ICMP_PORT_UNREACHABLE
        && ProbeTraits.statelessScannerHeader(f.traits)
        && f.sentByInitiator(p.srcHi, p.srcLo, p.quotedDstPort)
        && p.tsNanos - f.firstTs <= STATELESS_REFUSAL_NANOS;
  }

  /** An ICMP error sent by the host its quoted datagram went to, not by a router on the way. */
  private static boolean fromProbedHost(Packet p) {
    return p.srcLo == p.quotedDstLo && p.srcHi == p.quotedDstHi;
  }

  // ---------------------------------------------------------------- shared

  /** The conversation a→b (found from either side), opened with a as initiator when there is none. */
  private Flow getOrOpen(long aHi, long aLo, long bHi, long bLo, int aPort, int bPort, int proto) {
    Flow f = flows.get(aHi, aLo, bHi, bLo, aPort, bPort, proto);
    return f != null ? f : open(aHi, aLo, bHi, bLo, aPort, bPort, proto);
  }

  private Flow open(long aHi, long aLo, long bHi, long bLo, int aPort, int bPort, int proto) {
    Flow f = new Flow(aHi, aLo, bHi, bLo, aPort, bPort, proto,
        Flow.hash(aHi, aLo, bHi, bLo, aPort, bPort, proto));
    flows.add(f);
    return f;
  }

  private void openedBy(Flow f, Packet p, Technique t) {
    f.technique = t;
    f.openingTtl = p.ttl < 0 ? Integer.MAX_VALUE : p.ttl;
    f.openingLinkDestination = p.linkGroupDestination ? -1 : p.linkDestination;
    f.openingLinkSource = p.linkSource;
    f.firstTs = p.tsNanos;
    f.firstFrame = p.frame;
    f.firstFlags = p.hasTcp ? p.tcpFlags : -1;
    initiatorSent(f, p);
  }

  /** A further packet from the initiator of a conversation (a retransmission, a reset, data). */
  private void initiatorSent(Flow f, Packet p) {
    f.initiatorPackets++;
    touch(f, packetTs);
    f.lastInitiatorTs = Math.max(f.lastInitiatorTs, p.tsNanos);
  }

  /** The responder answered a UDP datagram or an ICMP query. */
  private void replied(Flow f, Packet p) {
    f.responderPackets++;
    f.bits |= Flow.REPLY;
    touch(f, packetTs);
  }

  private static void touch(Flow f, long ts) {
    if (ts > f.lastTs) {
      f.lastTs = ts;
    }
  }

  private SourceState source(long hi, long lo) {
    return sources.get(hi, lo, now);
  }

  private long contactsKept() {
    return contactsRecorded - sources.contactsForgotten();
  }

  private void sweepFlows() {
    expire(false, minus(now, settings.flowIdleTimeoutNanos()), minus(now, CLOSED_LINGER_NANOS), false);
    if (flows.size() >= settings.maxFlows()) {
      concludeOldest(flows.size() - settings.maxFlows() / 2);
    }
    // the next period's start, saturated at the range's ends (times near them are a hostile file's)
    nextSweepTs = plus(minus(now, Math.floorMod(now, SWEEP_PERIOD_NANOS)), SWEEP_PERIOD_NANOS);
  }

  /** Under pressure, conclude the idlest conversations early with what they showed so far. */
  private void concludeOldest(int count) {
    long[] last = new long[flows.size()];
    int[] n = {0};
    flows.forEach(f -> last[n[0]++] = f.lastTs);
    Arrays.sort(last, 0, n[0]);
    long cutoff = last[Math.min(count, n[0]) - 1];
    expire(cutoff == Long.MAX_VALUE, cutoff + 1, Long.MIN_VALUE, true);
  }

  /**
   * Concludes and removes every conversation silent since before {@code idleBefore}, or over and
   * silent since before {@code closedBefore} (or all of them). The one rule by which conversations
   * leave the table, written once so its sweep loop stays a single, inlinable call site.
   *
   * @param early counted as concluded early, under memory pressure
   */
  private void expire(boolean all, long idleBefore, long closedBefore, boolean early) {
    flows.removeIf(f -> {
      boolean go = all || f.lastTs < idleBefore || (f.lastTs < closedBefore && f.over());
      if (go) {
        concluding.add(f);
        if (early) {
          budget.flowsConcludedEarly++;
        }
      }
      return go;
    });
    if (concluding.size() > 1 && mayReachABound(concluding.size())) {
      // the table's order is its secret hash's (KeyedHash): what a bound keeps must not depend on it
      OpeningOrder.sort(concluding);
    }
    for (int i = 0; i < concluding.size(); i++) {
      conclude(concluding.get(i));
    }
    concluding.clear();
  }

  /** Whether concluding this many conversations may reach a bound on contacts or sources. */
  private boolean mayReachABound(int conversations) {
    return contactsKept() + conversations >= settings.maxContacts()
        || (long) mostContacts + conversations >= settings.maxContactsPerSource()
        || (long) sources.size() + conversations >= settings.maxSources();
  }

  /** A SYN-opened conversation's crafted SYN found the port open ({@link ContactTable#CRAFTED_SYN_FOUND_OPEN}). */
  private static boolean craftedSynFoundOpen(Flow f, Outcome outcome) {
    return ProbeTraits.craftedSyn(f.traits)
        && (outcome == Outcome.HALF_OPEN || (outcome.accepted() && ProbeTraits.masscanSyn(f.traits)));
  }

  private void conclude(Flow f) {
    closed(f);
    if (f.technique == null || (f.has(Flow.MIDSTREAM) && !FlowVerdict.paddedProbe(f))) {
      return;
    }
    SourceState src = f.initiator != null && !f.initiator.dropped ? f.initiator : source(f.aHi, f.aLo);
    if (src == null) {
      return;
    }
    // its packets counted on a state since forgotten, or on none: the state made to conclude it gets them
    if (src != f.initiator && (f.initiator != null || f.has(Flow.INITIATOR_UNTRACKED))) {
      src.concludedUncounted(f.firstTs, f.lastInitiatorTs, f.initiatorPackets,
          FlagClass.ofOpening(f.protocol, f.firstFlags));
    }
    FlowVerdict v = FlowVerdict.of(f);
    boolean synOpened = f.technique == Technique.SYN; // a TCP conversation opened by a SYN
    // a probe's traits: a source's real conversations do not blur its tool's, but masscan's SYN whose
    // handshake its own stack completed (--banners) is a probe all the same
    if (v.outcome() != Outcome.CONVERSATION || (synOpened && ProbeTraits.masscanSyn(f.traits))) {
      src.countProbe(f);
    }
    int port = PortList.hasPorts(f.protocol) ? f.bPort : -1; // ICMP: the host
    // past the global bound, each source still keeps enough contacts to be judged at all, and enough
    // failures for the focus rule (a client that starts scanning late in a busy capture)
    boolean failed = !v.outcome().success();
    src.openedFrom(f.openingLinkSource, f.firstFrame, failed);
    boolean full = src.contacts.size() >= settings.maxContactsPerSource()
        || (contactsKept() >= settings.maxContacts() && src.contacts.size() >= settings.minFailedContacts()
            && !(failed && src.failedContactsKept < settings.focusMinFailedTargets()));
    if (full && !src.contacts.contains(f.bHi, f.bLo, f.protocol, port)) {
      if (!PortList.isResolution(f.protocol)) { // judged by its rows alone (Excuses#resolutions)
        src.contactsNotKept++;
        if (failed) {
          src.failedContactsNotKept++;
        }
      }
      budget.contactsNotKept++;
    } else {
      boolean lowTtl = f.openingTtl <= settings.tracerouteMaxTtl();
      int mark = (lowTtl ? ContactTable.LOW_TTL : 0)
          | (lowTtl && IpProtocol.isIcmp(f.protocol) && !f.has(Flow.ABOVE_TRACEROUTE_TTL)
              ? ContactTable.TRACEROUTE_TTLS : 0)
          | (f.has(Flow.ICMP_TIME_EXCEEDED) ? ContactTable.TIME_EXCEEDED : 0)
          | (FlowVerdict.answeredByInference(f) ? ContactTable.INFERRED : 0)
          | (failed ? ContactTable.FAILED : 0)
          | (f.has(Flow.INIT_DATA) ? ContactTable.SENT_DATA : 0)
          | (v.outcome() != Outcome.HALF_OPEN ? 0
              : synOpened && ProbeTraits.stackSyn(f.traits) ? ContactTable.STACK_HALF_OPENED
              : ContactTable.HALF_OPENED)
          | (v.outcome() != Outcome.EMPTY_CONNECT ? 0
              // a reset after the server spoke is any client closing with its greeting unread (Linux
              // resets then); nmap -sT resets at once, whatever the port
              : f.has(Flow.INIT_RST) ? (f.has(Flow.RESP_DATA) ? 0 : ContactTable.EMPTY_CONNECTED)
              : f.has(Flow.INIT_FIN) ? ContactTable.EMPTY_CLOSED_BY_FIN : 0)
          | (f.has(Flow.ICMP_FROM_HOST) ? ContactTable.HOST_ANSWERED : 0)
          | (v.outcome() == Outcome.UNANSWERED && v.learned() == null ? ContactTable.SILENT_STEALTH : 0)
          | (f.has(Flow.GROUP_ASKED) ? ContactTable.GROUP_ASKED : 0)
          | (f.has(Flow.STUN_CHECK) ? ContactTable.CONNECTIVITY_CHECK : 0)
          | ownQueries(f)
          | (f.has(Flow.PEER_PROTOCOL) ? ContactTable.PEER_PROTOCOL : 0)
          | (f.has(Flow.ASKED_AFTER_REPLY) ? ContactTable.ASKED_AFTER_REPLY : 0)
          | (f.has(Flow.PROTOCOL_REFUSED) ? ContactTable.PROTOCOL_REFUSED : 0)
          | (synOpened && ProbeTraits.rawSyn(f.traits) ? ContactTable.RAW_SYN_OPENED : 0)
          | (!synOpened ? 0 : ProbeTraits.craftedSyn(f.traits) ? ContactTable.CRAFTED_SYN_OPENED
              : ContactTable.STACK_SYN_OPENED)
          | (v.outcome() == Outcome.HALF_OPEN && f.has(Flow.INIT_RST) ? ContactTable.RESET_SYN_ACK : 0)
          | (synOpened && craftedSynFoundOpen(f, v.outcome())
              ? ContactTable.CRAFTED_SYN_FOUND_OPEN | ContactTable.FIRST_FOUND_OPEN : 0);
      if (src.contacts.record(f.bHi, f.bLo, f.protocol, port, f.technique, v.outcome(), v.learned(),
          f.firstTs, f.lastInitiatorTs, f.firstFrame, f.firstFlags, f.openingTtl, f.initiatorPackets, mark)) {
        contactsRecorded++;
        mostContacts = Math.max(mostContacts, src.contacts.size());
        src.failedContactsKept += failed ? 1 : 0;
      }
    }
  }
}

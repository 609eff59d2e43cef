package io.porthunter.detect;

import io.porthunter.capture.KeyedHash;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * One source's first contacts: distinct (destination, protocol, port) targets, each with its
 * earliest probe, the probe packets sent to it, its outcome and what it revealed. Struct-of-arrays
 * with an open-addressing index, so a scanner of a million ports costs tens of bytes per port.
 * ICMP queries use port -1.
 */
final class ContactTable {
  /** Rows for the first contact: most sources make one or none, so start small. */
  private static final int INITIAL = 1;
  /**
   * Until its first contact a table holds these shared empty arrays, never written (the first row
   * grows the arrays, the first record makes an index): a spoofed flood's sources are mostly forgotten
   * before any conversation of theirs concludes, and fifteen small arrays each would keep the
   * collector busy.
   */
  private static final long[] NO_LONGS = {};
  private static final int[] NO_INTS = {};
  private static final byte[] NO_BYTES = {};
  /** One free slot: a lookup in an empty table ends at once. */
  private static final int[] NO_INDEX = {0};
  private static final int FIRST_INDEX = 4;
  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final PortState[] PORT_STATES = PortState.values();
  /** A conversation opened with a TTL a traceroute uses ({@link DetectionSettings#tracerouteMaxTtl}). */
  static final int LOW_TTL = 1;
  /** A conversation whose answer was inferred from the initiator's handshake ACK alone. */
  static final int INFERRED = 2;
  /**
   * The contact failed (no success). Unlike the other marks it is kept for the row's earliest
   * contact only: whether the target was probed before any conversation with it.
   */
  static final int FAILED = 4;
  /**
   * The initiator sent data in one of its conversations with the target (it did not only listen; a
   * datagram's payload counts, an empty probe does not).
   */
  static final int SENT_DATA = 8;
  /**
   * One of the conversations with the target was left half-open after a SYN no stack sends (not a
   * {@link ProbeTraits#stackSyn}: a raw SYN scanner's), whatever the row's outcome became later (nmap
   * -sV and -A talk to the ports they found open).
   */
  static final int HALF_OPENED = 16;
  /** The host itself answered with an ICMP error (a firewall's REJECT): up, whatever the port's state. */
  static final int HOST_ANSWERED = 32;
  /**
   * One of the conversations with the target was a connect the source reset before either side sent
   * a byte (nmap -sT's, SO_LINGER 0), whatever the row's outcome became later (nmap -sT -sV talks to
   * the ports).
   */
  static final int EMPTY_CONNECTED = 64;
  /** A datagram conversation opened by an ICE connectivity check (STUN), not a probe. */
  static final int CONNECTIVITY_CHECK = 128;
  /**
   * A conversation opened by a SYN with no options, which no operating system's stack sends: a
   * scanner's own packets completed the handshake (masscan --banners), not a client's stack.
   */
  static final int RAW_SYN_OPENED = 256;
  /**
   * One of the conversations with the target was left half-open after the stack's own SYN ({@link
   * ProbeTraits#stackSyn}): a health checker's connect and reset (HAProxy delays its ACK, then
   * resets), or a late SYN/ACK a client's kernel reset.
   */
  static final int STACK_HALF_OPENED = 512;
  /** A conversation with the target was opened by a raw scanner's SYN ({@link ProbeTraits#craftedSyn}). */
  static final int CRAFTED_SYN_OPENED = 1024;
  /**
   * One of the conversations with the target was a connect the source closed with FIN, sending no byte
   * (a client's, nc -z's): beside {@link #EMPTY_CONNECTED}, how nmap -sT's resets tell from other closes.
   */
  static final int EMPTY_CLOSED_BY_FIN = 2048;
  /**
   * A FIN/NULL/Xmas/Maimon probe of the target went unanswered (open or filtered), whatever another
   * probe of the same port taught later: beside an ACK probe's reset (unfiltered), the port is open.
   */
  static final int SILENT_STEALTH = 4096;
  /** The target answered an ICMP query the source sent to a broadcast or multicast group. */
  static final int GROUP_ASKED = 8192;
  /**
   * Every conversation with the target was the source asking it, a DNS server, for an address's name:
   * its own reverse lookups. Unlike the other marks it is kept only while every conversation has it
   * (a scan's probe of the resolver's port 53 is no lookup).
   */
  static final int REVERSE_LOOKUP = 16384;
  /** The source spoke a BitTorrent peer's protocol to the target (a handshake, a DHT query). */
  static final int PEER_PROTOCOL = 32768;
  /**
   * The target's host answered the probe "protocol unreachable" (ICMPv6: unrecognized next header): it
   * does not speak the probe's protocol, whatever its port's state reads.
   */
  static final int PROTOCOL_REFUSED = 65536;
  /**
   * Every conversation with the target was the source, a recursive resolver, asking it for the root's
   * name servers (RFC 8109's priming query): the root servers of its hints. Kept as {@link
   * #REVERSE_LOOKUP} is.
   */
  static final int ROOT_PRIMING = 131072;
  /** One of the conversations with the target was a reverse lookup or a priming query. */
  static final int ASKED_OWN_QUERY = 262144;
  /**
   * Every ICMP query to the target went with a traceroute's TTL ({@link #LOW_TTL}, at its first and
   * every later query). Kept as {@link #REVERSE_LOOKUP} is.
   */
  static final int TRACEROUTE_TTLS = 524288;
  /** A router answered "time exceeded" about one of the conversations with the target. */
  static final int TIME_EXCEEDED = 1048576;
  /**
   * A crafted SYN ({@link ProbeTraits#craftedSyn}) found the port open: the target answered it SYN/ACK
   * and the source's stack reset it (nmap -sS), or masscan's own stack completed the handshake of its
   * SYN ({@link ProbeTraits#masscanSyn}: --banners), whatever the source's other conversations with
   * the target were.
   */
  static final int CRAFTED_SYN_FOUND_OPEN = 2097152;
  /**
   * The row's earliest contact was one of {@link #CRAFTED_SYN_FOUND_OPEN}'s. Kept, like {@link #FAILED},
   * for the earliest only: with it, whether the target was probed before any use of it.
   */
  static final int FIRST_FOUND_OPEN = 4194304;
  /**
   * The source reset the target's SYN/ACK (a half-open conversation it closed with RST): a stack was
   * behind its address, as a made-up decoy's is not.
   */
  static final int RESET_SYN_ACK = 8388608;
  /** The source sent a datagram after the target's answer: a client asking again, which no scan does. */
  static final int ASKED_AFTER_REPLY = 16777216;
  /**
   * A conversation with the target was opened by a SYN no raw scanner crafted: its stack's, a
   * connect()'s, beside any crafted one (nmap -sS, then -sT of the same ports).
   */
  static final int STACK_SYN_OPENED = 33554432;
  /** The marks kept for the row's earliest contact only. */
  private static final int EARLIEST_CONTACT = FAILED | FIRST_FOUND_OPEN;
  /** The marks kept only while every conversation with the target has them. */
  private static final int EVERY_CONVERSATION = REVERSE_LOOKUP | ROOT_PRIMING | TRACEROUTE_TTLS;
  /** The opening TTL kept for a conversation whose TTL was not captured, or above any a byte holds. */
  static final int UNKNOWN_TTL = 255;

  private long[] dstHi = NO_LONGS;
  private long[] dstLo = NO_LONGS;
  private int[] protoPort = NO_INTS;
  private long[] firstTs = NO_LONGS;
  private long[] firstFrame = NO_LONGS;
  private long[] lastTs = NO_LONGS;
  private int[] firstFlags = NO_INTS;
  private int[] packets = NO_INTS;
  private int[] conversations = NO_INTS;
  private int[] attempts = NO_INTS;
  private int[] marks = NO_INTS;
  private int[] techniques = NO_INTS;
  private byte[] outcome = NO_BYTES;
  private byte[] state = NO_BYTES;
  /** The opening TTL of the row's earliest conversation, at most {@link #UNKNOWN_TTL}. */
  private byte[] openingTtl = NO_BYTES;
  private int size;
  private int[] index = NO_INDEX;
  /**
   * The hosts {@link #connectedTo}, {@link #answeredBy} and {@link #triedOverIp} find, made when first
   * asked; null again after any change.
   */
  private AddressMap<Boolean> reached;
  private AddressMap<Boolean> answering;
  private AddressMap<Boolean> tried;

  int size() {
    return size;
  }

  static int protoPort(int protocol, int port) {
    return (protocol << 16) | (port & 0xFFFF);
  }

  /**
   * Records one concluded conversation with a target; returns true when the target is new.
   * The earliest probe wins the "first" fields, success wins the outcome, an answer beats silence.
   */
  boolean record(long hi, long lo, int protocol, int port, Technique technique, Outcome result,
      PortState learned, long ts, long last, long frame, int flags, int ttl, int probePackets, int mark) {
    return record(hi, lo, protoPort(protocol, port), technique == null ? 0 : 1 << technique.ordinal(), result,
        learned, ts, last, frame, flags, Math.min(ttl, UNKNOWN_TTL), probePackets,
        result.accepted() ? 1 : 0, mark, 1);
  }

  /** Folds another table's contacts (another worker's share of the same source) into this one. */
  void mergeFrom(ContactTable o) {
    for (int row = 0; row < o.size; row++) {
      record(o.dstHi[row], o.dstLo[row], o.protoPort[row], o.techniques[row], o.outcome(row), o.state(row),
          o.firstTs[row], o.lastTs[row], o.firstFrame[row], o.firstFlags[row], o.openingTtl(row), o.packets[row],
          o.conversations[row], o.marks[row], o.attempts[row]);
    }
  }

  private boolean record(long hi, long lo, int pp, int techniqueBits, Outcome result, PortState learned,
      long ts, long last, long frame, int flags, int ttl, int probePackets, int conversationCount, int mark,
      int attemptCount) {
    reached = null; // a row may change its outcome
    answering = null;
    tried = null;
    if (index == NO_INDEX) {
      index = new int[FIRST_INDEX];
    }
    int slot = find(hi, lo, pp);
    int row = index[slot] - 1;
    if (row < 0) {
      row = append(hi, lo, pp, ts, frame, flags, ttl);
      lastTs[row] = last;
      index[slot] = row + 1;
      outcome[row] = (byte) result.ordinal();
      state[row] = learned == null ? -1 : (byte) learned.ordinal();
      techniques[row] = techniqueBits;
      packets[row] = probePackets;
      conversations[row] = conversationCount;
      marks[row] = mark;
      attempts[row] = attemptCount;
      if (size * 2 > index.length) {
        rehash(index.length * 2);
      }
      return true;
    }
    boolean earlier = ts < firstTs[row] || (ts == firstTs[row] && frame < firstFrame[row]);
    if (earlier) {
      firstTs[row] = ts;
      firstFrame[row] = frame;
      firstFlags[row] = flags;
      openingTtl[row] = (byte) ttl;
    }
    packets[row] += probePackets;
    conversations[row] += conversationCount;
    int first = (earlier ? mark : marks[row]) & EARLIEST_CONTACT;
    int everyConversation = marks[row] & mark & EVERY_CONVERSATION;
    marks[row] = ((marks[row] | mark) & ~(EARLIEST_CONTACT | EVERY_CONVERSATION)) | first | everyConversation;
    attempts[row] += attemptCount;
    lastTs[row] = Math.max(lastTs[row], last);
    techniques[row] |= techniqueBits;
    if (strength(result) < strength(OUTCOMES[outcome[row]])) {
      outcome[row] = (byte) result.ordinal();
    }
    PortState merged = PortState.stronger(state(row), learned);
    state[row] = merged == null ? -1 : (byte) merged.ordinal();
    return false;
  }

  /**
   * Which of two outcomes for one target a row keeps: the lower. Success beats failure, and the
   * target's own answer (even a refusal) beats a router's "time exceeded" about a copy of the probe
   * sent with a low TTL, which beats an unreachable or silent try.
   */
  private static int strength(Outcome o) {
    return switch (o) {
      case CONVERSATION -> 0;
      case REPLIED -> 1;
      case HALF_OPEN -> 2;
      case EMPTY_CONNECT -> 3;
      case REFUSED -> 4;
      case TRACED -> 5;
      case UNREACHABLE -> 6;
      case UNANSWERED -> 7;
    };
  }

  /** Marks a row whose handshake was inferred as not answered after all (the host did answer others). */
  void distrust(int row) {
    outcome[row] = (byte) Outcome.UNANSWERED.ordinal();
    reached = null;
    answering = null;
    state[row] = (byte) PortState.FILTERED.ordinal();
    conversations[row] = 0;
  }

  /** Separate conversations the source opened with this target, whatever became of them. */
  int attempts(int row) {
    return attempts[row];
  }

  /**
   * The mark bits declared above (from {@link #LOW_TTL} to {@link #STACK_SYN_OPENED}) of the row's
   * conversations: {@link #FAILED} and {@link #FIRST_FOUND_OPEN} of its first; {@link #REVERSE_LOOKUP},
   * {@link #ROOT_PRIMING} and {@link #TRACEROUTE_TTLS} when every one has it; any other when one has it.
   */
  int marks(int row) {
    return marks[row];
  }

  boolean contains(long hi, long lo, int protocol, int port) {
    return row(hi, lo, protocol, port) >= 0;
  }

  /**
   * True when the source got through to the host over IP at least once (a conversation or a
   * connect); an answered ARP request only found it.
   */
  boolean connectedTo(long hi, long lo) {
    if (reached == null) {
      // built once: the judge asks for every ident lookup, which may be many against one client
      reached = hostsReachedOverIp(Outcome::accepted);
    }
    return reached.get(hi, lo) != null;
  }

  /**
   * True when the host answered the source over IP at least once: a conversation, a connect, a
   * half-open handshake or a refusal it sent itself. To answer, the host needed the source's
   * link-layer address, so it may have asked for it.
   */
  boolean answeredBy(long hi, long lo) {
    if (answering == null) {
      answering = hostsReachedOverIp(o -> o.accepted() || o == Outcome.HALF_OPEN || o == Outcome.REFUSED);
    }
    return answering.get(hi, lo) != null;
  }

  /** True when the source sent the host anything over IP, answered or not. */
  boolean triedOverIp(long hi, long lo) {
    if (tried == null) {
      tried = hostsReachedOverIp(o -> true);
    }
    return tried.get(hi, lo) != null;
  }

  /** The hosts of rows over IP (not ARP or neighbour discovery) whose outcome {@code counts}. */
  private AddressMap<Boolean> hostsReachedOverIp(Predicate<Outcome> counts) {
    AddressMap<Boolean> hosts = new AddressMap<>();
    for (int r = 0; r < size; r++) {
      if (counts.test(outcome(r)) && !PortList.isResolution(protocol(r))) {
        hosts.computeIfAbsent(dstHi[r], dstLo[r], () -> Boolean.TRUE);
      }
    }
    return hosts;
  }

  /** The row of a target, or -1. */
  int row(long hi, long lo, int protocol, int port) {
    return row(hi, lo, protoPort(protocol, port));
  }

  /** The row's {@link #protoPort(int, int)} key. */
  int protoPort(int row) {
    return protoPort[row];
  }

  long dstHi(int row) {
    return dstHi[row];
  }

  long dstLo(int row) {
    return dstLo[row];
  }

  int protocol(int row) {
    return protoPort[row] >>> 16;
  }

  /** Port, or -1 for ICMP queries. */
  int port(int row) {
    return PortList.hasPorts(protocol(row)) ? protoPort[row] & 0xFFFF : -1;
  }

  long firstTs(int row) {
    return firstTs[row];
  }

  /** The latest probe packet sent to this target. */
  long lastTs(int row) {
    return lastTs[row];
  }

  long firstFrame(int row) {
    return firstFrame[row];
  }

  int firstFlags(int row) {
    return firstFlags[row];
  }

  /** The TTL (hop limit) the earliest conversation with the target was opened with, or {@link #UNKNOWN_TTL}. */
  int openingTtl(int row) {
    return openingTtl[row] & 0xFF;
  }

  int packets(int row) {
    return packets[row];
  }

  /**
   * Separate conversations with this target that were accepted (answered, or a handshake completed):
   * how often the source came back to a service it uses. Refused or silent tries do not count, so a
   * scan run three times over is still three rounds of probes.
   */
  int conversations(int row) {
    return conversations[row];
  }

  /** Bit set of {@link Technique} ordinals seen against this target. */
  int techniques(int row) {
    return techniques[row];
  }

  Outcome outcome(int row) {
    return OUTCOMES[outcome[row]];
  }

  PortState state(int row) {
    return state[row] < 0 ? null : PORT_STATES[state[row]];
  }

  /** Rows in order of first probe time (then frame), for the sequential test. */
  int[] rowsByTime() {
    Integer[] boxed = new Integer[size];
    for (int i = 0; i < size; i++) {
      boxed[i] = i;
    }
    // rows of one packet (a multicast query's answers) by address and port: rows are appended as
    // conversations conclude, in an order the keyed hash of the conversation table makes differ from
    // run to run
    Arrays.sort(boxed, (x, y) -> {
      int c = Long.compare(firstTs[x], firstTs[y]);
      c = c != 0 ? c : Long.compare(firstFrame[x], firstFrame[y]);
      c = c != 0 ? c : Long.compareUnsigned(dstHi[x], dstHi[y]);
      c = c != 0 ? c : Long.compareUnsigned(dstLo[x], dstLo[y]);
      return c != 0 ? c : Integer.compare(protoPort[x], protoPort[y]);
    });
    int[] rows = new int[size];
    for (int i = 0; i < size; i++) {
      rows[i] = boxed[i];
    }
    return rows;
  }

  private int append(long hi, long lo, int pp, long ts, long frame, int flags, int ttl) {
    if (size == dstHi.length) {
      int n = Math.max(INITIAL, size * 2);
      dstHi = Arrays.copyOf(dstHi, n);
      dstLo = Arrays.copyOf(dstLo, n);
      protoPort = Arrays.copyOf(protoPort, n);
      firstTs = Arrays.copyOf(firstTs, n);
      firstFrame = Arrays.copyOf(firstFrame, n);
      lastTs = Arrays.copyOf(lastTs, n);
      firstFlags = Arrays.copyOf(firstFlags, n);
      packets = Arrays.copyOf(packets, n);
      conversations = Arrays.copyOf(conversations, n);
      marks = Arrays.copyOf(marks, n);
      attempts = Arrays.copyOf(attempts, n);
      techniques = Arrays.copyOf(techniques, n);
      outcome = Arrays.copyOf(outcome, n);
      state = Arrays.copyOf(state, n);
      openingTtl = Arrays.copyOf(openingTtl, n);
    }
    dstHi[size] = hi;
    dstLo[size] = lo;
    protoPort[size] = pp;
    firstTs[size] = ts;
    firstFrame[size] = frame;
    firstFlags[size] = flags;
    openingTtl[size] = (byte) ttl;
    return size++;
  }

  /** The row of a (destination, protocol and port) target, or -1 when the source never contacted it. */
  int row(long hi, long lo, int protoPort) {
    return index[find(hi, lo, protoPort)] - 1;
  }

  private int find(long hi, long lo, int pp) {
    int mask = index.length - 1;
    int i = hash(hi, lo, pp) & mask;
    int row;
    while ((row = index[i] - 1) >= 0) {
      if (dstLo[row] == lo && protoPort[row] == pp && dstHi[row] == hi) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return i;
  }

  private void rehash(int capacity) {
    index = new int[capacity];
    for (int row = 0; row < size; row++) {
      int mask = capacity - 1;
      int i = hash(dstHi[row], dstLo[row], protoPort[row]) & mask;
      while (index[i] != 0) {
        i = (i + 1) & mask;
      }
      index[i] = row + 1;
    }
  }

  private static int hash(long hi, long lo, int pp) {
    return (int) KeyedHash.target(hi, lo, pp);
  }
}

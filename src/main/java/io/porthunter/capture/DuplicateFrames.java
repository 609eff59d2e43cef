package io.porthunter.capture;

/**
 * Frames that carry again an IP packet one of the frames just before carried: one capture holding
 * two views of one packet. {@code tcpdump -i any} on a router or a bridge sees a forwarded packet
 * arrive and leave, mergecap of two legs holds it twice, a packet hairpinned through the gateway
 * comes by twice; each copy would count as one more probe, answer or packet. The copies differ at
 * most in their link layer and in the TTL (hop limit) a router lowered, and follow each other within
 * microseconds, a few frames apart.
 *
 * <p>Like editcap's {@code -d}, a frame is compared with the frames just before it: a copy comes at
 * most {@link #WINDOW_FRAMES} frames and {@link #MAX_GAP_NANOS} after the packet it repeats, equal in
 * addresses, protocol, ports, IPv4 identification, TCP sequence and acknowledgement numbers, flags and
 * window, an ICMP message's type, code, identifier and sequence number (an error's: the addresses,
 * protocol, ports and next header word it quotes, as its checksum covers a quote whose own checksum
 * makes its sum fixed), payload length and the transport checksum, which covers the payload (nmap
 * sends its two NTP payloads to a port with one IPv4 identification). A retransmission comes a round
 * trip later. Packets whose checksum was not captured, UDP datagrams sent without one (0), and
 * fragments, are never copies.
 *
 * <p>The last packets wait in a small table, each in the slot a hash of its header fields picks,
 * and are compared field by field: a packet that shares a slot with one before it pushes it out, so a
 * copy may be missed (counted twice, as without this check), never found where there is none, and
 * the answer does not depend on anything but the capture. Most copies are the very next frame. In a
 * capture of several interfaces (pcapng), written interface by interface in batches, a copy is
 * looked for among the last {@link #INTERFACES_WINDOW_FRAMES} frames, in a set of {@link
 * #INTERFACES_WAYS} slots, the oldest pushed out.
 */
final class DuplicateFrames {
  /** Frames back a copy is looked for in: a forwarded packet's copy is the next frame or close by. */
  static final int WINDOW_FRAMES = 16;
  /** How far apart in time a copy may be: a router forwards in microseconds. */
  static final long MAX_GAP_NANOS = 1_000_000L;
  /** Slots for the last packets: enough that the few frames between a packet and its copy rarely share one. */
  private static final int SLOTS = 256;
  /**
   * Across interfaces ({@link #acrossInterfaces}): frames back a copy is looked for in, and sets of
   * slots, each of {@link #INTERFACES_WAYS}. dumpcap and Wireshark capturing several interfaces write
   * each one's packets in batches (about 1,000 frames), so a forwarded packet's copy on the other
   * interface comes a batch later and the file is out of time order; 8 slots per set keep a packet
   * until its copy comes unless 8 of the packets between share its set (after 4,096 packets, 1 in 20
   * is pushed out; after 1,000, about 1 in 100,000). A bigger table held more, and cost a tenth more
   * time per packet in its cache misses.
   */
  static final int INTERFACES_WINDOW_FRAMES = 1 << 12;
  private static final int INTERFACES_SETS = 1024;
  static final int INTERFACES_WAYS = 8;
  /**
   * The fields a copy repeats, as longs, in a row of {@link #table} per slot: the headers' (0: both
   * IPv4 addresses, or 0 to 3 the IPv6 ones; then 4 to 7), then what an ICMP error quotes (8 to 13).
   */
  private static final int FIELDS = 14;
  /** In field 7: the packet quotes another (an ICMP error), whose fields follow. */
  private static final long QUOTES = 1L << 40;
  /** In field 4: an IPv6 packet, whose addresses take fields 0 to 3. */
  private static final long IPV6 = 1L << 63;
  /** Spreads the fields' bits over a set index (the golden ratio's 64-bit fraction, odd). */
  private static final long SPREAD = 0x9E37_79B9_7F4A_7C15L;

  private final int windowFrames;
  /** The set index is the top bits of the hashed fields: 64 minus the set count's bits. */
  private final int setShift;
  private final int ways;
  private final long[] table;
  /** The frame number of each slot's packet; 0 for an empty slot (frames count from 1). */
  private final long[] frames;
  /**
   * Each slot's hashed fields, compared first: a set's fit in one cache line, where its rows of
   * fields take eight, and most packets match none.
   */
  private final long[] keys;
  private final long[] times;
  private long found;

  /** Copies among the last {@link #WINDOW_FRAMES} frames: one view of the traffic, or views merged in time order. */
  DuplicateFrames() {
    this(WINDOW_FRAMES, SLOTS, 1);
  }

  private DuplicateFrames(int windowFrames, int sets, int ways) {
    this.windowFrames = windowFrames;
    this.setShift = Long.numberOfLeadingZeros(sets) + 1;
    this.ways = ways;
    this.table = new long[sets * ways * FIELDS];
    this.frames = new long[sets * ways];
    this.keys = new long[sets * ways];
    this.times = new long[sets * ways];
  }

  /**
   * Copies in a capture of several interfaces, written interface by interface in batches; counts the
   * copies {@code before} found, but starts with none of its packets (dumpcap describes every
   * interface before the first packet, so there are none to lose).
   */
  static DuplicateFrames acrossInterfaces(DuplicateFrames before) {
    DuplicateFrames d = new DuplicateFrames(INTERFACES_WINDOW_FRAMES, INTERFACES_SETS, INTERFACES_WAYS);
    d.found = before.found;
    return d;
  }

  /** Copies found so far. */
  long found() {
    return found;
  }

  /**
   * True when {@code p}, decoded, timed and numbered, repeats a packet of the last frames; it is then
   * not kept in that packet's place, so a third copy repeats the first too.
   */
  boolean repeats(Packet p) {
    if (p.ipVersion == 0 || p.transportChecksum < 0 || p.unassembledFragment || p.reassembled
        || (p.protocol == IpProtocol.UDP && p.transportChecksum == 0)) { // UDP's 0: sent without one
      return false;
    }
    boolean v6 = p.ipVersion == 6;
    long addresses = v6 ? p.srcHi : p.srcLo << 32 ^ (p.dstLo & 0xFFFF_FFFFL);
    long ports = (v6 ? IPV6 : 0) ^ (long) (p.protocol & 0xFF) << 48 ^ (long) (p.srcPort & 0xFFFF) << 32
        ^ (long) (p.dstPort & 0xFFFF) << 16 ^ (p.ipId & 0xFFFF);
    long numbers = p.hasTcp ? p.tcpSeq << 32 ^ p.tcpAck
        : (long) (p.icmpType & 0xFFFF) << 48 ^ (long) (p.icmpCode & 0xFFFF) << 32 ^ (long) (p.icmpId & 0xFFFF) << 16
            ^ (p.icmpSeq & 0xFFFF);
    long payload = (long) p.payloadLength << 32 ^ p.transportChecksum;
    long tcp = (p.hasQuoted ? QUOTES : 0) ^ (long) p.tcpFlags << 16 ^ (p.tcpWindow & 0xFFFF);
    // the set by a hash of the fields: a host's resets (IPv4 identification 0) may share a checksum
    long key = addresses ^ ports ^ numbers ^ payload ^ tcp ^ (v6 ? p.srcLo ^ p.dstHi ^ p.dstLo : 0);
    int first = (int) (key * SPREAD >>> setShift) * ways;
    long[] t = table;
    long ts = p.tsNanos;
    int slot = first; // where the packet is kept: the set's oldest slot (a retransmission keeps the first's too)
    for (int s = first; s < first + ways; s++) {
      int row = s * FIELDS;
      long before = frames[s];
      if (before != 0 && keys[s] == key && p.frame - before <= windowFrames && t[row + 4] == ports
          && t[row + 5] == numbers
          && t[row + 6] == payload && t[row + 7] == tcp && t[row] == addresses
          && (!v6 || (t[row + 1] == p.srcLo && t[row + 2] == p.dstHi && t[row + 3] == p.dstLo))
          && (!p.hasQuoted || sameQuote(p, row))) {
        long gap = ts >= times[s] ? ts - times[s] : times[s] - ts;
        if (gap >= 0 && gap <= MAX_GAP_NANOS) { // a negative gap overflowed: times far apart
          found++;
          return true;
        }
      }
      slot = frames[s] < frames[slot] ? s : slot;
    }
    int row = slot * FIELDS;
    frames[slot] = p.frame;
    keys[slot] = key;
    times[slot] = ts;
    t[row] = addresses;
    if (v6) {
      t[row + 1] = p.srcLo;
      t[row + 2] = p.dstHi;
      t[row + 3] = p.dstLo;
    }
    t[row + 4] = ports;
    t[row + 5] = numbers;
    t[row + 6] = payload;
    t[row + 7] = tcp;
    if (p.hasQuoted) {
      t[row + 8] = p.quotedSrcHi;
      t[row + 9] = p.quotedSrcLo;
      t[row + 10] = p.quotedDstHi;
      t[row + 11] = p.quotedDstLo;
      t[row + 12] = quotedPorts(p);
      t[row + 13] = p.quotedSecondWord;
    }
    return false;
  }

  private boolean sameQuote(Packet p, int row) {
    long[] t = table;
    return t[row + 8] == p.quotedSrcHi && t[row + 9] == p.quotedSrcLo && t[row + 10] == p.quotedDstHi
        && t[row + 11] == p.quotedDstLo && t[row + 12] == quotedPorts(p) && t[row + 13] == p.quotedSecondWord;
  }

  private static long quotedPorts(Packet p) {
    return (long) (p.quotedProtocol & 0xFF) << 32 ^ (long) (p.quotedSrcPort & 0xFFFF) << 16 ^ (p.quotedDstPort & 0xFFFF);
  }
}

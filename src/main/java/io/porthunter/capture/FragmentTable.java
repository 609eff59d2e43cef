package io.porthunter.capture;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IP fragments (RFC 791, RFC 8200 section 4.5) held until their datagram is whole, so that the
 * fragment completing it can carry the datagram's transport header, as tshark shows it. Scanners
 * split their probes this way (nmap -f: eight bytes of TCP header per fragment) so that the flags
 * are in no single packet.
 *
 * <p>Only the head of each datagram is kept ({@link #HEAD_BYTES}: a TCP header with options, or an
 * ICMP error with the header it quotes); the rest is only counted, by the lengths in the IP headers,
 * so a capture cut to a short snap length still reassembles its heads. Memory is bounded: at most
 * {@link #MAX_DATAGRAMS} datagrams at once, each in at most {@link #MAX_PIECES} separate pieces. When
 * full, the one waiting longest is given up for the newcomer: a scanner sends a probe's fragments
 * back to back, so fragments that never complete, sent first to fill the table, cannot blind it to
 * the probes that follow (refusing newcomers did). Below that, a datagram waits up to {@link
 * #MAX_WAIT_NANOS} of capture time (checked when a new datagram arrives): still incomplete then, it is
 * dropped, as its host drops it.
 * What the bounds gave up is counted ({@link #givenUp()}), as a memory bound's cost.
 */
final class FragmentTable {
  /** Bytes of each datagram's payload kept: enough for any TCP header, or an ICMP error's quote. */
  static final int HEAD_BYTES = 128;
  static final int MAX_DATAGRAMS = 4096;
  /**
   * How long a datagram waits for its other fragments, in capture time: RFC 8200's 60 s for IPv6
   * (Linux gives IPv4 30 s). A datagram waiting longer is dropped as its host drops it, not given up
   * to a bound: a capture with lost fragments leaves such datagrams behind all along.
   */
  static final long MAX_WAIT_NANOS = 60_000_000_000L;
  /** Separate byte ranges one datagram may be in before it is given up (overlapping ones merge). */
  static final int MAX_PIECES = 32;

  /** Which datagram a fragment belongs to: addresses, identification and protocol. */
  private record Key(int version, long srcHi, long srcLo, long dstHi, long dstLo, int id, int protocol) {
    /** Keyed ({@link KeyedHash}): fragments crafted to share one bucket would make every lookup walk them. */
    @Override
    public int hashCode() {
      long h = KeyedHash.mix((KeyedHash.endpoint(srcHi, srcLo, id) ^ KeyedHash.address(dstHi, dstLo))
          + ((long) protocol << 8 | version));
      return (int) (h ^ (h >>> 32));
    }
  }

  /** One datagram being reassembled. */
  private static final class Datagram {
    /** When its first fragment came. */
    final long firstTs;
    final byte[] head = new byte[HEAD_BYTES];
    /** Captured bytes of the head, one bit each. */
    long headLow;
    long headHigh;
    /** Byte ranges [start, end) of the payload the fragments so far cover, by their IP lengths. */
    final int[] starts = new int[MAX_PIECES];
    final int[] ends = new int[MAX_PIECES];
    int pieces;
    /** The payload's length, known once the last fragment (no "more fragments" flag) came. */
    int total = -1;

    Datagram(long firstTs) {
      this.firstTs = firstTs;
    }

    /** Whether its first fragment came, with the transport header a probe is known by. */
    boolean headed() {
      return (headLow & 1) != 0;
    }

    /** Adds a range, merging it with those it touches; false when the datagram is in too many pieces. */
    boolean cover(int start, int end) {
      int s = start;
      int e = end;
      int kept = 0;
      for (int i = 0; i < pieces; i++) {
        if (ends[i] < s || starts[i] > e) {
          starts[kept] = starts[i];
          ends[kept] = ends[i];
          kept++;
        } else {
          s = Math.min(s, starts[i]);
          e = Math.max(e, ends[i]);
        }
      }
      if (kept == MAX_PIECES) {
        return false;
      }
      starts[kept] = s;
      ends[kept] = e;
      pieces = kept + 1;
      return true;
    }

    boolean whole() {
      return total >= 0 && pieces == 1 && starts[0] == 0 && ends[0] >= total;
    }

    /**
     * Keeps the head bytes a fragment brings that no earlier one brought: where fragments overlap, the
     * first one's bytes stand, as tshark shows them (a scanner sending a second copy of the flags in an
     * overlapping fragment does not choose the technique seen).
     */
    void keep(byte[] b, int at, int offset, int captured) {
      int n = Math.min(captured, HEAD_BYTES - offset);
      for (int i = 0; i < n; i++) {
        int bit = offset + i;
        long mask = 1L << bit; // a shift counts modulo 64: the bit within headLow or headHigh
        if (bit < Long.SIZE ? (headLow & mask) == 0 : (headHigh & mask) == 0) {
          head[bit] = b[at + i];
          if (bit < Long.SIZE) {
            headLow |= mask;
          } else {
            headHigh |= mask;
          }
        }
      }
    }

    /** Captured head bytes from the start without a gap. */
    int headCaptured() {
      if (headLow != -1L) {
        return Long.numberOfTrailingZeros(~headLow);
      }
      return Long.SIZE + Long.numberOfTrailingZeros(~headHigh);
    }
  }

  /** In arrival order, so the datagram waiting longest is found first, without a scan. */
  private final Map<Key, Datagram> waiting = new LinkedHashMap<>();
  private final byte[] whole = new byte[HEAD_BYTES];
  private int wholeCaptured;
  /** Datagrams given up to the bounds: put out of a full table, or in too many pieces. */
  private long givenUp;

  /**
   * Adds one fragment: {@code captured} bytes of its payload at {@code b[at]}, which sit at byte
   * {@code offset} of the datagram's payload and are {@code length} bytes long on the wire.
   *
   * @return the whole datagram's payload length when this fragment completed it (its head is then in
   *         {@link #head()}, {@link #headCaptured()} bytes of it), else -1
   */
  int add(Packet p, int id, int protocol, int offset, boolean more, byte[] b, int at, int captured, int length) {
    Key key = new Key(p.ipVersion, p.srcHi, p.srcLo, p.dstHi, p.dstLo, id, protocol);
    Datagram d = waiting.get(key);
    if (d == null) {
      makeRoom(p.tsNanos);
      d = new Datagram(p.tsNanos);
      waiting.put(key, d);
    }
    if (offset < HEAD_BYTES && captured > 0) {
      d.keep(b, at, offset, captured);
    }
    if (!more) {
      d.total = offset + length;
    }
    if (!d.cover(offset, offset + length)) {
      waiting.remove(key);
      givenUp++;
      return -1;
    }
    if (!d.whole()) {
      return -1;
    }
    waiting.remove(key);
    System.arraycopy(d.head, 0, whole, 0, HEAD_BYTES);
    wholeCaptured = Math.min(d.headCaptured(), d.total);
    return d.total;
  }

  /**
   * Drops the datagrams that waited past {@link #MAX_WAIT_NANOS} by {@code now}, then, if the table is
   * still full, gives up the one waiting longest. Only one that had its first fragment counts as given
   * up: a headless one is most often a fragment seen twice after its datagram was whole (a capture on
   * every interface of a router), and it held no transport header to lose.
   */
  private void makeRoom(long now) {
    Iterator<Datagram> longest = waiting.values().iterator();
    while (longest.hasNext()) {
      Datagram eldest = longest.next();
      if (now - eldest.firstTs > MAX_WAIT_NANOS) {
        longest.remove();
      } else if (waiting.size() >= MAX_DATAGRAMS) {
        longest.remove();
        givenUp += eldest.headed() ? 1 : 0;
        return;
      } else {
        return;
      }
    }
  }

  /** Datagrams the bounds made this table give up so far (not those still waiting at the end). */
  long givenUp() {
    return givenUp;
  }

  /** The head of the datagram the last {@link #add} completed. */
  byte[] head() {
    return whole;
  }

  int headCaptured() {
    return wholeCaptured;
  }
}

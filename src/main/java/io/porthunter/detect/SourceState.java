package io.porthunter.detect;

import io.porthunter.capture.IpProtocol;
import io.porthunter.capture.Packet;
import io.porthunter.capture.Timestamps;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Everything one pass learns about one sending address. */
final class SourceState {
  /** {@code FlagClass.values()} copies its array at each call: counted once. */
  private static final int FLAG_CLASSES = FlagClass.values().length;
  /** Seconds a conversation counted only when it concluded spreads its packets over ({@link #concludedUncounted}). */
  private static final int SPREAD_SECONDS = 8;

  /** Sources in address order (unsigned: IPv4-mapped addresses first). */
  static final Comparator<SourceState> BY_ADDRESS = Comparator.comparing((SourceState s) -> s.hi,
      Long::compareUnsigned).thenComparing(s -> s.lo, Long::compareUnsigned);

  final long hi;
  final long lo;
  long packets;
  long firstTs = Long.MAX_VALUE;
  long lastTs = Long.MIN_VALUE;
  // Not final: a dropped source lets go of them (see release()).
  long[] flagCounts = new long[FLAG_CLASSES];
  ContactTable contacts = new ContactTable();
  /**
   * Made when the first full second is counted: under a spoofed flood most sources send a packet or
   * two and are forgotten before then, and the collector would otherwise carry a histogram for each.
   */
  private ActivityHistogram activity;
  /**
   * The traits of its probes but its own stack's SYNs, and of those SYNs ({@link ProbeTraits#ownStackSyn}),
   * each created with its first probe: most sources (servers, clients, spoofed floods) send few or none.
   */
  private ProbeTraits traits;
  private ProbeTraits stackSyns;
  /** Contacts past {@link DetectionSettings#maxContactsPerSource}: counted, not kept. */
  long contactsNotKept;
  long failedContactsNotKept;
  /** Contacts kept that failed when first recorded (what the floor past the global bound counts). */
  int failedContactsKept;
  /**
   * The link-layer address of the earliest record that opened one of its conversations (IPv4 or IPv6)
   * or carried one of its ARP requests; -1 unknown. A station that sends as several IPv4 sources
   * forwards packets (a router), and its ARP requests resolve the next hops of routed traffic
   * ({@link Stations}).
   */
  long station = -1;
  /** The record that gave {@link #station}: workers' shares merge to the earliest, as one pass keeps it. */
  private long stationFrame = Long.MAX_VALUE;
  /** Stations a source keeps as its forwarders: a gateway pair, a few routers; more only when forged. */
  static final int MAX_FORWARDERS = 4;
  private static final long[] NO_FORWARDERS = {};
  /** Stations that forwarded its packets ({@link #sentThrough}), the lowest {@link #MAX_FORWARDERS}, ascending. */
  private long[] forwarders = NO_FORWARDERS;
  /**
   * The lowest and highest link-layer address that this address's ARP packets (its requests, its
   * replies) came from; -1 before any. Equal, they name the station ARP places the address at:
   * probes sent as it from another station were forged there (a live decoy of nmap -D, {@link
   * DecoyFinder}). A range rather than the first, so that workers' shares merge to the same.
   */
  private long arpStationLow = -1;
  private long arpStationHigh = -1;
  /**
   * The lowest and highest TTL (hop limit) of the packets that opened its side of a conversation;
   * high -1 before any. One value is one stack at one distance ({@link RotatingSources}).
   */
  private int ttlLow = Integer.MAX_VALUE;
  private int ttlHigh = -1;
  /**
   * Its DHCP replies: the IPv4 address each offered or assigned, and when, as runs of replies of one
   * address no more than {@link #OFFER_RUN_GAP_NANOS} apart (a lease's offer and acknowledgement are
   * one run); the tracker bounds how many runs all sources keep. Null until its first. {@link
   * #offersByAddress} sorts them for lookups.
   */
  private int[] offeredAddresses;
  private long[] offeredFrom;
  private long[] offeredUntil;
  private int offers;
  /** (address, index) pairs of the runs, sorted; null until looked up, and after a run more. */
  private long[] offersByAddress;
  /**
   * The widest gap between replies of one run: no wider than the narrowest window {@link
   * Excuses#addressChecks} asks about, so a run that meets a window holds a reply within it, and the
   * runs answer exactly as the replies would.
   */
  static final long OFFER_RUN_GAP_NANOS = Excuses.ADDRESS_CHECK_NANOS;
  /** The latest runs a reply may join: a server's replies to one client come close together. */
  private static final int OFFER_RUN_LOOKBACK = 16;
  /**
   * Its DHCP replies offering an address that answered no request in the capture: seen when the
   * capture holds only the server's side (a filter on its address drops the clients' broadcasts), or
   * forged. They excuse nothing; the verdict says they were there.
   */
  int unaskedOffers;
  /**
   * The name servers DNS referrals to it named, keyed by address, each as (hi, lo, first time named),
   * the address again for merging (the map lends no keys): a resolver asks them next ({@link
   * Excuses#referredServers}). Null until the first.
   */
  private AddressMap<long[]> referredServers;
  /** The stations its conversations were opened from, with their outcomes; null until the first with one. */
  private OpeningStations openingStations;
  /** FTP PORT commands it received naming hosts other than their senders; null until the first. */
  private BounceOrders bounceOrders;
  /**
   * Conversations it opened that are still in the tracker's table (attached to this state): while
   * any is, a failure may be on its way, so the table does not take it for a source that failed nowhere.
   */
  int openConversations;
  /** Set when the tracker forgot this source: conversations holding it must look it up again. */
  boolean dropped;
  // The second being counted: most packets fall in it, so they cost no division.
  private long secondStart = Long.MAX_VALUE;
  private long secondEnd = Long.MIN_VALUE;
  private int secondCount;

  SourceState(long hi, long lo) {
    this.hi = hi;
    this.lo = lo;
  }

  /**
   * A packet of it (its first of a conversation, or an ARP request) came from {@code linkSource} in
   * record {@code frame}: the earliest such sets {@link #station}.
   */
  void sentFrom(long linkSource, long frame) {
    if (linkSource >= 0 && frame < stationFrame) {
      station = linkSource;
      stationFrame = frame;
    }
  }

  /**
   * One of its conversations was sent to the station {@code forwarder} and answered from another:
   * the forwarder is a router (or a load balancer) on its way. The lowest {@link #MAX_FORWARDERS} such
   * are kept, so that workers' shares agree with one pass.
   */
  void sentThrough(long forwarder) {
    if (forwarder < 0) {
      return; // no station known
    }
    int found = Arrays.binarySearch(forwarders, forwarder);
    int at = -found - 1;
    if (found >= 0 || at >= MAX_FORWARDERS) {
      return; // kept already, or above the lowest kept
    }
    long[] more = new long[Math.min(forwarders.length + 1, MAX_FORWARDERS)];
    System.arraycopy(forwarders, 0, more, 0, at);
    more[at] = forwarder;
    System.arraycopy(forwarders, at, more, at + 1, more.length - at - 1);
    forwarders = more;
  }

  /** The stations seen forwarding its packets ({@link #sentThrough}), ascending; do not modify. */
  long[] forwarders() {
    return forwarders;
  }

  /** A packet opening its side of a conversation carried {@code ttl} (-1: none, as ARP). */
  void sentWithTtl(int ttl) {
    if (ttl >= 0) {
      ttlLow = Math.min(ttlLow, ttl);
      ttlHigh = Math.max(ttlHigh, ttl);
    }
  }

  /** The lowest TTL its conversations were opened with; {@link Integer#MAX_VALUE} before any. */
  int ttlLow() {
    return ttlLow;
  }

  /** The highest TTL its conversations were opened with; -1 before any. */
  int ttlHigh() {
    return ttlHigh;
  }

  /** A conversation it opened from {@code linkSource} (-1: the link shows none) in record {@code frame} concluded. */
  void openedFrom(long linkSource, long frame, boolean failed) {
    if (linkSource >= 0) {
      openingStations().opened(linkSource, frame, failed ? 1 : 0, failed ? 0 : 1);
    }
  }

  private OpeningStations openingStations() {
    return openingStations != null ? openingStations : (openingStations = new OpeningStations());
  }

  /** The stations its conversations were opened from ({@link #openedFrom}); null when none showed one. */
  OpeningStations openedFrom() {
    return openingStations;
  }

  /**
   * As an FTP server, it received in record {@code frame} a PORT command from the client at ({@code
   * clientHi}, {@code clientLo}) naming another host, ({@code namedHi}, {@code namedLo}), and its
   * {@code port}.
   */
  void bounceOrdered(long clientHi, long clientLo, long namedHi, long namedLo, int port, long frame) {
    if (bounceOrders == null) {
      bounceOrders = new BounceOrders();
    }
    bounceOrders.ordered(clientHi, clientLo, namedHi, namedLo, port, frame);
  }

  /** The PORT commands it received naming other hosts ({@link #bounceOrdered}); null when none. */
  BounceOrders bounceOrders() {
    return bounceOrders;
  }

  /** An ARP packet for this address came from {@code linkSource} (-1: the link shows none). */
  void arpFrom(long linkSource) {
    if (linkSource < 0) {
      return;
    }
    if (arpStationLow < 0 || linkSource < arpStationLow) {
      arpStationLow = linkSource;
    }
    arpStationHigh = Math.max(arpStationHigh, linkSource);
  }

  /** The one station its ARP packets came from; -1 when none did, or several. */
  long arpStation() {
    return arpStationLow == arpStationHigh ? arpStationLow : -1;
  }

  /**
   * Its DHCP reply offered or assigned {@code lo} (IPv4-mapped) to a client at {@code ts}: joins it to
   * one of its latest runs of that address when it is within {@link #OFFER_RUN_GAP_NANOS} of one, and
   * says whether it did (if not, it needs a run of its own: {@link #offered}).
   */
  boolean joinOfferRun(long lo, long ts) {
    for (int i = offers - 1; i >= Math.max(0, offers - OFFER_RUN_LOOKBACK); i--) {
      if (offeredAddresses[i] == (int) lo && ts >= offeredFrom[i] - OFFER_RUN_GAP_NANOS
          && ts <= offeredUntil[i] + OFFER_RUN_GAP_NANOS) {
        offeredFrom[i] = Math.min(offeredFrom[i], ts);
        offeredUntil[i] = Math.max(offeredUntil[i], ts);
        return true;
      }
    }
    return false;
  }

  /** Its DHCP reply offered or assigned {@code lo} (IPv4-mapped) to a client at {@code ts}: a new run. */
  void offered(long lo, long ts) {
    offeredRun((int) lo, ts, ts);
  }

  private void offeredRun(int address, long from, long until) {
    if (offeredAddresses == null) {
      offeredAddresses = new int[4];
      offeredFrom = new long[4];
      offeredUntil = new long[4];
    } else if (offers == offeredAddresses.length) {
      offeredAddresses = Arrays.copyOf(offeredAddresses, offers * 2);
      offeredFrom = Arrays.copyOf(offeredFrom, offers * 2);
      offeredUntil = Arrays.copyOf(offeredUntil, offers * 2);
    }
    offeredAddresses[offers] = address;
    offeredFrom[offers] = from;
    offeredUntil[offers++] = until;
    offersByAddress = null;
  }

  /**
   * A DNS referral to it named the server (hi, lo) at {@code ts}: kept with the earliest time. Returns
   * whether the server was new to it.
   */
  boolean referredTo(long hi, long lo, long ts) {
    if (referredServers == null) {
      referredServers = new AddressMap<>(16);
    }
    long[] named = referredServers.get(hi, lo);
    if (named != null) {
      named[2] = Math.min(named[2], ts);
      return false;
    }
    referredServers.add(hi, lo, new long[] {hi, lo, ts});
    return true;
  }

  /** Whether a DNS referral to it named the server (hi, lo), at any time. */
  boolean knowsReferred(long hi, long lo) {
    return referredServers != null && referredServers.get(hi, lo) != null;
  }

  /** Whether a DNS referral to it named the server (hi, lo) at {@code ts} or before. */
  boolean referredBefore(long hi, long lo, long ts) {
    long[] named = referredServers == null ? null : referredServers.get(hi, lo);
    return named != null && named[2] <= ts;
  }

  /**
   * Whether a DHCP reply of it offered (hi, lo) to a client at a time from {@code from} to {@code to}: a
   * window at least {@link #OFFER_RUN_GAP_NANOS} wide, for which runs answer exactly.
   */
  boolean offeredBetween(long hi, long lo, long from, long to) {
    assert to - from >= OFFER_RUN_GAP_NANOS : "a window narrower than a run's gaps";
    if (offers == 0 || !Packet.isIpv4Mapped(hi, lo)) {
      return false;
    }
    if (offersByAddress == null) {
      offersByAddress = new long[offers];
      for (int i = 0; i < offers; i++) {
        offersByAddress[i] = (long) offeredAddresses[i] << 32 | i;
      }
      Arrays.sort(offersByAddress);
    }
    long address = (int) lo;
    int i = Arrays.binarySearch(offersByAddress, address << 32);
    for (i = i < 0 ? -i - 1 : i; i < offers && offersByAddress[i] >> 32 == address; i++) {
      int run = (int) offersByAddress[i];
      if (offeredFrom[run] <= to && offeredUntil[run] >= from) {
        return true;
      }
    }
    return false;
  }

  /** The traits of its probes but those its own stack opened with a SYN (see {@link #stackSyns}). */
  ProbeTraits traits() {
    if (traits == null) {
      traits = new ProbeTraits();
    }
    return traits;
  }

  /** The traits of the probes its operating system's stack opened with a SYN (connect()). */
  ProbeTraits stackSyns() {
    if (stackSyns == null) {
      stackSyns = new ProbeTraits();
    }
    return stackSyns;
  }

  /**
   * True when more of its SYN probes came from its own stack's connect() than from anything else: a
   * client's connections, or a connect scan's, not a raw scanner's. Reads the traits without making them.
   */
  boolean mostlyStackSyns() {
    return (stackSyns == null ? 0 : stackSyns.synProbes) > (traits == null ? 0 : traits.synProbes);
  }

  /** Counts a concluded probe conversation's traits with its kind ({@link ProbeTraits#count}). */
  void countProbe(Flow f) {
    (ProbeTraits.ownStackSyn(f.traits) ? stackSyns() : traits()).count(f);
  }

  /**
   * Forgets everything but the address: conversations may still hold this object until they
   * conclude, and under a spoofed flood there are many, so only a small shell may stay reachable.
   */
  void release() {
    dropped = true;
    flagCounts = null;
    contacts = null;
    activity = null;
    traits = null;
    stackSyns = null;
    offeredAddresses = null;
    offeredFrom = null;
    offeredUntil = null;
    offersByAddress = null;
    offers = 0;
    openingStations = null;
    bounceOrders = null;
  }

  /**
   * A concluded conversation whose packets were counted on another state, one forgotten since (a
   * spoofed flood filling the source table), or on none: its span, its packets spread evenly over up
   * to {@link #SPREAD_SECONDS} seconds of that span (when each came is not kept), and its opening's flag
   * class (the other packets' classes are not kept either), so a source made again to conclude it
   * shows what it sent.
   */
  void concludedUncounted(long first, long last, int sent, FlagClass opening) {
    packets += sent;
    firstTs = Math.min(firstTs, first);
    lastTs = Math.max(lastTs, Math.max(first, last));
    long from = Math.floorDiv(first, Timestamps.NANOS_PER_SECOND);
    long span = Math.max(0, Math.floorDiv(last, Timestamps.NANOS_PER_SECOND) - from);
    int points = (int) Math.min(SPREAD_SECONDS, span + 1);
    for (int i = 0; i < points; i++) {
      int share = sent / points + (i < sent % points ? 1 : 0);
      if (share > 0) {
        histogram().add(points == 1 ? from : from + span * i / (points - 1), share);
      }
    }
    if (opening != null) {
      flagCounts[opening.ordinal()]++;
    }
  }

  /** No contact of it failed, kept or not, and none it still has open may fail yet. */
  boolean failedNowhere() {
    return failedContactsKept == 0 && failedContactsNotKept == 0 && openConversations <= 0;
  }

  void sent(long ts) {
    packets++;
    if (ts < firstTs) {
      firstTs = ts;
    }
    if (ts > lastTs) {
      lastTs = ts;
    }
    if (ts >= secondStart && ts < secondEnd) {
      secondCount++;
      return;
    }
    flushSecond();
    long second = Math.floorDiv(ts, Timestamps.NANOS_PER_SECOND);
    secondStart = Timestamps.startOfSecond(second);
    secondEnd = Timestamps.startOfSecond(second + 1);
    secondCount = 1;
  }

  /** The per-second activity, sorted, with the second being counted included. */
  ActivityHistogram activity() {
    flushSecond();
    ActivityHistogram h = histogram();
    h.normalize();
    return h;
  }

  private void flushSecond() {
    if (secondCount > 0) {
      histogram().add(Math.floorDiv(secondStart, Timestamps.NANOS_PER_SECOND), secondCount);
      secondCount = 0;
    }
  }

  /** The histogram, made when first needed (see {@link #activity}'s field). */
  private ActivityHistogram histogram() {
    if (activity == null) {
      activity = new ActivityHistogram();
    }
    return activity;
  }

  /**
   * Adds another worker's share of the same source, or the state of another address of the same
   * sender ({@link RotatingSources}).
   */
  void merge(SourceState o) {
    packets += o.packets;
    firstTs = Math.min(firstTs, o.firstTs);
    lastTs = Math.max(lastTs, o.lastTs);
    for (int i = 0; i < flagCounts.length; i++) {
      flagCounts[i] += o.flagCounts[i];
    }
    contacts.mergeFrom(o.contacts);
    activity().merge(o.activity());
    if (o.traits != null) {
      traits().merge(o.traits);
    }
    if (o.stackSyns != null) {
      stackSyns().merge(o.stackSyns);
    }
    contactsNotKept += o.contactsNotKept;
    failedContactsNotKept += o.failedContactsNotKept;
    failedContactsKept += o.failedContactsKept;
    sentFrom(o.station, o.stationFrame);
    for (long f : o.forwarders) {
      sentThrough(f);
    }
    arpFrom(o.arpStationLow);
    arpFrom(o.arpStationHigh);
    if (o.openingStations != null) {
      openingStations().merge(o.openingStations);
    }
    if (o.bounceOrders != null) {
      if (bounceOrders == null) {
        bounceOrders = new BounceOrders();
      }
      bounceOrders.merge(o.bounceOrders);
    }
    ttlLow = Math.min(ttlLow, o.ttlLow); // before any TTL: MAX_VALUE and -1, which fold to nothing
    ttlHigh = Math.max(ttlHigh, o.ttlHigh);
    for (int i = 0; i < o.offers; i++) {
      offeredRun(o.offeredAddresses[i], o.offeredFrom[i], o.offeredUntil[i]);
    }
    unaskedOffers += o.unaskedOffers;
    if (o.referredServers != null) {
      for (long[] named : o.referredServers.values()) {
        referredTo(named[0], named[1], named[2]);
      }
    }
  }

  /**
   * A (protocol, port) pair as one int: TCP ports in the low 65536 values, UDP above, then SCTP, then
   * the protocols IP probes probed ({@link PortList#IP}).
   */
  static int portKey(int protocol, int port) {
    return (protocol == IpProtocol.UDP ? 65536 : protocol == IpProtocol.SCTP ? 2 * 65536
        : protocol == PortList.IP ? 3 * 65536 : 0) + port;
  }

  /** Packets sent, per flag class, for the classes it sent. */
  Map<String, Long> flagStats() {
    Map<String, Long> stats = new LinkedHashMap<>();
    for (FlagClass fc : FlagClass.values()) {
      long n = flagCounts[fc.ordinal()];
      if (n > 0) {
        stats.put(fc.name(), n);
      }
    }
    return stats;
  }
}

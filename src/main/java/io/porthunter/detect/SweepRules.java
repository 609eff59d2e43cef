package io.porthunter.detect;
import static io.porthunter.capture.IpProtocol.isIcmp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * How many hosts a source's ICMP queries, ARP requests or neighbour solicitations swept: within one
 * sweep window ({@link DetectionSettings#pingSweepMinHosts}, {@link
 * DetectionSettings#pingSweepWindowNanos}), or at any pace ({@link DetectionSettings#slowSweepMinHosts}).
 * {@link ScanJudge} turns the counts into {@link Sweeps}.
 */
final class SweepRules {
  private final DetectionSettings settings;

  SweepRules(DetectionSettings settings) {
    this.settings = settings;
  }

  /** Hosts the source asked ARP or neighbour discovery for, excused questions left out. */
  static int askedHosts(Contacts k, boolean[] excused) {
    int n = 0;
    for (int r : k.rows) {
      n += PortList.isResolution(k.table.protocol(r)) && !excused[r] ? 1 : 0; // one row per host
    }
    return n;
  }

  /**
   * The most hosts whose ICMP queries, or ARP requests and neighbour solicitations, began within one
   * sweep window (recurring ones, those answered and {@link #askedAgain}, and excused questions, left
   * out; and {@link #deadHosts}).
   */
  int hostsWithinWindow(Contacts k, boolean[] excused, boolean neighbours) {
    IntPredicate dead = deadHosts(k, excused, neighbours);
    List<Long> starts = new ArrayList<>();
    for (int r : k.rows) {
      // an excused row (a monitor's dead host, checked round after round) is no question of a sweep
      boolean asked = asked(k, r, excused, neighbours);
      // hosts pinged round after round and answering are monitored (smokeping), not swept, and so are
      // those a continuous pinger (fping -l, ping per host) kept asking in one long exchange
      if (asked && !settings.recurring(k.table.conversations(r)) && !askedAgain(k.table, r)
          && !dead.test(r)) {
        starts.add(k.table.firstTs(r)); // rows are in time order
      }
    }
    int best = 0;
    int from = 0;
    for (int to = 0; to < starts.size(); to++) {
      while (starts.get(to) - starts.get(from) > settings.pingSweepWindowNanos()) {
        from++;
      }
      best = Math.max(best, to - from + 1);
    }
    return best;
  }

  /**
   * The rows of silent hosts the source asked (ICMP, or with {@code neighbours} ARP and neighbour
   * discovery) that were dead hosts it tried, not a sweep's questions: a monitor's, asked round after
   * round ({@link #deadOfAMonitor}), or, on the local segment, a client's, whose questions were asked
   * for its connections ({@link #deadOfAClient}). They are no failures for any rule either.
   */
  IntPredicate deadHosts(Contacts k, boolean[] excused, boolean neighbours) {
    ContactTable c = k.table;
    if (neighbours && deadOfAClient(k, excused)) {
      return r -> !c.outcome(r).success();
    }
    return deadOfAMonitor(k, excused, neighbours) ? r -> silentAskedAgain(c, r) : r -> false;
  }

  /**
   * True when the silent hosts the source asked over more than one sweep window ({@link
   * #silentAskedAgain}) number at most {@code monitorMaxDeadPerLive} per target it reached: a
   * monitor's, or a client's, dead hosts, asked round after round, not a sweep's; on the local segment
   * also at most {@code maxDeadNeighbours}: a worm sweeping its range again and again by connect()
   * reaches its live hosts too.
   */
  private boolean deadOfAMonitor(Contacts k, boolean[] excused, boolean neighbours) {
    int silentAgain = silentAskedAgain(k, excused, neighbours);
    return silentAgain > 0 && (long) settings.monitorMaxDeadPerLive() * reached(k, excused, neighbours) >= silentAgain
        && (!neighbours || silentAgain <= settings.maxDeadNeighbours());
  }

  /**
   * True when the source's ARP or neighbour questions were a client's: more than half of those
   * answered were for hosts it first reached over TCP or UDP right after asking ({@code
   * resolutionConnectMaxNanos}: its stack sending the packet it held), at least {@code
   * minFailedContacts} of them, and its silent ones number at most {@code maxDeadNeighbours} and
   * no more than the targets it reached over IP: hosts it tried that were off (an SSH fan-out over an
   * inventory with some of it powered off), in one round as in many. A sweep by raw packets asks for
   * hosts it contacts later or never; one by connect() (a worm after SSH servers) resolves each live
   * host as a client does, but leaves the tens or hundreds of dead addresses of its range.
   */
  private boolean deadOfAClient(Contacts k, boolean[] excused) {
    ContactTable c = k.table;
    AddressMap<long[]> firstOverIp = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    for (int r : k.rows) { // in time order: the first row met is the host's first contact
      if (Excuses.overTcpOrUdp(c, r)) {
        firstOverIp.computeIfAbsent(c.dstHi(r), c.dstLo(r), () -> new long[] {c.firstTs(r)});
      }
    }
    int answered = 0;
    int forConnections = 0;
    int silent = 0;
    for (int r : k.rows) {
      if (!PortList.isResolution(c.protocol(r))) {
        continue;
      }
      if (c.outcome(r).success()) {
        answered++;
        long[] reached = firstOverIp.get(c.dstHi(r), c.dstLo(r));
        long after = reached == null ? -1 : reached[0] - c.firstTs(r);
        forConnections += after >= 0 && after <= settings.resolutionConnectMaxNanos() ? 1 : 0;
      } else if (!excused[r]) {
        silent++;
      }
    }
    return silent > 0 && forConnections >= settings.minFailedContacts() && 2 * forConnections > answered
        && silent <= settings.maxDeadNeighbours() && silent <= reached(k, excused, true);
  }

  /**
   * The hosts that answered ICMP queries the source sent to a broadcast or multicast group (an echo to
   * 255.255.255.255 or ff02::1 asks every host of the segment at once), excused ones left out.
   */
  int groupAnswered(Contacts k, boolean[] excused) {
    int hosts = 0;
    for (int r : k.rows) {
      hosts += (k.table.marks(r) & ContactTable.GROUP_ASKED) != 0 && !excused[r] ? 1 : 0;
    }
    return hosts;
  }

  /**
   * The hosts of a slow ping sweep, or of a slow ARP or ND sweep with {@code neighbours} ({@link
   * DetectionSettings#slowSweepMinHosts}), or 0: the hosts this source's ICMP queries, or neighbour
   * questions, reached at any pace, when they are enough and enough of them went unanswered. A host
   * that answered counts only when it was asked within one sweep window (see {@link #askedAgain}): a
   * sweep asks a live host once, or a few times at once (nmap's echo and timestamp requests), while a
   * monitor asks its live hosts again every round, and a capture of two rounds must not make it a
   * sweep. A silent host counts however long it was asked: a slow sweep's retries may come minutes
   * later, and a monitor's dead hosts alone are too few. Excused queries are left out.
   */
  int slowSweep(Contacts k, boolean[] excused, boolean neighbours) {
    ContactTable c = k.table;
    int hosts = 0;
    int unanswered = 0;
    for (int r : k.rows) {
      boolean answered = c.outcome(r).success();
      if (asked(k, r, excused, neighbours) && !askedAgain(c, r)) {
        hosts++; // one row per host and protocol: a host asked over both ICMPs is rare enough
        unanswered += answered ? 0 : 1;
      }
    }
    return hosts >= settings.slowSweepMinHosts() && unanswered >= settings.minFailedContacts() ? hosts : 0;
  }

  private static boolean asked(Contacts k, int r, boolean[] excused, boolean neighbours) {
    int protocol = k.table.protocol(r);
    return (neighbours ? PortList.isResolution(protocol) : isIcmp(protocol)) && !excused[r];
  }

  /**
   * Targets the source reached (answered, or talked to), excused ones left out; beside neighbour
   * questions, over TCP or UDP only: an ARP sweep run twice reaches its live hosts by ARP alone, and a
   * ping sweep by its echoes, which its stack holds until the neighbour answers, as it holds a SYN.
   */
  private static int reached(Contacts k, boolean[] excused, boolean neighbours) {
    int n = 0;
    for (int r : k.rows) {
      n += k.table.outcome(r).success() && !excused[r] && (!neighbours || Excuses.overTcpOrUdp(k.table, r)) ? 1 : 0;
    }
    return n;
  }

  /**
   * Hosts asked (ICMP queries, or ARP and neighbour questions) over more than one sweep window that
   * never answered: a monitor's dead hosts pinged every round, or the dead neighbours a client's
   * kernel asks for each time it tries to reach them (a scraper, a fan-out over a LAN with hosts
   * powered off); a sweep asks a host once, or a few times at once.
   */
  private int silentAskedAgain(Contacts k, boolean[] excused, boolean neighbours) {
    int n = 0;
    for (int r : k.rows) {
      n += asked(k, r, excused, neighbours) && silentAskedAgain(k.table, r) ? 1 : 0;
    }
    return n;
  }

  private boolean silentAskedAgain(ContactTable c, int r) {
    return !c.outcome(r).success() && c.lastTs(r) - c.firstTs(r) > settings.pingSweepWindowNanos();
  }

  /**
   * A host that answered queries asked over more than one sweep window: asked again, as a monitor
   * asks its live hosts every round and a connectivity check its gateway, where a sweep asks once,
   * or a few times at once.
   */
  boolean askedAgain(ContactTable c, int r) {
    return c.outcome(r).success() && c.lastTs(r) - c.firstTs(r) > settings.pingSweepWindowNanos();
  }
}

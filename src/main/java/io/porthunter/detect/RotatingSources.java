package io.porthunter.detect;

import io.porthunter.capture.IpText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One scan sent from many addresses of one host: a scanner that changes its source address probe by
 * probe (an IPv6 host owns a whole /64; IPv4 addresses are added to an interface by the hundred), so
 * that no address alone makes enough contacts to be judged. The sources one link-layer station sent
 * as (one address family and one block of addresses: an IPv4 /24, an IPv6 /64) are judged together as
 * one source when at least {@code rotatingMinSources} of them are alike: none judged a scanner alone
 * nor excused anything alone (a client's fallbacks, ident lookups: their excuses were earned by one
 * address), each with at most {@code rotatingMaxContacts} contacts, one of them over IP, none of
 * which served it (a conversation, an answer), and all sent with one TTL that a stack starts from
 * ({@link #INITIAL_TTLS}). A host's own packets leave with such a TTL; those a router or a container
 * host forwards arrive one lower or more, so the many addresses of a routed network are never one
 * host's. A pool of client addresses (a mail server's, a proxy's) is served more often than not: when
 * the served addresses of a group outnumber the rest, it is left alone. Clients share their servers
 * (a resolver, a service) while a scan probes each target once: their targets together must number at
 * least {@code rotatingMinDistinctShare} of their contacts one by one. Addresses forged at random (a
 * flood, decoys) share no block. Judged together, they still need what any source needs to be a
 * scanner; the address that sent the first probe names the scan.
 */
final class RotatingSources {
  /** The TTLs stacks start from: 64 (Linux, BSD, macOS, Android, iOS), 128 (Windows), 255 (raw scanners, network gear). */
  private static final int[] INITIAL_TTLS = {64, 128, 255};
  /** The address whose first contact came first: the combined state's name until its first probe is known. */
  private static final Comparator<SourceState> EARLIEST = Comparator.comparingLong(RotatingSources::firstContact)
      .thenComparing(SourceState.BY_ADDRESS);

  /** One station's sources of one family and block (the address above its last 8 or 64 bits), sent with one TTL. */
  private record Group(boolean ipv4, long prefix, long station, int ttl) {}

  /** Sources judged together: their combined state (named by the first of them), the sources, and why. */
  record Combined(SourceState state, List<SourceState> members, String reason) {
    /** The member that sent record {@code frame} as its first contact with a target; null when none. */
    SourceState sender(long frame) {
      for (SourceState m : members) {
        for (int r = 0; r < m.contacts.size(); r++) {
          if (m.contacts.firstFrame(r) == frame) {
            return m;
          }
        }
      }
      return null;
    }

    /** The combined state under the address of {@code member}. */
    SourceState namedBy(SourceState member) {
      SourceState named = new SourceState(member.hi, member.lo);
      named.merge(state);
      return named;
    }
  }

  private final DetectionSettings settings;
  private final Map<Group, List<SourceState>> groups = new HashMap<>();
  /** Per group, its addresses that were served (a client's): a pool of clients, when they outnumber the rest. */
  private final Map<Group, Integer> served = new HashMap<>();

  RotatingSources(DetectionSettings settings) {
    this.settings = settings;
  }

  /**
   * Every source, once judged alone: {@code keptApart} when it was found to be a scanner, or had
   * contacts excused.
   */
  void offer(SourceState src, boolean keptApart) {
    if (keptApart || src.station < 0 || src.ttlLow() != src.ttlHigh() || !initialTtl(src.ttlHigh())) {
      return;
    }
    boolean ipv4 = Addresses.isIpv4(src.hi, src.lo);
    Group group = new Group(ipv4, Addresses.block(src.hi, src.lo), src.station, src.ttlHigh());
    if (servedAny(src.contacts)) {
      served.merge(group, 1, Integer::sum);
    } else if (src.contacts.size() <= settings.rotatingMaxContacts() && probedOverIp(src.contacts)) {
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(src);
    }
  }

  /** The groups to judge as one source each, in the order of their first contacts. */
  List<Combined> combined() {
    List<Combined> out = new ArrayList<>();
    groups.forEach((group, members) -> {
      if (members.size() < settings.rotatingMinSources() || members.size() < served.getOrDefault(group, 0)) {
        return;
      }
      members.sort(EARLIEST);
      SourceState first = members.get(0);
      SourceState all = new SourceState(first.hi, first.lo);
      long oneByOne = 0;
      for (SourceState s : members) {
        all.merge(s);
        oneByOne += s.contacts.size();
      }
      if (all.contacts.size() < settings.rotatingMinDistinctShare() * oneByOne) {
        return; // clients of the same servers
      }
      SourceState lowest = members.stream().min(SourceState.BY_ADDRESS).orElseThrow();
      SourceState highest = members.stream().max(SourceState.BY_ADDRESS).orElseThrow();
      out.add(new Combined(all, List.copyOf(members), String.format(Locale.ROOT,
          "sent from %d addresses of one station (%s to %s, TTL %d), each with at most %s, none a scanner "
              + "alone: a scanner rotating its source address", members.size(), IpText.format(lowest.hi, lowest.lo),
          IpText.format(highest.hi, highest.lo), group.ttl(),
          Words.counted(settings.rotatingMaxContacts(), "contact"))));
    });
    out.sort(Comparator.comparing(Combined::state, EARLIEST));
    return out;
  }

  private static boolean initialTtl(int ttl) {
    for (int initial : INITIAL_TTLS) {
      if (ttl == initial) {
        return true;
      }
    }
    return false;
  }

  /** A contact over TCP or UDP served the source ({@link Excuses#served}): a client's. */
  private static boolean servedAny(ContactTable c) {
    for (int r = 0; r < c.size(); r++) {
      if (Excuses.overTcpOrUdp(c, r) && Excuses.served(c, r)) {
        return true;
      }
    }
    return false;
  }

  /** A contact over IP (not only questions resolving neighbours, which any address asks). */
  private static boolean probedOverIp(ContactTable c) {
    for (int r = 0; r < c.size(); r++) {
      if (!PortList.isResolution(c.protocol(r))) {
        return true;
      }
    }
    return false;
  }

  /** When the source's first contact began. */
  private static long firstContact(SourceState s) {
    long first = Long.MAX_VALUE;
    for (int r = 0; r < s.contacts.size(); r++) {
      first = Math.min(first, s.contacts.firstTs(r));
    }
    return first;
  }
}

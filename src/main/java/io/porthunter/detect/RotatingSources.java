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
 * as (one address family; IPv6: one /64) that were not judged scanners alone, each with at most
 * {@code rotatingMaxContacts} contacts, are judged together as one source once there are {@code
 * rotatingMinSources} of them, when every source of that station opened its conversations with one
 * TTL: one stack at one distance. The sources a router forwards come from hosts at many distances,
 * whose stacks start from different TTLs. Judged together, they still need what any source needs to be
 * a scanner (failures, the sequential test, a sweep), so many clients of one station stay clean.
 */
final class RotatingSources {
  private static final Comparator<SourceState> EARLIEST = Comparator.comparingLong((SourceState s) -> s.firstTs)
      .thenComparing(s -> s.hi, Long::compareUnsigned)
      .thenComparing(s -> s.lo, Long::compareUnsigned);
  private static final Comparator<SourceState> BY_ADDRESS = Comparator.comparing((SourceState s) -> s.hi,
      Long::compareUnsigned).thenComparing(s -> s.lo, Long::compareUnsigned);

  /** One station's sources of one family, of one /64 for IPv6 (prefix 0 for IPv4). */
  private record Group(boolean ipv4, long prefix, long station) {}

  /** A group's candidates and the TTL range of all its sources. */
  private static final class Members {
    final List<SourceState> thin = new ArrayList<>();
    int ttlLow = Integer.MAX_VALUE;
    int ttlHigh = -1;
  }

  /** Sources judged together: their combined state, and why. */
  record Combined(SourceState state, String reason) {}

  private final DetectionSettings settings;
  private final Map<Group, Members> groups = new HashMap<>();

  RotatingSources(DetectionSettings settings) {
    this.settings = settings;
  }

  /** Every source, once judged alone: {@code scanner} when it was found to be one. */
  void offer(SourceState src, boolean scanner) {
    if (src.station < 0 || !Addresses.isUnicast(src.hi, src.lo) || Addresses.isLinkLocal(src.hi, src.lo)) {
      return;
    }
    boolean ipv4 = Addresses.isIpv4(src.hi, src.lo);
    Members m = groups.computeIfAbsent(new Group(ipv4, ipv4 ? 0 : src.hi, src.station), g -> new Members());
    m.ttlLow = Math.min(m.ttlLow, src.ttlLow());
    m.ttlHigh = Math.max(m.ttlHigh, src.ttlHigh());
    int contacts = src.contacts.size();
    if (!scanner && contacts > 0 && contacts <= settings.rotatingMaxContacts()) {
      m.thin.add(src);
    }
  }

  /** The groups to judge as one source each, in the order of their first packets. */
  List<Combined> combined() {
    List<Combined> out = new ArrayList<>();
    for (Members m : groups.values()) {
      if (m.thin.size() < settings.rotatingMinSources() || m.ttlLow != m.ttlHigh) {
        continue;
      }
      m.thin.sort(EARLIEST); // the address that sent first names the scan, as its first probe's
      SourceState first = m.thin.get(0);
      SourceState all = new SourceState(first.hi, first.lo);
      for (SourceState s : m.thin) {
        all.merge(s);
      }
      SourceState lowest = m.thin.stream().min(BY_ADDRESS).orElseThrow();
      SourceState highest = m.thin.stream().max(BY_ADDRESS).orElseThrow();
      out.add(new Combined(all, String.format(Locale.ROOT,
          "sent from %d addresses of one station (%s to %s, TTL %d), each with at most %s, none a scanner "
              + "alone: a scanner rotating its source address", m.thin.size(), IpText.format(lowest.hi, lowest.lo),
          IpText.format(highest.hi, highest.lo), m.ttlLow,
          Words.counted(settings.rotatingMaxContacts(), "contact"))));
    }
    out.sort(Comparator.comparing(Combined::state, EARLIEST));
    return out;
  }
}

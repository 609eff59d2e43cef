package io.porthunter.detect;
import static io.porthunter.capture.IpProtocol.hasPorts;

import io.porthunter.capture.IpText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The focus rule ({@link DetectionSettings#focusMinFailedTargets}): a source that failed on enough
 * ports of one host, or on enough hosts on one (protocol, port), is scanning there, whatever the rest
 * of its traffic (a workstation that scans while it keeps browsing).
 */
final class FocusRule {
  private final DetectionSettings settings;

  FocusRule(DetectionSettings settings) {
    this.settings = settings;
  }

  /**
   * The host on which this source failed on the most ports, or the (protocol, port)
   * on which it failed on the most hosts, when that is a scan by itself (see {@link
   * DetectionSettings#focusMinFailedTargets}); null when neither is. Targets the source keeps using
   * count as the successes they are; a traceroute's silent hops and a client's fallbacks are no
   * failures (see {@link Excuses#silences}); dead targets a monitor keeps retrying beside live ones
   * on the same port do not count (see {@link #retriedLikeTheRest}).
   */
  String focus(Contacts k) {
    ContactTable c = k.table;
    AddressMap<int[]> byHost = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    List<long[]> hosts = new ArrayList<>();
    for (int r : k.rows) {
      int[] h = byHost.get(c.dstHi(r), c.dstLo(r));
      if (h == null) {
        h = new int[2];
        byHost.add(c.dstHi(r), c.dstLo(r), h);
        hosts.add(new long[] {c.dstHi(r), c.dstLo(r)});
      }
      Contacts.count(h, k.failed[r]);
    }
    String found = null;
    int most = 0;
    for (long[] host : hosts) {
      int[] h = byHost.get(host[0], host[1]);
      if (isFocused(h) && h[0] > most) {
        most = h[0];
        found = h[0] + " of " + h[1] + " ports on " + IpText.format(host[0], host[1]) + " failed";
      }
    }
    Map<Integer, int[]> kept = k.tally(r -> keptUsing(c, r) ? c.protoPort(r) : -1);
    Map<Integer, int[]> byService = k.tally(r -> k.failed[r] && retriedLikeTheRest(c, r, kept) ? -1 : c.protoPort(r));
    for (Map.Entry<Integer, int[]> e : byService.entrySet()) {
      int[] s = e.getValue();
      if (isFocused(s) && s[0] > most) {
        most = s[0];
        found = s[0] + " of " + s[1] + " hosts on " + service(e.getKey()) + " failed";
      }
    }
    return found == null ? null : "focus rule: " + found;
  }

  /**
   * A target retried round after round on a port where the source keeps using other hosts: a monitor
   * or a phone system checking its devices while some are down. A sweep run two or three times over,
   * or a connect() sweep whose kernel retries each silent host for two minutes, is not retried.
   */
  private boolean retriedLikeTheRest(ContactTable c, int r, Map<Integer, int[]> kept) {
    return retried(c, r) && kept.containsKey(c.protoPort(r));
  }

  /**
   * Tried round after round: in {@code retriedMinRounds} separate conversations, or in one going on
   * for {@code retriedSpanNanos} (datagrams re-sent to a silent host more often than the idle timeout
   * stay one conversation).
   */
  private boolean retried(ContactTable c, int r) {
    return c.attempts(r) >= settings.retriedMinRounds()
        || (c.attempts(r) == 1 && c.lastTs(r) - c.firstTs(r) >= settings.retriedSpanNanos());
  }

  /** A target the source keeps using: answered round after round, in separate conversations or one long one. */
  private boolean keptUsing(ContactTable c, int r) {
    return (c.outcome(r).success() || c.outcome(r) == Outcome.EMPTY_CONNECT) && retried(c, r);
  }

  private boolean isFocused(int[] failedOfAll) {
    return failedOfAll[0] >= settings.focusMinFailedTargets()
        && failedOfAll[0] >= settings.focusMinFailureShare() * failedOfAll[1];
  }

  /** "tcp/445", or the ICMP protocol alone (its queries have no port). */
  private static String service(int protoPort) {
    int protocol = protoPort >>> 16;
    String name = PortList.protoName(protocol);
    return hasPorts(protocol) ? name + "/" + (protoPort & 0xFFFF) : name;
  }
}

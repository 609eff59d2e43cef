package io.porthunter.detect;
import static io.porthunter.detect.PortList.hasPorts;

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
   * What the rule found: the reason to give, and whether the failures were neighbour questions (ARP,
   * ND) to many hosts, a sweep of the segment too slow or too small for {@link SweepRules}.
   */
  record Focus(String reason, boolean onNeighbours) {}

  /**
   * The host on which this source failed on the most ports, or the (protocol, port) on which it
   * failed on the most hosts, when that is a scan by itself (see {@link
   * DetectionSettings#focusMinFailedTargets}); null when neither is. Targets the source keeps using
   * count as the successes they are; what {@link Excuses} excused (a traceroute's silent hops, a
   * client's fallbacks, dead targets a monitor keeps checking) is no failure.
   */
  Focus focus(Contacts k) {
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
    boolean onNeighbours = false;
    int most = 0;
    for (long[] host : hosts) {
      int[] h = byHost.get(host[0], host[1]);
      if (isFocused(h) && h[0] > most) {
        most = h[0];
        found = h[0] + " of " + h[1] + " ports on " + IpText.format(host[0], host[1]) + " failed";
      }
    }
    for (Map.Entry<Integer, int[]> e : k.tally(c::protoPort).entrySet()) {
      int[] s = e.getValue();
      if (isFocused(s) && s[0] > most) {
        most = s[0];
        found = s[0] + " of " + s[1] + " hosts on " + service(e.getKey()) + " failed";
        onNeighbours = PortList.isResolution(e.getKey() >>> 16);
      }
    }
    return found == null ? null : new Focus("focus rule: " + found, onNeighbours);
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

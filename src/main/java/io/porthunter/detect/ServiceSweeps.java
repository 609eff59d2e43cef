package io.porthunter.detect;

import java.util.HashMap;
import java.util.Map;

/**
 * When and where a source failed on each (protocol, port): the time span and the address range of
 * its failed contacts there, per address family. A conversation on that service inside both belongs
 * to the sweep (a server it found); one outside them is the source's own use of the service (a busy
 * host browsing the web while it sweeps its LAN's port 443).
 */
final class ServiceSweeps {
  private static final int FIRST = 0;
  private static final int LAST = 1;
  private static final int LOW_HI = 2;
  private static final int LOW_LO = 3;
  private static final int HIGH_HI = 4;
  private static final int HIGH_LO = 5;

  private final Map<Integer, long[]> spans = new HashMap<>();
  private final long marginNanos;

  /** The spans of the source's failed contacts; times widened by {@code marginNanos} either side. */
  ServiceSweeps(Contacts k, long marginNanos) {
    this.marginNanos = marginNanos;
    ContactTable c = k.table;
    for (int r : k.rows) {
      if (k.failed[r]) {
        long hi = c.dstHi(r);
        long lo = c.dstLo(r);
        long[] s = spans.computeIfAbsent(key(c, r), x -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, hi, lo, hi, lo});
        s[FIRST] = Math.min(s[FIRST], c.firstTs(r));
        s[LAST] = Math.max(s[LAST], c.lastTs(r));
        if (compare(hi, lo, s[LOW_HI], s[LOW_LO]) < 0) {
          s[LOW_HI] = hi;
          s[LOW_LO] = lo;
        }
        if (compare(hi, lo, s[HIGH_HI], s[HIGH_LO]) > 0) {
          s[HIGH_HI] = hi;
          s[HIGH_LO] = lo;
        }
      }
    }
  }

  /** Whether the row's first contact fell within the time and the address range of failures on its service. */
  boolean covers(ContactTable c, int r) {
    long[] s = spans.get(key(c, r));
    long ts = c.firstTs(r);
    return s != null && ts >= s[FIRST] - marginNanos && ts <= s[LAST] + marginNanos
        && compare(c.dstHi(r), c.dstLo(r), s[LOW_HI], s[LOW_LO]) >= 0
        && compare(c.dstHi(r), c.dstLo(r), s[HIGH_HI], s[HIGH_LO]) <= 0;
  }

  private static int key(ContactTable c, int r) {
    return c.protoPort(r) << 1 | (Addresses.isIpv4(c.dstHi(r), c.dstLo(r)) ? 1 : 0);
  }

  private static int compare(long hi, long lo, long otherHi, long otherLo) {
    return hi != otherHi ? Long.compareUnsigned(hi, otherHi) : Long.compareUnsigned(lo, otherLo);
  }
}

package io.porthunter.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DHCP requests a tracker saw lately (a client's DISCOVER or REQUEST, or one a relay agent passed
 * on), by transaction id, so that a server's reply counts as an offer only when it answers one. A
 * server's offer excuses its check of the address (see {@code Excuses}); replies that no client asked
 * for, forged to follow each ping of a sweep, would otherwise excuse the sweep.
 */
final class DhcpRequests {
  /**
   * Requests kept, the latest: an offer follows its request within {@link #ANSWER_WITHIN_NANOS}, and
   * no network's clients ask this often in that time; a flood of requests only pushes out its own.
   */
  static final int MAX_KEPT = 16_384;
  /**
   * How long after its request an offer may come: a server checks the address first (ISC dhcpd waits
   * a second for an echo reply), and a client sends its DISCOVER again with the same id, for up to
   * about a minute, until one answers.
   */
  static final long ANSWER_WITHIN_NANOS = 60_000_000_000L;

  /** The latest time each transaction id was asked, eldest first. */
  private final Map<Integer, Long> latest = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
      return size() > MAX_KEPT;
    }
  };

  void asked(int transactionId, long tsNanos) {
    latest.remove(transactionId); // asked again: the youngest now
    latest.put(transactionId, tsNanos);
  }

  /** Whether a reply of this transaction id at {@code tsNanos} answers a request seen before it. */
  boolean answers(int transactionId, long tsNanos) {
    Long asked = latest.get(transactionId);
    return asked != null && tsNanos >= asked && tsNanos - asked <= ANSWER_WITHIN_NANOS;
  }
}

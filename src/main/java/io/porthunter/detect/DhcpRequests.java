package io.porthunter.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The DHCP requests a tracker saw lately (a client's DISCOVER or REQUEST, or one a relay agent passed
 * on), by transaction id, so that a server's reply counts as an offer only when it answers one, and
 * each request lets one reply count (a client asks again, with the same id, when it wants another). A
 * server's offer excuses its check of the address (see {@code Excuses}); replies that no client asked
 * for, forged to follow each ping of a sweep, would otherwise excuse the sweep, and one forged request
 * would let any number of them through. A forger must now send a request per ping it hides.
 */
final class DhcpRequests {
  /**
   * Requests kept, the latest: an offer follows its request within {@link #ANSWER_WITHIN_NANOS}, and
   * no network's clients ask this often in that time. A flood of forged requests pushes out real ones
   * too; their servers' address checks are then judged as pings, and {@link #givenUp} says so.
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
      if (size() <= MAX_KEPT) {
        return false;
      }
      if (askedNow - eldest.getValue() <= ANSWER_WITHIN_NANOS) {
        givenUp++; // an offer could still have answered it
      }
      return true;
    }
  };
  /** When the request being noted was asked. */
  private long askedNow;
  private long givenUp;

  void asked(int transactionId, long tsNanos) {
    askedNow = tsNanos;
    latest.remove(transactionId); // asked again: the youngest now
    latest.put(transactionId, tsNanos);
  }

  /** Requests pushed out by younger ones while an offer could still have answered them. */
  long givenUp() {
    return givenUp;
  }

  /**
   * Whether a reply of this transaction id at {@code tsNanos} answers a request seen before it; if so
   * the request is answered, and a second reply needs a second request.
   */
  boolean answer(int transactionId, long tsNanos) {
    Long asked = latest.get(transactionId);
    if (asked == null || tsNanos < asked || tsNanos - asked > ANSWER_WITHIN_NANOS) {
      return false;
    }
    latest.remove(transactionId);
    return true;
  }
}

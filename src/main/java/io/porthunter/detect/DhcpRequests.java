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
   * too; their servers' address checks are then judged as pings, and the budget counts them.
   */
  static final int MAX_KEPT = 16_384;
  /**
   * How long after its request an offer may come: a server checks the address first (ISC dhcpd waits
   * a second for an echo reply), and a client sends its DISCOVER again with the same id, for up to
   * about a minute, until one answers.
   */
  static final long ANSWER_WITHIN_NANOS = 60_000_000_000L;

  /** What a server's reply answers. */
  enum Answer {
    /** No request kept: forged, or its request is not in the capture. */
    NONE,
    /** A client's request for an address: the server may have checked that the address is free. */
    FREE_ADDRESS,
    /** The address its client holds already, assigned again (a renewal): no check comes before it. */
    HELD_ADDRESS
  }

  /** A request: when, and the address its client holds (ciaddr, IPv4-mapped), 0 for none. */
  private record Asked(long tsNanos, long clientAddressLo) {}

  private final StateBudget budget;
  /** The latest time each transaction id was asked, eldest first. */
  private final Map<Integer, Asked> latest = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Asked> eldest) {
      if (size() <= MAX_KEPT) {
        return false;
      }
      Asked asked = eldest.getValue();
      if (latestAsked - asked.tsNanos() <= ANSWER_WITHIN_NANOS && asked.clientAddressLo() == 0) {
        budget.dhcpExchangesNotKept++; // an offer could still have answered it (not a renewal)
      }
      return true;
    }
  };
  /** The latest time a request was asked (records may be out of time order). */
  private long latestAsked = Long.MIN_VALUE;

  /** Counts the requests it gives up in {@code budget} ({@link StateBudget#dhcpExchangesNotKept}). */
  DhcpRequests(StateBudget budget) {
    this.budget = budget;
  }

  void asked(int transactionId, long tsNanos, long clientAddressLo) {
    latestAsked = Math.max(latestAsked, tsNanos);
    latest.remove(transactionId); // asked again: the youngest now
    latest.put(transactionId, new Asked(tsNanos, clientAddressLo));
  }

  /**
   * What a reply of this transaction id at {@code tsNanos}, assigning {@code yourAddressLo} (an address:
   * the tracker passes on no reply that assigns none), answers: a request seen before it, or none; if
   * one, the request is answered, and a second reply needs a second request. A renewal is a reply
   * assigning the address its request's client holds (a client that sets ciaddr when asking for a new
   * one, against RFC 2131, still asks for a free address).
   */
  Answer answer(int transactionId, long tsNanos, long yourAddressLo) {
    Asked asked = latest.get(transactionId);
    if (asked == null || tsNanos < asked.tsNanos() || tsNanos - asked.tsNanos() > ANSWER_WITHIN_NANOS) {
      return Answer.NONE;
    }
    latest.remove(transactionId);
    return asked.clientAddressLo() == yourAddressLo ? Answer.HELD_ADDRESS : Answer.FREE_ADDRESS;
  }
}

package io.porthunter.detect;

import static io.porthunter.detect.DhcpRequests.Answer.FREE_ADDRESS;
import static io.porthunter.detect.DhcpRequests.Answer.HELD_ADDRESS;
import static io.porthunter.detect.DhcpRequests.Answer.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.Packet;
import org.junit.jupiter.api.Test;

/** Which DHCP replies answer a request the capture showed. */
class DhcpRequestsTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long LEASE = Packet.IPV4_MAPPED_MARK | 0x0a790014L;
  private final StateBudget budget = new StateBudget();
  private final DhcpRequests requests = new DhcpRequests(budget);

  @Test
  void aReplyAnswersARequestOfItsTransactionIdUpToAMinuteAfterIt() {
    requests.asked(0x074a0c7c, 10 * SECOND, 0);
    assertThat(requests.answer(0x6e2fba55, 13 * SECOND, LEASE)).as("another transaction").isEqualTo(NONE);
    assertThat(requests.answer(0x074a0c7c, 10 * SECOND - 1, LEASE)).as("before it was asked").isEqualTo(NONE);
    long late = 10 * SECOND + DhcpRequests.ANSWER_WITHIN_NANOS;
    assertThat(requests.answer(0x074a0c7c, late + 1, LEASE)).isEqualTo(NONE);
    assertThat(requests.answer(0x074a0c7c, late, LEASE)).isEqualTo(FREE_ADDRESS);
  }

  @Test
  void aReplyAssigningTheAddressItsClientHoldsIsARenewal() {
    requests.asked(7, 0, LEASE); // ciaddr set
    assertThat(requests.answer(7, SECOND, LEASE)).isEqualTo(HELD_ADDRESS);
    assertThat(requests.answer(7, 2 * SECOND, LEASE)).as("answered").isEqualTo(NONE);
    requests.asked(8, 0, LEASE); // a client naming its old address while it asks for a new one
    assertThat(requests.answer(8, SECOND, LEASE + 1)).isEqualTo(FREE_ADDRESS);
  }

  @Test
  void renewalsAFloodPushesOutAreNotCountedTheirRepliesExcuseNothing() {
    requests.asked(-1, 0, LEASE);
    requests.asked(-2, 0, 0);
    for (int id = 1; id < DhcpRequests.MAX_KEPT; id++) { // the last pushes out the renewal
      requests.asked(id, 1, 0);
    }
    assertThat(budget.dhcpExchangesNotKept).as("the renewal went uncounted").isZero();
    requests.asked(DhcpRequests.MAX_KEPT, 2, 0);
    assertThat(budget.dhcpExchangesNotKept).isEqualTo(1);
  }

  @Test
  void eachRequestLetsOneReplyCount() {
    requests.asked(7, 0, 0);
    assertThat(requests.answer(7, SECOND, LEASE)).isEqualTo(FREE_ADDRESS);
    assertThat(requests.answer(7, 2 * SECOND, LEASE)).as("a second reply to the same request").isEqualTo(NONE);
    requests.asked(7, 3 * SECOND, 0); // the client asks again (DHCPREQUEST after the offer: same id)
    assertThat(requests.answer(7, 4 * SECOND, LEASE)).isEqualTo(FREE_ADDRESS);
  }

  @Test
  void aRequestSentAgainCountsFromItsLatestTry() {
    requests.asked(7, 0, 0);
    requests.asked(7, 50 * SECOND, 0); // the client's DISCOVER again, no one having answered
    assertThat(requests.answer(7, 100 * SECOND, LEASE)).isEqualTo(FREE_ADDRESS);
  }

  @Test
  void aFloodOfRequestsPushesOutTheEldestOnly() {
    requests.asked(-1, 0, 0);
    requests.asked(0, 0, 0);
    requests.asked(-1, 1, 0); // asked again: now younger than 0
    for (int id = 1; id < DhcpRequests.MAX_KEPT - 1; id++) {
      requests.asked(id, 2, 0);
    }
    requests.asked(DhcpRequests.MAX_KEPT, 2, 0);
    assertThat(requests.answer(0, 3, LEASE)).as("the eldest went").isEqualTo(NONE);
    assertThat(requests.answer(-1, 3, LEASE)).isEqualTo(FREE_ADDRESS);
    assertThat(requests.answer(1, 3, LEASE)).isEqualTo(FREE_ADDRESS);
    assertThat(requests.answer(DhcpRequests.MAX_KEPT, 3, LEASE)).isEqualTo(FREE_ADDRESS);
  }

  @Test
  void requestsPushedOutWhileAnOfferCouldStillAnswerThemAreCountedStaleOnesAreNot() {
    requests.asked(-1, 0, 0); // stale by the time it goes
    requests.asked(-2, DhcpRequests.ANSWER_WITHIN_NANOS + 1, 0); // fresh when it goes, at the minute's edge
    for (int id = 1; id < DhcpRequests.MAX_KEPT - 1; id++) {
      requests.asked(id, 2 * DhcpRequests.ANSWER_WITHIN_NANOS, 0);
    }
    assertThat(budget.dhcpExchangesNotKept).isZero();
    requests.asked(DhcpRequests.MAX_KEPT - 1, 2 * DhcpRequests.ANSWER_WITHIN_NANOS + 1, 0);
    requests.asked(DhcpRequests.MAX_KEPT, 2 * DhcpRequests.ANSWER_WITHIN_NANOS + 1, 0);
    assertThat(budget.dhcpExchangesNotKept).as("-1 went stale, -2 fresh").isEqualTo(1);
    assertThat(requests.answer(-2, 2 * DhcpRequests.ANSWER_WITHIN_NANOS + 2, LEASE)).isEqualTo(NONE);
  }

  @Test
  void requestsAreJudgedStaleAgainstTheLatestTimeAskedWhateverTheRecordsOrder() {
    // a capture merged out of time order: after a request an hour on, the ones stamped at 0 that it
    // and later records stamped at 0 push out are an hour old, past any answer
    for (int id = 1; id <= DhcpRequests.MAX_KEPT; id++) {
      requests.asked(id, 0, 0);
    }
    requests.asked(DhcpRequests.MAX_KEPT + 1, 3600 * SECOND, 0);
    for (int id = 1; id <= 100; id++) {
      requests.asked(-id, 0, 0);
    }
    assertThat(budget.dhcpExchangesNotKept).isZero();
  }
}

package io.porthunter.detect;

import static io.porthunter.detect.DhcpRequests.Answer.FREE_ADDRESS;
import static io.porthunter.detect.DhcpRequests.Answer.HELD_ADDRESS;
import static io.porthunter.detect.DhcpRequests.Answer.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which DHCP replies answer a request the capture showed. */
class DhcpRequestsTest {
  private static final long SECOND = 1_000_000_000L;
  private final StateBudget budget = new StateBudget();
  private final DhcpRequests requests = new DhcpRequests(budget);

  @Test
  void aReplyAnswersARequestOfItsTransactionIdUpToAMinuteAfterIt() {
    requests.asked(0x074a0c7c, 10 * SECOND, false);
    assertThat(requests.answer(0x6e2fba55, 13 * SECOND)).as("another transaction").isEqualTo(NONE);
    assertThat(requests.answer(0x074a0c7c, 10 * SECOND - 1)).as("before it was asked").isEqualTo(NONE);
    assertThat(requests.answer(0x074a0c7c, 10 * SECOND + DhcpRequests.ANSWER_WITHIN_NANOS + 1)).isEqualTo(NONE);
    assertThat(requests.answer(0x074a0c7c, 10 * SECOND + DhcpRequests.ANSWER_WITHIN_NANOS)).isEqualTo(FREE_ADDRESS);
  }

  @Test
  void aReplyToAClientThatHoldsItsAddressSaysSo() {
    requests.asked(7, 0, true); // a renewal: ciaddr set
    assertThat(requests.answer(7, SECOND)).isEqualTo(HELD_ADDRESS);
    assertThat(requests.answer(7, 2 * SECOND)).as("answered").isEqualTo(NONE);
  }

  @Test
  void eachRequestLetsOneReplyCount() {
    requests.asked(7, 0, false);
    assertThat(requests.answer(7, SECOND)).isEqualTo(FREE_ADDRESS);
    assertThat(requests.answer(7, 2 * SECOND)).as("a second reply to the same request").isEqualTo(NONE);
    requests.asked(7, 3 * SECOND, false); // the client asks again (DHCPREQUEST after the offer: same id)
    assertThat(requests.answer(7, 4 * SECOND)).isEqualTo(FREE_ADDRESS);
  }

  @Test
  void aRequestSentAgainCountsFromItsLatestTry() {
    requests.asked(7, 0, false);
    requests.asked(7, 50 * SECOND, false); // the client's DISCOVER again, no one having answered
    assertThat(requests.answer(7, 100 * SECOND)).isEqualTo(FREE_ADDRESS);
  }

  @Test
  void aFloodOfRequestsPushesOutTheEldestOnly() {
    requests.asked(-1, 0, false);
    requests.asked(0, 0, false);
    requests.asked(-1, 1, false); // asked again: now younger than 0
    for (int id = 1; id < DhcpRequests.MAX_KEPT - 1; id++) {
      requests.asked(id, 2, false);
    }
    requests.asked(DhcpRequests.MAX_KEPT, 2, false);
    assertThat(requests.answer(0, 3)).as("the eldest went").isEqualTo(NONE);
    assertThat(requests.answer(-1, 3)).isEqualTo(FREE_ADDRESS);
    assertThat(requests.answer(1, 3)).isEqualTo(FREE_ADDRESS);
    assertThat(requests.answer(DhcpRequests.MAX_KEPT, 3)).isEqualTo(FREE_ADDRESS);
  }

  @Test
  void requestsPushedOutWhileAnOfferCouldStillAnswerThemAreCountedStaleOnesAreNot() {
    requests.asked(-1, 0, false); // stale by the time it goes
    requests.asked(-2, DhcpRequests.ANSWER_WITHIN_NANOS + 1, false); // fresh when it goes, at the minute's edge
    for (int id = 1; id < DhcpRequests.MAX_KEPT - 1; id++) {
      requests.asked(id, 2 * DhcpRequests.ANSWER_WITHIN_NANOS, false);
    }
    assertThat(budget.dhcpExchangesNotKept).isZero();
    requests.asked(DhcpRequests.MAX_KEPT - 1, 2 * DhcpRequests.ANSWER_WITHIN_NANOS + 1, false);
    requests.asked(DhcpRequests.MAX_KEPT, 2 * DhcpRequests.ANSWER_WITHIN_NANOS + 1, false);
    assertThat(budget.dhcpExchangesNotKept).as("-1 went stale, -2 fresh").isEqualTo(1);
    assertThat(requests.answer(-2, 2 * DhcpRequests.ANSWER_WITHIN_NANOS + 2)).isEqualTo(NONE);
  }

  @Test
  void requestsAreJudgedStaleAgainstTheLatestTimeAskedWhateverTheRecordsOrder() {
    // a capture merged out of time order: after a request an hour on, the ones stamped at 0 that it
    // and later records stamped at 0 push out are an hour old, past any answer
    for (int id = 1; id <= DhcpRequests.MAX_KEPT; id++) {
      requests.asked(id, 0, false);
    }
    requests.asked(DhcpRequests.MAX_KEPT + 1, 3600 * SECOND, false);
    for (int id = 1; id <= 100; id++) {
      requests.asked(-id, 0, false);
    }
    assertThat(budget.dhcpExchangesNotKept).isZero();
  }
}

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which DHCP replies answer a request the capture showed. */
class DhcpRequestsTest {
  private static final long SECOND = 1_000_000_000L;
  private final DhcpRequests requests = new DhcpRequests();

  @Test
  void aReplyAnswersARequestOfItsTransactionIdUpToAMinuteAfterIt() {
    requests.asked(0x074a0c7c, 10 * SECOND);
    assertThat(requests.answer(0x6e2fba55, 13 * SECOND)).as("another transaction").isFalse();
    assertThat(requests.answer(0x074a0c7c, 10 * SECOND - 1)).as("before it was asked").isFalse();
    assertThat(requests.answer(0x074a0c7c, 10 * SECOND + DhcpRequests.ANSWER_WITHIN_NANOS + 1)).isFalse();
    assertThat(requests.answer(0x074a0c7c, 10 * SECOND + DhcpRequests.ANSWER_WITHIN_NANOS)).isTrue();
  }

  @Test
  void eachRequestLetsOneReplyCount() {
    requests.asked(7, 0);
    assertThat(requests.answer(7, SECOND)).isTrue();
    assertThat(requests.answer(7, 2 * SECOND)).as("a second reply to the same request").isFalse();
    requests.asked(7, 3 * SECOND); // the client asks again (DHCPREQUEST after the offer: same id)
    assertThat(requests.answer(7, 4 * SECOND)).isTrue();
  }

  @Test
  void aRequestSentAgainCountsFromItsLatestTry() {
    requests.asked(7, 0);
    requests.asked(7, 50 * SECOND); // the client's DISCOVER again, no one having answered
    assertThat(requests.answer(7, 100 * SECOND)).isTrue();
  }

  @Test
  void aFloodOfRequestsPushesOutTheEldestOnly() {
    requests.asked(-1, 0);
    requests.asked(0, 0);
    requests.asked(-1, 1); // asked again: now younger than 0
    for (int id = 1; id < DhcpRequests.MAX_KEPT - 1; id++) {
      requests.asked(id, 2);
    }
    requests.asked(DhcpRequests.MAX_KEPT, 2);
    assertThat(requests.answer(0, 3)).as("the eldest went").isFalse();
    assertThat(requests.answer(-1, 3)).isTrue();
    assertThat(requests.answer(1, 3)).isTrue();
    assertThat(requests.answer(DhcpRequests.MAX_KEPT, 3)).isTrue();
  }

  @Test
  void requestsPushedOutWhileAnOfferCouldStillAnswerThemAreCountedStaleOnesAreNot() {
    requests.asked(-1, 0); // stale by the time it goes
    requests.asked(-2, DhcpRequests.ANSWER_WITHIN_NANOS + 1); // fresh when it goes, at the minute's edge
    for (int id = 1; id < DhcpRequests.MAX_KEPT - 1; id++) {
      requests.asked(id, 2 * DhcpRequests.ANSWER_WITHIN_NANOS);
    }
    assertThat(requests.givenUp()).isZero();
    requests.asked(DhcpRequests.MAX_KEPT - 1, 2 * DhcpRequests.ANSWER_WITHIN_NANOS + 1);
    requests.asked(DhcpRequests.MAX_KEPT, 2 * DhcpRequests.ANSWER_WITHIN_NANOS + 1);
    assertThat(requests.givenUp()).as("-1 went stale, -2 fresh").isEqualTo(1);
    assertThat(requests.answer(-2, 2 * DhcpRequests.ANSWER_WITHIN_NANOS + 2)).isFalse();
  }
}

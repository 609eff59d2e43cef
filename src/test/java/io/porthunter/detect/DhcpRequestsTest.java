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
    assertThat(requests.answers(0x074a0c7c, 13 * SECOND)).isTrue();
    assertThat(requests.answers(0x074a0c7c, 10 * SECOND + DhcpRequests.ANSWER_WITHIN_NANOS)).isTrue();
    assertThat(requests.answers(0x074a0c7c, 10 * SECOND + DhcpRequests.ANSWER_WITHIN_NANOS + 1)).isFalse();
    assertThat(requests.answers(0x074a0c7c, 10 * SECOND - 1)).as("before it was asked").isFalse();
    assertThat(requests.answers(0x6e2fba55, 13 * SECOND)).as("another transaction").isFalse();
  }

  @Test
  void aRequestSentAgainCountsFromItsLatestTry() {
    requests.asked(7, 0);
    requests.asked(7, 50 * SECOND); // the client's DISCOVER again, no one having answered
    assertThat(requests.answers(7, 100 * SECOND)).isTrue();
  }

  @Test
  void aFloodOfRequestsPushesOutTheEldestOnly() {
    requests.asked(-1, 0);
    requests.asked(0, 0);
    requests.asked(-1, 1); // asked again: now younger than 0
    for (int id = 1; id < DhcpRequests.MAX_KEPT - 1; id++) {
      requests.asked(id, 2);
    }
    assertThat(requests.answers(0, 3)).as("all kept so far").isTrue();
    requests.asked(DhcpRequests.MAX_KEPT, 2);
    assertThat(requests.answers(0, 3)).as("the eldest went").isFalse();
    assertThat(requests.answers(-1, 3)).isTrue();
    assertThat(requests.answers(DhcpRequests.MAX_KEPT, 3)).isTrue();
  }
}

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How long conversations are followed: a finished exchange lingers briefly for stragglers, an
 * unanswered one waits out the idle timeout (its answer may still come). What stays open is what the
 * flow bound counts, so a finished exchange must not stay. Here the bound holds one batch of
 * exchanges: a later batch fits only if nothing before it is still followed, else the bound concludes
 * conversations early (what the report's {@code state_capped} counts).
 */
class ConversationLifetimeTest {
  private static final String CLIENT = "10.0.0.77";
  private static final String OTHER_CLIENT = "10.0.0.78";
  private static final String RESOLVER = "10.0.0.53";
  private static final int EXCHANGES = 200;
  private static final DetectionSettings ONE_BATCH = DetectionSettings.DEFAULTS.withBounds(EXCHANGES + 1,
      DetectionSettings.DEFAULTS.maxSources(), DetectionSettings.DEFAULTS.maxContactsPerSource(),
      DetectionSettings.DEFAULTS.maxContacts());

  private final ConversationTracker tracker = new ConversationTracker(ONE_BATCH);
  private final Wire wire = new Wire(tracker);

  /**
   * Another client's batch of answered queries from second {@code seconds}; then the conversations
   * the flow bound concluded early: none when everything before the batch had left the table.
   */
  private long concludedEarlyByABatchAt(double seconds) {
    for (int i = 0; i < EXCHANGES; i++) {
      wire.at(seconds + i * 0.01).udp(OTHER_CLIENT, 40000 + i, RESOLVER, 53, 30);
      wire.udp(RESOLVER, 53, OTHER_CLIENT, 40000 + i, 90);
    }
    return tracker.finish().budget().flowsConcludedEarly;
  }

  @Test
  void answeredDatagramsAreConcludedAfterTheLingerNotTheIdleTimeout() {
    for (int i = 0; i < EXCHANGES; i++) {
      wire.at(i * 0.01).udp(CLIENT, 40000 + i, RESOLVER, 53, 30);
      wire.udp(RESOLVER, 53, CLIENT, 40000 + i, 90);
    }
    assertThat(concludedEarlyByABatchAt(20)).isZero();
  }

  @Test
  void answeredEchoRequestsAreConcludedAfterTheLinger() {
    for (int i = 0; i < EXCHANGES; i++) {
      String host = "10.1." + (i / 250) + "." + (i % 250 + 1);
      wire.at(i * 0.01).icmp(CLIENT, host, 8, 0); // echo request
      wire.icmp(host, CLIENT, 0, 0); // echo reply
    }
    assertThat(concludedEarlyByABatchAt(20)).isZero();
  }

  /** Datagrams to the resolver that nothing answers. */
  private void unansweredDatagrams() {
    for (int i = 0; i < EXCHANGES; i++) {
      wire.at(i * 0.01).udp(CLIENT, 40000 + i, RESOLVER, 53, 30);
    }
  }

  @Test
  void unansweredDatagramsAreStillFollowedAfterTheLinger() {
    unansweredDatagrams();
    assertThat(concludedEarlyByABatchAt(20)).isPositive();
  }

  @Test
  void unansweredDatagramsAreConcludedAfterTheIdleTimeout() {
    unansweredDatagrams();
    assertThat(concludedEarlyByABatchAt(DetectionSettings.DEFAULTS.flowIdleTimeoutNanos() / 1e9 + 10)).isZero();
  }

  @Test
  void closedConnectionsAreConcludedAfterTheLinger() {
    for (int i = 0; i < EXCHANGES; i++) {
      wire.at(i * 0.01).conversation(CLIENT, 40000 + i, RESOLVER, 443);
    }
    assertThat(concludedEarlyByABatchAt(20)).isZero();
  }

  @Test
  void aLongerDatagramConversationKeepsTheIdleTimeoutAcrossAPause() {
    for (int i = 0; i < 10; i++) { // a tunnel's keep-alives, both ways on fixed ports
      wire.at(i * 0.5).udp(CLIENT, 51820, RESOLVER, 51820, 32);
      wire.udp(RESOLVER, 51820, CLIENT, 51820, 32);
    }
    assertThat(concludedEarlyByABatchAt(20)).as("still followed after 15 s of silence").isPositive();
  }

  @Test
  void anExchangeStartedFromAServicePortKeepsTheIdleTimeout() {
    // a server speaking first (NAT-T keep-alive from 4500): not a client's one-shot query
    wire.at(0).udp(RESOLVER, 4500, CLIENT, 40000, 1);
    wire.udp(CLIENT, 40000, RESOLVER, 4500, 1);
    assertThat(concludedEarlyByABatchAt(20)).isPositive();
  }

  @Test
  void aQueryRetriedAndAnsweredIsStillOneShot() {
    for (int i = 0; i < Flow.ONE_SHOT_MAX_PACKETS; i++) {
      wire.at(i * 0.5).udp(CLIENT, 40000, RESOLVER, 53, 30);
    }
    wire.udp(RESOLVER, 53, CLIENT, 40000, 90);
    assertThat(concludedEarlyByABatchAt(20)).isZero();
  }
}

package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How long conversations are followed: a finished exchange lingers briefly for stragglers, an
 * unanswered one waits out the idle timeout (its answer may still come). What stays open is what the
 * flow bound counts and what every periodic sweep walks, so a finished exchange must not stay.
 */
class ConversationLifetimeTest {
  private static final String CLIENT = "10.0.0.77";
  private static final String RESOLVER = "10.0.0.53";
  private static final int EXCHANGES = 200;

  private final ConversationTracker tracker = new ConversationTracker(DetectionSettings.DEFAULTS);
  private final Wire wire = new Wire(tracker);

  /** A packet of an unrelated conversation, only to move the capture clock to {@code seconds}. */
  private void clockAt(double seconds) {
    wire.at(seconds).udp("192.0.2.1", 40000, "192.0.2.2", 9, 0);
  }

  @Test
  void answeredDatagramsAreConcludedAfterTheLingerNotTheIdleTimeout() {
    for (int i = 0; i < EXCHANGES; i++) {
      wire.at(i * 0.01).udp(CLIENT, 40000 + i, RESOLVER, 53, 30);
      wire.udp(RESOLVER, 53, CLIENT, 40000 + i, 90);
    }
    assertThat(tracker.openConversations()).isEqualTo(EXCHANGES);
    clockAt(20);
    clockAt(21);
    assertThat(tracker.openConversations()).isEqualTo(1);
  }

  @Test
  void answeredEchoRequestsAreConcludedAfterTheLinger() {
    for (int i = 0; i < EXCHANGES; i++) {
      String host = "10.1." + (i / 250) + "." + (i % 250 + 1);
      wire.at(i * 0.01).icmp(CLIENT, host, 8, 0); // echo request
      wire.icmp(host, CLIENT, 0, 0); // echo reply
    }
    clockAt(20);
    clockAt(21);
    assertThat(tracker.openConversations()).isEqualTo(1);
  }

  @Test
  void unansweredDatagramsWaitOutTheIdleTimeout() {
    for (int i = 0; i < EXCHANGES; i++) {
      wire.at(i * 0.01).udp(CLIENT, 40000 + i, RESOLVER, 53, 30);
    }
    clockAt(20);
    clockAt(21);
    assertThat(tracker.openConversations()).isEqualTo(EXCHANGES + 1);
    double afterIdle = DetectionSettings.DEFAULTS.flowIdleTimeoutNanos() / 1e9 + 10;
    clockAt(afterIdle);
    clockAt(afterIdle + 1);
    assertThat(tracker.openConversations()).isEqualTo(1);
  }

  @Test
  void closedConnectionsAreConcludedAfterTheLinger() {
    for (int i = 0; i < EXCHANGES; i++) {
      wire.at(i * 0.01).conversation(CLIENT, 40000 + i, RESOLVER, 443);
    }
    clockAt(20);
    clockAt(21);
    assertThat(tracker.openConversations()).isEqualTo(1);
  }

  @Test
  void aLongerDatagramConversationKeepsTheIdleTimeoutAcrossAPause() {
    for (int i = 0; i < 10; i++) { // a tunnel's keep-alives, both ways on fixed ports
      wire.at(i * 0.5).udp(CLIENT, 51820, RESOLVER, 51820, 32);
      wire.udp(RESOLVER, 51820, CLIENT, 51820, 32);
    }
    clockAt(20);
    clockAt(21);
    assertThat(tracker.openConversations()).as("still followed after 15 s of silence").isEqualTo(2);
  }

  @Test
  void anExchangeStartedFromAServicePortKeepsTheIdleTimeout() {
    // a server speaking first (NAT-T keep-alive from 4500): not a client's one-shot query
    wire.at(0).udp(RESOLVER, 4500, CLIENT, 40000, 1);
    wire.udp(CLIENT, 40000, RESOLVER, 4500, 1);
    clockAt(20);
    clockAt(21);
    assertThat(tracker.openConversations()).isEqualTo(2);
  }

  @Test
  void aQueryRetriedAndAnsweredIsStillOneShot() {
    for (int i = 0; i < Flow.ONE_SHOT_MAX_PACKETS; i++) {
      wire.at(i * 0.5).udp(CLIENT, 40000, RESOLVER, 53, 30);
    }
    wire.udp(RESOLVER, 53, CLIENT, 40000, 90);
    clockAt(20);
    clockAt(21);
    assertThat(tracker.openConversations()).isEqualTo(1);
  }
}

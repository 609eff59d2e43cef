package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contact table's questions answer for its rows as they are when asked. */
class ContactTableTest {
  private static final int TCP = 6;

  private static void contact(ContactTable c, long host, int port, Outcome outcome, PortState state) {
    c.record(0, host, TCP, port, Technique.SYN, outcome, state, 1, 1, 1, TcpFlags.SYN, 1, 0);
  }

  @Test
  void connectedToFollowsTheRowsAddedAndChangedAfterItWasFirstAsked() {
    ContactTable c = new ContactTable();
    contact(c, 7, 22, Outcome.REFUSED, PortState.CLOSED);
    assertThat(c.connectedTo(0, 7)).isFalse();

    contact(c, 7, 80, Outcome.EMPTY_CONNECT, PortState.OPEN); // a new row for the same host
    assertThat(c.connectedTo(0, 7)).isTrue();
    assertThat(c.connectedTo(0, 8)).isFalse();

    contact(c, 8, 22, Outcome.UNANSWERED, PortState.FILTERED);
    contact(c, 8, 22, Outcome.CONVERSATION, PortState.OPEN); // the same row, now a success
    assertThat(c.connectedTo(0, 8)).isTrue();

    c.distrust(c.row(0, 8, TCP, 22));
    assertThat(c.connectedTo(0, 8)).isFalse();
  }
}

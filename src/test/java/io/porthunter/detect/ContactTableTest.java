package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The contact table's questions answer for its rows as they are when asked. */
class ContactTableTest {
  private static final int TCP = 6;

  private static void contact(ContactTable c, long host, int port, Outcome outcome, PortState state) {
    tried(c, host, port, outcome, state, 1, 64);
  }

  private static void tried(ContactTable c, long host, int port, Outcome outcome, PortState state, long ts, int ttl) {
    c.record(0, host, TCP, port, Technique.SYN, outcome, state, ts, ts, ts, TcpFlags.SYN, ttl, 1, 0);
  }

  @Test
  void aRowKeepsTheOpeningTtlOfItsEarliestConversation() {
    ContactTable c = new ContactTable();
    tried(c, 7, 22, Outcome.UNANSWERED, PortState.FILTERED, 20, 3);
    tried(c, 7, 22, Outcome.TRACED, PortState.FILTERED, 10, 2); // earlier, though recorded later
    tried(c, 7, 22, Outcome.REFUSED, PortState.CLOSED, 30, 64);
    tried(c, 7, 23, Outcome.UNANSWERED, PortState.FILTERED, 10, Integer.MAX_VALUE); // no TTL captured
    assertThat(c.openingTtl(c.row(0, 7, TCP, 22))).isEqualTo(2);
    assertThat(c.openingTtl(c.row(0, 7, TCP, 23))).isEqualTo(ContactTable.UNKNOWN_TTL);

    ContactTable merged = new ContactTable(); // another worker's share of the source, folded in
    tried(merged, 7, 22, Outcome.UNANSWERED, PortState.FILTERED, 5, 1);
    merged.mergeFrom(c);
    assertThat(merged.openingTtl(merged.row(0, 7, TCP, 22))).isEqualTo(1);
    assertThat(merged.openingTtl(merged.row(0, 7, TCP, 23))).isEqualTo(ContactTable.UNKNOWN_TTL);
  }

  private static void marked(ContactTable c, int port, long ts, int mark) {
    c.record(0, 7, 17, port, Technique.UDP, Outcome.UNANSWERED, PortState.FILTERED, ts, ts, ts, 0, 64, 1, mark);
  }

  @Test
  void aRowIsAReverseLookupOnlyWhileEveryConversationWasOneWhateverTheOrderOrTheWorker() {
    int lookup = ContactTable.REVERSE_LOOKUP | ContactTable.SENT_DATA;
    ContactTable c = new ContactTable();
    marked(c, 53, 1, lookup);
    marked(c, 53, 2, lookup);
    marked(c, 54, 1, lookup);
    marked(c, 54, 3, ContactTable.SENT_DATA); // a scan's probe of the resolver's port
    assertThat(c.marks(c.row(0, 7, 17, 53))).isEqualTo(lookup);
    assertThat(c.marks(c.row(0, 7, 17, 54))).isEqualTo(ContactTable.SENT_DATA);

    ContactTable merged = new ContactTable(); // another worker saw only the probe, first
    marked(merged, 53, 0, 0);
    merged.mergeFrom(c);
    assertThat(merged.marks(merged.row(0, 7, 17, 53)) & ContactTable.REVERSE_LOOKUP).isZero();
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

  @Test
  void rowsOfOnePacketAreInTheSameOrderWhateverOrderTheyCameIn() {
    // a multicast echo request's answers: one first frame and time for every host
    ContactTable ascending = new ContactTable();
    ContactTable descending = new ContactTable();
    for (int host = 1; host <= 5; host++) {
      tried(ascending, host, 22, Outcome.CONVERSATION, PortState.OPEN, 10, 64);
      tried(descending, 6 - host, 22, Outcome.CONVERSATION, PortState.OPEN, 10, 64);
    }
    int[] a = ascending.rowsByTime();
    int[] d = descending.rowsByTime();
    for (int i = 0; i < a.length; i++) {
      assertThat(descending.dstLo(d[i])).isEqualTo(ascending.dstLo(a[i])).isEqualTo(i + 1);
    }
  }
}

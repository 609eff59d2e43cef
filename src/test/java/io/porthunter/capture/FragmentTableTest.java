package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reassembly table's bounds: what a hostile capture of fragments can make it hold. */
class FragmentTableTest {
  private static final byte[] DATA = new byte[64];
  private final FragmentTable table = new FragmentTable();

  private static Packet from(long srcLo, long tsNanos) {
    Packet p = new Packet();
    p.clearDecoded();
    p.ipVersion = 4;
    p.srcLo = Packet.IPV4_MAPPED_MARK | srcLo;
    p.dstLo = Packet.IPV4_MAPPED_MARK | 9;
    p.tsNanos = tsNanos;
    return p;
  }

  @Test
  void aDatagramInTooManyPiecesIsGivenUp() {
    Packet p = from(1, 0);
    int n = FragmentTable.MAX_PIECES + 1;
    for (int k = 0; k < n; k++) { // [8, 16), [24, 32), ...: no two touch, one piece too many
      assertThat(table.add(p, 7, 17, 16 * k + 8, true, DATA, 0, 8, 8)).isEqualTo(-1);
    }
    // the gaps and the end would make it whole had its pieces been kept; they were given up
    for (int k = 0; k < n; k++) {
      assertThat(table.add(p, 7, 17, 16 * k, true, DATA, 0, 8, 8)).isEqualTo(-1);
    }
    assertThat(table.add(p, 7, 17, 16 * n, false, DATA, 0, 8, 8)).isEqualTo(-1);
    assertThat(table.givenUp()).as("once when its pieces overflowed, once more when the gaps did").isEqualTo(2);
  }

  @Test
  void piecesThatTouchMergeIntoAWholeDatagram() {
    Packet p = from(1, 0);
    for (int k = 0; k < 2 * FragmentTable.MAX_PIECES; k++) { // in order: always one piece
      assertThat(table.add(p, 8, 17, 8 * k, true, DATA, 0, 8, 8)).isEqualTo(-1);
    }
    assertThat(table.add(p, 8, 17, 16 * FragmentTable.MAX_PIECES, false, DATA, 0, 8, 8))
        .isEqualTo(16 * FragmentTable.MAX_PIECES + 8);
    assertThat(table.givenUp()).isZero();
  }

  @Test
  void whenFullTheDatagramWaitingLongestMakesRoomForANewOne() {
    for (int id = 0; id < FragmentTable.MAX_DATAGRAMS; id++) { // first fragments that never complete
      table.add(from(1, 0), id, 17, 0, true, DATA, 0, 8, 8);
    }
    Packet probe = from(2, 1); // a moment later, a probe in two fragments
    assertThat(table.add(probe, 1, 17, 0, true, DATA, 0, 8, 8)).isEqualTo(-1);
    assertThat(table.add(probe, 1, 17, 8, false, DATA, 0, 8, 8)).as("taken in, though the table was full").isEqualTo(16);
    assertThat(table.headCaptured()).isEqualTo(16);
    Packet first = from(1, 2);
    assertThat(table.add(first, 0, 17, 8, false, DATA, 0, 8, 8)).as("the longest waiting was given up").isEqualTo(-1);
    assertThat(table.add(first, FragmentTable.MAX_DATAGRAMS - 1, 17, 8, false, DATA, 0, 8, 8))
        .as("the newest still waits").isEqualTo(16);
    // the probe's first fragment pushed out datagram 0; the probe, whole, left room for datagram 0's tail
    assertThat(table.givenUp()).isEqualTo(1);
  }

  @Test
  void datagramsWaitingPastTheTimeLimitAreDroppedNotGivenUp() {
    for (int id = 0; id < FragmentTable.MAX_DATAGRAMS; id++) { // fragments lost on the way: never whole
      table.add(from(1, 0), id, 17, 0, true, DATA, 0, 8, 8);
    }
    Packet later = from(2, FragmentTable.MAX_WAIT_NANOS + 1);
    for (int id = 0; id < FragmentTable.MAX_DATAGRAMS; id++) {
      table.add(later, id, 17, 0, true, DATA, 0, 8, 8);
    }
    assertThat(table.givenUp()).as("the stale ones made room").isZero();
    assertThat(table.add(later, 0, 17, 8, false, DATA, 0, 8, 8)).as("the new ones wait").isEqualTo(16);
    assertThat(table.add(from(1, FragmentTable.MAX_WAIT_NANOS + 2), 0, 17, 8, false, DATA, 0, 8, 8))
        .as("dropped: its tail starts a datagram of its own").isEqualTo(-1);
    assertThat(table.givenUp()).isZero();
  }

  @Test
  void fragmentsSeenTwiceGiveUpNothing() {
    // a capture on every interface of a router: each fragment in, then out; the second copy of a
    // datagram's last fragment comes when it is whole, and waits for a head that came before
    int datagrams = FragmentTable.MAX_DATAGRAMS + 1000;
    int whole = 0;
    for (int id = 0; id < datagrams; id++) {
      Packet p = from(3, id * 1_000_000L);
      for (int copy = 0; copy < 2; copy++) {
        table.add(p, id, 17, 0, true, DATA, 0, 8, 8);
      }
      for (int copy = 0; copy < 2; copy++) {
        whole += table.add(p, id, 17, 8, false, DATA, 0, 8, 8) == 16 ? 1 : 0;
      }
    }
    assertThat(whole).isEqualTo(datagrams);
    assertThat(table.givenUp()).isZero();
  }

  @Test
  void overlappingFragmentsMergeAndTheFirstBytesStand() {
    // as tshark shows them: a second copy of the flags in an overlapping fragment changes nothing
    Packet p = from(3, 0);
    byte[] a = new byte[16];
    byte[] b = new byte[16];
    java.util.Arrays.fill(a, (byte) 1);
    java.util.Arrays.fill(b, (byte) 2);
    assertThat(table.add(p, 5, 6, 0, true, a, 0, 16, 16)).isEqualTo(-1);
    assertThat(table.add(p, 5, 6, 8, false, b, 0, 16, 16)).isEqualTo(24);
    assertThat(table.head()[15]).isEqualTo((byte) 1);
    assertThat(table.head()[16]).isEqualTo((byte) 2);
    assertThat(table.headCaptured()).isEqualTo(24);
  }
}

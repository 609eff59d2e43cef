package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.porthunter.capture.Packet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A DHCP server's replies kept as runs answer the address-check windows as the replies themselves would. */
class SourceStateOffersTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long GAP = SourceState.OFFER_RUN_GAP_NANOS;
  /** The narrowest window the excuses ask about: an answered check's, up to its first ping. */
  private static final long WINDOW = Excuses.ADDRESS_CHECK_NANOS;

  /** One reply: its address (IPv4-mapped) and time. */
  private record Reply(long lo, long ts) {}

  @Test
  void anOfferAndItsAcknowledgementMakeOneRun() {
    SourceState server = new SourceState(0, Packet.IPV4_MAPPED_MARK | 0x0a000001L);
    long lease = Packet.IPV4_MAPPED_MARK | 0x0a000014L;
    assertThat(server.joinedOffers(lease, 0)).as("nothing to join yet").isFalse();
    server.offered(lease, 0);
    assertThat(server.joinedOffers(lease, GAP)).as("the acknowledgement, at the gap's edge").isTrue();
    assertThat(server.joinedOffers(lease, 3 * GAP)).as("a renewal much later").isFalse();
    assertThat(server.joinedOffers(lease + 1, GAP)).as("another address").isFalse();
  }

  @Test
  void runsAnswerEveryWindowAtLeastAGapWideAsTheRepliesWould() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      SourceState server = new SourceState(0, Packet.IPV4_MAPPED_MARK | 0x0a000001L);
      List<Reply> replies = new ArrayList<>();
      long ts = 0;
      for (int i = 0; i < 60; i++) {
        ts += random.nextLong(0, 3 * WINDOW); // some within a window of the last, some not
        long at = ts - random.nextLong(0, WINDOW); // and records a little out of time order
        long lo = Packet.IPV4_MAPPED_MARK | (0x0a000010L + random.nextInt(3));
        replies.add(new Reply(lo, at));
        if (!server.joinedOffers(lo, at)) {
          server.offered(lo, at);
        }
      }
      SourceState merged = new SourceState(0, server.lo); // as workers' shares merge
      merged.merge(server);
      for (int q = 0; q < 200; q++) {
        long lo = Packet.IPV4_MAPPED_MARK | (0x0a000010L + random.nextInt(3));
        long from = random.nextLong(-WINDOW, ts + WINDOW);
        long to = from + WINDOW + random.nextLong(0, 2 * WINDOW);
        boolean expected = replies.stream().anyMatch(r -> r.lo() == lo && r.ts() >= from && r.ts() <= to);
        assertThat(server.offeredBetween(0, lo, from, to)).as("round %d window %d..%d", round, from, to)
            .isEqualTo(expected);
        assertThat(merged.offeredBetween(0, lo, from, to)).isEqualTo(expected);
      }
    }
  }

  @Test
  void aReplyBehindTheLatestRunsLookedAtStartsARunOfItsOwn() {
    SourceState server = new SourceState(0, Packet.IPV4_MAPPED_MARK | 0x0a000001L);
    long first = Packet.IPV4_MAPPED_MARK | 0x0a000100L;
    server.offered(first, 0);
    for (int i = 1; i <= 16; i++) { // a busy server: sixteen other leases in between
      server.offered(first + i, i);
    }
    assertThat(server.joinedOffers(first, 17)).isFalse();
    server.offered(first, 3 * SECOND);
    assertThat(server.offeredBetween(0, first, 2 * SECOND, 2 * SECOND + GAP)).isTrue();
    assertThat(server.offeredBetween(0, first, -GAP, 0)).isTrue();
  }
}

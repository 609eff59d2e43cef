package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  private static final long FIRST = Packet.IPV4_MAPPED_MARK | 0x0a000100L;

  /** One reply: its address (IPv4-mapped) and time. */
  private record Reply(long lo, long ts) {}

  @Test
  void anOfferAndItsAcknowledgementMakeOneRun() {
    SourceState server = new SourceState(0, Packet.IPV4_MAPPED_MARK | 0x0a000001L);
    long lease = Packet.IPV4_MAPPED_MARK | 0x0a000014L;
    assertThat(server.joinOfferRun(lease, 0)).as("nothing to join yet").isFalse();
    server.offered(lease, 0);
    assertThat(server.joinOfferRun(lease, GAP)).as("the acknowledgement, at the gap's edge").isTrue();
    assertThat(server.joinOfferRun(lease, 3 * GAP)).as("a renewal much later").isFalse();
    assertThat(server.joinOfferRun(lease + 1, GAP)).as("another address").isFalse();
  }

  @Test
  void aReplyJoinsARunUpToTheGapOnEitherSideAndNoFurther() {
    SourceState server = new SourceState(0, Packet.IPV4_MAPPED_MARK | 0x0a000001L);
    long lease = Packet.IPV4_MAPPED_MARK | 0x0a000014L;
    long at = 100 * SECOND;
    server.offered(lease, at);
    assertThat(server.joinOfferRun(lease, at - GAP - 1)).isFalse();
    assertThat(server.joinOfferRun(lease, at + GAP + 1)).isFalse();
    assertThat(server.joinOfferRun(lease, at - GAP)).as("a record out of time order").isTrue();
    assertThat(server.joinOfferRun(lease, at + GAP)).isTrue();
    assertThat(server.offeredBetween(0, lease, at - 2 * GAP, at - GAP)).as("the run now starts a gap before").isTrue();
    assertThat(server.offeredBetween(0, lease, at + GAP, at + 2 * GAP)).isTrue();
    assertThatThrownBy(() -> server.offeredBetween(0, lease, at, at + GAP - 1))
        .as("a narrower window, which runs cannot answer exactly").isInstanceOf(AssertionError.class);
  }

  @Test
  void runsAnswerEveryWindowAtLeastAGapWideAsTheRepliesWould() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      SourceState server = new SourceState(0, Packet.IPV4_MAPPED_MARK | 0x0a000001L);
      List<Reply> replies = new ArrayList<>();
      long ts = 0;
      for (int i = 0; i < 60; i++) {
        // some within a window of the last, some exactly a window or a nanosecond or two more, some not;
        // and records a little out of time order
        long step = switch (random.nextInt(5)) {
          case 0 -> WINDOW;
          case 1 -> WINDOW + 1;
          case 2 -> WINDOW + 2;
          default -> random.nextLong(0, 3 * WINDOW);
        };
        ts += step;
        long at = random.nextInt(4) == 0 ? ts - random.nextLong(0, WINDOW) : ts;
        long lo = Packet.IPV4_MAPPED_MARK | (0x0a000010L + random.nextInt(3));
        replies.add(new Reply(lo, at));
        if (!server.joinOfferRun(lo, at)) {
          server.offered(lo, at);
        }
      }
      SourceState merged = new SourceState(0, server.lo); // as workers' shares merge
      merged.merge(server);
      for (int q = 0; q < 400; q++) {
        long lo = Packet.IPV4_MAPPED_MARK | (0x0a000010L + random.nextInt(3));
        long anchor = replies.get(random.nextInt(replies.size())).ts() + random.nextLong(-1, 2);
        long from = switch (random.nextInt(3)) { // windows starting or ending at a reply, or anywhere
          case 0 -> anchor;
          case 1 -> anchor - WINDOW;
          default -> random.nextLong(-WINDOW, ts + WINDOW);
        };
        long to = from + (random.nextBoolean() ? WINDOW : WINDOW + random.nextLong(0, 2 * WINDOW));
        boolean expected = replies.stream().anyMatch(r -> r.lo() == lo && r.ts() >= from && r.ts() <= to);
        assertThat(server.offeredBetween(0, lo, from, to)).as("round %d window %d..%d", round, from, to)
            .isEqualTo(expected);
        assertThat(merged.offeredBetween(0, lo, from, to)).isEqualTo(expected);
      }
    }
  }

  @Test
  void aReplyJoinsARunFifteenOthersBehind() {
    SourceState server = serverWithLeasesAfter(FIRST, 15); // a busy server: fifteen other leases in between
    assertThat(server.joinOfferRun(FIRST, 16)).isTrue();
  }

  @Test
  void aReplyBehindTheLatestRunsLookedAtStartsARunOfItsOwn() {
    SourceState server = serverWithLeasesAfter(FIRST, 16);
    assertThat(server.joinOfferRun(FIRST, 17)).isFalse();
    server.offered(FIRST, 3 * SECOND);
    assertThat(server.offeredBetween(0, FIRST, 2 * SECOND, 2 * SECOND + GAP)).isTrue();
    assertThat(server.offeredBetween(0, FIRST, -GAP, 0)).isTrue();
  }

  /** A server that offered {@code lease} at 0, then {@code others} other addresses, one a nanosecond. */
  private static SourceState serverWithLeasesAfter(long lease, int others) {
    SourceState server = new SourceState(0, Packet.IPV4_MAPPED_MARK | 0x0a000001L);
    server.offered(lease, 0);
    for (int i = 1; i <= others; i++) {
      server.offered(lease + i, i);
    }
    return server;
  }
}

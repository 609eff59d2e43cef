package io.porthunter.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tables' hashes are keyed: addresses chosen so that an unkeyed multiply-and-XOR hash gives them
 * all one value (how a crafted capture piles thousands of IPv6 sources into one slot) spread over the
 * slots like any others.
 */
class KeyedHashTest {
  private static final long C1 = 0x9E3779B97F4A7C15L;
  private static final long C2 = 0xC2B2AE3D27D4EB4FL;
  private static final int N = 1 << 14;
  private static final int SLOTS = 1 << 16;

  /** (hi * C2) ^ lo is the same for every address: an unkeyed hash of that form puts all in one slot. */
  private static long crafted(long hi) {
    return 0x0123456789ABCDEFL ^ (hi * C2);
  }

  @Test
  void addressesCraftedToCollideSpreadOverTheSlots() {
    Set<Integer> addressSlots = new HashSet<>();
    Set<Integer> endpointSlots = new HashSet<>();
    Set<Integer> contactSlots = new HashSet<>();
    Set<Long> unkeyed = new HashSet<>();
    for (long i = 1; i <= N; i++) {
      long hi = 0x20010DB800000000L + i;
      long lo = crafted(hi);
      unkeyed.add((hi * C2) ^ lo);
      addressSlots.add((int) KeyedHash.address(hi, lo) & (SLOTS - 1));
      endpointSlots.add((int) KeyedHash.endpoint(hi, lo, 40000) & (SLOTS - 1));
      contactSlots.add((int) KeyedHash.target(hi, lo, (6 << 16) | 80) & (SLOTS - 1));
    }
    assertThat(unkeyed).hasSize(1);
    // N random keys in 4N slots fill about N(1 - N/8N) distinct ones: well over 80% of N
    for (Set<Integer> slots : List.of(addressSlots, endpointSlots, contactSlots)) {
      assertThat(slots.size()).isGreaterThan(N * 8 / 10);
    }
  }

  @Test
  void aPortChangeCannotBeCancelledByTheAddress() {
    // with lo ^ port in an unkeyed hash, lo = base ^ port gives every port of a source one slot
    Set<Integer> slots = new HashSet<>();
    for (int port = 0; port < N; port++) {
      slots.add((int) KeyedHash.endpoint(0, 0xFFFF_0A00_0001L ^ port, port) & (SLOTS - 1));
    }
    assertThat(slots.size()).isGreaterThan(N * 8 / 10);
  }
}

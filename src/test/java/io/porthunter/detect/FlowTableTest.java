package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The primitive-keyed tables agree with java.util.HashMap under random inserts and removals. */
class FlowTableTest {
  @Test
  void flowTableMatchesAReferenceMapUnderChurn() {
    FlowTable table = new FlowTable();
    Map<List<Long>, Flow> reference = new HashMap<>();
    Random rnd = new Random(42);
    for (int i = 0; i < 200_000; i++) {
      long a = rnd.nextInt(50);
      long b = rnd.nextInt(50);
      int port = rnd.nextInt(40);
      List<Long> key = List.of(a, b, (long) port);
      Flow f = table.get(0, a, 0, b, port, 80, 6);
      assertThat(f).isSameAs(reference.get(key));
      if (f == null) {
        Flow n = new Flow(0, a, 0, b, port, 80, 6, Flow.hash(0, a, 0, b, port, 80, 6));
        table.add(n);
        reference.put(key, n);
      } else if (rnd.nextBoolean()) {
        table.remove(f);
        reference.remove(key);
      }
      if (i % 50_000 == 0) {
        table.removeIf(x -> x.aLo % 3 == 0);
        reference.values().removeIf(x -> x.aLo % 3 == 0);
      }
      assertThat(table.size()).isEqualTo(reference.size());
    }
    for (Map.Entry<List<Long>, Flow> e : reference.entrySet()) {
      List<Long> k = e.getKey();
      assertThat(table.get(0, k.get(0), 0, k.get(1), k.get(2).intValue(), 80, 6)).isSameAs(e.getValue());
    }
  }

  @Test
  void whatABurstLeavesIsStillFoundOnceTheTableHasShrunk() {
    // the periodic sweep walks every slot, so the table shrinks once a burst has gone
    FlowTable table = new FlowTable();
    addFlowsFrom(table, 0, 100_000);

    table.removeIf(f -> f.aLo >= 10);

    assertThat(table.size()).isEqualTo(10);
    for (long a = 0; a < 10; a++) {
      assertThat(table.get(0, 1, 0, a, 80, 40000, 6)).isNotNull(); // found from the other side too
    }
    assertThat(table.get(0, 10, 0, 1, 40000, 80, 6)).isNull();
  }

  @Test
  void aTableShrinksOnceABurstHasGoneAndStillTakesNewFlows() {
    // a table left at the burst's size would make every periodic sweep walk the burst's slots again
    FlowTable table = new FlowTable();
    addFlowsFrom(table, 0, 100_000);
    int burstCapacity = table.capacity();

    table.removeIf(f -> f.aLo >= 1_000);

    assertThat(table.capacity()).isLessThan(burstCapacity)
        .isBetween(2 * table.size(), 8 * table.size()); // at most half full, at least an eighth
    addFlowsFrom(table, 100_000, 102_000); // makes it grow again from its shrunk size
    assertThat(table.size()).isEqualTo(3_000);
    assertThat(table.capacity()).isGreaterThanOrEqualTo(2 * table.size());
    LongStream.concat(LongStream.range(0, 1_000), LongStream.range(100_000, 102_000)).forEach(a ->
        assertThat(table.get(0, a, 0, 1, 40000, 80, 6)).extracting(f -> f.aLo).isEqualTo(a));
    assertThat(table.get(0, 1_000, 0, 1, 40000, 80, 6)).isNull();
  }

  /** Adds a TCP flow from address a, port 40000, to address 1, port 80, for each a in [from, to). */
  private static void addFlowsFrom(FlowTable table, long from, long to) {
    for (long a = from; a < to; a++) {
      table.add(new Flow(0, a, 0, 1, 40000, 80, 6, Flow.hash(0, a, 0, 1, 40000, 80, 6)));
    }
  }

  @Test
  void addressesCraftedToShareOneUnkeyedSlotSpreadOverTheTables() {
    // (hi * C) ^ lo the same for all: what a multiply-and-XOR hash without a key puts in one slot
    Set<Integer> flowSlots = new HashSet<>();
    Set<Integer> sourceSlots = new HashSet<>();
    int n = 1 << 14;
    for (long i = 1; i <= n; i++) {
      long hi = 0x20010DB800000000L + i;
      long lo = 0x0123456789ABCDEFL ^ (hi * 0xC2B2AE3D27D4EB4FL);
      flowSlots.add(Flow.hash(hi, lo, 0x20010DB8FFFF0000L, 1, 40000, 80, 6) & 0xFFFF);
      sourceSlots.add(AddressMap.hash(hi, lo) & 0xFFFF);
    }
    assertThat(flowSlots.size()).isGreaterThan(n * 8 / 10);
    assertThat(sourceSlots.size()).isGreaterThan(n * 8 / 10);
  }

  @Test
  void addressMapMatchesAReferenceMapUnderChurn() {
    AddressMap<Long> map = new AddressMap<>();
    Map<Long, Long> reference = new HashMap<>();
    Random rnd = new Random(7);
    for (int round = 0; round < 20; round++) {
      for (int i = 0; i < 5000; i++) {
        long lo = rnd.nextInt(20_000);
        if (map.get(1, lo) == null) {
          map.add(1, lo, lo * 3);
          reference.put(lo, lo * 3);
        }
      }
      long m = round + 2;
      int removed = map.removeIf(v -> v % m == 0);
      int before = reference.size();
      reference.values().removeIf(v -> v % m == 0);
      assertThat(removed).isEqualTo(before - reference.size());
      assertThat(map.size()).isEqualTo(reference.size());
    }
    List<Long> values = new ArrayList<>(map.values());
    assertThat(values).containsExactlyInAnyOrderElementsOf(reference.values());
    reference.forEach((k, v) -> assertThat(map.get(1, k)).isEqualTo(v));
  }
}

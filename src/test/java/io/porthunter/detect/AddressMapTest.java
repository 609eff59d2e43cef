package io.porthunter.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressMapTest {
  @Test
  void computeIfAbsentMakesAValueOnceAndKeepsIt() {
    AddressMap<int[]> counts = new AddressMap<>(Contacts.SCRATCH_HOSTS);
    int[] made = {0};
    for (int i = 0; i < 100; i++) {
      counts.computeIfAbsent(0, i % 10, () -> {
        made[0]++;
        return new int[1];
      })[0]++;
    }
    assertThat(made[0]).isEqualTo(10);
    assertThat(counts.size()).isEqualTo(10);
    assertThat(counts.get(0, 3)[0]).isEqualTo(10);
    assertThat(counts.get(1, 3)).isNull();
  }
}

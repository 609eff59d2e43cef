package io.porthunter.detect;

/**
 * The index arithmetic the open-addressing tables ({@link FlowTable}, {@link AddressMap}) share:
 * linear probing over a power-of-two array, with back-shift deletion instead of tombstones.
 */
final class LinearProbing {
  private LinearProbing() {}

  /**
   * True when the entry at {@code slot}, whose home slot is {@code home}, may move back into the
   * {@code hole}: its home is not cyclically in (hole, slot], so the hole lies on its probe path.
   */
  static boolean fillsHole(int hole, int slot, int home) {
    return hole <= slot ? (home <= hole || home > slot) : (home <= hole && home > slot);
  }

  /**
   * A free slot of a table that has one (tables are kept at most three-quarters full): a scan that
   * starts just after it sees every cluster whole, so removals that shift entries back never move
   * one past the scan's start.
   */
  static int freeSlot(Object[] slots) {
    int mask = slots.length - 1;
    int start = 0;
    while (slots[start] != null) {
      start = (start + 1) & mask;
    }
    return start;
  }
}

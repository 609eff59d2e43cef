package io.porthunter.detect;

import io.porthunter.capture.Packet;

/**
 * A count per address (packets it sent, or probes it received), kept compactly for "was this address
 * seen?" questions.
 */
public final class AddressCounts {
  private final AddressMap<long[]> counts;

  /** Each count held as a {@code long[1]}. */
  AddressCounts(AddressMap<long[]> counts) {
    this.counts = counts;
  }

  /** The address's count (16 bytes, or 4 for IPv4), 0 when it has none. */
  public long count(byte[] address) {
    long hi;
    long lo;
    if (address.length == 4) {
      hi = 0;
      lo = Packet.IPV4_MAPPED_MARK | (Integer.toUnsignedLong(
          ((address[0] & 0xFF) << 24) | ((address[1] & 0xFF) << 16) | ((address[2] & 0xFF) << 8) | (address[3] & 0xFF)));
    } else {
      hi = toLong(address, 0);
      lo = toLong(address, 8);
    }
    long[] n = counts.get(hi, lo);
    return n == null ? 0 : n[0];
  }

  public int size() {
    return counts.size();
  }

  private static long toLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }
}
